// SQLite implementation of courses::CourseStore (schema: migrations/0001).
// Thread-safe: every call takes its own pooled connection.
#pragma once

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
  Result<int64_t> ContentGeneration() override;
  Result<std::vector<courses::SearchRow>> Search(const std::string& fts_query, int limit) override;
  Status Ping() override;
};

// Who authors `slug`, read on `conn`. NotFound for an unknown course.
Result<courses::CourseAuthoring> CourseAuthoringOf(Connection& conn, const std::string& slug);

// The JSON kept in course_revisions.changes (migration 0005), and back; an
// unreadable value reads as "nothing known".
std::string RevisionChangesJson(const courses::RevisionChanges& c);
courses::RevisionChanges ParseRevisionChanges(const std::string& json);

}  // namespace lophoc::storage
