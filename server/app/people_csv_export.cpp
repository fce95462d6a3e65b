// Export of org units, sites and accounts as CSV in the import format.
#include "kernel/csv.h"
#include "server/app/people_csv.h"
#include "server/app/people_csv_spec.h"

namespace lophoc::app {
namespace {

// Calls `row` for every item of every page `list(offset)` returns.
template <typename List, typename Row>
Status EachPage(List list, Row row) {
  for (int64_t offset = 0;;) {
    auto page = list(offset);
    if (!page.ok()) return page.status();
    for (const auto& item : page->items) row(item);
    offset += static_cast<int64_t>(page->items.size());
    if (page->items.empty() || offset >= page->total) return Status::Ok();
  }
}

constexpr int kExportPage = 500;

const char* Bool(bool b) { return b ? "true" : "false"; }

}  // namespace

Result<std::string> PeopleCsv::Export(const Actor& a, CsvKind kind, const std::string& org) {
  if (people::ReadScope(a).nothing()) {
    return Status::PermissionDenied(
               "only admins, managers and trainers export org units, sites and accounts")
        .WithReason("export_not_allowed");
  }
  CsvWriter out(SpecOf(kind).exported);
  auto add = [&out](const std::vector<std::string>& cells) { out.Row(cells); };
  Status st;
  if (kind == CsvKind::kOrgUnits) {
    st = EachPage([&](int64_t off) { return people_->ListOrgUnits(a, org, kExportPage, off); },
                  [&](const people::OrgUnit& u) {
                    add({u.code, u.name, people::OrgLevelName(u.level), u.parent_code});
                  });
  } else if (kind == CsvKind::kSites) {
    st = EachPage([&](int64_t off) { return people_->ListSites(a, org, kExportPage, off); },
                  [&](const people::Site& s) {
                    add({s.code, s.name, people::SiteTypeName(s.type), s.org_code, Bool(s.kiosk)});
                  });
  } else {
    st = EachPage([&](int64_t off) { return people_->ListUsers(a, org, kExportPage, off); },
                  [&](const people::User& u) {
                    add({u.username, u.display_name, people::JoinRoles(u.roles), u.org_code,
                         u.site_code, u.staff_category, Bool(u.active), u.phone.value_or("")});
                  });
  }
  if (!st.ok()) return st;
  return out.Take();
}

}  // namespace lophoc::app
