// What this binary is: its version (the CMake project's) and the git commit it
// was built from, "unknown" when it was not built from a git checkout (or
// -DLOPHOC_COMMIT=... when the packager says). Defined in a file generated at
// each build (scripts/build_info.cmake), so the commit is always the one built.
#pragma once

#include <string>

namespace lophoc::app {

extern const char* const kVersion;  // "0.1.0"
extern const char* const kCommit;   // "abc1234" or "unknown"

// "lophoc 0.1.0 (commit abc1234)": what `lophoc --version` prints.
inline std::string VersionLine() {
  return std::string("lophoc ") + kVersion + " (commit " + kCommit + ")";
}

}  // namespace lophoc::app
