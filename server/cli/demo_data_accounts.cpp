// The accounts of lophoc demo-data (docs/demo-data.md): the admin, one
// manager per province, the staff at the sites (with their moves and
// departures as placements) and the citizens who learn at the kiosks.
#include "server/cli/demo_data_generator.h"

namespace lophoc::cli::demo {

Result<int64_t> Generator::AddUser(const std::string& username, const std::string& name, OptId unit,
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

Status Generator::Place(int64_t user, OptText category, OptId site, int day) {
  return Execute(conn_,
                 "INSERT INTO staff_placements (user_id, staff_category, site_id, from_at) "
                 "VALUES (?, ?, ?, ?)",
                 user, category, site, FromDay(day));
}

Status Generator::WriteAccounts() {
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
    if (now.type == "provincial_library" && st.leave == 0 && trainers_at_provincial[st.site] < 1) {
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
}  // namespace lophoc::cli::demo
