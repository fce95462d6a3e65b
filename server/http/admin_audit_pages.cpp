// The audit log page (/admin/audit): each row said as a sentence in the
// reader's language ("Quản trị viên Nguyễn Văn A đã tạo tài khoản canbo"),
// the raw row behind a <details> toggle, filtered by kind of action, actor
// and day. The API twin (/api/v1/audit) keeps the raw rows.
//
// The rows are PeopleService::ListAudit's (admins only). A filtered page
// reads the log through it 500 rows at a time and keeps the matching ones:
// the log of a training server is thousands of rows, not millions, and the
// store keeps one listing for the page and the API.
//
// Sentences are catalogue messages keyed "audit_say." + action
// (static/i18n/{vi,en}.audit.json) with {actor}, {object} and any top-level
// field of the row's details ("{rows}") put in; a kind of action (the part
// before the dot) is labelled by "audit_kind." + kind.
// tests/server/admin_audit_test.cpp checks that every action the code writes
// has its sentence in both languages.
#include "server/http/admin_audit_pages.h"

#include <algorithm>
#include <cstdint>
#include <limits>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "kernel/calendar.h"
#include "kernel/text.h"
#include "server/http/admin_pages.h"
#include "server/http/i18n.h"
#include "server/http/request_util.h"
#include "server/http/web_app.h"

