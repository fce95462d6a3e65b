#include "server/app/target_service.h"

#include <map>
#include <set>
#include <tuple>

#include "kernel/csv.h"
#include "kernel/text.h"
#include "people/vocabulary.h"
#include "server/app/training_records.h"

namespace lophoc::app {
namespace {

using training::Target;
using training::TargetKind;

Status Required(const std::string& field) {
  return Status::InvalidArgument(field + " is required")
      .WithReason("field_required")
      .WithField(field)
      .WithParam("field", field);
}

Status NoOrg(const std::string& code) {
  return Status::NotFound("org unit '" + code + "' not found")
      .WithReason("org_not_found")
      .WithField("org")
      .WithParam("value", code);
}

Status NoTarget(int64_t id) {
  return Status::NotFound("no target " + std::to_string(id))
      .WithReason("target_not_found")
      .WithParam("id", id);
}

std::string ColumnList() {
  std::string out;
  for (const auto& c : TargetCsvColumns()) out += (out.empty() ? "" : ",") + c;
  return out;
}

}  // namespace

const std::vector<std::string>& TargetCsvColumns() {
  static const std::vector<std::string> kColumns = {
      "kind",      "title",      "source",           "org",
      "programme", "site_types", "staff_categories", "percent",
      "starts_on", "deadline",   "window_days"};
  return kColumns;
}

std::vector<std::string> SplitCodes(std::string_view cell) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start <= cell.size()) {
    size_t end = cell.find('|', start);
    if (end == std::string_view::npos) end = cell.size();
    const std::string_view item = Trim(cell.substr(start, end - start));
    if (!item.empty()) out.emplace_back(item);
    start = end + 1;
  }
  return out;
}

Status TargetService::MayUse(const Actor& a) const {
  if (a.Has(people::Role::kAdmin) ||
      (a.Has(people::Role::kManager) && !people::WriteScope(a).nothing())) {
    return Status::Ok();
  }
  return Status::PermissionDenied("only admins and managers read and set targets")
      .WithReason("targets_not_allowed");
}

training::ChangedBy TargetService::By(const Actor& a) const {
  return training::ChangedBy{a.user_id, a.username, FormatIso8601(clock_->Now())};
}

