#include "server/storage/backup.h"

#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>

#include "kernel/calendar.h"
#include "server/storage/database.h"
#include "server/storage/migrations.h"

namespace lophoc::storage {
namespace {

namespace fs = std::filesystem;

// Copies are made with VACUUM INTO rather than the online backup API
// (sqlite3_backup_step). In WAL mode VACUUM INTO reads the whole database in
// one read transaction: a consistent snapshot that never blocks writers (WAL
// readers do not), and that finishes however busy the server is. The backup
// API stepped in chunks restarts from the first page whenever another
// connection writes between two steps, so under steady quiz submissions it
// may never finish; stepped in one go it is the same single read transaction
// as VACUUM INTO without the compaction. VACUUM INTO also writes a file in
// rollback-journal mode that stands alone (no -wal beside it). It does not
// fsync its output: SyncFile does.

// The lophoc tables every schema since version 1 (and 2) has.
constexpr const char* kTablesOfVersion1 =
    "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name IN "
    "('courses', 'course_revisions', 'lessons')";
constexpr const char* kTablesOfVersion2 =
    "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name IN "
    "('org_units', 'users', 'audit_log')";

std::string Errno(const std::string& what, const std::string& path) {
  return what + " '" + path + "': " + std::strerror(errno);
}

Status SyncPath(const std::string& path, bool directory) {
  const int fd = ::open(path.c_str(), (directory ? O_DIRECTORY : 0) | O_RDONLY | O_CLOEXEC);
  if (fd < 0) return Status::IOError(Errno("cannot open", path));
  const int rc = ::fsync(fd);
  Status s = rc == 0 ? Status::Ok() : Status::IOError(Errno("cannot fsync", path));
  ::close(fd);
  return s;
}

std::string ParentOf(const std::string& path) {
  const fs::path parent = fs::path(path).parent_path();
  return parent.empty() ? "." : parent.string();
}

// A fresh, empty file next to `target` ("<target>.partial-XXXXXX"), so
// that the final rename stays on one file system.
Result<std::string> TemporaryNextTo(const std::string& target, const char* what) {
  std::string name = target + "." + what + "-XXXXXX";
  const int fd = ::mkstemp(name.data());
  if (fd < 0) return Status::IOError(Errno("cannot create a temporary file next to", target));
  ::close(fd);
  return name;
}

// Removes a file at scope exit unless released.
class RemoveUnlessKept {
 public:
  explicit RemoveUnlessKept(std::string path) : path_(std::move(path)) {}
  ~RemoveUnlessKept() {
    if (!path_.empty()) std::remove(path_.c_str());
  }
  void Keep() { path_.clear(); }

