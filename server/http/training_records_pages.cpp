// The manager's pages of a person's retraining (docs/retraining.md): the
// "Chương trình bồi dưỡng" page of an account in the admin area (each
// programme's standing today and why it applies, every certification with
// its source, evidence and revocation, the person's exemptions) with its
// forms (record prior learning, add or end an exemption, revoke), and the
// page that imports prior learning from a CSV file. Forms carry the CSRF
// token (checked by the site); TrainingRecords checks role and scope.
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "kernel/text.h"
#include "server/app/assignment_service.h"
#include "server/app/programme_service.h"
#include "server/app/training_records.h"
#include "server/http/admin_pages.h"
#include "server/http/multipart.h"
#include "server/http/programme_presenters.h"
#include "server/http/request_util.h"
#include "server/http/shown_text.h"
#include "server/http/web_app.h"

namespace lophoc::http {
namespace {

using nlohmann::json;
using people::Role;

std::string UserUrl(int64_t id) { return "/admin/users/" + std::to_string(id) + "/programmes"; }

json HistoryRows(const WebContext& ctx, const std::string& lang, const Reader& reader,
                 const app::ProgrammeHistory& h, bool may_revoke) {
  json rows = json::array();
  for (size_t i = h.certifications.size(); i-- > 0;) {  // newest first
    const auto& c = h.certifications[i];
    json row = {{"id", c.id},
                {"completed", FormatLocalDate(c.completed)},
                {"valid_until", c.valid_until ? FormatLocalDate(*c.valid_until)
                                              : ctx.i18n->Text(lang, "prog_never")},
                {"source", ctx.i18n->Text(lang, "prog_source_" + c.source)},
                {"recorded_by", c.recorded_by_name},
                {"evidence", c.evidence},
                {"why", ValidityInWords(reader, h.programme.programme, h.certifications, i)},
                {"revoke_url", "/admin/certifications/" + std::to_string(c.id) + "/revoke"},
                {"may_revoke", may_revoke && !c.revoked_on}};
    if (c.revoked_on) {
      row["revoked_on"] = FormatLocalDate(*c.revoked_on);
      row["revoked_reason"] = c.revoked_reason;
    }
    rows.push_back(std::move(row));
  }
  return rows;
}

// The programmes given to the person individually, and the form to give one
// (managers of the person's unit and admins: docs/retraining.md "Assignment").
void AddAssignments(const WebContext& ctx, const HttpRequest& req, int64_t user_id,
                    const std::string& lang, const json& form, json& m) {
  if (ctx.assignments == nullptr) return;
  const people::Actor a = req.visitor.actor();
  auto given = ctx.assignments->Of(a, user_id);
  if (!given.ok()) return;
  auto programmes = ctx.programmes != nullptr ? ctx.programmes->List()
                                              : Result<std::vector<courses::StoredProgramme>>(
                                                    std::vector<courses::StoredProgramme>{});
  std::map<std::string, std::string> titles;
  json options = json::array();
  const std::string chosen = form.is_object() ? form.value("as_programme", "") : "";
  if (programmes.ok()) {
    for (const auto& s : *programmes) {
      const courses::Programme& p = s.programme;
      const ShownText title = ShowText(lang, p.title, p.title_en);
      titles[p.slug] = title.text;
      if (s.retired()) continue;
      json option = {{"slug", p.slug}, {"title", title.text}, {"selected", p.slug == chosen}};
      option["title_lang"] = LangOrNull(title.lang);
      options.push_back(std::move(option));
    }
  }
  json list = json::array();
  for (const auto& x : *given) {
    const auto t = titles.find(x.programme);
    list.push_back({{"id", x.id},
                    {"title", t == titles.end() ? x.programme : t->second},
                    {"starts", FormatLocalDate(x.starts_on)},
                    {"last", x.ends_on ? FormatLocalDate(*x.ends_on) : std::string()},
                    {"reason", x.reason},
                    {"by", x.assigned_by_name},
                    {"end_url", "/admin/assignments/" + std::to_string(x.id) + "/end"},
                    {"may_end", x.ended_at.empty()}});
  }
  m["assignments"] = list;
  m["has_assignments"] = !list.empty();
  m["may_assign"] = a.Has(Role::kManager) || a.Has(Role::kAdmin);
  m["programme_options"] = options;
  m["assign_url"] = "/admin/users/" + std::to_string(user_id) + "/assignments";
}

// The person's page; `errors` and `form` when a form was refused.
HttpResponse PersonPage(const WebContext& ctx, const HttpRequest& req, int64_t id,
                        const FormErrors& errors, const json& form, int status) {
  const people::Actor a = req.visitor.actor();
  auto person = ctx.records->ProgrammesOf(a, id, std::nullopt);
  if (!person.ok()) return StatusResponse(ctx, req, person.status());
  auto history = ctx.records->CertificationsOf(a, id);
  if (!history.ok()) return StatusResponse(ctx, req, history.status());
  const std::string lang = ChooseLanguage(req);
  const people::User& u = person->user;
  const Reader reader{ctx.i18n, lang, u.display_name};
  json m = AdminPageModel(ctx, req, Say(ctx, req, "prog_person_title") + ": " + u.display_name);
  m["person"] = {{"display_name", u.display_name},
                 {"username", u.username},
                 {"url", "/admin/users/" + std::to_string(u.id)},
                 {"id", u.id},
                 {"prior_url", "/admin/users/" + std::to_string(u.id) + "/prior-learning"},
                 {"exempt_url", "/admin/users/" + std::to_string(u.id) + "/exemptions"}};
  json programmes = json::array();
  for (const auto& s : person->standings) {
    const courses::Programme& p = s.programme.programme;
    json item = {{"slug", p.slug},
                 {"standing", std::string(training::StandingName(s.on.standing))},
                 {"standing_text", StandingInWords(reader, s.on)},
                 {"applies", AppliesInWords(reader, s)}};
    PutShown(item, lang, p.title, p.title_en);
    programmes.push_back(std::move(item));
  }
  m["programmes"] = programmes;
  m["has_programmes"] = !programmes.empty();
  json histories = json::array();
  for (const auto& h : history->programmes) {
    histories.push_back({{"title", h.programme.programme.title},
                         {"rows", HistoryRows(ctx, lang, reader, h, a.Has(Role::kAdmin))}});
  }
  m["histories"] = histories;
  m["has_histories"] = !histories.empty();
  app::ExemptionQuery q;
  q.user_id = u.id;
  auto exemptions = ctx.records->ListExemptions(a, q);
  m["may_exempt"] = exemptions.ok();
  if (exemptions.ok()) {
    json list = json::array();
    for (const auto& e : *exemptions) {
      json item = ExemptionJson(e);
      item["starts"] = FormatLocalDate(e.starts_on);
      item["last"] = FormatLocalDate(e.last_day());
      item["every_programme"] = e.programme.empty();
      item["end_url"] = "/admin/exemptions/" + std::to_string(e.id) + "/end";
      item["may_end"] = !e.ended_on;
      list.push_back(std::move(item));
    }
    m["exemptions"] = list;
  }
  AddAssignments(ctx, req, u.id, lang, form, m);
  // The exemption's programme: one of those in use, or every programme.
  if (ctx.programmes != nullptr) {
    const std::string chosen = form.is_object() ? form.value("ex_programme", "") : "";
    json options = json::array();
    if (auto all = ctx.programmes->List(); all.ok()) {
      for (const auto& s : *all) {
        if (s.retired()) continue;
        const courses::Programme& p = s.programme;
        json option = {{"slug", p.slug}, {"selected", p.slug == chosen}};
        PutShown(option, lang, p.title, p.title_en, "vi", "title", "title_lang");
        options.push_back(std::move(option));
      }
    }
    m["exempt_options"] = options;
  }
  m["form"] = form.is_null() ? json::object() : form;
  m["done"] = req.HasQuery("done") ? Say(ctx, req, "prog_done_" + req.Query("done")) : "";
  static const std::set<std::string> kDone = {"recorded", "exempted", "revoked",
                                               "ended",    "assigned", "unassigned"};
  if (req.HasQuery("done") && kDone.count(req.Query("done")) == 0) {
    m["done"] = "";
  }
  HttpResponse res = FormPage(ctx, req, "admin_person_programmes", std::move(m), errors, status);
  NoStore(res);
  return res;
}

std::optional<int64_t> PathId(const HttpRequest& req) { return ParseId(req.params.at("id")); }

HttpResponse ShowPerson(const WebContext& ctx, const HttpRequest& req) {
  if (auto refused = RequireAdminArea(ctx, req)) return *refused;
  auto id = PathId(req);
  if (!id) return StatusResponse(ctx, req, app::UserNotFound(req.params.at("id")));
  return PersonPage(ctx, req, *id, FormErrors(), json(), 200);
}

// The page again with the refusal `s` said on its field.
HttpResponse Refused(const WebContext& ctx, const HttpRequest& req, int64_t id, const Status& s,
                     const std::set<std::string>& fields, const json& form) {
  return RefusedForm(ctx, req, s, fields, {}, [&](const FormErrors& errors, int status) {
    return PersonPage(ctx, req, id, errors, form, status);
  });
}

HttpResponse RecordPriorLearning(const WebContext& ctx, const HttpRequest& req,
                                 const FormFields& form) {
  auto id = PathId(req);
  if (!id) return StatusResponse(ctx, req, app::UserNotFound(req.params.at("id")));
  app::PriorLearningInput in;
  const std::string what = form.Get("what");
  const std::string slug = form.Get("slug");
  (what == "programme" ? in.programme : in.course) = slug;
  in.date = form.Get("date");
  in.evidence = form.Get("evidence");
  Status done = ctx.records->RecordPriorLearning(req.visitor.actor(), *id, in);
  if (!done.ok()) {
    const json kept = {{"is_programme", what == "programme"},
                       {"slug", slug},
                       {"date", in.date},
                       {"evidence", in.evidence}};
    return Refused(ctx, req, *id, done, {"date", "evidence"}, kept);
  }
  return Redirect(UserUrl(*id) + "?done=recorded");
}

HttpResponse AddExemption(const WebContext& ctx, const HttpRequest& req, const FormFields& form) {
  auto id = PathId(req);
  if (!id) return StatusResponse(ctx, req, app::UserNotFound(req.params.at("id")));
  app::ExemptionInput in;
  in.user_id = *id;
  in.programme = form.Get("programme");
  in.reason = form.Get("reason");
  in.starts_on = form.Get("starts_on");
  in.ends_on = form.Get("ends_on");
  auto e = ctx.records->AddExemption(req.visitor.actor(), in);
  if (!e.ok()) {
    const json kept = {{"ex_programme", in.programme},
                       {"reason", in.reason},
                       {"starts_on", in.starts_on},
                       {"ends_on", in.ends_on}};
    return Refused(ctx, req, *id, e.status(), {"reason", "starts_on", "ends_on"}, kept);
  }
  return Redirect(UserUrl(*id) + "?done=exempted");
}

HttpResponse EndExemption(const WebContext& ctx, const HttpRequest& req, const FormFields& form) {
  auto id = PathId(req);
  if (!id) return StatusResponse(ctx, req, Status::NotFound("no exemption"));
  auto e = ctx.records->EndExemption(req.visitor.actor(), *id, form.Get("on"));
  if (!e.ok()) {
    auto found = ctx.records->ListExemptions(req.visitor.actor(), {});
    const int http = HttpStatusFor(e.status());
    if (http == 404 || http == 403 || http >= 500) return StatusResponse(ctx, req, e.status());
    // Back to the person's page, the refusal said at the top.
    int64_t user = 0;
    if (found.ok()) {
      for (const auto& x : *found) {
        if (x.id == *id) user = x.user_id;
      }
    }
    if (user == 0) return StatusResponse(ctx, req, e.status());
    return Refused(ctx, req, user, e.status(), {}, json());
  }
  return Redirect(UserUrl(e->user_id) + "?done=ended");
}

HttpResponse Revoke(const WebContext& ctx, const HttpRequest& req, const FormFields& form) {
  auto id = PathId(req);
  if (!id) return StatusResponse(ctx, req, Status::NotFound("no certification"));
  auto c = ctx.records->Revoke(req.visitor.actor(), *id, form.Get("reason"), form.Get("on"));
  if (!c.ok()) {
    const int http = HttpStatusFor(c.status());
    const std::string user = form.Get("user_id");
    auto user_id = ParseId(user);
    if (http == 404 || http == 403 || http >= 500 || !user_id) {
      return StatusResponse(ctx, req, c.status());
    }
    return Refused(ctx, req, *user_id, c.status(), {}, json());
  }
  return Redirect(UserUrl(c->user_id) + "?done=revoked");
}

HttpResponse AssignProgramme(const WebContext& ctx, const HttpRequest& req,
                             const FormFields& form) {
  auto id = PathId(req);
  if (!id) return StatusResponse(ctx, req, app::UserNotFound(req.params.at("id")));
  app::AssignInput in;
  in.programme = form.Get("programme");
  in.reason = form.Get("reason");
  const json kept = {{"as_programme", in.programme},
                     {"as_reason", in.reason},
                     {"as_starts_on", form.Get("starts_on")}};
  // Said on the assignment form's own fields (the exemption form has a reason too).
  const auto refused = [&](const Status& why) {
    return RefusedForm(
        ctx, req, why, {"as_programme", "as_reason", "as_starts_on"},
        {{"programme", "as_programme"}, {"reason", "as_reason"}, {"starts_on", "as_starts_on"}},
        [&](const FormErrors& errors, int status) {
          return PersonPage(ctx, req, *id, errors, kept, status);
        });
  };
  if (!form.Get("starts_on").empty()) {
    in.starts_on = ParseDayText(form.Get("starts_on"));
    if (!in.starts_on) {
      return refused(Status::InvalidArgument("starts_on must be a date")
                         .WithReason("date_invalid")
                         .WithField("starts_on")
                         .WithParam("value", form.Get("starts_on").substr(0, 40)));
    }
  }
  auto made = ctx.assignments->Assign(req.visitor.actor(), *id, in);
  if (!made.ok()) {
    const int http = HttpStatusFor(made.status());
    if (http == 403 || http >= 500 || made.status().reason() == "user_not_found") {
      return StatusResponse(ctx, req, made.status());
    }
    return refused(made.status());
  }
  return Redirect(UserUrl(*id) + "?done=assigned");
}

HttpResponse EndAssignmentForm(const WebContext& ctx, const HttpRequest& req,
                               const FormFields& form) {
  auto id = PathId(req);
  if (!id) return StatusResponse(ctx, req, Status::NotFound("no assignment"));
  std::optional<LocalDate> on;
  if (!form.Get("on").empty()) {
    on = ParseDayText(form.Get("on"));
    if (!on) {
      return StatusResponse(ctx, req,
                            Status::InvalidArgument("on must be a date")
                                .WithReason("date_invalid")
                                .WithField("on")
                                .WithParam("value", form.Get("on").substr(0, 40)));
    }
  }
  auto ended = ctx.assignments->End(req.visitor.actor(), *id, on);
  if (!ended.ok()) return StatusResponse(ctx, req, ended.status());
  return Redirect(UserUrl(ended->user_id) + "?done=unassigned");
}

// --- the CSV import ---

HttpResponse ImportPage(const WebContext& ctx, const HttpRequest& req, const FormErrors& errors,
                        const json& rows, const std::string& csv, bool dry_run, int status,
                        const std::string& checked = "") {
  json m = AdminPageModel(ctx, req, Say(ctx, req, "prior_import_title"));
  m["row_errors"] = rows;
  m["has_row_errors"] = !rows.empty();
  m["csv"] = csv;
  m["dry_run"] = dry_run;
  if (req.HasQuery("recorded")) m["recorded"] = req.Query("recorded");
  if (!checked.empty()) m["checked"] = checked;
  return FormPage(ctx, req, "admin_prior_learning_import", std::move(m), errors, status);
}

HttpResponse ImportForm(const WebContext& ctx, const HttpRequest& req) {
  if (auto refused = RequireAdminArea(ctx, req)) return *refused;
  return ImportPage(ctx, req, FormErrors(), json::array(), "", false, 200);
}

HttpResponse Import(const WebContext& ctx, const HttpRequest& req) {
  if (auto refused = RequireAdminArea(ctx, req)) return *refused;
  std::string csv;
  bool dry_run = false;
  if (auto form = FormFields::Read(req)) {
    csv = form->Get("csv");
    dry_run = form->Checked("dry_run");
  } else {
    auto parts = ParseMultipart(req.Header("content-type"), req.body);
    if (!parts.ok()) return BadForm(ctx, req);
    const FormPart* file = FindPart(*parts, "file");
    const FormPart* text = FindPart(*parts, "csv");
    const FormPart* dry = FindPart(*parts, "dry_run");
    if (file != nullptr && !file->data.empty()) {
      csv = file->data;
    } else if (text != nullptr) {
      csv = text->data;
    }
    dry_run = dry != nullptr && !dry->data.empty() && dry->data != "0";
  }
  FormErrors errors;
  if (Trim(csv).empty()) {
    errors.Add("file", Say(ctx, req, "import_empty"));
    return ImportPage(ctx, req, errors, json::array(), "", dry_run, 400);
  }
  auto report = ctx.records->ImportPriorLearning(req.visitor.actor(), csv, dry_run);
  if (!report.ok()) {
    const int http = HttpStatusFor(report.status());
    if (http >= 500 || http == 403) return StatusResponse(ctx, req, report.status());
    std::string text = Explain(ctx, req, report.status(), {}).text;
    auto line = report.status().params().find("line");
    if (line != report.status().params().end()) {
      text = Say(ctx, req, "import_line") + " " + line->second + ": " + text;
    }
    errors.Add("file", text);
    return ImportPage(ctx, req, errors, json::array(), csv, dry_run, http);
  }
  if (!report->refused.empty()) {
    json rows = json::array();
    for (const auto& r : report->refused) {
      rows.push_back(
          {{"line", std::to_string(r.line)}, {"message", Explain(ctx, req, r.why, {}).text}});
    }
    errors.Add("", Say(ctx, req, "prior_import_refused"));
    return ImportPage(ctx, req, errors, rows, csv, dry_run, 400);
  }
  // After a clean dry run the same text can be recorded for real.
  if (dry_run) {
    return ImportPage(ctx, req, errors, json::array(), csv, false, 200,
                      std::to_string(report->rows));
  }
  return Redirect("/admin/prior-learning/import?recorded=" + std::to_string(report->recorded));
}

}  // namespace

void AddTrainingRecordsPageRoutes(Router& r, const WebContext& ctx) {
  const RouteList on(r, ctx);
  on("GET", "/admin/users/:id/programmes", ShowPerson);
  on("POST", "/admin/users/:id/prior-learning", PostedForm<RequireAdminArea, RecordPriorLearning>);
  on("POST", "/admin/users/:id/exemptions", PostedForm<RequireAdminArea, AddExemption>);
  on("POST", "/admin/exemptions/:id/end", PostedForm<RequireAdminArea, EndExemption>);
  on("POST", "/admin/certifications/:id/revoke", PostedForm<RequireAdminArea, Revoke>);
  if (ctx.assignments != nullptr) {
    on("POST", "/admin/users/:id/assignments", PostedForm<RequireAdminArea, AssignProgramme>);
    on("POST", "/admin/assignments/:id/end", PostedForm<RequireAdminArea, EndAssignmentForm>);
  }
  on("GET", "/admin/prior-learning/import", ImportForm);
  on("POST", "/admin/prior-learning/import", Import, kUploadRoute);
}

}  // namespace lophoc::http
