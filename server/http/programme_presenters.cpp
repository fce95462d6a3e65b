#include "server/http/programme_presenters.h"

#include <utility>

#include "courses/programme_loader.h"
#include "people/vocabulary.h"
#include "server/http/json_views.h"

namespace lophoc::http {
namespace {

using nlohmann::json;

std::string DayOrEmpty(const std::optional<LocalDate>& d) {
  return d ? FormatIsoDate(*d) : std::string();
}

std::string Fill(std::string text, const std::vector<std::pair<std::string, std::string>>& params) {
  for (const auto& [name, value] : params) {
    const std::string placeholder = "{" + name + "}";
    for (size_t at = text.find(placeholder); at != std::string::npos;
         at = text.find(placeholder, at + value.size())) {
      text.replace(at, placeholder.size(), value);
    }
  }
  return text;
}

std::string Say(const Reader& r, const std::string& key,
                const std::vector<std::pair<std::string, std::string>>& params) {
  return Fill(r.i18n->Text(r.lang, key), params);
}

std::string BasisKey(training::Basis b) {
  switch (b) {
    case training::Basis::kNeverExpires:
      return "prog_basis_never_expires";
    case training::Basis::kFromCompletion:
      return "prog_basis_from_completion";
    case training::Basis::kExtended:
      return "prog_basis_extended";
    case training::Basis::kAfterLapse:
      return "prog_basis_after_lapse";
    case training::Basis::kBeforeWindow:
      return "prog_basis_before_window";
    case training::Basis::kFixedDay:
      return "prog_basis_fixed_day";
    case training::Basis::kFixedDayMinimum:
      return "prog_basis_fixed_day_minimum";
  }
  return "prog_basis_from_completion";
}

}  // namespace

json RuleJson(const training::ValidityRule& r) {
  const bool fixed = r.rule == training::DateRule::kFixedDate;
  return {
      {"date_rule", std::string(training::DateRuleName(r.rule))},
      {"validity_months", r.validity_months},
      {"renewal_window_days", r.renewal_window_days},
      {"fixed_day", fixed ? json(courses::FixedDayText(r.fixed_day)) : json(nullptr)},
      {"min_validity_months", r.min_validity_months},
      {"grace_days", r.grace_days},
  };
}

json ProgrammeJson(const courses::StoredProgramme& s) {
  const courses::Programme& p = s.programme;
  return {
      {"slug", p.slug},
      {"title", p.title},
      {"title_en", NullIfEmpty(p.title_en)},
      {"description_markdown", p.description_markdown},
      {"staff_categories", p.staff_categories},
      {"site_types", p.site_types},
      {"paths", {{"initial", p.initial_courses}, {"refresher", p.refresher_courses}}},
      {"rule", RuleJson(p.rule)},
      {"revision", s.revision_number},
      {"revised_at", s.created_at},
      {"source", s.source},
      {"retired", s.retired()},
      {"retired_at", NullIfEmpty(s.retired_at)},
  };
}

std::string ValidityInWords(const Reader& r, const courses::Programme& p,
                            const std::vector<training::CertificationRecord>& certs, size_t i) {
  const training::CertificationRecord& c = certs.at(i);
  // The previous cycle's last day, for the rules that continue from it.
  std::string previous;
  for (size_t j = i; j-- > 0;) {
    if (certs[j].valid_until) {
      previous = FormatLocalDate(*certs[j].valid_until);
      break;
    }
  }
  const std::string who = r.who.empty() ? r.i18n->Text(r.lang, "prog_who_self") : r.who;
  return Say(r, BasisKey(c.basis),
             {{"until", c.valid_until ? FormatLocalDate(*c.valid_until) : std::string()},
              {"completed", FormatLocalDate(c.completed)},
              {"who", who},
              {"months", std::to_string(p.rule.validity_months)},
              {"min_months", std::to_string(p.rule.min_validity_months)},
              {"fixed_day", courses::FixedDayText(p.rule.fixed_day)},
              {"previous", previous}});
}

std::string StandingInWords(const Reader& r, const training::StandingOn& on) {
  const std::string until = on.until ? FormatLocalDate(*on.until) : std::string();
  const std::string since = on.since ? FormatLocalDate(*on.since) : std::string();
  std::string key = "prog_status_" + std::string(training::StandingName(on.standing));
  const bool dated = on.standing == training::Standing::kValid ||
                     on.standing == training::Standing::kNotStarted ||
                     on.standing == training::Standing::kInProgress;
  if (dated && !on.until) key += "_open";
  return Say(r, key, {{"until", until}, {"since", since}});
}

std::string AssignmentInWords(const Reader& r, const training::AssignmentSpan& s) {
  const std::string who = r.who.empty() ? r.i18n->Text(r.lang, "prog_who_self") : r.who;
  std::string key = "prog_assigned_individual";
  std::string category = s.staff_category;
  std::string site = s.site_type;
  if (s.kind == training::AssignmentSpan::Kind::kAutomatic) {
    key = site.empty() ? "prog_assigned_category" : "prog_assigned_category_site";
    if (const auto* c = people::FindStaffCategory(s.staff_category)) category = c->Label(r.lang);
    if (auto t = people::ParseSiteType(s.site_type)) site = people::SiteTypeInfo(*t).Label(r.lang);
  }
  std::string text = Say(r, key,
                         {{"who", who},
                          {"from", FormatLocalDate(s.from)},
                          {"category", category},
                          {"site_type", site},
                          {"by", s.by},
                          {"reason", s.reason}});
  if (s.until) {
    text += " " + Say(r, "prog_assigned_until", {{"until", FormatLocalDate(*s.until)}});
  }
  return text;
}

json AssignmentSpanJson(const Reader& r, const training::AssignmentSpan& s) {
  const bool automatic = s.kind == training::AssignmentSpan::Kind::kAutomatic;
  return {
      {"kind", std::string(training::AssignmentKindName(s.kind))},
      {"from", FormatIsoDate(s.from)},
      {"until", NullIfEmpty(DayOrEmpty(s.until))},
      {"staff_category", automatic ? json(s.staff_category) : json(nullptr)},
      {"site_type", automatic ? NullIfEmpty(s.site_type) : json(nullptr)},
      {"assignment_id", automatic ? json(nullptr) : json(s.assignment_id)},
      {"reason", automatic ? json(nullptr) : json(s.reason)},
      {"assigned_by", automatic ? json(nullptr) : json(s.by)},
      {"text", AssignmentInWords(r, s)},
  };
}

json AssignmentJson(const courses::AssignmentRecord& a) {
  return {
      {"id", a.id},
      {"user_id", a.user_id},
      {"programme", a.programme},
      {"starts_on", FormatIsoDate(a.starts_on)},
      {"ends_on", NullIfEmpty(DayOrEmpty(a.ends_on))},
      {"reason", a.reason},
      {"assigned_by", a.assigned_by ? json(*a.assigned_by) : json(nullptr)},
      {"assigned_by_name", a.assigned_by_name},
      {"created_at", a.created_at},
      {"ended_at", NullIfEmpty(a.ended_at)},
  };
}

json CertificationJson(const Reader& r, const courses::Programme& p,
                       const std::vector<training::CertificationRecord>& certs, size_t i) {
  const training::CertificationRecord& c = certs.at(i);
  return {
      {"id", c.id},
      {"programme_revision", c.programme_revision},
      {"path", std::string(training::PathName(c.path))},
      {"completed_on", FormatIsoDate(c.completed)},
      {"valid_until", NullIfEmpty(DayOrEmpty(c.valid_until))},
      {"basis", std::string(training::BasisName(c.basis))},
      {"explanation", ValidityInWords(r, p, certs, i)},
      {"source", c.source},
      {"recorded_by", NullIfEmpty(c.recorded_by_name)},
      {"evidence", NullIfEmpty(c.evidence)},
      {"revoked_on", NullIfEmpty(DayOrEmpty(c.revoked_on))},
      {"revoked_reason", NullIfEmpty(c.revoked_reason)},
  };
}

json StandingJson(const Reader& r, const app::ProgrammeStanding& s) {
  const courses::Programme& p = s.programme.programme;
  json certs = json::array();
  for (size_t i = 0; i < s.certifications.size(); ++i) {
    certs.push_back(CertificationJson(r, p, s.certifications, i));
  }
  json current = nullptr;
  if (s.on.certification) current = certs.at(*s.on.certification);
  return {
      {"programme",
       {{"slug", p.slug},
        {"title", p.title},
        {"title_en", NullIfEmpty(p.title_en)},
        {"revision", s.programme.revision_number},
        {"rule", RuleJson(p.rule)}}},
      {"as_of", FormatIsoDate(s.day)},
      {"standing", std::string(training::StandingName(s.on.standing))},
      {"standing_text", StandingInWords(r, s.on)},
      {"assigned", s.assignment ? AssignmentSpanJson(r, *s.assignment) : json(nullptr)},
      {"until", NullIfEmpty(DayOrEmpty(s.on.until))},
      {"since", NullIfEmpty(DayOrEmpty(s.on.since))},
      {"path", std::string(training::PathName(s.path))},
      {"courses_done", s.progress.done},
      {"courses_to_do", s.progress.missing},
      {"current", current},
      {"certifications", certs},
  };
}

std::string AppliesInWords(const Reader& r, const app::ProgrammeStanding& s) {
  if (s.assignment) return AssignmentInWords(r, *s.assignment);
  const people::StaffCategoryEntry* category = people::FindStaffCategory(s.staff_category);
  const std::string category_label = category ? category->Label(r.lang) : s.staff_category;
  if (s.site_type.empty()) return Say(r, "prog_applies_category", {{"category", category_label}});
  auto type = people::ParseSiteType(s.site_type);
  const std::string type_label = type ? people::SiteTypeInfo(*type).Label(r.lang) : s.site_type;
  return Say(r, "prog_applies_category_site",
             {{"category", category_label}, {"site_type", type_label}});
}

json PersonStandingJson(const Reader& r, const app::ProgrammeStanding& s) {
  json out = StandingJson(r, s);
  out["applies_because"] = {{"staff_category", s.staff_category},
                            {"site_type", NullIfEmpty(s.site_type)},
                            {"text", AppliesInWords(r, s)}};
  return out;
}

json ExemptionJson(const training::ExemptionRecord& e) {
  return {
      {"id", e.id},
      {"user_id", e.user_id},
      {"username", e.username},
      {"display_name", e.display_name},
      {"programme", NullIfEmpty(e.programme)},
      {"reason", e.reason},
      {"starts_on", FormatIsoDate(e.starts_on)},
      {"ends_on", FormatIsoDate(e.ends_on)},
      {"ended_on", NullIfEmpty(DayOrEmpty(e.ended_on))},
      {"last_day", FormatIsoDate(e.last_day())},
      {"created_at", e.created_at},
  };
}

Result<std::optional<LocalDate>> AsOfQuery(const HttpRequest& req) {
  if (!req.HasQuery("as_of")) return std::optional<LocalDate>();
  const std::string text = req.Query("as_of");
  auto day = ParseDayText(text);
  if (!day) {
    return Status::InvalidArgument("as_of must be a date YYYY-MM-DD or DD/MM/YYYY")
        .WithReason("as_of_invalid")
        .WithField("as_of")
        .WithParam("value", text);
  }
  return std::optional<LocalDate>(day);
}

}  // namespace lophoc::http
