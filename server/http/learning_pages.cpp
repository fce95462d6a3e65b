// The learner's pages: "My learning" (/me), enrolling, marking lessons done
// (guests too: kept in their browser until they register), certificates and
// their public check (/verify). The quiz pages are in quiz_pages.cpp.
#include "server/http/learning_pages.h"

#include <map>
#include <utility>

#include "kernel/calendar.h"
#include "server/app/learning_service.h"
#include "server/app/reminder_service.h"
#include "server/http/admin_pages.h"
#include "server/http/auth.h"
#include "server/http/learning_presenters.h"
#include "server/http/presenters.h"
#include "server/http/programme_presenters.h"
#include "server/http/reminder_presenters.h"
#include "server/http/request_util.h"

namespace lophoc::http {

void AddQuizPageRoutes(Router& r, const WebContext& ctx);  // quiz_pages.cpp

namespace {

using nlohmann::json;

courses::GuestLessons GuestLessonsOf(const HttpRequest& req) {
  return courses::ParseGuestLessons(req.Cookie(kGuestLessonsCookie));
}

// The day in Vietnam of a stored time, "dd/mm/yyyy"; an unreadable one as it is.
std::string LocalDay(const std::string& iso) {
  const auto t = ParseIso8601(iso);
  return t ? FormatLocalDate(LocalDateOf(*t)) : iso.substr(0, 10);
}

std::string Display(const std::string& lang, const std::string& vi, const std::string& en) {
  return lang == "en" && !en.empty() ? en : vi;
}

// The model of one course for "My learning" and the course page.
json StandingJson(const WebContext& ctx, const std::string& lang, const app::CourseLearning& c) {
  json j = CourseLearningJson(c);
  j["url"] = CourseUrl(c.slug);
  j["display_title"] = Display(lang, c.title, c.title_en);
  j["percent_text"] = std::to_string(c.percent) + "%";
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
  std::map<std::string, std::pair<std::string, std::string>> titles;
  if (auto snap = ctx.courses->Catalog(); snap.ok()) {
    for (const auto& c : (*snap)->courses) {
      titles[c.package.slug] = {c.package.title, c.package.title_en};
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
                   {"display_title", t == titles.end() ? slug
                                                        : Display(lang, t->second.first,
                                                                  t->second.second)}};
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
        {"display_title", Display(lang, p.title, p.title_en)},
        {"standing", std::string(training::StandingName(s.on.standing))},
        {"standing_text", StandingInWords(reader, s.on)},
        {"path_text",
         ctx.i18n->Text(lang, "prog_path_" + std::string(training::PathName(s.path)))},
        {"to_do", to_do},
        {"to_do_heading", NextCycleHeading(ctx, lang, s)},
        {"has_to_do", !to_do.empty()},
        {"history", history},
        {"has_history", !history.empty()}};
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
      list.push_back({{"url", CourseUrl(c.package.slug)},
                      {"display_title", Display(lang, c.package.title, c.package.title_en)},
                      {"done", it->second},
                      {"total", c.package.lessons.size()}});
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
  for (const auto& c : *list) items.push_back(StandingJson(ctx, lang, c));
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
      item["issued_date"] = LocalDay(c.issued_at);
      list_json.push_back(std::move(item));
    }
    m["certificates"] = list_json;
    m["has_certificates"] = !list_json.empty();
  }
  if (req.Query("done").rfind("learning_", 0) == 0) m["message"] = Say(ctx, req, req.Query("done"));
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
  m["lesson_title"] = Display(lang, v->lesson->title, v->lesson->title_en);
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
    return Redirect(back);
  }
  // Staff courses need an account; so does a public computer, where the
  // next person to sign in would otherwise take this guest's lessons.
  if (v->course->package.audience == courses::Audience::kStaff || !req.visitor.kiosk_site.empty()) {
    return Redirect("/login?next=" + PercentEncode(CourseUrl(slug) + "/" + lesson));
  }
  courses::GuestLessons lessons = GuestLessonsOf(req);
  lessons.emplace(slug, lesson);
  HttpResponse res = Redirect(back);
  // Kept until the browser is closed, not for days: a shared computer must
  // not hand one guest's lessons to whoever signs in there next.
  res.headers.emplace_back("Set-Cookie",
                           SetCookieValue(kGuestLessonsCookie, courses::FormatGuestLessons(lessons),
                                          -1, ctx.options.secure_cookies, false));
  return res;
}

