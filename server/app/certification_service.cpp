#include "server/app/certification_service.h"

#include <algorithm>

#include "people/vocabulary.h"

namespace lophoc::app {
namespace {

template <typename T>
bool Contains(const std::vector<T>& list, const T& value) {
  return std::find(list.begin(), list.end(), value) != list.end();
}

std::vector<training::EarnedCertification> Earned(
    const std::vector<training::CertificationRecord>& certs) {
  std::vector<training::EarnedCertification> out;
  for (const auto& c : certs) out.push_back({c.completed, c.rests_on, c.revoked_on.has_value()});
  return out;
}

// The last valid day of the certification that expires last (nullopt: none,
// or one that never expires), ignoring revoked ones.
std::optional<LocalDate> PreviousUntil(const std::vector<training::CertificationRecord>& certs) {
  std::optional<LocalDate> until;
  for (const auto& c : certs) {
    if (!c.revoked_on && c.valid_until && (!until || *c.valid_until > *until)) {
      until = c.valid_until;
    }
  }
  return until;
}

// A programme that names one path only asks for it on both: renewing means
// the initial courses again, and a first certification the refresher ones.
const std::vector<std::string>& CoursesOf(const courses::Programme& p, training::Path path) {
  if (p.refresher_courses.empty()) return p.initial_courses;
  if (p.initial_courses.empty()) return p.refresher_courses;
  return path == training::Path::kRefresher ? p.refresher_courses : p.initial_courses;
}

// The day an account was created, in Vietnam: the assignment and the grace
// period start there (a later change of category or site is not dated yet).
std::optional<LocalDate> JoinedOn(const people::User& u) {
  auto at = ParseIso8601(u.created_at);
  return at ? std::optional<LocalDate>(LocalDateOf(*at)) : std::nullopt;
}

}  // namespace

Result<std::vector<courses::StoredProgramme>> CertificationService::ProgrammesFor(
    const people::User& u) {
  std::vector<courses::StoredProgramme> out;
  if (u.staff_category.empty()) return out;  // programmes are for staff
  std::string site_type;
  if (!u.site_code.empty()) {
    LOPHOC_ASSIGN_OR_RETURN(people::Site site, directory_->FindSite(u.site_code));
    site_type = people::SiteTypeName(site.type);
  }
  LOPHOC_ASSIGN_OR_RETURN(auto all, programmes_->ListProgrammes());
  for (auto& s : all) {
    const courses::Programme& p = s.programme;
    if (s.retired()) continue;  // its certifications stay; nobody is assigned any more
    if (!Contains(p.staff_categories, u.staff_category)) continue;
    if (!p.site_types.empty() && !site_type.empty() && !Contains(p.site_types, site_type)) {
      continue;
    }
    out.push_back(std::move(s));
  }
  return out;
}

Status CertificationService::Certify(const people::User& u, const courses::StoredProgramme& s,
                                     const std::vector<training::CourseCompletion>& completions,
                                     std::vector<training::CertificationRecord>& certs) {
  const courses::Programme& p = s.programme;
  const auto earned = Earned(certs);
  const training::Path path = training::PathFor(earned);
  const auto progress = training::ProgressOnPath(CoursesOf(p, path), completions, earned);
  if (!progress.completed) return Status::Ok();
  const training::Validity v =
      training::ValidityOf(p.rule, *progress.completed, PreviousUntil(certs));
  training::CertificationRecord c;
  c.user_id = u.id;
  c.programme = p.slug;
  c.programme_revision = s.revision_number;
  c.path = path;
  c.completed = *progress.completed;
  c.valid_until = v.until;
  c.basis = v.basis;
  c.created_at = FormatIso8601(clock_->Now());
  c.rests_on = progress.rests_on;
  // Resting on prior learning makes it recorded: reports mark it so.
  for (const auto& done : completions) {
    if (done.recorded && Contains(c.rests_on, done.id)) c.source = "recorded";
  }
  auto stored = certifications_->RecordCertification(c);
  if (stored.ok()) {
    certs.push_back(std::move(*stored));
    return Status::Ok();
  }
  if (stored.status().reason() != "certification_exists") return stored.status();
  // A concurrent request recorded this cycle first: read the rows it wrote.
  LOPHOC_ASSIGN_OR_RETURN(certs, certifications_->CertificationsOf(u.id, p.slug));
  return Status::Ok();
}

Status CertificationService::Refresh(const people::User& u) {
  LOPHOC_ASSIGN_OR_RETURN(auto programmes, ProgrammesFor(u));
  if (programmes.empty()) return Status::Ok();
  LOPHOC_ASSIGN_OR_RETURN(auto completions, certifications_->CourseCompletionsOf(u.id));
  for (const auto& s : programmes) {
    LOPHOC_ASSIGN_OR_RETURN(auto certs,
                            certifications_->CertificationsOf(u.id, s.programme.slug));
    LOPHOC_RETURN_IF_ERROR(Certify(u, s, completions, certs));
  }
  return Status::Ok();
}

training::CertificationRecord CertificationService::RecordedCertification(
    const people::User& u, const courses::StoredProgramme& s, LocalDate day,
    const std::vector<training::CertificationRecord>& certs) {
  std::vector<training::CertificationRecord> before;
  for (const auto& c : certs) {
    if (c.completed < day) before.push_back(c);
  }
  const training::Validity v = training::ValidityOf(s.programme.rule, day, PreviousUntil(before));
  training::CertificationRecord c;
  c.user_id = u.id;
  c.programme = s.programme.slug;
  c.programme_revision = s.revision_number;
  c.path = training::PathFor(Earned(before));
  c.completed = day;
  c.valid_until = v.until;
  c.basis = v.basis;
  c.source = "recorded";
  return c;
}

Result<std::vector<ProgrammeStanding>> CertificationService::StandingsOf(
    const people::User& u, std::optional<LocalDate> day) {
  const LocalDate on = day.value_or(LocalDateOf(clock_->Now()));
  LOPHOC_ASSIGN_OR_RETURN(auto programmes, ProgrammesFor(u));
  std::vector<ProgrammeStanding> out;
  if (programmes.empty()) return out;
  LOPHOC_ASSIGN_OR_RETURN(auto all_completions, certifications_->CourseCompletionsOf(u.id));
  std::vector<training::ExemptionRecord> exemptions;
  if (exemptions_ != nullptr) {
    LOPHOC_ASSIGN_OR_RETURN(exemptions, exemptions_->ExemptionsOf(u.id));
  }
  std::string site_type;
  if (!u.site_code.empty()) {
    LOPHOC_ASSIGN_OR_RETURN(people::Site site, directory_->FindSite(u.site_code));
    site_type = people::SiteTypeName(site.type);
  }
  // Certified now by what is done now, whatever day is asked about.
  // As of `on`: the rows a past day could see.
  std::vector<training::CourseCompletion> completions;
  for (const auto& c : all_completions) {
    if (c.day <= on) completions.push_back(c);
  }
  for (auto& s : programmes) {
    ProgrammeStanding ps;
    ps.day = on;
    LOPHOC_ASSIGN_OR_RETURN(auto certs, certifications_->CertificationsOf(u.id, s.programme.slug));
    LOPHOC_RETURN_IF_ERROR(Certify(u, s, all_completions, certs));
    for (auto& c : certs) {
      if (c.completed > on) continue;
      // A revocation after the day was not known on it.
      if (c.revoked_on && *c.revoked_on > on) {
        c.revoked_on.reset();
        c.revoked_reason.clear();
      }
      ps.certifications.push_back(std::move(c));
    }
    training::Facts facts;
    facts.assigned_from = JoinedOn(u);
    for (const auto& e : exemptions) {
      if (!e.programme.empty() && e.programme != s.programme.slug) continue;
      if (auto rule = e.AsRule()) facts.exemptions.push_back(*rule);
    }
    ps.staff_category = u.staff_category;
    if (!s.programme.site_types.empty()) ps.site_type = site_type;
    for (const auto& c : ps.certifications) {
      facts.certifications.push_back({c.completed, c.valid_until, c.revoked_on});
    }
    const auto earned = Earned(ps.certifications);
    ps.path = training::PathFor(earned);
    ps.progress = training::ProgressOnPath(CoursesOf(s.programme, ps.path), completions, earned);
    // Learning has started once a course of the path is done.
    for (const auto& c : completions) {
      if (Contains(ps.progress.done, c.course) && (!facts.started || c.day < *facts.started)) {
        facts.started = c.day;
      }
    }
    ps.on = training::StandingAsOf(s.programme.rule, facts, on);
    ps.programme = std::move(s);
    out.push_back(std::move(ps));
  }
  return out;
}

}  // namespace lophoc::app
