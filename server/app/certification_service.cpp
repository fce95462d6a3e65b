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

}  // namespace

Result<std::vector<CertificationService::Applicable>> CertificationService::ProgrammesFor(
    const people::User& u) {
  std::vector<Applicable> out;
  LOPHOC_ASSIGN_OR_RETURN(auto placements, assignments_->PlacementsOf(u.id));
  LOPHOC_ASSIGN_OR_RETURN(auto given, assignments_->AssignmentsOf(u.id));
  LOPHOC_ASSIGN_OR_RETURN(auto all, programmes_->ListProgrammes());
  for (auto& s : all) {
    const courses::Programme& p = s.programme;
    if (s.retired()) continue;  // its certifications stay; nobody is assigned any more
    std::vector<training::IndividualAssignment> mine;
    for (const auto& a : given) {
      if (a.programme == p.slug) {
        mine.push_back({a.id, a.starts_on, a.ends_on, a.reason, a.assigned_by_name});
      }
    }
    auto spans = training::AssignmentSpans({p.staff_categories, p.site_types}, placements, mine);
    if (spans.empty()) continue;
    out.push_back({std::move(s), std::move(spans)});
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

// Completions certify for the programmes that apply today only.
bool CertificationService::AppliesToday(const Applicable& a) const {
  const LocalDate today = LocalDateOf(clock_->Now());
  const auto span = training::AssignmentOn(a.spans, today);
  return span && !(today < span->from) && (!span->until || !(*span->until < today));
}

Status CertificationService::Refresh(const people::User& u) {
  LOPHOC_ASSIGN_OR_RETURN(auto programmes, ProgrammesFor(u));
  if (programmes.empty()) return Status::Ok();
  LOPHOC_ASSIGN_OR_RETURN(auto completions, certifications_->CourseCompletionsOf(u.id));
  for (const auto& a : programmes) {
    if (!AppliesToday(a)) continue;
    LOPHOC_ASSIGN_OR_RETURN(auto certs,
                            certifications_->CertificationsOf(u.id, a.programme.programme.slug));
    LOPHOC_RETURN_IF_ERROR(Certify(u, a.programme, completions, certs));
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
  // Certified now by what is done now, whatever day is asked about.
  // As of `on`: the rows a past day could see.
  std::vector<training::CourseCompletion> completions;
  for (const auto& c : all_completions) {
    if (c.day <= on) completions.push_back(c);
  }
  for (auto& a : programmes) {
    courses::StoredProgramme& s = a.programme;
    ProgrammeStanding ps;
    ps.day = on;
    LOPHOC_ASSIGN_OR_RETURN(auto certs, certifications_->CertificationsOf(u.id, s.programme.slug));
    if (AppliesToday(a)) LOPHOC_RETURN_IF_ERROR(Certify(u, s, all_completions, certs));
    // With the dates in force on that day (a rule applied to current cycles
    // later re-dated some: migration 0013).
    for (auto& c : certs) {
      if (c.completed > on) continue;
      training::CertificationRecord dated = training::DatedOn(c, on);
      // A revocation after the day was not known on it.
      if (dated.revoked_on && *dated.revoked_on > on) {
        dated.revoked_on.reset();
        dated.revoked_reason.clear();
      }
      ps.certifications.push_back(std::move(dated));
    }
    training::Facts facts;
    // The span that holds the day gives the assignment and starts the grace
    // period; one that ended before it says the person is not assigned.
    ps.assignment = training::AssignmentOn(a.spans, on);
    // The site type explains nothing when the programme names none.
    if (ps.assignment && s.programme.site_types.empty()) ps.assignment->site_type.clear();
    if (ps.assignment) {
      facts.assigned_from = ps.assignment->from;
      facts.assigned_until = ps.assignment->until;
      facts.joined = ps.assignment->from;
      if (ps.assignment->kind == training::AssignmentSpan::Kind::kAutomatic) {
        ps.staff_category = ps.assignment->staff_category;
        if (!s.programme.site_types.empty()) ps.site_type = ps.assignment->site_type;
      }
    }
    for (const auto& e : exemptions) {
      if (!e.programme.empty() && e.programme != s.programme.slug) continue;
      if (auto rule = e.AsRule()) facts.exemptions.push_back(*rule);
    }
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
