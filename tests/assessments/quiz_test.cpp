#include "assessments/quiz.h"

#include <catch2/catch.hpp>

namespace lophoc::assessments {

TEST_CASE("question type names read back", "[assessments][quiz]") {
  for (auto type : {QuestionType::kSingle, QuestionType::kMultiple, QuestionType::kTrueFalse,
                    QuestionType::kShort, QuestionType::kNumeric, QuestionType::kMatching}) {
    CHECK(QuestionTypeFromName(QuestionTypeName(type)) == type);
  }
  CHECK(std::string(QuestionTypeName(QuestionType::kTrueFalse)) == "true-false");
  CHECK_FALSE(QuestionTypeFromName("Single"));
  CHECK(GradingMethodFromName("average") == GradingMethod::kAverage);
  CHECK(LatePolicyFromName("mark") == LatePolicy::kMark);
  CHECK(ShortMatchFromName("loose") == ShortMatch::kLoose);
  CHECK_FALSE(ShortMatchFromName("fuzzy"));
}

}  // namespace lophoc::assessments
