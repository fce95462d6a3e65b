#include "server/app/package_zip.h"

#include <sys/stat.h>
#include <zip.h>

#include <catch2/catch.hpp>
#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <map>
#include <vector>

#include "tests/support/temp_dir.h"

namespace fs = std::filesystem;
using lophoc::StatusCode;
using lophoc::app::PackPackageZip;
using lophoc::app::UnpackPackageZip;
using lophoc::app::ZipLimits;

namespace {

struct TempDir : lophoc::testing::TempDir {
  TempDir() : lophoc::testing::TempDir("lophoc-zip-test") {}
};

struct TestEntry {
  std::string name;
  std::string data;
  uint32_t mode = S_IFREG | 0644;
  int32_t method = ZIP_CM_DEFLATE;
};

// A zip written by libzip; names go in as they are (libzip does not check them).
std::string MakeZip(const std::vector<TestEntry>& entries) {
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* src = zip_source_buffer_create(nullptr, 0, 0, &error);
  REQUIRE(src != nullptr);
  zip_t* za = zip_open_from_source(src, ZIP_TRUNCATE, &error);
  REQUIRE(za != nullptr);
  zip_source_keep(src);
  for (const TestEntry& e : entries) {
    zip_source_t* data = zip_source_buffer(za, e.data.data(), e.data.size(), 0);
    const zip_int64_t i = zip_file_add(za, e.name.c_str(), data, ZIP_FL_ENC_GUESS);
    REQUIRE(i >= 0);
    REQUIRE(zip_set_file_compression(za, i, e.method, 0) == 0);
    REQUIRE(zip_file_set_external_attributes(za, i, 0, ZIP_OPSYS_UNIX, e.mode << 16) == 0);
  }
  REQUIRE(zip_close(za) == 0);
  REQUIRE(zip_source_open(src) == 0);
  std::string out;
  char buf[4096];
  zip_int64_t n;
  while ((n = zip_source_read(src, buf, sizeof buf)) > 0) out.append(buf, n);
  zip_source_close(src);
  zip_source_free(src);
  zip_error_fini(&error);
  return out;
}

// Replaces every `from` by `to` (same length) in the zip bytes.
std::string Replace(std::string zip, const std::string& from, const std::string& to) {
  REQUIRE(from.size() == to.size());
  for (size_t at = zip.find(from); at != std::string::npos; at = zip.find(from, at + 1)) {
    zip.replace(at, from.size(), to);
  }
  return zip;
}

// Overwrites a little-endian field of `width` bytes in every local header (at
// `local_at`) and every central directory header (at `central_at`).
std::string PatchHeaders(std::string zip, size_t local_at, size_t central_at, uint32_t value,
                         int width) {
  const std::pair<std::string, size_t> headers[] = {{"PK\x03\x04", local_at},
                                                    {"PK\x01\x02", central_at}};
  for (const auto& [signature, offset] : headers) {
    for (size_t at = zip.find(signature); at != std::string::npos;
         at = zip.find(signature, at + 1)) {
      for (int b = 0; b < width; ++b) zip[at + offset + b] = static_cast<char>(value >> (8 * b));
    }
  }
  return zip;
}

std::string LieAboutSize(const std::string& zip, uint32_t size) {
  return PatchHeaders(zip, 22, 24, size, 4);
}

std::map<std::string, std::string> ReadTree(const fs::path& dir) {
  std::map<std::string, std::string> files;
  for (const auto& e : fs::recursive_directory_iterator(dir)) {
    if (!e.is_regular_file()) continue;
    std::ifstream in(e.path(), std::ios::binary);
    files[fs::relative(e.path(), dir).generic_string()] =
        std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  }
  return files;
}

const fs::path kFixture = fs::path(LOPHOC_SOURCE_DIR) / "tests/fixtures/content-good/tin-hoc";

}  // namespace

TEST_CASE("a packed fixture unpacks to the same files and bytes", "[package_zip]") {
  auto zip = PackPackageZip(kFixture);
  REQUIRE(zip.ok());
  TempDir out;
  REQUIRE(UnpackPackageZip(*zip, out.path).ok());
  const auto files = ReadTree(out.path);
  CHECK(files == ReadTree(kFixture));
  CHECK(files.count("images/man-hinh.svg") == 1);
  CHECK(files.size() == 4);

  SECTION("packing again, from a copy with other times, gives equal bytes") {
    fs::last_write_time(out.path / "course.md",
                        fs::file_time_type::clock::now() - std::chrono::hours(5000));
    auto again = PackPackageZip(out.path);
    REQUIRE(again.ok());
    CHECK(*again == *zip);
  }
}

