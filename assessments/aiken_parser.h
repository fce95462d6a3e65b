// Reads the Aiken format (one single-choice question per block, options
// "A. text", then "ANSWER: B") into quiz questions (docs/quiz-import.md).
// Pure; thread-safe.
#pragma once

#include <optional>
#include <string_view>

#include "assessments/gift_parser.h"

namespace lophoc::assessments {

// Parses Aiken text (normalized: LF line ends, no BOM): each question is its
// text (one or more lines, plain text), options "A. text" or "A) text" in
// order from A, then "ANSWER: X"; blank lines are optional between questions.
// Questions become single questions with ids q1, q2... Reports at its line
// every missing ANSWER (at the question's first line), ANSWER letter that is
// no option, question with fewer than two options and option out of order.
// Returns the questions when no error was reported, nullopt otherwise.
// REQUIRES: diags has a sink.
std::optional<ImportedQuestions> ParseAiken(std::string_view text, FileDiagnostics& diags);

}  // namespace lophoc::assessments
