#include "server/http/shown_text.h"

namespace lophoc::http {

using nlohmann::json;

ShownText ShowText(const std::string& page_lang, const std::string& text,
                   const std::string& text_en, const std::string& written_in) {
  if (page_lang == "en" && !text_en.empty()) return {text_en, ""};
  const std::string& lang = written_in.empty() ? std::string("vi") : written_in;
  return {text, lang == page_lang ? "" : lang};
}

json LangOrNull(const std::string& lang) { return lang.empty() ? json(nullptr) : json(lang); }

void PutShown(json& j, const std::string& page_lang, const std::string& text,
              const std::string& text_en, const std::string& written_in, const std::string& key,
              const std::string& lang_key) {
  ShownText shown = ShowText(page_lang, text, text_en, written_in);
  j[key] = std::move(shown.text);
  j[lang_key] = LangOrNull(shown.lang);
}

ShownText ShowCourseTitle(app::CourseService& courses, const std::string& page_lang,
                          const std::string& slug, const std::string& stored) {
  if (auto snap = courses.Catalog(); snap.ok()) {
    const courses::StoredCourse* c = (*snap)->Find(slug);
    if (c != nullptr && c->package.title == stored) {
      return ShowText(page_lang, c->package.title, c->package.title_en, c->package.language);
    }
  }
  return ShowText(page_lang, stored, "");
}

json CourseContentLang(app::CourseService& courses, const std::string& page_lang,
                       const std::string& slug) {
  std::string written_in = "vi";
  if (auto snap = courses.Catalog(); snap.ok()) {
    if (const courses::StoredCourse* c = (*snap)->Find(slug)) written_in = c->package.language;
  }
  return LangOrNull(ShowText(page_lang, "", "", written_in).lang);
}

}  // namespace lophoc::http
