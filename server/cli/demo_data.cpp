// The generator of lophoc demo-data (docs/demo-data.md). Everything comes
// from one std::mt19937_64 seeded with --seed (its output is fixed by the
// C++ standard) through the small draws below, never through std::
// distributions, whose results differ between standard libraries: the same
// seed, scale and day give the same database everywhere.
#include "server/cli/demo_data.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <random>
#include <set>
#include <unordered_map>
#include <unordered_set>

#include "assessments/quiz_parser.h"
#include "kernel/diagnostics.h"
#include "server/app/crypto.h"
#include "server/storage/database.h"
#include "server/storage/statements.h"

namespace lophoc::cli::demo {

using storage::Connection;
using storage::Execute;
using OptId = std::optional<int64_t>;
using OptText = std::optional<std::string>;

int DayNumber(int y, int m, int d) {  // H. Hinnant's days_from_civil
  y -= m <= 2;
  const int era = (y >= 0 ? y : y - 399) / 400;
  const int yoe = y - era * 400;
  const int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

namespace {

void Civil(int z, int& y, int& m, int& d) {
  z += 719468;
  const int era = (z >= 0 ? z : z - 146096) / 146097;
  const int doe = z - era * 146097;
  const int yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const int mp = (5 * doy + 2) / 153;
  d = doy - (153 * mp + 2) / 5 + 1;
  m = mp + (mp < 10 ? 3 : -9);
  y = yoe + era * 400 + (m <= 2);
}

int YearOf(int day) {
  int y, m, d;
  Civil(day, y, m, d);
  return y;
}

// A UTC instant as text: local day `day` at `seconds` after local midnight
// (Vietnam is UTC+7, no daylight saving).
std::string Instant(int day, int seconds) {
  int64_t s = static_cast<int64_t>(day) * 86400 + seconds - 7 * 3600;
  const int utc_day = static_cast<int>(s >= 0 ? s / 86400 : (s - 86399) / 86400);
  int rest = static_cast<int>(s - static_cast<int64_t>(utc_day) * 86400);
  int y, m, d;
  Civil(utc_day, y, m, d);
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02dZ", y, m, d, rest / 3600,
                rest / 60 % 60, rest % 60);
  return buf;
}

// A placement "from day X": X's local midnight.
std::string FromDay(int day) { return Instant(day, 0); }

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

std::string Code(const char* prefix, int64_t n, int width) {
  char buf[48];
  std::snprintf(buf, sizeof buf, "%s%0*lld", prefix, width, static_cast<long long>(n));
  return buf;
}

// "Tỉnh Kon Tum" -> "tỉnh Kon Tum" (inside a longer name).
std::string Inner(const std::string& name) {
  if (name.rfind("Tỉnh ", 0) == 0) return "tỉnh " + name.substr(7);
  if (name.rfind("Thành phố ", 0) == 0) return "thành phố " + name.substr(13);
  if (name.rfind("Huyện ", 0) == 0) return "huyện " + name.substr(8);
  if (name.rfind("Thị xã ", 0) == 0) return "thị xã " + name.substr(10);
  return name;
}

std::string JsonText(const std::string& s) {  // our names hold no quotes or backslashes
  return "\"" + s + "\"";
}

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

const std::map<std::string, std::string>& CategoryOf() {
  static const std::map<std::string, std::string> k = {
      {"provincial_library", "provincial_librarian"},
      {"district_library", "district_librarian"},
      {"commune_library", "commune_librarian"},
      {"post_office_cultural_point", "post_office_staff"},
      {"school_library", "school_librarian"},
      {"vocational_library", "vocational_librarian"},
      {"armed_forces_library", "armed_forces_librarian"}};
  return k;
}

class Generator {
 public:
  Generator(Connection& conn, const Options& o)
      : conn_(conn),
        o_(o),
        draw_(o.seed),
        reform_(DayNumber(2025, 7, 1)),
        start_(DayNumber(2021, 1, 1)) {}

  Result<Counts> Run() {
    LOPHOC_RETURN_IF_ERROR(LoadContent());
    if (programmes_.empty() || citizen_courses_.empty()) {
      return Status::InvalidArgument(
          "the content has no programmes or no citizen courses: demo data needs the bundled "
          "content/ (--content)");
    }
    Step(0.00, "bản đồ hành chính");
    BuildMap();
    LOPHOC_RETURN_IF_ERROR(Begin());
    LOPHOC_RETURN_IF_ERROR(WriteMap());
    LOPHOC_RETURN_IF_ERROR(Commit());
    Step(0.10, "tài khoản");
    LOPHOC_RETURN_IF_ERROR(Begin());
    LOPHOC_RETURN_IF_ERROR(WriteAccounts());
    LOPHOC_RETURN_IF_ERROR(Commit());
    Step(0.30, "học tập và chứng nhận");
    LOPHOC_RETURN_IF_ERROR(Begin());
    LOPHOC_RETURN_IF_ERROR(WriteStaffLearning());
    LOPHOC_RETURN_IF_ERROR(WriteCitizenLearning());
    LOPHOC_RETURN_IF_ERROR(WriteLearnerYears());
    LOPHOC_RETURN_IF_ERROR(Commit());
    Step(0.75, "lượt truy cập");
    LOPHOC_RETURN_IF_ERROR(Begin());
    LOPHOC_RETURN_IF_ERROR(WriteVisits());
    LOPHOC_RETURN_IF_ERROR(WriteTargets());
    LOPHOC_RETURN_IF_ERROR(Commit());
    Step(1.0, "xong");
    return counts_;
  }

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

  void BuildMap() {
    const std::string before = "2020-01-01T01:00:00Z";
    const std::string at_reform = FromDay(reform_);
    nation_ = AddUnit("VN", "Việt Nam", "nation", 0, before);
    AddVersion(nation_, kHistoryDay, 0);
    const auto& olds = OldProvinces();
    std::map<int, int> index_of;
    for (size_t i = 0; i < olds.size(); ++i) {
      index_of[olds[i].code] = static_cast<int>(i);
      old_ids_.push_back(
          AddUnit(Code("P-", olds[i].code, 2), olds[i].name, "province", nation_, before));
      AddVersion(old_ids_.back(), kHistoryDay, nation_);
    }
    // The districts and communes until 30/06/2025.
    std::vector<std::vector<int>> communes_of_province(olds.size());
    for (size_t p = 0; p < olds.size(); ++p) {
      const int nd = Scaled(draw_.Between(7, 15));
      for (int k = 0; k < nd; ++k) {
        const std::string dname = PlaceName();
        const std::string prefix = draw_.Chance(0.15) ? "Thị xã " : "Huyện ";
        District dist{AddUnit(Code("H-", static_cast<int64_t>(districts_.size()) + 1, 4),
                              prefix + dname, "district", old_ids_[p], before),
                      static_cast<int>(p), dname};
        AddVersion(dist.id, kHistoryDay, old_ids_[p]);
        districts_.push_back(dist);
        const int nc = Scaled(draw_.Between(10, 19));
        for (int c = 0; c < nc; ++c) {
          const std::string cname = PlaceName();
          const double r = draw_.Unit();
          const char* level = r < 0.12 ? "ward" : r < 0.18 ? "township" : "commune";
          const char* word = r < 0.12 ? "Phường " : r < 0.18 ? "Thị trấn " : "Xã ";
          Commune com{AddUnit(Code("X-", static_cast<int64_t>(communes_.size()) + 1, 5),
                              word + cname, level, dist.id, before),
                      static_cast<int>(districts_.size()) - 1, cname};
          AddVersion(com.id, kHistoryDay, dist.id);
          communes_of_province[p].push_back(static_cast<int>(communes_.size()));
          communes_.push_back(com);
        }
      }
    }
    // 01/07/2025: the new provinces, the new communes, the mergers.
    current_of_old_.assign(olds.size(), 0);
    std::vector<int64_t> merge_into(olds.size(), 0);
    int new_communes = 0;
    for (const NewProvince& np : NewProvinces()) {
      int64_t current = old_ids_[index_of.at(np.members.front())];
      if (!np.code.empty()) {
        current = AddUnit(np.code, np.name, "province", nation_, at_reform);
        const int64_t ch = AddChange(
            "unit_create", np.code,
            "{\"name\":" + JsonText(np.name) + ",\"level\":\"province\",\"parent\":\"VN\"}");
        AddVersion(current, reform_, nation_, "active", 0, ch);
      }
      current_ids_.push_back(current);
      std::vector<int> olds_here;
      for (int code : np.members) {
        const int p = index_of.at(code);
        current_of_old_[p] = current;
        if (!np.code.empty()) merge_into[p] = current;
        for (int c : communes_of_province[p]) olds_here.push_back(c);
      }
      const int n_old = static_cast<int>(olds_here.size());
      const int k = std::max<int>(static_cast<int>(np.special_zones.size()) + 1,
                                  static_cast<int>(std::lround(n_old * 0.3321)));
      std::vector<int64_t> made;
      for (int i = 0; i < k; ++i) {
        std::string name, level;
        if (i < static_cast<int>(np.special_zones.size())) {
          name = "Đặc khu " + np.special_zones[i];
          level = "special_zone";
        } else if (draw_.Chance(0.21)) {
          name = "Phường " + PlaceName();
          level = "ward";
        } else {
          name = "Xã " + PlaceName();
          level = "commune";
        }
        const std::string code = Code("C-", ++new_communes, 4);
        const int64_t id = AddUnit(code, name, level, current, at_reform);
        const int64_t ch = AddChange("unit_create", code,
                                     "{\"name\":" + JsonText(name) + ",\"level\":\"" + level +
                                         "\",\"parent\":\"" + U(current).code + "\"}");
        AddVersion(id, reform_, current, "active", 0, ch);
        made.push_back(id);
      }
      counts_.communes_after += k;
      // Old communes, in order, into the new ones: contiguous runs.
      for (int j = 0; j < n_old; ++j) {
        Commune& com = communes_[olds_here[j]];
        com.successor = made[std::min<int64_t>(k - 1, static_cast<int64_t>(j) * k / n_old)];
        com.merge_change = AddChange(
            "unit_merge", U(com.id).code,
            "{\"into\":\"" + U(com.successor).code + "\",\"parent\":\"" + U(current).code + "\"}");
        AddVersion(com.id, reform_, current, "merged", com.successor, com.merge_change);
        U(com.id).parent = current;
      }
    }
    // Districts are dissolved; their communes were re-parented above, their
    // sites go to the province.
    for (District& d : districts_) {
      const int64_t current = current_of_old_[d.old_province];
      d.dissolve_change = AddChange(
          "unit_dissolve", U(d.id).code,
          "{\"children_to\":\"" + U(current).code + "\",\"sites_to\":\"" + U(current).code + "\"}");
      AddVersion(d.id, reform_, current, "dissolved", 0, d.dissolve_change);
      U(d.id).parent = current;
    }
    province_merge_change_.assign(olds.size(), 0);
    for (size_t p = 0; p < olds.size(); ++p) {
      if (merge_into[p] == 0) continue;
      province_merge_change_[p] = AddChange("unit_merge", U(old_ids_[p]).code,
                                            "{\"into\":\"" + U(merge_into[p]).code + "\"}");
      AddVersion(old_ids_[p], reform_, nation_, "merged", merge_into[p], province_merge_change_[p]);
    }
    counts_.provinces_before = static_cast<int64_t>(olds.size());
    counts_.provinces_after = static_cast<int64_t>(current_ids_.size());
    counts_.districts = static_cast<int64_t>(districts_.size());
    counts_.communes_before = static_cast<int64_t>(communes_.size());
    counts_.org_changes = static_cast<int64_t>(changes_.size());
    BuildSites();
  }

  void AddSite(const std::string& name, const std::string& type, int64_t before, int64_t after,
               int64_t change, int old_province) {
    const int64_t id = static_cast<int64_t>(sites_.size()) + 1;
    sites_.push_back(
        {id, Code("S-", id, 5), name, type, before, after, change, false, old_province});
  }

  void BuildSites() {
    const auto& olds = OldProvinces();
    for (size_t p = 0; p < olds.size(); ++p) {
      AddSite("Thư viện " + Inner(olds[p].name), "provincial_library", old_ids_[p],
              current_of_old_[p], province_merge_change_[p], static_cast<int>(p));
    }
    for (const District& d : districts_) {
      const int64_t current = current_of_old_[d.old_province];
      AddSite("Thư viện " + Inner(U(d.id).name), "district_library", d.id, current,
              d.dissolve_change, d.old_province);
      if (draw_.Chance(0.43)) {
        AddSite("Thư viện Trường Trung cấp nghề " + d.name, "vocational_library", d.id, current,
                d.dissolve_change, d.old_province);
      }
      if (draw_.Chance(0.43)) {
        AddSite("Thư viện Ban Chỉ huy quân sự " + d.name, "armed_forces_library", d.id, current,
                d.dissolve_change, d.old_province);
      }
    }
    for (const Commune& c : communes_) {
      const int p = districts_[c.district].old_province;
      if (draw_.Chance(0.24)) {
        AddSite("Thư viện " + U(c.id).name, "commune_library", c.id, c.successor, c.merge_change,
                p);
      }
      if (draw_.Chance(0.30)) {
        AddSite("Điểm Bưu điện - Văn hóa " + U(c.id).name, "post_office_cultural_point", c.id,
                c.successor, c.merge_change, p);
      }
      if (draw_.Chance(0.12)) {
        AddSite("Thư viện Trường THCS " + c.name, "school_library", c.id, c.successor,
                c.merge_change, p);
      }
    }
    // The BMGF-VN project: 40 provinces, about 1,900 public-access sites.
    std::vector<int> order(olds.size());
    for (size_t i = 0; i < order.size(); ++i) order[i] = static_cast<int>(i);
    for (size_t i = order.size() - 1; i > 0; --i) std::swap(order[i], order[draw_.Below(i + 1)]);
    std::vector<bool> project(olds.size(), false);
    for (int i = 0; i < 40; ++i) project[order[i]] = true;
    for (Site& s : sites_) {
      if (!project[s.old_province]) continue;
      if (s.type == "provincial_library") s.kiosk = true;
      if (s.type == "district_library" || s.type == "commune_library" ||
          s.type == "post_office_cultural_point") {
        s.kiosk = draw_.Chance(0.48);
      }
      if (s.kiosk) {
        ++counts_.kiosks;
        kiosk_sites_.push_back(static_cast<int>(s.id - 1));
      }
    }
    counts_.sites = static_cast<int64_t>(sites_.size());
  }

  std::string PathOf(int64_t id) {
    auto it = paths_.find(id);
    if (it != paths_.end()) return it->second;
    const Unit& u = U(id);
    std::string path = (u.parent == 0 ? "/" : PathOf(u.parent)) + std::to_string(id) + "/";
    paths_[id] = path;
    return path;
  }

  Status WriteMap() {
    for (const Unit& u : units_) {
      // org_units holds today's state: the newest version's parent.
      LOPHOC_RETURN_IF_ERROR(
          Execute(conn_,
                  "INSERT INTO org_units (id, code, name, level, parent_id, path, created_at) "
                  "VALUES (?, ?, ?, ?, ?, ?, ?)",
                  u.id, u.code, u.name, u.level, u.parent == 0 ? OptId() : OptId(u.parent),
                  PathOf(u.id), u.created_at));
    }
    const std::string batch = "NQ-202-2025-QH15";
    const std::string made_at = Instant(reform_ - 3, 9 * 3600);
    for (const Change& c : changes_) {
      LOPHOC_RETURN_IF_ERROR(Execute(
          conn_,
          "INSERT INTO org_changes (id, kind, effective_on, subject, details, batch, created_at) "
          "VALUES (?, ?, ?, ?, ?, ?, ?)",
          c.id, std::string(c.kind), DayText(reform_), c.subject, c.details, batch, made_at));
    }
    for (const Version& v : versions_) {
      LOPHOC_RETURN_IF_ERROR(Execute(
          conn_,
          "INSERT INTO org_unit_versions (unit_id, valid_from, name, level, parent_id, state, "
          "successor_id, change_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
          v.unit_id, DayText(v.valid_from), v.name, v.level,
          v.parent == 0 ? OptId() : OptId(v.parent), std::string(v.state),
          v.successor == 0 ? OptId() : OptId(v.successor),
          v.change_id == 0 ? OptId() : OptId(v.change_id)));
    }
    for (const Site& s : sites_) {
      LOPHOC_RETURN_IF_ERROR(Execute(
          conn_,
          "INSERT INTO sites (id, code, name, type, org_unit_id, kiosk, created_at) "
          "VALUES (?, ?, ?, ?, ?, ?, ?)",
          s.id, s.code, s.name, s.type, s.unit_after, s.kiosk ? 1 : 0, "2020-01-01T01:00:00Z"));
      LOPHOC_RETURN_IF_ERROR(
          Execute(conn_,
                  "INSERT INTO site_versions (site_id, valid_from, name, type, org_unit_id) "
                  "VALUES (?, ?, ?, ?, ?)",
                  s.id, DayText(kHistoryDay), s.name, s.type, s.unit_before));
      if (s.unit_after != s.unit_before) {
        LOPHOC_RETURN_IF_ERROR(Execute(
            conn_,
            "INSERT INTO site_versions (site_id, valid_from, name, type, org_unit_id, change_id) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            s.id, DayText(reform_), s.name, s.type, s.unit_after, s.change_id));
      }
    }
    return Status::Ok();
  }

  // --- accounts ---------------------------------------------------------

  struct Staff {
    int64_t user_id;
    int site;  // index of the site today (or when they left)
    int first_site;
    int start, move = 0, leave = 0;  // days; 0: none
    std::string name, category;
  };

  Result<int64_t> AddUser(const std::string& username, const std::string& name, OptId unit,
                          OptId site, OptText category, bool active, int created_day,
                          const std::vector<const char*>& roles) {
    LOPHOC_RETURN_IF_ERROR(Execute(
        conn_,
        "INSERT INTO users (username, display_name, password_hash, active, org_unit_id, site_id, "
        "staff_category, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        username, name, o_.password_hash, active ? 1 : 0, unit, site, category,
        FromDay(created_day)));
    const int64_t id = conn_.LastInsertId();
    for (const char* role : roles) {
      LOPHOC_RETURN_IF_ERROR(Execute(conn_, "INSERT INTO user_roles (user_id, role) VALUES (?, ?)",
                                     id, std::string(role)));
    }
    return id;
  }

  Status Place(int64_t user, OptText category, OptId site, int day) {
    return Execute(conn_,
                   "INSERT INTO staff_placements (user_id, staff_category, site_id, from_at) "
                   "VALUES (?, ?, ?, ?)",
                   user, category, site, FromDay(day));
  }

  Status WriteAccounts() {
    const int history_start = DayNumber(2020, 1, 1);
    LOPHOC_ASSIGN_OR_RETURN(admin_, AddUser("admin", "Quản trị hệ thống", OptId(nation_), {}, {},
                                            true, history_start, {"admin"}));
    LOPHOC_RETURN_IF_ERROR(Place(admin_, {}, {}, history_start));
    for (int64_t unit : current_ids_) {
      std::string code = U(unit).code;
      std::transform(code.begin(), code.end(), code.begin(), ::tolower);
      LOPHOC_ASSIGN_OR_RETURN(int64_t id, AddUser("ql-" + code, PersonName(), OptId(unit), {}, {},
                                                  true, history_start, {"manager"}));
      LOPHOC_RETURN_IF_ERROR(Place(id, {}, {}, history_start));
    }
    // Staff: one per site first, then more where sites are bigger.
    std::map<std::string, double> weight = {
        {"provincial_library", 14},          {"district_library", 3}, {"commune_library", 1.4},
        {"post_office_cultural_point", 1.4}, {"school_library", 1.1}, {"vocational_library", 2},
        {"armed_forces_library", 2}};
    std::vector<double> cumulative;
    double total = 0;
    for (const Site& s : sites_) cumulative.push_back(total += weight[s.type]);
    std::map<std::pair<std::string, int>, std::vector<int>> alike;  // type, old province
    for (const Site& s : sites_)
      alike[{s.type, s.old_province}].push_back(static_cast<int>(s.id - 1));
    const int n_staff = Scaled(25000);
    const int early = DayNumber(2016, 1, 1);
    std::vector<int> trainers_at_provincial(sites_.size(), 0);
    for (int i = 0; i < n_staff; ++i) {
      int site;
      if (i < static_cast<int>(sites_.size())) {
        site = i;
      } else {
        const double r = draw_.Unit() * total;
        site = static_cast<int>(std::lower_bound(cumulative.begin(), cumulative.end(), r) -
                                cumulative.begin());
        site = std::min<int>(site, static_cast<int>(sites_.size()) - 1);
      }
      Staff st{};
      st.first_site = st.site = site;
      st.start = std::min(early + draw_.Below(o_.today - 30 - early),
                          early + draw_.Below(o_.today - 30 - early));
      st.name = PersonName();
      st.category = CategoryOf().at(sites_[site].type);
      if (draw_.Chance(0.08) && st.start + 200 < o_.today) {
        st.move = st.start + 180 + draw_.Below(o_.today - st.start - 180);
        const auto& same = alike[{sites_[site].type, sites_[site].old_province}];
        st.site = same[draw_.Below(static_cast<int64_t>(same.size()))];
      }
      if (draw_.Chance(0.06) && st.start + 200 < o_.today) {
        const int from = std::max(st.start, st.move) + 30;
        if (from < o_.today) st.leave = from + draw_.Below(o_.today - from);
      }
      const Site& now = sites_[st.site];
      bool trainer = false;
      if (now.type == "provincial_library" && st.leave == 0 &&
          trainers_at_provincial[st.site] < 1) {
        trainer = true;
        ++trainers_at_provincial[st.site];
      }
      std::vector<const char*> roles = {"learner"};
      if (trainer) roles.push_back("trainer");
      LOPHOC_ASSIGN_OR_RETURN(
          st.user_id,
          AddUser(Code("nv", i + 1, 5), st.name, OptId(now.unit_after),
                  st.leave ? OptId() : OptId(now.id), st.leave ? OptText() : OptText(st.category),
                  st.leave == 0, st.start, roles));
      LOPHOC_RETURN_IF_ERROR(Place(st.user_id, st.category, sites_[st.first_site].id, st.start));
      if (st.move) LOPHOC_RETURN_IF_ERROR(Place(st.user_id, st.category, now.id, st.move));
      if (st.leave) LOPHOC_RETURN_IF_ERROR(Place(st.user_id, {}, {}, st.leave));
      staff_.push_back(st);
    }
    counts_.staff = n_staff;
    Step(0.18, "tài khoản người học");
    const int n_citizens = Scaled(200000);
    for (int i = 0; i < n_citizens; ++i) {
      const int day = start_ + draw_.Below(o_.today - start_ + 1);
      LOPHOC_ASSIGN_OR_RETURN(int64_t id, AddUser(Code("hv", i + 1, 6), PersonName(), {}, {}, {},
                                                  true, day, {"learner"}));
      LOPHOC_RETURN_IF_ERROR(Place(id, {}, {}, day));
      const int home = kiosk_sites_.empty() ? draw_.Below(static_cast<int64_t>(sites_.size()))
                                            : draw_.Pick(kiosk_sites_);
      citizens_.push_back({id, home, day});
    }
    counts_.citizens = n_citizens;
    return Status::Ok();
  }

  // --- learning ---------------------------------------------------------

  Status LoadContent() {
    std::map<std::string, int> by_slug;
    LOPHOC_RETURN_IF_ERROR(storage::ForEachRow(
        conn_,
        "SELECT c.id, c.current_revision_id, c.slug, r.title, r.audience, "
        "coalesce(r.quiz_source, '') FROM courses c "
        "JOIN course_revisions r ON r.id = c.current_revision_id WHERE c.published = 1 "
        "ORDER BY c.slug",
        [&](const storage::Statement& st) {
          Course c;
          c.id = st.ColumnInt(0);
          c.revision_id = st.ColumnInt(1);
          c.slug = st.ColumnText(2);
          c.title = st.ColumnText(3);
          c.audience = st.ColumnText(4);
          const std::string quiz = st.ColumnText(5);
          if (!quiz.empty()) {
            Diagnostics diags;
            FileDiagnostics fd(&diags, "quiz.md");
            if (auto q = assessments::ParseQuiz(quiz, fd); q && !q->questions.empty()) {
              c.has_quiz = true;
              c.pass_mark = q->settings.pass_mark;
              c.question_ids = "[";
              for (const auto& question : q->questions) {
                if (c.question_ids.size() > 1) c.question_ids += ",";
                c.question_ids += "\"" + question.id + "\"";
                c.max_score += question.points;
              }
              c.question_ids += "]";
            }
          }
          by_slug[c.slug] = static_cast<int>(courses_.size());
          courses_.push_back(std::move(c));
          return Status::Ok();
        }));
    for (Course& c : courses_) {
      LOPHOC_RETURN_IF_ERROR(storage::ForEachRow(
          conn_, "SELECT slug FROM lessons WHERE revision_id = ? ORDER BY position",
          [&](const storage::Statement& st) {
            c.lessons.push_back(st.ColumnText(0));
            return Status::Ok();
          },
          c.revision_id));
      if (c.audience != "staff") citizen_courses_.push_back(static_cast<int>(&c - &courses_[0]));
    }
    LOPHOC_RETURN_IF_ERROR(storage::ForEachRow(
        conn_,
        "SELECT p.id, p.current_revision_id, r.validity_months, r.renewal_window_days "
        "FROM programmes p JOIN programme_revisions r ON r.id = p.current_revision_id "
        "WHERE p.retired_at IS NULL ORDER BY p.slug",
        [&](const storage::Statement& st) {
          Programme p;
          p.id = st.ColumnInt(0);
          p.revision_id = st.ColumnInt(1);
          p.validity_months = static_cast<int>(st.ColumnInt(2));
          p.window_days = static_cast<int>(st.ColumnInt(3));
          programmes_.push_back(p);
          return Status::Ok();
        }));
    for (Programme& p : programmes_) {
      LOPHOC_RETURN_IF_ERROR(storage::ForEachRow(
          conn_, "SELECT staff_category FROM programme_staff_categories WHERE revision_id = ?",
          [&](const storage::Statement& st) {
            p.categories.insert(st.ColumnText(0));
            return Status::Ok();
          },
          p.revision_id));
      LOPHOC_RETURN_IF_ERROR(storage::ForEachRow(
          conn_,
          "SELECT pc.path, c.slug FROM programme_courses pc JOIN courses c ON c.id = pc.course_id "
          "WHERE pc.revision_id = ? ORDER BY pc.path, pc.position",
          [&](const storage::Statement& st) {
            auto it = by_slug.find(st.ColumnText(1));
            if (it == by_slug.end()) return Status::Ok();
            (st.ColumnText(0) == "initial" ? p.initial : p.refresher).push_back(it->second);
            return Status::Ok();
          },
          p.revision_id));
    }
    return Status::Ok();
  }

  void Learned(int64_t user, int day, int site) {
    auto& years = learned_[user];
    const int year = YearOf(day);
    auto it = years.find(year);
    if (it == years.end() || it->second.first > day) years[year] = {day, site};
  }

  // Enrols (when not enrolled), reads `lessons` lessons of the course
  // ending on `day`, and when `complete`, passes its quiz and completes it:
  // the completion's id (0 when not completed).
  Result<int64_t> Study(int64_t user, int course_index, int day, size_t lessons, bool complete,
                        const char* source, int site, const std::string& holder,
                        const std::string& site_name, const std::string& org_name) {
    const Course& c = courses_[course_index];
    const auto key = std::make_pair(user, c.id);
    int& round = rounds_[key];
    ++round;
    const int began = day - draw_.Between(1, 20);
    if (round >= 2) {
      LOPHOC_RETURN_IF_ERROR(Execute(
          conn_,
          "INSERT INTO course_rounds (user_id, course_id, round, started_at) VALUES (?, ?, ?, ?)",
          user, c.id, round, Instant(began, 9 * 3600)));
    } else {
      LOPHOC_RETURN_IF_ERROR(
          Execute(conn_,
                  "INSERT INTO enrolments (user_id, course_id, enrolled_at, enrolled_by, source) "
                  "VALUES (?, ?, ?, ?, ?)",
                  user, c.id, Instant(began, 8 * 3600 + draw_.Below(3600)),
                  std::string(source) == "self" ? OptId(user) : OptId(), std::string(source)));
      ++counts_.enrolments;
    }
    lessons = std::min(lessons, c.lessons.size());
    for (size_t i = 0; i < lessons; ++i) {
      const int on = began + static_cast<int>((day - began) * (i + 1) / (c.lessons.size() + 1));
      LOPHOC_RETURN_IF_ERROR(Execute(
          conn_,
          "INSERT INTO lesson_progress (user_id, course_id, round, lesson_slug, revision_id, "
          "completed_at) VALUES (?, ?, ?, ?, ?, ?)",
          user, c.id, round, c.lessons[i], c.revision_id,
          Instant(on, 8 * 3600 + draw_.Below(9 * 3600))));
      ++counts_.lesson_progress;
      Learned(user, on, site);
    }
    if (!complete) return int64_t{0};
    std::optional<double> percentage;
    if (c.has_quiz) {
      const int tries = draw_.Chance(0.25) ? 2 : 1;
      for (int t = 1; t <= tries; ++t) {
        const bool pass = t == tries;
        const double pct = pass ? c.pass_mark + draw_.Unit() * (100 - c.pass_mark)
                                : draw_.Unit() * c.pass_mark * 0.95;
        const double score = std::round(pct * c.max_score) / 100.0;
        const double shown = c.max_score > 0 ? 100.0 * score / c.max_score : 0;
        const int at = 10 * 3600 + t * 1200 + draw_.Below(600);
        LOPHOC_RETURN_IF_ERROR(Execute(
            conn_,
            "INSERT INTO quiz_attempts (user_id, course_id, revision_id, started_at, "
            "question_ids, seed, submitted_at, score, max_score, percentage, passed, round) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            user, c.id, c.revision_id, Instant(day, at - 600), c.question_ids,
            static_cast<int64_t>(draw_.Bits() >> 33), Instant(day, at), score, c.max_score, shown,
            pass ? 1 : 0, round));
        ++counts_.attempts;
        if (pass) percentage = shown;
      }
    }
    const std::string at = Instant(day, 11 * 3600 + draw_.Below(3600));
    LOPHOC_RETURN_IF_ERROR(Execute(
        conn_,
        "INSERT INTO completions (user_id, course_id, revision_id, completed_at, percentage, "
        "round, source) VALUES (?, ?, ?, ?, ?, ?, 'learning')",
        user, c.id, c.revision_id, at, percentage, round));
    const int64_t completion = conn_.LastInsertId();
    ++counts_.completions;
    static const char kAlphabet[] = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";
    std::string code;  // XXXX-XXXX-XXXX as LearningService draws them; drawn again if taken
    do {
      code.clear();
      for (int i = 0; i < 12; ++i) {
        if (i > 0 && i % 4 == 0) code += '-';
        code += kAlphabet[draw_.Below(31)];
      }
    } while (!certificate_codes_.insert(code).second);
    LOPHOC_RETURN_IF_ERROR(Execute(
        conn_,
        "INSERT INTO certificates (code, completion_id, user_id, course_id, issued_at, "
        "holder_name, course_title, site_name, org_name) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        code, completion, user, c.id, at, holder, c.title, site_name, org_name));
    return completion;
  }

  Status WriteStaffLearning() {
    const int lophoc_start = start_;
    const int prior_from = DayNumber(2017, 1, 1);
    int done = 0;
    for (const Staff& st : staff_) {
      if (++done % 2000 == 0) {
        Step(0.30 + 0.2 * done / static_cast<double>(staff_.size()), "học tập của cán bộ");
      }
      const int end = st.leave ? st.leave : o_.today;
      // About 5% of BĐVHX staff also run the commune library: the library
      // programme is assigned to them individually, from a day.
      const Programme* assigned = nullptr;
      int assigned_from = 0;
      if (st.category == "post_office_staff" && draw_.Chance(0.05)) {
        for (const Programme& p : programmes_) {
          if (p.categories.count("commune_librarian") > 0) assigned = &p;
        }
        assigned_from = std::max(st.start, lophoc_start) + draw_.Below(365);
        if (assigned != nullptr && assigned_from < end) {
          LOPHOC_RETURN_IF_ERROR(Execute(
              conn_,
              "INSERT INTO programme_assignments (user_id, programme_id, starts_on, reason, "
              "created_at) VALUES (?, ?, ?, ?, ?)",
              st.user_id, assigned->id, DayText(assigned_from),
              std::string("Kiêm nhiệm thư viện xã (dữ liệu mẫu)"),
              Instant(assigned_from - 1, 9 * 3600)));
          ++counts_.assignments;
        } else {
          assigned = nullptr;
        }
      }
      for (const Programme& p : programmes_) {
        const bool individual = &p == assigned;
        if ((p.categories.count(st.category) == 0 && !individual) || p.initial.empty()) continue;
        const int from = individual ? assigned_from : st.start;
        int day = 0;
        bool recorded = false;
        if (!individual && st.start < lophoc_start && draw_.Chance(0.35)) {
          day = std::max(st.start, prior_from) +
                draw_.Below(std::max(1, lophoc_start - std::max(st.start, prior_from)));
          recorded = true;
        } else if (draw_.Chance(0.8)) {
          day = std::max(from, lophoc_start) + draw_.Between(15, 300);
        } else {
          // Never certified: some have started.
          const int began = std::max(from, lophoc_start) + draw_.Between(10, 200);
          if (began < end && draw_.Chance(0.5)) {
            auto r = Study(st.user_id, p.initial[0], began, 1 + draw_.Below(3), false,
                           "staff_category", st.site, st.name, "", "");
            if (!r.ok()) return r.status();
          }
          continue;
        }
        int prev_until = 0;
        const char* path = "initial";
        while (day < end) {
          std::string basis = "from_completion";
          int until = AddMonths(day, p.validity_months) - 1;
          if (prev_until != 0) {
            if (day > prev_until) {
              basis = "after_lapse";
            } else if (day < prev_until - p.window_days) {
              basis = "before_window";
            } else {
              basis = "extended";
              until = AddMonths(prev_until + 1, p.validity_months) - 1;
            }
          }
          const int site = day >= st.move && st.move ? st.site : st.first_site;
          const Site& where = sites_[site];
          std::vector<int64_t> completions;
          if (!recorded) {
            const auto& list = std::string(path) == "initial" ? p.initial : p.refresher;
            for (size_t i = 0; i < list.size(); ++i) {
              const int on = day - static_cast<int>(list.size() - 1 - i) * draw_.Between(2, 12);
              LOPHOC_ASSIGN_OR_RETURN(
                  int64_t completion,
                  Study(st.user_id, list[i], on, 1000, true, "staff_category", site, st.name,
                        where.name, U(on >= reform_ ? where.unit_after : where.unit_before).name));
              completions.push_back(completion);
            }
          }
          const bool revoke = !recorded && draw_.Chance(0.005);
          const int revoked_on = std::min(o_.today, day + draw_.Between(1, 200));
          LOPHOC_RETURN_IF_ERROR(Execute(
              conn_,
              "INSERT INTO certifications (user_id, programme_id, revision_id, path, "
              "completed_on, valid_until, basis, source, created_at, revoked_on, revoked_by, "
              "revoked_reason, recorded_by, evidence) "
              "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
              st.user_id, p.id, p.revision_id, std::string(path), DayText(day), DayText(until),
              basis, std::string(recorded ? "recorded" : "learning"),
              Instant(recorded ? std::max(day, lophoc_start) + 40 : day, 12 * 3600),
              revoke ? OptText(DayText(revoked_on)) : OptText(), revoke ? OptId(admin_) : OptId(),
              revoke ? OptText("Kết quả kiểm tra không hợp lệ (dữ liệu mẫu)") : OptText(),
              recorded ? OptId(admin_) : OptId(),
              recorded ? OptText("Giấy chứng nhận số " + std::to_string(100 + draw_.Below(900)) +
                                 "/GCN-BMGF (dữ liệu mẫu)")
                       : OptText()));
          const int64_t cert = conn_.LastInsertId();
          ++counts_.certifications;
          for (int64_t completion : completions) {
            LOPHOC_RETURN_IF_ERROR(
                Execute(conn_,
                        "INSERT INTO certification_completions (certification_id, completion_id) "
                        "VALUES (?, ?)",
                        cert, completion));
          }
          if (revoke || p.refresher.empty() || !draw_.Chance(0.75)) break;
          // The next cycle: mostly inside the renewal window, some late.
          prev_until = until;
          day = until - draw_.Below(std::max(1, p.window_days)) +
                (draw_.Chance(0.2) ? draw_.Between(1, 150) : 0);
          path = "refresher";
          recorded = false;
        }
      }
      if (draw_.Chance(0.02)) {
        const int from = std::max(st.start, lophoc_start) +
                         draw_.Below(std::max(1, end - std::max(st.start, lophoc_start)));
        static const std::vector<std::string> kReasons = {"Nghỉ thai sản", "Biệt phái công tác",
                                                          "Đi học dài hạn", "Nghỉ ốm dài ngày"};
        LOPHOC_RETURN_IF_ERROR(Execute(
            conn_,
            "INSERT INTO exemptions (user_id, reason, starts_on, ends_on, created_by, created_at) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            st.user_id, draw_.Pick(kReasons), DayText(from), DayText(from + draw_.Between(90, 365)),
            admin_, Instant(from - 2, 9 * 3600)));
      }
    }
    return Status::Ok();
  }

  Status WriteCitizenLearning() {
    if (citizen_courses_.empty()) return Status::Ok();
    int done = 0;
    for (const Citizen& c : citizens_) {
      if (++done % 20000 == 0) {
        Step(0.50 + 0.2 * done / static_cast<double>(citizens_.size()), "học tập của người dân");
      }
      const int n = 1 + draw_.Below(3);
      std::set<int> taken;
      for (int k = 0; k < n; ++k) {
        const int course = draw_.Pick(citizen_courses_);
        if (!taken.insert(course).second) continue;
        const int began = c.created + draw_.Below(90);
        if (began > o_.today) continue;
        const bool complete = draw_.Chance(0.45);
        const int day = std::min(o_.today, began + draw_.Below(30));
        const size_t lessons =
            complete ? 1000 : static_cast<size_t>(draw_.Below(courses_[course].lessons.size() + 1));
        auto r = Study(c.user_id, course, day, lessons, complete, "self", c.home, "", "", "");
        if (!r.ok()) return r.status();
      }
    }
    return Status::Ok();
  }

  Status WriteLearnerYears() {
    for (const auto& [user, years] : learned_) {
      for (const auto& [year, first] : years) {
        LOPHOC_RETURN_IF_ERROR(Execute(
            conn_,
            "INSERT INTO learner_years (year, user_id, site_id, first_on) VALUES (?, ?, ?, ?)",
            year, user, sites_[first.second].id, DayText(first.first)));
        ++counts_.learner_years;
      }
    }
    return Status::Ok();
  }

  // --- visits -----------------------------------------------------------

  Status WriteVisits() {
    const int raw_from = o_.today - 29;
    for (const Site& s : sites_) {
      if (s.id % 500 == 0) {
        Step(0.75 + 0.2 * s.id / static_cast<double>(sites_.size()), "lượt truy cập");
      }
      const double q = s.kiosk ? 0.25 + draw_.Unit() * 0.3 : 0.02 + draw_.Unit() * 0.08;
      const int mean = s.kiosk ? draw_.Between(3, 14) : draw_.Between(1, 4);
      for (int day = start_; day <= o_.today; ++day) {
        if (!draw_.Chance(q)) continue;
        const double growth = 1 + 0.06 * (YearOf(day) - 2021);
        const int visits = 1 + draw_.Below(std::max(1, static_cast<int>(2 * mean * growth)));
        if (day < raw_from) {
          const int signed_in = visits * draw_.Between(20, 50) / 100;
          LOPHOC_RETURN_IF_ERROR(
              Execute(conn_,
                      "INSERT INTO visit_days (day, site_id, visits, signed_in, lesson_views) "
                      "VALUES (?, ?, ?, ?, ?)",
                      DayText(day), s.id, visits, signed_in, visits + draw_.Below(visits + 1)));
          ++counts_.visit_days;
          continue;
        }
        for (int v = 0; v < visits; ++v) {
          OptId user;
          if (draw_.Chance(0.35) && !citizens_.empty()) user = draw_.Pick(citizens_).user_id;
          const std::string key = app::Sha256Hex(user ? "demo-user:" + std::to_string(*user)
                                                      : "demo-guest:" + std::to_string(++guests_));
          LOPHOC_RETURN_IF_ERROR(Execute(
              conn_,
              "INSERT OR IGNORE INTO visits (day, site_id, user_id, visitor_key, lesson_views) "
              "VALUES (?, ?, ?, ?, ?)",
              DayText(day), s.id, user, key, draw_.Below(6)));
        }
      }
    }
    // Visits whose site is not known (site 0), aggregated only.
    for (int day = start_; day < raw_from; ++day) {
      const int visits = draw_.Below(20);
      if (visits == 0) continue;
      LOPHOC_RETURN_IF_ERROR(
          Execute(conn_,
                  "INSERT INTO visit_days (day, site_id, visits, signed_in, lesson_views) "
                  "VALUES (?, 0, ?, 0, ?)",
                  DayText(day), visits, draw_.Below(visits + 1)));
      ++counts_.visit_days;
    }
    // The last 30 days are kept raw too; their aggregates come from them.
    LOPHOC_RETURN_IF_ERROR(
        conn_.Exec("INSERT INTO visit_days (day, site_id, visits, signed_in, lesson_views) "
                   "SELECT day, coalesce(site_id, 0), count(*), count(user_id), sum(lesson_views) "
                   "FROM visits GROUP BY day, coalesce(site_id, 0)"));
    counts_.visit_days += conn_.Changes();
    // A signed-in visit that opened lessons makes a learner of the year too
    // (as the visit log keeps it), at the site of their first such day.
    LOPHOC_RETURN_IF_ERROR(conn_.Exec(
        "INSERT INTO learner_years (year, user_id, site_id, first_on) "
        "SELECT CAST(substr(day, 1, 4) AS INTEGER), user_id, coalesce(site_id, 0), min(day) "
        "FROM visits WHERE user_id IS NOT NULL AND lesson_views > 0 "
        "GROUP BY substr(day, 1, 4), user_id "
        "ON CONFLICT (year, user_id) DO UPDATE SET first_on = excluded.first_on, "
        "site_id = excluded.site_id WHERE excluded.first_on < learner_years.first_on"));
    LOPHOC_ASSIGN_OR_RETURN(counts_.learner_years,
                            storage::QueryInt(conn_, "SELECT count(*) FROM learner_years", ""));
    LOPHOC_ASSIGN_OR_RETURN(counts_.visits,
                            storage::QueryInt(conn_, "SELECT count(*) FROM visits", ""));
    return Status::Ok();
  }

  // --- targets (the seeds') ---------------------------------------------

  Status WriteTargets() {
    std::map<std::string, int64_t> unit;
    for (const Unit& u : units_) unit[u.code] = u.id;
    int64_t library = 0, post = 0;
    LOPHOC_RETURN_IF_ERROR(storage::ForEachRow(
        conn_, "SELECT id, slug FROM programmes", [&](const storage::Statement& st) {
          if (st.ColumnText(1) == "boi-duong-dinh-ky-thu-vien") library = st.ColumnInt(0);
          if (st.ColumnText(1) == "boi-duong-dinh-ky-buu-dien-van-hoa-xa") post = st.ColumnInt(0);
          return Status::Ok();
        }));
    struct T {
      const char* kind;
      std::string title, source, org;
      int64_t programme;
      std::string site_types;
      double percent;
      std::string starts, deadline;
      OptId window;
    };
    // Kon Tum's targets ("by 2025") end on 30/06/2025, the last day Kon Tum
    // existed: after it, the old province has no units of its own to report on.
    const std::string kontum = "Kế hoạch 3063/KH-UBND (tỉnh Kon Tum, 2021)";
    const std::string national = "Kế hoạch 2264/KH-BTTTT-BVHTTDL (2017)";
    std::vector<T> targets = {
        {"trained",
         "100% cán bộ thư viện tỉnh được đào tạo, đào tạo lại",
         kontum,
         "P-62",
         library,
         "[\"provincial_library\"]",
         100,
         "2021-07-01",
         "2025-06-30",
         {}},
        {"trained",
         "50% cán bộ thư viện huyện được đào tạo",
         kontum,
         "P-62",
         library,
         "[\"district_library\"]",
         50,
         "2021-07-01",
         "2025-06-30",
         {}},
        {"trained",
         "70% cán bộ thư viện trường học và lực lượng vũ trang được đào tạo",
         kontum,
         "P-62",
         library,
         "[\"school_library\",\"armed_forces_library\"]",
         70,
         "2021-07-01",
         "2025-06-30",
         {}},
        {"trained",
         "100% nhân viên điểm Bưu điện - Văn hóa xã được bồi dưỡng định kỳ",
         national,
         "VN",
         post,
         "[\"post_office_cultural_point\"]",
         100,
         "2021-01-01",
         "2026-12-31",
         {}},
        {"sites_active", "80% điểm dự án còn hoạt động hiệu quả", national, "VN", 0, "[]", 80,
         "2021-01-01", "2030-12-31", OptId(90)},
        {"sites_active", "80-100% điểm còn hoạt động hiệu quả (Thanh Hóa)",
         "Kế hoạch duy trì bền vững của tỉnh Thanh Hóa", "P-38", 0, "[]", 80, "2021-01-01",
         "2030-12-31", OptId(90)},
        {"sites_active", "Các điểm tiếp tục hoạt động (Lạng Sơn)", "Kế hoạch 149/KH-UBND (2017)",
         "P-20", 0, "[]", 100, "2021-01-01", "2030-12-31", OptId(90)},
        {"learners_growth",
         "Người sử dụng tăng 3% mỗi năm",
         national,
         "VN",
         0,
         "[]",
         3,
         "2021-01-01",
         "2030-12-31",
         {}},
        {"visits_growth",
         "Lượt truy cập tăng 5-7% mỗi năm",
         national,
         "VN",
         0,
         "[]",
         5,
         "2021-01-01",
         "2030-12-31",
         {}},
        {"visits_growth",
         "Lượt truy cập tăng 3-5% mỗi năm (Thanh Hóa)",
         "Kế hoạch duy trì bền vững của tỉnh Thanh Hóa",
         "P-38",
         0,
         "[]",
         3,
         "2021-01-01",
         "2030-12-31",
         {}},
        {"learners_growth",
         "Người dùng thư viện cho học tập tăng bình quân 8% mỗi năm",
         "Kế hoạch xây dựng xã hội học tập (tỉnh Bắc Giang)",
         "P-24",
         0,
         "[]",
         8,
         "2021-01-01",
         "2030-12-31",
         {}},
    };
    for (const T& t : targets) {
      if (std::string(t.kind) == "trained" && t.programme == 0) continue;
      LOPHOC_RETURN_IF_ERROR(Execute(
          conn_,
          "INSERT INTO targets (kind, title, source, org_unit_id, programme_id, site_types, "
          "percent, starts_on, deadline, window_days, created_at) "
          "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
          std::string(t.kind), t.title, t.source, unit.at(t.org),
          t.programme ? OptId(t.programme) : OptId(), t.site_types, t.percent, t.starts, t.deadline,
          t.window, Instant(start_, 9 * 3600)));
      ++counts_.targets;
    }
    return Status::Ok();
  }

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

}  // namespace

std::string DayText(int day) {
  int y, m, d;
  Civil(day, y, m, d);
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", y, m, d);
  return buf;
}

int AddMonths(int day, int months) {
  int y, m, d;
  Civil(day, y, m, d);
  int total = y * 12 + (m - 1) + months;
  y = total / 12;
  m = total % 12 + 1;
  static const int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  int last = kDays[m - 1] + (m == 2 && (y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)));
  return DayNumber(y, m, std::min(d, last));
}

Result<Counts> Generate(storage::Database& db, const Options& options) {
  auto conn = db.Acquire();
  LOPHOC_ASSIGN_OR_RETURN(int64_t taken, storage::QueryInt(*conn,
                                                           "SELECT (SELECT count(*) FROM users) + "
                                                           "(SELECT count(*) FROM org_units)",
                                                           ""));
  if (taken > 0) {
    return Status::Conflict("demo data goes into a fresh database");
  }
  // Fast while generating; the usual settings again after.
  LOPHOC_RETURN_IF_ERROR(conn->Exec(
      "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; PRAGMA cache_size = -262144;"));
  Generator gen(*conn, options);
  auto counts = gen.Run();
  if (!counts.ok()) (void)conn->Exec("ROLLBACK");
  Status restored = conn->Exec(
      "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA cache_size = -2000;");
  if (!counts.ok()) return counts.status();
  LOPHOC_RETURN_IF_ERROR(restored);
  LOPHOC_RETURN_IF_ERROR(conn->Exec("PRAGMA optimize"));
  return counts;
}

}  // namespace lophoc::cli::demo
