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
#include "server/http/programme_presenters.h"
#include "server/http/request_util.h"
#include "server/http/web_app.h"

namespace lophoc::http {
namespace {

using nlohmann::json;

// The signed-in person's programmes, with their standing on ?as_of (today by
// default); certifications their completions earned are recorded first
// (StandingsOf).
HttpResponse MyProgrammes(const WebContext& ctx, const HttpRequest& req) {
  if (auto refused = RequireSignIn(ctx, req)) return *refused;
  auto as_of = AsOfQuery(req);
  if (!as_of.ok()) return StatusResponse(ctx, req, as_of.status());
  const Reader reader{ctx.i18n, ChooseLanguage(req), ""};
  return JsonAnswer(ctx, req, ctx.certifications->StandingsOf(*req.visitor.user, *as_of),
                    [&reader](const auto& all) {
                      return ItemsJson(all, [&reader](const app::ProgrammeStanding& s) {
                        return StandingJson(reader, s);
                      });
                    });
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
  return {{"valid_until", d.valid_until ? json(FormatIsoDate(*d.valid_until)) : json(nullptr)},
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
