// SqliteActivityStore: training::ActivityStore over the aggregates of
// migration 0019 and the version tables of 0017. Every query reads an index
// range (see docs/growth.md, "Speed", for the query plans); none reads `visits`.
#pragma once

#include "server/storage/database.h"
#include "training/activity_store.h"

namespace lophoc::storage {

class SqliteActivityStore : public training::ActivityStore, private SqliteStore {
 public:
  using SqliteStore::SqliteStore;

  Result<std::vector<training::UnitNow>> Units() override;
  Result<std::vector<training::SitePlacedOn>> SitesOn(const std::string& day) override;
  Result<std::map<int64_t, int64_t>> VisitsBySite(const std::string& from,
                                                  const std::string& to) override;
  Result<std::map<int64_t, int64_t>> LearnersBySite(int year) override;
  Result<std::map<int64_t, std::string>> LessonDaysBySite(const std::string& from,
                                                          const std::string& to) override;
  Result<std::string> LastLessonDay(int64_t site_id, const std::string& to) override;
  Result<std::vector<training::ActivityTarget>> Targets() override;
};

}  // namespace lophoc::storage
