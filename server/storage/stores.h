// OpenStores: the one place that opens a database and builds every store
// over it. The server, every CLI command and the tests get their stores
// here and see them only through the domain interfaces; the engine is
// chosen here and nowhere else.
//
// Thread-safety: the stores are thread-safe (see each interface); Stores
// itself is immutable after OpenStores and must outlive every user of the
// stores it hands out.
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "assessments/attempt_store.h"
#include "courses/assignment_store.h"
#include "courses/course_store.h"
#include "courses/learning_store.h"
#include "courses/programme_store.h"
#include "kernel/status.h"
#include "people/org_change_store.h"
#include "people/people_store.h"
#include "server/storage/backup.h"
#include "training/activity_store.h"
#include "training/certification_store.h"
#include "training/exemption_store.h"
#include "training/snapshot_store.h"
#include "training/reminder_store.h"
#include "training/report_store.h"
#include "training/target_store.h"

namespace lophoc::storage {

class Database;

struct StoreOptions {
  // Connections kept open: one per thread that may use the stores at once
  // (a ":memory:" database always has one).
  int connections = 1;
};

// Every store over one database, owned together.
class Stores {
 public:
  virtual ~Stores() = default;

  virtual courses::CourseStore& courses() = 0;
  virtual courses::LearningStore& learning() = 0;
  virtual courses::ProgrammeStore& programmes() = 0;
  virtual assessments::AttemptStore& attempts() = 0;
  virtual training::CertificationStore& certifications() = 0;
  virtual courses::AssignmentStore& assignments() = 0;
  virtual training::ExemptionStore& exemptions() = 0;
  virtual training::SnapshotStore& snapshots() = 0;
  virtual training::ReminderStore& reminders() = 0;
  virtual training::ReportStore& reports() = 0;  // bulk reads as of a day
  // The aggregates of the growth and sites-operating reports (docs/growth.md).
  virtual training::ActivityStore& activity() = 0;
  virtual training::TargetStore& targets() = 0;
  // Every pointer set.
  virtual const people::PeopleStores& people() = 0;
  // Dated changes of the org tree, its sites and people (docs/org-history.md).
  virtual people::OrgChangeStore& org_changes() = 0;

  // For /readyz. Whether the database takes a write now: the write lock is
  // taken, a write is made and rolled back (IOError or Unavailable when not;
  // Unavailable with the reason storage_read_only or storage_disk_full when
  // the file is read-only or its disk full). After a write failed so, the
  // write is committed instead (database.h, LastStorageTrouble).
  virtual Status CheckWritable() = 0;
  // Whether the schema is the one this binary migrates to (Conflict when not).
  virtual Status CheckSchema() = 0;

  // The SQLite database underneath, for tests that read rows directly;
  // nullptr on another engine.
  virtual Database* sqlite() { return nullptr; }
  // The copy of the database made before OpenStores migrated it, if it made one.
  virtual std::optional<MigrationBackup> migration_backup() const { return std::nullopt; }
};

// Opens the database named by `url_or_path` and builds the stores:
//   a file path, "sqlite:PATH" or ":memory:"  SQLite (created when missing;
//                                            pending migrations applied)
//   "postgresql://..." or "postgres://..."   Unsupported for now
// Errors: Unsupported (another engine), IOError (cannot open), Corruption
// (not a database), Conflict (a schema newer than this binary).
Result<std::unique_ptr<Stores>> OpenStores(const std::string& url_or_path,
                                           const StoreOptions& options = {});

}  // namespace lophoc::storage
