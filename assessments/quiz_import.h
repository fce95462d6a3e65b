// Puts imported questions (GIFT, Aiken: docs/quiz-import.md) into a course's
// quiz.md text, and the helpers the import parsers share: ids from names,
// plain text as Markdown, and the check that a question survives being
// written as quiz.md. Pure; thread-safe.
#pragma once

#include <functional>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "assessments/gift_parser.h"
#include "kernel/diagnostics.h"
#include "kernel/status.h"

namespace lophoc::assessments {

enum class ImportMode {
  kReplace,  // the imported questions replace the quiz's questions
  kAppend,   // they are added after the existing ones (clashing ids renamed)
};

// The quiz.md text holding `imported`: the settings and introduction of
// `existing_quiz_md` are kept when it is given; without it the quiz gets the
// title `default_title` and default settings. In kAppend mode the existing
// questions keep their ids and an imported question whose id is taken gets
// the first free "-2", "-3"... suffix. InvalidArgument, with the first
// problem in the message, when `existing_quiz_md` does not parse, or the
// result would not parse (e.g. no questions, or `draw` larger than the new
// number of questions). The returned text always parses with ParseQuiz.
// REQUIRES: imported questions are valid (as ParseGift/ParseAiken return them).
Result<std::string> ImportIntoQuiz(const std::optional<std::string>& existing_quiz_md,
                                   const ImportedQuestions& imported, ImportMode mode,
                                   const std::string& default_title);

// The question id made from a question's name: Vietnamese diacritics folded,
// ASCII lower-cased, every run of other characters one '-', no '-' at the
// ends, at most 48 characters (cut at a '-' when possible). "Câu 1: Thư mục"
// gives "cau-1-thu-muc". Empty when nothing is left ("???", "").
std::string QuestionIdFromName(std::string_view name);

// Gives each question with an empty id "qN" (N its 1-based position in
// `questions`) and then makes every id unique, in order, against `taken` and
// the ids before it by appending "-2", "-3"... Ids in `taken` are not changed.
void AssignUniqueIds(std::vector<Question>& questions, const std::set<std::string>& taken = {});

// Plain text as Markdown that shows the same characters: Markdown
// punctuation is backslash-escaped, as are characters that would start a
// heading, list, quote or code block at the start of a line; leading spaces of
// lines are dropped; runs of blank lines become one paragraph break. With
// `keep_line_breaks` a single line break stays a line break (a trailing '\'),
// otherwise it becomes a soft break (shown as a space).
std::string PlainTextToMarkdown(std::string_view text, bool keep_line_breaks);

// Reports, at `source_line`, every reason `q` cannot be stored in quiz.md as
// it is: it breaks a rule of docs/quiz-format.md, or writing it with
// WriteQuiz and reading it back with ParseQuiz does not give the same
// question (e.g. its text holds a line quiz.md reads as a heading or an
// answer). Returns true when there is none. Warnings (no feedback) are not
// reported. REQUIRES: diags has a sink.
bool CheckStorable(const Question& q, int source_line, FileDiagnostics& diags);

// Calls `read` with each line of `text` and its 1-based number, except the
// lines that are not valid UTF-8: those are reported to `diags` instead.
void ForEachUtf8Line(std::string_view text, FileDiagnostics& diags,
                     const std::function<void(std::string_view line, int number)>& read);

}  // namespace lophoc::assessments
