#include "server/storage/stores.h"

#include "server/storage/activity_store_sqlite.h"
#include "server/storage/assignment_store_sqlite.h"
#include "server/storage/certification_store_sqlite.h"
#include "server/storage/course_store_sqlite.h"
#include "server/storage/database.h"
#include "server/storage/exemption_store_sqlite.h"
#include "server/storage/snapshot_store_sqlite.h"
#include "server/storage/learning_store_sqlite.h"
#include "server/storage/migrations.h"
#include "server/storage/org_change_store_sqlite.h"
#include "server/storage/people_stores_sqlite.h"
#include "server/storage/programme_store_sqlite.h"
#include "server/storage/reminder_store_sqlite.h"
#include "server/storage/report_store_sqlite.h"
#include "server/storage/target_store_sqlite.h"

namespace lophoc::storage {
namespace {

class SqliteStores : public Stores {
 public:
  explicit SqliteStores(std::unique_ptr<Database> db)
      : db_(std::move(db)),
        courses_(db_.get()),
        learning_(db_.get()),
        programmes_(db_.get()),
        certifications_(db_.get()),
        assignments_(db_.get()),
        exemptions_(db_.get()),
        snapshots_(db_.get()),
        reminders_(db_.get()),
        reports_(db_.get()),
        activity_(db_.get()),
        targets_(db_.get()),
        directory_(db_.get()),
        sessions_(db_.get()),
        kiosks_(db_.get()),
        audit_(db_.get()),
        visits_(db_.get()),
        org_changes_(db_.get()),
        people_{&directory_, &sessions_, &kiosks_, &audit_, &visits_} {}

  courses::CourseStore& courses() override { return courses_; }
  courses::LearningStore& learning() override { return learning_; }
  courses::ProgrammeStore& programmes() override { return programmes_; }
  assessments::AttemptStore& attempts() override { return learning_; }
  training::CertificationStore& certifications() override { return certifications_; }
  courses::AssignmentStore& assignments() override { return assignments_; }
  training::ExemptionStore& exemptions() override { return exemptions_; }
  training::SnapshotStore& snapshots() override { return snapshots_; }
  training::ReminderStore& reminders() override { return reminders_; }
  training::ReportStore& reports() override { return reports_; }
  training::ActivityStore& activity() override { return activity_; }
  training::TargetStore& targets() override { return targets_; }
  const people::PeopleStores& people() override { return people_; }
  people::OrgChangeStore& org_changes() override { return org_changes_; }
  Database* sqlite() override { return db_.get(); }
  std::optional<MigrationBackup> migration_backup() const override {
    return db_->migration_backup();
  }

  Status CheckWritable() override {
    auto conn = db_->Acquire();
    if (conn->OpenedReadOnly()) {
      return StorageRefusal(StorageTrouble::kReadOnly,
                            "opened read-only: make the file writable, then restart lophoc");
    }
    auto version = SchemaVersion(*conn);
    if (!version.ok()) return version.status();
    Transaction tx(*conn);  // rolled back when it goes: nothing is kept
    if (!tx.status().ok()) return tx.status();
    Status s = conn->Exec("PRAGMA user_version = " + std::to_string(*version));
    if (!s.ok()) return s;
    // Once a write has failed for want of space, only a write that lands
    // shows the disk takes writes again (rolled back, it wrote nothing): this
    // one commits the unchanged version, and clears the trouble when it lands.
    if (LastStorageTrouble() != StorageTrouble::kNone) return tx.Commit();
    return Status::Ok();
  }

  Status CheckSchema() override {
    auto conn = db_->Acquire();
    auto version = SchemaVersion(*conn);
    if (!version.ok()) return version.status();
    const int expected = AllMigrations().empty() ? 0 : AllMigrations().back().version;
    if (*version == expected) return Status::Ok();
    return Status::Conflict("schema version " + std::to_string(*version) + ", expected " +
                            std::to_string(expected));
  }

 private:
  std::unique_ptr<Database> db_;
  SqliteCourseStore courses_;
  SqliteLearningStore learning_;
  SqliteProgrammeStore programmes_;
  SqliteCertificationStore certifications_;
  SqliteAssignmentStore assignments_;
  SqliteExemptionStore exemptions_;
  SqliteSnapshotStore snapshots_;
  SqliteReminderStore reminders_;
  SqliteReportStore reports_;
  SqliteActivityStore activity_;
  SqliteTargetStore targets_;
  SqliteDirectoryStore directory_;
  SqliteSessionStore sessions_;
  SqliteKioskStore kiosks_;
  SqliteAuditStore audit_;
  SqliteVisitStore visits_;
  SqliteOrgChangeStore org_changes_;
  people::PeopleStores people_;
};

bool StartsWith(const std::string& s, const char* prefix) { return s.rfind(prefix, 0) == 0; }

}  // namespace

Result<std::unique_ptr<Stores>> OpenStores(const std::string& url_or_path,
                                           const StoreOptions& options) {
  if (StartsWith(url_or_path, "postgresql://") || StartsWith(url_or_path, "postgres://")) {
    return Status::Unsupported("PostgreSQL databases are not supported yet (" +
                               url_or_path.substr(0, url_or_path.find(':')) +
                               "://...): give a SQLite database file");
  }
  const std::string path =
      StartsWith(url_or_path, "sqlite:") ? url_or_path.substr(7) : url_or_path;
  LOPHOC_ASSIGN_OR_RETURN(std::unique_ptr<Database> db, Database::Open(path, options.connections));
  return std::unique_ptr<Stores>(new SqliteStores(std::move(db)));
}

}  // namespace lophoc::storage
