// Reads the Aiken format (one single-choice question per block, options
// "A. text", then "ANSWER: B") into quiz questions (docs/quiz-import.md).
// Pure; thread-safe.
#pragma once

#include <optional>
#include <string_view>

#include "assessments/gift_parser.h"

namespace lophoc::assessments {

// Parses Aiken text (normalized). Returns the questions when no error was
// reported, nullopt otherwise. REQUIRES: diags has a sink.
std::optional<ImportedQuestions> ParseAiken(std::string_view text, FileDiagnostics& diags);

}  // namespace lophoc::assessments
