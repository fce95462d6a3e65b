// Reads Moodle's GIFT question format into quiz questions, so trainers can
// bring question banks they already have (docs/quiz-import.md). Every
// construct lophoc cannot represent is reported with its line, never dropped
// silently. Pure; thread-safe.
#pragma once

#include <optional>
#include <string_view>
#include <vector>

#include "assessments/quiz.h"
#include "courses/diagnostics.h"

namespace lophoc::assessments {

// Questions read from an import file, in file order, with ids made from their
// names (or their position) and unique within the list.
struct ImportedQuestions {
  std::vector<Question> questions;
  std::vector<std::string> categories;  // `$CATEGORY:` names met, in order
};

// Parses GIFT text (normalized: LF line ends, no BOM). Line numbers in `diags`
// are 1-based lines of `text`. Returns the questions when no error was
// reported, nullopt otherwise. REQUIRES: diags has a sink.
std::optional<ImportedQuestions> ParseGift(std::string_view text, FileDiagnostics& diags);

}  // namespace lophoc::assessments