TEST_CASE("packing leaves out symbolic links and refuses an empty folder", "[package_zip]") {
  TempDir dir;
  CHECK(PackPackageZip(dir.path).status().code() == StatusCode::kInvalidArgument);
  std::ofstream(dir.path / "course.md") << "x";
  fs::create_symlink("/etc/passwd", dir.path / "passwd");
  auto zip = PackPackageZip(dir.path);
  REQUIRE(zip.ok());
  TempDir out;
  REQUIRE(UnpackPackageZip(*zip, out.path).ok());
  CHECK(ReadTree(out.path) == std::map<std::string, std::string>{{"course.md", "x"}});
}

TEST_CASE("a single top folder is stripped, macOS extras are left out", "[package_zip]") {
  struct Case {
    const char* what;
    std::vector<TestEntry> entries;
    std::map<std::string, std::string> expected;
  };
  const Case c = GENERATE(values<Case>({
      {"one top folder",
       {{"ten-khoa/", "", S_IFDIR | 0755},
        {"ten-khoa/course.md", "c"},
        {"ten-khoa/images/a.svg", "s"},
        {"__MACOSX/ten-khoa/._course.md", "junk"},
        {"ten-khoa/.DS_Store", "junk"}},
       {{"course.md", "c"}, {"images/a.svg", "s"}}},
      {"package at the top",
       {{"course.md", "c", S_IFREG | 0644, ZIP_CM_STORE}, {"images/a.svg", "s"}},
       {{"course.md", "c"}, {"images/a.svg", "s"}}},
      {"two top folders are kept",
       {{"a/x.md", "1"}, {"b/y.md", "2"}},
       {{"a/x.md", "1"}, {"b/y.md", "2"}}},
      {"Vietnamese names", {{"khóa/ảnh/đẹp.svg", "s"}}, {{"ảnh/đẹp.svg", "s"}}},
  }));
  CAPTURE(c.what);
  TempDir out;
  const auto s = UnpackPackageZip(MakeZip(c.entries), out.path);
  REQUIRE(s.ok());
  CHECK(ReadTree(out.path) == c.expected);
}

