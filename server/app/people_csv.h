// PeopleCsv: bulk import and export of org units, sites and accounts as CSV
// (docs/people.md, "CSV import and export"). One file holds one kind of
// object, told apart by its header. This class reads the file; the rows go
// to PeopleService's batch use cases (CreateOrgUnits, CreateSites,
// CreateUsers), which check each with the same rules and scope as the
// single-object use cases and write only a batch without a bad row, all of it
// in one transaction. Every bad row is reported with its line number.
//
// Thread-safe when the PeopleService is (it keeps no state of its own).
#pragma once

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "kernel/status.h"
#include "server/app/people_service.h"

namespace lophoc::app {

enum class CsvKind { kOrgUnits, kSites, kUsers };

// "org_units", "sites", "users".
const char* CsvKindName(CsvKind k);
std::optional<CsvKind> ParseCsvKind(std::string_view name);

struct CsvRowError {
  size_t line = 0;     // physical line of the record in the file, 1-based
  std::string column;  // the column at fault, lower case; empty when not one
  // Why: a reason (server/http/refusals.cpp), the field, and the parameters
  // "line", "column" (when there is one) and often "value".
  Status why;
};

struct CsvImportReport {
  CsvKind kind = CsvKind::kUsers;
  size_t rows = 0;                  // records in the file (header not counted)
  std::vector<CsvRowError> errors;  // every bad row, in line order; empty: clean
  size_t created = 0;               // objects written (0 on a dry run or with errors)
  // Generated for each account whose password cell was empty (real runs
  // only): show once, never store.
  std::vector<OneTimePassword> one_time_passwords;
};

// Called as rows are checked and, on a real run of accounts, hashed; `done`
// grows to `total` (rows, or twice the rows when passwords are hashed).
using CsvProgress = std::function<void(size_t done, size_t total)>;

class PeopleCsv {
 public:
  // REQUIRES: `people` outlives this object.
  explicit PeopleCsv(PeopleService* people);

  // The kind of a CSV file, from its header; the errors of Import for a file
  // that cannot be read.
  static Result<CsvKind> DetectKind(std::string_view csv);

  // Imports `csv` (UTF-8, ',' or ';' separated, optional BOM). Columns, in
  // any order, names case-insensitive:
  //   org units: code, name, level, [parent]
  //   sites:     code, name, type, org, [kiosk]
  //   users:     username, display_name, [roles, org, site, staff_category,
  //              active, phone, password]
  // Cells are trimmed (except password), and one leading '\'' guarding a
  // formula is dropped (UnprotectFormula). A file of org units may
  // refer to parents defined in the same file (in any order); sites and
  // accounts refer only to what is already in the database.
  //
  // Non-OK: PermissionDenied when `a` may change nothing; InvalidArgument or
  // TooLarge (reason csv_*, parameter "line") when the file cannot be read,
  // its header is wrong or a column is missing; a store error when writing
  // fails (then nothing is written). OK with `errors` filled when rows are bad: nothing
  // is written. A `dry_run` checks everything and writes nothing, and hashes
  // no password.
  Result<CsvImportReport> Import(const Actor& a, std::string_view csv, bool dry_run,
                                 const CsvProgress& progress = {});

  // Everything of `kind` that `a` may read (only the subtree of `org` when not
  // empty) as CSV in the import format: UTF-8 with a BOM, CRLF line ends,
  // formula cells guarded. Accounts without passwords. NotFound for an unknown
  // `org`; PermissionDenied when `a` may read nothing but themself.
  Result<std::string> Export(const Actor& a, CsvKind kind, const std::string& org);

 private:
  PeopleService* people_;
};

}  // namespace lophoc::app
