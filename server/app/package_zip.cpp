#include "server/app/package_zip.h"

#include <sys/stat.h>
#include <zip.h>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <memory>
#include <set>
#include <vector>

#include "kernel/text.h"

namespace lophoc::app {

namespace fs = std::filesystem;

namespace {

constexpr size_t kMaxNameBytes = 512;
constexpr size_t kMaxSegmentBytes = 255;
// 2020-01-01 00:00 in MS-DOS date/time fields: written directly so that the
// bytes do not depend on the time zone (libzip's time_t setter uses localtime).
constexpr zip_uint16_t kDosDate = ((2020 - 1980) << 9) | (1 << 5) | 1;
constexpr zip_uint16_t kDosTime = 0;
constexpr zip_uint32_t kFileMode = S_IFREG | 0644;

struct ZipDiscard {
  void operator()(zip_t* za) const { zip_discard(za); }
};
using ZipPtr = std::unique_ptr<zip_t, ZipDiscard>;

struct ZipFileClose {
  void operator()(zip_file_t* f) const { zip_fclose(f); }
};

// The name as it may appear in a message: control characters, and every
// non-ASCII byte when the name is not UTF-8, written as \xNN.
std::string Printable(std::string_view name) {
  const bool utf8 = IsValidUtf8(name);
  std::string out;
  for (char c : name) {
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7F || (!utf8 && u >= 0x80)) {
      char buf[5];
      std::snprintf(buf, sizeof buf, "\\x%02X", u);
      out += buf;
    } else {
      out += c;
    }
  }
  return out;
}

// A refused entry: `why` for developers, `reason` for people (with the
// entry's name as the parameter "entry").
Status Refuse(std::string_view name, const std::string& why, const char* reason) {
  return Status::InvalidArgument("entry '" + Printable(name) + "': " + why)
      .WithReason(reason)
      .WithParam("entry", Printable(name));
}

// A limit in MiB for people's messages, rounded up.
int64_t Mib(uint64_t bytes) { return static_cast<int64_t>((bytes + (1u << 20) - 1) >> 20); }

std::vector<std::string_view> Segments(std::string_view path) {
  std::vector<std::string_view> out;
  size_t start = 0;
  while (true) {
    const size_t slash = path.find('/', start);
    out.push_back(path.substr(start, slash == std::string_view::npos ? slash : slash - start));
    if (slash == std::string_view::npos) return out;
    start = slash + 1;
  }
}

// Why `name` may not be written below a folder, or "" when it may. A
// directory entry keeps its trailing '/', which is not an empty segment.
std::string NameProblem(std::string_view name) {
  if (name.empty()) return "a name may not be empty";
  for (char c : name) {
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7F) return "a name may not contain control characters";
  }
  if (!IsValidUtf8(name)) return "a name must be UTF-8";
  if (name.find('\\') != std::string_view::npos) return "a name may not contain '\\'";
  if (name.front() == '/') return "a name may not be an absolute path";
  if (name.size() >= 2 && name[1] == ':' &&
      ((name[0] >= 'A' && name[0] <= 'Z') || (name[0] >= 'a' && name[0] <= 'z'))) {
    return "a name may not start with a drive letter";
  }
  if (name.size() > kMaxNameBytes) return "a name may not be longer than 512 bytes";
  if (name.back() == '/') name.remove_suffix(1);
  for (std::string_view seg : Segments(name)) {
    if (seg == "..") return "a name may not go up a folder";
    if (seg.empty()) return "a name may not have empty parts ('//')";
    if (seg == ".") return "a name may not have '.' parts";
    if (seg.size() > kMaxSegmentBytes)
      return "a file or folder name may not be longer than 255 bytes";
  }
  return "";
}

// Left out silently: what macOS adds when it zips a folder.
bool IsMacArtefact(std::string_view name) {
  const auto segs = Segments(name);
  return segs.front() == "__MACOSX" || segs.back() == ".DS_Store";
}

struct PlannedFile {
  zip_uint64_t index = 0;
  std::string name;  // as in the zip, for messages
  std::string path;  // relative path to write, top folder stripped
  zip_uint64_t declared_size = 0;
};

// Refuses symbolic links and other special files by their Unix mode.
Status CheckFileType(zip_t* za, zip_uint64_t i, const std::string& name, bool is_dir) {
  zip_uint8_t opsys = 0;
  zip_uint32_t attributes = 0;
  if (zip_file_get_external_attributes(za, i, 0, &opsys, &attributes) != 0) {
    return Refuse(name, "cannot read its attributes", "zip_damaged");
  }
  if (opsys != ZIP_OPSYS_UNIX) return Status::Ok();
  const zip_uint32_t type = (attributes >> 16) & S_IFMT;
  if (type == S_IFLNK) return Refuse(name, "symbolic links are not allowed", "zip_special_file");
  if (!is_dir && type != 0 && type != S_IFREG) {
    return Refuse(name, "not a regular file", "zip_special_file");
  }
  return Status::Ok();
}

