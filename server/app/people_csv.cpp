#include "server/app/people_csv.h"

#include <algorithm>
#include <map>

#include "kernel/csv.h"
#include "kernel/text.h"
#include "server/app/people_csv_spec.h"

namespace lophoc::app {
namespace {

std::string Join(const std::vector<std::string>& v) {
  std::string out;
  for (const auto& s : v) out += (out.empty() ? "" : ",") + s;
  return out;
}

// A parsed file: its kind and the index of each column.
struct Sheet {
  CsvKind kind = CsvKind::kUsers;
  CsvTable table;
  std::map<std::string, size_t> column;

  bool Has(const std::string& name) const { return column.count(name) > 0; }
  // The cell of column `name` ("" when the column is absent): trimmed and
  // unguarded, except passwords, which are taken exactly as written.
  std::string Cell(const CsvRecord& r, const std::string& name) const {
    auto it = column.find(name);
    if (it == column.end()) return {};
    const std::string& raw = r.fields[it->second];
    if (name == "password") return raw;
    return std::string(UnprotectFormula(Trim(raw)));
  }
};

// A whole-file refusal about the header on `line`.
Status HeaderProblem(size_t line, const std::string& text) {
  return Status::InvalidArgument("line " + std::to_string(line) + ": " + text)
      .WithParam("line", static_cast<int64_t>(line));
}

Result<Sheet> ReadSheet(std::string_view csv) {
  auto table = ParseCsv(csv);
  if (!table.ok()) return table.status();
  Sheet s;
  s.table = std::move(*table);
  const size_t at = s.table.header_line;
  std::vector<std::string> names;
  for (size_t i = 0; i < s.table.header.size(); ++i) {
    names.push_back(AsciiLower(Trim(s.table.header[i])));
    if (names.back().empty()) {
      return HeaderProblem(at, "column " + std::to_string(i + 1) + " has no name")
          .WithReason("csv_column_unnamed")
          .WithParam("position", static_cast<int64_t>(i + 1));
    }
    if (!s.column.emplace(names.back(), i).second) {
      return HeaderProblem(at, "column '" + names.back() + "' appears twice")
          .WithReason("csv_column_twice")
          .WithParam("column", names.back());
    }
  }
  if (s.Has("username")) {
    s.kind = CsvKind::kUsers;
  } else if (s.Has("type") || s.Has("kiosk")) {
    s.kind = CsvKind::kSites;
  } else if (s.Has("level") || s.Has("parent")) {
    s.kind = CsvKind::kOrgUnits;
  } else {
    return HeaderProblem(
        at,
        "cannot tell what the file holds: the header needs code,name,level (org units), "
        "code,name,type,org (sites) or username,display_name (users)")
        .WithReason("csv_kind_unknown");
  }
  const KindSpec& spec = SpecOf(s.kind);
  const std::string all = Join(spec.required) + "," + Join(spec.optional);
  for (const auto& n : names) {
    if (std::find(spec.required.begin(), spec.required.end(), n) == spec.required.end() &&
        std::find(spec.optional.begin(), spec.optional.end(), n) == spec.optional.end()) {
      return HeaderProblem(at,
                           "unknown column '" + n + "' in a file of " + spec.label +
                               " (columns: " + all + ")")
          .WithReason("csv_column_unknown")
          .WithParam("column", n)
          .WithParam("columns", all);
    }
  }
  for (const auto& n : spec.required) {
    if (!s.Has(n)) {
      return HeaderProblem(at,
                           "missing column '" + n + "' (a file of " + spec.label + " needs " +
                               Join(spec.required) + ")")
          .WithReason("csv_column_missing")
          .WithParam("column", n)
          .WithParam("columns", Join(spec.required));
    }
  }
  return s;
}

// "1/0", "true/false", "yes/no", "có/không" (marks and case ignored); empty: `if_empty`.
std::optional<bool> ParseFlag(const std::string& cell, bool if_empty) {
  if (cell.empty()) return if_empty;
  const std::string f = FoldForSearch(cell);
  if (f == "1" || f == "true" || f == "yes" || f == "co") return true;
  if (f == "0" || f == "false" || f == "no" || f == "khong") return false;
  return std::nullopt;
}

Status BadFlag(const std::string& column, const std::string& cell) {
  return Status::InvalidArgument(column + " must be 1 or 0 (true/false, có/không)")
      .WithReason("csv_bad_flag")
      .WithField(column)
      .WithParam("value", cell);
}

// `s` with its message after `prefix` (reason, field and parameters kept).
Status Prefixed(const std::string& prefix, const Status& s) {
  Status out =
      Status::InvalidArgument(prefix + s.message()).WithReason(s.reason()).WithField(s.field());
  for (const auto& [name, value] : s.params()) out = std::move(out).WithParam(name, value);
  return out;
}

class Progress {
 public:
  Progress(const CsvProgress& fn, size_t total) : fn_(fn), total_(total) {}
  void Step() {
    if (done_ < total_) ++done_;
    if (fn_) fn_(done_, total_);
  }
  void Finish() {
    done_ = total_;
    if (fn_) fn_(done_, total_);
  }

