// Trainers' pages for a course: who is enrolled (enrol one account, a
// site's or a staff category's people, or a CSV list; withdraw) and the quiz
// results (learners, most-missed questions first, the attempts as CSV).
//
// Who may come in is RequireAdminArea's answer (trainers, managers, admins);
// whom they see and enrol is LearningService's (their read scope). Enrolling
// is all or nothing: a refused form is shown again with what was typed and
// the reason, and nothing was stored; a success answers 303 back to the list
// with a summary in the address (numbers only).
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <tuple>

#include "courses/course.h"
#include "courses/markdown.h"
#include "kernel/calendar.h"
#include "kernel/text.h"
#include "server/app/course_service.h"
#include "server/app/learning_service.h"
#include "server/http/admin_pages.h"
#include "server/http/confirm_page.h"
#include "server/http/learning_presenters.h"
#include "server/http/multipart.h"
#include "server/http/refusals.h"
#include "server/http/request_util.h"
#include "server/http/shown_text.h"
#include "server/http/web_app.h"

namespace lophoc::http {
namespace {

using nlohmann::json;

std::string CourseUrl(const std::string& slug, const std::string& rest = "") {
  return "/courses/" + PercentEncode(slug) + rest;
}

// A count from our own redirect (?enrolled=12): digits only, else nullopt.
std::optional<int> CountParam(const HttpRequest& req, const std::string& key) {
  const std::string v = req.Query(key);
  const bool digits =
      std::all_of(v.begin(), v.end(), [](char ch) { return ch >= '0' && ch <= '9'; });
  if (v.empty() || v.size() > 6 || !digits) return std::nullopt;
  return std::stoi(v);
}

// A catalogue message with `value` in place of every "{name}".
std::string Fill(std::string text, const std::string& name, const std::string& value) {
  const std::string mark = "{" + name + "}";
  for (size_t at = text.find(mark); at != std::string::npos; at = text.find(mark, at)) {
    text.replace(at, mark.size(), value);
    at += value.size();
  }
  return text;
}

// "83,3%" (vi) or "83.3%" (en): one decimal at most.
std::string Percent(double value, const std::string& lang) {
  const double tenths = std::round(value * 10);
  char buf[32];
  std::snprintf(buf, sizeof buf, std::fmod(tenths, 10) == 0 ? "%.0f" : "%.1f", tenths / 10);
  std::string out = buf;
  if (lang == "vi") std::replace(out.begin(), out.end(), '.', ',');
  return out + "%";
}

// The model every trainer page of a course starts from.
json CourseModel(const WebContext& ctx, const HttpRequest& req, const courses::StoredCourse& c,
                 const std::string& title_key, const std::string& section) {
  const std::string lang = ChooseLanguage(req);
  const auto& p = c.package;
  const ShownText title = ShowText(lang, p.title, p.title_en, p.language);
  json m = AdminPageModel(ctx, req, Say(ctx, req, title_key) + " – " + title.text);
  m["course"] = {{"slug", p.slug},
                 {"title", title.text},
                 {"url", CourseUrl(p.slug)},
                 {"enrolments_url", CourseUrl(p.slug, "/enrolments")},
                 {"results_url", CourseUrl(p.slug, "/results")},
                 {"csv_url", CourseUrl(p.slug, "/results.csv")}};
  m["course"]["title_lang"] = LangOrNull(title.lang);
  m["section"] = {{section, true}};
  return m;
}

// --- enrolments ---

// The form values typed, kept when a form is shown again.
struct EnrolForm {
  std::string username, site, staff_category;
};

HttpResponse EnrolmentsPage(const WebContext& ctx, const HttpRequest& req,
                            const courses::StoredCourse& c, const FormErrors& errors,
                            const EnrolForm& form, int status) {
  auto list = ctx.learning->CourseEnrolments(req.visitor.actor(), c.package.slug);
  if (!list.ok()) return StatusResponse(ctx, req, list.status());
  json m = CourseModel(ctx, req, c, "trainer_enrolments_title", "enrolments");
  json items = json::array();
  for (const auto& e : *list) {
    items.push_back({{"id", std::to_string(e.id)},
                     {"display_name", e.display_name},
                     {"username", e.username},
                     {"site", e.site_code},
                     {"since", LocalTime(e.enrolled_at)},
                     {"since_iso", e.enrolled_at},
                     {"source_label", Say(ctx, req, "trainer_source_" + e.source)},
                     {"withdraw_url", "/enrolments/" + std::to_string(e.id) + "/withdraw"}});
  }
  m["has_enrolments"] = !items.empty();
  m["count"] = std::to_string(items.size());
  m["enrolments"] = std::move(items);
  const auto created = CountParam(req, "enrolled");
  if (created && status == 200) {
    const int before = CountParam(req, "already").value_or(0);
    std::string text = Say(ctx, req, before > 0 ? "trainer_summary" : "trainer_summary_new_only");
    text = Fill(Fill(text, "created", std::to_string(*created)), "already", std::to_string(before));
    m["summary"] = text;
  }
  m["withdrawn"] = status == 200 && req.HasQuery("withdrawn");
  m["form"] = {{"username", form.username}, {"site", form.site}};
  m["categories"] = StaffCategoryOptions(req, form.staff_category);
  m["any_category"] = form.staff_category.empty();
  const size_t limit = ctx.options.max_upload_bytes;
  m["max_size"] = limit >= 1024 * 1024 && limit % (1024 * 1024) == 0
                      ? std::to_string(limit / (1024 * 1024)) + " MiB"
                      : std::to_string(limit / 1024) + " KiB";
  errors.Into(m);
  return PageResponse(ctx, req, "trainer_enrolments", m, status);
}

// The course named in the path; the 404 page when there is none.
struct CourseOrPage {
  std::shared_ptr<const app::CatalogSnapshot> snapshot;
  const courses::StoredCourse* course = nullptr;
  std::optional<HttpResponse> refused;
};
CourseOrPage FindCourse(const WebContext& ctx, const HttpRequest& req, const std::string& slug) {
  CourseOrPage out;
  auto snap = ctx.courses->Catalog();
  if (!snap.ok()) {
    out.refused = StatusResponse(ctx, req, snap.status());
    return out;
  }
  out.snapshot = *snap;
  out.course = out.snapshot->Find(slug);
  if (out.course == nullptr) {
    out.refused = StatusResponse(ctx, req, app::CourseNotFound(slug));
  }
  return out;
}

// A trainer's page of the course named in the path (":slug"): `Page` with
// the course, after RequireAdminArea and FindCourse.
using CourseHandler = HttpResponse (*)(const WebContext&, const HttpRequest&,
                                       const courses::StoredCourse&);
template <CourseHandler Page>
HttpResponse ForCourse(const WebContext& ctx, const HttpRequest& req) {
  if (auto refused = RequireAdminArea(ctx, req)) return *refused;
  auto course_found = FindCourse(ctx, req, req.params.at("slug"));
  if (course_found.refused) return *course_found.refused;
  return Page(ctx, req, *course_found.course);
}

HttpResponse ShowEnrolments(const WebContext& ctx, const HttpRequest& req,
                            const courses::StoredCourse& course) {
  return EnrolmentsPage(ctx, req, course, FormErrors(), EnrolForm(), 200);
}

// A refusal of LearningService::Enrol in the visitor's words (the
// catalogue's message for its reason, with its line or names filled in), on
// the form field the refusal names, or else on `field`, the form that was sent.
std::pair<std::string, std::string> WhyNot(const WebContext& ctx, const HttpRequest& req,
                                           const Status& s, const std::string& field) {
  static const std::set<std::string> kFields = {"username", "site", "staff_category", "file"};
  const std::string on = kFields.count(s.field()) > 0 ? s.field() : field;
  return {on, SayRefusal(*ctx.i18n, ChooseLanguage(req), s)};
}

// Runs one enrolment request: 303 back with the summary, or the page again.
HttpResponse RunEnrol(const WebContext& ctx, const HttpRequest& req,
                      const courses::StoredCourse& c, const app::EnrolRequest& r,
                      const EnrolForm& form, const std::string& field) {
  auto out = ctx.learning->Enrol(req.visitor.actor(), r);
  if (!out.ok()) {
    const int status = HttpStatusFor(out.status());
    if (status >= 500 || status == 403) return StatusResponse(ctx, req, out.status());
    FormErrors errors;
    auto [on, text] = WhyNot(ctx, req, out.status(), field);
    errors.Add(on, text);
    return EnrolmentsPage(ctx, req, c, errors, form, status);
  }
  return Redirect(CourseUrl(c.package.slug, "/enrolments") +
                  "?enrolled=" + std::to_string(out->created.size()) +
                  "&already=" + std::to_string(out->already_enrolled));
}

HttpResponse Enrol(const WebContext& ctx, const HttpRequest& req,
                   const courses::StoredCourse& course) {
  auto fields = FormFields::Read(req);
  if (!fields) return BadForm(ctx, req);
  EnrolForm form{fields->Trimmed("username"), fields->Trimmed("site"),
                 fields->Trimmed("staff_category")};
  app::EnrolRequest r;
  r.course = course.package.slug;
  FormErrors errors;
  std::string field;
  if (fields->Get("by") == "group") {
    // Neither a site nor a category would mean "enrol me": ask instead.
    if (form.site.empty() && form.staff_category.empty()) {
      errors.Add("site", Say(ctx, req, "trainer_err_group_empty"));
    }
    if (!form.site.empty()) r.site = form.site;
    if (!form.staff_category.empty()) r.staff_category = form.staff_category;
    field = form.site.empty() ? "staff_category" : "site";
  } else {
    if (form.username.empty()) errors.Add("username", Say(ctx, req, "form_required"));
    r.username = form.username;
    field = "username";
  }
  if (!errors.empty()) return EnrolmentsPage(ctx, req, course, errors, form, 400);
  return RunEnrol(ctx, req, course, r, form, field);
}

HttpResponse EnrolFromCsv(const WebContext& ctx, const HttpRequest& req,
                          const courses::StoredCourse& course) {
  auto parts = ParseMultipart(req.Header("content-type"), req.body);
  if (!parts.ok()) return BadForm(ctx, req);
  const FormPart* file = FindPart(*parts, "file");
  if (file == nullptr || Trim(file->data).empty()) {
    FormErrors errors;
    errors.Add("file", Say(ctx, req, "trainer_err_no_file"));
    return EnrolmentsPage(ctx, req, course, errors, EnrolForm(), 400);
  }
  app::EnrolRequest r;
  r.course = course.package.slug;
  r.csv = file->data;
  return RunEnrol(ctx, req, course, r, EnrolForm(), "file");
}

// The question before a withdrawal, naming the learner: only an open
// enrolment of the course that the actor sees is named, anything else gets
// the page the withdrawal itself would answer (gone).
HttpResponse ConfirmWithdraw(const WebContext& ctx, const HttpRequest& req,
                             const courses::StoredCourse& course, std::optional<int64_t> id) {
  auto list = ctx.learning->CourseEnrolments(req.visitor.actor(), course.package.slug);
  if (!list.ok()) return StatusResponse(ctx, req, list.status());
  const auto e = std::find_if(list->begin(), list->end(),
                              [&](const auto& one) { return id && one.id == *id; });
  if (e == list->end()) {
    FormErrors errors;
    errors.Add("", Say(ctx, req, "trainer_err_withdraw_gone"));
    return EnrolmentsPage(ctx, req, course, errors, EnrolForm(), 404);
  }
  const std::string lang = ChooseLanguage(req);
  const auto& p = course.package;
  const std::vector<std::pair<std::string, std::string>> what = {
      {"name", e->display_name + " (" + e->username + ")"},
      {"course", ShowText(lang, p.title, p.title_en, p.language).text}};
  return ConfirmationPage(ctx, req,
                          {SayWith(ctx, req, "admin_confirm_withdraw_question", what),
                           SayWith(ctx, req, "admin_confirm_withdraw_consequence", what),
                           "/enrolments/" + std::to_string(e->id) + "/withdraw",
                           {{"course", p.slug}},
                           CourseUrl(p.slug, "/enrolments")});
}

HttpResponse Withdraw(const WebContext& ctx, const HttpRequest& req) {
  if (auto refused = RequireAdminArea(ctx, req)) return *refused;
  auto fields = FormFields::Read(req);
  if (!fields) return BadForm(ctx, req);
  auto course_found = FindCourse(ctx, req, fields->Trimmed("course"));
  if (course_found.refused) return *course_found.refused;
  const courses::StoredCourse& course = *course_found.course;
  const auto id = ParseId(req.params.at("id"));
  if (!Confirmed(*fields)) return ConfirmWithdraw(ctx, req, course, id);
  // Only an open enrolment of this course that the actor sees: another
  // course's, one out of scope or one withdrawn already are not found
  // (withdrawn twice: Conflict, shown the same way).
  Status s = id ? ctx.learning->Withdraw(req.visitor.actor(), *id, course.package.slug)
                : Status::NotFound("no such enrolment");
  if (!s.ok()) {
    const int status = HttpStatusFor(s);
    if (status >= 500 || status == 403) return StatusResponse(ctx, req, s);
    FormErrors errors;
    errors.Add("", Say(ctx, req, "trainer_err_withdraw_gone"));
    return EnrolmentsPage(ctx, req, course, errors, EnrolForm(), status);
  }
  return Redirect(CourseUrl(course.package.slug, "/enrolments") + "?withdrawn=1");
}

// --- results ---

// The results of the course's quiz in the actor's scope. REQUIRES: signed in.
Result<app::QuizResults> CourseResults(const WebContext& ctx, const HttpRequest& req,
                                       const courses::StoredCourse& c) {
  auto quiz = ctx.learning->QuizForCourse(&*req.visitor.user, c.package.slug);
  if (!quiz.ok()) return quiz.status();
  return ctx.learning->Results(req.visitor.actor(), quiz->quiz_id);
}

json LearnerRows(const HttpRequest& req, const app::QuizResults& r) {
  const std::string lang = ChooseLanguage(req);
  std::map<int64_t, const assessments::ResultRow*> last;  // by user: the latest attempt
  for (const auto& a : r.attempts) {
    const assessments::ResultRow*& l = last[a.user_id];
    if (l == nullptr ||
        std::make_tuple(ParseIso8601(a.submitted_at), a.attempt_id) >
            std::make_tuple(ParseIso8601(l->submitted_at), l->attempt_id)) {
      l = &a;
    }
  }
  json rows = json::array();
  for (const auto& l : r.learners) {
    json row = {{"display_name", l.display_name},
                {"username", l.username},
                {"site", l.site_code},
                {"attempts", std::to_string(l.attempts)},
                {"passed", l.passed},
                {"last", LocalTime(l.last_submitted_at)}};
    if (l.counted_percentage) row["result"] = Percent(*l.counted_percentage, lang);
    if (auto it = last.find(l.user_id); it != last.end()) {
      row["attempt_url"] = "/attempts/" + std::to_string(it->second->attempt_id);
    }
    rows.push_back(std::move(row));
  }
  return rows;
}

json QuestionRows(const HttpRequest& req, const app::QuizResults& r) {
  const std::string lang = ChooseLanguage(req);
  const courses::UrlResolver resolver = app::PackageUrlResolver(r.course_slug);
  json rows = json::array();
  for (const auto& q : r.questions) {
    json row = {{"id", q.question_id},
                {"answered", std::to_string(q.stat.answered)},
                {"correct", std::to_string(q.stat.correct)},
                {"partial", std::to_string(q.stat.partial)},
                {"incorrect", std::to_string(q.stat.incorrect)},
                {"success", Percent(q.success_percent, lang)}};
    // cmark in safe mode: raw HTML and javascript: links are neutralised.
    if (!q.stem_markdown.empty()) {
      row["stem_html"] = courses::RenderMarkdown(q.stem_markdown, resolver).html;
    }
    rows.push_back(std::move(row));
  }
  return rows;
}

HttpResponse ShowResults(const WebContext& ctx, const HttpRequest& req,
                         const courses::StoredCourse& course) {
  json m = CourseModel(ctx, req, course, "trainer_results_title", "results");
  m["has_quiz"] = course.package.quiz.has_value();
  if (!course.package.quiz) return PageResponse(ctx, req, "trainer_results", m);
  auto r = CourseResults(ctx, req, course);
  if (!r.ok()) return StatusResponse(ctx, req, r.status());
  json learners = LearnerRows(req, *r);
  json questions = QuestionRows(req, *r);
  m["pass_mark"] = Percent(r->settings.pass_mark, ChooseLanguage(req));
  m["has_learners"] = !learners.empty();
  m["learners"] = std::move(learners);
  m["has_questions"] = !questions.empty();
  m["questions"] = std::move(questions);
  return PageResponse(ctx, req, "trainer_results", m);
}

HttpResponse ResultsCsv(const WebContext& ctx, const HttpRequest& req,
                        const courses::StoredCourse& course) {
  if (!course.package.quiz) {
    return StatusResponse(ctx, req, Status::NotFound("no quiz").WithReason("quiz_not_found"));
  }
  auto r = CourseResults(ctx, req, course);
  if (!r.ok()) return StatusResponse(ctx, req, r.status());
  // The slug is a catalogue slug (lower-case letters, digits, '-').
  return Attachment("text/csv; charset=utf-8", QuizResultsCsv(*r),
                    course.package.slug + "-results.csv");
}

}  // namespace

void AddTrainerPageRoutes(Router& r, const WebContext& ctx) {
  const RouteList on(r, ctx);
  on("GET", "/courses/:slug/enrolments", ForCourse<ShowEnrolments>);
  on("POST", "/courses/:slug/enrolments", ForCourse<Enrol>);
  // A CSV file may be larger than a form: up to SiteOptions::max_upload_bytes.
  on("POST", "/courses/:slug/enrolments/import", ForCourse<EnrolFromCsv>, kUploadRoute);
  // The course is the form's: the path names the enrolment.
  on("POST", "/enrolments/:id/withdraw", Withdraw);
  on("GET", "/courses/:slug/results", ForCourse<ShowResults>);
  on("GET", "/courses/:slug/results.csv", ForCourse<ResultsCsv>);
}

}  // namespace lophoc::http
