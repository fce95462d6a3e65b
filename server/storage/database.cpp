#include "server/storage/database.h"

#include <sqlite3.h>

#include <atomic>
#include <cerrno>

#include "server/storage/migrations.h"

namespace lophoc::storage {
namespace {

std::atomic<uint64_t> g_busy_waits{0};
std::atomic<uint64_t> g_busy_retries{0};
std::atomic<uint64_t> g_busy_failures{0};
std::atomic<int> g_storage_trouble{static_cast<int>(StorageTrouble::kNone)};

// The storage trouble behind an error code, if any. SQLite reports a full
// disk as SQLITE_FULL, but some writes (the WAL index) as an I/O error whose
// errno is ENOSPC.
StorageTrouble TroubleOf(sqlite3* db, int code) {
  if ((code & 0xFF) == SQLITE_FULL) return StorageTrouble::kDiskFull;
  if ((code & 0xFF) == SQLITE_READONLY) return StorageTrouble::kReadOnly;
  if ((code & 0xFF) == SQLITE_IOERR) {
    const int err = sqlite3_system_errno(db);
    if (err == ENOSPC || err == EDQUOT) return StorageTrouble::kDiskFull;
    if (err == EROFS) return StorageTrouble::kReadOnly;
  }
  return StorageTrouble::kNone;
}

Status SqliteError(sqlite3* db, std::string_view what) {
  const int code = sqlite3_extended_errcode(db);
  std::string msg = std::string(what) + ": " + sqlite3_errmsg(db);
  if (const StorageTrouble t = TroubleOf(db, code); t != StorageTrouble::kNone) {
    g_storage_trouble.store(static_cast<int>(t), std::memory_order_relaxed);
    return StorageRefusal(t, msg);
  }
  if ((code & 0xFF) == SQLITE_CONSTRAINT) return Status::Conflict(msg);
  if ((code & 0xFF) == SQLITE_BUSY || (code & 0xFF) == SQLITE_LOCKED) {
    g_busy_failures.fetch_add(1, std::memory_order_relaxed);
    return Status::Unavailable(msg);
  }
  if ((code & 0xFF) == SQLITE_CORRUPT || (code & 0xFF) == SQLITE_NOTADB) {
    return Status::Corruption(msg);
  }
  return Status::IOError(msg);
}

// sqlite3_busy_timeout's own schedule (sqliteDefaultBusyCallback), counted:
// sleeps of 1, 2, 5, 10, 15, 20, 25, 25, 25, 50, 50 then 100 ms until
// kBusyTimeoutMs have passed. `count`: the times this statement was busy.
int CountingBusyHandler(void*, int count) {
  static constexpr int kDelays[] = {1, 2, 5, 10, 15, 20, 25, 25, 25, 50, 50, 100};
  static constexpr int kTotals[] = {0, 1, 3, 8, 18, 33, 53, 78, 103, 128, 178, 228};
  constexpr int kSteps = sizeof(kDelays) / sizeof(kDelays[0]);
  if (count == 0) g_busy_waits.fetch_add(1, std::memory_order_relaxed);
  int delay = count < kSteps ? kDelays[count] : kDelays[kSteps - 1];
  const int prior =
      count < kSteps ? kTotals[count] : kTotals[kSteps - 1] + delay * (count - (kSteps - 1));
  if (prior + delay > Connection::kBusyTimeoutMs) {
    delay = Connection::kBusyTimeoutMs - prior;
    if (delay <= 0) return 0;
  }
  g_busy_retries.fetch_add(1, std::memory_order_relaxed);
  sqlite3_sleep(delay);
  return 1;
}

}  // namespace

StorageTrouble LastStorageTrouble() {
  return static_cast<StorageTrouble>(g_storage_trouble.load(std::memory_order_relaxed));
}

Status StorageRefusal(StorageTrouble t, std::string_view detail) {
  if (t == StorageTrouble::kDiskFull) {
    return Status::Unavailable("the database's disk is full; nothing was written (" +
                               std::string(detail) + ")")
        .WithReason("storage_disk_full");
  }
  return Status::Unavailable("the database is read-only; nothing was written (" +
                             std::string(detail) + ")")
      .WithReason("storage_read_only");
}

BusyCounts BusyStats() {
  return {g_busy_waits.load(std::memory_order_relaxed),
          g_busy_retries.load(std::memory_order_relaxed),
          g_busy_failures.load(std::memory_order_relaxed)};
}

Statement::Statement(Statement&& other) noexcept
    : db_(other.db_),
      stmt_(other.stmt_),
      in_use_(other.in_use_),
      bind_error_(std::move(other.bind_error_)) {
  other.stmt_ = nullptr;
  other.in_use_ = nullptr;
}

Statement::~Statement() {
  if (stmt_ == nullptr) return;
  if (in_use_ != nullptr) {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
    *in_use_ = false;
  } else {
    sqlite3_finalize(stmt_);
  }
}

Statement& Statement::Bind(int index, int64_t value) {
  if (sqlite3_bind_int64(stmt_, index, value) != SQLITE_OK) bind_error_ = SqliteError(db_, "bind");
  return *this;
}

Statement& Statement::Bind(int index, double value) {
  if (sqlite3_bind_double(stmt_, index, value) != SQLITE_OK) bind_error_ = SqliteError(db_, "bind");
  return *this;
}

Statement& Statement::Bind(int index, std::string_view text) {
  if (sqlite3_bind_text64(stmt_, index, text.data(), text.size(), SQLITE_TRANSIENT,
                          SQLITE_UTF8) != SQLITE_OK) {
    bind_error_ = SqliteError(db_, "bind");
  }
  return *this;
}

Statement& Statement::BindBlob(int index, std::string_view bytes) {
  if (sqlite3_bind_blob64(stmt_, index, bytes.data(), bytes.size(), SQLITE_TRANSIENT) !=
      SQLITE_OK) {
    bind_error_ = SqliteError(db_, "bind");
  }
  return *this;
}

Statement& Statement::BindNull(int index) {
  if (sqlite3_bind_null(stmt_, index) != SQLITE_OK) bind_error_ = SqliteError(db_, "bind");
  return *this;
}

Result<bool> Statement::Step() {
  if (!bind_error_.ok()) return bind_error_;
  const int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  return SqliteError(db_, "step");
}

Status Statement::Run() {
  for (;;) {
    auto r = Step();
    if (!r.ok()) return r.status();
    if (!*r) return Status::Ok();
  }
}

int64_t Statement::ColumnInt(int col) const { return sqlite3_column_int64(stmt_, col); }
double Statement::ColumnDouble(int col) const { return sqlite3_column_double(stmt_, col); }

std::string Statement::ColumnText(int col) const {
  const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, col));
  return p == nullptr ? std::string() : std::string(p, sqlite3_column_bytes(stmt_, col));
}