// Checks the metadata of one file entry: encryption, compression, declared size.
Status CheckFileEntry(const zip_stat_t& st, const std::string& name, const ZipLimits& limits,
                      zip_uint64_t* declared_total) {
  if ((st.valid & ZIP_STAT_ENCRYPTION_METHOD) && st.encryption_method != ZIP_EM_NONE) {
    return Refuse(name, "encrypted entries are not supported", "zip_encrypted");
  }
  if (!(st.valid & ZIP_STAT_COMP_METHOD) ||
      (st.comp_method != ZIP_CM_STORE && st.comp_method != ZIP_CM_DEFLATE)) {
    return Refuse(name, "only stored or deflated entries are supported", "zip_compression");
  }
  if (!(st.valid & ZIP_STAT_SIZE) || st.size > limits.max_entry_bytes) {
    return Refuse(name,
                  "larger than the limit of " + std::to_string(limits.max_entry_bytes) +
                      " bytes for one file",
                  "zip_file_too_large")
        .WithParam("limit_mib", Mib(limits.max_entry_bytes));
  }
  *declared_total += st.size;
  if (*declared_total > limits.max_total_bytes) {
    return Refuse(name,
                  "the files together are larger than the limit of " +
                      std::to_string(limits.max_total_bytes) + " bytes",
                  "zip_too_large")
        .WithParam("limit_mib", Mib(limits.max_total_bytes));
  }
  return Status::Ok();
}

// One folder that holds every file, or "" when the files are not all in one.
std::string CommonTopFolder(const std::vector<PlannedFile>& files) {
  std::string top;
  for (const PlannedFile& f : files) {
    const size_t slash = f.path.find('/');
    if (slash == std::string::npos) return "";
    const std::string first = f.path.substr(0, slash);
    if (!top.empty() && first != top) return "";
    top = first;
  }
  return top;
}

// Refuses two entries with one path, and a path that is both a file and a folder.
Status CheckCollisions(const std::vector<PlannedFile>& files) {
  std::set<std::string> paths, folders;
  for (const PlannedFile& f : files) {
    if (!paths.insert(f.path).second) {
      return Refuse(f.name, "the zip holds this file twice", "zip_duplicate");
    }
    for (size_t slash = f.path.find('/'); slash != std::string::npos;
         slash = f.path.find('/', slash + 1)) {
      folders.insert(f.path.substr(0, slash));
    }
  }
  for (const PlannedFile& f : files) {
    if (folders.count(f.path))
      return Refuse(f.name, "the zip uses this name for a file and a folder", "zip_duplicate");
  }
  return Status::Ok();
}

// Every check that needs no inflating; the files to write, in zip order.
Result<std::vector<PlannedFile>> PlanFiles(zip_t* za, const ZipLimits& limits) {
  const zip_int64_t count = zip_get_num_entries(za, 0);
  if (count < 0 || static_cast<zip_uint64_t>(count) > limits.max_entries) {
    return Status::InvalidArgument("the zip has " + std::to_string(count) + " entries; at most " +
                                   std::to_string(limits.max_entries) + " are allowed")
        .WithReason("zip_too_many_files")
        .WithParam("limit", static_cast<int64_t>(limits.max_entries));
  }
  std::vector<PlannedFile> files;
  zip_uint64_t declared_total = 0;
  for (zip_uint64_t i = 0; i < static_cast<zip_uint64_t>(count); ++i) {
    const char* raw = zip_get_name(za, i, ZIP_FL_ENC_RAW);
    if (raw == nullptr) {
      return Status::InvalidArgument("the zip is damaged: " + std::string(zip_strerror(za)))
          .WithReason("zip_damaged");
    }
    const std::string name = raw;
    if (const std::string why = NameProblem(name); !why.empty()) {
      return Refuse(name, why, "zip_name_invalid");
    }
    const bool is_dir = name.back() == '/';
    if (Status s = CheckFileType(za, i, name, is_dir); !s.ok()) return s;
    if (is_dir || IsMacArtefact(name)) continue;
    zip_stat_t st;
    if (zip_stat_index(za, i, ZIP_FL_ENC_RAW, &st) != 0) {
      return Refuse(name, zip_strerror(za), "zip_damaged");
    }
    if (Status s = CheckFileEntry(st, name, limits, &declared_total); !s.ok()) return s;
    files.push_back({i, name, name, st.size});
  }
  if (files.empty()) {
    return Status::InvalidArgument("the zip holds no files").WithReason("zip_empty");
  }
  if (const std::string top = CommonTopFolder(files); !top.empty()) {
    for (PlannedFile& f : files) f.path.erase(0, top.size() + 1);
  }
  if (Status s = CheckCollisions(files); !s.ok()) return s;
  return files;
}

