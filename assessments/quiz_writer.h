// Writes a Quiz as quiz.md text (docs/quiz-format.md): used to export quizzes
// and to save imported ones. Pure; thread-safe.
#pragma once

#include <string>

#include "assessments/quiz.h"

namespace lophoc::assessments {

// Returns the quiz as quiz.md text (LF line ends). Settings equal to their
// defaults are left out, except the title and pass_mark; weights are written
// only where explicit. Numeric answers keep the author's spelling when it
// still reads back as the same range.
// For every quiz q returned by ParseQuiz: ParseQuiz(WriteQuiz(q)) == q.
// REQUIRES: `quiz` is valid as ParseQuiz would accept it, and one-line fields
// (title, ids, option texts, pair items) hold no line breaks; a left item
// must not contain "->".
std::string WriteQuiz(const Quiz& quiz);

}  // namespace lophoc::assessments
