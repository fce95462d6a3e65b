// The one RAII wrapper around sqlite3: connections, prepared statements,
// transactions and a small connection pool. Only code in server/storage/
// includes this file.
//
// Thread safety: a Connection (and its Statements) is used by one thread at a
// time; Database hands connections out through Lease, which is thread-safe.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "kernel/status.h"
#include "server/storage/backup.h"

struct sqlite3;
struct sqlite3_stmt;

namespace lophoc::storage {

class Statement {
 public:
  // `in_use` non-null: the statement belongs to its connection's cache and
  // is reset and unbound (not finalized) on destruction, clearing *in_use.
  Statement(sqlite3* db, sqlite3_stmt* stmt, bool* in_use = nullptr)
      : db_(db), stmt_(stmt), in_use_(in_use) {}
  Statement(Statement&& other) noexcept;
  Statement& operator=(Statement&&) = delete;
  Statement(const Statement&) = delete;
  ~Statement();

  // Parameters are 1-based, as in SQLite. Text and blobs are copied.
  Statement& Bind(int index, int64_t value);
  Statement& Bind(int index, int value) { return Bind(index, static_cast<int64_t>(value)); }
  Statement& Bind(int index, double value);
  Statement& Bind(int index, std::string_view text);
  Statement& Bind(int index, const char* text) { return Bind(index, std::string_view(text)); }
  Statement& Bind(int index, const std::string& text) {
    return Bind(index, std::string_view(text));
  }
  Statement& BindBlob(int index, std::string_view bytes);
  Statement& BindNull(int index);
  template <typename T>
  Statement& Bind(int index, const std::optional<T>& v) {
    return v ? Bind(index, *v) : BindNull(index);
  }

  // Runs one step: Result true when a row is available, false when done.
  Result<bool> Step();
  // Steps to completion, expecting no rows.
  Status Run();

  int64_t ColumnInt(int col) const;
  double ColumnDouble(int col) const;
  std::string ColumnText(int col) const;
  std::string ColumnBlob(int col) const;
  bool ColumnIsNull(int col) const;

 private:
  sqlite3* db_;
  sqlite3_stmt* stmt_;
  bool* in_use_;
  Status bind_error_;
};

// How often statements found the database locked by another connection
// (SQLITE_BUSY), over every connection of the process since it started. A
// busy statement waits and retries for up to Connection::kBusyTimeoutMs (like
// sqlite3_busy_timeout), then fails with Unavailable. Lock-free; for metrics.
struct BusyCounts {
  uint64_t waits = 0;    // statements that had to wait at least once
  uint64_t retries = 0;  // retries after a wait
  // Statements that failed busy or locked: after waiting kBusyTimeoutMs, or
  // at once when waiting could not help (SQLite then skips the wait).
  uint64_t failures = 0;
};
BusyCounts BusyStats();

// Storage that refuses writes: its disk (or quota) is full, or the database
// file or its file system is read-only. A statement that fails so returns
// Unavailable with the reason "storage_disk_full" or "storage_read_only"
// (503 at the HTTP edge); reads go on working.
enum class StorageTrouble { kNone, kDiskFull, kReadOnly };
// The trouble the latest write that failed for one of these causes met, until
// a transaction commits again; kNone when none has since the process started.
// Process-wide (a server has one database), lock-free; for /readyz.
StorageTrouble LastStorageTrouble();
// The refusal for `t` (not kNone), with `detail` (SQLite's words) in its message.
Status StorageRefusal(StorageTrouble t, std::string_view detail);

struct Migration;

// How Connection::Open opens a file.
enum class OpenMode {
  // Creates the file when missing; WAL, foreign keys, a 5 s busy timeout.
  kReadWrite,
  // An existing file, read only, its journal mode untouched (backups and
  // restores inspect files with it without turning them into WAL databases).
  kReadOnly,
  // An existing file, read-write, no pragmas run (a restore locks the file
  // it replaces with it).
  kReadWriteExisting,
};

class Connection {
 public:
  static constexpr int kBusyTimeoutMs = 5000;

