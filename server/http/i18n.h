// Message catalogues: every interface string, per language, loaded from
// static/i18n/{vi,en}.json and {vi,en}.AREA.json at start-up. Immutable after Load: thread-safe.
#pragma once

#include <filesystem>
#include <memory>
#include <string>

#include <nlohmann/json.hpp>

#include "kernel/status.h"
#include "server/http/http_types.h"

namespace lophoc::http {

inline constexpr const char* kDefaultLanguage = "vi";
inline constexpr const char* kLanguages[] = {"vi", "en"};

class Catalogues {
 public:
  // Loads vi.json and en.json; InvalidArgument when a file is not a flat
  // object of strings or the two files do not have the same keys.
  static Result<std::unique_ptr<Catalogues>> Load(const std::filesystem::path& dir);

  // The catalogue for `lang` ("vi" or "en"); Vietnamese for anything else.
  const nlohmann::json& For(const std::string& lang) const;
  // One message; the key itself when missing (visible, never a crash).
  std::string Text(const std::string& lang, const std::string& key) const;

 private:
  nlohmann::json vi_;
  nlohmann::json en_;
};

// The language for a request: ?lang=, then the `lang` cookie, then the first
// of vi/en in Accept-Language, then Vietnamese.
std::string ChooseLanguage(const HttpRequest& req);

}  // namespace lophoc::http
