#include "server/http/i18n.h"

#include <fstream>

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

}  // namespace

Result<std::unique_ptr<Catalogues>> Catalogues::Load(const std::filesystem::path& dir) {
  auto vi = ReadCatalogue(dir / "vi.json");
  if (!vi.ok()) return vi.status();
  auto en = ReadCatalogue(dir / "en.json");
  if (!en.ok()) return en.status();
  for (const auto& [key, v] : vi->items()) {
    if (!en->contains(key)) return Status::InvalidArgument("en.json lacks key '" + key + "'");
  }
  for (const auto& [key, v] : en->items()) {
    if (!vi->contains(key)) return Status::InvalidArgument("vi.json lacks key '" + key + "'");
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
