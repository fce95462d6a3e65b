// Course packages as zip files: the upload and download format of the web
// editor and `lophoc import/export`. The only user of libzip. Unpacking is
// defensive: entry names, counts and sizes are checked before anything is
// written. Thread-compatible: distinct calls may run concurrently.
#pragma once

#include <cstddef>
#include <filesystem>
#include <string>
#include <string_view>

#include "kernel/status.h"

namespace lophoc::app {

struct ZipLimits {
  size_t max_entries = 300;                   // files and folders
  size_t max_entry_bytes = 2 * 1024 * 1024;   // one file, uncompressed
  size_t max_total_bytes = 32 * 1024 * 1024;  // all files, uncompressed
};

// Unpacks `zip_bytes` into `dir`. The package may sit at the top of the zip
// or inside one folder ("ten-khoa/course.md"); that folder is removed.
// Directory entries are ignored (folders are made for the files in them), and
// what macOS adds ("__MACOSX/...", ".DS_Store") is left out silently. Every
// entry is checked before anything is written. Refused with InvalidArgument
// naming the entry: not a zip or an empty buffer, no files, names that are
// empty, go up a folder (".."), are absolute or start with a drive letter,
// hold '\', control characters, invalid UTF-8, empty or "." parts, or are
// longer than 512 bytes (255 a part); symbolic links and other special
// files; encrypted entries; compression other than stored or deflate; two
// entries with one path (after removing the top folder) or a path used for
// a file and a folder; more entries than `limits.max_entries` (directory and
// skipped entries count); a file or the total larger than allowed, both by
// the declared sizes and by the bytes actually inflated (reading stops one
// byte past a limit); damaged data (bad CRC). IOError when `dir` is not an
// existing empty folder or a file cannot be written. On any error `dir` is
// left empty.
// REQUIRES: nothing else writes into `dir` during the call.
Status UnpackPackageZip(std::string_view zip_bytes, const std::filesystem::path& dir,
                        const ZipLimits& limits = {});

// A zip of every regular file under `dir` (symbolic links are left out) with
// '/'-separated relative names, sorted, deflated, with a fixed modification
// time (2020-01-01 00:00) and mode 0644, so equal folders give equal bytes.
// InvalidArgument when `dir` holds no file or a file name is not UTF-8;
// IOError when a file cannot be read. Does not apply ZipLimits.
Result<std::string> PackPackageZip(const std::filesystem::path& dir);

}  // namespace lophoc::app
