// The people API: sign-in, the signed-in account, org units, sites,
// accounts and the audit log (docs/openapi.json). Handlers are thin: read
// the request, call one PeopleService use case, present the result.
#include <nlohmann/json.hpp>

#include "server/http/auth.h"
#include "server/http/json_views.h"
#include "server/http/people_presenters.h"
#include "server/http/request_util.h"
#include "server/http/web_app.h"

namespace lophoc::http {
namespace {

using nlohmann::json;

HttpResponse RateLimited(const WebContext& ctx, const HttpRequest& req, const Status& s,
                         int retry_after) {
  HttpResponse res = StatusResponse(ctx, req, s);
  res.SetHeader("Retry-After", std::to_string(std::max(retry_after, 1)));
  return res;
}

HttpResponse SessionStarted(const WebContext& ctx, const app::SessionInfo& s, int status) {
  HttpResponse res = JsonResponse(
      {{"user", UserJson(s.user)}, {"csrf_token", s.csrf_token}, {"expires_at", s.expires_at}},
      status);
  res.headers.emplace_back("Set-Cookie", SessionCookie(ctx, s.session_id));
  return res;
}

HttpResponse Login(const WebContext& ctx, const HttpRequest& req) {
  auto f = JsonFields::Parse(req.body, {"username", "password"});
  if (!f.ok()) return StatusResponse(ctx, req, f.status());
  const std::string username = f->Required("username");
  const std::string password = f->Required("password");
  if (!f->status().ok()) return StatusResponse(ctx, req, f->status());
  app::LoginResult r =
      ctx.people->Login(username, password, req.client_address, req.Cookie(kSessionCookie));
  if (r.status.code() == StatusCode::kRateLimited) {
    return RateLimited(ctx, req, r.status, r.retry_after_seconds);
  }
  if (!r.status.ok()) return StatusResponse(ctx, req, r.status);
  return SessionStarted(ctx, r.session, 200);
}

HttpResponse Logout(const WebContext& ctx, const HttpRequest& req) {
  if (req.visitor.via == Visitor::Via::kSession) {
    Status s = ctx.people->Logout(req.visitor.session_id);
    if (!s.ok()) return StatusResponse(ctx, req, s);
  }
  HttpResponse res = NoContent();
  res.headers.emplace_back("Set-Cookie", ClearCookie(ctx, kSessionCookie));
  return res;
}

HttpResponse Register(const WebContext& ctx, const HttpRequest& req) {
  auto f = JsonFields::Parse(req.body, {"display_name", "username", "password"});
  if (!f.ok()) return StatusResponse(ctx, req, f.status());
  app::Registration r{f->Required("display_name"), f->Required("username"),
                      f->Required("password")};
  if (!f->status().ok()) return StatusResponse(ctx, req, f->status());
  app::LoginResult out = ctx.people->Register(r, req.client_address, req.Cookie(kSessionCookie));
  if (out.status.code() == StatusCode::kRateLimited) {
    return RateLimited(ctx, req, out.status, out.retry_after_seconds);
  }
  if (!out.status.ok()) return StatusResponse(ctx, req, out.status);
  return SessionStarted(ctx, out.session, 201);
}

HttpResponse Me(const WebContext& ctx, const HttpRequest& req) {
  if (auto refused = RequireSignIn(ctx, req)) return *refused;
  const Visitor& v = req.visitor;
  json body = {{"user", UserJson(*v.user)},
               {"auth", v.via == Visitor::Via::kSession ? "session" : "token"}};
  if (v.via == Visitor::Via::kSession) body["csrf_token"] = v.csrf_token;
  return JsonResponse(body);
}

HttpResponse ChangePassword(const WebContext& ctx, const HttpRequest& req) {
  if (auto refused = RequireSignIn(ctx, req)) return *refused;
  auto f = JsonFields::Parse(req.body, {"current_password", "new_password"});
  if (!f.ok()) return StatusResponse(ctx, req, f.status());
  const std::string current = f->Required("current_password");
  const std::string next = f->Required("new_password");
  if (!f->status().ok()) return StatusResponse(ctx, req, f->status());
  app::LimitedStatus r = ctx.people->ChangeOwnPassword(
      req.visitor.actor(), req.visitor.session_id, req.client_address, current, next);
  if (r.status.code() == StatusCode::kRateLimited) {
    return RateLimited(ctx, req, r.status, r.retry_after_seconds);
  }
  if (r.status.code() == StatusCode::kUnauthenticated) {
    // Too many wrong current passwords: the session (or token) has ended.
    HttpResponse res = StatusResponse(ctx, req, r.status);
    if (req.visitor.via == Visitor::Via::kSession) {
      res.headers.emplace_back("Set-Cookie", ClearCookie(ctx, kSessionCookie));
    }
    return res;
  }
  if (!r.status.ok()) return StatusResponse(ctx, req, r.status);
  return JsonResponse({{"changed", true}});
}

HttpResponse ListTokens(const WebContext& ctx, const HttpRequest& req) {
  if (auto refused = RequireSignIn(ctx, req)) return *refused;
  return JsonAnswer(ctx, req, ctx.people->ListApiTokens(req.visitor.actor(), req.visitor.user->id),
                    [](const auto& tokens) { return ItemsJson(tokens, ApiTokenJson); });
}

HttpResponse CreateToken(const WebContext& ctx, const HttpRequest& req) {
  if (auto refused = RequireSignIn(ctx, req)) return *refused;
  auto f = JsonFields::Parse(req.body, {"name"});
  if (!f.ok()) return StatusResponse(ctx, req, f.status());
  const std::string name = f->Required("name");
  if (!f->status().ok()) return StatusResponse(ctx, req, f->status());
  auto t = ctx.people->CreateApiToken(req.visitor.actor(), req.visitor.user->id, name);
  if (!t.ok()) return StatusResponse(ctx, req, t.status());
  return JsonResponse({{"token", ApiTokenJson(t->token)}, {"secret", t->secret}}, 201);
}

HttpResponse RevokeToken(const WebContext& ctx, const HttpRequest& req) {
  if (auto refused = RequireSignIn(ctx, req)) return *refused;
  Status s = RevokePathToken(ctx, req);
  if (!s.ok()) return StatusResponse(ctx, req, s);
  return NoContent();
}

}  // namespace

void AddPeopleApiRoutes(Router& r, const WebContext& ctx) {
  const RouteList on(r, ctx);
  const RouteOptions before_change = kOrdinaryRoute.AllowedBeforePasswordChange();
  on("POST", "/api/v1/auth/login", Login,
     kHashingRoute.StartingSession().AllowedBeforePasswordChange());
  on("POST", "/api/v1/auth/logout", Logout, before_change);
  on("POST", "/api/v1/register", Register, kHashingRoute.StartingSession());
  on("GET", "/api/v1/me", Me, before_change);
  on("POST", "/api/v1/me/password", ChangePassword, kHashingRoute.AllowedBeforePasswordChange());
  on("GET", "/api/v1/me/tokens", ListTokens);
  on("POST", "/api/v1/me/tokens", CreateToken);
  on("DELETE", "/api/v1/me/tokens/:id", RevokeToken);
  AddDirectoryApiRoutes(r, ctx);
}

}  // namespace lophoc::http
