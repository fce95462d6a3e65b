// libFuzzer harness for the GIFT importer (not part of the CTest suite; run
// it with tests/fuzz/run.sh gift; Aiken has its own, aiken_fuzz.cpp, so that
// each grows its own corpus). Trainers upload GIFT files in the web editor,
// so any text must give questions or line-numbered errors: never a crash, a
// hang or a sanitizer report. Whatever imports must also become a quiz.md
// that our own parser reads back (importer_check.h).
#include "assessments/gift_parser.h"
#include "tests/fuzz/importer_check.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const auto text = lophoc::fuzz::UploadedText(data, size);
  if (!text) return 0;
  lophoc::Diagnostics diags;
  lophoc::FileDiagnostics fd(&diags, "in.gift");
  lophoc::fuzz::CheckImport(lophoc::assessments::ParseGift(*text, fd), diags);
  return 0;
}
