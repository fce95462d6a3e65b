// The admin's programme pages (issue 12; docs/retraining.md, "Changing a
// programme's rule"): the list of programmes, a new programme, a
// programme's form with a preview of the change ("Xem trước") before it is
// saved ("Lưu"), and retire / restore. Admins only; what may be saved is
// ProgrammeEditing's answer, and a refused form comes back filled in with
// each problem next to its field.
#include <nlohmann/json.hpp>

#include "courses/programme_loader.h"
#include "people/vocabulary.h"
#include "server/app/programme_editing.h"
#include "server/app/programme_service.h"
#include "server/http/admin_pages.h"
#include "server/http/i18n.h"
#include "server/http/request_util.h"
#include "server/http/web_app.h"

namespace lophoc::http {
namespace {

using nlohmann::json;

// The form's fields, named as the keys of a programme file.
const std::set<std::string> kFields = {"slug",
                                       "title",
                                       "title_en",
                                       "description",
                                       "staff_categories",
                                       "site_types",
                                       "initial_courses",
                                       "refresher_courses",
                                       "validity_months",
                                       "renewal_window_days",
                                       "date_rule",
                                       "fixed_day",
                                       "min_validity_months",
                                       "grace_days",
                                       "apply_to"};
const char* const kNumbers[] = {"validity_months", "renewal_window_days", "min_validity_months",
                                "grace_days"};
const char* const kRules[] = {"from_completion", "from_expiry", "fixed_date"};

std::optional<HttpResponse> RequireProgrammeAdmin(const WebContext& ctx, const HttpRequest& req) {
  if (auto refused = RequireSignIn(ctx, req)) return refused;
  if (req.visitor.actor().Has(people::Role::kAdmin)) return std::nullopt;
  return StatusResponse(
      ctx, req,
      Status::PermissionDenied("only admins change programmes").WithReason("programme_admin_only"));
}

std::string Replace(std::string text, const std::string& name, const std::string& value) {
  const std::string slot = "{" + name + "}";
  for (size_t at = text.find(slot); at != std::string::npos; at = text.find(slot, at)) {
    text.replace(at, slot.size(), value);
    at += value.size();
  }
  return text;
}

// "24 tháng kể từ ngày hoàn thành; nhắc trước 60 ngày".
std::string RuleInWords(const WebContext& ctx, const HttpRequest& req,
                        const training::ValidityRule& r) {
  if (r.validity_months == 0) return Say(ctx, req, "programme_rule_never");
  std::string words =
      Say(ctx, req, "programme_rule_" + std::string(training::DateRuleName(r.rule)));
  words = Replace(words, "months", std::to_string(r.validity_months));
  words = Replace(words, "day", courses::FixedDayText(r.fixed_day));
  words = Replace(words, "min", std::to_string(r.min_validity_months));
  if (r.renewal_window_days > 0) {
    words += "; " + Replace(Say(ctx, req, "programme_rule_window"), "days",
                            std::to_string(r.renewal_window_days));
  }
  return words;
}

std::vector<std::string> SplitSlugs(const std::string& text) {
  std::vector<std::string> out;
  std::string word;
  for (char c : text + " ") {
    if (c == ',' || c == ' ' || c == '\n' || c == '\r' || c == '\t') {
      if (!word.empty()) out.push_back(word);
      word.clear();
    } else {
      word += c;
    }
  }
  return out;
}

std::string JoinSlugs(const std::vector<std::string>& slugs) {
  std::string out;
  for (const auto& s : slugs) out += (out.empty() ? "" : ", ") + s;
  return out;
}

// The form's values (as typed) for a stored programme.
json FormOf(const courses::Programme& p) {
  const training::ValidityRule& r = p.rule;
  const bool fixed = r.rule == training::DateRule::kFixedDate;
  return {{"slug", p.slug},
          {"title", p.title},
          {"title_en", p.title_en},
          {"description", p.description_markdown},
          {"staff_categories", p.staff_categories},
          {"site_types", p.site_types},
          {"initial_courses", JoinSlugs(p.initial_courses)},
          {"refresher_courses", JoinSlugs(p.refresher_courses)},
          {"validity_months", std::to_string(r.validity_months)},
          {"renewal_window_days", std::to_string(r.renewal_window_days)},
          {"date_rule", std::string(training::DateRuleName(r.rule))},
          {"fixed_day", fixed ? courses::FixedDayText(r.fixed_day) : ""},
          {"min_validity_months", fixed ? std::to_string(r.min_validity_months) : ""},
          {"grace_days", std::to_string(r.grace_days)},
          {"apply_to", "future"}};
}

// A posted form: what it asks for, the values to show again, and what the
// page itself finds wrong (a number that is not one).
struct PostedProgramme {
  app::ProgrammeInput in;
  json values;
  FormErrors errors;
};

PostedProgramme ReadForm(const WebContext& ctx, const HttpRequest& req, const FormFields& f,
                         bool is_new) {
  PostedProgramme out;
  app::ProgrammeInput& in = out.in;
  std::string description = f.Get("description");
  for (size_t at = description.find("\r\n"); at != std::string::npos;
       at = description.find("\r\n", at)) {
    description.erase(at, 1);
  }
  if (is_new) in.slug = f.Trimmed("slug");
  in.title = f.Trimmed("title");
  in.title_en = f.Trimmed("title_en");
  in.description = description;
  in.staff_categories = f.All("staff_categories");
  in.site_types = f.All("site_types");
  in.initial_courses = SplitSlugs(f.Get("initial_courses"));
  in.refresher_courses = SplitSlugs(f.Get("refresher_courses"));
  in.date_rule = f.Trimmed("date_rule");
  if (!f.Trimmed("fixed_day").empty()) in.fixed_day = f.Trimmed("fixed_day");
  in.apply_to = f.Trimmed("apply_to") == "current" ? app::ApplyTo::kCurrent : app::ApplyTo::kFuture;
  out.values = {{"slug", f.Trimmed("slug")},
                {"title", *in.title},
                {"title_en", *in.title_en},
                {"description", description},
                {"staff_categories", *in.staff_categories},
                {"site_types", *in.site_types},
                {"initial_courses", f.Trimmed("initial_courses")},
                {"refresher_courses", f.Trimmed("refresher_courses")},
                {"date_rule", *in.date_rule},
                {"fixed_day", f.Trimmed("fixed_day")},
                {"apply_to", std::string(app::ApplyToName(in.apply_to))}};
  for (const char* key : kNumbers) {
    const std::string text = f.Trimmed(key);
    out.values[key] = text;
    if (text.empty()) continue;
    auto n = text.size() <= 6 ? ParseId(text) : std::nullopt;
    if (text == "0") n = 0;
    if (!n) {
      out.errors.Add(key, Say(ctx, req, "programme_form_number"));
      continue;
    }
    (std::string(key) == "validity_months"       ? in.validity_months
     : std::string(key) == "renewal_window_days" ? in.renewal_window_days
     : std::string(key) == "min_validity_months" ? in.min_validity_months
                                                 : in.grace_days) = static_cast<int>(*n);
  }
  return out;
}

// The form's choices, with those in `values` marked.
void AddChoices(const HttpRequest& req, const WebContext& ctx, json& m, const json& values) {
  const std::string lang = ChooseLanguage(req);
  auto has = [&](const char* key, const std::string& code) {
    const json& list = values.contains(key) ? values.at(key) : json::array();
    return std::find(list.begin(), list.end(), code) != list.end();
  };
  json categories = json::array();
  for (const auto& c : people::StaffCategories()) {
    categories.push_back({{"value", c.code},
                          {"label", c.Label(lang)},
                          {"checked", has("staff_categories", c.code)}});
  }
  json sites = json::array();
  for (const auto& t : people::SiteTypes()) {
    sites.push_back(
        {{"value", t.code}, {"label", t.Label(lang)}, {"checked", has("site_types", t.code)}});
  }
  json rules = json::array();
  for (const char* r : kRules) {
    rules.push_back({{"value", r},
                     {"label", Say(ctx, req, std::string("programme_rule_name_") + r)},
                     {"selected", values.value("date_rule", "") == r}});
  }
  m["category_choices"] = std::move(categories);
  m["site_type_choices"] = std::move(sites);
  m["rule_choices"] = std::move(rules);
  m["apply_current"] = values.value("apply_to", "") == "current";
}

// The form page: a new programme (`stored` null) or a programme's.
HttpResponse ProgrammeForm(const WebContext& ctx, const HttpRequest& req,
                           const courses::StoredProgramme* stored, json values,
                           const FormErrors& errors, int status) {
  const std::string title = stored ? stored->programme.title : Say(ctx, req, "programme_new_title");
  json m = AdminPageModel(ctx, req, title);
  m["section"] = {{"programmes", true}};
  m["is_new"] = stored == nullptr;
  m["action"] = stored ? "/admin/programmes/" + PercentEncode(stored->programme.slug)
                       : std::string("/admin/programmes");
  if (stored) {
    m["programme"] = {{"slug", stored->programme.slug},
                      {"revision", std::to_string(stored->revision_number)},
                      {"source", stored->source},
                      {"retired", stored->retired()},
                      {"rule_words", RuleInWords(ctx, req, stored->programme.rule)}};
  }
  m["saved"] = req.HasQuery("saved");
  m["created"] = req.HasQuery("created");
  AddChoices(req, ctx, m, values);
  m["form"] = std::move(values);
  return FormPage(ctx, req, "admin_programme", std::move(m), errors, status);
}

// Every problem of the form, each next to its field.
FormErrors Problems(const WebContext& ctx, const HttpRequest& req,
                    const std::vector<Status>& problems) {
  FormErrors errors;
  for (const auto& s : problems) {
    FieldMessage why = Explain(ctx, req, s, kFields);
    errors.Add(why.field, why.text);
  }
  return errors;
}

HttpResponse List(const WebContext& ctx, const HttpRequest& req) {
  if (auto refused = RequireProgrammeAdmin(ctx, req)) return *refused;
  auto all = ctx.programme_editing->List(req.visitor.actor());
  if (!all.ok()) return StatusResponse(ctx, req, all.status());
  json items = json::array();
  for (const auto& o : *all) {
    const courses::Programme& p = o.programme.programme;
    items.push_back({{"title", p.title},
                     {"slug", p.slug},
                     {"url", "/admin/programmes/" + PercentEncode(p.slug)},
                     {"retired", o.programme.retired()},
                     {"rule_words", RuleInWords(ctx, req, p.rule)},
                     {"revision", std::to_string(o.programme.revision_number)},
                     {"assigned", std::to_string(o.assigned)}});
  }
  json m = AdminPageModel(ctx, req, Say(ctx, req, "programmes_title"));
  m["section"] = {{"programmes", true}};
  m["has_programmes"] = !items.empty();
  m["programmes"] = std::move(items);
  return PageResponse(ctx, req, "admin_programmes", m);
}

HttpResponse NewForm(const WebContext& ctx, const HttpRequest& req) {
  if (auto refused = RequireProgrammeAdmin(ctx, req)) return *refused;
  json values = {{"validity_months", "24"},           {"renewal_window_days", "60"},
                 {"date_rule", "from_completion"},    {"grace_days", "0"},
                 {"staff_categories", json::array()}, {"site_types", json::array()}};
  return ProgrammeForm(ctx, req, nullptr, std::move(values), FormErrors(), 200);
}

HttpResponse Create(const WebContext& ctx, const HttpRequest& req, const FormFields& f) {
  PostedProgramme posted = ReadForm(ctx, req, f, true);
  if (posted.errors.empty()) {
    posted.errors = Problems(ctx, req, ctx.programme_editing->Problems("", posted.in));
  }
  if (!posted.errors.empty())
    return ProgrammeForm(ctx, req, nullptr, posted.values, posted.errors, 400);
  auto made = ctx.programme_editing->Create(req.visitor.actor(), posted.in);
  if (!made.ok()) {
    return RefusedForm(ctx, req, made.status(), kFields, {}, [&](const FormErrors& e, int status) {
      return ProgrammeForm(ctx, req, nullptr, posted.values, e, status);
    });
  }
  return Redirect("/admin/programmes/" + PercentEncode(made->programme.slug) + "?created=1");
}

Result<courses::StoredProgramme> Stored(const WebContext& ctx, const HttpRequest& req) {
  return ctx.programmes->Get(req.params.at("slug"));
}

HttpResponse Show(const WebContext& ctx, const HttpRequest& req) {
  if (auto refused = RequireProgrammeAdmin(ctx, req)) return *refused;
  auto stored = Stored(ctx, req);
  if (!stored.ok()) return StatusResponse(ctx, req, stored.status());
  return ProgrammeForm(ctx, req, &*stored, FormOf(stored->programme), FormErrors(), 200);
}

json PersonItem(const app::PersonRef& p) {
  return {{"username", p.username}, {"display_name", p.display_name}, {"org", p.org}};
}

std::string DayText(const std::optional<LocalDate>& d, const WebContext& ctx,
                    const HttpRequest& req) {
  return d ? FormatLocalDate(*d) : Say(ctx, req, "programme_never_expires");
}

// The preview of a change: the counts, the before/after sample, and the
// form's values again as hidden fields, to save them as they are.
HttpResponse PreviewPage(const WebContext& ctx, const HttpRequest& req,
                         const courses::StoredProgramme& stored, const app::ProgrammePreview& v,
                         const json& values) {
  json m = AdminPageModel(ctx, req, Say(ctx, req, "programme_preview_title"));
  m["section"] = {{"programmes", true}};
  m["action"] = "/admin/programmes/" + PercentEncode(stored.programme.slug);
  m["programme"] = {{"title", stored.programme.title}, {"slug", stored.programme.slug}};
  m["rule_before"] = RuleInWords(ctx, req, stored.programme.rule);
  m["rule_after"] = RuleInWords(ctx, req, v.after.rule);
  m["new_revision"] = v.content_changed;
  m["apply_current"] = v.apply_to == app::ApplyTo::kCurrent;
  m["today"] = FormatLocalDate(v.today);
  m["dates_changed"] = std::to_string(v.dates_changed);
  json sample = json::array();
  for (const auto& c : v.sample) {
    json item = PersonItem(c.person);
    item["completed"] = FormatLocalDate(c.completed);
    item["before_until"] = DayText(c.before.valid_until, ctx, req);
    item["before_status"] = Say(
        ctx, req, "programme_standing_" + std::string(training::StandingName(c.before.standing)));
    item["after_until"] = DayText(c.after.valid_until, ctx, req);
    item["after_status"] = Say(
        ctx, req, "programme_standing_" + std::string(training::StandingName(c.after.standing)));
    sample.push_back(std::move(item));
  }
  m["has_sample"] = !sample.empty();
  m["sample"] = std::move(sample);
  m["assigned_before"] = std::to_string(v.assigned_before);
  m["assigned_after"] = std::to_string(v.assigned_after);
  m["now_assigned_count"] = std::to_string(v.now_assigned_count);
  m["no_longer_assigned_count"] = std::to_string(v.no_longer_assigned_count);
  json now = json::array();
  for (const auto& p : v.now_assigned) now.push_back(PersonItem(p));
  json gone = json::array();
  for (const auto& p : v.no_longer_assigned) gone.push_back(PersonItem(p));
  m["has_now_assigned"] = !now.empty();
  m["now_assigned"] = std::move(now);
  m["has_no_longer_assigned"] = !gone.empty();
  m["no_longer_assigned"] = std::move(gone);
  json hidden = json::array();
  for (const auto& [key, value] : values.items()) {
    if (value.is_array()) {
      for (const auto& item : value) hidden.push_back({{"name", key}, {"value", item}});
    } else {
      hidden.push_back({{"name", key}, {"value", value}});
    }
  }
  m["hidden"] = std::move(hidden);
  return PageResponse(ctx, req, "admin_programme_preview", m);
}

// The programme's form posted: "preview" shows what the change would do,
// "edit" the form again, anything else saves it.
HttpResponse Update(const WebContext& ctx, const HttpRequest& req, const FormFields& f) {
  auto stored = Stored(ctx, req);
  if (!stored.ok()) return StatusResponse(ctx, req, stored.status());
  PostedProgramme posted = ReadForm(ctx, req, f, false);
  const std::string slug = stored->programme.slug;
  if (posted.errors.empty()) {
    posted.errors = Problems(ctx, req, ctx.programme_editing->Problems(slug, posted.in));
  }
  if (!posted.errors.empty()) {
    return ProgrammeForm(ctx, req, &*stored, posted.values, posted.errors, 400);
  }
  const std::string action = f.Get("action");
  if (action == "edit") return ProgrammeForm(ctx, req, &*stored, posted.values, FormErrors(), 200);
  auto refused = [&](const Status& s) {
    return RefusedForm(ctx, req, s, kFields, {}, [&](const FormErrors& e, int status) {
      return ProgrammeForm(ctx, req, &*stored, posted.values, e, status);
    });
  };
  if (action == "preview") {
    auto preview = ctx.programme_editing->Preview(req.visitor.actor(), slug, posted.in);
    if (!preview.ok()) return refused(preview.status());
    return PreviewPage(ctx, req, *stored, *preview, posted.values);
  }
  auto changed = ctx.programme_editing->Update(req.visitor.actor(), slug, posted.in);
  if (!changed.ok()) return refused(changed.status());
  return Redirect("/admin/programmes/" + PercentEncode(slug) + "?saved=1");
}

// Retires the programme (retired=1) or restores it (retired=0).
HttpResponse SetRetired(const WebContext& ctx, const HttpRequest& req, const FormFields& f) {
  app::ProgrammeInput in;
  in.retired = f.Get("retired") == "1";
  const std::string& slug = req.params.at("slug");
  auto changed = ctx.programme_editing->Update(req.visitor.actor(), slug, in);
  if (!changed.ok()) return StatusResponse(ctx, req, changed.status());
  return Redirect("/admin/programmes/" + PercentEncode(slug) + "?saved=1");
}

}  // namespace

void AddProgrammePageRoutes(Router& router, const WebContext& ctx) {
  const RouteList on(router, ctx);
  on("GET", "/admin/programmes", List);
  on("GET", "/admin/programmes/new", NewForm);
  on("POST", "/admin/programmes", PostedForm<RequireProgrammeAdmin, Create>);
  on("GET", "/admin/programmes/:slug", Show);
  on("POST", "/admin/programmes/:slug", PostedForm<RequireProgrammeAdmin, Update>);
  on("POST", "/admin/programmes/:slug/retired", PostedForm<RequireProgrammeAdmin, SetRetired>);
}

}  // namespace lophoc::http