  // Opens the database file as `mode` says; ":memory:" is accepted.
  static Result<std::unique_ptr<Connection>> Open(const std::string& path,
                                                  OpenMode mode = OpenMode::kReadWrite);
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  // Prepared statements are kept per connection by SQL text and reused
  // (reset and unbound after each use), so a hot query is compiled once per
  // connection, not once per request. A text already in use on this
  // connection (nested use) gets a fresh, unkept statement.
  Result<Statement> Prepare(std::string_view sql);
  // Runs one or more statements without parameters (schema, pragmas).
  Status Exec(std::string_view sql);
  int64_t LastInsertId() const;
  int Changes() const;
  // Adds one to *commits after every transaction that wrote through this
  // connection, once the commit has landed (WAL) or just before it (other
  // journal modes, where no reader can run until it has landed). Keeps
  // SQLite's automatic checkpoint of the WAL (1000 pages). A commit that
  // lands also clears LastStorageTrouble().
  void CountCommits(std::atomic<uint64_t>* commits);
  // Whether SQLite opened the file read-only (the file could not be opened
  // for writing: immutable, or a read-only file system). Such a connection
  // stays read-only until the process opens the file again.
  bool OpenedReadOnly() const;

 private:
  struct Kept {
    sqlite3_stmt* stmt = nullptr;
    bool in_use = false;
  };
  static constexpr size_t kMaxKept = 128;  // distinct SQL texts kept per connection

  explicit Connection(sqlite3* db) : db_(db) {}
  sqlite3* db_;
  std::unordered_map<std::string, Kept> kept_;
};

// BEGIN IMMEDIATE on construction; rolls back on destruction unless Commit()ed.
class Transaction {
 public:
  explicit Transaction(Connection& c);
  ~Transaction();
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  const Status& status() const { return begin_; }
  Status Commit();

 private:
  Connection& conn_;
  Status begin_;
  bool done_ = false;
};

class Database {
 public:
  class Lease {
   public:
    Lease(Database* db, std::unique_ptr<Connection> c) : db_(db), conn_(std::move(c)) {}
    Lease(Lease&&) = default;
    ~Lease();
    Connection& operator*() { return *conn_; }
    Connection* operator->() { return conn_.get(); }

   private:
    Database* db_;
    std::unique_ptr<Connection> conn_;
  };

  // Opens `pool_size` connections (1 for ":memory:"), applies pending
  // migrations, and refuses a database whose schema is newer than this binary.
  // A file that already held an older lophoc schema is first backed up next
  // to itself (UpgradeDatabase in server/storage/migrations.h).
  static Result<std::unique_ptr<Database>> Open(const std::string& path, int pool_size);
  // The same with `migrations` instead of AllMigrations() (tests of upgrades).
  static Result<std::unique_ptr<Database>> Open(const std::string& path, int pool_size,
                                                const std::vector<Migration>& migrations);

  // Blocks until a connection is free.
  Lease Acquire();
  const std::string& path() const { return path_; }
  // The backup made before this Open migrated the file, if it made one.
  const std::optional<MigrationBackup>& migration_backup() const { return migration_backup_; }

  // A number that changes whenever a transaction that wrote to the database
  // has committed since it was last read: in this process (counted as each
  // commit lands) or in another one (seen through PRAGMA data_version).
  // Read it BEFORE reading the rows a cache keeps: rows read after a call
  // that returned g are at least as new as every commit counted in g, so a
  // cached value tagged with g is current while WriteGeneration() == g.
  // Thread-safe; takes a mutex and runs one pragma.
  uint64_t WriteGeneration();

 private:
  friend class Lease;
  void Release(std::unique_ptr<Connection> c);

  std::string path_;
  std::optional<MigrationBackup> migration_backup_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::vector<std::unique_ptr<Connection>> free_;
  std::atomic<uint64_t> commits_{0};  // this process's commits (Connection::CountCommits)
  std::mutex watch_mu_;
  std::unique_ptr<Connection> watch_;  // asks data_version only; null for ":memory:"
  int64_t watch_version_ = -1;
  uint64_t external_ = 0;  // changes of watch_'s data_version seen
};

// What every SQLite store is built on: the database whose pool each call
// takes its connection from. Stores inherit it privately and its constructor
// with `using SqliteStore::SqliteStore`.
class SqliteStore {
 public:
  explicit SqliteStore(Database* db) : db_(db) {}

 protected:
  Database* db_;  // not owned
};

}  // namespace lophoc::storage
