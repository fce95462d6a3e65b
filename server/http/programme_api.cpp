// The programmes API (docs/openapi.json): the programmes in force, with
// their rule, paths, staff categories and site types, for any signed-in
// account; admins create and change them (ProgrammeEditing), with a preview
// of a change. Thin handlers: one use case, presented as JSON.
#include <nlohmann/json.hpp>

#include "courses/programme_loader.h"
#include "kernel/calendar.h"
#include "server/app/certification_service.h"
#include "server/app/programme_editing.h"
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
      {"source", s.source},
      {"retired", s.retired()},
      {"retired_at", NullIfEmpty(s.retired_at)},
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

// A programme's settings from a JSON body, named as a programme file's keys;
// `change`: a PATCH (no slug; retired and apply_to allowed).
Result<app::ProgrammeInput> ReadProgrammeInput(const std::string& body, bool change) {
  std::set<std::string> known = {"title",
                                 "title_en",
                                 "description",
                                 "staff_categories",
                                 "site_types",
                                 "initial_courses",
                                 "refresher_courses",
                                 "validity_months",
                                 "renewal_window_days",
                                 "date_rule",
                                 "fixed_day",
                                 "min_validity_months",
                                 "grace_days"};
  if (change) {
    known.insert({"retired", "apply_to"});
  } else {
    known.insert("slug");
  }
  LOPHOC_ASSIGN_OR_RETURN(JsonFields f, JsonFields::Parse(body, known));
  // Wide bounds: training::CheckRule says what a rule may be.
  constexpr int kMax = 100000;
  app::ProgrammeInput in;
  in.slug = f.String("slug");
  in.title = f.String("title");
  in.title_en = f.NullableString("title_en");
  in.description = f.String("description");
  in.staff_categories = f.Strings("staff_categories");
  in.site_types = f.Strings("site_types");
  in.initial_courses = f.Strings("initial_courses");
  in.refresher_courses = f.Strings("refresher_courses");
  in.validity_months = f.Int("validity_months", 0, kMax);
  in.renewal_window_days = f.Int("renewal_window_days", 0, kMax);
  in.date_rule = f.String("date_rule");
  in.fixed_day = f.String("fixed_day");
  in.min_validity_months = f.Int("min_validity_months", 0, kMax);
  in.grace_days = f.Int("grace_days", 0, kMax);
  in.retired = f.Bool("retired");
  const auto apply_to = f.String("apply_to");
  LOPHOC_RETURN_IF_ERROR(f.status());
  if (apply_to) {
    auto a = app::ApplyToFromName(*apply_to);
    if (!a) {
      return Status::InvalidArgument("apply_to must be future or current")
          .WithReason("programme_apply_to_invalid")
          .WithField("apply_to")
          .WithParam("value", *apply_to);
    }
    in.apply_to = *a;
  }
  return in;
}

json PersonJson(const app::PersonRef& p) {
  return {{"user", {{"id", p.user_id}, {"username", p.username}}},
          {"display_name", p.display_name},
          {"org", NullIfEmpty(p.org)}};
}

json DatingJson(const app::DatingToday& d) {
  return {{"valid_until", NullIfEmpty(DayOrNull(d.valid_until))},
          {"status", std::string(training::StandingName(d.standing))}};
}

json DateChangeJson(const app::DateChange& c) {
  json j = PersonJson(c.person);
  j["certification_id"] = c.certification_id;
  j["completed_on"] = FormatIsoDate(c.completed);
  j["before"] = DatingJson(c.before);
  j["after"] = DatingJson(c.after);
  j["after"]["basis"] = std::string(training::BasisName(c.basis));
  return j;
}

json PreviewJson(const app::ProgrammePreview& v) {
  return {
      {"apply_to", std::string(app::ApplyToName(v.apply_to))},
      {"as_of", FormatIsoDate(v.today)},
      {"new_revision", v.content_changed},
      {"retired", {{"before", v.retired_before}, {"after", v.retired_after}}},
      {"dates_changed", v.dates_changed},
      {"sample", JsonArray(v.sample, DateChangeJson)},
      {"assigned",
       {{"before", v.assigned_before},
        {"after", v.assigned_after},
        {"now_assigned",
         {{"count", v.now_assigned_count}, {"sample", JsonArray(v.now_assigned, PersonJson)}}},
        {"no_longer_assigned",
         {{"count", v.no_longer_assigned_count},
          {"sample", JsonArray(v.no_longer_assigned, PersonJson)}}}}},
  };
}

HttpResponse CreateProgramme(const WebContext& ctx, const HttpRequest& req) {
  if (auto refused = RequireSignIn(ctx, req)) return *refused;
  auto in = ReadProgrammeInput(req.body, false);
  if (!in.ok()) return StatusResponse(ctx, req, in.status());
  return JsonAnswer(ctx, req, ctx.programme_editing->Create(req.visitor.actor(), *in),
                    ProgrammeJson, 201);
}

// PATCH: saves the change; with ?preview=1 answers what it would do instead.
HttpResponse ChangeProgramme(const WebContext& ctx, const HttpRequest& req) {
  if (auto refused = RequireSignIn(ctx, req)) return *refused;
  auto in = ReadProgrammeInput(req.body, true);
  if (!in.ok()) return StatusResponse(ctx, req, in.status());
  const std::string& slug = req.params.at("slug");
  const people::Actor actor = req.visitor.actor();
  if (req.HasQuery("preview") && req.Query("preview") != "0") {
    return JsonAnswer(ctx, req, ctx.programme_editing->Preview(actor, slug, *in),
                      [](const app::ProgrammePreview& v) {
                        json j = PreviewJson(v);
                        j["preview"] = true;
                        return j;
                      });
  }
  return JsonAnswer(ctx, req, ctx.programme_editing->Update(actor, slug, *in),
                    [](const app::ProgrammeChange& c) {
                      json j = ProgrammeJson(c.programme);
                      j["change"] = PreviewJson(c.preview);
                      return j;
                    });
}

}  // namespace

void AddProgrammeApiRoutes(Router& router, const WebContext& ctx) {
  const RouteList on(router, ctx);
  on("GET", "/api/v1/programmes", ListProgrammes);
  on("GET", "/api/v1/programmes/:slug", GetProgramme);
  if (ctx.programme_editing != nullptr) {
    on("POST", "/api/v1/programmes", CreateProgramme);
    on("PATCH", "/api/v1/programmes/:slug", ChangeProgramme);
  }
  on("GET", "/api/v1/me/programmes", MyProgrammes);
}

}  // namespace lophoc::http
