#include "server/http/web_app.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <random>

#include "kernel/clock.h"
#include "kernel/text.h"
#include "server/app/crypto.h"
#include "server/http/api_reference.h"
#include "server/http/auth.h"
#include "server/http/client_address.h"
#include "server/http/gzip.h"
#include "server/http/refusals.h"
#include "server/http/request_util.h"

namespace lophoc::http {

void AddGradingRoutes(Router& router, const WebContext& ctx);  // grading_pages.cpp
namespace {

// Content-Security-Policy of every page: nothing from elsewhere, no inline
// script or style, no framing.
constexpr const char* kPageCsp =
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";
// Package pictures may be SVG, which can carry script: sandbox them.
constexpr long long kYearSeconds = 365LL * 24 * 3600;
constexpr const char* kMediaCsp = "default-src 'none'; style-src 'unsafe-inline'; sandbox";
constexpr size_t kMaxRequestIdChars = 64;

// The client's X-Request-Id when it is sane (1-64 of [A-Za-z0-9._-]: safe in
// a header and a log), else 16 random hex digits.
std::string RequestIdFor(const std::string& sent) {
  const bool sane = !sent.empty() && sent.size() <= kMaxRequestIdChars &&
                    std::all_of(sent.begin(), sent.end(), [](char c) {
                      return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                             (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
                    });
  if (sane) return sent;
  // Not a secret: only unlikely to repeat.
  thread_local std::mt19937_64 random(std::random_device{}());
  char text[17];
  std::snprintf(text, sizeof text, "%016llx", static_cast<unsigned long long>(random()));
  return text;
}

}  // namespace

int HttpStatusFor(const Status& s) {
  if (s.ok()) return 200;
  return RefusalFor(s).http_status;
}

HttpResponse JsonResponse(const nlohmann::json& body, int status) {
  HttpResponse res;
  res.status = status;
  res.content_type = "application/json; charset=utf-8";
  res.body = body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  return res;
}

nlohmann::json PageModel(const WebContext& ctx, const HttpRequest& req, const std::string& title) {
  const std::string lang = ChooseLanguage(req);
  nlohmann::json m;
  m["lang"] = lang;
  m["title"] = title;
  m["css_url"] = ctx.statics->Url("css/site.css");
  m["favicon_url"] = ctx.statics->Url("img/logo.svg");
  m["logo_url"] = m["favicon_url"];
  m["icons_url"] = ctx.statics->Url("img/icons.svg");
  std::string other_query;
  for (const auto& [k, v] : req.query) {
    if (k != "lang") other_query += PercentEncode(k) + "=" + PercentEncode(v) + "&";
  }
  m["url_vi"] = req.path + "?" + other_query + "lang=vi";
  m["url_en"] = req.path + "?" + other_query + "lang=en";
  m["is_vi"] = lang == "vi";
  m["is_en"] = lang == "en";
  m["search_query"] = req.Query("q");
  m["csrf_token"] = req.visitor.csrf_token;
  m["current_path"] = req.path;
  if (req.visitor.signed_in()) {
    const people::User& u = *req.visitor.user;
    m["signed_in"] = true;
    m["me"] = {{"display_name", u.display_name}, {"username", u.username}};
    m["may_administer"] = u.Has(people::Role::kAdmin) || u.Has(people::Role::kManager) ||
                          u.Has(people::Role::kTrainer);
    m["may_author"] = u.Has(people::Role::kTrainer) || u.Has(people::Role::kAdmin);
  }
  if (!req.visitor.kiosk_site.empty()) m["kiosk_site"] = req.visitor.kiosk_site;
  return m;
}

HttpResponse PageResponse(const WebContext& ctx, const HttpRequest& /*req*/, const std::string& page,
                          const nlohmann::json& model, int status) {
  auto html = ctx.views->RenderPage(page, model.value("lang", kDefaultLanguage), model);
  if (!html.ok()) {
    app::Log(LogLevel::kError, "render failed",
             {{"page", page}, {"error", html.status().message()}});
    HttpResponse res;
    res.status = 500;
    res.body = "Internal server error\n";
    return res;
  }
  HttpResponse res;
  res.status = status;
  res.content_type = "text/html; charset=utf-8";
  res.body = std::move(*html);
  return res;
}

namespace {

// The error page: the catalogue's heading for the HTTP status, and `text`
// (already in the reader's language) or the status's generic text.
HttpResponse ErrorPage(const WebContext& ctx, const HttpRequest& req, int http_status,
                       const std::string& text) {
  const std::string lang = ChooseLanguage(req);
  const std::string key = "error_" + std::to_string(http_status);
  const auto& cat = ctx.i18n->For(lang);
  const std::string heading = cat.contains(key) ? cat[key].get<std::string>()
                                                : ctx.i18n->Text(lang, "error_generic");
  const std::string text_key = key + "_text";
  nlohmann::json m = PageModel(ctx, req, heading);
  m["status"] = std::to_string(http_status);
  m["heading"] = heading;
  if (!text.empty()) {
    m["message"] = text;
  } else {
    m["message"] = cat.contains(text_key) ? cat[text_key].get<std::string>()
                                          : ctx.i18n->Text(lang, "error_generic_text");
  }
  return PageResponse(ctx, req, "error", m, http_status);
}

}  // namespace

HttpResponse ErrorResponse(const WebContext& ctx, const HttpRequest& req, int http_status,
                           const std::string& code, const std::string& message) {
  if (req.WantsJsonRefusal()) {
    return JsonResponse({{"error", {{"code", code}, {"reason", code}, {"message", message}}}},
                        http_status);
  }
  // People read the catalogue's words for the status; `message` is written
  // for developers (English, may name internals), so pages do not show it.
  return ErrorPage(ctx, req, http_status, "");
}

HttpResponse StatusResponse(const WebContext& ctx, const HttpRequest& req, const Status& s) {
  const RefusalEntry& entry = RefusalFor(s);
  const int http = entry.http_status;
  // A failure inside (a 500, or another 5xx without a reason of its own):
  // logged, and answered without its message, which may name internals.
  if (http == 500 || (http > 500 && s.reason().empty())) {
    app::Log(LogLevel::kError, "request failed",
             {{"request_id", req.request_id}, {"path", req.path}, {"error", s.ToString()}});
    return ErrorResponse(ctx, req, http, "internal", "internal error; it has been logged");
  }
  if (s.reason() == "storage_disk_full" || s.reason() == "storage_read_only") {
    // Storage trouble, said to the client with its own reason, and logged.
    app::Log(LogLevel::kError, "write refused: storage",
             {{"request_id", req.request_id},
              {"path", req.path},
              {"reason", s.reason()},
              {"error", s.message()}});
  }
  const std::string lang = ChooseLanguage(req);
  const std::string text = SayRefusal(*ctx.i18n, lang, s);
  if (req.WantsJsonRefusal()) {
    nlohmann::json error = {{"code", entry.api_code ? entry.api_code : s.CodeName()},
                            {"reason", ReasonOf(s)},
                            {"message", s.message()},
                            {"text", text}};
    if (!s.field().empty()) error["field"] = s.field();
    if (!s.params().empty()) error["params"] = s.params();
    return JsonResponse({{"error", std::move(error)}}, http);
  }
  return ErrorPage(ctx, req, http, text);
}

WebApp::WebApp(WebContext ctx, const std::function<void(Router&, const WebContext&)>& more_routes)
    : ctx_(std::move(ctx)),
      cache_(ctx_.options.response_cache_bytes),
      query_cache_(std::min(ctx_.options.query_cache_bytes, ctx_.options.response_cache_bytes)) {
  if (!ctx_.options.public_url.empty() && !ctx_.openapi_json.empty()) {
    nlohmann::json doc = nlohmann::json::parse(ctx_.openapi_json, nullptr, false);
    if (doc.is_object()) {
      doc["servers"] = nlohmann::json::array({{{"url", ctx_.options.public_url + "/"}}});
      ctx_.openapi_json = doc.dump(2);
    }
  }
  ctx_.api_reference = std::make_shared<const nlohmann::json>(ApiReferenceModel(ctx_.openapi_json));
  AddPageRoutes(router_, ctx_);
  AddApiRoutes(router_, ctx_);
  if (ctx_.people != nullptr) {
    AddAccountPageRoutes(router_, ctx_);
    AddAdminPageRoutes(router_, ctx_);
    AddPeopleApiRoutes(router_, ctx_);
  }
  if (ctx_.people != nullptr && ctx_.learning != nullptr) {
    AddLearningPageRoutes(router_, ctx_);
    AddLearningApiRoutes(router_, ctx_);
    AddGradingRoutes(router_, ctx_);
  }
  if (ctx_.people != nullptr && ctx_.authoring != nullptr) {
    AddAuthorPageRoutes(router_, ctx_);
    AddAuthorApiRoutes(router_, ctx_);
  }
  if (ctx_.people != nullptr && ctx_.programmes != nullptr) AddProgrammeApiRoutes(router_, ctx_);
  if (ctx_.assignments != nullptr) AddAssignmentApiRoutes(router_, ctx_);
  if (ctx_.people != nullptr && ctx_.programmes != nullptr && ctx_.programme_editing != nullptr) {
    AddProgrammePageRoutes(router_, ctx_);
  }
  if (ctx_.people != nullptr && ctx_.records != nullptr) {
    AddTrainingRecordsApiRoutes(router_, ctx_);
    AddTrainingRecordsPageRoutes(router_, ctx_);
  }
  if (ctx_.people != nullptr && ctx_.reminders != nullptr) AddReminderRoutes(router_, ctx_);
  if (ctx_.people != nullptr && ctx_.reports != nullptr) {
    AddReportRoutes(router_, ctx_);
    AddReportPages(router_, ctx_);
    AddOpenDataRoutes(router_, ctx_);
  }
  if (ctx_.people != nullptr && ctx_.activity != nullptr) AddActivityReportRoutes(router_, ctx_);
  if (ctx_.people != nullptr && ctx_.org_changes != nullptr) {
    AddOrgChangeApiRoutes(router_, ctx_);
    AddOrgChangePageRoutes(router_, ctx_);
  }
  if (ctx_.people != nullptr && ctx_.annual != nullptr) AddAnnualReportRoutes(router_, ctx_);
  if (ctx_.people != nullptr && ctx_.targets != nullptr) {
    AddTargetApiRoutes(router_, ctx_);
    AddTargetPageRoutes(router_, ctx_);
  }
  if (ctx_.metrics != nullptr) {
    router_.Add(
        "GET", "/metrics", [this](const HttpRequest& req) { return ServeMetrics(req); },
        kOrdinaryRoute.Serving(Serves::kProbe).AllowedBeforePasswordChange().Anonymous());
  }
  if (more_routes) more_routes(router_, ctx_);
  if (ctx_.metrics != nullptr) requests_ = std::make_unique<RequestMetrics>(router_.Entries());
}

HttpResponse WebApp::ServeMetrics(const HttpRequest& req) const {
  Status allowed = MetricsAccess(req, ctx_.options.metrics_token);
  if (!allowed.ok()) {
    HttpResponse res = StatusResponse(ctx_, req, allowed);
    if (res.status == 401) res.SetHeader("WWW-Authenticate", "Bearer");
    return res;
  }
  app::MetricsWriter site;
  requests_->Write(site);
  HttpResponse res;
  res.content_type = "text/plain; version=0.0.4; charset=utf-8";
  res.body = ctx_.metrics->Render() + site.text();
  return res;
}

void WebApp::ConfigureServer(ServerOptions& options) const {
  options.policy = [this](const std::string& method, const std::string& path) {
    HttpRequest probe;
    probe.method = method;
    probe.path = path;
    const RouteMatch match = router_.Route(probe);
    RequestPolicy p;
    p.body_limit = BodyLimit(match);
    p.lane = match.kind == RouteMatch::Kind::kFound && match.options.work == Work::kHashing
                 ? Lane::kHash
                 : Lane::kWrite;
    return p;
  };
  // The refusals of the framer (400, 408, 413, 431, 501), decided before any
  // route runs, keep their HTTP code and JSON `code` as the adapter gives
  // them (server/http/http_framing.h): they are not Statuses of this site.
  options.refusal = [this](int status, const std::string& code, const std::string& message,
                           const HttpRequest& refused) {
    HttpRequest req = refused;
    req.request_id = RequestIdFor(req.Header("x-request-id"));
    if (requests_) requests_->RecordEdgeRefusal(status);
    const RouteOptions route = router_.OptionsFor(req.method, req.path);
    req.json_refusals = route.serves == Serves::kProbe;
    HttpResponse res = ErrorResponse(ctx_, req, status, code, message);
    Finish(route, req, res);
    return res;
  };
}

size_t WebApp::BodyLimit(const RouteMatch& match) const {
  const bool upload = match.kind == RouteMatch::Kind::kFound && match.options.body == Body::kUpload;
  return upload ? ctx_.options.max_upload_bytes : ctx_.options.max_body_bytes;
}

HttpResponse WebApp::Dispatch(const RouteMatch& match, HttpRequest& req) {
  if (draining_) {
    HttpResponse res = StatusResponse(
        ctx_, req,
        Status::Unavailable("the server is shutting down; try again shortly")
            .WithReason("shutting_down"));
    res.SetHeader("Retry-After", "5");
    return res;
  }
  const size_t limit = BodyLimit(match);
  if (req.body.size() > limit) {
    return StatusResponse(ctx_, req,
                          Status::TooLarge("request body is larger than " +
                                           std::to_string(limit / 1024) + " KiB")
                              .WithReason("body_too_large")
                              .WithParam("limit_kib", static_cast<int64_t>(limit / 1024)));
  }
  // Text bodies are composed (NFC) before anything reads them; forms and
  // query strings are composed as they are decoded, multipart text fields as
  // they are split.
  if (!req.body.empty()) {
    const std::string ct = req.Header("content-type");
    if (ct.rfind("application/json", 0) == 0 || ct.rfind("text/", 0) == 0) {
      req.body = ToNfc(req.body);
    }
  }
  if (req.IsApi() && !req.body.empty() && req.method != "GET") {
    const std::string ct = req.Header("content-type");
    if (ct.rfind("application/json", 0) != 0 && ct.rfind("text/csv", 0) != 0) {
      return StatusResponse(ctx_, req,
                            Status::Unsupported("send the body as application/json")
                                .WithReason("unsupported_media_type"));
    }
  }
  if (match.kind == RouteMatch::Kind::kNotFound) {
    return StatusResponse(ctx_, req,
                          Status::NotFound("no page at " + req.path).WithReason("no_route"));
  }
  if (match.kind == RouteMatch::Kind::kMethodNotAllowed) {
    HttpResponse res = StatusResponse(
        ctx_, req,
        Status::Unsupported(req.method + " is not allowed here; use " + match.allowed)
            .WithReason("method_not_allowed")
            .WithParam("allowed", match.allowed));
    res.SetHeader("Allow", match.allowed);
    return res;
  }
  if (!match.options.anonymous) {
    Status who = ResolveVisitor(ctx_, req);
    if (!who.ok()) return StatusResponse(ctx_, req, who);
  }
  Status csrf = CheckCsrf(req, match.options);
  if (!csrf.ok()) return StatusResponse(ctx_, req, csrf);
  if (req.visitor.signed_in() && req.visitor.user->must_change_password &&
      !match.options.allowed_before_password_change) {
    if (!req.IsApi()) return Redirect("/account/password");
    return StatusResponse(ctx_, req,
                          Status::PermissionDenied(
                              "change your password first: POST /api/v1/me/password")
                              .WithReason("password_change_required"));
  }
  // Pages give a guest browser its cookies (a CSRF token for their forms, a
  // visit id); the site's files and the health check do not.
  const bool page = !req.IsApi() && req.method == "GET" &&
                    (match.options.serves == Serves::kPage || match.options.serves == Serves::kMedia);
  // A kiosk's pages carry a form (stop kiosk mode), so they are not cached.
  const bool kiosk = !req.visitor.kiosk_site.empty();
  // Neither are the pages of a guest who marked lessons done: they show it.
  const bool guest_progress = !req.Cookie(kGuestLessonsCookie).empty();
  if (page && (match.options.caching == Caching::kNone || kiosk || guest_progress)) {
    EnsureGuestCsrfToken(req);
  }
  if (page && !req.visitor.signed_in() && ctx_.visits != nullptr &&
      !ctx_.visits->IsVisitorId(req.Cookie(kVisitCookie))) {
    req.visitor.new_visit_id = ctx_.visits->NewVisitorId();
  }
  HttpResponse res = Run(match, req);
  if (res.status == 200) CountVisit(match, req);
  return res;
}

void WebApp::CountVisit(const RouteMatch& match, HttpRequest& req) const {
  if (match.options.counts == Counts::kNothing || ctx_.visits == nullptr || req.method != "GET") return;
  Visitor& v = req.visitor;
  std::string visitor;
  std::optional<int64_t> user_id;
  std::optional<int64_t> site_id = v.kiosk_site_id;
  if (v.signed_in()) {
    visitor = "user:" + std::to_string(v.user->id);
    user_id = v.user->id;
    if (!site_id) site_id = v.user->site_id;
  } else {
    // Guests are counted once their browser returns the visit cookie the
    // server signed (set by any page, see Dispatch): a client that keeps no
    // cookies (a crawler, a load tool) or invents them is no visit and cannot
    // fill the table.
    const std::string id = req.Cookie(kVisitCookie);
    if (!ctx_.visits->IsVisitorId(id)) return;
    visitor = "guest:" + id;
  }
  ctx_.visits->Count(visitor, user_id, site_id, match.options.counts == Counts::kLessonView ? 1 : 0);
}

HttpResponse WebApp::Run(const RouteMatch& match, HttpRequest& req) {
  // Only plain GETs whose query is at most ?lang= (and ?q= for search): links
  // inside the site are clean, and odd queries must not push popular pages
  // out of the cache.
  const bool by_query = match.options.caching == Caching::kByContentAndQuery;
  bool plain_query = true;
  for (const auto& [name, value] : req.query) {
    if ((name != "lang" && !(by_query && name == "q")) || req.query.count(name) > 1) {
      plain_query = false;
    }
  }
  // Signed-in pages show who is signed in, a kiosk's pages its notice:
  // never from the shared cache.
  if (match.options.caching == Caching::kNone || req.method != "GET" || !plain_query ||
      ctx_.options.response_cache_bytes == 0 || req.visitor.signed_in() ||
      !req.visitor.kiosk_site.empty() || !req.Cookie(kGuestLessonsCookie).empty()) {
    return (*match.handler)(req);
  }
  auto snapshot = ctx_.courses->Catalog();
  if (!snapshot.ok()) return (*match.handler)(req);  // the handler reports the error
  const int64_t generation = (*snapshot)->generation;
  // The query as given, not folded: the answer repeats it.
  const std::string key =
      ChooseLanguage(req) + " " + req.path + (by_query ? "?q=" + req.Query("q") : "");
  ResponseCache& cache = by_query ? query_cache_ : cache_;
  if (auto hit = cache.Find(generation, key)) return FromCache(*hit, req);
  HttpResponse res = (*match.handler)(req);
  if (res.status != 200) return res;
  auto entry = cache.Put(generation, key, res, req.visitor);
  if (entry == nullptr) return res;  // it holds the visitor's own data: theirs alone
  return FromCache(*entry, req);
}

void WebApp::Finish(const RouteOptions& route, const HttpRequest& req, HttpResponse& res) const {
  const std::string lang_q = req.Query("lang");
  if ((lang_q == "vi" || lang_q == "en") && !req.IsApi()) {
    res.headers.emplace_back("Set-Cookie",
                             SetCookieValue("lang", lang_q, kYearSeconds, ctx_.options.secure_cookies));
  }
  const Visitor& v = req.visitor;
  if (v.new_csrf_cookie && res.content_type.rfind("text/html", 0) == 0) {
    res.headers.emplace_back("Set-Cookie", SetCookieValue(kCsrfCookie, v.csrf_token, -1,
                                                          ctx_.options.secure_cookies));
  }
  if (!v.new_visit_id.empty()) {
    res.headers.emplace_back("Set-Cookie", SetCookieValue(kVisitCookie, v.new_visit_id, -1,
                                                          ctx_.options.secure_cookies));
  }
  if (v.stale_session) {
    bool sets_session = false;
    for (const auto& [name, value] : res.headers) {
      if (name == "Set-Cookie" && value.rfind(std::string(kSessionCookie) + "=", 0) == 0) {
        sets_session = true;
      }
    }
    if (!sets_session) res.headers.emplace_back("Set-Cookie", ClearCookie(ctx_, kSessionCookie));
  }
  if (v.signed_in() && res.HeaderValue("Cache-Control").empty()) {
    res.SetHeader("Cache-Control", "private, no-store");
  }
  res.SetHeader("Content-Security-Policy", route.serves == Serves::kMedia ? kMediaCsp : kPageCsp);
  res.SetHeader("X-Content-Type-Options", "nosniff");
  res.SetHeader("Referrer-Policy", "same-origin");
  res.SetHeader("X-Frame-Options", "DENY");
  if (!req.request_id.empty()) res.SetHeader("X-Request-Id", req.request_id);
  if (res.HeaderValue("Cache-Control").empty()) res.SetHeader("Cache-Control", "no-cache");
  if (res.content_type.rfind("text/html", 0) == 0) res.SetHeader("Content-Language", ChooseLanguage(req));
  if (res.HeaderValue("Content-Encoding").empty() && res.body.size() >= 1024 &&
      IsCompressible(res.content_type)) {
    res.SetHeader("Vary", "Accept-Encoding");
    if (AcceptsGzip(req.Header("accept-encoding"))) {
      if (auto gz = Gzip(res.body)) {
        res.body = std::move(*gz);
        res.SetHeader("Content-Encoding", "gzip");
      }
    }
  }
}

HttpResponse WebApp::Handle(HttpRequest req) {
  const auto start = std::chrono::steady_clock::now();
  req.client_address = ClientAddressBehind(req, ctx_.options.trusted_proxy);
  req.request_id = RequestIdFor(req.Header("x-request-id"));
  HttpResponse res;
  RouteOptions route;
  int route_index = -1;
  std::string pattern;
  try {
    const RouteMatch match = router_.Route(req);
    route = match.options;
    route_index = match.index;
    pattern = match.pattern;
    req.json_refusals = route.serves == Serves::kProbe;
    res = Dispatch(match, req);
  } catch (const std::exception& e) {
    // StatusResponse logs it, with the path.
    res = StatusResponse(ctx_, req,
                         Status::IOError(std::string("unhandled exception: ") + e.what())
                             .WithReason("unhandled_exception"));
  }
  Finish(route, req, res);
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (requests_) requests_->Record(route_index, req.method, res.status, seconds);
  if (ctx_.options.log_level >= LogLevel::kInfo) LogRequest(req, pattern, res, seconds);
  return res;
}

void WebApp::LogRequest(const HttpRequest& req, const std::string& pattern, const HttpResponse& res,
                        double seconds) const {
  // The path only: query strings may hold what people typed. No cookie,
  // header or body is ever logged.
  std::vector<app::LogField> fields = {
      {"request_id", req.request_id},
      {"method", req.method},
      {"route", pattern.empty() ? std::string(kUnmatchedRoute) : RouteLabel(pattern)},
      {"path", req.path},
      {"status", res.status},
      {"bytes", res.body.size()},
      {"duration_ms", seconds * 1000.0},
  };
  if (req.visitor.signed_in()) fields.emplace_back("user_id", req.visitor.user->id);
  app::Log(LogLevel::kInfo, "request", fields);
}

}  // namespace lophoc::http
