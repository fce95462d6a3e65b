// libFuzzer harness for the question importers (not part of the CTest suite;
// run it with tests/fuzz/run.sh gift). Trainers upload GIFT and Aiken files
// in the web editor, so any text must give questions or line-numbered
// errors: never a crash, a hang or a sanitizer report. Whatever imports must
// also become a quiz.md that our own parser reads back.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "assessments/aiken_parser.h"
#include "assessments/gift_parser.h"
#include "assessments/quiz_import.h"
#include "assessments/quiz_parser.h"
#include "kernel/text.h"

namespace {

void Require(bool ok, const char* what) {
  if (ok) return;
  std::fprintf(stderr, "importer invariant broken: %s\n", what);
  std::abort();
}

void Check(const std::optional<lophoc::assessments::ImportedQuestions>& imported,
           const lophoc::Diagnostics& diags) {
  Require(imported.has_value() != diags.HasErrors(), "a result exactly when there is no error");
  for (const auto& d : diags.items()) Require(d.line >= 1, "every problem has a line");
  if (!imported || imported->questions.empty()) return;
  auto text = lophoc::assessments::ImportIntoQuiz(std::nullopt, *imported,
                                                  lophoc::assessments::ImportMode::kReplace, "Thử");
  Require(text.ok(), "imported questions make a quiz");
  lophoc::Diagnostics again;
  lophoc::FileDiagnostics fd(&again, "quiz.md");
  Require(lophoc::assessments::ParseQuiz(*text, fd).has_value(), "the quiz.md parses back");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > 64 * 1024) return 0;
  std::string text(reinterpret_cast<const char*>(data), size);
  if (!lophoc::IsValidUtf8(text)) return 0;  // the upload path refuses it before parsing
  text = lophoc::NormalizeNewlines(text);
  {
    lophoc::Diagnostics diags;
    lophoc::FileDiagnostics fd(&diags, "in.gift");
    Check(lophoc::assessments::ParseGift(text, fd), diags);
  }
  {
    lophoc::Diagnostics diags;
    lophoc::FileDiagnostics fd(&diags, "in.txt");
    Check(lophoc::assessments::ParseAiken(text, fd), diags);
  }
  return 0;
}
