// SQLite implementation of courses::CourseStore (schema: migrations/0001).
// Thread-safe: every call takes its own pooled connection.
#pragma once

#include "courses/course_store.h"
#include "server/storage/database.h"

namespace lophoc::storage {

class SqliteCourseStore : public courses::CourseStore {
 public:
  explicit SqliteCourseStore(Database* db) : db_(db) {}

  Result<courses::SaveResult> SaveRevision(const courses::CoursePackage& pkg,
                                           const std::string& content_hash,
                                           const std::vector<std::string>& file_hashes,
                                           const std::vector<courses::SearchDocument>& search_docs,
                                           const std::string& source,
                                           const std::string& now) override;
  Result<std::vector<courses::StoredCourse>> LoadCurrentCourses() override;
  Result<courses::StoredCourse> LoadCourseWithFiles(const std::string& slug) override;
  Result<courses::StoredFile> LoadFile(const std::string& slug, const std::string& path) override;
  Result<int64_t> ContentGeneration() override;
  Result<std::vector<courses::SearchRow>> Search(const std::string& fts_query, int limit) override;
  Status Ping() override;

 private:
  Database* db_;  // not owned
};

}  // namespace lophoc::storage
