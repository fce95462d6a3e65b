// Reads one question of a quiz.md file (docs/quiz-format.md, "Questions"):
// its `## id [type ...]` heading and the lines up to the next heading.
// Used by ParseQuiz; pure and thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "assessments/question_heading.h"
#include "assessments/quiz.h"
#include "kernel/diagnostics.h"

namespace lophoc::assessments {

// Follows fenced code blocks (``` or ~~~) line by line: `fence` holds the
// marker of the open block, empty outside one. Returns true when `line` opens
// or closes a block. Headings and answers inside a block are Markdown text.
bool TrackCodeFence(std::string_view line, std::string& fence);

// Reads the question whose heading is `lines[0]`, at 1-based line
// `first_line`, followed by its body lines. Reports every problem (and the
// "no feedback" warning) to `diags` at its line. Returns nullopt when the
// heading gives no id or no known type, so the body cannot be read; otherwise
// returns the question, which is valid only if no error was reported.
// REQUIRES: !lines.empty() && IsQuestionHeading(lines[0]).
std::optional<Question> ParseQuestion(const std::vector<std::string_view>& lines, int first_line,
                                      FileDiagnostics& diags);

}  // namespace lophoc::assessments
