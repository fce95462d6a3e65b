#include "server/cli/options.h"

#include <cstdlib>

namespace lophoc::cli {

Result<ParsedArgs> ParseArgs(const std::vector<std::string>& args,
                             const std::vector<OptionSpec>& specs) {
  ParsedArgs out;
  for (const auto& s : specs) {
    const char* env = s.env.empty() ? nullptr : std::getenv(s.env.c_str());
    out.values[s.name] = env != nullptr ? env : s.default_value;
  }
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    if (a == "--help" || a == "-h") {
      out.help = true;
      continue;
    }
    if (a.rfind("--", 0) != 0 || a == "--") {
      out.positional.push_back(a);
      continue;
    }
    std::string name = a.substr(2);
    std::optional<std::string> value;
    if (const size_t eq = name.find('='); eq != std::string::npos) {
      value = name.substr(eq + 1);
      name = name.substr(0, eq);
    }
    const OptionSpec* spec = nullptr;
    for (const auto& s : specs) {
      if (s.name == name) spec = &s;
    }
    if (spec == nullptr) return Status::InvalidArgument("unknown option --" + name);
    if (spec->is_flag) {
      out.values[name] = value.value_or("true");
      continue;
    }
    if (!value) {
      if (i + 1 >= args.size()) return Status::InvalidArgument("--" + name + " needs a value");
      value = args[++i];
    }
    out.values[name] = *value;
  }
  return out;
}

std::string OptionsHelp(const std::vector<OptionSpec>& specs) {
  std::string out;
  for (const auto& s : specs) {
    std::string left = "  --" + s.name + (s.is_flag ? "" : " VALUE");
    if (left.size() < 22) left.resize(22, ' ');
    out += left + " " + s.help;
    std::string extra;
    if (!s.env.empty()) extra += "env " + s.env;
    if (!s.default_value.empty()) extra += (extra.empty() ? "" : ", ") + std::string("default ") + s.default_value;
    if (!extra.empty()) out += " (" + extra + ")";
    out += "\n";
  }
  return out;
}

}  // namespace lophoc::cli