// Inflates one entry, reading at most `limit` + 1 bytes whatever size the zip
// declares, so that a zip bomb stops at the limit.
Status Inflate(zip_t* za, const PlannedFile& f, size_t limit, const Status& too_large,
               std::string* out) {
  std::unique_ptr<zip_file_t, ZipFileClose> file(zip_fopen_index(za, f.index, 0));
  if (!file) {
    return Refuse(f.name, std::string("cannot be read: ") + zip_strerror(za), "zip_damaged");
  }
  out->clear();
  char buf[64 * 1024];
  while (true) {
    const size_t want = std::min(sizeof buf, limit + 1 - out->size());
    const zip_int64_t n = zip_fread(file.get(), buf, want);
    if (n < 0) {
      return Refuse(f.name, std::string("damaged: ") + zip_file_strerror(file.get()),
                    "zip_damaged");
    }
    if (n == 0) break;
    out->append(buf, static_cast<size_t>(n));
    if (out->size() > limit) return too_large;
  }
  // libzip checks the CRC but not the size, and the limits trusted the size.
  if (out->size() != f.declared_size) {
    return Refuse(f.name,
                  "damaged: it holds " + std::to_string(out->size()) + " bytes, not the " +
                      std::to_string(f.declared_size) + " it declares",
                  "zip_damaged");
  }
  return Status::Ok();
}

Status WriteFile(const fs::path& path, const std::string& bytes) {
  std::error_code ec;
  fs::create_directories(path.parent_path(), ec);
  if (ec)
    return Status::IOError("cannot create " + path.parent_path().string() + ": " + ec.message());
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  out.close();
  if (!out) return Status::IOError("cannot write " + path.string());
  return Status::Ok();
}

Status WriteFiles(zip_t* za, const std::vector<PlannedFile>& files, const fs::path& dir,
                  const ZipLimits& limits) {
  size_t total = 0;
  std::string bytes;
  for (const PlannedFile& f : files) {
    const size_t room = limits.max_total_bytes - total;
    const bool total_binds = room < limits.max_entry_bytes;
    const Status too_large =
        total_binds ? Refuse(f.name,
                             "the files together inflate to more than the limit of " +
                                 std::to_string(limits.max_total_bytes) + " bytes",
                             "zip_too_large")
                          .WithParam("limit_mib", Mib(limits.max_total_bytes))
                    : Refuse(f.name,
                             "inflates to more than the limit of " +
                                 std::to_string(limits.max_entry_bytes) + " bytes for one file",
                             "zip_file_too_large")
                          .WithParam("limit_mib", Mib(limits.max_entry_bytes));
    if (Status s = Inflate(za, f, total_binds ? room : limits.max_entry_bytes, too_large, &bytes);
        !s.ok()) {
      return s;
    }
    total += bytes.size();
    if (Status s = WriteFile(dir / fs::u8path(f.path), bytes); !s.ok()) return s;
  }
  return Status::Ok();
}

void RemoveContents(const fs::path& dir) {
  std::error_code ec;
  std::vector<fs::path> written;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    written.push_back(it->path());
  }
  for (const fs::path& p : written) fs::remove_all(p, ec);
}

Status ReadWholeFile(const fs::path& path, std::string* out) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::IOError("cannot read " + path.string());
  out->assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  if (in.bad()) return Status::IOError("cannot read " + path.string());
  return Status::Ok();
}

// Every regular file under `dir` (symbolic links left out), relative, '/'-separated, sorted.
Result<std::vector<std::string>> ListFiles(const fs::path& dir) {
  std::vector<std::string> names;
  std::error_code ec;
  fs::recursive_directory_iterator it(dir, ec), end;
  if (ec) return Status::IOError("cannot read folder " + dir.string() + ": " + ec.message());
  for (; it != end; it.increment(ec)) {
    if (ec) return Status::IOError("cannot read folder " + dir.string() + ": " + ec.message());
    if (!fs::is_regular_file(it->symlink_status())) continue;
    names.push_back(fs::relative(it->path(), dir).generic_u8string());
  }
  if (ec) return Status::IOError("cannot read folder " + dir.string() + ": " + ec.message());
  std::sort(names.begin(), names.end());
  return names;
}

