// libFuzzer harness for UnpackPackageZip (not part of the CTest suite; run it
// with tests/fuzz/run.sh). Besides "never crash, never hang, no ASan/UBSan
// report", it checks the header's promises: an error is InvalidArgument with
// a message and leaves the folder empty; a success writes only regular files
// and folders, within the limits. The folder is emptied after every input.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <string_view>
#include <system_error>

#include "server/app/package_zip.h"

namespace fs = std::filesystem;

namespace {

void Require(bool ok, const char* what) {
  if (ok) return;
  std::fprintf(stderr, "zip invariant broken: %s\n", what);
  std::abort();
}

// Made once, removed at exit (never destroyed, so the exit handler may use it).
const fs::path& OutDir() {
  static const fs::path* dir = [] {
    std::string tmpl = (fs::temp_directory_path() / "lophoc-zip-fuzz-XXXXXX").string();
    Require(mkdtemp(tmpl.data()) != nullptr, "a temporary folder can be made");
    std::atexit([] {
      std::error_code ec;
      fs::remove_all(OutDir(), ec);
    });
    return new fs::path(tmpl);
  }();
  return *dir;
}

void Empty(const fs::path& dir) {
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(dir)) fs::remove_all(e.path(), ec);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  lophoc::app::ZipLimits limits;
  limits.max_entries = 16;
  limits.max_entry_bytes = 64 * 1024;
  limits.max_total_bytes = 256 * 1024;
  const fs::path& dir = OutDir();
  const lophoc::Status s = lophoc::app::UnpackPackageZip(bytes, dir, limits);
  if (!s.ok()) {
    Require(s.code() == lophoc::StatusCode::kInvalidArgument, "error code is InvalidArgument");
    Require(!s.message().empty(), "error has a message");
    Require(fs::is_empty(dir), "the folder is left empty after an error");
    return 0;
  }
  size_t files = 0, total = 0;
  for (const auto& e : fs::recursive_directory_iterator(dir)) {
    const fs::file_status st = e.symlink_status();
    Require(fs::is_regular_file(st) || fs::is_directory(st), "only files and folders");
    if (!fs::is_regular_file(st)) continue;
    const size_t n = static_cast<size_t>(fs::file_size(e.path()));
    Require(n <= limits.max_entry_bytes, "a file is within max_entry_bytes");
    total += n;
    ++files;
  }
  Require(files >= 1 && files <= limits.max_entries, "1 to max_entries files");
  Require(total <= limits.max_total_bytes, "the files are within max_total_bytes");
  Empty(dir);
  return 0;
}
