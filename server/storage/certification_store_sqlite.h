// SQLite implementation of training::CertificationStore (schema:
// migrations/0010, 0013). Thread-safe: every call takes its own pooled connection.
#pragma once

#include "server/storage/database.h"
#include "training/certification_store.h"

namespace lophoc::storage {

class SqliteCertificationStore : public training::CertificationStore, private SqliteStore {
 public:
  using SqliteStore::SqliteStore;

  Result<std::vector<training::CertificationRecord>> CertificationsOf(
      int64_t user_id, const std::string& programme) override;
  Result<std::vector<training::CourseCompletion>> CourseCompletionsOf(int64_t user_id) override;
  Result<training::CertificationRecord> RecordCertification(
      const training::CertificationRecord& c) override;
  Result<std::vector<training::CertificationRecord>> CertificationsOfProgramme(
      const std::string& programme) override;
  Status RecordRedatings(const std::string& programme,
                         const std::vector<training::Redating>& redatings) override;
  Result<std::vector<training::StaffMember>> StaffMembers() override;
  Result<std::vector<training::CertificationRecord>> AllCertificationsOf(
      int64_t user_id) override;
  Result<training::CertificationRecord> FindCertification(int64_t id) override;
  Result<int64_t> CountCertifications() override;
  Status RecordPriorLearning(const training::PriorLearning& p,
                             const training::ChangedBy& by) override;
  Result<training::CertificationRecord> Revoke(int64_t id, LocalDate on,
                                               const std::string& reason,
                                               const training::ChangedBy& by) override;
};

}  // namespace lophoc::storage