Status AddFile(zip_t* za, const std::string& name, const std::string& bytes) {
  zip_source_t* src = zip_source_buffer(za, bytes.data(), bytes.size(), 0);
  if (src == nullptr) return Status::IOError(std::string("zip: ") + zip_strerror(za));
  const zip_int64_t i = zip_file_add(za, name.c_str(), src, ZIP_FL_ENC_UTF_8);
  if (i < 0) {
    zip_source_free(src);
    return Status::IOError("zip: cannot add " + name + ": " + zip_strerror(za));
  }
  const auto idx = static_cast<zip_uint64_t>(i);
  if (zip_set_file_compression(za, idx, ZIP_CM_DEFLATE, 9) != 0 ||
      zip_file_set_dostime(za, idx, kDosTime, kDosDate, 0) != 0 ||
      zip_file_set_external_attributes(za, idx, 0, ZIP_OPSYS_UNIX, kFileMode << 16) != 0) {
    return Status::IOError("zip: cannot set up " + name + ": " + zip_strerror(za));
  }
  return Status::Ok();
}

// The bytes a (closed) buffer source holds.
Result<std::string> SourceBytes(zip_source_t* src) {
  std::string out;
  if (zip_source_open(src) != 0) return Status::IOError("zip: cannot read the archive back");
  char buf[64 * 1024];
  zip_int64_t n;
  while ((n = zip_source_read(src, buf, sizeof buf)) > 0) out.append(buf, static_cast<size_t>(n));
  zip_source_close(src);
  if (n < 0) return Status::IOError("zip: cannot read the archive back");
  return out;
}

}  // namespace

Status UnpackPackageZip(std::string_view zip_bytes, const fs::path& dir, const ZipLimits& limits) {
  std::error_code ec;
  if (!fs::is_directory(dir, ec) || !fs::is_empty(dir, ec)) {
    return Status::IOError("cannot unpack into " + dir.string() + ": not an empty folder");
  }
  if (zip_bytes.empty()) {
    return Status::InvalidArgument("the zip file is empty").WithReason("zip_empty");
  }
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* src = zip_source_buffer_create(zip_bytes.data(), zip_bytes.size(), 0, &error);
  if (src == nullptr) {
    zip_error_fini(&error);
    return Status::IOError("zip: out of memory");
  }
  // Not ZIP_CHECKCONS: it refuses the zips that macOS Archive Utility and
  // GNOME make (libzip issue #341). The limits below do not trust the headers.
  ZipPtr za(zip_open_from_source(src, ZIP_RDONLY, &error));
  if (!za) {
    zip_source_free(src);
    Status s = Status::InvalidArgument(std::string("not a zip file: ") + zip_error_strerror(&error))
                   .WithReason("zip_not_zip");
    zip_error_fini(&error);
    return s;
  }
  zip_error_fini(&error);
  auto files = PlanFiles(za.get(), limits);
  if (!files.ok()) return files.status();
  Status s = WriteFiles(za.get(), *files, dir, limits);
  if (!s.ok()) RemoveContents(dir);
  return s;
}

Result<std::string> PackPackageZip(const fs::path& dir) {
  auto names = ListFiles(dir);
  if (!names.ok()) return names.status();
  if (names->empty()) return Status::InvalidArgument("folder " + dir.string() + " holds no files");
  std::vector<std::string> contents(names->size());  // alive until zip_close reads them
  for (size_t i = 0; i < names->size(); ++i) {
    if (!IsValidUtf8((*names)[i]))
      return Status::InvalidArgument("file name is not UTF-8: " + Printable((*names)[i]));
    if (Status s = ReadWholeFile(dir / fs::u8path((*names)[i]), &contents[i]); !s.ok()) return s;
  }
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* src = zip_source_buffer_create(nullptr, 0, 0, &error);
  zip_t* za = src ? zip_open_from_source(src, ZIP_TRUNCATE, &error) : nullptr;
  if (za == nullptr) {
    if (src) zip_source_free(src);
    zip_error_fini(&error);
    return Status::IOError("zip: cannot create an archive in memory");
  }
  zip_error_fini(&error);
  zip_source_keep(src);  // ours after zip_close, to read the bytes back
  std::unique_ptr<zip_source_t, decltype(&zip_source_free)> keep(src, zip_source_free);
  for (size_t i = 0; i < names->size(); ++i) {
    if (Status s = AddFile(za, (*names)[i], contents[i]); !s.ok()) {
      zip_discard(za);
      return s;
    }
  }
  if (zip_close(za) != 0) {
    Status s = Status::IOError(std::string("zip: ") + zip_strerror(za));
    zip_discard(za);
    return s;
  }
  return SourceBytes(src);
}

}  // namespace lophoc::app
