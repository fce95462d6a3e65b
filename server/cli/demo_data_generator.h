// What the parts of the lophoc demo-data generator share (docs/demo-data.md):
// the calendar and text helpers, the seeded draws, the rows kept in memory
// while the map is built, and the Generator class whose phases live in
// demo_data.cpp (the run), demo_data_map.cpp, demo_data_accounts.cpp,
// demo_data_learning.cpp and demo_data_visits.cpp. Internal to server/cli.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <map>
#include <optional>
#include <random>
#include <set>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include "server/cli/demo_data.h"
#include "server/storage/database.h"
#include "server/storage/statements.h"

namespace lophoc::cli::demo {

using storage::Connection;
using storage::Execute;
using OptId = std::optional<int64_t>;
using OptText = std::optional<std::string>;

// Day number -> year, month, day (H. Hinnant's civil_from_days).
void Civil(int z, int& y, int& m, int& d);
int YearOf(int day);
// A UTC instant as text: local day `day` at `seconds` after local midnight
// (Vietnam is UTC+7, no daylight saving).
std::string Instant(int day, int seconds);
// A placement "from day X": X's local midnight.
std::string FromDay(int day);
// `prefix` and `n` with zeros to `width` digits: Code("S-", 7, 5) is "S-00007".
std::string Code(const char* prefix, int64_t n, int width);
// "Tỉnh Kon Tum" -> "tỉnh Kon Tum" (inside a longer name).
std::string Inner(const std::string& name);
std::string JsonText(const std::string& s);  // our names hold no quotes or backslashes
// Site type -> the staff category of the people who work there.
const std::map<std::string, std::string>& CategoryOf();

class Draw {
 public:
  explicit Draw(uint64_t seed) : rng_(seed) {}
  uint64_t Bits() { return rng_(); }
  // 0 .. n-1 (n >= 1).
  int Below(int64_t n) { return static_cast<int>(rng_() % static_cast<uint64_t>(n)); }
  double Unit() { return static_cast<double>(rng_() >> 11) * (1.0 / 9007199254740992.0); }
  bool Chance(double p) { return Unit() < p; }
  int Between(int lo, int hi) { return lo + Below(hi - lo + 1); }  // both included
  template <typename T>
  const T& Pick(const std::vector<T>& v) {
    return v[Below(static_cast<int64_t>(v.size()))];
  }

 private:
  std::mt19937_64 rng_;
};

constexpr int kHistoryDay = -719162;  // 0001-01-01: "since before lophoc kept history"

struct Unit {
  int64_t id;
  std::string code, name, level;
  int64_t parent = 0;  // today's
  std::string created_at;
};

struct Version {
  int64_t unit_id;
  int valid_from;
  std::string name, level;
  int64_t parent;
  const char* state;
  int64_t successor;
  int64_t change_id;
};

struct Change {
  int64_t id;
  const char* kind;
  std::string subject, details;
};

struct District {
  int64_t id;
  int old_province;  // index in OldProvinces()
  std::string name;
  int64_t dissolve_change = 0;
};

struct Commune {
  int64_t id;
  int district;  // index
  std::string name;
  int64_t successor = 0, merge_change = 0;
};

struct Site {
  int64_t id;
  std::string code, name, type;
  int64_t unit_before, unit_after, change_id;
  bool kiosk = false;
  int old_province;
};

struct Course {
  int64_t id, revision_id;
  std::string slug, title, audience, question_ids = "[]";
  std::vector<std::string> lessons;
  bool has_quiz = false;
  double max_score = 0, pass_mark = 80;
};

struct Programme {
  int64_t id, revision_id;
  int validity_months, window_days;
  std::set<std::string> categories;
  std::vector<int> initial, refresher;  // indexes in courses
};

class Generator {
 public:
  Generator(Connection& conn, const Options& o)
      : conn_(conn),
        o_(o),
        draw_(o.seed),
        reform_(DayNumber(2025, 7, 1)),
        start_(DayNumber(2021, 1, 1)) {}

  Result<Counts> Run();