std::vector<Status> TargetService::Problems(const Actor& a, const TargetInput& in, Target* t) {
  std::vector<Status> out;
  const auto kind = training::ParseTargetKind(Trim(in.kind));
  if (!kind) {
    out.push_back(Status::InvalidArgument("kind must be trained, learners_growth, visits_growth "
                                          "or sites_active")
                      .WithReason("target_kind_invalid")
                      .WithField("kind")
                      .WithParam("value", std::string(Trim(in.kind)).substr(0, 40)));
  }
  t->kind = kind.value_or(TargetKind::kTrained);
  t->title = std::string(Trim(in.title));
  t->source = std::string(Trim(in.source));
  t->programme = std::string(Trim(in.programme));
  t->site_types = in.site_types;
  t->staff_categories = in.staff_categories;
  const std::string org(Trim(in.org));
  if (org.empty()) {
    out.push_back(Required("org"));
  } else {
    auto unit = people_->GetOrgUnit(a, org);
    if (!unit.ok()) {
      out.push_back(unit.status().code() == StatusCode::kNotFound ? NoOrg(org) : unit.status());
    } else if (!people::WriteScope(a).Contains(unit->path)) {
      out.push_back(NoOrg(org));  // seen (a trainer's scope) but not theirs: as PeopleService
    } else {
      t->org_unit_id = unit->id;
      t->org_code = unit->code;
      t->org_name = unit->name;
      t->org_path = unit->path;
    }
  }
  if (Trim(in.percent).empty()) {
    out.push_back(Required("percent"));
  } else if (auto p = training::ParsePercent(in.percent)) {
    t->percent = *p;
  } else {
    t->percent = 0;
    out.push_back(Status::InvalidArgument("percent must be a number between 0 and 100")
                      .WithReason("target_percent_invalid")
                      .WithField("percent")
                      .WithParam("value", std::string(Trim(in.percent)).substr(0, 40)));
  }
  bool days = true;
  for (const auto& [text, field, day] : {std::tuple<const std::string&, const char*, LocalDate*>{
                                             in.starts_on, "starts_on", &t->starts_on},
                                         std::tuple<const std::string&, const char*, LocalDate*>{
                                             in.deadline, "deadline", &t->deadline}}) {
    if (Trim(text).empty()) {
      out.push_back(Required(field));
      days = false;
      continue;
    }
    auto parsed = ParseDayField(text, field);
    if (!parsed.ok()) {
      out.push_back(parsed.status());
      days = false;
    } else {
      *day = *parsed;
    }
  }
  if (!days) t->deadline = t->starts_on;  // said above; not said again as reversed
  const std::string window(Trim(in.window_days));
  if (window.empty()) {
    if (t->kind == TargetKind::kSitesActive) t->window_days = training::kDefaultWindowDays;
  } else {
    int value = 0;
    bool digits = window.size() <= 6;
    for (char c : window) digits = digits && c >= '0' && c <= '9';
    if (digits) value = std::stoi(window);
    t->window_days = digits ? value : -1;
    if (!digits && t->kind == TargetKind::kSitesActive) {
      out.push_back(Status::InvalidArgument("window_days must be a whole number of days")
                        .WithReason("target_window_invalid")
                        .WithField("window_days")
                        .WithParam("value", window.substr(0, 40))
                        .WithParam("max", training::kMaxWindowDays));
      t->window_days = training::kDefaultWindowDays;  // said above
    }
  }
  // The population's codes are people's vocabulary, which training/ does not
  // see (it depends on the kernel only): checked here.
  for (const auto& code : t->site_types) {
    if (!people::ParseSiteType(code)) {
      out.push_back(Status::InvalidArgument("unknown site type '" + code + "'")
                        .WithReason("target_site_type_invalid")
                        .WithField("site_types")
                        .WithParam("value", code.substr(0, 60)));
    }
  }
  for (const auto& code : t->staff_categories) {
    if (people::FindStaffCategory(code) == nullptr) {
      out.push_back(Status::InvalidArgument("unknown staff category '" + code + "'")
                        .WithReason("target_staff_category_invalid")
                        .WithField("staff_categories")
                        .WithParam("value", code.substr(0, 60)));
    }
  }
  for (Status& s : training::TargetProblems(*t)) {
    // With no kind there is no rule for the programme or the window to break.
    const bool of_kind = s.field() == "programme" || s.field() == "window_days";
    if (kind || !of_kind) out.push_back(std::move(s));
  }
  if (t->kind == TargetKind::kTrained && !t->programme.empty()) {
    auto programme = programmes_->LoadProgramme(t->programme);
    if (!programme.ok()) {
      out.push_back(programme.status().code() != StatusCode::kNotFound
                        ? programme.status()
                        : Status::NotFound("no programme '" + t->programme + "'")
                              .WithReason("programme_not_found")
                              .WithField("programme")
                              .WithParam("slug", t->programme));
    }
  }
  return out;
}

Result<Target> TargetService::Create(const Actor& a, const TargetInput& in,
                                     std::vector<Status>* problems) {
  LOPHOC_RETURN_IF_ERROR(MayUse(a));
  Target t;
  std::vector<Status> found = Problems(a, in, &t);
  if (!found.empty()) {
    Status first = found.front();
    if (problems != nullptr) *problems = std::move(found);
    return first;
  }
  LOPHOC_ASSIGN_OR_RETURN(auto stored, store_->CreateTargets({t}, By(a)));
  return std::move(stored.front());
}

Result<Target> TargetService::Get(const Actor& a, int64_t id) {
  LOPHOC_RETURN_IF_ERROR(MayUse(a));
  LOPHOC_ASSIGN_OR_RETURN(Target t, store_->FindTarget(id));
  if (!people::WriteScope(a).Contains(t.org_path)) return NoTarget(id);
  return t;
}

