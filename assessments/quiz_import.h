// Puts imported questions (GIFT, Aiken) into a course's quiz.md text.
// Pure; thread-safe.
#pragma once

#include <optional>
#include <string>

#include "assessments/gift_parser.h"
#include "courses/status.h"

namespace lophoc::assessments {

enum class ImportMode {
  kReplace,  // the imported questions replace the quiz's questions
  kAppend,   // they are added after the existing ones (clashing ids renamed)
};

// The quiz.md text holding `imported`: the settings and introduction of
// `existing_quiz_md` are kept when it is given; without it the quiz gets a
// default title (`default_title`) and default settings. InvalidArgument when
// `existing_quiz_md` does not parse or the result would not parse.
Result<std::string> ImportIntoQuiz(const std::optional<std::string>& existing_quiz_md,
                                   const ImportedQuestions& imported, ImportMode mode,
                                   const std::string& default_title);

}  // namespace lophoc::assessments
