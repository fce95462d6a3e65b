#include "server/cli/options.h"

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include "kernel/text.h"

namespace lophoc::cli {
namespace {

constexpr size_t kMaxConfigBytes = 1024 * 1024;

std::string Trim(const std::string& s) {
  const size_t b = s.find_first_not_of(" \t\r");
  if (b == std::string::npos) return "";
  const size_t e = s.find_last_not_of(" \t\r");
  return s.substr(b, e - b + 1);
}

const OptionSpec* FindSpec(const std::vector<OptionSpec>& specs, const std::string& name) {
  for (const auto& s : specs) {
    if (s.name == name) return &s;
  }
  return nullptr;
}

// Levenshtein distance, for "did you mean" on a mistyped key.
size_t Distance(const std::string& a, const std::string& b) {
  std::vector<size_t> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    size_t diagonal = row[0];
    row[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      const size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

std::string Suggestion(const std::string& key, const std::vector<OptionSpec>& specs) {
  const OptionSpec* best = nullptr;
  size_t best_distance = 3;  // suggest only close names
  for (const auto& s : specs) {
    const size_t d = Distance(key, s.name);
    if (d < best_distance) {
      best = &s;
      best_distance = d;
    }
  }
  return best == nullptr ? "" : " (did you mean '" + best->name + "'?)";
}

// "true"/"false" for the spellings of a yes or no; nullopt for anything else.
std::optional<std::string> FlagValue(const std::string& v) {
  if (v == "true" || v == "yes" || v == "on" || v == "1") return "true";
  if (v == "false" || v == "no" || v == "off" || v == "0") return "false";
  return std::nullopt;
}

// Sets the options the file holds and nothing set them more strongly (env or
// flag: ParseArgs reads the file first, so everything set is the default).
Status ApplyConfigFile(ParsedArgs& out, const std::string& path,
                       const std::vector<OptionSpec>& specs,
                       const std::set<std::string>& known_elsewhere) {
  auto entries = ReadConfigFile(path);
  if (!entries.ok()) return entries.status();
  for (const auto& e : *entries) {
    const std::string where = path + ":" + std::to_string(e.line);
    if (e.key == "config") {
      return Status::InvalidArgument(where + ": a configuration file cannot name another one");
    }
    const OptionSpec* spec = FindSpec(specs, e.key);
    if (spec == nullptr) {
      if (known_elsewhere.count(e.key) > 0) continue;
      return Status::InvalidArgument(where + ": unknown key '" + e.key + "'" +
                                     Suggestion(e.key, specs));
    }
    if (spec->env.empty()) {
      // Actions (--dry-run, --force, --role...) belong to one run, not to a
      // file every run reads.
      return Status::InvalidArgument(where + ": '" + e.key +
                                     "' is given on the command line only, not in a file");
    }
    out.values[e.key] = e.value;
    out.origins[e.key] = where;
  }
  return Status::Ok();
}

}  // namespace

std::string ParsedArgs::Origin(const std::string& name) const {
  auto it = origins.find(name);
  return it == origins.end() ? "the default" : it->second;
}

std::string ParsedArgs::Describe(const std::string& name) const {
  return name + " = '" + Get(name) + "' (from " + Origin(name) + ")";
}

OptionSpec ConfigOption() {
  return {"config", "LOPHOC_CONFIG", "",
          "configuration file of `key = value` lines (keys: these options' names; "
          "flags and environment variables win over it)"};
}

Result<std::vector<ConfigEntry>> ReadConfigFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::IOError("cannot read the configuration file " + path);
  std::ostringstream whole;
  whole << in.rdbuf();
  const std::string text = whole.str();
  if (text.size() > kMaxConfigBytes) {
    return Status::InvalidArgument(path + ": larger than 1 MiB; is this a configuration file?");
  }
  std::vector<ConfigEntry> out;
  std::map<std::string, int> seen;
  std::istringstream lines(text);
  std::string raw;
  int number = 0;
  while (std::getline(lines, raw)) {
    ++number;
    const std::string where = path + ":" + std::to_string(number);
    if (!IsValidUtf8(raw)) return Status::InvalidArgument(where + ": not valid UTF-8");
    const std::string line = Trim(raw);
    if (line.empty() || line[0] == '#') continue;
    const size_t eq = line.find('=');
    if (eq == std::string::npos) {
      return Status::InvalidArgument(where + ": expected 'key = value', got '" + line + "'");
    }
    ConfigEntry e;
    e.key = Trim(line.substr(0, eq));
    e.value = Trim(line.substr(eq + 1));
    e.line = number;
    if (e.key.empty()) return Status::InvalidArgument(where + ": a value without a key");
    if (!e.value.empty() && e.value[0] == '"') {
      if (e.value.size() < 2 || e.value.back() != '"') {
        return Status::InvalidArgument(where + ": the value of '" + e.key +
                                       "' opens a double quote it does not close");
      }
      e.value = e.value.substr(1, e.value.size() - 2);
    }
    if (auto [it, fresh] = seen.emplace(e.key, number); !fresh) {
      return Status::InvalidArgument(where + ": '" + e.key + "' is already set on line " +
                                     std::to_string(it->second));
    }
    out.push_back(std::move(e));
  }
  return out;
}

Result<ParsedArgs> ParseArgs(const std::vector<std::string>& args,
                             const std::vector<OptionSpec>& specs,
                             const std::set<std::string>& known_elsewhere) {
  ParsedArgs out;
  for (const auto& s : specs) out.values[s.name] = s.default_value;
  std::map<std::string, std::string> flags;  // in order of strength: applied last
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
    const OptionSpec* spec = FindSpec(specs, name);
    if (spec == nullptr) {
      return Status::InvalidArgument("unknown option --" + name + Suggestion(name, specs));
    }
    if (spec->is_flag) {
      flags[name] = value.value_or("true");
      continue;
    }
    if (!value) {
      if (i + 1 >= args.size()) return Status::InvalidArgument("--" + name + " needs a value");
      value = args[++i];
    }
    flags[name] = *value;
  }
  // The file first: the environment and the flags then override it.
  if (FindSpec(specs, "config") != nullptr) {
    std::string path = flags.count("config") ? flags["config"] : "";
    if (path.empty()) {
      const char* env = std::getenv("LOPHOC_CONFIG");
      path = env != nullptr ? env : "";
    }
    if (!path.empty()) {
      Status s = ApplyConfigFile(out, path, specs, known_elsewhere);
      if (!s.ok()) return s;
    }
  }
  for (const auto& s : specs) {
    const char* env = s.env.empty() ? nullptr : std::getenv(s.env.c_str());
    if (env == nullptr) continue;
    out.values[s.name] = env;
    out.origins[s.name] = s.env;
  }
  for (const auto& [name, value] : flags) {
    out.values[name] = value;
    out.origins[name] = "--" + name;
  }
  for (const auto& s : specs) {
    if (!s.is_flag || out.values[s.name].empty()) continue;
    auto v = FlagValue(out.values[s.name]);
    if (!v) {
      return Status::InvalidArgument(out.Describe(s.name) +
                                     ": must be true or false (also yes/no, on/off, 1/0)");
    }
    out.values[s.name] = *v;
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
    if (!s.default_value.empty())
      extra += (extra.empty() ? "" : ", ") + std::string("default ") + s.default_value;
    if (!extra.empty()) out += " (" + extra + ")";
    out += "\n";
  }
  return out;
}

}  // namespace lophoc::cli
