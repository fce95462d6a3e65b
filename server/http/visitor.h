// Visitor: who sent a request, as the site worked it out before the handler
// runs (server/http/auth.h): a signed-in account (by session cookie or API
// token) or a guest, and the browser's kiosk site when it is a public
// computer. A plain value carried in HttpRequest.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "people/people.h"

namespace lophoc::http {

struct Visitor {
  enum class Via { kGuest, kSession, kToken };

  Via via = Via::kGuest;
  std::optional<people::User> user;  // set unless a guest
  std::string session_id;  // the session cookie's value (kSession only)
  std::optional<int64_t> api_token_id;  // the bearer token's id (kToken only)
  // The token a state-changing form or request must echo: the session's, or
  // for a guest the value of the pre-session cookie (double submit); empty
  // when the guest has none yet.
  std::string csrf_token;
  std::string kiosk_site;  // site code when this browser is a registered kiosk
  std::optional<int64_t> kiosk_site_id;
  bool stale_session = false;  // a session cookie came that is no longer valid
  bool new_csrf_cookie = false;  // csrf_token was just made for a guest: set its cookie
  std::string new_visit_id;      // a guest visit id just made: set its cookie

  bool signed_in() const { return user.has_value(); }
  // The actor for use cases, saying whether it acts through a token.
  // REQUIRES: signed_in().
  people::Actor actor() const {
    people::Actor a = people::Actor::ForUser(*user);
    if (via == Via::kToken) a.api_token_id = api_token_id;
    return a;
  }
};

}  // namespace lophoc::http