namespace lophoc::http {

using nlohmann::json;

namespace {

constexpr const char* kSentencePrefix = "audit_say.";
constexpr const char* kKindPrefix = "audit_kind.";

// The accounts that acted, by id, read once per page (nullopt: gone).
using Accounts = std::map<int64_t, std::optional<people::User>>;

// Who did it, as the reader says it: "Quản trị viên Nguyễn Văn A" for an
// account (its highest role today, then its display name), "Hệ thống (dòng
// lệnh)" for the command line; the stored name when nothing better is known.
std::string ActorPhrase(const WebContext& ctx, const HttpRequest& req, const people::AuditEntry& e,
                        Accounts& accounts) {
  if (!e.actor_user_id) {
    if (e.actor == "cli" || e.actor == "system" || e.actor == "kiosk") {
      return Say(ctx, req, "audit_actor_" + e.actor);
    }
    return e.actor;
  }
  auto found = accounts.find(*e.actor_user_id);
  if (found == accounts.end()) {
    auto user = ctx.people->GetUser(req.visitor.actor(), *e.actor_user_id);
    found = accounts
                .emplace(*e.actor_user_id,
                         user.ok() ? std::optional<people::User>(*user) : std::nullopt)
                .first;
  }
  if (!found->second) return e.actor;
  const people::User& u = *found->second;
  for (people::Role role : {people::Role::kAdmin, people::Role::kManager, people::Role::kTrainer,
                            people::Role::kLearner}) {
    if (std::find(u.roles.begin(), u.roles.end(), role) != u.roles.end()) {
      return Say(ctx, req, std::string("audit_actor_role_") + people::RoleName(role)) + " " +
             u.display_name;
    }
  }
  return u.display_name;
}

// A detail as a sentence shows it: text as it is, numbers and booleans as
// JSON writes them, anything else (a list, an object, null) as "".
std::string DetailText(const json& v) {
  if (v.is_string()) return v.get<std::string>();
  if (v.is_number() || v.is_boolean()) return v.dump();
  return "";
}

// `pattern` with each {name} put in: actor, object, else details[name].
// An unknown {name} is kept as it is, visible and harmless.
std::string FillSentence(const std::string& pattern, const std::string& actor,
                         const std::string& object, const json& details) {
  std::string out;
  size_t at = 0;
  while (at < pattern.size()) {
    const size_t open = pattern.find('{', at);
    const size_t close = open == std::string::npos ? open : pattern.find('}', open);
    if (close == std::string::npos) break;
    out += pattern.substr(at, open - at);
    const std::string name = pattern.substr(open + 1, close - open - 1);
    if (name == "actor") {
      out += actor;
    } else if (name == "object") {
      out += object;
    } else if (details.is_object() && details.contains(name)) {
      out += DetailText(details.at(name));
    } else {
      out += pattern.substr(open, close - open + 1);
    }
    at = close + 1;
  }
  return out + pattern.substr(std::min(at, pattern.size()));
}

// The row in the reader's words; an action with no sentence (written by a
// newer version, say) is said with its raw name.
std::string Sentence(const WebContext& ctx, const HttpRequest& req, const people::AuditEntry& e,
                     Accounts& accounts) {
  const json& catalogue = ctx.i18n->For(ChooseLanguage(req));
  const std::string key = kSentencePrefix + e.action;
  json details = json::parse(e.details_json, nullptr, false);
  if (details.is_discarded()) details = json::object();
  const std::string actor = ActorPhrase(ctx, req, e, accounts);
  if (!catalogue.contains(key)) {
    return FillSentence(Say(ctx, req, "audit_say_unknown"), actor, e.action, details);
  }
  return FillSentence(catalogue.at(key).get<std::string>(), actor, e.object_key, details);
}

json EntryJson(const WebContext& ctx, const HttpRequest& req, const people::AuditEntry& e,
               Accounts& accounts) {
  json details = json::parse(e.details_json, nullptr, false);
  json item = {{"at", LocalTime(e.at)},
               {"at_iso", e.at},
               {"sentence", Sentence(ctx, req, e, accounts)},
               {"actor", e.actor},
               {"action", e.action},
               {"object", e.object_type + (e.object_key.empty() ? "" : " " + e.object_key)}};
  if (!details.is_discarded() && !details.empty()) {
    item["details"] = details.dump(2, ' ', false, json::error_handler_t::replace);
  }
  return item;
}

// The kinds of action the catalogue has sentences for, labelled, the one
// `selected` names (or the kind of the action it names) marked.
json KindOptions(const WebContext& ctx, const HttpRequest& req, const std::string& selected) {
  json out = json::array();
  const json& catalogue = ctx.i18n->For(ChooseLanguage(req));
  const std::string prefix = kKindPrefix;
  for (const auto& [key, label] : catalogue.items()) {
    if (key.compare(0, prefix.size(), prefix) != 0) continue;
    const std::string kind = key.substr(prefix.size());
    out.push_back({{"value", kind}, {"label", label}, {"selected", kind == selected}});
  }
  return out;
}

// A query parameter without surrounding blanks.
std::string QueryText(const HttpRequest& req, const std::string& key) {
  return std::string(Trim(req.Query(key)));
}

// The rows a page keeps; an empty field keeps every row.
struct AuditFilter {
  // An action ("user.create"), or a kind of action: the part before the dot
  // ("user" keeps "user.create", "user.disable", ...).
  std::string action;
  std::string actor;  // as stored ("canbo", "cli"), ASCII case-insensitive
  // Rows with from <= at < until.
  std::optional<TimePoint> from, until;
  bool Any() const { return !action.empty() || !actor.empty() || from || until; }
};

std::string AsciiLower(std::string s) {
  for (char& ch : s) {
    if (ch >= 'A' && ch <= 'Z') ch = static_cast<char>(ch - 'A' + 'a');
  }
  return s;
}

bool Keeps(const AuditFilter& f, const people::AuditEntry& e) {
  if (!f.action.empty() && e.action != f.action && e.action.rfind(f.action + ".", 0) != 0) {
    return false;
  }
  if (!f.actor.empty() && AsciiLower(e.actor) != AsciiLower(f.actor)) return false;
  if (f.from || f.until) {
    const auto at = ParseIso8601(e.at);
    if (!at || (f.from && *at < *f.from) || (f.until && !(*at < *f.until))) return false;
  }
  return true;
}

// The filter the query asks for (?action=, ?actor=, ?day= a local day as
// DD/MM/YYYY or YYYY-MM-DD); InvalidArgument (date_invalid) for a day that
// is not one.
Result<AuditFilter> RequestedFilter(const HttpRequest& req) {
  AuditFilter f;
  f.action = QueryText(req, "action");
  f.actor = QueryText(req, "actor");
  const std::string day_text = QueryText(req, "day");
  if (!day_text.empty()) {
    const auto day = ParseDayText(day_text);
    if (!day) {
      return Status::InvalidArgument("day: not a date (DD/MM/YYYY or YYYY-MM-DD)")
          .WithReason("date_invalid")
          .WithField("day");
    }
    f.from = StartOfDay(*day);
    f.until = StartOfDay(AddDays(*day, 1));
  }
  return f;
}

// One page (`p`) of the rows `f` keeps, newest first, and how many it keeps
// in all. Without a filter only that page is read.
Result<people::Page<people::AuditEntry>> ListKept(const WebContext& ctx, const HttpRequest& req,
                                                  const AuditFilter& f, const Paging& p) {
  const people::Actor actor = req.visitor.actor();
  if (!f.Any()) return ctx.people->ListAudit(actor, p.limit, p.offset);
  constexpr int kBatch = 500;
  people::Page<people::AuditEntry> out;
  // Rows are read newest first; a row written while reading moves the later
  // batches by one: only ids below the last one seen are new.
  int64_t below = std::numeric_limits<int64_t>::max();
  for (int64_t at = 0;; at += kBatch) {
    auto batch = ctx.people->ListAudit(actor, kBatch, at);
    if (!batch.ok()) return batch.status();
    for (auto& e : batch->items) {
      if (e.id >= below) continue;
      below = e.id;
      if (!Keeps(f, e)) continue;
      if (out.total >= p.offset && static_cast<int>(out.items.size()) < p.limit) {
        out.items.push_back(std::move(e));
      }
      ++out.total;
    }
    if (static_cast<int>(batch->items.size()) < kBatch || at + kBatch >= batch->total) break;
  }
  return out;
}

// "action=...&actor=...&day=..." for the filters set, to keep in paging links.
std::string FilterQuery(const HttpRequest& req) {
  std::string q;
  for (const char* key : {"action", "actor", "day"}) {
    const std::string v = QueryText(req, key);
    if (!v.empty()) q += std::string(key) + "=" + PercentEncode(v) + "&";
  }
  return q;
}

HttpResponse Audit(const WebContext& ctx, const HttpRequest& req) {
  if (auto refused = RequireAdminArea(ctx, req)) return *refused;
  auto filter = RequestedFilter(req);
  if (!filter.ok()) return StatusResponse(ctx, req, filter.status());
  auto listed = ListRequested(req, [&](const Paging& p) { return ListKept(ctx, req, *filter, p); });
  if (!listed.ok()) return StatusResponse(ctx, req, listed.status());
  const Paging& p = listed->paging;
  const auto& page = listed->page;
  json m = AdminPageModel(ctx, req, Say(ctx, req, "audit_title"));
  json items = json::array();
  Accounts accounts;
  for (const auto& e : page.items) items.push_back(EntryJson(ctx, req, e, accounts));
  m["has_entries"] = !items.empty();
  m["entries"] = std::move(items);
  const std::string kind = filter->action.substr(0, filter->action.find('.'));
  m["kinds"] = KindOptions(ctx, req, kind);
  if (!filter->actor.empty()) m["filter_actor"] = filter->actor;
  if (!QueryText(req, "day").empty()) m["filter_day"] = QueryText(req, "day");
  const std::string kept = FilterQuery(req);
  m["filtered"] = !kept.empty();
  json pager = PagerJson("/admin/audit", "", p.limit, p.offset,
                         static_cast<int64_t>(page.items.size()), page.total);
  for (const char* link : {"prev_url", "next_url"}) {
    if (pager.contains(link)) {
      pager[link] = "/admin/audit?" + kept + pager[link].get<std::string>().substr(13);
    }
  }
  m["pager"] = std::move(pager);
  return PageResponse(ctx, req, "admin_audit", m);
}

}  // namespace

void AddAdminAuditPageRoutes(Router& r, const WebContext& ctx) {
  const RouteList on(r, ctx);
  on("GET", "/admin/audit", Audit);
}

}  // namespace lophoc::http
