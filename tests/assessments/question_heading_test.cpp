#include "assessments/question_heading.h"

#include <catch2/catch.hpp>

#include "tests/support/check_split.h"

namespace lophoc::assessments {

TEST_CASE("question headings and ids", "[assessments][question_heading]") {
  testing::CheckSplit(IsQuestionHeading, {"## q [single]", "##"},
                      {"### sub-heading", "#", "##x", " ## indented"});
  testing::CheckSplit(IsValidQuestionId, {"mo-thu-muc-2", "1"}, {"", "Mo", "mo_thu", "thư"});
}

}  // namespace lophoc::assessments
