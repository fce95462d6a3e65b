// What the GIFT and Aiken harnesses (gift_fuzz.cpp, aiken_fuzz.cpp) check of
// an import: questions exactly when there is no error, every problem at a
// line, and imported questions become a quiz.md that our parser reads back.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string>

#include "assessments/gift_parser.h"
#include "assessments/quiz_import.h"
#include "assessments/quiz_parser.h"
#include "kernel/diagnostics.h"
#include "kernel/text.h"

namespace lophoc::fuzz {

inline void Require(bool ok, const char* what) {
  if (ok) return;
  std::fprintf(stderr, "importer invariant broken: %s\n", what);
  std::abort();
}

// The text an upload gives the importer (invalid UTF-8 is refused before
// parsing), or nullopt for inputs the upload path never passes on.
inline std::optional<std::string> UploadedText(const uint8_t* data, size_t size) {
  if (size > 64 * 1024) return std::nullopt;
  std::string text(reinterpret_cast<const char*>(data), size);
  if (!IsValidUtf8(text)) return std::nullopt;
  return NormalizeNewlines(text);
}

inline void CheckImport(const std::optional<assessments::ImportedQuestions>& imported,
                        const Diagnostics& diags) {
  Require(imported.has_value() != diags.HasErrors(), "a result exactly when there is no error");
  for (const auto& d : diags.items()) Require(d.line >= 1, "every problem has a line");
  if (!imported || imported->questions.empty()) return;
  auto text = assessments::ImportIntoQuiz(std::nullopt, *imported,
                                          assessments::ImportMode::kReplace, "Thử");
  Require(text.ok(), "imported questions make a quiz");
  Diagnostics again;
  FileDiagnostics fd(&again, "quiz.md");
  const auto quiz = assessments::ParseQuiz(*text, fd);
  if (!quiz) {
    for (const auto& d : again.items()) std::fprintf(stderr, "%s\n", d.ToString().c_str());
  }
  Require(quiz.has_value(), "the quiz.md parses back");
}

}  // namespace lophoc::fuzz
