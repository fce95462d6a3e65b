#include "server/app/training_records.h"

#include <algorithm>
#include <map>
#include <set>
#include <tuple>

#include "kernel/csv.h"
#include "kernel/text.h"

namespace lophoc::app {
namespace {

using people::Role;

constexpr size_t kMaxNoteBytes = 1000;  // evidence, reasons

Status TextTooLong(const std::string& field) {
  return Status::InvalidArgument(field + " is longer than 1000 bytes")
      .WithReason("note_too_long")
      .WithField(field)
      .WithParam("limit", static_cast<int64_t>(kMaxNoteBytes));
}

bool IsDigits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// Three groups of digits between '/', '-' or '.': something meant as a date.
bool LooksLikeDate(std::string_view s, std::vector<std::string_view>* groups,
                   std::string* separators) {
  size_t start = 0;
  for (size_t i = 0; i <= s.size(); ++i) {
    if (i == s.size() || s[i] == '/' || s[i] == '-' || s[i] == '.') {
      groups->push_back(s.substr(start, i - start));
      if (i < s.size()) separators->push_back(s[i]);
      start = i + 1;
    }
  }
  return groups->size() == 3 && std::all_of(groups->begin(), groups->end(), IsDigits);
}

}  // namespace

Result<LocalDate> ParseDayField(std::string_view typed, const std::string& field) {
  const std::string_view text = Trim(typed);
  if (auto day = ParseDayText(text)) return *day;
  std::vector<std::string_view> groups;
  std::string separators;
  // A date in a form lophoc does not read one way only: a two-digit year,
  // year first with slashes, day first with dashes or dots. The two forms
  // it reads are refused as invalid when no such day exists (31/02/2027,
  // 12/31/2026: there is no month 31).
  if (LooksLikeDate(text, &groups, &separators) && !(separators == "//" && groups[2].size() == 4) &&
      !(separators == "--" && groups[0].size() == 4)) {
    return Status::InvalidArgument(field + " '" + std::string(text) +
                                   "' could be read more than one way: write YYYY-MM-DD or "
                                   "DD/MM/YYYY")
        .WithReason("date_ambiguous")
        .WithField(field)
        .WithParam("value", std::string(text));
  }
  return Status::InvalidArgument(field + " must be a day, YYYY-MM-DD or DD/MM/YYYY")
      .WithReason("date_invalid")
      .WithField(field)
      .WithParam("value", std::string(text));
}

namespace {

// What a batch of prior learning reads once and remembers as it plans.
struct Planner {
  std::set<std::string> courses;
  std::map<std::string, courses::StoredProgramme> programmes;
  std::map<int64_t, std::vector<training::CourseCompletion>> completions;
  std::map<std::pair<int64_t, std::string>, std::vector<training::CertificationRecord>> certs;
  // (user, "course:" or "programme:" + slug, day) -> the line that named it.
  std::map<std::tuple<int64_t, std::string, std::string>, size_t> seen;
  training::PriorLearning batch;
  std::map<int64_t, people::User> users;
};

Status PriorLearningDuplicate(LocalDate day) {
  return Status::Conflict("this is recorded already for " + FormatLocalDate(day))
      .WithReason("prior_learning_duplicate")
      .WithField("date")
      .WithParam("date", FormatLocalDate(day));
}

}  // namespace

LocalDate TrainingRecords::Today() const { return LocalDateOf(clock_->Now()); }

training::ChangedBy TrainingRecords::By(const Actor& a) const {
  return {a.user_id, a.username, FormatIso8601(clock_->Now())};
}

Result<PersonProgrammes> TrainingRecords::ProgrammesOf(const Actor& a, int64_t user_id,
                                                       std::optional<LocalDate> day) {
  LOPHOC_ASSIGN_OR_RETURN(people::User u, people_->GetUser(a, user_id));
  if (a.user_id != u.id && !a.Has(Role::kAdmin) && !a.Has(Role::kManager)) {
    return UserNotFound(std::to_string(user_id));
  }
  LOPHOC_ASSIGN_OR_RETURN(auto standings, certification_->StandingsOf(u, day));
  return PersonProgrammes{std::move(u), std::move(standings)};
}

Result<PersonCertifications> TrainingRecords::CertificationsOf(const Actor& a, int64_t user_id) {
  LOPHOC_ASSIGN_OR_RETURN(people::User u, people_->GetUser(a, user_id));
  if (a.user_id != u.id && !a.Has(Role::kAdmin) && !a.Has(Role::kManager) &&
      !a.Has(Role::kTrainer)) {
    return UserNotFound(std::to_string(user_id));
  }
  // What completions earn now is recorded before it is listed.
  LOPHOC_RETURN_IF_ERROR(certification_->Refresh(u));
  LOPHOC_ASSIGN_OR_RETURN(auto all, certifications_->AllCertificationsOf(u.id));
  LOPHOC_ASSIGN_OR_RETURN(auto programmes, programmes_->ListProgrammes());
  PersonCertifications out{std::move(u), {}};
  for (auto& s : programmes) {
    ProgrammeHistory h{std::move(s), {}};
    for (const auto& c : all) {
      if (c.programme == h.programme.programme.slug) h.certifications.push_back(c);
    }
    if (!h.certifications.empty()) out.programmes.push_back(std::move(h));
  }
  return out;
}

Result<people::User> TrainingRecords::PersonToRecordFor(const Actor& a, int64_t user_id) {
  LOPHOC_ASSIGN_OR_RETURN(people::User u, people_->GetUser(a, user_id));
  if (!a.Has(Role::kAdmin) && !a.Has(Role::kManager) && !a.Has(Role::kTrainer)) {
    return Status::PermissionDenied("only trainers, managers and admins record prior learning")
        .WithReason("prior_learning_not_allowed");
  }
  return u;
}

namespace {

// Checks one item of prior learning for `u` and adds it to the plan.
Status Plan(Planner& p, training::CertificationStore& store, const people::User& u,
            const PriorLearningInput& in, LocalDate today, size_t line) {
  const bool course = !Trim(in.course).empty();
  const bool programme = !Trim(in.programme).empty();
  if (course == programme) {
    return Status::InvalidArgument("name a course or a programme (one of the two)")
        .WithReason("prior_learning_what")
        .WithField("course");
  }
  LOPHOC_ASSIGN_OR_RETURN(LocalDate day, ParseDayField(in.date, "date"));
  if (day > today) {
    return Status::InvalidArgument("the date " + FormatIsoDate(day) + " is in the future")
        .WithReason("prior_learning_future")
        .WithField("date")
        .WithParam("date", FormatLocalDate(day));
  }
  const std::string evidence(Trim(in.evidence));
  if (evidence.size() > kMaxNoteBytes) return TextTooLong("evidence");
  const std::string slug(Trim(course ? in.course : in.programme));
  const auto key =
      std::make_tuple(u.id, (course ? "course:" : "programme:") + slug, FormatIsoDate(day));
  if (auto first = p.seen.find(key); first != p.seen.end()) {
    return Status::AlreadyExists("the same as line " + std::to_string(first->second))
        .WithReason("csv_duplicate")
        .WithField(course ? "course" : "programme")
        .WithParam("first_line", static_cast<int64_t>(first->second));
  }
  p.users.emplace(u.id, u);
  if (course) {
    if (p.courses.count(slug) == 0) {
      return Status::NotFound("no course '" + slug + "'")
          .WithReason("prior_learning_course_unknown")
          .WithField("course")
          .WithParam("slug", slug);
    }
    auto done = p.completions.find(u.id);
    if (done == p.completions.end()) {
      LOPHOC_ASSIGN_OR_RETURN(auto all, store.CourseCompletionsOf(u.id));
      done = p.completions.emplace(u.id, std::move(all)).first;
    }
    for (const auto& c : done->second) {
      if (c.course == slug && c.day == day) return PriorLearningDuplicate(day);
    }
    p.batch.completions.push_back({u.id, slug, day, evidence});
  } else {
    auto s = p.programmes.find(slug);
    if (s == p.programmes.end()) {
      return Status::NotFound("no programme '" + slug + "'")
          .WithReason("programme_not_found")
          .WithField("programme")
          .WithParam("slug", slug);
    }
    auto certs = p.certs.find({u.id, slug});
    if (certs == p.certs.end()) {
      LOPHOC_ASSIGN_OR_RETURN(auto all, store.CertificationsOf(u.id, slug));
      certs = p.certs.emplace(std::make_pair(u.id, slug), std::move(all)).first;
    }
    for (const auto& c : certs->second) {
      if (c.completed == day) return PriorLearningDuplicate(day);
    }
    training::CertificationRecord c =
        CertificationService::RecordedCertification(u, s->second, day, certs->second);
    c.evidence = evidence;
    // Later rows of the batch see this one (a from_expiry rule continues it).
    certs->second.push_back(c);
    std::sort(certs->second.begin(), certs->second.end(),
              [](const auto& x, const auto& y) { return x.completed < y.completed; });
    p.batch.certifications.push_back(std::move(c));
  }
  p.seen.emplace(key, line);
  return Status::Ok();
}

}  // namespace

Status TrainingRecords::RecordPriorLearning(const Actor& a, int64_t user_id,
                                            const PriorLearningInput& in) {
  LOPHOC_ASSIGN_OR_RETURN(people::User u, PersonToRecordFor(a, user_id));
  Planner p;
  LOPHOC_ASSIGN_OR_RETURN(auto listed, courses_->ListAllCourses());
  for (const auto& c : listed) p.courses.insert(c.slug);
  LOPHOC_ASSIGN_OR_RETURN(auto programmes, programmes_->ListProgrammes());
  for (auto& s : programmes) p.programmes.emplace(s.programme.slug, std::move(s));
  LOPHOC_RETURN_IF_ERROR(Plan(p, *certifications_, u, in, Today(), 0));
  LOPHOC_RETURN_IF_ERROR(certifications_->RecordPriorLearning(p.batch, By(a)));
  return certification_->Refresh(u);
}

Result<training::CertificationRecord> TrainingRecords::Revoke(const Actor& a, int64_t id,
                                                              const std::string& reason,
                                                              const std::string& on) {
  auto c = certifications_->FindCertification(id);
  if (!c.ok()) return c.status();
  if (!people_->GetUser(a, c->user_id).ok()) {
    return Status::NotFound("no certification " + std::to_string(id))
        .WithReason("certification_not_found")
        .WithParam("id", id);
  }
  if (!a.Has(Role::kAdmin)) {
    return Status::PermissionDenied("only admins revoke a certification")
        .WithReason("revoke_admins_only");
  }
  if (c->revoked_on) {
    return Status::Conflict("certification " + std::to_string(id) + " is revoked already")
        .WithReason("certification_revoked_already");
  }
  const std::string why(Trim(reason));
  if (why.empty()) {
    return Status::InvalidArgument("give the reason for the revocation")
        .WithReason("revoke_reason_missing")
        .WithField("reason");
  }
  if (why.size() > kMaxNoteBytes) return TextTooLong("reason");
  LocalDate day = Today();
  if (!Trim(on).empty()) {
    LOPHOC_ASSIGN_OR_RETURN(day, ParseDayField(on, "on"));
  }
  if (day < c->completed) {
    return Status::InvalidArgument(
               "a certification is revoked on or after the day it was "
               "completed")
        .WithReason("revoke_before_completion")
        .WithField("on")
        .WithParam("completed", FormatLocalDate(c->completed));
  }
  return certifications_->Revoke(id, day, why, By(a));
}

}  // namespace lophoc::app