std::string Statement::ColumnBlob(int col) const {
  const auto* p = static_cast<const char*>(sqlite3_column_blob(stmt_, col));
  return p == nullptr ? std::string() : std::string(p, sqlite3_column_bytes(stmt_, col));
}

bool Statement::ColumnIsNull(int col) const {
  return sqlite3_column_type(stmt_, col) == SQLITE_NULL;
}

Result<std::unique_ptr<Connection>> Connection::Open(const std::string& path, OpenMode mode) {
  sqlite3* db = nullptr;
  const int flags = mode == OpenMode::kReadOnly ? SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX
                    : mode == OpenMode::kReadWriteExisting
                        ? SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX
                        : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
  if (sqlite3_open_v2(path.c_str(), &db, flags, nullptr) != SQLITE_OK) {
    Status s = Status::IOError("cannot open database '" + path + "': " +
                               (db != nullptr ? sqlite3_errmsg(db) : "out of memory"));
    sqlite3_close(db);
    return s;
  }
  std::unique_ptr<Connection> conn(new Connection(db));
  sqlite3_busy_handler(db, CountingBusyHandler, nullptr);
  if (mode != OpenMode::kReadWrite) return conn;
  // FULL: in WAL mode each commit syncs the WAL before COMMIT returns, so an
  // acknowledged write survives a power loss, not only a crash of the process
  // (NORMAL syncs at checkpoints only). docs/operations.md, "Durability".
  Status s = conn->Exec("PRAGMA foreign_keys = ON; PRAGMA synchronous = FULL;");
  if (s.ok() && path != ":memory:") s = conn->Exec("PRAGMA journal_mode = WAL;");
  // 1 MiB of page cache per connection instead of SQLite's 2 MiB: a national
  // report reads the whole database through every pooled connection in turn,
  // and the caches then stay full (issue 17: resident memory under 64 MB).
  // The pages come back from the system's file cache when needed.
  if (s.ok()) s = conn->Exec("PRAGMA cache_size = -1024;");
  if (!s.ok()) return s;
  return conn;
}

Connection::~Connection() {
  for (auto& [sql, kept] : kept_) sqlite3_finalize(kept.stmt);
  sqlite3_close_v2(db_);
}

Result<Statement> Connection::Prepare(std::string_view sql) {
  const std::string key(sql);
  auto it = kept_.find(key);
  if (it != kept_.end() && !it->second.in_use) {
    it->second.in_use = true;
    return Statement(db_, it->second.stmt, &it->second.in_use);
  }
  const bool keep = it == kept_.end() && kept_.size() < kMaxKept;
  sqlite3_stmt* stmt = nullptr;
  if (sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()),
                         keep ? SQLITE_PREPARE_PERSISTENT : 0, &stmt, nullptr) != SQLITE_OK) {
    return SqliteError(db_, "prepare");
  }
  if (stmt == nullptr) return Status::InvalidArgument("prepare: no statement in the SQL text");
  if (!keep) return Statement(db_, stmt);
  Kept& k = kept_[key];  // unordered_map nodes are stable: &k.in_use stays valid
  k.stmt = stmt;
  k.in_use = true;
  return Statement(db_, stmt, &k.in_use);
}

