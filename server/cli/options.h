// A small command-line parser: "--name value", "--name=value" and boolean
// "--flag", with each option also settable as an environment variable
// (LOPHOC_NAME). Explicit flags win over the environment.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "kernel/status.h"

namespace lophoc::cli {

struct OptionSpec {
  std::string name;         // "port"
  std::string env;          // "LOPHOC_PORT", or empty
  std::string default_value;
  std::string help;
  bool is_flag = false;     // takes no value
};

struct ParsedArgs {
  std::map<std::string, std::string> values;  // every option: given, env or default
  std::vector<std::string> positional;
  bool help = false;

  const std::string& Get(const std::string& name) const { return values.at(name); }
  bool Flag(const std::string& name) const { return values.at(name) == "true"; }
};

// InvalidArgument for an unknown option or a missing value.
Result<ParsedArgs> ParseArgs(const std::vector<std::string>& args,
                             const std::vector<OptionSpec>& specs);

// "  --port N    ... (env LOPHOC_PORT, default 8080)" lines.
std::string OptionsHelp(const std::vector<OptionSpec>& specs);

}  // namespace lophoc::cli