namespace lophoc::app {
namespace {

const std::vector<std::string> kColumns = {"username", "course", "programme", "date", "evidence"};

std::string ColumnList() {
  std::string out;
  for (const auto& c : kColumns) out += (out.empty() ? "" : ",") + c;
  return out;
}

}  // namespace

Result<PriorLearningReport> TrainingRecords::ImportPriorLearning(const Actor& a,
                                                                 std::string_view csv,
                                                                 bool dry_run) {
  if (!a.Has(Role::kAdmin) && !a.Has(Role::kManager) && !a.Has(Role::kTrainer)) {
    return Status::PermissionDenied("only trainers, managers and admins record prior learning")
        .WithReason("prior_learning_not_allowed");
  }
  LOPHOC_ASSIGN_OR_RETURN(CsvTable table, ParseCsv(csv));
  std::map<std::string, size_t> column;
  const auto line = static_cast<int64_t>(table.header_line);
  for (size_t i = 0; i < table.header.size(); ++i) {
    const std::string name = AsciiLower(Trim(table.header[i]));
    if (std::find(kColumns.begin(), kColumns.end(), name) == kColumns.end() ||
        !column.emplace(name, i).second) {
      return Status::InvalidArgument("line " + std::to_string(line) +
                                     ": unknown or repeated "
                                     "column '" +
                                     name + "' (columns: " + ColumnList() + ")")
          .WithReason("csv_column_unknown")
          .WithParam("line", line)
          .WithParam("column", name)
          .WithParam("columns", ColumnList());
    }
  }
  for (const char* needed : {"username", "date"}) {
    if (column.count(needed) == 0) {
      return Status::InvalidArgument("line " + std::to_string(line) + ": missing column '" +
                                     needed + "'")
          .WithReason("csv_column_missing")
          .WithParam("line", line)
          .WithParam("column", needed)
          .WithParam("columns", "username,date,course|programme");
    }
  }
  if (column.count("course") == 0 && column.count("programme") == 0) {
    return Status::InvalidArgument("line " + std::to_string(line) +
                                   ": a column course or programme is needed")
        .WithReason("csv_column_missing")
        .WithParam("line", line)
        .WithParam("column", "course")
        .WithParam("columns", "username,date,course|programme");
  }
  Planner p;
  LOPHOC_ASSIGN_OR_RETURN(auto listed, courses_->ListAllCourses());
  for (const auto& c : listed) p.courses.insert(c.slug);
  LOPHOC_ASSIGN_OR_RETURN(auto programmes, programmes_->ListProgrammes());
  for (auto& s : programmes) p.programmes.emplace(s.programme.slug, std::move(s));

  PriorLearningReport report;
  report.rows = table.records.size();
  const LocalDate today = Today();
  for (const CsvRecord& r : table.records) {
    auto cell = [&](const std::string& name) {
      auto it = column.find(name);
      return it == column.end() ? std::string()
                                : std::string(UnprotectFormula(Trim(r.fields[it->second])));
    };
    const auto at = static_cast<int64_t>(r.line);
    const std::string username = cell("username");
    auto person = people_->GetUserByName(a, username);
    if (!person.ok()) {
      Status why = person.status();
      if (why.code() != StatusCode::kNotFound) return why;
      report.refused.push_back(
          {r.line, std::move(why).WithField("username").WithParam("line", at)});
      continue;
    }
    const PriorLearningInput in{cell("course"), cell("programme"), cell("date"), cell("evidence")};
    Status planned = Plan(p, *certifications_, *person, in, today, r.line);
    if (!planned.ok()) report.refused.push_back({r.line, std::move(planned).WithParam("line", at)});
  }
  if (!report.refused.empty() || dry_run) return report;
  LOPHOC_RETURN_IF_ERROR(certifications_->RecordPriorLearning(p.batch, By(a)));
  report.recorded = report.rows;
  for (const auto& [id, u] : p.users) LOPHOC_RETURN_IF_ERROR(certification_->Refresh(u));
  return report;
}

Result<people::User> TrainingRecords::PersonToExempt(const Actor& a, int64_t user_id) {
  LOPHOC_ASSIGN_OR_RETURN(people::User u, people_->GetUser(a, user_id));
  const bool may =
      a.Has(Role::kAdmin) || (a.Has(Role::kManager) && people::WriteScope(a).Contains(u.org_path));
  if (!may) {
    return Status::PermissionDenied("only admins and the person's managers exempt them")
        .WithReason("exemptions_not_allowed");
  }
  return u;
}

Result<training::ExemptionRecord> TrainingRecords::AddExemption(const Actor& a,
                                                                const ExemptionInput& in) {
  LOPHOC_ASSIGN_OR_RETURN(people::User u, PersonToExempt(a, in.user_id));
  training::ExemptionRecord e;
  e.user_id = u.id;
  e.programme = std::string(Trim(in.programme));
  e.reason = std::string(Trim(in.reason));
  if (e.reason.empty()) {
    return Status::InvalidArgument("give the reason for the exemption")
        .WithReason("exemption_reason_missing")
        .WithField("reason");
  }
  if (e.reason.size() > kMaxNoteBytes) return TextTooLong("reason");
  LOPHOC_ASSIGN_OR_RETURN(e.starts_on, ParseDayField(in.starts_on, "starts_on"));
  LOPHOC_ASSIGN_OR_RETURN(e.ends_on, ParseDayField(in.ends_on, "ends_on"));
  if (e.ends_on < e.starts_on) {
    return Status::InvalidArgument("an exemption ends on or after the day it starts")
        .WithReason("exemption_days_reversed")
        .WithField("ends_on");
  }
  if (!e.programme.empty()) {
    auto s = programmes_->LoadProgramme(e.programme);
    if (!s.ok()) {
      if (s.status().code() != StatusCode::kNotFound) return s.status();
      return Status::NotFound("no programme '" + e.programme + "'")
          .WithReason("programme_not_found")
          .WithField("programme")
          .WithParam("slug", e.programme);
    }
  }
  return exemptions_->CreateExemption(e, By(a));
}

Result<std::vector<training::ExemptionRecord>> TrainingRecords::ListExemptions(
    const Actor& a, const ExemptionQuery& q) {
  if (!a.Has(Role::kAdmin) && !a.Has(Role::kManager)) {
    return Status::PermissionDenied("only admins and managers see exemptions")
        .WithReason("exemptions_not_allowed");
  }
  const people::Scope scope = people::ReadScope(a);
  training::ExemptionFilter f;
  f.everything = scope.everything();
  f.path = scope.path();
  f.user_id = q.user_id;
  f.active_on = q.active_on;
  return exemptions_->ListExemptions(f);
}

Result<training::ExemptionRecord> TrainingRecords::EndExemption(const Actor& a, int64_t id,
                                                                const std::string& on) {
  auto e = exemptions_->FindExemption(id);
  if (!e.ok()) return e.status();
  if (!people_->GetUser(a, e->user_id).ok()) {
    return Status::NotFound("no exemption " + std::to_string(id))
        .WithReason("exemption_not_found")
        .WithParam("id", id);
  }
  LOPHOC_RETURN_IF_ERROR(PersonToExempt(a, e->user_id).status());
  if (e->ended_on) {
    return Status::Conflict("exemption " + std::to_string(id) + " was ended already")
        .WithReason("exemption_ended_already");
  }
  LocalDate day = Today();
  if (!Trim(on).empty()) {
    LOPHOC_ASSIGN_OR_RETURN(day, ParseDayField(on, "on"));
  }
  // From the day before it starts (it never applied) to the day before its
  // planned last day (a later end is no end).
  if (day < AddDays(e->starts_on, -1) || day >= e->ends_on) {
    return Status::InvalidArgument(
               "an exemption ends early between the day before it starts "
               "and the day before its last day")
        .WithReason("exemption_end_invalid")
        .WithField("on")
        .WithParam("starts_on", FormatLocalDate(e->starts_on))
        .WithParam("ends_on", FormatLocalDate(e->ends_on));
  }
  return exemptions_->EndExemption(id, day, By(a));
}

}  // namespace lophoc::app
