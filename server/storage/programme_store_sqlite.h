// SQLite implementation of courses::ProgrammeStore (schema: migrations/0009).
// Thread-safe: every call takes its own pooled connection.
#pragma once

#include "courses/programme_store.h"
#include "server/storage/database.h"

namespace lophoc::storage {

class SqliteProgrammeStore : public courses::ProgrammeStore, private SqliteStore {
 public:
  using SqliteStore::SqliteStore;

  Result<courses::SaveResult> SaveProgramme(const courses::Programme& p,
                                            const std::string& content_hash,
                                            const courses::ProgrammeRevisionMeta& meta) override;
  Result<std::vector<courses::StoredProgramme>> ListProgrammes() override;
  Result<courses::StoredProgramme> LoadProgramme(const std::string& slug) override;
  Result<std::optional<std::string>> LastHashFrom(const std::string& slug,
                                                  const std::string& source) override;
  Status SetRetired(const std::string& slug, const std::optional<std::string>& retired_at) override;
};

}  // namespace lophoc::storage
