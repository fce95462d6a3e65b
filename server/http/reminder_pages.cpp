// Reminders over HTTP (docs/retraining.md, "Reminders"; docs/openapi.json):
// GET /api/v1/reminders (the caller's own), GET /api/v1/reports/due (the
// managers' list, JSON or CSV) and the page /admin/due, next to the other
// pages managers use. Thin handlers: parse, one ReminderService call, a
// presenter. Who sees what is the service's answer (managers within their
// subtree, admins anywhere).
#include <algorithm>
#include <nlohmann/json.hpp>

#include "kernel/calendar.h"
#include "server/app/reminder_service.h"
#include "server/http/admin_pages.h"
#include "server/http/json_views.h"
#include "server/http/programme_presenters.h"
#include "server/http/reminder_presenters.h"
#include "server/http/report_presenters.h"
#include "server/http/request_util.h"
#include "server/http/shown_text.h"
#include "server/http/web_app.h"

namespace lophoc::http {
namespace {

using nlohmann::json;

constexpr int kDefaultDays = 30;

// AsOfQuery, where an empty ?as_of= (a GET form's field left blank) is today.
Result<std::optional<LocalDate>> AsOf(const HttpRequest& req) {
  if (req.Query("as_of").empty()) return std::optional<LocalDate>();
  return AsOfQuery(req);
}

// ?days=N (0-3650); absent or empty: 30.
Result<int> Days(const HttpRequest& req) {
  const std::string text = req.Query("days");
  if (text.empty()) return kDefaultDays;
  const bool digits = text.size() <= 4 && std::all_of(text.begin(), text.end(),
                                                      [](char c) { return c >= '0' && c <= '9'; });
  if (!digits || std::stoi(text) > 3650) {
    return Status::InvalidArgument("days must be a number of days from 0 to 3650")
        .WithReason("due_days_invalid")
        .WithField("days")
        .WithParam("max", "3650");
  }
  return std::stoi(text);
}

HttpResponse MyReminders(const WebContext& ctx, const HttpRequest& req) {
  if (auto refused = RequireSignIn(ctx, req)) return *refused;
  auto as_of = AsOf(req);
  if (!as_of.ok()) return StatusResponse(ctx, req, as_of.status());
  auto days = Days(req);
  if (!days.ok()) return StatusResponse(ctx, req, days.status());
  const people::User& me = *req.visitor.user;
  auto due = ctx.reminders->DueSoon(me, *days, *as_of);
  if (!due.ok()) return StatusResponse(ctx, req, due.status());
  auto outbox = ctx.reminders->OutboxOf(me);
  if (!outbox.ok()) return StatusResponse(ctx, req, outbox.status());
  return JsonResponse(
      {{"due", JsonArray(*due, DueStandingJson)}, {"outbox", JsonArray(*outbox, OutboxRowJson)}});
}

// ?by=unit&programme=: the counts per child unit, from the report engine
// (server/app/report_service.h), as JSON or CSV.
HttpResponse DueByUnitReport(const WebContext& ctx, const HttpRequest& req) {
  auto q = TrainingQueryOf(req);
  if (!q.ok()) return StatusResponse(ctx, req, q.status());
  auto days = Days(req);
  if (!days.ok()) return StatusResponse(ctx, req, days.status());
  auto due = ctx.reports->Due(req.visitor.actor(), *q, *days);
  if (!due.ok()) return StatusResponse(ctx, req, due.status());
  if (WantsCsv(req)) {
    return Attachment("text/csv; charset=utf-8", DueByUnitCsv(*due), "den-han-don-vi.csv");
  }
  return JsonResponse(DueByUnitJson(*due));
}

// The query of a due list: the lines, or the refusal.
Result<std::vector<app::DueLine>> DueLines(const WebContext& ctx, const HttpRequest& req) {
  LOPHOC_ASSIGN_OR_RETURN(auto as_of, AsOf(req));
  LOPHOC_ASSIGN_OR_RETURN(int days, Days(req));
  return ctx.reminders->DueReport(req.visitor.actor(), req.Query("org"), days, as_of);
}

HttpResponse DueReport(const WebContext& ctx, const HttpRequest& req) {
  if (auto refused = RequireSignIn(ctx, req)) return *refused;
  if (req.Query("by") == "unit" && ctx.reports != nullptr) return DueByUnitReport(ctx, req);
  auto lines = DueLines(ctx, req);
  if (!lines.ok()) return StatusResponse(ctx, req, lines.status());
  if (req.Query("format") == "csv") {
    return Attachment("text/csv; charset=utf-8", DueReportCsv(*lines), "den-han.csv");
  }
  return JsonResponse(ItemsJson(*lines, DueLineJson));
}

std::string DueQuery(const std::string& org, const std::string& days, const std::string& as_of) {
  std::string q;
  if (!as_of.empty()) q += "as_of=" + PercentEncode(as_of) + "&";
  if (!org.empty()) q += "org=" + PercentEncode(org) + "&";
  if (!days.empty()) q += "days=" + PercentEncode(days) + "&";
  return q;
}

HttpResponse DuePage(const WebContext& ctx, const HttpRequest& req) {
  if (auto refused = RequireAdminArea(ctx, req)) return *refused;
  auto lines = DueLines(ctx, req);
  if (!lines.ok()) return StatusResponse(ctx, req, lines.status());
  const std::string lang = ChooseLanguage(req);
  json m = AdminPageModel(ctx, req, Say(ctx, req, "due_title"));
  json rows = json::array();
  for (const auto& line : *lines) {
    const courses::Programme& p = line.programme.programme;
    const std::string status(training::StandingName(line.on.standing));
    const auto until = ValidUntilOf(line.on);
    rows.push_back({{"url", "/admin/users/" + std::to_string(line.user.id)},
                    {"username", line.user.username},
                    {"display_name", line.user.display_name},
                    {"org", line.user.org_code},
                    {"programme", ShowText(lang, p.title, p.title_en).text},
                    {"status", status},
                    {"status_word", Say(ctx, req, "standing_" + status)},
                    {"valid_until", until ? FormatLocalDate(*until) : ""}});
  }
  const std::string org = req.Query("org");
  const std::string days = req.Query("days");
  m["rows"] = rows;
  m["has_rows"] = !rows.empty();
  m["org"] = org;
  m["days"] = days.empty() ? std::to_string(kDefaultDays) : days;
  m["count"] = std::to_string(rows.size());
  m["csv_url"] = "/api/v1/reports/due?" + DueQuery(org, days, req.Query("as_of")) + "format=csv";
  return PageResponse(ctx, req, "admin_due", m);
}

}  // namespace

void AddReminderRoutes(Router& router, const WebContext& ctx) {
  const RouteList on(router, ctx);
  on("GET", "/api/v1/reminders", MyReminders);
  on("GET", "/api/v1/reports/due", DueReport);
  on("GET", "/admin/due", DuePage);
}

}  // namespace lophoc::http
