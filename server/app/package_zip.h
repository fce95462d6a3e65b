// Course packages as zip files: the upload and download format of the web
// editor and `lophoc import/export`. The only user of libzip. Unpacking is
// defensive: entry names, counts and sizes are checked before anything is
// written. Thread-compatible: distinct calls may run concurrently.
#pragma once

#include <cstddef>
#include <filesystem>
#include <string>
#include <string_view>

#include "courses/status.h"

namespace lophoc::app {

struct ZipLimits {
  size_t max_entries = 300;                      // files and folders
  size_t max_entry_bytes = 2 * 1024 * 1024;      // one file, uncompressed
  size_t max_total_bytes = 32 * 1024 * 1024;     // all files, uncompressed
};

// Unpacks `zip_bytes` into `dir` (which must exist and be empty). The package
// may sit at the top of the zip or inside one folder ("ten-khoa/course.md");
// that folder is removed. Refused with InvalidArgument naming the entry: not
// a zip, names with "..", absolute or drive paths, backslashes, control
// characters or invalid UTF-8, symbolic links, encrypted entries, duplicate
// names, more entries than allowed, an entry or a total larger than allowed
// (by the declared size and by the bytes actually inflated). On error `dir`
// is left empty.
Status UnpackPackageZip(std::string_view zip_bytes, const std::filesystem::path& dir,
                        const ZipLimits& limits = {});

// A zip of every regular file under `dir`, with '/'-separated relative names,
// sorted, so equal folders give equal bytes. IOError when a file cannot be read.
Result<std::string> PackPackageZip(const std::filesystem::path& dir);

}  // namespace lophoc::app
