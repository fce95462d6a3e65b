// A small command-line parser: "--name value", "--name=value" and boolean
// "--flag", with each option also settable as an environment variable
// (LOPHOC_NAME) and in a configuration file (--config FILE, LOPHOC_CONFIG).
// Precedence: a flag wins over the environment, which wins over the file,
// which wins over the default. Every value remembers where it came from, so
// that a bad one is reported with its flag, variable or file and line.
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "kernel/status.h"

namespace lophoc::cli {

struct OptionSpec {
  std::string name;  // "port"
  std::string env;   // "LOPHOC_PORT", or empty
  std::string default_value;
  std::string help;
  bool is_flag = false;  // takes no value; "true" or "false"
};

struct ParsedArgs {
  std::map<std::string, std::string> values;  // every option: given, env, file or default
  std::map<std::string, std::string>
      origins;  // "--port", "LOPHOC_PORT", "FILE:LINE"; absent: default
  std::vector<std::string> positional;
  bool help = false;

  const std::string& Get(const std::string& name) const { return values.at(name); }
  bool Flag(const std::string& name) const { return values.at(name) == "true"; }
  // Where `name`'s value came from, for messages: "--port", "LOPHOC_PORT",
  // "/etc/lophoc/lophoc.conf:12", or "the default".
  std::string Origin(const std::string& name) const;
  // "port = 'abc' (from /etc/lophoc/lophoc.conf:12)": a value and its origin.
  std::string Describe(const std::string& name) const;
};

// The option every command takes: a configuration file to read options from.
OptionSpec ConfigOption();

// Parses `args` against `specs`: defaults, then the configuration file named
// by --config or LOPHOC_CONFIG (when `specs` has the config option), then the
// environment, then the flags. Only settings (options with an environment
// variable) may be in the file; it may also hold keys listed in
// `known_elsewhere` (other commands' settings: one file serves every
// command), which are skipped. InvalidArgument, naming the flag, variable or FILE:LINE,
// for: an unknown option or key, a missing value, a flag that is not
// true/false, a file that cannot be read or holds a malformed line, a key
// given twice.
Result<ParsedArgs> ParseArgs(const std::vector<std::string>& args,
                             const std::vector<OptionSpec>& specs,
                             const std::set<std::string>& known_elsewhere = {});

// One `key = value` line of a configuration file.
struct ConfigEntry {
  std::string key;
  std::string value;
  int line = 0;
};

// Reads a configuration file: UTF-8 text, one `key = value` per line, `#`
// starts a comment line, blank lines are skipped, a value may be wrapped in
// double quotes (kept verbatim inside; no escapes). InvalidArgument naming
// FILE:LINE for a line without `=`, an empty key, an unterminated quote,
// invalid UTF-8 or a key given twice; IOError when it cannot be read.
Result<std::vector<ConfigEntry>> ReadConfigFile(const std::string& path);

// "  --port N    ... (env LOPHOC_PORT, default 8080)" lines.
std::string OptionsHelp(const std::vector<OptionSpec>& specs);

}  // namespace lophoc::cli
