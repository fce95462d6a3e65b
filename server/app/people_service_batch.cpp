// Batches of new org units, sites and accounts (what a CSV import creates,
// people_csv.cpp): every item is checked with the rules and scope of the
// single-object use cases, and only a batch without a refused item is
// written, all of it in one transaction.
#include <algorithm>
#include <unordered_map>

#include <nlohmann/json.hpp>

#include "kernel/text.h"
#include "server/app/people_service.h"
#include "server/app/people_service_refusals.h"

namespace lophoc::app {
namespace {

// Store failures end a batch; every other problem belongs to its item.
bool IsStoreFailure(const Status& s) {
  return s.code() == StatusCode::kIOError || s.code() == StatusCode::kCorruption ||
         s.code() == StatusCode::kUnavailable;
}

// Must find nothing: the store's answer for the key of a new object;
// `taken` when it found one.
template <typename T>
Status MustBeNew(const Result<T>& found, Status taken) {
  if (found.ok()) return taken;
  return found.status().code() == StatusCode::kNotFound ? Status::Ok() : found.status();
}

// A reference a batch of `label` can make only to the database.
Status NotInDatabase(const Status& s, const std::string& field, const std::string& code,
                     const char* label) {
  if (s.code() != StatusCode::kNotFound) return s;
  return Status::NotFound(field + " '" + code + "' not found: a file of " + label +
                          " can only refer to what is already in the database (import that "
                          "first, from its own file)")
      .WithReason("csv_not_in_db")
      .WithField(field)
      .WithParam("value", code);
}

// Keys of a batch (case ignored) and the item where each first appeared.
class FirstSeen {
 public:
  // Remembers `key` for item `index`; csv_duplicate naming the earlier line.
  Status Add(const std::string& field, const std::string& key, size_t index, size_t line) {
    if (key.empty()) return Status::Ok();
    auto [it, fresh] = items_.emplace(AsciiLower(key), std::make_pair(index, line));
    if (fresh) return Status::Ok();
    const size_t first = it->second.second;
    return Status::AlreadyExists(field + " '" + key + "' already appears on line " +
                                 std::to_string(first))
        .WithReason("csv_duplicate")
        .WithField(field)
        .WithParam("value", key)
        .WithParam("first_line", static_cast<int64_t>(first));
  }
  std::optional<size_t> Find(const std::string& key) const {
    auto it = items_.find(AsciiLower(key));
    return it == items_.end() ? std::nullopt : std::optional<size_t>(it->second.first);
  }

 private:
  std::unordered_map<std::string, std::pair<size_t, size_t>> items_;
};

// The refusals of a batch being checked.
class Refusals {
 public:
  explicit Refusals(BatchReport* report) : report_(report) {}
  // Files `s` as the refusal of the item on `line` (OK then), or returns a
  // store failure.
  Status File(size_t line, const Status& s) {
    if (s.ok() || IsStoreFailure(s)) return s;
    Status refusal = s;
    report_->refused.push_back(
        {line, std::move(refusal).WithParam("line", static_cast<int64_t>(line))});
    return Status::Ok();
  }
  bool any() const { return !report_->refused.empty(); }
  // The report, its refusals in line order.
  BatchReport Take() {
    std::stable_sort(report_->refused.begin(), report_->refused.end(),
                     [](const auto& x, const auto& y) { return x.line < y.line; });
    return std::move(*report_);
  }

