#include "server/http/presenters.h"

#include "server/http/shown_text.h"

namespace lophoc::http {
namespace {

using nlohmann::json;

json LessonRef(const courses::StoredCourse& c, const courses::Lesson* l, const std::string& lang) {
  if (l == nullptr) return nullptr;
  json j = {{"slug", l->slug}, {"title", l->title}, {"url", LessonUrl(c.package.slug, l->slug)}};
  PutShown(j, lang, l->title, l->title_en, c.package.language);
  return j;
}

}  // namespace

std::string CourseUrl(const std::string& slug) { return "/courses/" + slug; }

std::string LessonUrl(const std::string& course_slug, const std::string& lesson_slug) {
  return "/courses/" + course_slug + "/" + lesson_slug;
}

json CourseSummaryJson(const courses::StoredCourse& c, const std::string& lang) {
  const courses::CoursePackage& p = c.package;
  json j = {{"slug", p.slug},
            {"title", p.title},
            {"title_en", p.title_en},
            {"summary", p.summary},
            {"summary_en", p.summary_en},
            {"audience", courses::AudienceName(p.audience)},
            {"language", p.language},
            {"minutes", p.minutes},
            {"tags", p.tags},
            {"lesson_count", p.lessons.size()},
            {"has_quiz", p.quiz.has_value()},
            {"revision", c.revision_number},
            {"updated_at", c.created_at},
            {"url", CourseUrl(p.slug)}};
  PutShown(j, lang, p.title, p.title_en, p.language);
  PutShown(j, lang, p.summary, p.summary_en, p.language, "display_summary", "summary_lang");
  if (!p.cover.empty()) j["cover_url"] = CourseUrl(p.slug) + "/media/" + p.cover;
  return j;
}

json CourseJson(const app::CourseView& v, const std::string& lang) {
  json j = CourseSummaryJson(*v.course, lang);
  j["intro_html"] = v.intro->html;
  json lessons = json::array();
  int position = 0;
  for (const auto& l : v.course->package.lessons) {
    json item = {{"position", ++position}, {"slug", l.slug},
                 {"title", l.title},       {"title_en", l.title_en},
                 {"minutes", l.minutes},   {"url", LessonUrl(v.course->package.slug, l.slug)}};
    PutShown(item, lang, l.title, l.title_en, v.course->package.language);
    lessons.push_back(std::move(item));
  }
  j["lessons"] = lessons;
  return j;
}

json LessonJson(const app::LessonView& v, const std::string& lang) {
  const courses::StoredCourse& c = *v.course;
  json toc = json::array();
  for (const auto& t : v.rendered->toc) {
    toc.push_back({{"level", t.level}, {"id", t.id}, {"text", t.text}, {"is_sub", t.level == 3}});
  }
  json course = {{"slug", c.package.slug},
                 {"title", c.package.title},
                 {"language", c.package.language},
                 {"url", CourseUrl(c.package.slug)},
                 {"revision", c.revision_number}};
  PutShown(course, lang, c.package.title, c.package.title_en, c.package.language);
  json j = {{"course", course},
            {"slug", v.lesson->slug},
            {"title", v.lesson->title},
            {"title_en", v.lesson->title_en},
            {"minutes", v.lesson->minutes},
            {"position", v.index + 1},
            {"lesson_count", c.package.lessons.size()},
            {"previous", LessonRef(c, v.previous, lang)},
            {"next", LessonRef(c, v.next, lang)},
            {"toc", toc},
            {"html", v.rendered->html},
            {"url", LessonUrl(c.package.slug, v.lesson->slug)}};
  PutShown(j, lang, v.lesson->title, v.lesson->title_en, c.package.language);
  return j;
}

json SearchJson(const app::SearchResults& r, const std::string& lang) {
  json results = json::array();
  for (const auto& hit : r.hits) {
    json parts = json::array();
    std::string text;
    for (const auto& p : hit.snippet) {
      parts.push_back({{"text", p.text}, {"match", p.match}});
      text += p.text;
    }
    const auto& c = hit.course->package;
    json course = {{"slug", c.slug}, {"title", c.title}};
    PutShown(course, lang, c.title, c.title_en, c.language);
    json item = {{"course", course},
                 {"lesson", LessonRef(*hit.course, hit.lesson, lang)},
                 {"url", hit.lesson ? LessonUrl(c.slug, hit.lesson->slug) : CourseUrl(c.slug)},
                 {"snippet", text},
                 {"snippet_parts", parts}};
    // The snippet is the course's own text, in its language.
    item["snippet_lang"] = LangOrNull(ShowText(lang, text, "", c.language).lang);
    results.push_back(std::move(item));
  }
  return {{"query", r.query}, {"count", results.size()}, {"results", results}};
}

}  // namespace lophoc::http
