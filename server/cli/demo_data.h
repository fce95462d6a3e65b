// lophoc demo-data (docs/demo-data.md): a national, deterministic dataset
// for evaluating lophoc and for the report benchmarks (bench/reports).
// Internal to server/cli.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "kernel/status.h"

namespace lophoc::storage {
class Database;
}  // namespace lophoc::storage

namespace lophoc::cli::demo {

struct OldProvince {
  int code;          // the administrative code: P-01 ... P-96
  std::string name;  // "Tỉnh Kon Tum"
};

// A province from 01/07/2025. A merged one is a new unit (`code` T-NN) that
// old provinces were merged into; one not merged (code empty) is its only
// member, kept as it was.
struct NewProvince {
  std::string code;
  std::string name;
  std::vector<int> members;                // old province codes
  std::vector<std::string> special_zones;  // its đặc khu, by name
};

const std::vector<OldProvince>& OldProvinces();
const std::vector<NewProvince>& NewProvinces();
const std::vector<std::string>& NameSyllables();
const std::vector<std::string>& FamilyNames();
const std::vector<std::string>& MiddleNames();
const std::vector<std::string>& GivenNames();

struct Options {
  uint64_t seed = 1;
  double scale = 1.0;         // 1: the national figures; 0.01 for tests
  int today = 0;              // the last day of history, as days since 1970-01-01
  std::string password_hash;  // the one argon2id string every demo account gets
  // Called between steps with the share done (0..1) and what runs now.
  std::function<void(double, const std::string&)> progress;
};

// What was generated, for the summary line.
struct Counts {
  int64_t provinces_before = 0, provinces_after = 0, districts = 0, communes_before = 0,
          communes_after = 0, sites = 0, kiosks = 0, staff = 0, citizens = 0, org_changes = 0,
          assignments = 0, enrolments = 0, lesson_progress = 0, attempts = 0, completions = 0,
          certifications = 0, visit_days = 0, visits = 0, learner_years = 0, targets = 0;
};

// Fills `db` (fresh: no accounts, no org units; the bundled content already
// imported) from the options. One connection; big transactions.
Result<Counts> Generate(storage::Database& db, const Options& options);

// Days since 1970-01-01 <-> 'YYYY-MM-DD'.
int DayNumber(int y, int m, int d);
std::string DayText(int day);
// The same day of the month `months` later (clamped to the month's end).
int AddMonths(int day, int months);

}  // namespace lophoc::cli::demo