 private:
  void Step(double share, const std::string& what) {
    if (o_.progress) o_.progress(share, what);
  }
  // Rows may name rows written later in the same transaction (a commune
  // merged into a unit made after it): foreign keys are checked at COMMIT.
  Status Begin() { return conn_.Exec("BEGIN; PRAGMA defer_foreign_keys = ON;"); }
  Status Commit() { return conn_.Exec("COMMIT"); }
  int Scaled(double n) const { return std::max(1, static_cast<int>(std::lround(n * o_.scale))); }
  std::string PlaceName() {
    return draw_.Pick(NameSyllables()) + " " + draw_.Pick(NameSyllables());
  }
  std::string PersonName() {
    return draw_.Pick(FamilyNames()) + " " + draw_.Pick(MiddleNames()) + " " +
           draw_.Pick(GivenNames());
  }

  int64_t AddUnit(const std::string& code, const std::string& name, const std::string& level,
                  int64_t parent, const std::string& created_at) {
    const int64_t id = static_cast<int64_t>(units_.size()) + 1;
    units_.push_back({id, code, name, level, parent, created_at});
    return id;
  }
  Unit& U(int64_t id) { return units_[id - 1]; }
  int64_t AddChange(const char* kind, const std::string& subject, const std::string& details) {
    const int64_t id = static_cast<int64_t>(changes_.size()) + 1;
    changes_.push_back({id, kind, subject, details});
    return id;
  }
  void AddVersion(int64_t unit, int from, int64_t parent, const char* state = "active",
                  int64_t successor = 0, int64_t change = 0) {
    versions_.push_back(
        {unit, from, U(unit).name, U(unit).level, parent, state, successor, change});
  }

  // --- the map: org units, their history, sites (demo_data_map.cpp) ----

  void BuildMap();
  void AddSite(const std::string& name, const std::string& type, int64_t before, int64_t after,
               int64_t change, int old_province);
  void BuildSites();
  std::string PathOf(int64_t id);
  Status WriteMap();

  // --- accounts (demo_data_accounts.cpp) --------------------------------

  struct Staff {
    int64_t user_id;
    int site;  // index of the site today (or when they left)
    int first_site;
    int start, move = 0, leave = 0;  // days; 0: none
    std::string name, category;
  };

  Result<int64_t> AddUser(const std::string& username, const std::string& name, OptId unit,
                          OptId site, OptText category, bool active, int created_day,
                          const std::vector<const char*>& roles);
  Status Place(int64_t user, OptText category, OptId site, int day);
  Status WriteAccounts();

  // --- learning (demo_data_learning.cpp) --------------------------------

  Status LoadContent();
  void Learned(int64_t user, int day, int site);

  // Enrols (when not enrolled), reads `lessons` lessons of the course
  // ending on `day`, and when `complete`, passes its quiz and completes it:
  // the completion's id (0 when not completed).
  Result<int64_t> Study(int64_t user, int course_index, int day, size_t lessons, bool complete,
                        const char* source, int site, const std::string& holder,
                        const std::string& site_name, const std::string& org_name);
  Status WriteStaffLearning();
  Status WriteCitizenLearning();
  Status WriteLearnerYears();

  // --- visits and targets (the seeds') (demo_data_visits.cpp) -----------

  Status WriteVisits();
  Status WriteTargets();

  struct Citizen {
    int64_t user_id;
    int home;  // site index
    int created;
  };

  Connection& conn_;
  const Options& o_;
  Draw draw_;
  const int reform_, start_;
  Counts counts_;
  int64_t nation_ = 0, admin_ = 0, guests_ = 0;
  std::vector<Unit> units_;
  std::vector<Version> versions_;
  std::vector<Change> changes_;
  std::vector<int64_t> old_ids_, current_ids_, current_of_old_, province_merge_change_;
  std::vector<District> districts_;
  std::vector<Commune> communes_;
  std::vector<Site> sites_;
  std::vector<int> kiosk_sites_;
  std::unordered_map<int64_t, std::string> paths_;
  std::vector<Staff> staff_;
  std::vector<Citizen> citizens_;
  std::vector<Course> courses_;
  std::vector<int> citizen_courses_;
  std::vector<Programme> programmes_;
  std::map<std::pair<int64_t, int64_t>, int> rounds_;
  std::unordered_set<std::string> certificate_codes_;
  std::map<int64_t, std::map<int, std::pair<int, int>>> learned_;  // user -> year -> day, site
};

}  // namespace lophoc::cli::demo
