#include "courses/learning.h"

#include <algorithm>

#include "kernel/names.h"

namespace lophoc::courses {
namespace {

bool IsSlugChar(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'; }

bool IsSlug(std::string_view s) {
  if (s.empty() || s.size() > 80) return false;
  for (char c : s) {
    if (!IsSlugChar(c)) return false;
  }
  return true;
}

}  // namespace

CompletionRule CompletionRuleOf(const CoursePackage& pkg) {
  if (!pkg.quiz) return CompletionRule::kLessonsOnly;
  return pkg.completion == "quiz_only" ? CompletionRule::kQuizOnly
                                       : CompletionRule::kLessonsAndQuiz;
}

const char* CompletionRuleName(CompletionRule r) {
  static constexpr NameTable<CompletionRule, 3> kRules = {{
      {CompletionRule::kLessonsAndQuiz, "lessons_and_quiz"},
      {CompletionRule::kQuizOnly, "quiz_only"},
      {CompletionRule::kLessonsOnly, "lessons"},
  }};
  return NameIn(kRules, r, "lessons_and_quiz");
}

bool MaySelfEnrol(Audience audience, bool is_staff) {
  return audience != Audience::kStaff || is_staff;
}

bool IsComplete(CompletionRule rule, const CourseStanding& s) {
  const bool lessons = s.lessons_done >= s.lessons_total;
  switch (rule) {
    case CompletionRule::kLessonsAndQuiz: return lessons && s.quiz_passed;
    case CompletionRule::kQuizOnly: return s.quiz_passed;
    case CompletionRule::kLessonsOnly: return lessons;
  }
  return false;
}

int ProgressPercent(CompletionRule rule, const CourseStanding& s) {
  int steps = 0;
  int done = 0;
  if (rule != CompletionRule::kQuizOnly) {
    steps += s.lessons_total;
    done += std::min(s.lessons_done, s.lessons_total);
  }
  if (rule != CompletionRule::kLessonsOnly) {
    steps += 1;
    done += s.quiz_passed ? 1 : 0;
  }
  if (steps == 0) return 0;
  return done * 100 / steps;
}

NextStep NextStepFor(CompletionRule rule, const CourseStanding& s) {
  if (IsComplete(rule, s)) return NextStep::kNothing;
  if (rule != CompletionRule::kQuizOnly && s.next_lesson) return NextStep::kLesson;
  if (rule != CompletionRule::kLessonsOnly && !s.quiz_passed) return NextStep::kQuiz;
  return s.next_lesson ? NextStep::kLesson : NextStep::kNothing;
}

GuestLessons ParseGuestLessons(std::string_view cookie) {
  GuestLessons out;
  size_t pos = 0;
  while (pos <= cookie.size() && out.size() < kMaxGuestLessons) {
    size_t end = cookie.find('.', pos);
    if (end == std::string_view::npos) end = cookie.size();
    std::string_view item = cookie.substr(pos, end - pos);
    const size_t slash = item.find('/');
    if (slash != std::string_view::npos) {
      std::string_view course = item.substr(0, slash);
      std::string_view lesson = item.substr(slash + 1);
      if (IsSlug(course) && IsSlug(lesson)) out.emplace(course, lesson);
    }
    pos = end + 1;
  }
  return out;
}

std::string FormatGuestLessons(const GuestLessons& lessons) {
  std::string out;
  size_t n = 0;
  for (const auto& [course, lesson] : lessons) {
    if (n++ == kMaxGuestLessons) break;
    if (!out.empty()) out += '.';
    out += course + "/" + lesson;
  }
  return out;
}

}  // namespace lophoc::courses
