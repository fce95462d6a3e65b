// The pieces the people pages share (declared in admin_pages.h): posted
// forms, their errors, refusals in the visitor's words, the admin area's
// model, paging, role labels and Vietnam time.
#include "server/http/admin_pages.h"

#include <cstdio>

#include <nlohmann/json.hpp>

#include "kernel/calendar.h"
#include "kernel/text.h"
#include "server/http/refusals.h"
#include "server/http/request_util.h"
#include "server/http/web_app.h"

namespace lophoc::http {

using nlohmann::json;

std::optional<FormFields> FormFields::Read(const HttpRequest& req) {
  auto fields = req.Form();
  if (!fields) return std::nullopt;
  return FormFields(std::move(*fields));
}

std::string FormFields::Get(const std::string& key) const {
  auto it = fields_.find(key);
  return it == fields_.end() ? "" : it->second;
}

std::string FormFields::Trimmed(const std::string& key) const {
  return std::string(Trim(Get(key)));
}

bool FormFields::Checked(const std::string& key) const {
  auto it = fields_.find(key);
  return it != fields_.end() && !it->second.empty() && it->second != "0";
}

std::vector<std::string> FormFields::All(const std::string& key) const {
  std::vector<std::string> out;
  auto range = fields_.equal_range(key);
  for (auto it = range.first; it != range.second; ++it) out.push_back(it->second);
  return out;
}

void FormErrors::Add(const std::string& field, const std::string& message) {
  items_.emplace_back(field, message);
}

void FormErrors::Into(json& model) const {
  json list = json::array();
  json by_field = json::object();
  for (const auto& [field, message] : items_) {
    // kainjow's sections take "" as true: leave the field out instead.
    json item = {{"message", message}};
    if (!field.empty()) item["field"] = field;
    list.push_back(std::move(item));
    if (!field.empty() && !by_field.contains(field)) by_field[field] = message;
  }
  model["has_errors"] = !items_.empty();
  model["errors"] = std::move(list);
  model["error"] = std::move(by_field);
}

std::string Say(const WebContext& ctx, const HttpRequest& req, const std::string& key) {
  return ctx.i18n->Text(ChooseLanguage(req), key);
}

FieldMessage Explain(const WebContext& ctx, const HttpRequest& req, const Status& s,
                     const std::set<std::string>& fields,
                     const std::map<std::string, std::string>& aliases) {
  std::string subject = s.field();
  auto alias = aliases.find(subject);
  if (alias != aliases.end()) subject = alias->second;
  if (fields.count(subject) == 0) subject.clear();
  return {subject, SayRefusal(*ctx.i18n, ChooseLanguage(req), s)};
}

HttpResponse FormPage(const WebContext& ctx, const HttpRequest& req, const std::string& page,
                      json model, const FormErrors& errors, int status) {
  errors.Into(model);
  return PageResponse(ctx, req, page, model, status);
}

HttpResponse RefusedForm(const WebContext& ctx, const HttpRequest& req, const Status& s,
                         const std::set<std::string>& fields,
                         const std::map<std::string, std::string>& aliases,
                         const FormRender& render) {
  const int status = HttpStatusFor(s);
  if (status >= 500) return StatusResponse(ctx, req, s);
  FormErrors errors;
  FieldMessage why = Explain(ctx, req, s, fields, aliases);
  errors.Add(why.field, why.text);
  return render(errors, status);
}

void NoStore(HttpResponse& res) {
  res.SetHeader("Cache-Control", "no-store");
  res.SetHeader("Pragma", "no-cache");
}

HttpResponse BadForm(const WebContext& ctx, const HttpRequest& req) {
  return StatusResponse(ctx, req, Status::InvalidArgument("the form could not be read"));
}

std::optional<HttpResponse> RequireAdminArea(const WebContext& ctx, const HttpRequest& req) {
  if (auto refused = RequireSignIn(ctx, req)) return refused;
  const people::User& u = *req.visitor.user;
  if (u.Has(people::Role::kAdmin) || u.Has(people::Role::kManager) ||
      u.Has(people::Role::kTrainer)) {
    return std::nullopt;
  }
  return StatusResponse(
      ctx, req,
      Status::PermissionDenied("the admin area is for admins, managers and trainers")
          .WithReason("admin_area_only"));
}

json AdminPageModel(const WebContext& ctx, const HttpRequest& req, const std::string& title) {
  json m = PageModel(ctx, req, title);
  const people::Actor actor = req.visitor.actor();
  m["is_admin"] = actor.Has(people::Role::kAdmin);
  m["may_write"] = !people::WriteScope(actor).nothing();
  m["has_csv"] = ctx.people_csv != nullptr;
  m["has_org_changes"] = ctx.org_changes != nullptr;
  // The "due" list of retraining (reminder_pages.cpp): managers and admins.
  m["may_see_due"] = ctx.reminders != nullptr &&
                     (actor.Has(people::Role::kManager) || actor.Has(people::Role::kAdmin));
  // Targets (target_pages.cpp): managers and admins.
  m["may_set_targets"] = ctx.targets != nullptr && (actor.Has(people::Role::kManager) ||
                                                     actor.Has(people::Role::kAdmin));
  // The section of the admin navigation this page belongs to.
  static const std::pair<const char*, const char*> kSections[] = {
      {"/admin/org-units", "org_units"},
      {"/admin/sites", "sites"},
      {"/admin/users", "users"},
      {"/admin/audit", "audit"},
      {"/admin/due", "due"},
      {"/admin/targets", "targets"},
      {"/admin/import", "import"},
      {"/admin/org-changes", "org_changes"}};
  std::string section = req.path == "/admin" ? "home" : "";
  for (const auto& [prefix, name] : kSections) {
    if (req.path.rfind(prefix, 0) == 0) section = name;
  }
  if (!section.empty()) m["section"] = {{section, true}};
  return m;
}

json PagerJson(const std::string& path, const std::string& org, int limit, int64_t offset,
               int64_t shown, int64_t total, const std::string& search) {
  auto url = [&](int64_t at) {
    std::string q;
    if (!org.empty()) q += "org=" + PercentEncode(org) + "&";
    if (!search.empty()) q += "q=" + PercentEncode(search) + "&";
    if (limit != Paging().limit) q += "limit=" + std::to_string(limit) + "&";
    q += "offset=" + std::to_string(at);
    return path + "?" + q;
  };
  json p = {{"from", std::to_string(shown > 0 ? offset + 1 : 0)},
            {"to", std::to_string(offset + shown)},
            {"total", std::to_string(total)}};
  if (offset > 0) p["prev_url"] = url(std::max<int64_t>(0, offset - limit));
  if (offset + shown < total) p["next_url"] = url(offset + limit);
  p["has_links"] = p.contains("prev_url") || p.contains("next_url");
  return p;
}

json AdminListModel(const WebContext& ctx, const HttpRequest& req, const std::string& title,
                    const std::string& path, const std::string& export_kind,
                    const std::string& key, json items, int limit, int64_t offset, int64_t total,
                    const std::string& org, const std::string& search) {
  json m = AdminPageModel(ctx, req, title);
  const auto shown = static_cast<int64_t>(items.size());
  m["has_" + key] = shown > 0;
  m[key] = std::move(items);
  m["pager"] = PagerJson(path, org, limit, offset, shown, total, search);
  if (!org.empty()) m["org"] = org;  // sections take "" as true
  if (!search.empty()) m["q"] = search;
  m["export_url"] = "/admin/export/" + export_kind + (org.empty() ? "" : "?org=" + PercentEncode(org));
  return m;
}

std::string RoleLabels(const WebContext& ctx, const HttpRequest& req,
                       const std::vector<people::Role>& roles) {
  std::string out;
  for (people::Role r : roles) {
    if (!out.empty()) out += ", ";
    out += Say(ctx, req, std::string("role_") + people::RoleName(r));
  }
  return out;
}

std::string LocalTime(const std::string& iso) {
  const auto t = ParseIso8601(iso);
  return t ? FormatLocalDateTime(*t) : iso;
}

}  // namespace lophoc::http
