// Site: the whole web application as one function from HttpRequest to
// HttpResponse. Owns the route table and the cross-cutting rules every
// response goes through: language choice, body-size and content-type checks,
// error pages / JSON errors (the one place a Status becomes an HTTP code),
// security headers, gzip, the access log, and draining on shutdown.
//
// Thread-safe: Handle() may be called concurrently.
#pragma once

#include <atomic>
#include <functional>
#include <memory>
#include <string>

#include <nlohmann/json.hpp>

#include "kernel/status.h"
#include "server/app/course_service.h"
#include "server/app/log.h"
#include "server/app/metrics.h"
#include "server/app/people_service.h"
#include "server/app/visit_log.h"
#include "server/http/http_types.h"
#include "server/http/i18n.h"
#include "server/http/pistache_adapter.h"
#include "server/http/request_metrics.h"
#include "server/http/response_cache.h"
#include "server/http/router.h"
#include "server/http/static_files.h"
#include "server/http/views.h"

namespace lophoc::app {
class PeopleCsv;  // server/app/people_csv.h
class LearningService;   // server/app/learning_service.h
class AuthoringService;  // server/app/authoring_service.h
class ProgrammeService;  // server/app/programme_service.h
class CertificationService;  // server/app/certification_service.h
class AssignmentService;     // server/app/assignment_service.h
class ProgrammeEditing;      // server/app/programme_editing.h
class TrainingRecords;       // server/app/training_records.h
class ReminderService;       // server/app/reminder_service.h
class ReportService;         // server/app/report_service.h
class ActivityReportService;  // server/app/activity_report_service.h
class AnnualReportService;    // server/app/annual_report_service.h
class TargetService;         // server/app/target_service.h
class Readiness;             // server/app/readiness.h
class OrgChangeService;      // server/app/org_change_service.h
}  // namespace lophoc::app