 private:
  BatchReport* report_;
};

void Step(const BatchOptions& options) {
  if (options.step) options.step();
}

struct UnitRow {
  size_t line = 0;
  OrgUnitInput in;
  bool bad = false;                   // a refusal is filed for this row
  bool parent_missing = false;        // in neither the database nor the batch
  std::optional<size_t> file_parent;  // the parent is this row of the batch
  std::string parent_path;            // else the parent's path ("" for a new root)
  people::OrgUnitFields fields;
};

// Files a refusal for every row of `cycle` (rows, each the parent of the one before).
void FileCycle(std::vector<UnitRow>& rows, const std::vector<size_t>& cycle, Refusals* refusals) {
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
    refusals->File(row.line, Status::Conflict("org unit '" + row.in.code +
                                              "' is on a cycle of parents (child → parent): " +
                                              text)
                                 .WithReason("csv_parent_cycle")
                                 .WithField("parent")
                                 .WithParam("value", row.in.code)
                                 .WithParam("cycle", text));
  }
}

// Where each row's new subtree hangs: the path of its nearest ancestor in the
// database ("" below a new root); nullopt below a cycle or a missing parent.
std::vector<std::optional<std::string>> Anchors(std::vector<UnitRow>& rows, Refusals* refusals) {
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
        FileCycle(rows, {std::find(walk.begin(), walk.end(), j), walk.end()}, refusals);
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

// Finds each row's parent: in the database (within the actor's read scope)
// or among the rows; files a refusal for a parent found in neither.
Status FindParents(PeopleService& people, const Actor& a, const FirstSeen& seen,
                   std::vector<UnitRow>* rows, Refusals* refusals) {
  for (UnitRow& row : *rows) {
    if (row.in.parent.empty()) continue;
    auto unit = people.GetOrgUnit(a, row.in.parent);
    if (unit.ok()) {
      row.parent_path = unit->path;
      continue;
    }
    if (unit.status().code() != StatusCode::kNotFound) return unit.status();
    row.file_parent = seen.Find(row.in.parent);
    if (row.file_parent) continue;
    row.parent_missing = true;
    if (row.bad) continue;
    row.bad = true;
    refusals->File(row.line, Status::NotFound("parent '" + row.in.parent +
                                              "' not found in the database nor in this file")
                                 .WithReason("csv_parent_missing")
                                 .WithField("parent")
                                 .WithParam("value", row.in.parent));
  }
  return Status::Ok();
}

// The rows' fields, each after the ancestors it has among the rows.
std::vector<people::OrgUnitFields> ParentsFirst(const std::vector<UnitRow>& rows) {
  std::vector<people::OrgUnitFields> out;
  std::vector<char> placed(rows.size(), 0);
  for (size_t i = 0; i < rows.size(); ++i) {
    std::vector<size_t> chain;  // i and its unplaced ancestors, child first
    for (std::optional<size_t> j = i; j && !placed[*j]; j = rows[*j].file_parent) {
      chain.push_back(*j);
    }
    for (auto k = chain.rbegin(); k != chain.rend(); ++k) {
      placed[*k] = 1;
      out.push_back(rows[*k].fields);
    }
  }
  return out;
}

}  // namespace

Status PeopleService::WriteBatch(const Actor& a, const people::PeopleBatch& batch,
                                 const char* kind, const BatchOptions& options) {
  const size_t rows = batch.org_units.size() + batch.sites.size() + batch.users.size();
  const nlohmann::json d = {{"source", options.source}, {"kind", kind}, {"rows", rows}};
  return AfterWrite(store_->ImportBatch(batch, Audit(a, "people.import", "", "", d.dump())));
}

Result<BatchReport> PeopleService::CreateOrgUnits(
    const Actor& a, const std::vector<BatchItem<OrgUnitInput>>& items,
    const BatchOptions& options) {
  if (people::WriteScope(a).nothing()) return NoWriteScope();
  BatchReport report;
  Refusals refusals(&report);
  FirstSeen seen;
  std::vector<UnitRow> rows;
  for (const auto& item : items) {
    UnitRow row;
    row.line = item.line;
    row.in = item.input;
    Status st = seen.Add("code", row.in.code, rows.size(), row.line);
    if (st.ok()) st = MustBeNew(store_->FindOrgUnit(row.in.code), CodeTaken(row.in.code));
    row.bad = !st.ok();
    LOPHOC_RETURN_IF_ERROR(refusals.File(row.line, st));
    rows.push_back(std::move(row));
  }
  LOPHOC_RETURN_IF_ERROR(FindParents(*this, a, seen, &rows, &refusals));
  const auto anchor = Anchors(rows, &refusals);
  const std::string own_path = people::WriteScope(a).path();
  for (size_t i = 0; i < rows.size(); ++i) {
    UnitRow& row = rows[i];
    Step(options);
    if (row.bad) continue;
    // Below a cycle or a missing parent only the row's own fields can be
    // checked: give the scope check a path it passes.
    const std::string parent_path =
        row.file_parent ? anchor[i].value_or(own_path) : row.parent_path;
    LOPHOC_RETURN_IF_ERROR(
        refusals.File(row.line, CheckOrgUnitInput(a, row.in, parent_path, &row.fields)));
  }
  if (refusals.any() || options.dry_run) return refusals.Take();
  people::PeopleBatch batch;
  batch.org_units = ParentsFirst(rows);
  LOPHOC_RETURN_IF_ERROR(WriteBatch(a, batch, "org_units", options));
  report.created = batch.org_units.size();
  return refusals.Take();
}

Result<BatchReport> PeopleService::CreateSites(const Actor& a,
                                               const std::vector<BatchItem<SiteInput>>& items,
                                               const BatchOptions& options) {
  if (people::WriteScope(a).nothing()) return NoWriteScope();
  BatchReport report;
  Refusals refusals(&report);
  FirstSeen seen;
  auto check = [&](const SiteInput& in, size_t index, size_t line,
                   people::SiteFields* out) -> Status {
    LOPHOC_RETURN_IF_ERROR(seen.Add("code", in.code, index, line));
    LOPHOC_RETURN_IF_ERROR(MustBeNew(store_->FindSite(in.code), CodeTaken(in.code)));
    if (in.org.empty()) {
      return Status::InvalidArgument("org is empty: a site hangs under an org unit")
          .WithReason("csv_site_org_empty")
          .WithField("org");
    }
    auto unit = GetOrgUnit(a, in.org);
    if (!unit.ok()) return NotInDatabase(unit.status(), "org", in.org, "sites");
    return CheckSiteInput(a, in, unit->path, out);
  };
  people::PeopleBatch batch;
  for (size_t i = 0; i < items.size(); ++i) {
    Step(options);
    people::SiteFields f;
    const Status st = check(items[i].input, i, items[i].line, &f);
    LOPHOC_RETURN_IF_ERROR(refusals.File(items[i].line, st));
    if (st.ok()) batch.sites.push_back(std::move(f));
  }
  if (refusals.any() || options.dry_run) return refusals.Take();
  LOPHOC_RETURN_IF_ERROR(WriteBatch(a, batch, "sites", options));
  report.created = batch.sites.size();
  return refusals.Take();
}

Result<BatchReport> PeopleService::CreateUsers(const Actor& a,
                                               const std::vector<BatchItem<NewAccount>>& items,
                                               const BatchOptions& options) {
  if (people::WriteScope(a).nothing()) return NoWriteScope();
  BatchReport report;
  Refusals refusals(&report);
  FirstSeen seen;
  struct Checked {
    people::NewUser user;
    std::string password;  // as given, or generated
  };
  FirstSeen seen_numbers;
  auto check = [&](const NewAccount& in, size_t index, size_t line, Checked* out) -> Status {
    UserInput u = in.user;
    std::string phone_field;
    LOPHOC_RETURN_IF_ERROR(NormalizeNumbers(&u, &phone_field));
    LOPHOC_RETURN_IF_ERROR(seen.Add("username", u.username, index, line));
    // Any spelling of a number twice in the file is the same number twice.
    if (u.phone) LOPHOC_RETURN_IF_ERROR(seen_numbers.Add(phone_field, *u.phone, index, line));
    LOPHOC_RETURN_IF_ERROR(
        MustBeNew(store_->FindUserByUsername(u.username), UsernameTaken(u.username)));
    if (!u.org.empty()) {
      auto unit = GetOrgUnit(a, u.org);
      if (!unit.ok()) return NotInDatabase(unit.status(), "org", u.org, "users");
    }
    if (!u.site.empty()) {
      auto site = GetSite(a, u.site);
      if (!site.ok()) return NotInDatabase(site.status(), "site", u.site, "users");
    }
    std::string one_time;
    auto user = PrepareUser(a, in.user, in.password, false, &one_time);
    if (!user.ok()) return user.status();
    out->password = in.password.empty() ? one_time : in.password;
    out->user = std::move(*user);
    return Status::Ok();
  };
  std::vector<Checked> checked;
  for (size_t i = 0; i < items.size(); ++i) {
    Step(options);
    Checked c;
    const Status st = check(items[i].input, i, items[i].line, &c);
    LOPHOC_RETURN_IF_ERROR(refusals.File(items[i].line, st));
    if (st.ok()) checked.push_back(std::move(c));
  }
  if (refusals.any() || options.dry_run) return refusals.Take();
  people::PeopleBatch batch;
  std::vector<OneTimePassword> one_time;
  for (Checked& c : checked) {
    Step(options);
    // The costs PrepareUser uses: generated passwords need no slow hash.
    const bool generated = c.user.must_change_password;
    c.user.password_hash =
        HashPassword(c.password, generated ? PasswordCost::OneTime() : options_.password_cost);
    if (c.user.password_hash.empty()) {
      return Status::Unavailable("out of memory hashing a password");
    }
    if (generated) one_time.push_back({c.user.username, c.password});
    batch.users.push_back(std::move(c.user));
  }
  LOPHOC_RETURN_IF_ERROR(WriteBatch(a, batch, "users", options));
  report.created = batch.users.size();
  report.one_time_passwords = std::move(one_time);
  return refusals.Take();
}

}  // namespace lophoc::app