json CertificateModel(const WebContext& ctx, const HttpRequest& req, const app::CertificateCheck& c) {
  const std::string lang = ChooseLanguage(req);
  json m = PageModel(ctx, req, ctx.i18n->Text(lang, "certificate_title"));
  json cert = CertificateCheckJson(c);
  // Mustache shows a section for an empty string too: leave empty fields out.
  for (const char* key : {"site", "issued_by"}) {
    if (cert[key].is_string() && cert[key].get<std::string>().empty()) cert.erase(key);
  }
  // The body that issues it: the holder's province (or unit) when there is
  // one, else the site itself.
  cert["issuer"] = c.certificate.org_name.empty()
                       ? ctx.i18n->Text(lang, "certificate_issuer_default")
                       : c.certificate.org_name;
  cert["issued_date"] = LocalDay(c.certificate.issued_at);
  if (!c.certificate.valid_until.empty()) {
    cert["valid_until_date"] = LocalDay(c.certificate.valid_until);
  }
  if (!ctx.options.public_url.empty()) {
    cert["verify_full_url"] = ctx.options.public_url + VerifyUrl(c.certificate.code);
  }
  cert["is_valid"] = c.validity == app::CertificateValidity::kValid;
  cert["is_expired"] = c.validity == app::CertificateValidity::kExpired;
  cert["is_revoked"] = c.validity == app::CertificateValidity::kRevoked;
  cert["status_text"] = ctx.i18n->Text(lang, std::string("certificate_status_") +
                                                 app::CertificateValidityName(c.validity));
  m["certificate"] = cert;
  m["print_script_url"] = ctx.statics->Url("js/certificate.js");
  return m;
}

HttpResponse CertificatePage(const WebContext& ctx, const HttpRequest& req) {
  auto c = ctx.learning->Verify(req.params.at("code"));
  if (!c.ok()) return StatusResponse(ctx, req, c.status());
  return PageResponse(ctx, req, "certificate", CertificateModel(ctx, req, *c));
}

HttpResponse VerifyPage(const WebContext& ctx, const HttpRequest& req) {
  const std::string lang = ChooseLanguage(req);
  std::string code = req.params.count("code") ? req.params.at("code") : req.Query("code");
  if (code.empty()) {
    json m = PageModel(ctx, req, ctx.i18n->Text(lang, "verify_title"));
    return PageResponse(ctx, req, "verify", m);
  }
  auto c = ctx.learning->Verify(code);
  if (!c.ok() && c.status().code() != StatusCode::kNotFound) return StatusResponse(ctx, req, c.status());
  json m = c.ok() ? CertificateModel(ctx, req, *c) : PageModel(ctx, req, "");
  m["title"] = ctx.i18n->Text(lang, "verify_title");
  m["searched"] = true;
  m["code"] = code.substr(0, 40);
  m["found"] = c.ok();
  return PageResponse(ctx, req, "verify", m, c.ok() ? 200 : 404);
}

}  // namespace

void AddCourseStanding(const WebContext& ctx, const HttpRequest& req, const std::string& slug,
                       json& m) {
  if (ctx.learning == nullptr) return;
  const std::string lang = ChooseLanguage(req);
  json learning = {{"enrol_url", CourseUrl(slug) + "/enrol"}};
  if (req.visitor.signed_in()) {
    auto c = ctx.learning->Standing(*req.visitor.user, slug);
    if (!c.ok()) return;
    learning.update(StandingJson(ctx, lang, *c));
    learning["signed_in"] = true;
    for (size_t i = 0; i < c->lessons.size() && i < m["course"]["lessons"].size(); ++i) {
      m["course"]["lessons"][i]["done"] = c->lessons[i].done;
    }
    if (req.Query("done").rfind("learning_", 0) == 0) {
      learning["message"] = Say(ctx, req, req.Query("done"));
    }
  } else {
    const courses::GuestLessons done = GuestLessonsOf(req);
    int count = 0;
    for (auto& l : m["course"]["lessons"]) {
      const bool d = done.count({slug, l.value("slug", "")}) > 0;
      l["done"] = d;
      count += d ? 1 : 0;
    }
    learning["guest"] = true;
    learning["guest_done"] = count;
    learning["login_url"] = "/login?next=" + PercentEncode(CourseUrl(slug));
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
    learning["percent"] = c->percent;
    learning["percent_text"] = std::to_string(c->percent) + "%";
  } else if (!req.visitor.kiosk_site.empty()) {
    learning["kiosk"] = true;  // a public computer: sign in to keep progress
    learning["login_url"] = "/login?next=" + PercentEncode(CourseUrl(slug) + "/" + lesson);
  } else if (!req.Cookie(kGuestLessonsCookie).empty()) {
    learning["done"] = GuestLessonsOf(req).count({slug, lesson}) > 0;
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
  m["learning"] = learning;
}

void AddLearningPageRoutes(Router& r, const WebContext& ctx) {
  const RouteList on(r, ctx);
  on("GET", "/me", MyLearning);
  on("POST", "/courses/:slug/enrol", EnrolSelf);
  on("POST", "/courses/:slug/again", StartAgain);
  on("GET", "/courses/:slug/:lesson/done", ConfirmDone);
  on("POST", "/courses/:slug/:lesson/done", MarkDone);
  on("GET", "/certificates/:code", CertificatePage);
  on("GET", "/verify", VerifyPage);
  on("GET", "/verify/:code", VerifyPage);
  AddQuizPageRoutes(r, ctx);
  AddTrainerPageRoutes(r, ctx);
}

}  // namespace lophoc::http
