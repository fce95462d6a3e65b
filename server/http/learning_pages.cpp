// The learner's pages: "My learning" (/me), enrolling, marking lessons done
// (guests too: kept in their browser until they register), certificates and
// their public check (/verify). The quiz pages are in quiz_pages.cpp, the
// certificate pages in certificate_pages.cpp.
#include "server/http/learning_pages.h"

#include <algorithm>
#include <map>
#include <utility>

#include "kernel/calendar.h"
#include "server/app/learning_service.h"
#include "server/app/reminder_service.h"
#include "server/http/admin_pages.h"
#include "server/http/auth.h"
#include "server/http/certificate_pages.h"
#include "server/http/learning_presenters.h"
#include "server/http/presenters.h"
#include "server/http/programme_presenters.h"
#include "server/http/reminder_presenters.h"
#include "server/http/request_util.h"
#include "server/http/shown_text.h"

namespace lophoc::http {

void AddQuizPageRoutes(Router& r, const WebContext& ctx);  // quiz_pages.cpp

namespace {

using nlohmann::json;

courses::GuestLessons GuestLessonsOf(const HttpRequest& req) {
  return courses::ParseGuestLessons(req.Cookie(kGuestLessonsCookie));
}

// `text` with each "{name}" of `values` replaced by its value.
std::string Fill(std::string text, const std::map<std::string, int>& values) {
  for (const auto& [name, value] : values) {
    const std::string mark = "{" + name + "}";
    if (auto at = text.find(mark); at != std::string::npos) {
      text.replace(at, mark.size(), std::to_string(value));
    }
  }
  return text;
}

// Progress counted in lessons, the one measure every page shows: "Đã học
// 2/7 bài" and a bar of 2/7 (a quiz is shown apart, never folded into a
// percentage beside the lesson count). Nothing for a course without lessons.
json LessonProgressJson(const WebContext& ctx, const std::string& lang, int done, int total) {
  if (total <= 0) return json::object();
  done = std::min(done, total);
  return {{"lessons_done", done},
          {"lessons_total", total},
          {"lessons_text",
           Fill(ctx.i18n->Text(lang, "path_lessons_done"), {{"done", done}, {"total", total}})}};
}

// "Đã ghi nhận: bạn đã học xong bài 2/7." on the page the visitor lands on
// after marking a lesson of `course` done (?done=path_lesson_done&lesson=);
// empty otherwise.
std::string LessonDoneNotice(const WebContext& ctx, const HttpRequest& req,
                             const courses::CoursePackage& course) {
  if (req.Query("done") != "path_lesson_done") return "";
  const std::string lesson = req.Query("lesson");
  for (size_t i = 0; i < course.lessons.size(); ++i) {
    if (course.lessons[i].slug != lesson) continue;
    return Fill(
        ctx.i18n->Text(ChooseLanguage(req), "path_lesson_done_notice"),
        {{"n", static_cast<int>(i + 1)}, {"total", static_cast<int>(course.lessons.size())}});
  }
  return "";
}

// Where marking `lesson` done leads: `back`, saying that it was noted.
std::string AfterLessonDone(const std::string& back, const std::string& lesson) {
  return back + "?done=path_lesson_done&lesson=" + PercentEncode(lesson);
}

// Adds to `j` what the pages show of one course: title, progress, quiz
// result, certificate and the next step.
void PutStandingShown(const WebContext& ctx, const std::string& lang, const app::CourseLearning& c,
                      json& j) {
  j["url"] = CourseUrl(c.slug);
  const ShownText title = ShowCourseTitle(*ctx.courses, lang, c.slug, c.title);
  j["display_title"] = title.text;
  j["title_lang"] = LangOrNull(title.lang);
  j["lesson_progress"] =
      LessonProgressJson(ctx, lang, c.standing.lessons_done, c.standing.lessons_total);
  j["enrolled"] = c.enrolment.has_value();
  j["may_enrol"] = c.may_enrol;
  j["again_url"] = CourseUrl(c.slug) + "/again";
  if (c.round > 1) j["round_text"] = std::to_string(c.round);
  if (c.quiz) {
    j["quiz_url"] = CourseUrl(c.slug) + "/quiz";
    if (c.quiz->counted_percentage) {
      j["quiz_result_text"] = std::to_string(static_cast<int>(*c.quiz->counted_percentage + 0.5)) + "%";
    }
    if (c.quiz->attempts_pending > 0) {  // an essay waits for a trainer
      const std::string so_far = j.value("quiz_result_text", std::string());
      j["quiz_result_text"] =
          (so_far.empty() ? "" : so_far + " · ") + ctx.i18n->Text(lang, "essay_learning_pending");
    }
  }
  if (c.certificate) j["certificate_url"] = CertificateUrl(c.certificate->code);
  if (c.next == courses::NextStep::kLesson && c.standing.next_lesson) {
    j["next_url"] = CourseUrl(c.slug) + "/" + *c.standing.next_lesson;
    j["next_text"] = ctx.i18n->Text(lang, "learning_next_lesson");
  } else if (c.next == courses::NextStep::kQuiz) {
    j["next_url"] = CourseUrl(c.slug) + "/quiz";
    j["next_text"] = ctx.i18n->Text(lang, "learning_next_quiz");
  }
}

// The model of one course for the course page: all of the API's fields too.
json StandingJson(const WebContext& ctx, const std::string& lang, const app::CourseLearning& c) {
  json j = CourseLearningJson(c);
  PutStandingShown(ctx, lang, c, j);
  return j;
}

// The model of one course on "My learning": only what my_learning.mustache
// shows (the API's lessons, attempts and settings cost a signed-in page
// much and were never shown).
json MyLearningCourseJson(const WebContext& ctx, const std::string& lang,
                          const app::CourseLearning& c) {
  json j = {{"completed", c.completion.has_value()}, {"quiz", c.quiz.has_value()}};
  PutStandingShown(ctx, lang, c, j);
  return j;
}

// "Các khóa còn phải học", or, while the certification is valid and not due
// yet, when the next cycle starts: "Kỳ bồi dưỡng tiếp theo (từ 09/10/2028)".
std::string NextCycleHeading(const WebContext& ctx, const std::string& lang,
                             const app::ProgrammeStanding& s) {
  if (s.on.standing != training::Standing::kValid) return ctx.i18n->Text(lang, "prog_to_do");
  if (!s.on.until) return ctx.i18n->Text(lang, "prog_next_cycle_open");
  std::string text = ctx.i18n->Text(lang, "prog_next_cycle");
  const std::string day =
      FormatLocalDate(training::WindowOpens(s.programme.programme.rule, *s.on.until));
  if (auto at = text.find("{date}"); at != std::string::npos) text.replace(at, 6, day);
  return text;
}

// The person's programmes for "My learning": each one's standing in words,
// why the certification that counts is dated as it is, the courses still to
// do on the path to take next (with a button to do a completed course
// again), and every certification.
json ProgrammesView(const WebContext& ctx, const std::string& lang,
                    const std::vector<app::ProgrammeStanding>& standings,
                    const std::vector<app::CourseLearning>& mine) {
  json out = json::array();
  std::map<std::string, const app::CourseLearning*> by_slug;
  for (const auto& c : mine) by_slug[c.slug] = &c;
  // The courses' titles as this page shows them (the catalogue is read once).
  std::map<std::string, ShownText> titles;
  if (auto snap = ctx.courses->Catalog(); snap.ok()) {
    for (const auto& c : (*snap)->courses) {
      titles[c.package.slug] =
          ShowText(lang, c.package.title, c.package.title_en, c.package.language);
    }
  }
  const Reader reader{ctx.i18n, lang, ""};
  for (const auto& s : standings) {
    const courses::Programme& p = s.programme.programme;
    // Valid and not due yet: the courses are those of the next cycle.
    const bool valid = s.on.standing == training::Standing::kValid;
    json to_do = json::array();
    for (const auto& slug : s.progress.missing) {
      const auto t = titles.find(slug);
      json item = {{"url", CourseUrl(slug)},
                   {"display_title", t == titles.end() ? slug : t->second.text}};
      item["title_lang"] = LangOrNull(t == titles.end() ? "" : t->second.lang);
      // Completed in its current round but not counting toward this cycle:
      // the person does it again (once the next cycle is near).
      const auto it = by_slug.find(slug);
      if (!valid && it != by_slug.end() && it->second->completion) {
        item["again_url"] = CourseUrl(slug) + "/again";
      }
      to_do.push_back(std::move(item));
    }
    json history = json::array();
    for (size_t i = s.certifications.size(); i-- > 0;) {  // newest first
      const auto& c = s.certifications[i];
      json row = {{"completed", FormatLocalDate(c.completed)},
                  {"valid_until", c.valid_until ? FormatLocalDate(*c.valid_until)
                                                : ctx.i18n->Text(lang, "prog_never")},
                  {"path", ctx.i18n->Text(lang, "prog_path_" +
                                                    std::string(training::PathName(c.path)))},
                  {"source", ctx.i18n->Text(lang, "prog_source_" + c.source)},
                  {"why", ValidityInWords(reader, p, s.certifications, i)},
                  {"counts", s.on.certification && *s.on.certification == i}};
      if (c.revoked_on) {
        std::string text = ctx.i18n->Text(lang, "prog_revoked_on");
        const std::string date = FormatLocalDate(*c.revoked_on);
        if (auto at = text.find("{date}"); at != std::string::npos) text.replace(at, 6, date);
        row["revoked_text"] = text;
      }
      history.push_back(std::move(row));
    }
    json item = {
        {"slug", p.slug},
        {"standing", std::string(training::StandingName(s.on.standing))},
        {"standing_text", StandingInWords(reader, s.on)},
        {"path_text", ctx.i18n->Text(lang, "prog_path_" + std::string(training::PathName(s.path)))},
        {"to_do", to_do},
        {"to_do_heading", NextCycleHeading(ctx, lang, s)},
        {"has_to_do", !to_do.empty()},
        {"history", history},
        {"has_history", !history.empty()}};
    PutShown(item, lang, p.title, p.title_en);
    if (s.on.certification) {
      item["why"] = ValidityInWords(reader, p, s.certifications, *s.on.certification);
    }
    if (s.assignment) item["assigned_text"] = AssignmentInWords(reader, *s.assignment);
    out.push_back(std::move(item));
  }
  return out;
}

HttpResponse MyLearning(const WebContext& ctx, const HttpRequest& req) {
  const std::string lang = ChooseLanguage(req);
  json m = PageModel(ctx, req, ctx.i18n->Text(lang, "learning_title"));
  if (!req.visitor.signed_in()) {
    // A guest: what this browser remembers, and the way to keep it.
    auto snap = ctx.courses->Catalog();
    if (!snap.ok()) return StatusResponse(ctx, req, snap.status());
    std::map<std::string, int> done;
    for (const auto& [course, lesson] : GuestLessonsOf(req)) ++done[course];
    json list = json::array();
    for (const auto& c : (*snap)->courses) {
      auto it = done.find(c.package.slug);
      if (it == done.end()) continue;
      json item = {{"url", CourseUrl(c.package.slug)},
                   {"lesson_progress",
                    LessonProgressJson(ctx, lang, it->second,
                                       static_cast<int>(c.package.lessons.size()))}};
      PutShown(item, lang, c.package.title, c.package.title_en, c.package.language);
      list.push_back(std::move(item));
    }
    m["guest"] = true;
    m["guest_courses"] = list;
    m["has_guest_courses"] = !list.empty();
    HttpResponse res = PageResponse(ctx, req, "my_learning", m);
    NoStore(res);
    return res;
  }
  auto list = ctx.learning->MyLearning(*req.visitor.user);
  if (!list.ok()) return StatusResponse(ctx, req, list.status());
  json items = json::array();
  for (const auto& c : *list) items.push_back(MyLearningCourseJson(ctx, lang, c));
  m["courses"] = items;
  m["has_courses"] = !items.empty();
  // The programmes, read once: their block, and what of them is due soon
  // or overdue for the reminders above everything else. On an error the
  // courses still show (the log has it).
  auto standings = ctx.certifications != nullptr
                       ? ctx.certifications->StandingsOf(*req.visitor.user, std::nullopt)
                       : Result<std::vector<app::ProgrammeStanding>>(
                             std::vector<app::ProgrammeStanding>{});
  if (standings.ok()) {
    m["programmes"] = ProgrammesView(ctx, lang, *standings, *list);
    if (ctx.reminders != nullptr) {
      m["reminders"] = RemindersBlockModel(app::ReminderService::DueAmong(*standings, 30),
                                           ctx.i18n->For(lang), lang)["reminders"];
    }
  } else {
    m["programmes"] = json::array();
  }
  m["has_programmes"] = !m["programmes"].empty();
  if (auto certs = ctx.learning->Certificates(*req.visitor.user); certs.ok()) {
    json list_json = json::array();
    for (const auto& c : *certs) {
      json item = CertificateJson(c);
      item["issued_date"] = CertificateDay(c.issued_at);
      PutCertificateCourseTitle(ctx, lang, c, item);
      list_json.push_back(std::move(item));
    }
    m["certificates"] = list_json;
    m["has_certificates"] = !list_json.empty();
  }
  const std::string done = req.Query("done");
  if (done.rfind("learning_", 0) == 0 || done == "path_welcome") m["message"] = Say(ctx, req, done);
  HttpResponse res = PageResponse(ctx, req, "my_learning", m);
  NoStore(res);
  return res;
}

HttpResponse EnrolSelf(const WebContext& ctx, const HttpRequest& req) {
  const std::string slug = req.params.at("slug");
  if (!req.visitor.signed_in()) return Redirect("/login?next=" + PercentEncode(CourseUrl(slug)));
  app::EnrolRequest r;
  r.course = slug;
  auto out = ctx.learning->Enrol(req.visitor.actor(), r);
  if (!out.ok()) return StatusResponse(ctx, req, out.status());
  return Redirect(CourseUrl(slug) + "?done=learning_enrolled");
}

HttpResponse StartAgain(const WebContext& ctx, const HttpRequest& req) {
  const std::string slug = req.params.at("slug");
  if (!req.visitor.signed_in()) return Redirect("/login?next=" + PercentEncode(CourseUrl(slug)));
  auto out = ctx.learning->StartAgain(*req.visitor.user, slug);
  if (!out.ok()) return StatusResponse(ctx, req, out.status());
  return Redirect(CourseUrl(slug) + "?done=learning_started_again");
}

HttpResponse ConfirmDone(const WebContext& ctx, const HttpRequest& req) {
  const std::string slug = req.params.at("slug"), lesson = req.params.at("lesson");
  auto v = ctx.courses->GetLesson(slug, lesson);
  if (!v.ok()) return StatusResponse(ctx, req, v.status());
  const std::string lang = ChooseLanguage(req);
  json m = PageModel(ctx, req, ctx.i18n->Text(lang, "learning_done_confirm_title"));
  PutShown(m, lang, v->lesson->title, v->lesson->title_en, v->course->package.language,
           "lesson_title", "lesson_title_lang");
  m["lesson_url"] = CourseUrl(slug) + "/" + lesson;
  m["action"] = m["lesson_url"].get<std::string>() + "/done";
  if (v->next != nullptr) m["next"] = v->next->slug;
  HttpResponse res = PageResponse(ctx, req, "lesson_done", m);
  NoStore(res);
  return res;
}

HttpResponse MarkDone(const WebContext& ctx, const HttpRequest& req) {
  auto f = FormFields::Read(req);
  if (!f) return BadForm(ctx, req);
  const std::string slug = req.params.at("slug"), lesson = req.params.at("lesson");
  auto v = ctx.courses->GetLesson(slug, lesson);
  if (!v.ok()) return StatusResponse(ctx, req, v.status());
  const std::string next = f->Get("next");
  const std::string back = next.empty() || v->course->package.FindLesson(next) == nullptr
                               ? CourseUrl(slug)
                               : CourseUrl(slug) + "/" + next;
  if (req.visitor.signed_in()) {
    auto out = ctx.learning->CompleteLesson(*req.visitor.user, slug, lesson);
    if (!out.ok()) return StatusResponse(ctx, req, out.status());
    if (out->completion && back == CourseUrl(slug)) {
      return Redirect(CourseUrl(slug) + "?done=learning_completed");
    }
    return Redirect(AfterLessonDone(back, lesson));
  }
  // Staff courses need an account; so does a public computer, where the
  // next person to sign in would otherwise take this guest's lessons.
  if (v->course->package.audience == courses::Audience::kStaff || !req.visitor.kiosk_site.empty()) {
    return Redirect("/login?next=" + PercentEncode(CourseUrl(slug) + "/" + lesson));
  }
  courses::GuestLessons lessons = GuestLessonsOf(req);
  lessons.emplace(slug, lesson);
  HttpResponse res = Redirect(AfterLessonDone(back, lesson));
  // Kept until the browser is closed, not for days: a shared computer must
  // not hand one guest's lessons to whoever signs in there next.
  res.headers.emplace_back("Set-Cookie",
                           SetCookieValue(kGuestLessonsCookie, courses::FormatGuestLessons(lessons),
                                          -1, ctx.options.secure_cookies, false));
  return res;
}

}  // namespace

void AddCourseStanding(const WebContext& ctx, const HttpRequest& req,
                       const courses::CoursePackage& course, json& m) {
  if (ctx.learning == nullptr) return;
  const std::string& slug = course.slug;
  const std::string lang = ChooseLanguage(req);
  json learning = {{"enrol_url", CourseUrl(slug) + "/enrol"}};
  if (req.visitor.signed_in()) {
    auto c = ctx.learning->Standing(*req.visitor.user, slug);
    if (!c.ok()) return;
    learning.update(StandingJson(ctx, lang, *c));
    learning["signed_in"] = true;
    // The button says where it leads: the first lesson or the next one.
    if (learning.contains("next_url") && c->next == courses::NextStep::kLesson) {
      learning["next_text"] =
          ctx.i18n->Text(lang, c->standing.lessons_done == 0 ? "course_start" : "path_continue");
    }
    for (size_t i = 0; i < c->lessons.size() && i < m["course"]["lessons"].size(); ++i) {
      m["course"]["lessons"][i]["done"] = c->lessons[i].done;
    }
    if (req.Query("done").rfind("learning_", 0) == 0) {
      learning["message"] = Say(ctx, req, req.Query("done"));
    }
  } else {
    const courses::GuestLessons done = GuestLessonsOf(req);
    int count = 0;
    std::string next_url;
    for (auto& l : m["course"]["lessons"]) {
      const bool d = done.count({slug, l.value("slug", "")}) > 0;
      l["done"] = d;
      count += d ? 1 : 0;
      if (!d && next_url.empty()) next_url = l.value("url", "");
    }
    learning["guest"] = true;
    learning["guest_done"] = count;
    learning["login_url"] = "/login?next=" + PercentEncode(CourseUrl(slug));
    learning["register_url"] = "/register?next=" + PercentEncode(CourseUrl(slug));
    if (count > 0) {
      learning["lesson_progress"] =
          LessonProgressJson(ctx, lang, count, static_cast<int>(course.lessons.size()));
    }
    // The first lesson not done yet (all done: the first one, to review).
    if (next_url.empty() && !m["course"]["lessons"].empty()) {
      next_url = m["course"]["lessons"][0].value("url", "");
    }
    if (!next_url.empty()) {
      learning["guest_next_url"] = next_url;
      learning["guest_next_text"] =
          ctx.i18n->Text(lang, count == 0 ? "course_start" : "path_continue");
    }
  }
  if (auto notice = LessonDoneNotice(ctx, req, course); !notice.empty()) {
    learning["message"] = notice;
  }
  m["learning"] = learning;
}

void AddLessonStanding(const WebContext& ctx, const HttpRequest& req,
                       const courses::CoursePackage& course, const std::string& lesson, json& m) {
  if (ctx.learning == nullptr) return;
  const std::string& slug = course.slug;
  json learning = {{"done_url", CourseUrl(slug) + "/" + lesson + "/done"}};
  if (req.visitor.signed_in()) {
    auto c = ctx.learning->Standing(*req.visitor.user, slug);
    if (!c.ok()) return;
    for (const auto& l : c->lessons) {
      if (l.slug == lesson) learning["done"] = l.done;
    }
    learning["form"] = true;
    learning["lesson_progress"] = LessonProgressJson(
        ctx, ChooseLanguage(req), c->standing.lessons_done, c->standing.lessons_total);
  } else if (!req.visitor.kiosk_site.empty()) {
    learning["kiosk"] = true;  // a public computer: sign in to keep progress
    learning["login_url"] = "/login?next=" + PercentEncode(CourseUrl(slug) + "/" + lesson);
  } else if (!req.Cookie(kGuestLessonsCookie).empty()) {
    const courses::GuestLessons done = GuestLessonsOf(req);
    learning["done"] = done.count({slug, lesson}) > 0;
    int count = 0;
    for (const auto& l : course.lessons) count += done.count({slug, l.slug}) > 0 ? 1 : 0;
    learning["lesson_progress"] = LessonProgressJson(ctx, ChooseLanguage(req), count,
                                                     static_cast<int>(course.lessons.size()));
    learning["form"] = true;  // this page is not cached: it may carry the guest's token
    learning["guest"] = true;
  } else {
    learning["guest"] = true;  // a cached page: the button leads to a confirmation form
  }
  // `lesson_done: end`: a small script marks the lesson done when its end
  // comes into view; without JavaScript the button does it.
  if (learning.value("form", false) && !learning.value("done", false) &&
      course.lesson_done == "end") {
    learning["auto"] = true;
    learning["script_url"] = ctx.statics->Url("js/lesson.js");
  }
  if (auto notice = LessonDoneNotice(ctx, req, course); !notice.empty()) {
    m["lesson_done_notice"] = notice;
  }
  m["learning"] = learning;
}

void AddLearningPageRoutes(Router& r, const WebContext& ctx) {
  const RouteList on(r, ctx);
  on("GET", "/me", MyLearning);
  on("POST", "/courses/:slug/enrol", EnrolSelf);
  on("POST", "/courses/:slug/again", StartAgain);
  on("GET", "/courses/:slug/:lesson/done", ConfirmDone);
  on("POST", "/courses/:slug/:lesson/done", MarkDone);
  AddCertificatePageRoutes(r, ctx);
  AddQuizPageRoutes(r, ctx);
  AddTrainerPageRoutes(r, ctx);
}

}  // namespace lophoc::http
