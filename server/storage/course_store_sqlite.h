// SQLite implementation of courses::CourseStore (schema: migrations/0001).
// Thread-safe: every call takes its own pooled connection.
#pragma once

#include <atomic>

#include "courses/course_store.h"
#include "server/storage/database.h"

namespace lophoc::storage {

class SqliteCourseStore : public courses::CourseStore, private SqliteStore {
 public:
  using SqliteStore::SqliteStore;

  Result<courses::SaveResult> SaveRevision(const courses::CoursePackage& pkg,
                                           const std::string& content_hash,
                                           const std::vector<std::string>& file_hashes,
                                           const std::vector<courses::SearchDocument>& search_docs,
                                           const courses::RevisionMeta& meta) override;
  Result<std::vector<courses::StoredCourse>> LoadCurrentCourses() override;
  Result<courses::StoredCourse> LoadCourseWithFiles(const std::string& slug) override;
  Result<courses::StoredFile> LoadFile(const std::string& slug, const std::string& path) override;
  // Authoring reads and publication: course_store_sqlite_authoring.cpp.
  Result<courses::StoredFile> LoadDraftFile(const std::string& slug,
                                            const std::string& path) override;
  Result<std::vector<courses::CourseListing>> ListAllCourses() override;
  Result<std::vector<courses::RevisionInfo>> ListRevisions(const std::string& slug) override;
  Status SetPublished(const std::string& slug, bool published,
                      const people::AuditEntry& audit) override;
  Result<courses::CourseAuthoring> LoadCourseAuthoring(const std::string& slug) override;
  Status SetCourseOwner(const std::string& slug, const std::string& owner_code,
                        const people::AuditEntry& audit) override;
  Status SetCourseAuthors(const std::string& slug, const std::vector<int64_t>& user_ids,
                          const people::AuditEntry& audit) override;
  // Read from the database at most every kGenerationRecheck; a change this
  // store commits is seen at once, one another process commits (`lophoc
  // import` beside a running server) within kGenerationRecheck. Every cached
  // page asks for it: reading it from SQLite each time cost a tenth of a
  // cached lesson page's time (issue 17).
  Result<int64_t> ContentGeneration() override;
  Result<std::vector<courses::SearchRow>> Search(const std::string& fts_query, int limit) override;
  Status Ping() override;

  static constexpr int64_t kGenerationRecheckNs = 250'000'000;

 private:
  // After each commit of ours that may change the generation.
  void ForgetGeneration() { own_commits_.fetch_add(1, std::memory_order_acq_rel); }

  std::atomic<uint64_t> own_commits_{0};
  // The last value read, when (steady clock; 0 = never) and after how many of
  // our commits: a commit during the read makes the next call read again.
  std::atomic<int64_t> generation_{0};
  std::atomic<uint64_t> generation_read_after_{0};
  std::atomic<int64_t> generation_read_at_ns_{0};
};

// Who authors `slug`, read on `conn`. NotFound for an unknown course.
Result<courses::CourseAuthoring> CourseAuthoringOf(Connection& conn, const std::string& slug);

// The JSON kept in course_revisions.changes (migration 0005), and back; an
// unreadable value reads as "nothing known".
std::string RevisionChangesJson(const courses::RevisionChanges& c);
courses::RevisionChanges ParseRevisionChanges(const std::string& json);

}  // namespace lophoc::storage
