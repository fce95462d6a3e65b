// What language a page shows a course's, lesson's or programme's title (or
// summary) in, and how the page marks it: the one place that chooses, for
// every page and presenter (catalogue, course, lesson, quiz, search, my
// learning, certificates, trainer pages and reports).
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "server/app/course_service.h"

namespace lophoc::http {

// `text` as a page in `page_lang` shows it: `text_en` on an English page when
// there is one, else `text` as written, in `written_in` (the course's
// language; Vietnamese for programmes and names). `lang` is the shown text's
// language when it is not the page's, for a lang attribute (WCAG 3.1.2);
// empty when it is.
struct ShownText {
  std::string text;
  std::string lang;
};
ShownText ShowText(const std::string& page_lang, const std::string& text,
                   const std::string& text_en, const std::string& written_in = "vi");

// `lang` for a view model: null when empty (the page's language). Never left
// out: a list item without it would take its parent's in a template section.
nlohmann::json LangOrNull(const std::string& lang);

// Sets j[key] to the shown text and j[lang_key] to its language when it is
// not the page's, else null. Templates write
// `<h1{{#title_lang}} lang="{{.}}"{{/title_lang}}>{{display_title}}</h1>`.
void PutShown(nlohmann::json& j, const std::string& page_lang, const std::string& text,
              const std::string& text_en, const std::string& written_in = "vi",
              const std::string& key = "display_title", const std::string& lang_key = "title_lang");

// The title of course `slug` as a page shows it, through the catalogue:
// `stored` (a title kept with a record: a certificate's, a quiz's) as it is,
// in Vietnamese, when the course is gone or has been renamed since; else the
// course's title in the page's language.
ShownText ShowCourseTitle(app::CourseService& courses, const std::string& page_lang,
                          const std::string& slug, const std::string& stored);

// The language of course `slug`'s own text (lessons, quiz questions and
// feedback) for a lang attribute when it is not the page's, else null.
nlohmann::json CourseContentLang(app::CourseService& courses, const std::string& page_lang,
                                 const std::string& slug);

}  // namespace lophoc::http
