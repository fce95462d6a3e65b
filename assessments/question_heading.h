// The heading that starts each question of quiz.md (docs/quiz-format.md):
// `## question-id [type attribute=value ...]`. Pure; thread-safe.
#pragma once

#include <string_view>

#include "assessments/quiz.h"
#include "kernel/diagnostics.h"

namespace lophoc::assessments {

// True for a level-2 heading line ("## ..."), which starts a question.
bool IsQuestionHeading(std::string_view line);

// True for an id the format allows: one or more lower-case ASCII letters,
// digits and '-'.
bool IsValidQuestionId(std::string_view id);

// Reads the id, type and attributes (points, match) of `heading`, at 1-based
// `line`, into `q`, reporting every problem to `diags`. Returns false when no
// id or no known type could be read, so the question's body cannot be read.
// REQUIRES: IsQuestionHeading(heading).
bool ReadQuestionHeading(std::string_view heading, int line, Question& q, FileDiagnostics& diags);

}  // namespace lophoc::assessments
