// Reads Moodle's GIFT question format into quiz questions, so trainers can
// bring question banks they already have (docs/quiz-import.md). Every
// construct lophoc cannot represent is reported with its line, never dropped
// silently. Pure; thread-safe.
#pragma once

#include <optional>
#include <string_view>
#include <vector>

#include "assessments/quiz.h"
#include "kernel/diagnostics.h"

namespace lophoc::assessments {

// Questions read from an import file, in file order, with ids made from their
// names (or their position: "q3") and unique within the list. Each question's
// `line` is its first line in the import file (not a quiz.md line); each is
// valid by docs/quiz-format.md and survives WriteQuiz -> ParseQuiz unchanged.
struct ImportedQuestions {
  std::vector<Question> questions;
  std::vector<std::string> categories;  // `$CATEGORY:` names met, in order
};

// Parses GIFT text (normalized: LF line ends, no BOM) as Moodle's importer
// reads it; docs/quiz-import.md says how each construct maps and which are
// refused. Line numbers in `diags` are 1-based lines of `text`. Every problem
// is reported, not just the first; doubtful constructs ({true} read as a short
// answer, weights that cannot reach 100%) are warnings. Returns the questions
// when no error was reported, nullopt otherwise (also for a file without
// questions). REQUIRES: diags has a sink.
std::optional<ImportedQuestions> ParseGift(std::string_view text, FileDiagnostics& diags);

}  // namespace lophoc::assessments