namespace lophoc::http {

using app::LogLevel;  // server/app/log.h
using app::ParseLogLevel;

struct SiteOptions {
  size_t max_body_bytes = 64 * 1024;  // for API JSON bodies and forms
  // For upload routes (CSV files, course packages). Stays below the server's
  // max_request_bytes so that people get this site's 413, not Pistache's.
  size_t max_upload_bytes = 3 * 1024 * 1024;
  size_t response_cache_bytes = 32 * 1024 * 1024;  // 0 turns the cache off
  // Guests' search answers (by query) are kept apart, in at most this much
  // (never more than response_cache_bytes: 0 there turns both off).
  size_t query_cache_bytes = 4 * 1024 * 1024;
  bool secure_cookies = false;
  // Where people reach the site ("https://hoc.example.vn", no final '/'): the
  // start of every absolute link (a certificate's check address, the OpenAPI
  // servers entry). Never taken from the request's Host header, which the
  // client chooses. Empty: links stay relative.
  std::string public_url;
  // The reverse proxy whose X-Forwarded-For is believed (client_address.h),
  // as CanonicalIpAddress writes it. Empty: the header is ignored.
  std::string trusted_proxy;
  LogLevel log_level = LogLevel::kInfo;
  // Lets clients other than this machine read /metrics with "Authorization:
  // Bearer TOKEN"; empty: loopback peers only.
  std::string metrics_token;
  // Open data (docs/open-data.md): counts under this are published as "<k".
  int64_t open_data_k = 5;
};

// What handlers need; all pointers outlive the Site.
struct WebContext {
  app::CourseService* courses = nullptr;
  app::PeopleService* people = nullptr;  // null: no accounts (everyone is a guest)
  app::VisitLog* visits = nullptr;       // null: visits are not counted
  app::PeopleCsv* people_csv = nullptr;  // CSV import and export of the directory
  app::LearningService* learning = nullptr;    // enrolments, progress, quizzes, certificates
  app::AuthoringService* authoring = nullptr;  // the web editor for trainers
  app::ProgrammeService* programmes = nullptr;          // retraining programmes
  app::CertificationService* certifications = nullptr;  // who is certified, as of any day
  app::AssignmentService* assignments = nullptr;         // programmes given to one person
  app::ProgrammeEditing* programme_editing = nullptr;   // admins change programmes
  // Other people's retraining records: prior learning, revocation, exemptions.
  app::TrainingRecords* records = nullptr;
  app::ReminderService* reminders = nullptr;  // reminders and the "due" list (null: none)
  app::ReportService* reports = nullptr;      // reports as of a day (null: none)
  // The growth and sites-operating reports (null: none).
  app::ActivityReportService* activity = nullptr;
  app::OrgChangeService* org_changes = nullptr;  // the org tree over time (null: not served)
  // The annual report and the reports saved as sent (null: none).
  app::AnnualReportService* annual = nullptr;
  app::TargetService* targets = nullptr;      // targets the reports measure against (null: none)
  const app::Readiness* readiness = nullptr;  // /readyz's checks (null: ready when alive)
  const Views* views = nullptr;
  const StaticFiles* statics = nullptr;
  const Catalogues* i18n = nullptr;
  // Served at /metrics with the site's request metrics (null: no /metrics).
  app::Metrics* metrics = nullptr;
  std::string openapi_json;
  // The readable reference at /api, built once from openapi_json by WebApp
  // (server/http/api_reference.h).
  std::shared_ptr<const nlohmann::json> api_reference;
  SiteOptions options;
};

// HTTP status for a domain status code.
int HttpStatusFor(const Status& s);

// JSON error body {"error": {"code", "message"}} for API paths, an HTML error
// page otherwise.
HttpResponse ErrorResponse(const WebContext& ctx, const HttpRequest& req, int http_status,
                           const std::string& code, const std::string& message);
HttpResponse StatusResponse(const WebContext& ctx, const HttpRequest& req, const Status& s);

HttpResponse JsonResponse(const nlohmann::json& body, int status = 200);

// The API's answer to a use case: `present(value)` as JSON with `status`, or
// the refusal.
template <typename T, typename Present>
HttpResponse JsonAnswer(const WebContext& ctx, const HttpRequest& req, const Result<T>& r,
                        Present present, int status = 200) {
  if (!r.ok()) return StatusResponse(ctx, req, r.status());
  return JsonResponse(present(*r), status);
}

// Base view model every page gets: language, messages, static URLs, and
// links to this page in the other language.
nlohmann::json PageModel(const WebContext& ctx, const HttpRequest& req, const std::string& title);

// Renders a page, or the error page when rendering fails.
HttpResponse PageResponse(const WebContext& ctx, const HttpRequest& req, const std::string& page,
                          const nlohmann::json& model, int status = 200);

// Registers handlers written as `fn(ctx, req)`: each Add*Routes function
// makes one over its router and lists its routes through it,
//   const RouteList on(router, ctx);
//   on("GET", "/account", Account);
//   on("POST", "/login", Login, kHashingRoute.StartingSession());
class RouteList {
 public:
  using Fn = HttpResponse (*)(const WebContext&, const HttpRequest&);
  RouteList(Router& router, const WebContext& ctx) : router_(router), ctx_(&ctx) {}
  void operator()(const char* method, const char* pattern, Fn fn,
                  RouteOptions options = {}) const {
    const WebContext* c = ctx_;
    router_.Add(method, pattern, [c, fn](const HttpRequest& req) { return fn(*c, req); }, options);
  }

