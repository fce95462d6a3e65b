#include "server/http/site.h"

#include <chrono>
#include <iostream>

#include "server/app/clock.h"
#include "server/http/gzip.h"

namespace lophoc::http {
namespace {

// Content-Security-Policy of every page: nothing from elsewhere, no inline
// script or style, no framing.
constexpr const char* kPageCsp =
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";
// Package pictures may be SVG, which can carry script: sandbox them.
constexpr long long kYearSeconds = 365LL * 24 * 3600;
constexpr const char* kMediaCsp = "default-src 'none'; style-src 'unsafe-inline'; sandbox";

std::string JsonEscapeForLog(const std::string& s) {
  std::string out = nlohmann::json(s).dump();
  return out;
}

}  // namespace

std::optional<LogLevel> ParseLogLevel(const std::string& s) {
  if (s == "error") return LogLevel::kError;
  if (s == "warn") return LogLevel::kWarn;
  if (s == "info") return LogLevel::kInfo;
  if (s == "debug") return LogLevel::kDebug;
  return std::nullopt;
}

int HttpStatusFor(const Status& s) {
  switch (s.code()) {
    case StatusCode::kOk: return 200;
    case StatusCode::kNotFound: return 404;
    case StatusCode::kInvalidArgument: return 400;
    case StatusCode::kAlreadyExists: return 409;
    case StatusCode::kConflict: return 409;
    case StatusCode::kPermissionDenied: return 403;
    case StatusCode::kUnauthenticated: return 401;
    case StatusCode::kTooLarge: return 413;
    case StatusCode::kUnsupported: return 415;
    case StatusCode::kUnavailable: return 503;
    case StatusCode::kCorruption:
    case StatusCode::kIOError: return 500;
  }
  return 500;
}

HttpResponse JsonResponse(const nlohmann::json& body, int status) {
  HttpResponse res;
  res.status = status;
  res.content_type = "application/json; charset=utf-8";
  res.body = body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  return res;
}

nlohmann::json PageModel(const SiteContext& ctx, const HttpRequest& req, const std::string& title) {
  const std::string lang = ChooseLanguage(req);
  nlohmann::json m;
  m["lang"] = lang;
  m["title"] = title;
  m["css_url"] = ctx.statics->Url("css/site.css");
  m["favicon_url"] = ctx.statics->Url("img/favicon.svg");
  std::string other_query;
  for (const auto& [k, v] : req.query) {
    if (k != "lang") other_query += PercentEncode(k) + "=" + PercentEncode(v) + "&";
  }
  m["url_vi"] = req.path + "?" + other_query + "lang=vi";
  m["url_en"] = req.path + "?" + other_query + "lang=en";
  m["is_vi"] = lang == "vi";
  m["is_en"] = lang == "en";
  m["search_query"] = req.Query("q");
  return m;
}

HttpResponse PageResponse(const SiteContext& ctx, const HttpRequest& /*req*/, const std::string& page,
                          const nlohmann::json& model, int status) {
  auto html = ctx.views->RenderPage(page, model.value("lang", kDefaultLanguage), model);
  if (!html.ok()) {
    std::cerr << "level=error msg=\"render failed\" page=" << page
              << " error=" << JsonEscapeForLog(html.status().message()) << "\n";
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

HttpResponse ErrorResponse(const SiteContext& ctx, const HttpRequest& req, int http_status,
                           const std::string& code, const std::string& message) {
  if (req.IsApi() || req.path == "/healthz") {
    return JsonResponse({{"error", {{"code", code}, {"message", message}}}}, http_status);
  }
  // People read the catalogue's words for the status; `message` is written
  // for developers (English, may name internals), so pages do not show it.
  const std::string lang = ChooseLanguage(req);
  const std::string key = "error_" + std::to_string(http_status);
  const auto& cat = ctx.i18n->For(lang);
  const std::string heading = cat.contains(key) ? cat[key].get<std::string>()
                                                : ctx.i18n->Text(lang, "error_generic");
  const std::string text_key = key + "_text";
  nlohmann::json m = PageModel(ctx, req, heading);
  m["status"] = std::to_string(http_status);
  m["heading"] = heading;
  m["message"] = cat.contains(text_key) ? cat[text_key].get<std::string>()
                                        : ctx.i18n->Text(lang, "error_generic_text");
  return PageResponse(ctx, req, "error", m, http_status);
}

HttpResponse StatusResponse(const SiteContext& ctx, const HttpRequest& req, const Status& s) {
  const int http = HttpStatusFor(s);
  if (http >= 500) {
    std::cerr << "level=error msg=\"request failed\" path=" << JsonEscapeForLog(req.path)
              << " error=" << JsonEscapeForLog(s.ToString()) << "\n";
    return ErrorResponse(ctx, req, http, "internal", "internal error; it has been logged");
  }
  return ErrorResponse(ctx, req, http, s.CodeName(), s.message());
}

Site::Site(SiteContext ctx)
    : ctx_(std::move(ctx)), cache_(ctx_.options.response_cache_bytes) {
  AddPageRoutes(router_, ctx_);
  AddApiRoutes(router_, ctx_);
}

HttpResponse Site::Dispatch(HttpRequest& req) {
  if (draining_) {
    HttpResponse res = ErrorResponse(ctx_, req, 503, "unavailable",
                                     "the server is shutting down; try again shortly");
    res.SetHeader("Retry-After", "5");
    return res;
  }
  if (req.body.size() > ctx_.options.max_body_bytes) {
    return ErrorResponse(ctx_, req, 413, "too_large",
                         "request body is larger than " +
                             std::to_string(ctx_.options.max_body_bytes / 1024) + " KiB");
  }
  if (req.IsApi() && !req.body.empty() && req.method != "GET") {
    const std::string ct = req.Header("content-type");
    if (ct.rfind("application/json", 0) != 0 && ct.rfind("text/csv", 0) != 0) {
      return ErrorResponse(ctx_, req, 415, "unsupported_media_type",
                           "send the body as application/json");
    }
  }
  RouteMatch match = router_.Route(req);
  if (match.kind == RouteMatch::Kind::kNotFound) {
    return ErrorResponse(ctx_, req, 404, "not_found", "no page at " + req.path);
  }
  if (match.kind == RouteMatch::Kind::kMethodNotAllowed) {
    HttpResponse res = ErrorResponse(ctx_, req, 405, "method_not_allowed",
                                     req.method + " is not allowed here; use " + match.allowed);
    res.SetHeader("Allow", match.allowed);
    return res;
  }
  return Run(match, req);
}

HttpResponse Site::Run(const RouteMatch& match, HttpRequest& req) {
  // Only plain GETs whose query is at most ?lang=: links inside the site are
  // clean, and odd queries must not push popular pages out of the cache.
  const bool only_lang = req.query.empty() || (req.query.size() == 1 && req.HasQuery("lang"));
  if (match.caching != Caching::kByContent || req.method != "GET" || !only_lang ||
      ctx_.options.response_cache_bytes == 0) {
    return (*match.handler)(req);
  }
  auto snapshot = ctx_.courses->Catalog();
  if (!snapshot.ok()) return (*match.handler)(req);  // the handler reports the error
  const int64_t generation = (*snapshot)->generation;
  const std::string key = ChooseLanguage(req) + " " + req.path;
  if (auto hit = cache_.Find(generation, key)) return FromCache(*hit, req);
  HttpResponse res = (*match.handler)(req);
  if (res.status != 200) return res;
  return FromCache(*cache_.Put(generation, key, res), req);
}

void Site::Finish(const HttpRequest& req, HttpResponse& res) const {
  const std::string lang_q = req.Query("lang");
  if ((lang_q == "vi" || lang_q == "en") && !req.IsApi()) {
    res.headers.emplace_back("Set-Cookie",
                             SetCookieValue("lang", lang_q, kYearSeconds, ctx_.options.secure_cookies));
  }
  const bool media = req.path.find("/media/") != std::string::npos;
  res.SetHeader("Content-Security-Policy", media ? kMediaCsp : kPageCsp);
  res.SetHeader("X-Content-Type-Options", "nosniff");
  res.SetHeader("Referrer-Policy", "same-origin");
  res.SetHeader("X-Frame-Options", "DENY");
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

HttpResponse Site::Handle(HttpRequest req) {
  const auto start = std::chrono::steady_clock::now();
  HttpResponse res;
  try {
    res = Dispatch(req);
  } catch (const std::exception& e) {
    std::cerr << "level=error msg=\"unhandled exception\" path=" << JsonEscapeForLog(req.path)
              << " what=" << JsonEscapeForLog(e.what()) << "\n";
    res = ErrorResponse(ctx_, req, 500, "internal", "internal error; it has been logged");
  }
  Finish(req, res);
  if (ctx_.options.log_level >= LogLevel::kInfo) {
    const double ms =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    // Path only: query strings may hold what people typed. One write per line
    // so concurrent requests do not interleave.
    char ms_text[32];
    std::snprintf(ms_text, sizeof ms_text, "%.3f", ms);
    const std::string line = "time=" + app::FormatIso8601(std::chrono::system_clock::now()) +
                             " method=" + req.method + " path=" + JsonEscapeForLog(req.path) +
                             " status=" + std::to_string(res.status) +
                             " bytes=" + std::to_string(res.body.size()) + " ms=" + ms_text + "\n";
    std::fwrite(line.data(), 1, line.size(), stderr);
  }
  return res;
}

}  // namespace lophoc::http
