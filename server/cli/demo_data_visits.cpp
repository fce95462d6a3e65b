// The visits and targets of lophoc demo-data (docs/demo-data.md): daily
// visit counts at the sites (the last 30 days kept raw), and the targets the
// seeds carry (Kon Tum's plan, the national plan, a few provinces').
#include "server/app/crypto.h"
#include "server/cli/demo_data_generator.h"

namespace lophoc::cli::demo {

Status Generator::WriteVisits() {
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

Status Generator::WriteTargets() {
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
    LOPHOC_RETURN_IF_ERROR(
        Execute(conn_,
                "INSERT INTO targets (kind, title, source, org_unit_id, programme_id, site_types, "
                "percent, starts_on, deadline, window_days, created_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                std::string(t.kind), t.title, t.source, unit.at(t.org),
                t.programme ? OptId(t.programme) : OptId(), t.site_types, t.percent, t.starts,
                t.deadline, t.window, Instant(start_, 9 * 3600)));
    ++counts_.targets;
  }
  return Status::Ok();
}
}  // namespace lophoc::cli::demo