TEST_CASE("unsafe or broken zips are refused and leave the folder empty", "[package_zip]") {
  const std::string zeros(3 * 1024 * 1024, '\0');
  const std::string hundred(100, 'a');
  std::vector<TestEntry> many;
  for (int i = 0; i < 301; ++i) many.push_back({"f" + std::to_string(i) + ".md", "x"});
  struct Case {
    const char* what;
    std::string zip;
    std::string message;  // a part of the expected message
    ZipLimits limits;
  };
  const ZipLimits small{300, 100, 150};
  const Case c = GENERATE_COPY(values<Case>({
      {"not a zip", "PK this is not a zip at all", "not a zip file", {}},
      {"an empty buffer", "", "the zip file is empty", {}},
      {"up a folder",
       MakeZip({{"../x.md", "x"}}),
       "entry '../x.md': a name may not go up a folder",
       {}},
      {"up inside",
       MakeZip({{"a/../../x.md", "x"}}),
       "entry 'a/../../x.md': a name may not go up",
       {}},
      {"absolute",
       MakeZip({{"/etc/x.md", "x"}}),
       "entry '/etc/x.md': a name may not be an absolute",
       {}},
      {"drive letter",
       MakeZip({{"C:/x.md", "x"}}),
       "entry 'C:/x.md': a name may not start with a drive",
       {}},
      {"backslash", MakeZip({{"a\\..\\x.md", "x"}}), "may not contain '\\'", {}},
      {"control character",
       MakeZip({{"a\x01.md", "x"}}),
       "entry 'a\\x01.md': a name may not contain control",
       {}},
      {"invalid UTF-8",
       MakeZip({{"\xff\xfe.md", "x"}}),
       "entry '\\xFF\\xFE.md': a name must be UTF-8",
       {}},
      {"empty part",
       MakeZip({{"a//b.md", "x"}}),
       "entry 'a//b.md': a name may not have empty parts",
       {}},
      {"dot part", MakeZip({{"./a.md", "x"}}), "entry './a.md': a name may not have '.' parts", {}},
      {"symbolic link",
       MakeZip({{"course.md", "x"}, {"link.md", "/etc/passwd", S_IFLNK | 0777}}),
       "entry 'link.md': symbolic links are not allowed",
       {}},
      {"a fifo", MakeZip({{"f.md", "", S_IFIFO | 0644}}), "entry 'f.md': not a regular file", {}},
      {"encrypted",
       PatchHeaders(MakeZip({{"a.md", "x"}}), 6, 8, 1, 2),
       "entry 'a.md': encrypted entries are not supported",
       {}},
      {"other compression",
       PatchHeaders(MakeZip({{"a.md", "x"}}), 8, 10, 12, 2),
       "entry 'a.md': only stored or deflated",
       {}},
      {"duplicate",
       Replace(MakeZip({{"a.md", "1"}, {"b.md", "2"}}), "b.md", "a.md"),
       "entry 'a.md': the zip holds this file twice",
       {}},
      {"duplicate in the top folder",
       Replace(MakeZip({{"t/a.md", "1"}, {"t/b.md", "2"}}), "t/b.md", "t/a.md"),
       "entry 't/a.md': the zip holds this file twice",
       {}},
      {"file and folder",
       MakeZip({{"a.md", "1"}, {"a.md/x.md", "2"}}),
       "entry 'a.md': the zip uses this name for a file and a folder",
       {}},
      {"too many entries", MakeZip(many), "the zip has 301 entries; at most 300", {}},
      {"no files",
       MakeZip({{"ten-khoa/", "", S_IFDIR | 0755}, {"__MACOSX/._x", "j"}}),
       "the zip holds no files",
       {}},
      {"declared too large",
       MakeZip({{"bomb.svg", zeros}}),
       "entry 'bomb.svg': larger than the limit of 2097152 bytes",
       {}},
      {"zip bomb with a lying size",
       LieAboutSize(MakeZip({{"bomb.svg", zeros}}), 1000),
       "entry 'bomb.svg': inflates to more than the limit of 2097152 bytes",
       {}},
      {"more data than declared, within the limits",
       LieAboutSize(MakeZip({{"a.md", hundred}}), 50),
       "entry 'a.md': damaged",
       {}},
      {"total declared too large", MakeZip({{"a.md", hundred}, {"b.md", hundred}}),
       "entry 'b.md': the files together are larger than the limit of 150", small},
      {"total inflated too large",
       LieAboutSize(MakeZip({{"a.md", std::string(75, 'a')}, {"b.md", hundred}}), 75),
       "entry 'b.md': the files together inflate to more than the limit of 150", small},
      {"damaged data",
       Replace(MakeZip({{"a.md", "hello world", S_IFREG | 0644, ZIP_CM_STORE}}), "hello", "jello"),
       "entry 'a.md': damaged",
       {}},
  }));
  CAPTURE(c.what);
  TempDir out;
  const auto s = UnpackPackageZip(c.zip, out.path, c.limits);
  CAPTURE(s.message());
  CHECK(s.code() == StatusCode::kInvalidArgument);
  CHECK(s.message().find(c.message) != std::string::npos);
  CHECK(fs::is_empty(out.path));
}

TEST_CASE("a good file is written and removed when a later entry fails", "[package_zip]") {
  // The lying size of b.md is found only while inflating, after a.md is written.
  const std::string zip = MakeZip(
      {{"a.md", "short", S_IFREG | 0644, ZIP_CM_STORE}, {"sub/b.md", std::string(5000, 'b')}});
  TempDir out;
  auto s = UnpackPackageZip(LieAboutSize(zip, 5), out.path, ZipLimits{300, 100, 1000});
  CAPTURE(s.message());
  // a.md's declared size is also 5 now, so it stays valid; b.md overflows.
  CHECK(s.message().find("entry 'sub/b.md': inflates to more than") != std::string::npos);
  CHECK(fs::is_empty(out.path));
}

TEST_CASE("unpacking needs an existing empty folder", "[package_zip]") {
  const std::string zip = MakeZip({{"a.md", "1"}});
  TempDir out;
  std::ofstream(out.path / "old.md") << "old";
  CHECK(UnpackPackageZip(zip, out.path).code() == StatusCode::kIOError);
  CHECK(ReadTree(out.path) == std::map<std::string, std::string>{{"old.md", "old"}});
  CHECK(UnpackPackageZip(zip, out.path / "missing").code() == StatusCode::kIOError);
}
