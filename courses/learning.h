// Learning rules: who may enrol themself in a course, when a course counts as
// completed, what a learner should do next, and the compact list in which a
// guest's browser keeps the lessons they finished before registering.
// Pure functions and plain values; thread-safe.
#pragma once

#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>

#include "courses/course.h"

namespace lophoc::courses {

// What completing a course takes (course.md `completion`, docs/course-format.md).
enum class CompletionRule {
  kLessonsAndQuiz,  // every lesson done and the quiz passed (the default)
  kQuizOnly,        // the quiz passed
  kLessonsOnly,     // every lesson done: a course without a quiz
};
CompletionRule CompletionRuleOf(const CoursePackage& pkg);
const char* CompletionRuleName(CompletionRule r);

// Anyone may take citizen and all-audience courses; staff courses are for
// accounts placed in the org tree (staff), not for citizens.
bool MaySelfEnrol(Audience audience, bool is_staff);

// A learner's standing in one course.
struct CourseStanding {
  int lessons_total = 0;
  int lessons_done = 0;   // of the lessons in the current revision
  bool has_quiz = false;
  bool quiz_passed = false;
  std::optional<std::string> next_lesson;  // first lesson not done, in order
};

bool IsComplete(CompletionRule rule, const CourseStanding& s);
// Whole percent of the course done, for progress bars: lessons done count one
// step each and, when the rule asks for it, a passed quiz one step.
int ProgressPercent(CompletionRule rule, const CourseStanding& s);

// What is due next in a course that is not complete.
enum class NextStep { kLesson, kQuiz, kNothing };
NextStep NextStepFor(CompletionRule rule, const CourseStanding& s);

// A guest's finished lessons, as (course slug, lesson slug) pairs. The cookie
// text is "course/lesson" items joined by '.'. Parsing ignores malformed
// items (the cookie is the visitor's own, not trusted) and keeps at most
// kMaxGuestLessons.
inline constexpr size_t kMaxGuestLessons = 120;
using GuestLessons = std::set<std::pair<std::string, std::string>>;
GuestLessons ParseGuestLessons(std::string_view cookie);
std::string FormatGuestLessons(const GuestLessons& lessons);

}  // namespace lophoc::courses
