// Who is asking, and may they change things: the site's sign-in rules.
//
// - A browser is signed in by the session cookie `lophoc_session` (random,
//   HttpOnly, SameSite=Lax, Secure when configured); an API client by
//   `Authorization: Bearer lophoc_...` (a personal API token).
// - Every state-changing request (not GET/HEAD) made with the session cookie
//   carries the session's CSRF token: the `X-CSRF-Token` header (JSON) or the
//   `csrf_token` form field. Forms shown before sign-in (log in, register)
//   use a pre-session cookie `lophoc_csrf` echoed in the form (double
//   submit). Requests with a bearer token carry no ambient credential and
//   need no CSRF token. A request whose `Origin` names another host is refused.
// - A browser registered as a kiosk carries `lophoc_kiosk`.
//
// All functions are thread-safe.
#pragma once

#include <optional>
#include <string>

#include "server/http/http_types.h"
#include "server/http/router.h"

namespace lophoc::http {

struct WebContext;

inline constexpr const char* kSessionCookie = "lophoc_session";
inline constexpr const char* kCsrfCookie = "lophoc_csrf";
inline constexpr const char* kKioskCookie = "lophoc_kiosk";
inline constexpr const char* kVisitCookie = "lophoc_visit";
// Lessons a guest marked done, kept in their browser until they register
// (courses/learning.h GuestLessons). Pages for such a guest are not cached.
inline constexpr const char* kGuestLessonsCookie = "lophoc_lessons";
inline constexpr const char* kCsrfField = "csrf_token";
inline constexpr const char* kCsrfHeader = "x-csrf-token";

// Fills req.visitor from the cookies and the Authorization header. Store
// failures are returned (the caller answers 500); an unknown, expired or
// revoked credential is not an error: the visitor is a guest (and
// stale_session is set for a dead session cookie). Unauthenticated when a
// bearer token is given but not valid (an API client should be told).
Status ResolveVisitor(const WebContext& ctx, HttpRequest& req);

// OK, or PermissionDenied explaining what is missing, for a request that
// changes state, made to a route with options `route` (one that starts a
// session follows the guest rule). GET and HEAD always pass.
Status CheckCsrf(const HttpRequest& req, const RouteOptions& route);

// Gives a guest without one a new pre-session CSRF token (for the forms of
// the page being answered; Site::Finish sets its cookie).
void EnsureGuestCsrfToken(HttpRequest& req);

// Set-Cookie values for the session cookie (a browser-session cookie) and
// for removing it.
std::string SessionCookie(const WebContext& ctx, const std::string& session_id);
std::string ClearCookie(const WebContext& ctx, const std::string& name);

}  // namespace lophoc::http
