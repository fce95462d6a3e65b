// The programmes API (docs/openapi.json): the programmes in force, with
// their rule, paths, staff categories and site types, for any signed-in
// account. Thin handlers: one ProgrammeService read, presented as JSON.
#include <nlohmann/json.hpp>

#include "courses/programme_loader.h"
#include "kernel/calendar.h"
#include "server/app/certification_service.h"
#include "server/app/programme_service.h"
#include "server/http/json_views.h"
#include "server/http/request_util.h"
#include "server/http/web_app.h"

namespace lophoc::http {
namespace {

using nlohmann::json;

json RuleJson(const training::ValidityRule& r) {
  const bool fixed = r.rule == training::DateRule::kFixedDate;
  return {
      {"date_rule", std::string(training::DateRuleName(r.rule))},
      {"validity_months", r.validity_months},
      {"renewal_window_days", r.renewal_window_days},
      {"fixed_day", fixed ? json(courses::FixedDayText(r.fixed_day)) : json(nullptr)},
      {"min_validity_months", r.min_validity_months},
      {"grace_days", r.grace_days},
  };
}

json ProgrammeJson(const courses::StoredProgramme& s) {
  const courses::Programme& p = s.programme;
  return {
      {"slug", p.slug},
      {"title", p.title},
      {"title_en", NullIfEmpty(p.title_en)},
      {"description_markdown", p.description_markdown},
      {"staff_categories", p.staff_categories},
      {"site_types", p.site_types},
      {"paths", {{"initial", p.initial_courses}, {"refresher", p.refresher_courses}}},
      {"rule", RuleJson(p.rule)},
      {"revision", s.revision_number},
      {"revised_at", s.created_at},
  };
}

std::string DayOrNull(const std::optional<LocalDate>& d) {
  return d ? FormatIsoDate(*d) : std::string();
}

json CertificationJson(const training::CertificationRecord& c) {
  return {
      {"id", c.id},
      {"programme_revision", c.programme_revision},
      {"path", std::string(training::PathName(c.path))},
      {"completed_on", FormatIsoDate(c.completed)},
      {"valid_until", NullIfEmpty(DayOrNull(c.valid_until))},
      {"basis", std::string(training::BasisName(c.basis))},
      {"source", c.source},
      {"revoked_on", NullIfEmpty(DayOrNull(c.revoked_on))},
  };
}

json StandingJson(const app::ProgrammeStanding& s) {
  const courses::Programme& p = s.programme.programme;
  json current = nullptr;
  if (s.on.certification) current = CertificationJson(s.certifications[*s.on.certification]);
  return {
      {"programme",
       {{"slug", p.slug}, {"title", p.title}, {"title_en", NullIfEmpty(p.title_en)},
        {"revision", s.programme.revision_number}, {"rule", RuleJson(p.rule)}}},
      {"as_of", FormatIsoDate(s.day)},
      {"standing", std::string(training::StandingName(s.on.standing))},
      {"until", NullIfEmpty(DayOrNull(s.on.until))},
      {"since", NullIfEmpty(DayOrNull(s.on.since))},
      {"path", std::string(training::PathName(s.path))},
      {"courses_done", s.progress.done},
      {"courses_to_do", s.progress.missing},
      {"current", current},
      {"certifications", JsonArray(s.certifications, CertificationJson)},
  };
}

// ?as_of=2026-12-31 or 31/12/2026; absent: today.
Result<std::optional<LocalDate>> AsOf(const HttpRequest& req) {
  if (!req.HasQuery("as_of")) return std::optional<LocalDate>();
  const std::string text = req.Query("as_of");
  auto day = ParseDayText(text);
  if (!day) {
    return Status::InvalidArgument("as_of must be a date YYYY-MM-DD or DD/MM/YYYY")
        .WithReason("as_of_invalid")
        .WithField("as_of")
        .WithParam("value", text);
  }
  return std::optional<LocalDate>(day);
}

// The signed-in person's programmes, with their standing on ?as_of (today by
// default); certifications their completions earned are recorded first
// (StandingsOf).
HttpResponse MyProgrammes(const WebContext& ctx, const HttpRequest& req) {
  if (auto refused = RequireSignIn(ctx, req)) return *refused;
  auto as_of = AsOf(req);
  if (!as_of.ok()) return StatusResponse(ctx, req, as_of.status());
  return JsonAnswer(ctx, req, ctx.certifications->StandingsOf(*req.visitor.user, *as_of),
                    [](const auto& all) { return ItemsJson(all, StandingJson); });
}

HttpResponse ListProgrammes(const WebContext& ctx, const HttpRequest& req) {
  if (auto refused = RequireSignIn(ctx, req)) return *refused;
  return JsonAnswer(ctx, req, ctx.programmes->List(),
                    [](const auto& all) { return ItemsJson(all, ProgrammeJson); });
}

HttpResponse GetProgramme(const WebContext& ctx, const HttpRequest& req) {
  if (auto refused = RequireSignIn(ctx, req)) return *refused;
  return JsonAnswer(ctx, req, ctx.programmes->Get(req.params.at("slug")), ProgrammeJson);
}

}  // namespace

void AddProgrammeApiRoutes(Router& router, const WebContext& ctx) {
  const RouteList on(router, ctx);
  on("GET", "/api/v1/programmes", ListProgrammes);
  on("GET", "/api/v1/programmes/:slug", GetProgramme);
  on("GET", "/api/v1/me/programmes", MyProgrammes);
}

}  // namespace lophoc::http
