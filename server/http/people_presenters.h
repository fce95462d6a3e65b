// JSON views of people and places: what the API returns and what the pages
// build on. Never holds a password hash, a session id or a token secret. Pure.
#pragma once

#include <nlohmann/json.hpp>

#include "people/people.h"
#include "people/people_store.h"
#include "server/http/json_views.h"

namespace lophoc::http {

nlohmann::json OrgUnitJson(const people::OrgUnit& u);
nlohmann::json SiteJson(const people::Site& s);
// `id`, `username`, `display_name`, `phone`, `roles` (array), `org`, `site`,
// `staff_category`, `active`, `must_change_password`, `created_at`, `last_login_at`.
nlohmann::json UserJson(const people::User& u);
// True for staff: an account with a staff category, a unit or a role beyond
// learning. Citizens (self-registered learners) are not.
bool IsStaffAccount(const people::User& u);
nlohmann::json ApiTokenJson(const people::ApiToken& t);
nlohmann::json AuditJson(const people::AuditEntry& e);

// {"items": [...], "total": N, "limit": L, "offset": O}
template <typename T, typename F>
nlohmann::json PageJson(const people::Page<T>& page, int limit, int64_t offset, F item) {
  return {{"items", JsonArray(page.items, item)},
          {"total", page.total},
          {"limit", limit},
          {"offset", offset}};
}

}  // namespace lophoc::http
