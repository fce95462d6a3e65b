// The learning rules (courses/learning.h) that the service applies: when a
// course is complete, the progress bar, what is due next, and the guest
// lessons cookie, which comes from the visitor and is not trusted.
#include "courses/learning.h"

#include <catch2/catch.hpp>

namespace lophoc::courses {
namespace {

TEST_CASE("completion, progress and the next step follow the course's rule", "[learning]") {
  struct Case {
    CompletionRule rule;
    int done, total;
    bool passed;
    bool complete;
    int percent;
    NextStep next;
  };
  const Case cases[] = {
      {CompletionRule::kLessonsAndQuiz, 0, 2, false, false, 0, NextStep::kLesson},
      {CompletionRule::kLessonsAndQuiz, 2, 2, false, false, 66, NextStep::kQuiz},
      {CompletionRule::kLessonsAndQuiz, 1, 2, true, false, 66, NextStep::kLesson},
      {CompletionRule::kLessonsAndQuiz, 2, 2, true, true, 100, NextStep::kNothing},
      {CompletionRule::kQuizOnly, 0, 2, false, false, 0, NextStep::kQuiz},
      {CompletionRule::kQuizOnly, 0, 2, true, true, 100, NextStep::kNothing},
      {CompletionRule::kLessonsOnly, 1, 2, false, false, 50, NextStep::kLesson},
      {CompletionRule::kLessonsOnly, 2, 2, false, true, 100, NextStep::kNothing},
  };
  for (const auto& c : cases) {
    CAPTURE(CompletionRuleName(c.rule), c.done, c.total, c.passed);
    CourseStanding s;
    s.lessons_total = c.total;
    s.lessons_done = c.done;
    s.has_quiz = c.rule != CompletionRule::kLessonsOnly;
    s.quiz_passed = c.passed;
    if (c.done < c.total) s.next_lesson = "bai-" + std::to_string(c.done + 1);
    CHECK(IsComplete(c.rule, s) == c.complete);
    CHECK(ProgressPercent(c.rule, s) == c.percent);
    CHECK(NextStepFor(c.rule, s) == c.next);
  }
  CoursePackage pkg;
  CHECK(CompletionRuleOf(pkg) == CompletionRule::kLessonsOnly);
  pkg.quiz = "---";
  CHECK(CompletionRuleOf(pkg) == CompletionRule::kLessonsAndQuiz);
  pkg.completion = "quiz_only";
  CHECK(CompletionRuleOf(pkg) == CompletionRule::kQuizOnly);
  CHECK(MaySelfEnrol(Audience::kStaff, true));
  CHECK_FALSE(MaySelfEnrol(Audience::kStaff, false));
  CHECK(MaySelfEnrol(Audience::kCitizen, false));
}

TEST_CASE("the guest lessons cookie keeps good items and drops the rest", "[learning]") {
  const GuestLessons g = ParseGuestLessons("may-tinh/bat-may.may-tinh/tat-may.x.../a/b.<s>/c.A/b.ok/");
  CHECK(g == GuestLessons{{"may-tinh", "bat-may"}, {"may-tinh", "tat-may"}});
  CHECK(FormatGuestLessons(g) == "may-tinh/bat-may.may-tinh/tat-may");
  CHECK(ParseGuestLessons(FormatGuestLessons(g)) == g);
  CHECK(ParseGuestLessons("").empty());
  std::string many;
  for (int i = 0; i < 300; ++i) many += "c/l-" + std::to_string(i) + ".";
  CHECK(ParseGuestLessons(many).size() == kMaxGuestLessons);
}

}  // namespace
}  // namespace lophoc::courses
