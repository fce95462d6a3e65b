// The page that asks "are you sure?" before a change that is hard to undo
// (disabling an account, resetting a password, withdrawing a learner,
// removing a lesson). No JavaScript: the first POST of the action's form
// answers this page, whose "Xác nhận" button posts the same form again with
// confirm=1 (and the CSRF token); "Hủy" goes back. A handler changes
// nothing unless Confirmed(form). The JSON API is not concerned.
//
// Thread-safe (pure functions of the request).
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "server/http/admin_pages.h"
#include "server/http/http_types.h"

namespace lophoc::http {

struct WebContext;

struct Confirmation {
  std::string question;     // the page's title: "Khóa tài khoản canbo?"
  std::string consequence;  // what will happen, in a sentence or two
  std::string action;       // where "Xác nhận" posts
  std::vector<std::pair<std::string, std::string>> fields;  // posted again (not the CSRF token)
  std::string cancel_url;                                   // where "Hủy" goes
};

// True when the form says confirm=1.
bool Confirmed(const FormFields& form);

// The confirmation page (200), in the request's language.
HttpResponse ConfirmationPage(const WebContext& ctx, const HttpRequest& req, const Confirmation& c);

// The catalogue message `key` with each {name} of `values` put in (plain
// text: the template escapes it).
std::string SayWith(const WebContext& ctx, const HttpRequest& req, const std::string& key,
                    const std::vector<std::pair<std::string, std::string>>& values);

}  // namespace lophoc::http