Result<std::vector<Target>> TargetService::List(const Actor& a, const TargetQuery& q) {
  LOPHOC_RETURN_IF_ERROR(MayUse(a));
  const people::Scope scope = people::WriteScope(a);
  training::TargetFilter f;
  f.everything = scope.everything();
  f.path = scope.path();
  if (!q.org.empty()) {
    auto unit = people_->GetOrgUnit(a, q.org);
    if (!unit.ok()) {
      return unit.status().code() == StatusCode::kNotFound ? NoOrg(q.org) : unit.status();
    }
    if (!scope.Contains(unit->path)) return NoOrg(q.org);
    f.everything = false;
    f.path = unit->path;
  }
  f.kind = q.kind;
  f.programme = q.programme;
  f.include_retired = q.include_retired;
  return store_->ListTargets(f);
}

Result<Target> TargetService::Retire(const Actor& a, int64_t id) {
  LOPHOC_RETURN_IF_ERROR(Get(a, id).status());
  return store_->RetireTarget(id, By(a));
}

Result<std::vector<Target>> TargetService::TargetsFor(const std::vector<int64_t>& unit_ids,
                                                      std::optional<TargetKind> kind,
                                                      const std::string& programme) {
  if (unit_ids.empty()) return std::vector<Target>{};
  training::TargetFilter f;
  f.unit_ids = unit_ids;
  f.kind = kind;
  f.programme = programme;
  return store_->ListTargets(f);
}

Result<TargetImportReport> TargetService::Import(const Actor& a, std::string_view csv,
                                                 bool dry_run) {
  LOPHOC_RETURN_IF_ERROR(MayUse(a));
  const std::string text = ToNfc(csv);
  LOPHOC_ASSIGN_OR_RETURN(CsvTable table, ParseCsv(text));
  const int64_t header_line = static_cast<int64_t>(table.header_line);
  std::map<std::string, size_t> column;
  const std::set<std::string> known(TargetCsvColumns().begin(), TargetCsvColumns().end());
  for (size_t i = 0; i < table.header.size(); ++i) {
    const std::string name = AsciiLower(std::string(Trim(table.header[i])));
    if (known.count(name) == 0 || column.count(name) != 0) {
      return Status::InvalidArgument("line " + std::to_string(header_line) +
                                     ": unknown or repeated column '" + name +
                                     "' (columns: " + ColumnList() + ")")
          .WithReason("csv_column_unknown")
          .WithParam("line", header_line)
          .WithParam("column", name)
          .WithParam("columns", ColumnList());
    }
    column[name] = i;
  }
  for (const char* needed : {"kind", "title", "org", "percent", "starts_on", "deadline"}) {
    if (column.count(needed) == 0) {
      return Status::InvalidArgument("line " + std::to_string(header_line) + ": missing column '" +
                                     needed + "'")
          .WithReason("csv_column_missing")
          .WithParam("line", header_line)
          .WithParam("column", needed)
          .WithParam("columns", "kind,title,org,percent,starts_on,deadline");
    }
  }
  TargetImportReport report;
  report.rows = table.records.size();
  std::vector<Target> targets;
  std::vector<size_t> lines;
  for (const auto& record : table.records) {
    const auto cell = [&](const char* name) -> std::string {
      auto it = column.find(name);
      return it == column.end() ? "" : record.fields[it->second];
    };
    TargetInput in{cell("kind"),
                   cell("title"),
                   cell("source"),
                   cell("org"),
                   cell("programme"),
                   SplitCodes(cell("site_types")),
                   SplitCodes(cell("staff_categories")),
                   cell("percent"),
                   cell("starts_on"),
                   cell("deadline"),
                   cell("window_days")};
    Target t;
    for (Status& why : Problems(a, in, &t)) {
      why = std::move(why).WithParam("line", static_cast<int64_t>(record.line));
      report.refused.push_back({record.line, std::move(why)});
    }
    targets.push_back(std::move(t));
    lines.push_back(record.line);
  }
  if (!report.refused.empty() || dry_run || targets.empty()) return report;
  auto stored = store_->CreateTargets(targets, By(a));
  if (!stored.ok()) {
    // The store's own NotFound (a unit or programme gone since it was
    // checked) names the row by its index.
    const auto& params = stored.status().params();
    auto index = params.find("index");
    if (index == params.end()) return stored.status();
    const size_t line = lines.at(std::stoul(index->second));
    Status why = stored.status();
    report.refused.push_back({line, std::move(why).WithParam("line", static_cast<int64_t>(line))});
    return report;
  }
  report.created = stored->size();
  return report;
}

}  // namespace lophoc::app
