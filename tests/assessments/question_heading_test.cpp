#include "assessments/question_heading.h"

#include <catch2/catch.hpp>

namespace lophoc::assessments {

TEST_CASE("question headings and ids", "[assessments][question_heading]") {
  CHECK(IsQuestionHeading("## q [single]"));
  CHECK(IsQuestionHeading("##"));
  CHECK_FALSE(IsQuestionHeading("### sub-heading"));
  CHECK_FALSE(IsQuestionHeading("#"));
  CHECK_FALSE(IsQuestionHeading("##x"));
  CHECK_FALSE(IsQuestionHeading(" ## indented"));
  CHECK(IsValidQuestionId("mo-thu-muc-2"));
  CHECK(IsValidQuestionId("1"));
  CHECK_FALSE(IsValidQuestionId(""));
  CHECK_FALSE(IsValidQuestionId("Mo"));
  CHECK_FALSE(IsValidQuestionId("mo_thu"));
  CHECK_FALSE(IsValidQuestionId("thư"));
}

}  // namespace lophoc::assessments
