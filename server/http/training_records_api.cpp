// The API of other people's retraining records (docs/openapi.json;
// docs/retraining.md "Prior learning", "Revocation", "Exemptions"): a
// person's programmes and certifications, prior learning one by one or from
// CSV, revocation and exemptions. Thin handlers: parse, one TrainingRecords
// use case (which checks role and scope), present.
#include <nlohmann/json.hpp>

#include "server/app/training_records.h"
#include "server/http/json_views.h"
#include "server/http/programme_presenters.h"
#include "server/http/refusals.h"
#include "server/http/request_util.h"
#include "server/http/web_app.h"

namespace lophoc::http {
namespace {

using nlohmann::json;

// The ":id" of the path; a non-number is the same refusal as an unknown one.
Result<int64_t> PathId(const HttpRequest& req, Status not_found) {
  auto id = ParseId(req.params.at("id"));
  if (!id) return not_found;
  return *id;
}

Status NoUser(const HttpRequest& req) { return app::UserNotFound(req.params.at("id")); }

// A person's programmes and standings on ?as_of, with why each applies.
HttpResponse UserProgrammes(const WebContext& ctx, const HttpRequest& req) {
  if (auto refused = RequireSignIn(ctx, req)) return *refused;
  auto id = PathId(req, NoUser(req));
  if (!id.ok()) return StatusResponse(ctx, req, id.status());
  auto as_of = AsOfQuery(req);
  if (!as_of.ok()) return StatusResponse(ctx, req, as_of.status());
  auto person = ctx.records->ProgrammesOf(req.visitor.actor(), *id, *as_of);
  if (!person.ok()) return StatusResponse(ctx, req, person.status());
  const bool self = req.visitor.user->id == person->user.id;
  const Reader reader{ctx.i18n, ChooseLanguage(req), self ? "" : person->user.display_name};
  json items = json::array();
  for (const auto& s : person->standings) items.push_back(PersonStandingJson(reader, s));
  return JsonResponse(
      {{"user_id", person->user.id}, {"username", person->user.username}, {"items", items}});
}

HttpResponse UserCertifications(const WebContext& ctx, const HttpRequest& req) {
  if (auto refused = RequireSignIn(ctx, req)) return *refused;
  auto id = PathId(req, NoUser(req));
  if (!id.ok()) return StatusResponse(ctx, req, id.status());
  auto person = ctx.records->CertificationsOf(req.visitor.actor(), *id);
  if (!person.ok()) return StatusResponse(ctx, req, person.status());
  const bool self = req.visitor.user->id == person->user.id;
  const Reader reader{ctx.i18n, ChooseLanguage(req), self ? "" : person->user.display_name};
  json items = json::array();
  for (const auto& h : person->programmes) {
    json certs = json::array();
    for (size_t i = 0; i < h.certifications.size(); ++i) {
      certs.push_back(CertificationJson(reader, h.programme.programme, h.certifications, i));
    }
    items.push_back({{"programme",
                      {{"slug", h.programme.programme.slug},
                       {"title", h.programme.programme.title},
                       {"retired", h.programme.retired()}}},
                     {"certifications", certs}});
  }
  return JsonResponse(
      {{"user_id", person->user.id}, {"username", person->user.username}, {"items", items}});
}

// POST {"course": slug | "programme": slug, "date", "evidence"}: 201 with
// the person's certifications afterwards.
HttpResponse RecordPriorLearning(const WebContext& ctx, const HttpRequest& req) {
  if (auto refused = RequireSignIn(ctx, req)) return *refused;
  auto id = PathId(req, NoUser(req));
  if (!id.ok()) return StatusResponse(ctx, req, id.status());
  auto body = JsonFields::Parse(req.body, {"course", "programme", "date", "evidence"});
  if (!body.ok()) return StatusResponse(ctx, req, body.status());
  app::PriorLearningInput in;
  in.course = body->String("course").value_or("");
  in.programme = body->String("programme").value_or("");
  in.date = body->Required("date");
  in.evidence = body->String("evidence").value_or("");
  if (!body->status().ok()) return StatusResponse(ctx, req, body->status());
  Status done = ctx.records->RecordPriorLearning(req.visitor.actor(), *id, in);
  if (!done.ok()) return StatusResponse(ctx, req, done);
  HttpResponse res = UserCertifications(ctx, req);
  if (res.status == 200) res.status = 201;
  return res;
}

// POST text/csv, ?dry_run=1: 200 with the report; 422 when rows are refused
// (then nothing is stored).
HttpResponse ImportPriorLearning(const WebContext& ctx, const HttpRequest& req) {
  if (auto refused = RequireSignIn(ctx, req)) return *refused;
  auto flags = CsvUploadDryRun(req);
  if (!flags.ok()) return StatusResponse(ctx, req, flags.status());
  const bool dry_run = *flags;
  auto report = ctx.records->ImportPriorLearning(req.visitor.actor(), req.body, dry_run);
  if (!report.ok()) return StatusResponse(ctx, req, report.status());
  const std::string lang = ChooseLanguage(req);
  json errors = json::array();
  for (const auto& e : report->refused) {
    errors.push_back({{"line", e.line},
                      {"field", e.why.field()},
                      {"reason", ReasonOf(e.why)},
                      {"message", e.why.message()},
                      {"text", SayRefusal(*ctx.i18n, lang, e.why)},
                      {"params", e.why.params()}});
  }
  return JsonResponse({{"dry_run", dry_run},
                       {"rows", report->rows},
                       {"recorded", report->recorded},
                       {"errors", errors}},
                      report->refused.empty() ? 200 : 422);
}

Status NoCertification(const HttpRequest& req) {
  return Status::NotFound("no certification " + req.params.at("id"))
      .WithReason("certification_not_found")
      .WithParam("id", req.params.at("id"));
}

// POST {"reason", "on"}: the certification as it is now.
HttpResponse Revoke(const WebContext& ctx, const HttpRequest& req) {
  if (auto refused = RequireSignIn(ctx, req)) return *refused;
  auto id = PathId(req, NoCertification(req));
  if (!id.ok()) return StatusResponse(ctx, req, id.status());
  auto body = JsonFields::Parse(req.body, {"reason", "on"});
  if (!body.ok()) return StatusResponse(ctx, req, body.status());
  const std::string reason = body->String("reason").value_or("");
  const std::string on = body->String("on").value_or("");
  if (!body->status().ok()) return StatusResponse(ctx, req, body->status());
  auto c = ctx.records->Revoke(req.visitor.actor(), *id, reason, on);
  if (!c.ok()) return StatusResponse(ctx, req, c.status());
  return JsonResponse({{"id", c->id},
                       {"user_id", c->user_id},
                       {"programme", c->programme},
                       {"completed_on", FormatIsoDate(c->completed)},
                       {"revoked_on", c->revoked_on ? FormatIsoDate(*c->revoked_on) : ""},
                       {"revoked_reason", c->revoked_reason}});
}

// ?user_id= and ?active_on= (a day) narrow the list.
HttpResponse ListExemptions(const WebContext& ctx, const HttpRequest& req) {
  if (auto refused = RequireSignIn(ctx, req)) return *refused;
  app::ExemptionQuery q;
  if (req.HasQuery("user_id")) {
    q.user_id = ParseId(req.Query("user_id"));
    if (!q.user_id) return StatusResponse(ctx, req, app::UserNotFound(req.Query("user_id")));
  }
  if (req.HasQuery("active_on")) {
    auto day = app::ParseDayField(req.Query("active_on"), "active_on");
    if (!day.ok()) return StatusResponse(ctx, req, day.status());
    q.active_on = *day;
  }
  return JsonAnswer(ctx, req, ctx.records->ListExemptions(req.visitor.actor(), q),
                    [](const auto& all) { return ItemsJson(all, ExemptionJson); });
}

HttpResponse AddExemption(const WebContext& ctx, const HttpRequest& req) {
  if (auto refused = RequireSignIn(ctx, req)) return *refused;
  auto body =
      JsonFields::Parse(req.body, {"user_id", "programme", "reason", "starts_on", "ends_on"});
  if (!body.ok()) return StatusResponse(ctx, req, body.status());
  app::ExemptionInput in;
  auto ids = json::parse(req.body, nullptr, false);
  if (!ids.is_object() || !ids.contains("user_id") || !ids["user_id"].is_number_integer()) {
    return StatusResponse(ctx, req,
                          Status::InvalidArgument("user_id must be an account's id")
                              .WithReason("invalid_argument")
                              .WithField("user_id"));
  }
  in.user_id = ids["user_id"].get<int64_t>();
  in.programme = body->String("programme").value_or("");
  in.reason = body->String("reason").value_or("");
  in.starts_on = body->Required("starts_on");
  in.ends_on = body->Required("ends_on");
  if (!body->status().ok()) return StatusResponse(ctx, req, body->status());
  return JsonAnswer(ctx, req, ctx.records->AddExemption(req.visitor.actor(), in), ExemptionJson,
                    201);
}

HttpResponse EndExemption(const WebContext& ctx, const HttpRequest& req) {
  if (auto refused = RequireSignIn(ctx, req)) return *refused;
  auto id = PathId(req, Status::NotFound("no exemption " + req.params.at("id"))
                            .WithReason("exemption_not_found")
                            .WithParam("id", req.params.at("id")));
  if (!id.ok()) return StatusResponse(ctx, req, id.status());
  auto body = JsonFields::Parse(req.body.empty() ? "{}" : req.body, {"on"});
  if (!body.ok()) return StatusResponse(ctx, req, body.status());
  const std::string on = body->String("on").value_or("");
  if (!body->status().ok()) return StatusResponse(ctx, req, body->status());
  return JsonAnswer(ctx, req, ctx.records->EndExemption(req.visitor.actor(), *id, on),
                    ExemptionJson);
}

}  // namespace

void AddTrainingRecordsApiRoutes(Router& router, const WebContext& ctx) {
  const RouteList on(router, ctx);
  on("GET", "/api/v1/users/:id/programmes", UserProgrammes);
  on("GET", "/api/v1/users/:id/certifications", UserCertifications);
  on("POST", "/api/v1/users/:id/certifications", RecordPriorLearning);
  on("POST", "/api/v1/certifications/import", ImportPriorLearning, kUploadRoute);
  on("POST", "/api/v1/certifications/:id/revoke", Revoke);
  on("GET", "/api/v1/exemptions", ListExemptions);
  on("POST", "/api/v1/exemptions", AddExemption);
  on("POST", "/api/v1/exemptions/:id/end", EndExemption);
}

}  // namespace lophoc::http