 private:
  Router& router_;
  const WebContext* ctx_;
};

// GET /metrics: whether `req` may read it. Loopback peers (127.0.0.0/8, ::1)
// may; others only with "Authorization: Bearer `token`" (compared in constant
// time) when a token is set. PermissionDenied (metrics_forbidden) or
// Unauthenticated (metrics_token_required) otherwise (metrics_page.cpp).
Status MetricsAccess(const HttpRequest& req, const std::string& token);
// Whether a peer address is this machine: 127.0.0.0/8, ::1 or ::ffff:127.x.
bool IsLoopbackPeer(std::string_view address);

// Route registration, split by kind of client.
void AddPageRoutes(Router& router, const WebContext& ctx);
void AddApiRoutes(Router& router, const WebContext& ctx);
void AddAccountPageRoutes(Router& router, const WebContext& ctx);
void AddAdminPageRoutes(Router& router, const WebContext& ctx);
void AddPeopleApiRoutes(Router& router, const WebContext& ctx);
void AddDirectoryApiRoutes(Router& router, const WebContext& ctx);
void AddLearningPageRoutes(Router& router, const WebContext& ctx);
void AddLearningApiRoutes(Router& router, const WebContext& ctx);
void AddTrainerPageRoutes(Router& router, const WebContext& ctx);
void AddAuthorPageRoutes(Router& router, const WebContext& ctx);
void AddAuthorApiRoutes(Router& router, const WebContext& ctx);
void AddProgrammeApiRoutes(Router& router, const WebContext& ctx);
void AddAssignmentApiRoutes(Router& router, const WebContext& ctx);
void AddProgrammePageRoutes(Router& router, const WebContext& ctx);
void AddTrainingRecordsApiRoutes(Router& router, const WebContext& ctx);
void AddTrainingRecordsPageRoutes(Router& router, const WebContext& ctx);
// GET /api/v1/reminders, /api/v1/reports/due and /manage/due (reminder_pages.cpp).
// REQUIRES: ctx.people and ctx.reminders.
void AddReminderRoutes(Router& router, const WebContext& ctx);
void AddReportRoutes(Router& router, const WebContext& ctx);
void AddReportPages(Router& router, const WebContext& ctx);
// GET /api/v1/open-data/training.{csv,json}, for anyone (open_data_api.cpp).
void AddOpenDataRoutes(Router& router, const WebContext& ctx);
// The annual report, its PDF and the reports saved as sent
// (annual_report_pages.cpp). REQUIRES: ctx.people and ctx.annual.
void AddAnnualReportRoutes(Router& router, const WebContext& ctx);
// GET /api/v1/reports/growth, /api/v1/reports/sites, /reports/growth and
// /reports/sites (activity_report_pages.cpp). REQUIRES: ctx.people and ctx.activity.
void AddActivityReportRoutes(Router& router, const WebContext& ctx);
void AddOrgChangeApiRoutes(Router& router, const WebContext& ctx);
void AddOrgChangePageRoutes(Router& router, const WebContext& ctx);
// /api/v1/targets (target_api.cpp) and /admin/targets (target_pages.cpp).
// REQUIRES: ctx.people and ctx.targets.
void AddTargetApiRoutes(Router& router, const WebContext& ctx);
void AddTargetPageRoutes(Router& router, const WebContext& ctx);

class WebApp {
 public:
  // `more_routes`, when given, adds routes after the site's own (tests use it
  // to put a handler behind the site's rules).
  explicit WebApp(WebContext ctx,
                  const std::function<void(Router&, const WebContext&)>& more_routes = {});

  // Never throws: unexpected exceptions become a logged 500.
  HttpResponse Handle(HttpRequest req);

  // Gives the HTTP server what it must know of a request before its body is
  // read (each route's body limit and pool) and this site's answer to a
  // request refused there (an error page, or JSON under /api/). The server
  // must not outlive the site.
  void ConfigureServer(ServerOptions& options) const;

  // From now on answer 503 to new requests (shutdown in progress).
  void BeginDrain() { draining_ = true; }
  const Router& router() const { return router_; }
  const WebContext& context() const { return ctx_; }
  const ResponseCache& cache() const { return cache_; }
  const ResponseCache& query_cache() const { return query_cache_; }

 private:
  // The edge's rules (draining, body size and type, the route, who asks,
  // CSRF, a password to change), then Run.
  HttpResponse Dispatch(const RouteMatch& match, HttpRequest& req);
  // Runs the matched handler, through the response cache when the route and
  // the request allow it.
  HttpResponse Run(const RouteMatch& match, HttpRequest& req);
  // Headers every answer gets (cookies, security, caching, gzip); `route`:
  // the options of the request's route (defaults when there is none).
  void Finish(const RouteOptions& route, const HttpRequest& req, HttpResponse& res) const;
  size_t BodyLimit(const RouteMatch& match) const;
  void CountVisit(const RouteMatch& match, HttpRequest& req) const;
  // GET /metrics: the registry's metrics and the site's request metrics.
  HttpResponse ServeMetrics(const HttpRequest& req) const;
  // The access log line of an answered request.
  void LogRequest(const HttpRequest& req, const std::string& pattern, const HttpResponse& res,
                  double seconds) const;

  WebContext ctx_;
  Router router_;
  ResponseCache cache_;
  ResponseCache query_cache_;                 // answers of kByContentAndQuery routes (search)
  std::unique_ptr<RequestMetrics> requests_;  // null when ctx_.metrics is
  std::atomic<bool> draining_{false};
};

}  // namespace lophoc::http
