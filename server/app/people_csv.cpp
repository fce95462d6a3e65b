#include "server/app/people_csv.h"

#include <algorithm>
#include <map>
#include <unordered_map>

#include <nlohmann/json.hpp>

#include "kernel/csv.h"
#include "kernel/text.h"
#include "server/app/people_csv_spec.h"

namespace lophoc::app {
namespace {



std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

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

Result<Sheet> ReadSheet(std::string_view csv) {
  auto table = ParseCsv(csv);
  if (!table.ok()) return table.status();
  Sheet s;
  s.table = std::move(*table);
  const std::string at = "line " + std::to_string(s.table.header_line) + ": ";
  std::vector<std::string> names;
  for (size_t i = 0; i < s.table.header.size(); ++i) {
    names.push_back(Lower(Trim(s.table.header[i])));
    if (names.back().empty()) {
      return Status::InvalidArgument(at + "column " + std::to_string(i + 1) + " has no name");
    }
    if (!s.column.emplace(names.back(), i).second) {
      return Status::InvalidArgument(at + "column '" + names.back() + "' appears twice");
    }
  }
  if (s.Has("username")) {
    s.kind = CsvKind::kUsers;
  } else if (s.Has("type") || s.Has("kiosk")) {
    s.kind = CsvKind::kSites;
  } else if (s.Has("level") || s.Has("parent")) {
    s.kind = CsvKind::kOrgUnits;
  } else {
    return Status::InvalidArgument(
        at + "cannot tell what the file holds: the header needs code,name,level (org units), "
             "code,name,type,org (sites) or username,display_name (users)");
  }
  const KindSpec& spec = SpecOf(s.kind);
  for (const auto& n : names) {
    if (std::find(spec.required.begin(), spec.required.end(), n) == spec.required.end() &&
        std::find(spec.optional.begin(), spec.optional.end(), n) == spec.optional.end()) {
      return Status::InvalidArgument(at + "unknown column '" + n + "' in a file of " + spec.label +
                                     " (columns: " + Join(spec.required) + "," +
                                     Join(spec.optional) + ")");
    }
  }
  for (const auto& n : spec.required) {
    if (!s.Has(n)) {
      return Status::InvalidArgument(at + "missing column '" + n + "' (a file of " + spec.label +
                                     " needs " + Join(spec.required) + ")");
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

// Store failures end the import; every other problem belongs to its row.
bool IsStoreFailure(const Status& s) {
  return s.code() == StatusCode::kIOError || s.code() == StatusCode::kCorruption ||
         s.code() == StatusCode::kUnavailable;
}

// Must find nothing: AlreadyExists when `found` holds a value.
template <typename T>
Status MustBeNew(const Result<T>& found, const std::string& what) {
  if (found.ok()) return Status::AlreadyExists(what + " already exists");
  return found.status().code() == StatusCode::kNotFound ? Status::Ok() : found.status();
}

// A reference that a sites or users file can only make to the database.
Status NotInDatabase(const Status& s, const std::string& column, const std::string& code,
                     const char* label) {
  if (s.code() != StatusCode::kNotFound) return s;
  return Status::NotFound(column + " '" + code + "' not found: a file of " + label +
                          " can only refer to what is already in the database (import that "
                          "first, from its own file)");
}

// Keys of a file (case ignored) and the row where each first appeared.
class FirstSeen {
 public:
  // Remembers `key` for row `index`; AlreadyExists naming the earlier line.
  Status Add(const std::string& column, const std::string& key, size_t index, size_t line) {
    if (key.empty()) return Status::Ok();
    auto [it, fresh] = rows_.emplace(Lower(key), std::make_pair(index, line));
    if (fresh) return Status::Ok();
    return Status::AlreadyExists(column + " '" + key + "' already appears on line " +
                                 std::to_string(it->second.second));
  }
  std::optional<size_t> Find(const std::string& key) const {
    auto it = rows_.find(Lower(key));
    return it == rows_.end() ? std::nullopt : std::optional<size_t>(it->second.first);
  }

 private:
  std::unordered_map<std::string, std::pair<size_t, size_t>> rows_;
};

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

// One import: the file, who runs it, and the report being filled.
struct Job {
  PeopleService* people;
  const Actor& actor;
  const Sheet& sheet;
  bool dry_run;
  CsvImportReport* report;
  Progress* progress;

  // Files a row problem, or returns a store failure. `place` is the column
  // blamed for messages about an org unit ("org unit 'X' is outside ...").
  Status Check(size_t line, const Status& s, const std::string& place) {
    if (s.ok() || IsStoreFailure(s)) return s;
    const std::string& m = s.message();
    std::string column = m.substr(0, m.find_first_of(" :"));
    if (m.rfind("org unit", 0) == 0 || m.rfind("only admins create", 0) == 0) column = place;
    if (m.rfind("you may not grant", 0) == 0) column = "roles";
    if (!sheet.Has(column)) column.clear();
    report->errors.push_back({line, column, m});
    return Status::Ok();
  }
  Status Write(const people::PeopleBatch& batch, size_t count) {
    const nlohmann::json d = {{"source", "csv"}, {"kind", SpecOf(sheet.kind).name},
                              {"rows", report->rows}};
    LOPHOC_RETURN_IF_ERROR(people->store()->ImportBatch(
        batch, people->Audit(actor, "people.import", "", "", d.dump())));
    report->created = count;
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

struct UnitRow {
  size_t line = 0;
  OrgUnitInput in;
  bool bad = false;                   // a problem is filed for this row
  bool parent_missing = false;        // in neither the database nor the file
  std::optional<size_t> file_parent;  // the parent is this row of the file
  std::string parent_path;            // else the parent's path ("" for a new root)
  people::OrgUnitFields fields;
};

// Reads the rows of an org units file: codes new and unique, parents found
// in the database (within the actor's read scope) or in the file.
Status ReadUnitRows(Job& job, FirstSeen& seen, std::vector<UnitRow>* rows) {
  const Sheet& s = job.sheet;
  for (const CsvRecord& r : s.table.records) {
    UnitRow row;
    row.line = r.line;
    row.in = {s.Cell(r, "code"), s.Cell(r, "name"), s.Cell(r, "level"), s.Cell(r, "parent")};
    Status st = seen.Add("code", row.in.code, rows->size(), r.line);
    if (st.ok()) {
      st = MustBeNew(job.people->store()->FindOrgUnit(row.in.code), "code '" + row.in.code + "'");
    }
    row.bad = !st.ok();
    LOPHOC_RETURN_IF_ERROR(job.Check(r.line, st, "parent"));
    rows->push_back(std::move(row));
  }
  for (UnitRow& row : *rows) {
    if (row.in.parent.empty()) continue;
    auto unit = job.people->GetOrgUnit(job.actor, row.in.parent);
    if (unit.ok()) {
      row.parent_path = unit->path;
      continue;
    }
    if (unit.status().code() != StatusCode::kNotFound) return unit.status();
    row.file_parent = seen.Find(row.in.parent);
    if (row.file_parent) continue;
    row.parent_missing = true;
    if (!row.bad) {
      row.bad = true;
      job.report->errors.push_back(
          {row.line, "parent", "parent '" + row.in.parent + "' not found in the database nor in this file"});
    }
  }
  return Status::Ok();
}

// Files a problem for every row of `cycle` (rows, each the parent of the one before).
void FileCycle(Job& job, std::vector<UnitRow>& rows, const std::vector<size_t>& cycle) {
  for (size_t start = 0; start < cycle.size(); ++start) {
    std::string text;
    for (size_t k = 0; k <= cycle.size(); ++k) {
      const UnitRow& r = rows[cycle[(start + k) % cycle.size()]];
      text += (k > 0 ? " → " : "") + r.in.code;
      if (k < cycle.size()) text += " (line " + std::to_string(r.line) + ")";
    }
    UnitRow& row = rows[cycle[start]];
    if (row.bad) continue;
    row.bad = true;
    job.report->errors.push_back({row.line, "parent",
                                  "org unit '" + row.in.code +
                                      "' is on a cycle of parents (child → parent): " + text});
  }
}

// Where each row's new subtree hangs: the path of its nearest ancestor in the
// database ("" below a new root); nullopt below a cycle or a missing parent.
std::vector<std::optional<std::string>> Anchors(Job& job, std::vector<UnitRow>& rows) {
  std::vector<std::optional<std::string>> anchor(rows.size());
  std::vector<char> state(rows.size(), 0);  // 0 new, 1 on the current walk, 2 done
  for (size_t i = 0; i < rows.size(); ++i) {
    std::vector<size_t> walk;
    std::optional<std::string> top;
    for (size_t j = i;;) {
      if (state[j] == 2) {
        top = anchor[j];
        break;
      }
      if (state[j] == 1) {
        FileCycle(job, rows, {std::find(walk.begin(), walk.end(), j), walk.end()});
        break;
      }
      state[j] = 1;
      walk.push_back(j);
      if (!rows[j].file_parent) {
        if (!rows[j].parent_missing) top = rows[j].parent_path;
        break;
      }
      j = *rows[j].file_parent;
    }
    for (size_t k : walk) {
      anchor[k] = top;
      state[k] = 2;
    }
  }
  return anchor;
}

Status ImportOrgUnits(Job& job) {
  FirstSeen seen;
  std::vector<UnitRow> rows;
  LOPHOC_RETURN_IF_ERROR(ReadUnitRows(job, seen, &rows));
  const auto anchor = Anchors(job, rows);
  const std::string own_path = people::WriteScope(job.actor).path();
  for (size_t i = 0; i < rows.size(); ++i) {
    UnitRow& row = rows[i];
    job.progress->Step();
    if (row.bad) continue;
    // Below a cycle or a missing parent only the row's own fields can be
    // checked: give the scope check a path it passes.
    const std::string parent_path =
        row.file_parent ? anchor[i].value_or(own_path) : row.parent_path;
    LOPHOC_RETURN_IF_ERROR(job.Check(
        row.line, job.people->CheckOrgUnitInput(job.actor, row.in, parent_path, &row.fields),
        "parent"));
  }
  if (!job.report->errors.empty() || job.dry_run) return Status::Ok();
  // Parents before children: each row after its ancestors from the file.
  people::PeopleBatch batch;
  std::vector<char> placed(rows.size(), 0);
  for (size_t i = 0; i < rows.size(); ++i) {
    std::vector<size_t> chain;  // i and its unplaced ancestors, child first
    for (std::optional<size_t> j = i; j && !placed[*j]; j = rows[*j].file_parent) {
      chain.push_back(*j);
    }
    for (auto k = chain.rbegin(); k != chain.rend(); ++k) {
      placed[*k] = 1;
      batch.org_units.push_back(rows[*k].fields);
    }
  }
  return job.Write(batch, batch.org_units.size());
}

Status CheckSiteRow(Job& job, const CsvRecord& r, FirstSeen& seen, people::SiteFields* out) {
  const Sheet& s = job.sheet;
  SiteInput in{s.Cell(r, "code"), s.Cell(r, "name"), s.Cell(r, "type"), s.Cell(r, "org"), false};
  const auto kiosk = ParseFlag(s.Cell(r, "kiosk"), false);
  if (!kiosk) return Status::InvalidArgument("kiosk must be 1 or 0 (true/false, có/không)");
  in.kiosk = *kiosk;
  LOPHOC_RETURN_IF_ERROR(seen.Add("code", in.code, 0, r.line));
  LOPHOC_RETURN_IF_ERROR(
      MustBeNew(job.people->store()->FindSite(in.code), "code '" + in.code + "'"));
  if (in.org.empty()) return Status::InvalidArgument("org is empty: a site hangs under an org unit");
  auto unit = job.people->GetOrgUnit(job.actor, in.org);
  if (!unit.ok()) return NotInDatabase(unit.status(), "org", in.org, "sites");
  return job.people->CheckSiteInput(job.actor, in, unit->path, out);
}

Status ImportSites(Job& job) {
  FirstSeen seen;
  people::PeopleBatch batch;
  for (const CsvRecord& r : job.sheet.table.records) {
    job.progress->Step();
    people::SiteFields f;
    const Status st = CheckSiteRow(job, r, seen, &f);
    LOPHOC_RETURN_IF_ERROR(job.Check(r.line, st, "org"));
    if (st.ok()) batch.sites.push_back(std::move(f));
  }
  if (!job.report->errors.empty() || job.dry_run) return Status::Ok();
  return job.Write(batch, batch.sites.size());
}

struct UserRow {
  people::NewUser user;
  std::string password;  // as given, or generated
};

Status CheckUserRow(Job& job, const CsvRecord& r, FirstSeen& seen, UserRow* out) {
  const Sheet& s = job.sheet;
  UserInput in;
  in.username = s.Cell(r, "username");
  in.display_name = s.Cell(r, "display_name");
  auto roles = people::ParseRoles(s.Cell(r, "roles"));
  if (!roles.ok()) return Status::InvalidArgument("roles: " + roles.status().message());
  in.roles = *roles;
  in.org = s.Cell(r, "org");
  in.site = s.Cell(r, "site");
  in.staff_category = s.Cell(r, "staff_category");
  const auto active = ParseFlag(s.Cell(r, "active"), true);
  if (!active) return Status::InvalidArgument("active must be 1 or 0 (true/false, có/không)");
  in.active = *active;
  if (std::string phone = s.Cell(r, "phone"); !phone.empty()) in.phone = phone;
  LOPHOC_RETURN_IF_ERROR(seen.Add("username", in.username, 0, r.line));
  LOPHOC_RETURN_IF_ERROR(MustBeNew(job.people->store()->FindUserByUsername(in.username),
                           "username '" + in.username + "'"));
  if (!in.org.empty()) {
    auto unit = job.people->GetOrgUnit(job.actor, in.org);
    if (!unit.ok()) return NotInDatabase(unit.status(), "org", in.org, "users");
  }
  if (!in.site.empty()) {
    auto site = job.people->GetSite(job.actor, in.site);
    if (!site.ok()) return NotInDatabase(site.status(), "site", in.site, "users");
  }
  out->password = s.Cell(r, "password");
  std::string one_time;
  auto user = job.people->PrepareUser(job.actor, in, out->password, false, &one_time);
  if (!user.ok()) return user.status();
  if (out->password.empty()) out->password = one_time;
  out->user = std::move(*user);
  return Status::Ok();
}

Status ImportUsers(Job& job) {
  FirstSeen seen;
  std::vector<UserRow> rows;
  for (const CsvRecord& r : job.sheet.table.records) {
    job.progress->Step();
    UserRow row;
    const Status st = CheckUserRow(job, r, seen, &row);
    LOPHOC_RETURN_IF_ERROR(
        job.Check(r.line, st, job.sheet.Cell(r, "org").empty() ? "site" : "org"));
    if (st.ok()) rows.push_back(std::move(row));
  }
  if (!job.report->errors.empty() || job.dry_run) return Status::Ok();
  people::PeopleBatch batch;
  std::vector<OneTimePassword> one_time;
  for (UserRow& row : rows) {
    job.progress->Step();
    // The costs PrepareUser uses: generated passwords need no slow hash.
    const bool generated = row.user.must_change_password;
    row.user.password_hash = HashPassword(
        row.password, generated ? PasswordCost::OneTime() : job.people->options().password_cost);
    if (row.user.password_hash.empty()) {
      return Status::Unavailable("out of memory hashing a password");
    }
    if (generated) one_time.push_back({row.user.username, row.password});
    batch.users.push_back(std::move(row.user));
  }
  LOPHOC_RETURN_IF_ERROR(job.Write(batch, batch.users.size()));
  job.report->one_time_passwords = std::move(one_time);
  return Status::Ok();
}

}  // namespace

Result<CsvImportReport> PeopleCsv::Import(const Actor& a, std::string_view csv, bool dry_run,
                                          const CsvProgress& progress) {
  if (people::WriteScope(a).nothing()) {
    return Status::PermissionDenied("only admins and managers import org units, sites and accounts");
  }
  auto sheet = ReadSheet(csv);
  if (!sheet.ok()) return sheet.status();
  CsvImportReport report;
  report.kind = sheet->kind;
  report.rows = sheet->table.records.size();
  const bool hashes = sheet->kind == CsvKind::kUsers && !dry_run;
  Progress bar(progress, report.rows * (hashes ? 2 : 1));
  Job job{people_, a, *sheet, dry_run, &report, &bar};
  Status st = sheet->kind == CsvKind::kOrgUnits ? ImportOrgUnits(job)
              : sheet->kind == CsvKind::kSites  ? ImportSites(job)
                                                : ImportUsers(job);
  if (!st.ok()) return st;
  std::stable_sort(report.errors.begin(), report.errors.end(),
                   [](const CsvRowError& x, const CsvRowError& y) { return x.line < y.line; });
  bar.Finish();
  return report;
}

}  // namespace lophoc::app
