#include "server/app/org_change_service.h"

#include <map>
#include <utility>

#include "kernel/calendar.h"
#include "kernel/csv.h"
#include "kernel/text.h"
#include "server/app/people_service_refusals.h"

namespace lophoc::app {
namespace {

// CSV columns and the field of people::OrgChange each fills; the second
// spelling of a few ("code", "new_parent", ...) reads as the first.
const std::map<std::string, std::string>& CsvColumns() {
  static const std::map<std::string, std::string> columns = {
      {"effective_on", "effective_on"},
      {"kind", "kind"},
      {"subject", "subject"},
      {"code", "subject"},
      {"name", "name"},
      {"new_name", "name"},
      {"level", "level"},
      {"new_level", "level"},
      {"parent", "parent"},
      {"new_parent", "parent"},
      {"unit", "parent"},
      {"successor", "successor"},
      {"site_type", "site_type"},
      {"type", "site_type"},
      {"site", "site"},
      {"staff_category", "staff_category"},
  };
  return columns;
}

void SetField(people::OrgChange& ch, const std::string& field, std::string value) {
  if (field == "effective_on") ch.effective_on = std::move(value);
  if (field == "kind") ch.kind = std::move(value);
  if (field == "subject") ch.subject = std::move(value);
  if (field == "name") ch.name = std::move(value);
  if (field == "level") ch.level = std::move(value);
  if (field == "parent") ch.parent = std::move(value);
  if (field == "successor") ch.successor = std::move(value);
  if (field == "site_type") ch.site_type = std::move(value);
  if (field == "site") ch.site = std::move(value);
  if (field == "staff_category") ch.staff_category = std::move(value);
}

Status OnLine(Status s, int line) {
  if (line > 0) s = std::move(s).WithParam("line", static_cast<int64_t>(line));
  return s;
}

std::string LinePrefix(int line) {
  return line > 0 ? "line " + std::to_string(line) + ": " : std::string();
}

}  // namespace

const std::vector<std::string>& OrgChangeKinds() {
  static const std::vector<std::string> kinds = {
      "unit_create", "unit_rename", "unit_move",   "unit_relevel", "unit_merge", "unit_dissolve",
      "site_create", "site_move",   "site_retype", "site_rename",  "site_close", "person_move"};
  return kinds;
}

OrgChangeService::OrgChangeService(people::OrgChangeStore* store, people::DirectoryStore* directory,
                                   const Clock* clock)
    : store_(store), directory_(directory), clock_(clock) {}

Result<std::vector<people::OrgLevelInfo>> OrgChangeService::Levels() {
  return store_->ListOrgLevels();
}

people::AuditEntry OrgChangeService::Audit(const Actor& a, const std::string& key) const {
  people::AuditEntry e;
  e.at = FormatIso8601(clock_->Now());
  e.actor_user_id = a.user_id;
  e.actor = a.username;
  e.action = "org_change.apply";
  e.object_type = "org_change";
  e.object_key = key;
  return e;
}

Result<people::OrgChangeOutcome> OrgChangeService::Apply(const Actor& a,
                                                         std::vector<people::OrgChange> changes,
                                                         const std::string& batch, bool dry_run) {
  const people::Scope scope = people::WriteScope(a);
  if (scope.nothing()) return NoWriteScope();
  if (changes.empty()) {
    return Status::InvalidArgument("no change given").WithReason("org_change_empty");
  }
  const LocalDate today = LocalDateOf(clock_->Now());
  for (auto& ch : changes) {
    ch.kind = std::string(Trim(ch.kind));
    bool known = false;
    for (const auto& k : OrgChangeKinds()) known = known || k == ch.kind;
    if (!known) {
      return OnLine(
          Status::InvalidArgument(LinePrefix(ch.line) + "unknown kind of change '" + ch.kind + "'")
              .WithReason("org_change_kind_invalid")
              .WithField("kind")
              .WithParam("value", ch.kind),
          ch.line);
    }
    if (ch.subject.empty()) {
      return OnLine(Status::InvalidArgument(LinePrefix(ch.line) + "the change names no subject")
                        .WithReason("org_change_field_required")
                        .WithField("subject")
                        .WithParam("value", "subject"),
                    ch.line);
    }
    const auto day = ParseDayText(Trim(ch.effective_on));
    if (!day) {
      return OnLine(
          Status::InvalidArgument(LinePrefix(ch.line) + "effective_on '" + ch.effective_on +
                                  "' is not a day (YYYY-MM-DD or DD/MM/YYYY)")
              .WithReason("org_change_date_invalid")
              .WithField("effective_on")
              .WithParam("value", ch.effective_on),
          ch.line);
    }
    if (*day > today) {
      return OnLine(
          Status::InvalidArgument(LinePrefix(ch.line) + "effective_on " + FormatIsoDate(*day) +
                                  " is in the future: record a change once it happened")
              .WithReason("org_change_in_future")
              .WithField("effective_on")
              .WithParam("value", FormatIsoDate(*day)),
          ch.line);
    }
    ch.effective_on = FormatIsoDate(*day);
  }
  const std::string key = batch.empty() ? changes.front().subject : batch;
  return store_->Apply(changes, scope, batch, dry_run, Audit(a, key));
}

Result<people::OrgChangeOutcome> OrgChangeService::ImportCsv(const Actor& a, std::string_view csv,
                                                             const std::string& batch,
                                                             bool dry_run) {
  if (people::WriteScope(a).nothing()) return NoWriteScope();
  auto table = ParseCsv(csv);
  if (!table.ok()) return table.status();
  std::vector<std::string> fields;
  for (const auto& name : table->header) {
    const std::string column = AsciiLower(Trim(name));
    auto it = CsvColumns().find(column);
    if (it == CsvColumns().end()) {
      const int line = static_cast<int>(table->header_line);
      return OnLine(Status::InvalidArgument(LinePrefix(line) + "unknown column '" + column + "'")
                        .WithReason("org_change_csv_column")
                        .WithField("")
                        .WithParam("value", column),
                    line);
    }
    fields.push_back(it->second);
  }
  for (const char* needed : {"effective_on", "kind", "subject"}) {
    bool has = false;
    for (const auto& f : fields) has = has || f == needed;
    if (!has) {
      const int line = static_cast<int>(table->header_line);
      return OnLine(
          Status::InvalidArgument(LinePrefix(line) + "the header needs a column '" + needed + "'")
              .WithReason("org_change_csv_column")
              .WithField("")
              .WithParam("value", needed),
          line);
    }
  }
  std::vector<people::OrgChange> changes;
  for (const CsvRecord& r : table->records) {
    people::OrgChange ch;
    ch.line = static_cast<int>(r.line);
    for (size_t i = 0; i < fields.size() && i < r.fields.size(); ++i) {
      SetField(ch, fields[i], std::string(Trim(UnprotectFormula(r.fields[i]))));
    }
    changes.push_back(std::move(ch));
  }
  return Apply(a, std::move(changes), batch.empty() ? "csv" : batch, dry_run);
}

Result<std::vector<people::OrgChangeRecord>> OrgChangeService::List(const Actor& a,
                                                                    const std::string& org,
                                                                    const std::string& from,
                                                                    const std::string& to) {
  people::Scope scope = people::ReadScope(a);
  if (scope.nothing()) return NoWriteScope();
  if (!org.empty()) {
    auto unit = directory_->FindOrgUnit(org);
    if (!unit.ok() || !scope.Contains(unit->path)) return OrgNotFound(org, "org");
    scope = people::Scope::Subtree(unit->path);
  }
  std::string bounds[2] = {from, to};
  for (auto& b : bounds) {
    if (b.empty()) continue;
    const auto day = ParseDayText(b);
    if (!day) {
      return Status::InvalidArgument("'" + b + "' is not a day (YYYY-MM-DD or DD/MM/YYYY)")
          .WithReason("org_change_date_invalid")
          .WithField(&b == &bounds[0] ? "from" : "to")
          .WithParam("value", b);
    }
    b = FormatIsoDate(*day);
  }
  return store_->List(scope, bounds[0], bounds[1]);
}

}  // namespace lophoc::app