 private:
  const CsvProgress& fn_;
  size_t total_;
  size_t done_ = 0;
};

// One import: the file, and the report being filled.
struct Job {
  const Sheet& sheet;
  bool dry_run;
  CsvImportReport* report;
  Progress* progress;

  // Files the problem of the row on `line`: its column is the field the
  // refusal is about, when the file has that column.
  void File(size_t line, Status why) {
    std::string column = why.field();
    if (!sheet.Has(column)) column.clear();
    why = std::move(why).WithParam("line", static_cast<int64_t>(line));
    if (!column.empty()) why = std::move(why).WithParam("column", column);
    report->errors.push_back({line, column, std::move(why)});
  }
  // What the batch use cases get: check only when a row is bad already.
  BatchOptions Options() {
    BatchOptions o;
    o.dry_run = dry_run || !report->errors.empty();
    o.source = "csv";
    o.step = [this] { progress->Step(); };
    return o;
  }
  Status Take(Result<BatchReport> batch) {
    if (!batch.ok()) return batch.status();
    for (auto& r : batch->refused) File(r.line, std::move(r.why));
    report->created = batch->created;
    report->one_time_passwords = std::move(batch->one_time_passwords);
    return Status::Ok();
  }
};

}  // namespace

const KindSpec& SpecOf(CsvKind k) {
  static const KindSpec kSpecs[] = {
      {CsvKind::kOrgUnits, "org_units", "org units", {"code", "name", "level"}, {"parent"},
       {"code", "name", "level", "parent"}},
      {CsvKind::kSites, "sites", "sites", {"code", "name", "type", "org"}, {"kiosk"},
       {"code", "name", "type", "org", "kiosk"}},
      {CsvKind::kUsers, "users", "users", {"username", "display_name"},
       {"roles", "org", "site", "staff_category", "active", "phone", "password"},
       {"username", "display_name", "roles", "org", "site", "staff_category", "active", "phone"}},
  };
  return kSpecs[static_cast<int>(k)];
}

const char* CsvKindName(CsvKind k) { return SpecOf(k).name; }

std::optional<CsvKind> ParseCsvKind(std::string_view name) {
  for (CsvKind k : {CsvKind::kOrgUnits, CsvKind::kSites, CsvKind::kUsers}) {
    if (name == SpecOf(k).name) return k;
  }
  return std::nullopt;
}

PeopleCsv::PeopleCsv(PeopleService* people) : people_(people) {}

Result<CsvKind> PeopleCsv::DetectKind(std::string_view csv) {
  auto sheet = ReadSheet(csv);
  if (!sheet.ok()) return sheet.status();
  return sheet->kind;
}

namespace {

Status ImportOrgUnits(PeopleService* people, const Actor& a, Job& job) {
  const Sheet& s = job.sheet;
  std::vector<BatchItem<OrgUnitInput>> items;
  for (const CsvRecord& r : s.table.records) {
    items.push_back(
        {r.line, {s.Cell(r, "code"), s.Cell(r, "name"), s.Cell(r, "level"), s.Cell(r, "parent")}});
  }
  return job.Take(people->CreateOrgUnits(a, items, job.Options()));
}

Status ImportSites(PeopleService* people, const Actor& a, Job& job) {
  const Sheet& s = job.sheet;
  std::vector<BatchItem<SiteInput>> items;
  for (const CsvRecord& r : s.table.records) {
    const std::string kiosk = s.Cell(r, "kiosk");
    const auto flag = ParseFlag(kiosk, false);
    if (!flag) {
      job.progress->Step();
      job.File(r.line, BadFlag("kiosk", kiosk));
      continue;
    }
    items.push_back(
        {r.line,
         {s.Cell(r, "code"), s.Cell(r, "name"), s.Cell(r, "type"), s.Cell(r, "org"), *flag}});
  }
  return job.Take(people->CreateSites(a, items, job.Options()));
}

// The account of a row, or why its cells cannot make one.
Result<NewAccount> AccountOf(const Sheet& s, const CsvRecord& r) {
  NewAccount out;
  UserInput& in = out.user;
  in.username = s.Cell(r, "username");
  in.display_name = s.Cell(r, "display_name");
  auto roles = people::ParseRoles(s.Cell(r, "roles"));
  if (!roles.ok()) return Prefixed("roles: ", roles.status());
  in.roles = *roles;
  in.org = s.Cell(r, "org");
  in.site = s.Cell(r, "site");
  in.staff_category = s.Cell(r, "staff_category");
  const std::string active_cell = s.Cell(r, "active");
  const auto active = ParseFlag(active_cell, true);
  if (!active) return BadFlag("active", active_cell);
  in.active = *active;
  if (std::string phone = s.Cell(r, "phone"); !phone.empty()) in.phone = phone;
  out.password = s.Cell(r, "password");
  return out;
}

Status ImportUsers(PeopleService* people, const Actor& a, Job& job) {
  std::vector<BatchItem<NewAccount>> items;
  for (const CsvRecord& r : job.sheet.table.records) {
    auto account = AccountOf(job.sheet, r);
    if (!account.ok()) {
      job.progress->Step();
      job.File(r.line, account.status());
      continue;
    }
    items.push_back({r.line, std::move(*account)});
  }
  return job.Take(people->CreateUsers(a, items, job.Options()));
}

}  // namespace

Result<CsvImportReport> PeopleCsv::Import(const Actor& a, std::string_view csv, bool dry_run,
                                          const CsvProgress& progress) {
  if (people::WriteScope(a).nothing()) {
    return Status::PermissionDenied("only admins and managers import org units, sites and accounts")
        .WithReason("no_write_scope");
  }
  auto sheet = ReadSheet(csv);
  if (!sheet.ok()) return sheet.status();
  CsvImportReport report;
  report.kind = sheet->kind;
  report.rows = sheet->table.records.size();
  const bool hashes = sheet->kind == CsvKind::kUsers && !dry_run;
  Progress bar(progress, report.rows * (hashes ? 2 : 1));
  Job job{*sheet, dry_run, &report, &bar};
  Status st = sheet->kind == CsvKind::kOrgUnits ? ImportOrgUnits(people_, a, job)
              : sheet->kind == CsvKind::kSites  ? ImportSites(people_, a, job)
                                                : ImportUsers(people_, a, job);
  if (!st.ok()) return st;
  std::stable_sort(report.errors.begin(), report.errors.end(),
                   [](const CsvRowError& x, const CsvRowError& y) { return x.line < y.line; });
  bar.Finish();
  return report;
}

}  // namespace lophoc::app
