#include "kernel/front_matter.h"

#include <algorithm>
#include <charconv>

#include "kernel/text.h"

namespace lophoc {
namespace {

bool IsKeyChar(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_'; }

// Removes surrounding double quotes; `\"` and `\\` are the only escapes.
std::optional<std::string> Unquote(std::string_view v) {
  if (v.size() < 2 || v.front() != '"' || v.back() != '"') return std::nullopt;
  std::string out;
  for (size_t i = 1; i + 1 < v.size(); ++i) {
    if (v[i] == '\\' && i + 2 < v.size()) {
      ++i;
    } else if (v[i] == '"') {
      return std::nullopt;
    }
    out += v[i];
  }
  return out;
}

std::string ScalarValue(std::string_view raw, int line, FileDiagnostics& diags) {
  if (!raw.empty() && raw.front() == '"') {
    if (auto s = Unquote(raw)) return *s;
    diags.Error(line, Why("unbalanced double quote in value", "front_matter_quote"));
    return std::string(raw);
  }
  return std::string(raw);
}

std::vector<std::string> ListItems(std::string_view raw, int line, FileDiagnostics& diags) {
  std::vector<std::string> items;
  std::string_view inner = raw.substr(1, raw.size() - 2);
  if (Trim(inner).empty()) return items;
  size_t start = 0;
  bool in_quotes = false;
  for (size_t i = 0; i <= inner.size(); ++i) {
    if (i < inner.size() && inner[i] == '"') in_quotes = !in_quotes;
    if (i == inner.size() || (inner[i] == ',' && !in_quotes)) {
      std::string_view item = Trim(inner.substr(start, i - start));
      if (item.empty()) {
        diags.Error(line, Why("empty item in list", "front_matter_list_item_empty"));
      } else {
        items.push_back(ScalarValue(item, line, diags));
      }
      start = i + 1;
    }
  }
  if (in_quotes) diags.Error(line, Why("unbalanced double quote in list", "front_matter_quote"));
  return items;
}

bool NeedsQuotes(const std::string& v) {
  if (v.empty()) return false;
  return v.front() == ' ' || v.back() == ' ' || v.front() == '[' || v.front() == '"' ||
         v.front() == '#';
}

}  // namespace

const FrontMatterEntry* FrontMatter::Find(std::string_view key) const {
  for (const auto& e : entries) {
    if (e.key == key) return &e;
  }
  return nullptr;
}

std::optional<FrontMatter> ParseFrontMatter(std::string_view text, FileDiagnostics& diags) {
  const std::vector<std::string_view> lines = SplitLines(text);
  if (lines.empty() || Trim(lines[0]) != "---") {
    diags.Error(1, Why("file must start with front matter: a line '---', 'key: value' lines, '---'",
                       "front_matter_missing"));
    return std::nullopt;
  }
  FrontMatter fm;
  size_t close = 0;
  for (size_t i = 1; i < lines.size(); ++i) {
    if (Trim(lines[i]) == "---") {
      close = i;
      break;
    }
  }
  if (close == 0) {
    diags.Error(1, Why("front matter is not closed: add a line '---' after the last 'key: value'",
                       "front_matter_unclosed"));
    return std::nullopt;
  }
  for (size_t i = 1; i < close; ++i) {
    const int line = static_cast<int>(i) + 1;
    std::string_view l = Trim(lines[i]);
    if (l.empty() || l.front() == '#') continue;
    const size_t colon = l.find(':');
    if (colon == std::string_view::npos || colon == 0) {
      diags.Error(line, Why("expected 'key: value' in front matter", "front_matter_not_key_value"));
      continue;
    }
    std::string_view key = l.substr(0, colon);
    if (!std::all_of(key.begin(), key.end(), IsKeyChar)) {
      diags.Error(line, Why("invalid key '" + std::string(key) +
                                "': use lower-case letters, digits and '_'",
                            "front_matter_key_invalid")
                            .WithParam("key", std::string(key)));
      continue;
    }
    if (fm.Find(key) != nullptr) {
      diags.Error(line, Why("duplicate key '" + std::string(key) + "'", "front_matter_key_twice")
                            .WithParam("key", std::string(key)));
      continue;
    }
    FrontMatterEntry e;
    e.key = std::string(key);
    e.line = line;
    std::string_view raw = Trim(l.substr(colon + 1));
    if (!raw.empty() && raw.front() == '[') {
      if (raw.back() != ']') {
        diags.Error(line, Why("list must be written on one line as [a, b, c]",
                              "front_matter_list_one_line"));
        continue;
      }
      e.is_list = true;
      e.items = ListItems(raw, line, diags);
    } else {
      e.value = ScalarValue(raw, line, diags);
    }
    fm.entries.push_back(std::move(e));
  }
  size_t body_offset = 0;
  for (size_t i = 0; i <= close; ++i) body_offset += lines[i].size() + 1;
  fm.body = body_offset < text.size() ? std::string(text.substr(body_offset)) : std::string();
  fm.body_first_line = static_cast<int>(close) + 2;
  return fm;
}

bool CheckFrontMatterKeys(const FrontMatter& fm, const std::vector<FrontMatterKey>& schema,
                          FileDiagnostics& diags) {
  bool ok = true;
  for (const auto& e : fm.entries) {
    auto it = std::find_if(schema.begin(), schema.end(),
                           [&](const FrontMatterKey& k) { return k.name == e.key; });
    if (it == schema.end()) {
      diags.Error(e.line, Why("unknown key '" + e.key + "'", "front_matter_key_unknown")
                              .WithParam("key", e.key));
      ok = false;
    } else if (it->is_list != e.is_list) {
      diags.Error(e.line, it->is_list ? Why("'" + e.key + "' must be a list like [a, b]",
                                            "front_matter_list_expected")
                                            .WithParam("key", e.key)
                                      : Why("'" + e.key + "' must be a single value, not a list",
                                            "front_matter_single_expected")
                                            .WithParam("key", e.key));
      ok = false;
    } else if (!e.is_list && Trim(e.value).empty() && it->required) {
      diags.Error(e.line, Why("'" + e.key + "' must not be empty", "front_matter_value_empty")
                              .WithParam("key", e.key));
      ok = false;
    }
  }
  for (const auto& k : schema) {
    if (k.required && fm.Find(k.name) == nullptr) {
      diags.Error(1, Why("missing required key '" + std::string(k.name) + "' in front matter",
                         "front_matter_key_missing")
                         .WithParam("key", std::string(k.name)));
      ok = false;
    }
  }
  return ok;
}

std::optional<long> FrontMatterInt(const FrontMatter& fm, std::string_view key, long min,
                                   long max, FileDiagnostics& diags) {
  const FrontMatterEntry* e = fm.Find(key);
  if (e == nullptr || e->is_list) return std::nullopt;
  long v = 0;
  const char* first = e->value.data();
  const char* last = first + e->value.size();
  auto [ptr, ec] = std::from_chars(first, last, v);
  if (ec != std::errc() || ptr != last || v < min || v > max) {
    diags.Error(e->line, Why("'" + e->key + "' must be a whole number from " +
                                 std::to_string(min) + " to " + std::to_string(max),
                             "front_matter_number")
                             .WithParam("key", e->key)
                             .WithParam("min", static_cast<int64_t>(min))
                             .WithParam("max", static_cast<int64_t>(max)));
    return std::nullopt;
  }
  return v;
}

std::string FrontMatterString(const FrontMatter& fm, std::string_view key,
                              std::string_view fallback) {
  const FrontMatterEntry* e = fm.Find(key);
  if (e == nullptr || e->is_list) return std::string(fallback);
  return e->value;
}

std::string WriteFrontMatter(const std::vector<FrontMatterEntry>& entries) {
  std::string out = "---\n";
  for (const auto& e : entries) {
    out += e.key + ": ";
    if (e.is_list) {
      out += "[";
      for (size_t i = 0; i < e.items.size(); ++i) {
        if (i > 0) out += ", ";
        const std::string& it = e.items[i];
        const bool quote = it.find(',') != std::string::npos || NeedsQuotes(it);
        out += quote ? DoubleQuoted(it) : it;
      }
      out += "]";
    } else {
      out += NeedsQuotes(e.value) ? DoubleQuoted(e.value) : e.value;
    }
    out += "\n";
  }
  return out + "---\n";
}

}  // namespace lophoc
