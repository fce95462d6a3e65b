// Open data (issue 13; docs/open-data.md): aggregated, anonymous training
// figures, with no names and no ids of people, published as CSV and JSON
// after small-cell suppression (training/suppression.h). This file writes a
// suppressed table in both formats, so the two always say the same thing.
// Pure functions; thread-safe.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "kernel/calendar.h"
#include "training/suppression.h"

namespace lophoc::app {

// A row or column of the published table: its code and its name.
struct OpenDataLabel {
  std::string code;
  std::string name;
};

struct OpenDataTable {
  std::string programme;  // slug
  std::string programme_title;
  LocalDate as_of;
  OpenDataLabel scope;              // the unit the table covers
  std::vector<OpenDataLabel> rows;  // units (as they stood on as_of)
  std::vector<OpenDataLabel> cols;  // site types
  training::SuppressionOptions options;
  training::PublishedTable table;  // rows x cols, suppressed
};

// {"dataset": "training", "programme", "programme_title", "as_of", "scope",
//  "k", "withheld", "columns": [{code, name}], "rows": [{code, name, cells:
//  [{site_type, population, trained, percent, suppressed}], total}], "total":
//  {cells, total}}. A withheld figure is null with "suppressed": "<k" or "x";
// a published one is a number ("suppressed" absent).
nlohmann::json OpenDataJson(const OpenDataTable& t);

// The same figures, one line per entry (tidy CSV, kernel/csv.h writer):
// as_of, programme, unit_code, unit_name, site_type, population, trained,
// percent; the row totals have site_type "all", the column totals unit_code
// "all", the grand total both. Withheld figures are written as Show() does:
// "<5", "x"; an empty population's percent as "-".
std::string OpenDataCsv(const OpenDataTable& t);

}  // namespace lophoc::app
