// Enrolments, lesson progress, standings and certificates. Quizzes and
// attempts are in learning_quiz.cpp, answers in learning_answers.cpp. Over
// 450 lines because each refusal of enrolling (one account, a group, a CSV
// list) is spelled out with its reason, field and parameters for the pages.
#include "server/app/learning_service.h"

#include <algorithm>
#include <set>

#include "kernel/csv.h"
#include "kernel/names.h"
#include "kernel/text.h"

namespace lophoc::app {
namespace {

using people::Actor;
using people::Role;
using courses::StoredCourse;
using people::User;

// One request enrols at most this many accounts: one write transaction
// holds the database for all of them.
constexpr size_t kMaxGroupEnrolment = 20000;

bool MayEnrolOthers(const Actor& a) {
  return a.Has(Role::kAdmin) || a.Has(Role::kManager) || a.Has(Role::kTrainer);
}

bool IsStaff(const User& u) { return u.org_unit_id.has_value(); }

courses::LearningActor Self(const User& u) { return {u.id, u.username, false}; }
courses::LearningActor Acting(const Actor& a, bool on_others) {
  return {a.user_id, a.username, on_others};
}

Status StaffOnly() {
  return Status::PermissionDenied("this course is for library and post-office staff")
      .WithReason("course_staff_only");
}

Status NoEnrolment(int64_t id) {
  return Status::NotFound("no enrolment " + std::to_string(id)).WithReason("enrolment_not_found");
}

Result<std::vector<std::string>> UsernamesFromCsv(const std::string& text) {
  if (!IsValidUtf8(text)) {
    return Status::InvalidArgument("the CSV is not UTF-8")
        .WithReason("csv_not_utf8")
        .WithField("file");
  }
  auto table = ParseCsv(text);
  if (!table.ok()) {
    Status s = table.status();
    if (s.code() != StatusCode::kInvalidArgument && s.code() != StatusCode::kTooLarge) return s;
    if (s.reason().empty()) {  // kernel/csv.h says why in English only
      s = s.code() == StatusCode::kTooLarge
              ? Status::TooLarge(s.message()).WithReason("csv_too_large")
              : Status::InvalidArgument(s.message()).WithReason("csv_unreadable");
    }
    s.RenameField("file");
    return s;
  }
  size_t column = table->header.size();
  for (size_t i = 0; i < table->header.size(); ++i) {
    if (Trim(table->header[i]) == "username") column = i;
  }
  if (column == table->header.size()) {
    return Status::InvalidArgument("line " + std::to_string(table->header_line) +
                                   ": the CSV needs a 'username' column")
        .WithReason("csv_username_column")
        .WithField("file")
        .WithParam("line", static_cast<int64_t>(table->header_line));
  }
  if (table->records.size() > kMaxGroupEnrolment) {
    return Status::TooLarge("the CSV has more than " + std::to_string(kMaxGroupEnrolment) +
                            " rows; split it")
        .WithReason("enrol_csv_too_long")
        .WithField("file")
        .WithParam("limit", static_cast<int64_t>(kMaxGroupEnrolment));
  }
  std::vector<std::string> names;
  std::set<std::string> seen;
  for (const auto& rec : table->records) {
    std::string name(Trim(rec.fields[column]));
    if (!name.empty() && seen.insert(FoldCase(name)).second) names.push_back(std::move(name));
  }
  return names;
}

}  // namespace

const char* CertificateValidityName(CertificateValidity v) {
  static constexpr NameTable<CertificateValidity, 4> kValidities = {{
      {CertificateValidity::kValid, "valid"},
      {CertificateValidity::kExpired, "expired"},
      {CertificateValidity::kRevoked, "revoked"},
      {CertificateValidity::kReplaced, "replaced"},
  }};
  return NameIn(kValidities, v, "valid");
}

Result<std::vector<int64_t>> LearningService::Targets(const Actor& a, const EnrolRequest& r,
                                                      int* matched) {
  const people::Scope scope = people::ReadScope(a);
  if (r.user_id || r.username) {
    auto u = r.user_id ? people_->GetUser(a, *r.user_id) : people_->GetUserByName(a, *r.username);
    if (!u.ok()) {
      if (u.status().code() != StatusCode::kNotFound) return u.status();
      return Status::NotFound(u.status().message())
          .WithReason("enrol_user_not_found")
          .WithField("username");
    }
    if (!u->active) {
      return Status::InvalidArgument("account '" + u->username + "' is disabled")
          .WithReason("enrol_user_disabled")
          .WithField("username")
          .WithParam("username", u->username);
    }
    *matched = 1;
    return std::vector<int64_t>{u->id};
  }
  if (r.csv) {
    auto names = UsernamesFromCsv(*r.csv);
    if (!names.ok()) return names.status();
    std::vector<int64_t> ids;
    std::vector<std::string> unknown;
    for (const std::string& name : *names) {
      auto u = people_->GetUserByName(a, name);
      if (!u.ok() || !u->active) {
        unknown.push_back(name);
        continue;
      }
      ids.push_back(u->id);
    }
    if (!unknown.empty()) {
      std::string list;
      for (size_t i = 0; i < unknown.size() && i < 20; ++i) list += (i ? ", " : "") + unknown[i];
      return Status::InvalidArgument(std::to_string(unknown.size()) +
                                     " usernames are unknown, disabled or outside your area: " +
                                     list)
          .WithReason("enrol_usernames_unknown")
          .WithField("file")
          .WithParam("count", static_cast<int64_t>(unknown.size()))
          .WithParam("names", list);
    }
    *matched = static_cast<int>(ids.size());
    return ids;
  }
  courses::LearnerQuery q;
  q.scope = scope;
  if (r.site) {
    auto site = people_->GetSite(a, *r.site);
    if (!site.ok()) {
      if (site.status().code() != StatusCode::kNotFound) return site.status();
      return Status::NotFound(site.status().message())
          .WithReason("site_not_found")
          .WithField("site")
          .WithParam("value", *r.site);
    }
    q.site_id = site->id;
  }
  if (r.staff_category) {
    Status s = people::ValidateStaffCategory(*r.staff_category);
    if (!s.ok()) {
      return Status::InvalidArgument(s.message())
          .WithReason("staff_category_invalid")
          .WithField("staff_category")
          .WithParam("value", *r.staff_category);
    }
    q.staff_category = *r.staff_category;
  }
  auto learners = store_->FindLearners(q);
  if (!learners.ok()) return learners.status();
  if (learners->size() > kMaxGroupEnrolment) {
    return Status::TooLarge("more than " + std::to_string(kMaxGroupEnrolment) +
                            " accounts match; narrow the group")
        .WithReason("enrol_group_too_large")
        .WithParam("limit", static_cast<int64_t>(kMaxGroupEnrolment));
  }
  std::vector<int64_t> ids;
  for (const auto& l : *learners) ids.push_back(l.id);
  *matched = static_cast<int>(ids.size());
  return ids;
}

Result<EnrolOutcome> LearningService::Enrol(const Actor& a, const EnrolRequest& r) {
  auto snap = courses_->Catalog();
  if (!snap.ok()) return snap.status();
  const StoredCourse* c = (*snap)->Find(r.course);
  if (c == nullptr) return CourseNotFound(r.course);
  const int groups = ((r.user_id || r.username) ? 1 : 0) + (r.csv ? 1 : 0) +
                     ((r.site || r.staff_category) ? 1 : 0);
  if (groups > 1) {
    return Status::InvalidArgument("give one of user, a CSV list, or site/staff_category")
        .WithReason("enrol_one_kind");
  }
  const std::string now = FormatIso8601(clock_->Now());
  if (groups == 0) {
    if (!a.user_id) {
      return Status::InvalidArgument("the command line must name whom to enrol")
          .WithReason("enrol_whom_missing");
    }
    auto me = people_->GetUser(a, *a.user_id);
    if (!me.ok()) return me.status();
    if (!courses::MaySelfEnrol(c->package.audience, IsStaff(*me))) {
      return StaffOnly();
    }
    auto created = store_->Enrol({me->id}, c->course_id, "self", Self(*me), now);
    if (!created.ok()) return created.status();
    return EnrolOutcome{*created, created->empty() ? 1 : 0};
  }
  if (!MayEnrolOthers(a)) {
    return Status::PermissionDenied("only trainers, managers and admins enrol other people")
        .WithReason("enrol_others_staff_only");
  }
  int matched = 0;
  auto ids = Targets(a, r, &matched);
  if (!ids.ok()) return ids.status();
  const char* source = (r.user_id || r.username) ? "user" : r.csv ? "csv" : r.site ? "site" : "staff_category";
  auto created = store_->Enrol(*ids, c->course_id, source, Acting(a, true), now);
  if (!created.ok()) return created.status();
  return EnrolOutcome{*created, matched - static_cast<int>(created->size())};
}

Status LearningService::Withdraw(const Actor& a, int64_t enrolment_id,
                                 const std::optional<std::string>& course) {
  auto e = store_->GetEnrolment(enrolment_id);
  if (!e.ok()) {
    return e.status().code() == StatusCode::kNotFound ? NoEnrolment(enrolment_id) : e.status();
  }
  if (course && e->course_slug != *course) {
    return NoEnrolment(enrolment_id);
  }
  const bool own = a.user_id && *a.user_id == e->user_id;
  if (!own) {
    const bool visible = MayEnrolOthers(a) && people::ReadScope(a).Contains(e->org_path);
    if (!visible) return NoEnrolment(enrolment_id);
  }
  return store_->Withdraw(enrolment_id, Acting(a, !own), FormatIso8601(clock_->Now()));
}

Result<std::vector<courses::Enrolment>> LearningService::CourseEnrolments(const Actor& a,
                                                                          const std::string& slug) {
  if (!MayEnrolOthers(a)) {
    return Status::PermissionDenied("for trainers, managers and admins")
        .WithReason("learning_staff_only");
  }
  auto snap = courses_->Catalog();
  if (!snap.ok()) return snap.status();
  const StoredCourse* c = (*snap)->Find(slug);
  if (c == nullptr) return CourseNotFound(slug);
  courses::EnrolmentFilter f;
  f.course_id = c->course_id;
  f.scope = people::ReadScope(a);
  f.limit = 2000;
  return store_->ListEnrolments(f);
}

Result<bool> LearningService::IsEnrolled(const User& u, const StoredCourse& c) {
  courses::EnrolmentFilter f;
  f.user_id = u.id;
  f.course_id = c.course_id;
  auto open = store_->ListEnrolments(f);
  if (!open.ok()) return open.status();
  return !open->empty();
}

Status LearningService::MayTake(const User& u, const StoredCourse& c) {
  auto enrolled = IsEnrolled(u, c);
  if (!enrolled.ok()) return enrolled.status();
  if (*enrolled || courses::MaySelfEnrol(c.package.audience, IsStaff(u))) return Status::Ok();
  return StaffOnly();
}

Status LearningService::EnsureEnrolled(const User& u, const StoredCourse& c,
                                       const std::string& source) {
  auto enrolled = IsEnrolled(u, c);
  if (!enrolled.ok()) return enrolled.status();
  if (*enrolled) return Status::Ok();
  if (!courses::MaySelfEnrol(c.package.audience, IsStaff(u))) {
    return StaffOnly();
  }
  auto created = store_->Enrol({u.id}, c.course_id, source, Self(u), FormatIso8601(clock_->Now()));
  return created.ok() ? Status::Ok() : created.status();
}

Result<CourseLearning> LearningService::Build(const User& u, const StoredCourse& c,
                                              const std::optional<courses::Enrolment>& enrolment,
                                              Depth depth) {
  CourseLearning out;
  if (depth == Depth::kForCompletion) {
    // Completed already: nothing more to know for CompleteIfDone.
    LOPHOC_ASSIGN_OR_RETURN(out.completion, store_->CurrentCompletion(u.id, c.course_id));
    if (out.completion) return out;
  }
  out.course_id = c.course_id;
  out.slug = c.package.slug;
  out.title = c.package.title;
  out.title_en = c.package.title_en;
  out.audience = c.package.audience;
  out.enrolment = enrolment;
  out.rule = courses::CompletionRuleOf(c.package);
  out.may_enrol = courses::MaySelfEnrol(c.package.audience, IsStaff(u));
  auto done = store_->CompletedLessons(u.id, c.course_id);
  if (!done.ok()) return done.status();
  out.standing.lessons_total = static_cast<int>(c.package.lessons.size());
  for (const courses::Lesson& l : c.package.lessons) {
    const bool is_done = done->count(l.slug) > 0;
    out.lessons.push_back({l.slug, l.title, l.title_en, is_done});
    if (is_done) {
      ++out.standing.lessons_done;
    } else if (!out.standing.next_lesson) {
      out.standing.next_lesson = l.slug;
    }
  }
  if (c.package.quiz) {
    auto q = QuizStandingFor(u, c, depth);
    if (!q.ok()) return q.status();
    out.standing.has_quiz = true;
    out.standing.quiz_passed = q->passed;
    out.quiz = std::move(*q);
  }
  out.percent = courses::ProgressPercent(out.rule, out.standing);
  out.next = courses::NextStepFor(out.rule, out.standing);
  if (depth == Depth::kForCompletion) return out;
  LOPHOC_ASSIGN_OR_RETURN(out.round, store_->CurrentRound(u.id, c.course_id));
  LOPHOC_ASSIGN_OR_RETURN(out.completion, store_->CurrentCompletion(u.id, c.course_id));
  if (out.completion) {
    out.percent = 100;
    out.next = courses::NextStep::kNothing;
    auto cert = store_->CertificateOfCompletion(out.completion->id);
    if (!cert.ok()) return cert.status();
    out.certificate = *cert;
  }
  return out;
}

Result<CourseLearning> LearningService::Standing(const User& u, const std::string& slug) {
  auto snap = courses_->Catalog();
  if (!snap.ok()) return snap.status();
  const StoredCourse* c = (*snap)->Find(slug);
  if (c == nullptr) return CourseNotFound(slug);
  courses::EnrolmentFilter f;
  f.user_id = u.id;
  f.course_id = c->course_id;
  auto open = store_->ListEnrolments(f);
  if (!open.ok()) return open.status();
  std::optional<courses::Enrolment> e;
  if (!open->empty()) e = open->front();
  return Build(u, *c, e);
}

Result<std::vector<CourseLearning>> LearningService::MyLearning(const User& u) {
  auto snap = courses_->Catalog();
  if (!snap.ok()) return snap.status();
  courses::EnrolmentFilter f;
  f.user_id = u.id;
  auto open = store_->ListEnrolments(f);
  if (!open.ok()) return open.status();
  auto certs = store_->CertificatesOf(u.id);
  if (!certs.ok()) return certs.status();
  std::vector<CourseLearning> out;
  for (const StoredCourse& c : (*snap)->courses) {
    std::optional<courses::Enrolment> e;
    for (const auto& candidate : *open) {
      if (candidate.course_id == c.course_id) e = candidate;
    }
    const bool certified = std::any_of(certs->begin(), certs->end(), [&c](const auto& cert) {
      return cert.course_id == c.course_id;
    });
    if (!e && !certified) continue;
    auto built = Build(u, c, e);
    if (!built.ok()) return built.status();
    out.push_back(std::move(*built));
  }
  return out;
}

Result<CourseLearning> LearningService::CompleteLesson(const User& u, const std::string& slug,
                                                       const std::string& lesson) {
  auto snap = courses_->Catalog();
  if (!snap.ok()) return snap.status();
  const StoredCourse* c = (*snap)->Find(slug);
  if (c == nullptr) return CourseNotFound(slug);
  if (c->package.FindLesson(lesson) == nullptr) {
    return Status::NotFound("course '" + slug + "' has no lesson '" + lesson + "'")
        .WithReason("lesson_not_found");
  }
  Status s = EnsureEnrolled(u, *c, "self");
  if (!s.ok()) return s;
  s = store_->CompleteLesson(u.id, c->course_id, lesson, c->revision_id,
                             FormatIso8601(clock_->Now()));
  if (!s.ok()) return s;
  auto standing = Standing(u, slug);
  if (!standing.ok()) return standing.status();
  auto cert = CompleteIfDone(u, *c, *standing);
  if (!cert.ok()) return cert.status();
  return standing;
}

Result<CourseLearning> LearningService::StartAgain(const User& u, const std::string& slug) {
  auto snap = courses_->Catalog();
  if (!snap.ok()) return snap.status();
  const StoredCourse* c = (*snap)->Find(slug);
  if (c == nullptr) return CourseNotFound(slug);
  LOPHOC_RETURN_IF_ERROR(EnsureEnrolled(u, *c, "self"));
  auto round = store_->StartNextRound(u.id, c->course_id, FormatIso8601(clock_->Now()));
  if (!round.ok()) return round.status();
  return Standing(u, slug);
}

Result<int> LearningService::ClaimGuestLessons(const User& u, const courses::GuestLessons& lessons) {
  auto snap = courses_->Catalog();
  if (!snap.ok()) return snap.status();
  int claimed = 0;
  std::set<const StoredCourse*> touched;
  for (const auto& [slug, lesson] : lessons) {
    const StoredCourse* c = (*snap)->Find(slug);
    if (c == nullptr || c->package.FindLesson(lesson) == nullptr) continue;
    if (!courses::MaySelfEnrol(c->package.audience, IsStaff(u))) continue;
    Status s = EnsureEnrolled(u, *c, "guest");
    if (!s.ok()) return s;
    s = store_->CompleteLesson(u.id, c->course_id, lesson, c->revision_id,
                               FormatIso8601(clock_->Now()));
    if (!s.ok()) return s;
    touched.insert(c);
    ++claimed;
  }
  for (const StoredCourse* c : touched) {
    auto standing = Build(u, *c, std::nullopt);
    if (!standing.ok()) return standing.status();
    auto cert = CompleteIfDone(u, *c, *standing);
    if (!cert.ok()) return cert.status();
  }
  return claimed;
}

}  // namespace lophoc::app
