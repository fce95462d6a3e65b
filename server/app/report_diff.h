// What changed in a report since it was saved as sent (issue 13; docs/
// reports.md, "Saved reports"). A report is JSON: objects of figures, and
// lists of rows that name themselves (a unit's "code", a site type's
// "site_type", a year's "year"). Rows are matched by that name, never by
// their place in the list, so a unit added or gone is one difference, not
// a shift of every row after it.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace lophoc::app {

struct ReportDifference {
  // Where, as people read it: the names of the rows and the key, from the
  // top ("rows › Tỉnh Kon Tum › trained").
  std::vector<std::string> where;
  nlohmann::json saved;  // null: not in the saved report
  nlohmann::json live;   // null: not in the live one
};

// Every leaf value that differs between `saved` and `live`, in the saved
// report's order (then what only the live one has). Numbers are equal when
// they differ by less than 1e-9. Keys in `ignored` (at any depth) are not
// compared: the time a report was made, say.
std::vector<ReportDifference> DiffReports(const nlohmann::json& saved, const nlohmann::json& live,
                                          const std::vector<std::string>& ignored = {});

// The key a row of a list is matched by: the first of "code", "site_type",
// "year", "key", "id" it has, as text; empty for a row with none (matched by
// place) or a value that is no object.
std::string RowKey(const nlohmann::json& row);

}  // namespace lophoc::app
