// The directory API: org units, sites, accounts and the audit log, each
// within the caller's scope (docs/people.md), paginated and filterable by
// org unit (?org=CODE: that unit's subtree).
#include <nlohmann/json.hpp>

#include "kernel/text.h"
#include "server/app/people_csv.h"
#include "server/http/i18n.h"
#include "server/http/people_presenters.h"
#include "server/http/refusals.h"
#include "server/http/request_util.h"
#include "server/http/web_app.h"

namespace lophoc::http {
namespace {

using nlohmann::json;

// ?format=csv or "Accept: text/csv": the whole listing in the import format.
bool WantsCsv(const HttpRequest& req) {
  return req.Query("format") == "csv" || req.Header("accept").rfind("text/csv", 0) == 0;
}

HttpResponse CsvExport(const WebContext& ctx, const HttpRequest& req, app::CsvKind kind) {
  auto csv = ctx.people_csv->Export(req.visitor.actor(), kind, req.Query("org"));
  if (!csv.ok()) return StatusResponse(ctx, req, csv.status());
  std::string file = app::CsvKindName(kind);
  for (char& c : file) c = c == '_' ? '-' : c;
  return Attachment("text/csv; charset=utf-8", std::move(*csv), file + ".csv");
}

// One page of a listing (`list(paging)`), each item presented by `item`.
template <typename List, typename Present>
HttpResponse PageAnswer(const WebContext& ctx, const HttpRequest& req, List list, Present item) {
  auto listed = ListRequested(req, list);
  if (!listed.ok()) return StatusResponse(ctx, req, listed.status());
  const Paging& p = listed->paging;
  return JsonResponse(PageJson(listed->page, p.limit, p.offset, item));
}

// Each bad row as the error body says a refusal: "reason", "message" (for
// developers), "text" (in the reader's language) and "params".
json ReportJson(const WebContext& ctx, const HttpRequest& req, const app::CsvImportReport& r,
                bool dry_run) {
  const std::string lang = ChooseLanguage(req);
  json errors = json::array();
  for (const auto& e : r.errors) {
    errors.push_back({{"line", e.line},
                      {"column", e.column},
                      {"reason", ReasonOf(e.why)},
                      {"message", e.why.message()},
                      {"text", SayRefusal(*ctx.i18n, lang, e.why)},
                      {"params", e.why.params()}});
  }
  json passwords = json::array();
  for (const auto& p : r.one_time_passwords) {
    passwords.push_back({{"username", p.username}, {"one_time_password", p.password}});
  }
  return {{"kind", app::CsvKindName(r.kind)}, {"dry_run", dry_run},  {"rows", r.rows},
          {"created", r.created},            {"errors", errors},     {"one_time_passwords", passwords}};
}

// POST .../import?dry_run=1 with a CSV body. A file with bad rows is
// answered 422 with every error; nothing is written then, nor on a dry run.
HttpResponse CsvImport(const WebContext& ctx, const HttpRequest& req, app::CsvKind expected) {
  if (auto refused = RequireSignIn(ctx, req)) return *refused;
  auto flags = CsvUploadDryRun(req);
  if (!flags.ok()) return StatusResponse(ctx, req, flags.status());
  const bool dry_run = *flags;
  auto kind = app::PeopleCsv::DetectKind(req.body);
  if (!kind.ok()) return StatusResponse(ctx, req, kind.status());
  if (*kind != expected) {
    return StatusResponse(ctx, req,
                          Status::InvalidArgument(std::string("this file holds ") +
                                                  app::CsvKindName(*kind) +
                                                  "; send it to the import of " +
                                                  app::CsvKindName(*kind))
                              .WithReason("csv_wrong_import")
                              .WithParam("kind", app::CsvKindName(*kind)));
  }
  auto report = ctx.people_csv->Import(req.visitor.actor(), req.body, dry_run);
  if (!report.ok()) return StatusResponse(ctx, req, report.status());
  HttpResponse res = JsonResponse(ReportJson(ctx, req, *report, dry_run),
                                  report->errors.empty() || dry_run ? 200 : 422);
  if (!report->one_time_passwords.empty()) res.SetHeader("Cache-Control", "no-store");
  return res;
}

HttpResponse ImportOrgUnits(const WebContext& ctx, const HttpRequest& req) {
  return CsvImport(ctx, req, app::CsvKind::kOrgUnits);
}
HttpResponse ImportSites(const WebContext& ctx, const HttpRequest& req) {
  return CsvImport(ctx, req, app::CsvKind::kSites);
}
HttpResponse ImportUsers(const WebContext& ctx, const HttpRequest& req) {
  return CsvImport(ctx, req, app::CsvKind::kUsers);
}

// A directory listing: all of it as CSV in the import format of `kind` when
// asked (WantsCsv), else one page of `list` as JSON.
template <typename List, typename Present>
HttpResponse Listing(const WebContext& ctx, const HttpRequest& req, app::CsvKind kind, List list,
                     Present item) {
  if (auto refused = RequireSignIn(ctx, req)) return *refused;
  if (WantsCsv(req)) return CsvExport(ctx, req, kind);
  return PageAnswer(ctx, req, list, item);
}

HttpResponse ListOrgUnits(const WebContext& ctx, const HttpRequest& req) {
  auto list = [&](const Paging& p) {
    return ctx.people->ListOrgUnits(req.visitor.actor(), req.Query("org"), p.limit, p.offset);
  };
  return Listing(ctx, req, app::CsvKind::kOrgUnits, list, OrgUnitJson);
}

HttpResponse CreateOrgUnit(const WebContext& ctx, const HttpRequest& req) {
  if (auto refused = RequireSignIn(ctx, req)) return *refused;
  auto f = JsonFields::Parse(req.body, {"code", "name", "level", "parent"});
  if (!f.ok()) return StatusResponse(ctx, req, f.status());
  app::OrgUnitInput in{f->Required("code"), f->Required("name"), f->Required("level"),
                       f->NullableString("parent").value_or("")};
  if (!f->status().ok()) return StatusResponse(ctx, req, f->status());
  return JsonAnswer(ctx, req, ctx.people->CreateOrgUnit(req.visitor.actor(), in), OrgUnitJson,
                    201);
}

HttpResponse GetOrgUnit(const WebContext& ctx, const HttpRequest& req) {
  if (auto refused = RequireSignIn(ctx, req)) return *refused;
  return JsonAnswer(ctx, req, ctx.people->GetOrgUnit(req.visitor.actor(), req.params.at("code")),
                    OrgUnitJson);
}

HttpResponse PatchOrgUnit(const WebContext& ctx, const HttpRequest& req) {
  if (auto refused = RequireSignIn(ctx, req)) return *refused;
  auto f = JsonFields::Parse(req.body, {"name", "level", "parent"});
  if (!f.ok()) return StatusResponse(ctx, req, f.status());
  app::OrgUnitPatch p{f->String("name"), f->String("level"), f->NullableString("parent")};
  if (!f->status().ok()) return StatusResponse(ctx, req, f->status());
  return JsonAnswer(ctx, req,
                    ctx.people->UpdateOrgUnit(req.visitor.actor(), req.params.at("code"), p),
                    OrgUnitJson);
}

HttpResponse ListSites(const WebContext& ctx, const HttpRequest& req) {
  auto list = [&](const Paging& p) {
    return ctx.people->ListSites(req.visitor.actor(), req.Query("org"), p.limit, p.offset);
  };
  return Listing(ctx, req, app::CsvKind::kSites, list, SiteJson);
}

HttpResponse CreateSite(const WebContext& ctx, const HttpRequest& req) {
  if (auto refused = RequireSignIn(ctx, req)) return *refused;
  auto f = JsonFields::Parse(req.body, {"code", "name", "type", "org", "kiosk"});
  if (!f.ok()) return StatusResponse(ctx, req, f.status());
  app::SiteInput in{f->Required("code"), f->Required("name"), f->Required("type"),
                    f->Required("org"), f->Bool("kiosk").value_or(false)};
  if (!f->status().ok()) return StatusResponse(ctx, req, f->status());
  return JsonAnswer(ctx, req, ctx.people->CreateSite(req.visitor.actor(), in), SiteJson, 201);
}

HttpResponse GetSite(const WebContext& ctx, const HttpRequest& req) {
  if (auto refused = RequireSignIn(ctx, req)) return *refused;
  return JsonAnswer(ctx, req, ctx.people->GetSite(req.visitor.actor(), req.params.at("code")),
                    SiteJson);
}

HttpResponse PatchSite(const WebContext& ctx, const HttpRequest& req) {
  if (auto refused = RequireSignIn(ctx, req)) return *refused;
  auto f = JsonFields::Parse(req.body, {"name", "type", "org", "kiosk"});
  if (!f.ok()) return StatusResponse(ctx, req, f.status());
  app::SitePatch p{f->String("name"), f->String("type"), f->String("org"), f->Bool("kiosk")};
  if (!f->status().ok()) return StatusResponse(ctx, req, f->status());
  return JsonAnswer(ctx, req, ctx.people->UpdateSite(req.visitor.actor(), req.params.at("code"), p),
                    SiteJson);
}

HttpResponse ListUsers(const WebContext& ctx, const HttpRequest& req) {
  auto list = [&](const Paging& p) {
    return ctx.people->ListUsers(req.visitor.actor(), req.Query("org"), p.limit, p.offset,
                                 std::string(Trim(req.Query("q"))));
  };
  return Listing(ctx, req, app::CsvKind::kUsers, list, UserJson);
}

const std::set<std::string> kUserFields = {"username", "display_name", "phone", "roles", "org",
                                           "site", "staff_category", "active", "password",
                                           "email"};

HttpResponse CreateUser(const WebContext& ctx, const HttpRequest& req) {
  if (auto refused = RequireSignIn(ctx, req)) return *refused;
  auto f = JsonFields::Parse(req.body, kUserFields);
  if (!f.ok()) return StatusResponse(ctx, req, f.status());
  app::UserInput in;
  in.username = f->Required("username");
  in.display_name = f->Required("display_name");
  auto phone = f->NullableString("phone");
  if (phone && !phone->empty()) in.phone = *phone;
  in.roles = f->Roles("roles").value_or(std::vector<people::Role>{});
  in.org = f->NullableString("org").value_or("");
  in.site = f->NullableString("site").value_or("");
  in.staff_category = f->NullableString("staff_category").value_or("");
  in.active = f->Bool("active").value_or(true);
  in.email = f->NullableString("email").value_or("");
  const std::string password = f->String("password").value_or("");
  if (!f->status().ok()) return StatusResponse(ctx, req, f->status());
  auto made = ctx.people->CreateUser(req.visitor.actor(), in, password);
  if (!made.ok()) return StatusResponse(ctx, req, made.status());
  json body = {{"user", UserJson(made->user)}};
  if (!made->one_time_password.empty()) body["one_time_password"] = made->one_time_password;
  return JsonResponse(body, 201);
}

HttpResponse GetUser(const WebContext& ctx, const HttpRequest& req) {
  if (auto refused = RequireSignIn(ctx, req)) return *refused;
  auto id = ParseId(req.params.at("id"));
  if (!id) return StatusResponse(ctx, req, app::UserNotFound(req.params.at("id")));
  return JsonAnswer(ctx, req, ctx.people->GetUser(req.visitor.actor(), *id), UserJson);
}

HttpResponse PatchUser(const WebContext& ctx, const HttpRequest& req) {
  if (auto refused = RequireSignIn(ctx, req)) return *refused;
  auto id = ParseId(req.params.at("id"));
  if (!id) return StatusResponse(ctx, req, app::UserNotFound(req.params.at("id")));
  std::set<std::string> known = kUserFields;
  known.erase("username");
  known.erase("password");
  auto f = JsonFields::Parse(req.body, known);
  if (!f.ok()) return StatusResponse(ctx, req, f.status());
  app::UserPatch p;
  p.display_name = f->String("display_name");
  if (auto phone = f->NullableString("phone")) {
    p.phone = phone->empty() ? std::optional<std::string>() : std::optional<std::string>(*phone);
  }
  p.roles = f->Roles("roles");
  p.org = f->NullableString("org");
  p.site = f->NullableString("site");
  p.staff_category = f->NullableString("staff_category");
  p.active = f->Bool("active");
  p.email = f->NullableString("email");
  if (!f->status().ok()) return StatusResponse(ctx, req, f->status());
  return JsonAnswer(ctx, req, ctx.people->UpdateUser(req.visitor.actor(), *id, p), UserJson);
}

HttpResponse ResetPassword(const WebContext& ctx, const HttpRequest& req) {
  if (auto refused = RequireSignIn(ctx, req)) return *refused;
  auto id = ParseId(req.params.at("id"));
  if (!id) return StatusResponse(ctx, req, app::UserNotFound(req.params.at("id")));
  int retry_after = 0;
  auto one_time = ctx.people->ResetPassword(req.visitor.actor(), *id, req.client_address, &retry_after);
  if (!one_time.ok()) {
    HttpResponse res = StatusResponse(ctx, req, one_time.status());
    if (retry_after > 0) res.SetHeader("Retry-After", std::to_string(retry_after));
    return res;
  }
  return JsonResponse({{"one_time_password", *one_time}});
}

HttpResponse ListAudit(const WebContext& ctx, const HttpRequest& req) {
  if (auto refused = RequireSignIn(ctx, req)) return *refused;
  auto list = [&](const Paging& p) {
    return ctx.people->ListAudit(req.visitor.actor(), p.limit, p.offset);
  };
  return PageAnswer(ctx, req, list, AuditJson);
}

}  // namespace

void AddDirectoryApiRoutes(Router& r, const WebContext& ctx) {
  const RouteList on(r, ctx);
  on("POST", "/api/v1/org-units/import", ImportOrgUnits, kUploadRoute);
  on("POST", "/api/v1/sites/import", ImportSites, kUploadRoute);
  on("POST", "/api/v1/users/import", ImportUsers, kUploadRoute);
  on("GET", "/api/v1/org-units", ListOrgUnits);
  on("POST", "/api/v1/org-units", CreateOrgUnit);
  on("GET", "/api/v1/org-units/:code", GetOrgUnit);
  on("PATCH", "/api/v1/org-units/:code", PatchOrgUnit);
  on("GET", "/api/v1/sites", ListSites);
  on("POST", "/api/v1/sites", CreateSite);
  on("GET", "/api/v1/sites/:code", GetSite);
  on("PATCH", "/api/v1/sites/:code", PatchSite);
  on("GET", "/api/v1/users", ListUsers);
  on("POST", "/api/v1/users", CreateUser);
  on("GET", "/api/v1/users/:id", GetUser);
  on("PATCH", "/api/v1/users/:id", PatchUser);
  on("POST", "/api/v1/users/:id/password-reset", ResetPassword, kHashingRoute);
  on("GET", "/api/v1/audit", ListAudit);
}

}  // namespace lophoc::http
