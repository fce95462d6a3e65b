#include "server/http/auth.h"

#include "kernel/text.h"
#include "server/app/crypto.h"
#include "server/app/people_service.h"
#include "server/http/multipart.h"
#include "server/http/web_app.h"

namespace lophoc::http {
namespace {

constexpr size_t kTokenChars = 43;  // 32 random bytes, URL-safe base64

bool Safe(const std::string& method) { return method == "GET" || method == "HEAD"; }

// The host[:port] of an Origin header value, or "" when it has none ("null").
std::string OriginHost(const std::string& origin) {
  const size_t scheme = origin.find("://");
  if (scheme == std::string::npos) return "";
  std::string host = origin.substr(scheme + 3);
  const size_t slash = host.find('/');
  if (slash != std::string::npos) host.resize(slash);
  return host;
}

// The csrf_token field of a form body (URL-encoded or multipart), or "".
std::string FormCsrfField(const HttpRequest& req) {
  if (auto form = req.Form()) {
    auto it = form->find(kCsrfField);
    return it == form->end() ? "" : it->second;
  }
  const std::string type = req.Header("content-type");
  if (type.rfind("multipart/form-data", 0) == 0) {
    auto parts = ParseMultipart(type, req.body);
    if (parts.ok()) {
      if (const FormPart* p = FindPart(*parts, kCsrfField)) return p->data;
    }
  }
  return "";
}

// The pre-session token of a guest's browser, when well formed.
std::string GuestCsrfCookie(const HttpRequest& req) {
  std::string pre = req.Cookie(kCsrfCookie);
  return pre.size() == kTokenChars ? pre : "";
}

}  // namespace

Status ResolveVisitor(const WebContext& ctx, HttpRequest& req) {
  Visitor& v = req.visitor;
  if (ctx.people == nullptr) return Status::Ok();
  const std::string auth = req.Header("authorization");
  if (!auth.empty()) {
    if (auth.rfind("Bearer ", 0) != 0) {
      return Status::Unauthenticated("use 'Authorization: Bearer TOKEN' with a personal API token")
          .WithReason("api_token_invalid");
    }
    int64_t token_id = 0;
    auto user = ctx.people->AuthenticateBearer(std::string(Trim(auth.substr(7))), &token_id);
    if (!user.ok()) return user.status();
    v.via = Visitor::Via::kToken;
    v.api_token_id = token_id;
    v.user = std::move(*user);
    return Status::Ok();
  }
  const std::string sid = req.Cookie(kSessionCookie);
  if (!sid.empty()) {
    auto s = ctx.people->ResumeSession(sid);
    if (s.ok()) {
      v.via = Visitor::Via::kSession;
      v.user = std::move(s->user);
      v.session_id = sid;
      v.csrf_token = std::move(s->csrf_token);
    } else if (s.status().code() == StatusCode::kUnauthenticated) {
      v.stale_session = true;
    } else {
      return s.status();
    }
  }
  if (!v.signed_in()) v.csrf_token = GuestCsrfCookie(req);
  const std::string kiosk = req.Cookie(kKioskCookie);
  if (!kiosk.empty()) {
    auto site = ctx.people->KioskSite(kiosk);
    if (site.ok()) {
      v.kiosk_site = site->code;
      v.kiosk_site_id = site->id;
    } else if (site.status().code() != StatusCode::kNotFound) {
      return site.status();
    }
  }
  return Status::Ok();
}

Status CheckCsrf(const HttpRequest& req, const RouteOptions& route) {
  if (Safe(req.method)) return Status::Ok();
  const Visitor& v = req.visitor;
  if (v.via == Visitor::Via::kToken) return Status::Ok();
  const std::string origin = req.Header("origin");
  if (!origin.empty() && OriginHost(origin) != req.Header("host")) {
    return Status::PermissionDenied("cross-site request refused").WithReason("cross_site");
  }
  // Signing in and registering start a new session whatever the browser
  // holds, so they follow the guest rule even when a session cookie came.
  const bool as_guest = v.via == Visitor::Via::kGuest || route.starts_session;
  if (as_guest && req.IsApi()) {
    // No cookie credential to abuse; JSON bodies cannot be sent cross-site
    // without a CORS preflight, which this server never grants.
    return Status::Ok();
  }
  const std::string expected = as_guest ? GuestCsrfCookie(req) : v.csrf_token;
  std::string sent = req.Header(kCsrfHeader);
  if (sent.empty()) sent = FormCsrfField(req);
  if (expected.empty() || sent.empty() || !app::ConstantTimeEquals(sent, expected)) {
    return Status::PermissionDenied(
               "missing or wrong CSRF token: send the X-CSRF-Token header (or the form's "
               "csrf_token)")
        .WithReason("csrf_token_wrong");
  }
  return Status::Ok();
}

void EnsureGuestCsrfToken(HttpRequest& req) {
  Visitor& v = req.visitor;
  if (v.signed_in() || !v.csrf_token.empty()) return;
  v.csrf_token = app::RandomToken(32);
  v.new_csrf_cookie = true;
}

std::string SessionCookie(const WebContext& ctx, const std::string& session_id) {
  return SetCookieValue(kSessionCookie, session_id, -1, ctx.options.secure_cookies);
}

std::string ClearCookie(const WebContext& ctx, const std::string& name) {
  return SetCookieValue(name, "", 0, ctx.options.secure_cookies);
}

}  // namespace lophoc::http
