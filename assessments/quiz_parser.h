// Reads quiz.md (docs/quiz-format.md) into a Quiz, reporting every problem an
// author must fix as `file:line: message`. Pure; thread-safe.
#pragma once

#include <optional>
#include <string_view>

#include "assessments/quiz.h"
#include "kernel/diagnostics.h"

namespace lophoc::assessments {

// Parses the whole text of a quiz.md file. `text` is normalized (LF line ends,
// no BOM); line numbers reported to `diags` are 1-based lines of `text`.
// Every error the format defines is reported, not just the first; the
// "question has no feedback" check is a warning. Returns the quiz when no
// error was reported (warnings allowed), nullopt otherwise.
// REQUIRES: diags has a sink.
std::optional<Quiz> ParseQuiz(std::string_view text, FileDiagnostics& diags);

}  // namespace lophoc::assessments
