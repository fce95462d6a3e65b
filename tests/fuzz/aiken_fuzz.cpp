// libFuzzer harness for the Aiken importer (not part of the CTest suite; run
// it with tests/fuzz/run.sh aiken). As gift_fuzz.cpp: any text gives
// questions or line-numbered errors, and what imports becomes a quiz.md that
// our own parser reads back (importer_check.h).
#include "assessments/aiken_parser.h"
#include "tests/fuzz/importer_check.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const auto text = lophoc::fuzz::UploadedText(data, size);
  if (!text) return 0;
  lophoc::Diagnostics diags;
  lophoc::FileDiagnostics fd(&diags, "in.txt");
  lophoc::fuzz::CheckImport(lophoc::assessments::ParseAiken(*text, fd), diags);
  return 0;
}