Status Connection::Exec(std::string_view sql) {
  const std::string s(sql);
  char* err = nullptr;
  if (sqlite3_exec(db_, s.c_str(), nullptr, nullptr, &err) != SQLITE_OK) {
    Status st = SqliteError(db_, "exec");
    sqlite3_free(err);
    return st;
  }
  return Status::Ok();
}

namespace {

int AfterWalCommit(void* commits, sqlite3* db, const char* name, int pages) {
  static_cast<std::atomic<uint64_t>*>(commits)->fetch_add(1, std::memory_order_acq_rel);
  g_storage_trouble.store(static_cast<int>(StorageTrouble::kNone), std::memory_order_relaxed);
  // Setting a WAL hook replaces sqlite3_wal_autocheckpoint's: do its work.
  if (pages >= 1000) {
    sqlite3_wal_checkpoint_v2(db, name, SQLITE_CHECKPOINT_PASSIVE, nullptr, nullptr);
  }
  return SQLITE_OK;
}

int BeforeCommit(void* commits) {
  static_cast<std::atomic<uint64_t>*>(commits)->fetch_add(1, std::memory_order_acq_rel);
  return 0;  // go on with the commit
}

}  // namespace

void Connection::CountCommits(std::atomic<uint64_t>* commits) {
  const char* mode = sqlite3_db_filename(db_, "main");
  const bool wal = mode != nullptr && *mode != '\0' && [&] {
    auto st = Prepare("PRAGMA journal_mode");
    if (!st.ok()) return false;
    const auto row = st->Step();
    return row.ok() && *row && st->ColumnText(0) == "wal";
  }();
  if (wal) {
    sqlite3_wal_hook(db_, AfterWalCommit, commits);
  } else {
    sqlite3_commit_hook(db_, BeforeCommit, commits);
  }
}

bool Connection::OpenedReadOnly() const { return sqlite3_db_readonly(db_, "main") == 1; }

int64_t Connection::LastInsertId() const { return sqlite3_last_insert_rowid(db_); }
int Connection::Changes() const { return sqlite3_changes(db_); }

Transaction::Transaction(Connection& c) : conn_(c), begin_(c.Exec("BEGIN IMMEDIATE")) {}

Transaction::~Transaction() {
  if (!done_ && begin_.ok()) conn_.Exec("ROLLBACK");
}

Status Transaction::Commit() {
  if (!begin_.ok()) return begin_;
  done_ = true;
  Status s = conn_.Exec("COMMIT");
  if (!s.ok()) conn_.Exec("ROLLBACK");
  return s;
}

Database::Lease::~Lease() {
  if (conn_ != nullptr) db_->Release(std::move(conn_));
}

Result<std::unique_ptr<Database>> Database::Open(const std::string& path, int pool_size) {
  return Open(path, pool_size, AllMigrations());
}

Result<std::unique_ptr<Database>> Database::Open(const std::string& path, int pool_size,
                                                 const std::vector<Migration>& migrations) {
  std::unique_ptr<Database> db(new Database());
  db->path_ = path;
  if (path == ":memory:") pool_size = 1;
  for (int i = 0; i < std::max(pool_size, 1); ++i) {
    auto c = Connection::Open(path);
    if (!c.ok()) return c.status();
    if (i == 0) {
      auto upgraded = UpgradeDatabase(**c, path, migrations, std::chrono::system_clock::now());
      if (!upgraded.ok()) return upgraded.status();
      db->migration_backup_ = std::move(*upgraded);
    }
    (*c)->CountCommits(&db->commits_);
    db->free_.push_back(std::move(*c));
  }
  if (path != ":memory:") {
    auto watch = Connection::Open(path, OpenMode::kReadOnly);
    if (!watch.ok()) return watch.status();
    db->watch_ = std::move(*watch);
  }
  return db;
}

uint64_t Database::WriteGeneration() {
  std::lock_guard<std::mutex> lock(watch_mu_);
  if (watch_ != nullptr) {
    // Changes when any other connection, of any process, has committed
    // since the last time this connection asked.
    auto st = watch_->Prepare("PRAGMA data_version");
    int64_t version = -1;
    if (st.ok()) {
      const auto row = st->Step();
      if (row.ok() && *row) version = st->ColumnInt(0);
    }
    if (version != watch_version_ || version < 0) {
      watch_version_ = version;
      ++external_;
    }
  }
  return commits_.load(std::memory_order_acquire) + external_;
}

Database::Lease Database::Acquire() {
  std::unique_lock<std::mutex> lock(mu_);
  cv_.wait(lock, [this] { return !free_.empty(); });
  std::unique_ptr<Connection> c = std::move(free_.back());
  free_.pop_back();
  return Lease(this, std::move(c));
}

void Database::Release(std::unique_ptr<Connection> c) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    free_.push_back(std::move(c));
  }
  cv_.notify_one();
}

}  // namespace lophoc::storage
