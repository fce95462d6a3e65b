#include "server/app/programme_editing.h"

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "courses/programme_loader.h"
#include "server/app/programme_service.h"

namespace lophoc::app {
namespace {

using courses::Programme;
using training::CertificationRecord;

bool Contains(const std::vector<std::string>& list, const std::string& value) {
  return std::find(list.begin(), list.end(), value) != list.end();
}

// Whether `p` applies to `m` (as CertificationService::ProgrammesFor decides:
// the staff category, and the site type when both name one); disabled
// accounts are not counted.
bool Applies(const Programme& p, bool retired, const training::StaffMember& m) {
  if (retired || !m.active || !Contains(p.staff_categories, m.staff_category)) return false;
  return p.site_types.empty() || m.site_type.empty() || Contains(p.site_types, m.site_type);
}

PersonRef RefOf(const training::StaffMember& m) {
  return {m.user_id, m.username, m.display_name, m.org};
}

Status Required(const std::string& key) {
  return Status::InvalidArgument("field '" + key + "' is required")
      .WithReason("field_required")
      .WithField(key)
      .WithParam("field", key);
}

// Sets `key` in `settings` (replacing it, or added at the end).
void Set(std::vector<FrontMatterEntry>& settings, const std::string& key, std::string value,
         std::optional<std::vector<std::string>> items = std::nullopt) {
  auto it = std::find_if(settings.begin(), settings.end(),
                         [&](const FrontMatterEntry& e) { return e.key == key; });
  if (it == settings.end()) {
    settings.emplace_back();
    it = settings.end() - 1;
    it->key = key;
  }
  it->value = std::move(value);
  it->is_list = items.has_value();
  it->items = items ? std::move(*items) : std::vector<std::string>();
}

void Drop(std::vector<FrontMatterEntry>& settings, const std::string& key) {
  settings.erase(std::remove_if(settings.begin(), settings.end(),
                                [&](const FrontMatterEntry& e) { return e.key == key; }),
                 settings.end());
}

// The standing on `day` given a person's certifications for a programme.
training::Standing StandingWith(const training::ValidityRule& rule,
                                const std::vector<CertificationRecord>& certs, LocalDate day) {
  training::Facts facts;
  for (const auto& c : certs) {
    if (!facts.assigned_from || c.completed < *facts.assigned_from) {
      facts.assigned_from = c.completed;
    }
    facts.certifications.push_back({c.completed, c.valid_until, c.revoked_on});
  }
  return training::StandingAsOf(rule, facts, day).standing;
}

bool RevokedOn(const CertificationRecord& c, LocalDate day) {
  return c.revoked_on && *c.revoked_on <= day;
}

}  // namespace

std::string_view ApplyToName(ApplyTo a) { return a == ApplyTo::kCurrent ? "current" : "future"; }

std::optional<ApplyTo> ApplyToFromName(std::string_view name) {
  if (name == "future") return ApplyTo::kFuture;
  if (name == "current") return ApplyTo::kCurrent;
  return std::nullopt;
}

Status ProgrammeEditing::CheckAdmin(const people::Actor& actor) const {
  if (actor.Has(people::Role::kAdmin)) return Status::Ok();
  return Status::PermissionDenied("only admins change programmes")
      .WithReason("programme_admin_only");
}

std::optional<Programme> ProgrammeEditing::Build(const std::optional<Programme>& base,
                                                 const ProgrammeInput& in,
                                                 std::vector<Status>& problems) {
  std::vector<FrontMatterEntry> settings;
  if (base) {
    settings = courses::ProgrammeSettings(*base);
    if (in.slug && *in.slug != base->slug) {
      problems.push_back(Status::InvalidArgument("a programme's slug does not change")
                             .WithReason("programme_slug_fixed")
                             .WithField("slug"));
    }
  } else {
    for (const char* key : {"slug", "title", "staff_categories"}) {
      const bool given = std::string(key) == "slug"    ? in.slug.has_value()
                         : std::string(key) == "title" ? in.title.has_value()
                                                       : in.staff_categories.has_value();
      if (!given) problems.push_back(Required(key));
    }
    if (!problems.empty()) return std::nullopt;
    Set(settings, "slug", *in.slug);
  }
  auto text = [&](const char* key, const std::optional<std::string>& v) {
    if (!v) return;
    if (v->empty() && std::string(key) == "title_en") return Drop(settings, key);
    Set(settings, key, *v);
  };
  auto list = [&](const char* key, const std::optional<std::vector<std::string>>& v) {
    if (v) Set(settings, key, "", *v);
  };
  auto number = [&](const char* key, const std::optional<int>& v) {
    if (v) Set(settings, key, std::to_string(*v));
  };
  text("title", in.title);
  text("title_en", in.title_en);
  list("staff_categories", in.staff_categories);
  list("site_types", in.site_types);
  list("initial_courses", in.initial_courses);
  list("refresher_courses", in.refresher_courses);
  // An empty path is no path (a file leaves it out), unless both are.
  for (const char* key : {"initial_courses", "refresher_courses"}) {
    auto it = std::find_if(settings.begin(), settings.end(),
                           [&](const FrontMatterEntry& e) { return e.key == key; });
    const bool other = std::any_of(settings.begin(), settings.end(), [&](const auto& e) {
      return e.key != key && (e.key == "initial_courses" || e.key == "refresher_courses") &&
             !e.items.empty();
    });
    if (it != settings.end() && it->items.empty() && other) settings.erase(it);
  }
  number("validity_months", in.validity_months);
  number("renewal_window_days", in.renewal_window_days);
  text("date_rule", in.date_rule);
  // The fixed-date settings of the old rule go with it.
  if (in.date_rule && *in.date_rule != "fixed_date") {
    if (!in.fixed_day) Drop(settings, "fixed_day");
    if (!in.min_validity_months) Drop(settings, "min_validity_months");
  }
  text("fixed_day", in.fixed_day);
  number("min_validity_months", in.min_validity_months);
  number("grace_days", in.grace_days);
  const std::string description =
      in.description ? *in.description : (base ? base->description_markdown : "");
  auto built = courses::ProgrammeFromSettings(settings, description, problems);
  // Courses are data: each must be in the database (checked whatever else
  // is wrong, so that a form shows every problem at once).
  auto all = courses_->ListAllCourses();
  if (!all.ok()) {
    problems.push_back(all.status());
    return std::nullopt;
  }
  std::set<std::string> known;
  for (const auto& c : *all) known.insert(c.slug);
  for (const auto& e : settings) {
    if (e.key != "initial_courses" && e.key != "refresher_courses") continue;
    for (const auto& slug : e.items) {
      if (known.count(slug) > 0) continue;
      built.reset();
      problems.push_back(Status::InvalidArgument("programme names course '" + slug +
                                                 "', which is not in the database")
                             .WithReason("programme_course_unknown")
                             .WithField(e.key)
                             .WithParam("slug", slug));
    }
  }
  return built;
}

Result<std::vector<ProgrammeOverview>> ProgrammeEditing::List(const people::Actor& actor) {
  LOPHOC_RETURN_IF_ERROR(CheckAdmin(actor));
  LOPHOC_ASSIGN_OR_RETURN(auto all, programmes_->ListProgrammes());
  LOPHOC_ASSIGN_OR_RETURN(auto staff, certifications_->StaffMembers());
  std::vector<ProgrammeOverview> out;
  for (auto& s : all) {
    ProgrammeOverview o;
    for (const auto& m : staff) o.assigned += Applies(s.programme, s.retired(), m) ? 1 : 0;
    o.programme = std::move(s);
    out.push_back(std::move(o));
  }
  return out;
}

std::vector<Status> ProgrammeEditing::Problems(const std::string& slug, const ProgrammeInput& in) {
  std::vector<Status> problems;
  std::optional<Programme> base;
  if (!slug.empty()) {
    auto found = programmes_->LoadProgramme(slug);
    if (!found.ok()) return {found.status()};
    base = std::move(found->programme);
  }
  Build(base, in, problems);
  return problems;
}

Result<courses::StoredProgramme> ProgrammeEditing::Create(const people::Actor& actor,
                                                          const ProgrammeInput& in) {
  LOPHOC_RETURN_IF_ERROR(CheckAdmin(actor));
  std::vector<Status> problems;
  auto p = Build(std::nullopt, in, problems);
  if (!p) return problems.front();
  courses::ProgrammeRevisionMeta meta{"admin", FormatIso8601(clock_->Now()), true};
  LOPHOC_ASSIGN_OR_RETURN(courses::SaveResult saved,
                          programmes_->SaveProgramme(*p, ProgrammeContentHash(*p), meta));
  nlohmann::json details = {{"revision", saved.revision_number}};
  LOPHOC_RETURN_IF_ERROR(Audit(actor, "programme.create", p->slug, details.dump()));
  return programmes_->LoadProgramme(p->slug);
}

Result<ProgrammeEditing::Draft> ProgrammeEditing::MakeDraft(const std::string& slug,
                                                            const ProgrammeInput& in) {
  auto found = programmes_->LoadProgramme(slug);
  if (found.status().code() == StatusCode::kNotFound) {
    return Status::NotFound("no programme '" + slug + "'")
        .WithReason("programme_not_found")
        .WithParam("slug", slug);
  }
  if (!found.ok()) return found.status();
  Draft draft;
  draft.before = std::move(*found);
  std::vector<Status> problems;
  auto after = Build(draft.before.programme, in, problems);
  if (!after) return problems.front();
  ProgrammePreview& v = draft.preview;
  v.after = std::move(*after);
  v.content_changed = ProgrammeContentHash(v.after) != ProgrammeContentHash(draft.before.programme);
  v.retired_before = draft.before.retired();
  v.retired_after = in.retired.value_or(v.retired_before);
  v.apply_to = in.apply_to;
  v.today = LocalDateOf(clock_->Now());
  LOPHOC_ASSIGN_OR_RETURN(auto staff, certifications_->StaffMembers());
  for (const auto& m : staff) {
    const bool was = Applies(draft.before.programme, v.retired_before, m);
    const bool is = Applies(v.after, v.retired_after, m);
    v.assigned_before += was ? 1 : 0;
    v.assigned_after += is ? 1 : 0;
    if (is && !was && v.now_assigned_count++ < static_cast<int>(kSampleSize)) {
      v.now_assigned.push_back(RefOf(m));
    }
    if (was && !is && v.no_longer_assigned_count++ < static_cast<int>(kSampleSize)) {
      v.no_longer_assigned.push_back(RefOf(m));
    }
  }
  if (in.apply_to == ApplyTo::kCurrent) {
    LOPHOC_RETURN_IF_ERROR(Redate(draft.before, v.after, staff, draft));
  }
  return draft;
}

// Each person's current cycle: among their certifications completed by
// today and not revoked, the one granted last; closed when it expired before
// today. It is re-dated from its own completion day under `after`'s rule,
// continuing (from_expiry) from the cycles before it, which never change.
Status ProgrammeEditing::Redate(const courses::StoredProgramme& before, const Programme& after,
                                const std::vector<training::StaffMember>& staff, Draft& draft) {
  ProgrammePreview& v = draft.preview;
  LOPHOC_ASSIGN_OR_RETURN(auto all,
                          certifications_->CertificationsOfProgramme(before.programme.slug));
  std::map<int64_t, std::vector<CertificationRecord>> by_user;
  for (auto& c : all) by_user[c.user_id].push_back(std::move(c));
  std::map<int64_t, const training::StaffMember*> people;
  for (const auto& m : staff) people[m.user_id] = &m;
  for (auto& [user_id, certs] : by_user) {
    std::optional<size_t> open;
    for (size_t i = 0; i < certs.size(); ++i) {
      if (certs[i].completed <= v.today && !RevokedOn(certs[i], v.today)) open = i;
    }
    if (!open) continue;
    const CertificationRecord& c = certs[*open];
    if (c.valid_until && *c.valid_until < v.today) continue;  // expired: closed
    std::optional<LocalDate> previous;
    for (size_t i = 0; i < *open; ++i) {
      const auto& e = certs[i];
      if (!RevokedOn(e, v.today) && e.valid_until && (!previous || *e.valid_until > *previous)) {
        previous = e.valid_until;
      }
    }
    const training::Validity next = training::ValidityOf(after.rule, c.completed, previous);
    if (next.until == c.valid_until) continue;
    DateChange change;
    auto who = people.find(user_id);
    change.person = who != people.end() ? RefOf(*who->second) : PersonRef{user_id, "", "", ""};
    change.certification_id = c.id;
    change.completed = c.completed;
    change.before = {c.valid_until, StandingWith(before.programme.rule, certs, v.today)};
    std::vector<CertificationRecord> redated = certs;
    redated[*open].valid_until = next.until;
    change.after = {next.until, StandingWith(after.rule, redated, v.today)};
    change.basis = next.basis;
    if (v.sample.size() < kSampleSize) v.sample.push_back(change);
    ++v.dates_changed;
    training::Redating r;
    r.certification_id = c.id;
    r.previous_until = c.valid_until;
    r.previous_basis = c.basis;
    r.new_until = next.until;
    r.new_basis = next.basis;
    r.effective_on = v.today;
    draft.redatings.push_back(r);
  }
  return Status::Ok();
}

Result<ProgrammePreview> ProgrammeEditing::Preview(const people::Actor& actor,
                                                   const std::string& slug,
                                                   const ProgrammeInput& in) {
  LOPHOC_RETURN_IF_ERROR(CheckAdmin(actor));
  LOPHOC_ASSIGN_OR_RETURN(Draft draft, MakeDraft(slug, in));
  return std::move(draft.preview);
}

Result<ProgrammeChange> ProgrammeEditing::Update(const people::Actor& actor,
                                                 const std::string& slug,
                                                 const ProgrammeInput& in) {
  LOPHOC_RETURN_IF_ERROR(CheckAdmin(actor));
  LOPHOC_ASSIGN_OR_RETURN(Draft draft, MakeDraft(slug, in));
  const ProgrammePreview& v = draft.preview;
  const std::string now = FormatIso8601(clock_->Now());
  int revision = draft.before.revision_number;
  if (v.content_changed) {
    LOPHOC_ASSIGN_OR_RETURN(
        courses::SaveResult saved,
        programmes_->SaveProgramme(v.after, ProgrammeContentHash(v.after), {"admin", now}));
    revision = saved.revision_number;
    nlohmann::json details = {{"revision", revision},
                              {"apply_to", std::string(ApplyToName(v.apply_to))}};
    LOPHOC_RETURN_IF_ERROR(Audit(actor, "programme.edit", slug, details.dump()));
  }
  if (v.retired_after != v.retired_before) {
    LOPHOC_RETURN_IF_ERROR(programmes_->SetRetired(
        slug, v.retired_after ? std::optional<std::string>(now) : std::nullopt));
    nlohmann::json details = {{"revision", revision}};
    LOPHOC_RETURN_IF_ERROR(Audit(actor, v.retired_after ? "programme.retire" : "programme.restore",
                                 slug, details.dump()));
  }
  if (!draft.redatings.empty()) {
    for (auto& r : draft.redatings) {
      r.programme_revision = revision;
      r.recorded_by = actor.user_id;
      r.created_at = now;
    }
    LOPHOC_RETURN_IF_ERROR(certifications_->RecordRedatings(slug, draft.redatings));
    nlohmann::json details = {{"revision", revision}, {"dates_changed", v.dates_changed}};
    LOPHOC_RETURN_IF_ERROR(Audit(actor, "programme.redate", slug, details.dump()));
  }
  ProgrammeChange out;
  LOPHOC_ASSIGN_OR_RETURN(out.programme, programmes_->LoadProgramme(slug));
  out.preview = std::move(draft.preview);
  return out;
}

Status ProgrammeEditing::Audit(const people::Actor& actor, const std::string& action,
                               const std::string& slug, const std::string& details_json) {
  people::AuditEntry a;
  a.at = FormatIso8601(clock_->Now());
  a.actor_user_id = actor.user_id;
  a.actor = actor.username;
  a.action = action;
  a.object_type = "programme";
  a.object_key = slug;
  a.details_json = details_json;
  return audit_->AppendAudit(a);
}

}  // namespace lophoc::app
