// The problems that quiz.md and the GIFT importer both find in a question,
// said once so that both report them with the same reason and parameters.
#pragma once

#include <string>

#include "kernel/diagnostics.h"

namespace lophoc::assessments {

// `weight` as the author wrote it, without the % sign.
inline Status WeightOutOfRange(const std::string& weight) {
  return Why("weight must be from -100% to 100%, not " + weight + "%", "weight_out_of_range")
      .WithParam("value", weight + "%");
}

inline Status PairRightMissing() {
  return Why("matching pair has no right item after '->'", "pair_right_missing");
}

inline Status PairLeftTwice(const std::string& left) {
  return Why("left item '" + left + "' is listed twice", "pair_left_twice").WithParam("item", left);
}

inline Status AnswerTextEmpty() { return Why("answer text is empty", "answer_text_empty"); }

inline Status QuestionTextEmpty(const std::string& where) {
  return Why("question text is empty: write it " + where, "question_text_empty");
}

}  // namespace lophoc::assessments
