// libFuzzer harness for ParseQuiz (assessments/quiz_parser.h), the reader of
// quiz.md files that trainers write in the web editor or upload in a
// package (not part of the CTest suite; run it with tests/fuzz/run.sh quiz).
// Besides "never crash, never hang, no ASan/UBSan report", it checks the
// headers' promises: a quiz comes back exactly when no error was reported,
// every problem has a line, and what parses is written back by WriteQuiz
// into text that parses again to the same quiz (twice: the writer is stable).
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "assessments/quiz_parser.h"
#include "assessments/quiz_writer.h"
#include "kernel/text.h"

namespace {

void Require(bool ok, const char* what) {
  if (ok) return;
  std::fprintf(stderr, "quiz invariant broken: %s\n", what);
  std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > 64 * 1024) return 0;
  std::string text(reinterpret_cast<const char*>(data), size);
  if (!lophoc::IsValidUtf8(text)) return 0;  // ReadAuthoredText refuses it before parsing
  text = lophoc::ToNfc(lophoc::NormalizeNewlines(text));  // as ReadAuthoredText does
  lophoc::Diagnostics diags;
  lophoc::FileDiagnostics fd(&diags, "quiz.md");
  const auto quiz = lophoc::assessments::ParseQuiz(text, fd);
  Require(quiz.has_value() != diags.HasErrors(), "a quiz exactly when there is no error");
  for (const auto& d : diags.items()) {
    Require(d.line >= 1, "every problem has a line");
    Require(!d.message.empty(), "every problem says why");
  }
  if (!quiz) return 0;
  const std::string written = lophoc::assessments::WriteQuiz(*quiz);
  lophoc::Diagnostics again;
  lophoc::FileDiagnostics fd_again(&again, "quiz.md");
  const auto reread = lophoc::assessments::ParseQuiz(written, fd_again);
  if (!reread) {
    for (const auto& d : again.items()) std::fprintf(stderr, "%s\n", d.ToString().c_str());
    std::fprintf(stderr, "--- written:\n%s\n", written.c_str());
  }
  Require(reread.has_value(), "WriteQuiz writes a quiz that parses");
  if (!(*reread == *quiz)) std::fprintf(stderr, "--- written:\n%s\n", written.c_str());
  Require(*reread == *quiz, "ParseQuiz(WriteQuiz(q)) == q");
  Require(lophoc::assessments::WriteQuiz(*reread) == written, "WriteQuiz is stable");
  return 0;
}
