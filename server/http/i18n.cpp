#include "server/http/i18n.h"

#include <algorithm>
#include <fstream>
#include <vector>

namespace lophoc::http {
namespace {

Result<nlohmann::json> ReadCatalogue(const std::filesystem::path& file) {
  std::ifstream in(file);
  if (!in) return Status::IOError("cannot read " + file.string());
  nlohmann::json j = nlohmann::json::parse(in, nullptr, false);
  if (j.is_discarded() || !j.is_object()) {
    return Status::InvalidArgument(file.string() + " is not a JSON object");
  }
  for (const auto& [key, value] : j.items()) {
    if (!value.is_string()) {
      return Status::InvalidArgument(file.string() + ": '" + key + "' is not a string");
    }
  }
  return j;
}

bool IsSupported(const std::string& lang) { return lang == "vi" || lang == "en"; }

// One language's messages: `{lang}.json` and every `{lang}.{area}.json` beside
// it (e.g. vi.learning.json), so each area of the site keeps its own file. A
// key defined twice is an error.
Result<nlohmann::json> ReadLanguage(const std::filesystem::path& dir, const std::string& lang) {
  std::vector<std::filesystem::path> files{dir / (lang + ".json")};
  std::vector<std::filesystem::path> areas;
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
    const std::string name = entry.path().filename().string();
    if (name.size() > lang.size() + 6 && name.compare(0, lang.size() + 1, lang + ".") == 0 &&
        name.compare(name.size() - 5, 5, ".json") == 0) {
      areas.push_back(entry.path());
    }
  }
  std::sort(areas.begin(), areas.end());
  files.insert(files.end(), areas.begin(), areas.end());
  nlohmann::json all = nlohmann::json::object();
  for (const auto& file : files) {
    auto part = ReadCatalogue(file);
    if (!part.ok()) return part.status();
    for (auto& [key, value] : part->items()) {
      if (all.contains(key)) {
        return Status::InvalidArgument(file.string() + ": '" + key + "' is defined twice");
      }
      all[key] = value;
    }
  }
  return all;
}

}  // namespace

Result<std::unique_ptr<Catalogues>> Catalogues::Load(const std::filesystem::path& dir) {
  auto vi = ReadLanguage(dir, "vi");
  if (!vi.ok()) return vi.status();
  auto en = ReadLanguage(dir, "en");
  if (!en.ok()) return en.status();
  for (const auto& [key, v] : vi->items()) {
    if (!en->contains(key)) return Status::InvalidArgument("English messages lack key '" + key + "'");
  }
  for (const auto& [key, v] : en->items()) {
    if (!vi->contains(key)) return Status::InvalidArgument("Vietnamese messages lack key '" + key + "'");
  }
  auto c = std::make_unique<Catalogues>();
  c->vi_ = std::move(*vi);
  c->en_ = std::move(*en);
  return c;
}

const nlohmann::json& Catalogues::For(const std::string& lang) const {
  return lang == "en" ? en_ : vi_;
}

std::string Catalogues::Text(const std::string& lang, const std::string& key) const {
  const nlohmann::json& c = For(lang);
  auto it = c.find(key);
  return it == c.end() ? key : it->get<std::string>();
}

std::string ChooseLanguage(const HttpRequest& req) {
  if (const std::string q = req.Query("lang"); IsSupported(q)) return q;
  if (const std::string c = req.Cookie("lang"); IsSupported(c)) return c;
  const std::string accept = req.Header("accept-language");
  size_t pos = 0;
  while (pos < accept.size()) {
    size_t end = accept.find(',', pos);
    if (end == std::string::npos) end = accept.size();
    std::string tag = accept.substr(pos, end - pos);
    tag = tag.substr(0, tag.find(';'));
    tag.erase(0, tag.find_first_not_of(' '));
    const std::string primary = tag.substr(0, 2);
    if (IsSupported(primary)) return primary;
    pos = end + 1;
  }
  return kDefaultLanguage;
}

}  // namespace lophoc::http
