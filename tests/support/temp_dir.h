// TempDir: a fresh empty folder under the system's temporary directory,
// removed with everything in it at the end of the scope. Fails the test when
// it cannot be made.
#pragma once

#include <stdlib.h>

#include <catch2/catch.hpp>

#include <filesystem>
#include <string>
#include <system_error>

namespace lophoc::testing {

struct TempDir {
  std::filesystem::path path;

  // `prefix` names the folder ("<prefix>-XXXXXX"), so that a leftover one
  // says which test made it.
  explicit TempDir(const std::string& prefix = "lophoc-test") {
    std::string tmpl = (std::filesystem::temp_directory_path() / (prefix + "-XXXXXX")).string();
    REQUIRE(mkdtemp(tmpl.data()) != nullptr);
    path = tmpl;
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
};

// Removes the database file `path` with its -wal and -shm files and the
// copies opening it made before migrating (`path`.pre-migration-*).
inline void RemoveDatabaseFiles(const std::string& path) {
  namespace fs = std::filesystem;
  std::error_code ec;
  for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(path + suffix, ec);
  const fs::path p(path);
  const std::string prefix = p.filename().string() + ".pre-migration-";
  const fs::path dir = p.parent_path().empty() ? fs::path(".") : p.parent_path();
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    if (it->path().filename().string().rfind(prefix, 0) == 0) fs::remove(it->path(), ec);
  }
}

}  // namespace lophoc::testing