 private:
  std::string path_;
};

Result<int64_t> CountOf(Connection& conn, const char* sql) {
  auto st = conn.Prepare(sql);
  if (!st.ok()) return st.status();
  auto row = st->Step();
  if (!row.ok()) return row.status();
  return st->ColumnInt(0);
}

int NewestVersion() { return AllMigrations().empty() ? 0 : AllMigrations().back().version; }

// Refuses a schema version this binary cannot serve, naming `path`.
Status CheckVersion(const std::string& path, int version, bool has_tables) {
  if (version == 0 || !has_tables) {
    return Status::InvalidArgument("'" + path + "' is a SQLite database but not a lophoc one " +
                                   "(schema version " + std::to_string(version) +
                                   (has_tables ? ")" : ", no lophoc tables)"));
  }
  if (version > NewestVersion()) {
    return Status::Conflict("'" + path + "' has schema version " + std::to_string(version) +
                            ", newer than this lophoc knows (" + std::to_string(NewestVersion()) +
                            "): use a newer lophoc with it");
  }
  return Status::Ok();
}

// The first row of PRAGMA integrity_check when it is not "ok".
Status CheckIntegrity(Connection& conn, const std::string& path) {
  auto st = conn.Prepare("PRAGMA integrity_check(1)");
  Result<bool> row = st.ok() ? st->Step() : Result<bool>(st.status());
  if (!row.ok()) {
    return Status::Corruption("'" + path + "' is not a readable SQLite database (" +
                              row.status().message() + ")");
  }
  const std::string verdict = *row ? st->ColumnText(0) : "";
  if (verdict != "ok") {
    return Status::Corruption("'" + path + "' is damaged: integrity_check says \"" + verdict +
                              "\"");
  }
  return Status::Ok();
}

// Moves `from` (and its -wal and -shm files, when present) to `to`.
Status MoveWithCompanions(const std::string& from, const std::string& to) {
  for (const char* suffix : {"", "-wal", "-shm"}) {
    const std::string a = from + suffix;
    std::error_code ec;
    if (*suffix != '\0' && !fs::exists(a, ec)) continue;
    if (std::rename(a.c_str(), (to + suffix).c_str()) != 0) {
      return Status::IOError(Errno("cannot move", a));
    }
  }
  return Status::Ok();
}

// Gives `file` the owner and permissions of `like`, so that a restore run as
// root leaves a database the service's user can still open. Changing the
// owner is only tried when it differs (only root may).
Status TakeOwnerAndMode(const std::string& file, const std::string& like) {
  struct stat want;
  struct stat have;
  if (::stat(like.c_str(), &want) != 0) return Status::IOError(Errno("cannot stat", like));
  if (::stat(file.c_str(), &have) != 0) return Status::IOError(Errno("cannot stat", file));
  if ((have.st_uid != want.st_uid || have.st_gid != want.st_gid) &&
      ::chown(file.c_str(), want.st_uid, want.st_gid) != 0) {
    return Status::IOError(Errno("cannot give the restored copy the owner of", like));
  }
  if (::chmod(file.c_str(), want.st_mode & 07777) != 0) {
    return Status::IOError(Errno("cannot give the restored copy the permissions of", like));
  }
  return Status::Ok();
}

// Locks the database at `path` exclusively, refusing (Conflict) when another
// connection has it open: a WAL connection holds a shared lock on the file
// for as long as it is open, so a running server is seen even when idle.
Result<std::unique_ptr<Connection>> LockExclusively(const std::string& path) {
  auto conn = Connection::Open(path, OpenMode::kReadWriteExisting);
  if (!conn.ok()) return conn.status();
  Status s = (*conn)->Exec("PRAGMA busy_timeout = 0; PRAGMA locking_mode = EXCLUSIVE;");
  if (s.ok()) s = (*conn)->Exec("BEGIN EXCLUSIVE");
  if (s.code() == StatusCode::kUnavailable) {
    return Status::Conflict("'" + path +
                            "' is in use by another process (is lophoc serve running?): stop it "
                            "before restoring");
  }
  if (s.ok()) s = (*conn)->Exec("COMMIT");  // the lock stays: locking_mode is EXCLUSIVE
  if (!s.ok()) return s;
  return std::move(*conn);
}

}  // namespace

std::string BackupStamp(std::chrono::system_clock::time_point t, bool with_dash) {
  const LocalDateTime l = ToLocal(t);
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d%02d%02d%s%02d%02d%02d", l.date.year, l.date.month,
                l.date.day, with_dash ? "-" : "", l.hour, l.minute, l.second);
  return buf;
}

Result<int> VerifyDatabaseFile(const std::string& path) {
  std::error_code ec;
  if (!fs::is_regular_file(path, ec)) return Status::NotFound("no database file at '" + path + "'");
  auto conn = Connection::Open(path, OpenMode::kReadOnly);
  if (!conn.ok()) return conn.status();
  LOPHOC_RETURN_IF_ERROR(CheckIntegrity(**conn, path));
  auto version = SchemaVersion(**conn);
  if (!version.ok()) return version.status();
  auto v1 = CountOf(**conn, kTablesOfVersion1);
  if (!v1.ok()) return v1.status();
  bool has_tables = *v1 == 3;
  if (has_tables && *version >= 2) {
    auto v2 = CountOf(**conn, kTablesOfVersion2);
    if (!v2.ok()) return v2.status();
    has_tables = *v2 == 3;
  }
  LOPHOC_RETURN_IF_ERROR(CheckVersion(path, *version, has_tables));
  return *version;
}

Result<BackupCopy> BackupFromConnection(Connection& source, const std::string& dest, bool overwrite,
                                        int expected_version) {
  const auto started = std::chrono::steady_clock::now();
  std::error_code ec;
  if (!overwrite && fs::exists(dest, ec)) {
    return Status::AlreadyExists("'" + dest + "' already exists (not overwritten)");
  }
  LOPHOC_ASSIGN_OR_RETURN(std::string temp, TemporaryNextTo(dest, "partial"));
  RemoveUnlessKept cleanup(temp);
  {
    auto vacuum = source.Prepare("VACUUM INTO ?1");
    if (!vacuum.ok()) return vacuum.status();
    Status s = vacuum->Bind(1, temp).Run();
    if (!s.ok()) return Status::IOError("copying the database failed: " + s.message());
  }
  LOPHOC_RETURN_IF_ERROR(SyncPath(temp, false));
  auto version = VerifyDatabaseFile(temp);
  if (!version.ok()) {
    return Status::Corruption("the copy failed verification: " + version.status().message());
  }
  if (*version != expected_version) {
    return Status::Corruption("the copy has schema version " + std::to_string(*version) + ", not " +
                              std::to_string(expected_version));
  }
  if (overwrite) {
    if (std::rename(temp.c_str(), dest.c_str()) != 0) {
      return Status::IOError(Errno("cannot rename the copy to", dest));
    }
  } else {
    // link() gives the name only if nobody took it meanwhile (rename would replace).
    if (::link(temp.c_str(), dest.c_str()) != 0) {
      if (errno == EEXIST) {
        return Status::AlreadyExists("'" + dest + "' already exists (not overwritten)");
      }
      return Status::IOError(Errno("cannot name the copy", dest));
    }
    std::remove(temp.c_str());
  }
  cleanup.Keep();
  LOPHOC_RETURN_IF_ERROR(SyncPath(ParentOf(dest), true));
  BackupCopy out;
  out.file = dest;
  out.bytes = fs::file_size(dest, ec);
  out.schema_version = *version;
  out.duration = std::chrono::duration_cast<std::chrono::milliseconds>(
      std::chrono::steady_clock::now() - started);
  return out;
}

