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

}  // namespace lophoc::testing
