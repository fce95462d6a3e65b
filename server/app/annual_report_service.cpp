#include "server/app/annual_report_service.h"

#include <algorithm>

namespace lophoc::app {
namespace {

constexpr int kFirstYear = 2000;

Status SnapshotNotFound(int64_t id) {
  return Status::NotFound("no saved report " + std::to_string(id))
      .WithReason("snapshot_not_found")
      .WithParam("id", id);
}

}  // namespace

Result<AnnualReport> AnnualReportService::Build(const people::Actor& a, const AnnualQuery& q) {
  const LocalDate today = Today();
  const int year = q.year.value_or(today.year);
  if (year < kFirstYear || year > today.year) {
    return Status::InvalidArgument("year must be from " + std::to_string(kFirstYear) + " to " +
                                   std::to_string(today.year))
        .WithReason("annual_year_invalid")
        .WithField("year")
        .WithParam("value", std::to_string(year));
  }
  if (q.as_of && q.as_of->year != year) {
    return Status::InvalidArgument("the as-of day must lie in the report's year")
        .WithReason("annual_as_of_outside_year")
        .WithField("as_of")
        .WithParam("year", std::to_string(year));
  }
  AnnualReport r;
  r.year = year;
  r.as_of = q.as_of.value_or(std::min(*MakeDate(year, 12, 31), today));
  r.made_at = FormatIso8601(clock_->Now());

  LOPHOC_ASSIGN_OR_RETURN(auto programmes, programmes_->List());
  std::string org = q.org;
  for (const auto& p : programmes) {
    if (p.retired()) continue;
    TrainingReportQuery tq;
    tq.org = org;
    tq.programme = p.programme.slug;
    tq.as_of = r.as_of;
    LOPHOC_ASSIGN_OR_RETURN(auto due, reports_->Due(a, tq, kDueDays));
    if (org.empty()) org = due.report.unit.code;  // the same scope for every part
    if (due.report.figures.total.population() == 0 && due.report.targets.empty()) continue;
    r.programmes.push_back(std::move(due));
  }
  if (org.empty()) {
    // No programme in use: the scope is still the actor's (or the root).
    if (!a.org_unit_id && !a.Has(people::Role::kAdmin)) {
      return Status::PermissionDenied("reports are for managers and admins")
          .WithReason("report_managers_only");
    }
  }
  if (!org.empty()) {
    LOPHOC_ASSIGN_OR_RETURN(r.unit, people_->GetOrgUnit(a, org));
  }
  LOPHOC_ASSIGN_OR_RETURN(r.growth, activity_->Growth(a, org, year, year - (kGrowthYears - 1)));
  LOPHOC_ASSIGN_OR_RETURN(r.sites, activity_->Sites(a, org, kActiveDays, r.as_of));
  return r;
}

Result<training::ReportSnapshot> AnnualReportService::Save(const people::Actor& a,
                                                           const AnnualReport& r,
                                                           const std::string& body,
                                                           const std::string& title) {
  if (!a.user_id) {
    return Status::PermissionDenied("a saved report names the account that saved it")
        .WithReason("report_managers_only");
  }
  if (r.unit.id == 0) {
    return Status::NotFound("the report has no org unit to save it under")
        .WithReason("org_not_found");
  }
  training::ReportSnapshot s;
  s.org_unit_id = r.unit.id;
  s.year = r.year;
  s.as_of = r.as_of;
  s.title = title;
  s.body = body;
  s.saved_by = *a.user_id;
  return snapshots_->SaveSnapshot(s, {a.user_id, a.username, FormatIso8601(clock_->Now())});
}

Result<training::ReportSnapshot> AnnualReportService::Find(const people::Actor& a, int64_t id) {
  if (!a.Has(people::Role::kAdmin) && !(a.Has(people::Role::kManager) && a.org_unit_id)) {
    return Status::PermissionDenied("reports are for managers and admins")
        .WithReason("report_managers_only");
  }
  auto found = snapshots_->FindSnapshot(id);
  if (!found.ok()) return found.status();
  if (!people::ReadScope(a).Contains(found->org_path)) return SnapshotNotFound(id);
  return found;
}

Result<std::vector<training::ReportSnapshot>> AnnualReportService::List(const people::Actor& a,
                                                                        const std::string& org,
                                                                        std::optional<int> year) {
  if (!a.Has(people::Role::kAdmin) && !(a.Has(people::Role::kManager) && a.org_unit_id)) {
    return Status::PermissionDenied("reports are for managers and admins")
        .WithReason("report_managers_only");
  }
  training::SnapshotFilter f;
  f.year = year;
  if (!org.empty()) {
    LOPHOC_ASSIGN_OR_RETURN(auto unit, people_->GetOrgUnit(a, org));
    f.path = unit.path;
  } else if (a.Has(people::Role::kAdmin)) {
    f.everything = true;
  } else {
    f.path = a.org_path;
  }
  return snapshots_->ListSnapshots(f);
}

}  // namespace lophoc::app