Result<BackupCopy> BackupDatabase(const std::string& db_path, const std::string& dest,
                                  bool overwrite) {
  std::error_code ec;
  if (!fs::is_regular_file(db_path, ec)) {
    return Status::NotFound("no database file at '" + db_path + "'");
  }
  // Read-only: the source's journal mode stays as it is, and the copy cannot write to it.
  LOPHOC_ASSIGN_OR_RETURN(std::unique_ptr<Connection> source,
                          Connection::Open(db_path, OpenMode::kReadOnly));
  LOPHOC_ASSIGN_OR_RETURN(int version, SchemaVersion(*source));
  auto tables = CountOf(*source, kTablesOfVersion1);
  if (!tables.ok()) {
    return Status::Corruption("'" + db_path + "' is not a readable SQLite database (" +
                              tables.status().message() + ")");
  }
  LOPHOC_RETURN_IF_ERROR(CheckVersion(db_path, version, *tables == 3));
  return BackupFromConnection(*source, dest, overwrite, version);
}

Result<RestoreReport> RestoreDatabase(const std::string& src, const std::string& db_path,
                                      std::chrono::system_clock::time_point now) {
  LOPHOC_ASSIGN_OR_RETURN(int version, VerifyDatabaseFile(src));
  std::error_code ec;
  const bool replacing = fs::exists(db_path, ec);
  std::unique_ptr<Connection> lock;
  RestoreReport out;
  out.database = db_path;
  if (replacing) {
    if (!fs::is_regular_file(db_path, ec)) {
      return Status::InvalidArgument("'" + db_path + "' is not a file");
    }
    if (fs::equivalent(src, db_path, ec)) {
      return Status::InvalidArgument("'" + src + "' is the database itself");
    }
    out.set_aside = db_path + ".before-restore-" + BackupStamp(now, true);
    if (fs::exists(out.set_aside, ec)) {
      return Status::AlreadyExists("'" + out.set_aside + "' already exists: try again in a second");
    }
    LOPHOC_ASSIGN_OR_RETURN(lock, LockExclusively(db_path));
  }
  // The copy is made and verified before the current database is touched.
  LOPHOC_ASSIGN_OR_RETURN(std::string temp, TemporaryNextTo(db_path, "restoring"));
  RemoveUnlessKept cleanup(temp);
  std::remove(temp.c_str());  // BackupFromConnection makes its own temporary file
  {
    LOPHOC_ASSIGN_OR_RETURN(std::unique_ptr<Connection> from,
                            Connection::Open(src, OpenMode::kReadOnly));
    LOPHOC_ASSIGN_OR_RETURN(BackupCopy copy, BackupFromConnection(*from, temp, false, version));
    out.bytes = copy.bytes;
  }
  if (replacing) LOPHOC_RETURN_IF_ERROR(TakeOwnerAndMode(temp, db_path));
  if (lock != nullptr) {
    // Everything in the WAL goes into the file set aside, then the last
    // connection closes (deleting the WAL).
    LOPHOC_RETURN_IF_ERROR(lock->Exec("PRAGMA wal_checkpoint(TRUNCATE)"));
    lock.reset();
    LOPHOC_RETURN_IF_ERROR(MoveWithCompanions(db_path, out.set_aside));
  }
  if (std::rename(temp.c_str(), db_path.c_str()) != 0) {
    return Status::IOError(Errno("cannot rename the restored copy to", db_path) +
                           (replacing ? "; the previous database is '" + out.set_aside + "'" : ""));
  }
  cleanup.Keep();
  LOPHOC_RETURN_IF_ERROR(SyncPath(ParentOf(db_path), true));
  auto restored = VerifyDatabaseFile(db_path);
  if (!restored.ok()) {
    return Status::Corruption("the restored database failed verification: " +
                              restored.status().message());
  }
  out.schema_version = *restored;
  return out;
}

}  // namespace lophoc::storage
