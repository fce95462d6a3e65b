// The quiz model: what a quiz.md file (docs/quiz-format.md) says, as values.
//
// Built by ParseQuiz (assessments/quiz_parser.h), written back by WriteQuiz
// (assessments/quiz_writer.h) and graded by assessments/grader.h. Plain values;
// safe to share between threads once built.
//
// Equality compares what the quiz means, not where it was written: source line
// numbers and the original spelling of numeric answers are not compared, so
// ParseQuiz(WriteQuiz(q)) == q for every q that ParseQuiz returned.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace lophoc::assessments {

// kEssay: a written answer that a trainer grades (docs/quiz-format.md, `essay`).
enum class QuestionType { kSingle, kMultiple, kTrueFalse, kShort, kNumeric, kMatching, kEssay };

// The longest essay answer accepted, in characters (Unicode code points).
inline constexpr size_t kEssayMaxChars = 10000;
enum class GradingMethod { kHighest, kLast, kFirst, kAverage };
enum class LatePolicy { kReject, kMark };
// How a typed answer is compared with the accepted ones. All modes ignore
// spaces at both ends and treat runs of spaces as one.
enum class ShortMatch {
  kExact,  // same characters
  kCase,   // ignoring upper/lower case (the default)
  kLoose,  // ignoring case and Vietnamese diacritics: "thu muc" matches "thư mục"
};

// One option of a single, multiple or true-false question, or one listed
// answer of a short question.
struct Choice {
  std::string text;      // Markdown for options; the accepted text for short answers
  bool correct = false;  // written `[x]`
  // Percentage of the question's points, -100..100. Meaningful only when
  // explicit_weight; otherwise the type's default rule applies (see grader.h).
  double weight_percent = 0;
  bool explicit_weight = false;  // written `(N%)` after the box
  std::string feedback;          // Markdown shown to a learner who chose/gave it
};

// One listed answer of a numeric question: the inclusive range [min, max].
struct NumericAnswer {
  double min = 0;
  double max = 0;
  bool correct = true;        // `[x]`; `[ ]` lists a wrong answer for its feedback (weight 0)
  double weight_percent = 0;  // meaningful only when explicit_weight (default 100)
  bool explicit_weight = false;
  std::string feedback;
  // `- [ ] *`: any answer no other range holds, so its feedback is said to
  // every such answer (GIFT's `~#...`). Always wrong, weight 0; min and max unused.
  bool other = false;
  // The range as the author wrote it ("3.5 ± 0.1"), kept for writing back;
  // empty when built in code. Not compared by operator==.
  std::string source;
};

// One line of a matching question. An empty left adds a distractor: a right
// item that matches no left item.
struct MatchPair {
  std::string left;
  std::string right;
};

struct Question {
  std::string id;  // lower-case ASCII letters, digits and '-'; unique in the quiz
  QuestionType type = QuestionType::kSingle;
  double points = 1;                           // > 0
  std::string stem_markdown;                   // the question text; no leading/trailing blank lines
  std::vector<Choice> choices;                 // single, multiple, true-false, short
  std::vector<NumericAnswer> numeric_answers;  // numeric
  std::vector<MatchPair> pairs;                // matching, in file order
  ShortMatch short_match = ShortMatch::kCase;  // short only
  std::string general_feedback;                // Markdown shown to every learner after the attempt
  // Essay only: Markdown for the trainers who grade it (what a good answer
  // holds); never shown to learners. Written as indented quote lines.
  std::string grader_guidance;
  int line = 0;  // 1-based line of the heading in quiz.md; 0 when built in code
};

struct QuizSettings {
  std::string title;
  double pass_mark = 80;            // percentage, 0..100
  std::optional<int> max_attempts;  // nullopt: unlimited
  GradingMethod grading = GradingMethod::kHighest;
  std::optional<int> time_limit_minutes;  // nullopt: no limit
  LatePolicy late = LatePolicy::kReject;
  std::optional<int> draw;  // questions drawn per attempt; nullopt: all
  bool shuffle = false;     // shuffle the options of choice questions per attempt
};

struct Quiz {
  QuizSettings settings;
  std::string intro_markdown;  // text before the first question; may be empty
  std::vector<Question> questions;
};

// Names as written in quiz.md ("true-false", "average", "mark", "loose"),
// and back; the From* functions return nullopt for unknown names.
const char* QuestionTypeName(QuestionType type);
const char* GradingMethodName(GradingMethod method);
const char* LatePolicyName(LatePolicy policy);
const char* ShortMatchName(ShortMatch match);
std::optional<QuestionType> QuestionTypeFromName(std::string_view name);
std::optional<GradingMethod> GradingMethodFromName(std::string_view name);
std::optional<LatePolicy> LatePolicyFromName(std::string_view name);
std::optional<ShortMatch> ShortMatchFromName(std::string_view name);

bool operator==(const Choice& a, const Choice& b);
bool operator==(const NumericAnswer& a, const NumericAnswer& b);
bool operator==(const MatchPair& a, const MatchPair& b);
bool operator==(const Question& a, const Question& b);
bool operator==(const QuizSettings& a, const QuizSettings& b);
bool operator==(const Quiz& a, const Quiz& b);
inline bool operator!=(const Choice& a, const Choice& b) { return !(a == b); }
inline bool operator!=(const NumericAnswer& a, const NumericAnswer& b) { return !(a == b); }
inline bool operator!=(const MatchPair& a, const MatchPair& b) { return !(a == b); }
inline bool operator!=(const Question& a, const Question& b) { return !(a == b); }
inline bool operator!=(const QuizSettings& a, const QuizSettings& b) { return !(a == b); }
inline bool operator!=(const Quiz& a, const Quiz& b) { return !(a == b); }

}  // namespace lophoc::assessments
