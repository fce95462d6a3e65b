#include "assessments/quiz.h"

#include "kernel/names.h"

namespace lophoc::assessments {
namespace {

constexpr NameTable<QuestionType, 7> kQuestionTypes = {{
    {QuestionType::kSingle, "single"},
    {QuestionType::kMultiple, "multiple"},
    {QuestionType::kTrueFalse, "true-false"},
    {QuestionType::kShort, "short"},
    {QuestionType::kNumeric, "numeric"},
    {QuestionType::kMatching, "matching"},
    {QuestionType::kEssay, "essay"},
}};
constexpr NameTable<GradingMethod, 4> kGradingMethods = {{
    {GradingMethod::kHighest, "highest"},
    {GradingMethod::kLast, "last"},
    {GradingMethod::kFirst, "first"},
    {GradingMethod::kAverage, "average"},
}};
constexpr NameTable<LatePolicy, 2> kLatePolicies = {{
    {LatePolicy::kReject, "reject"},
    {LatePolicy::kMark, "mark"},
}};
constexpr NameTable<ShortMatch, 3> kShortMatches = {{
    {ShortMatch::kExact, "exact"},
    {ShortMatch::kCase, "case"},
    {ShortMatch::kLoose, "loose"},
}};

}  // namespace

const char* QuestionTypeName(QuestionType type) { return NameIn(kQuestionTypes, type); }
const char* GradingMethodName(GradingMethod method) { return NameIn(kGradingMethods, method); }
const char* LatePolicyName(LatePolicy policy) { return NameIn(kLatePolicies, policy); }
const char* ShortMatchName(ShortMatch match) { return NameIn(kShortMatches, match); }

std::optional<QuestionType> QuestionTypeFromName(std::string_view name) {
  return ValueNamed(kQuestionTypes, name);
}
std::optional<GradingMethod> GradingMethodFromName(std::string_view name) {
  return ValueNamed(kGradingMethods, name);
}
std::optional<LatePolicy> LatePolicyFromName(std::string_view name) {
  return ValueNamed(kLatePolicies, name);
}
std::optional<ShortMatch> ShortMatchFromName(std::string_view name) {
  return ValueNamed(kShortMatches, name);
}

bool operator==(const Choice& a, const Choice& b) {
  return a.text == b.text && a.correct == b.correct && a.weight_percent == b.weight_percent &&
         a.explicit_weight == b.explicit_weight && a.feedback == b.feedback;
}

bool operator==(const NumericAnswer& a, const NumericAnswer& b) {
  return a.min == b.min && a.max == b.max && a.correct == b.correct &&
         a.weight_percent == b.weight_percent && a.explicit_weight == b.explicit_weight &&
         a.feedback == b.feedback && a.other == b.other;
}

bool operator==(const MatchPair& a, const MatchPair& b) {
  return a.left == b.left && a.right == b.right;
}

bool operator==(const Question& a, const Question& b) {
  return a.id == b.id && a.type == b.type && a.points == b.points &&
         a.stem_markdown == b.stem_markdown && a.choices == b.choices &&
         a.numeric_answers == b.numeric_answers && a.pairs == b.pairs &&
         a.short_match == b.short_match && a.general_feedback == b.general_feedback &&
         a.grader_guidance == b.grader_guidance;
}

bool operator==(const QuizSettings& a, const QuizSettings& b) {
  return a.title == b.title && a.pass_mark == b.pass_mark && a.max_attempts == b.max_attempts &&
         a.grading == b.grading && a.time_limit_minutes == b.time_limit_minutes &&
         a.late == b.late && a.draw == b.draw && a.shuffle == b.shuffle;
}

bool operator==(const Quiz& a, const Quiz& b) {
  return a.settings == b.settings && a.intro_markdown == b.intro_markdown &&
         a.questions == b.questions;
}

}  // namespace lophoc::assessments
