// Grading: scores a learner's answers to quiz questions, by the rules of
// docs/quiz-format.md, and combines the scores of several attempts.
// Pure functions of their arguments: no clock, no storage; thread-safe.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "assessments/quiz.h"
#include "kernel/status.h"

namespace lophoc::assessments {

// A learner's answer to one question ("Answers in the API"):
//   std::monostate      no answer
//   int                 single / true-false: option number, 0-based in file order
//   std::vector<int>    multiple: the option numbers chosen (maybe none)
//   std::string         short: the typed text; numeric: a number as text
//   double              numeric: the number (an int is accepted too)
//   std::map<int, int>  matching: left index -> right index (see Matching*Items)
// A blank string counts as no answer for short and numeric questions.
using Answer =
    std::variant<std::monostate, int, std::vector<int>, std::string, double, std::map<int, int>>;

// Answers of one attempt, by question id; a missing id is unanswered.
using AnswerSheet = std::map<std::string, Answer>;

enum class Outcome { kCorrect, kPartial, kIncorrect };
// "correct", "partial", "incorrect": as stored and as the API says it.
const char* OutcomeName(Outcome o);

struct QuestionGrade {
  std::string question_id;
  bool answered = false;
  double score = 0;                       // 0..max
  double max = 0;                         // the question's points
  Outcome outcome = Outcome::kIncorrect;  // kCorrect: full points; kIncorrect: 0
  // Markdown to show after the attempt: the feedback of each chosen option
  // (choice questions) or of the answer given (short, numeric), in file order,
  // empty ones left out; and the question's general feedback (may be empty).
  std::vector<std::string> answer_feedback;
  std::string general_feedback;
  // An answered essay waits for a trainer: its score (0 until then) and
  // outcome say nothing yet. An unanswered essay scores 0 at once.
  bool pending = false;
  std::string grader_feedback;  // a trainer's words on a graded essay (set by the caller)
};

struct GradeReport {
  std::vector<QuestionGrade> questions;  // in the order graded
  double score = 0;
  double max = 0;
  double percentage = 0;  // 100 * score / max; 0 when max is 0
  bool passed = false;    // percentage >= pass mark
  // Some question waits for a trainer's grade: score holds the auto-graded
  // part only, and percentage and passed are not known yet (0 and false).
  bool pending = false;
};

// The left items a matching question shows, in file order (distractors have
// none); a matching answer's keys index this list.
std::vector<std::string> MatchingLeftItems(const Question& q);
// The right items to choose from: every distinct right text, distractors
// included, in order of first appearance; a matching answer's values index it.
std::vector<std::string> MatchingRightItems(const Question& q);

// The percentage of the question's points that choosing option `index`
// earns: its explicit weight, or by default
//   single, true-false: 100 for [x], 0 for [ ];
//   multiple: 100 / (number of [x]) for [x], -100 / (number of [ ]) for [ ];
//   short: 100 for [x], 0 for [ ].
// REQUIRES: q.type is not numeric or matching; index < q.choices.size().
double EffectiveWeightPercent(const Question& q, size_t index);
// Same for a numeric answer: its explicit weight, else 100 for [x], 0 for [ ].
double EffectiveWeightPercent(const NumericAnswer& a);

// Grades one answer. Multiple: sum of the chosen options' weights; short: the
// best weight among listed answers equal to the text under q.short_match;
// numeric: the best weight among ranges holding the number (boundaries
// included, to within 1e-9 relative, for decimal rounding); matching:
// points / (number of left items) per correct pair; essay: the text is kept
// for a trainer (pending when not blank, score 0). The score is kept within
// 0..points.
// Returns InvalidArgument when the answer is of the wrong kind for the type,
// names an option, left or right item that does not exist, repeats an option
// in a multiple answer, or is numeric text that is not a number.
Result<QuestionGrade> GradeQuestion(const Question& q, const Answer& answer);

// Grades one attempt at `questions` (all of a quiz, or those drawn for the
// attempt) with the given pass mark (0..100). Returns InvalidArgument when an
// answer is invalid (see GradeQuestion) or names a question not in the list.
Result<GradeReport> GradeAttempt(const std::vector<Question>& questions, const AnswerSheet& answers,
                                 double pass_mark);

// Grades an attempt at every question of `quiz` with its pass mark.
Result<GradeReport> GradeQuiz(const Quiz& quiz, const AnswerSheet& answers);

// The score that counts for a learner across attempts.
struct AttemptScore {
  std::optional<double> percentage;  // nullopt when there were no attempts
  // Index of the attempt whose score counts; nullopt for kAverage or no attempts.
  std::optional<size_t> counted_attempt;
};

// Combines attempt percentages, oldest first: the highest (earliest of equal
// highs), the last, the first, or the mean.
AttemptScore CombineAttempts(GradingMethod method, const std::vector<double>& percentages);

}  // namespace lophoc::assessments
