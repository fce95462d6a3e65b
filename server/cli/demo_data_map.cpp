// The map of lophoc demo-data (docs/demo-data.md): the org units until
// 30/06/2025 (old provinces, districts, communes), the reform of 01/07/2025
// (new provinces and communes, the mergers and dissolutions as org changes),
// the sites on both sides of it and the kiosks; and writing them all.
#include "server/cli/demo_data_generator.h"

namespace lophoc::cli::demo {

void Generator::BuildMap() {
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
        Commune com{AddUnit(Code("X-", static_cast<int64_t>(communes_.size()) + 1, 5), word + cname,
                            level, dist.id, before),
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

void Generator::AddSite(const std::string& name, const std::string& type, int64_t before,
                        int64_t after, int64_t change, int old_province) {
  const int64_t id = static_cast<int64_t>(sites_.size()) + 1;
  sites_.push_back({id, Code("S-", id, 5), name, type, before, after, change, false, old_province});
}

void Generator::BuildSites() {
  const auto& olds = OldProvinces();
  for (size_t p = 0; p < olds.size(); ++p) {
    AddSite("Thư viện " + Inner(olds[p].name), "provincial_library", old_ids_[p],
            current_of_old_[p], province_merge_change_[p], static_cast<int>(p));
  }
  for (const District& d : districts_) {
    const int64_t current = current_of_old_[d.old_province];
    AddSite("Thư viện " + Inner(U(d.id).name), "district_library", d.id, current, d.dissolve_change,
            d.old_province);
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
      AddSite("Thư viện " + U(c.id).name, "commune_library", c.id, c.successor, c.merge_change, p);
    }
    if (draw_.Chance(0.30)) {
      AddSite("Điểm Bưu điện - Văn hóa " + U(c.id).name, "post_office_cultural_point", c.id,
              c.successor, c.merge_change, p);
    }
    if (draw_.Chance(0.12)) {
      AddSite("Thư viện Trường THCS " + c.name, "school_library", c.id, c.successor, c.merge_change,
              p);
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

std::string Generator::PathOf(int64_t id) {
  auto it = paths_.find(id);
  if (it != paths_.end()) return it->second;
  const Unit& u = U(id);
  std::string path = (u.parent == 0 ? "/" : PathOf(u.parent)) + std::to_string(id) + "/";
  paths_[id] = path;
  return path;
}

Status Generator::WriteMap() {
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
}  // namespace lophoc::cli::demo
