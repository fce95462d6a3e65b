#include "server/app/open_data.h"

#include "kernel/csv.h"

namespace lophoc::app {
namespace {

using nlohmann::json;
using training::Figure;
using training::PublishedCell;

json CellJson(const PublishedCell& c, const training::SuppressionOptions& o) {
  json out = json::object();
  if (c.population) {
    out["population"] = *c.population;
    out["trained"] = *c.trained;
    out["percent"] = c.percent ? json(*c.percent) : json();
  } else {
    out["population"] = nullptr;
    out["trained"] = nullptr;
    out["percent"] = nullptr;
    out["suppressed"] = training::Show(c, Figure::kPopulation, o);
  }
  return out;
}

json CellsJson(const OpenDataTable& t, const std::vector<PublishedCell>& cells) {
  json out = json::array();
  for (size_t j = 0; j < cells.size() && j < t.cols.size(); ++j) {
    json c = CellJson(cells[j], t.options);
    c["site_type"] = t.cols[j].code;
    out.push_back(std::move(c));
  }
  return out;
}

}  // namespace

json OpenDataJson(const OpenDataTable& t) {
  json columns = json::array();
  for (const auto& c : t.cols) columns.push_back({{"code", c.code}, {"name", c.name}});
  json rows = json::array();
  for (size_t i = 0; i < t.rows.size() && i < t.table.cells.size(); ++i) {
    rows.push_back({{"code", t.rows[i].code},
                    {"name", t.rows[i].name},
                    {"cells", CellsJson(t, t.table.cells[i])},
                    {"total", CellJson(t.table.row_totals[i], t.options)}});
  }
  return {{"dataset", "training"},
          {"programme", t.programme},
          {"programme_title", t.programme_title},
          {"as_of", FormatIsoDate(t.as_of)},
          {"scope", {{"code", t.scope.code}, {"name", t.scope.name}}},
          {"k", t.options.k},
          {"withheld", t.table.withheld},
          {"columns", std::move(columns)},
          {"rows", std::move(rows)},
          {"total",
           {{"cells", CellsJson(t, t.table.col_totals)},
            {"total", CellJson(t.table.grand_total, t.options)}}}};
}

std::string OpenDataCsv(const OpenDataTable& t) {
  CsvWriter csv({"as_of", "programme", "unit_code", "unit_name", "site_type", "population",
                 "trained", "percent"});
  const std::string as_of = FormatIsoDate(t.as_of);
  auto line = [&](const OpenDataLabel& unit, const std::string& type, const PublishedCell& c) {
    csv.Row({as_of, t.programme, unit.code, unit.name, type,
             training::Show(c, Figure::kPopulation, t.options),
             training::Show(c, Figure::kTrained, t.options),
             training::Show(c, Figure::kPercent, t.options)});
  };
  for (size_t i = 0; i < t.rows.size() && i < t.table.cells.size(); ++i) {
    for (size_t j = 0; j < t.cols.size() && j < t.table.cells[i].size(); ++j) {
      line(t.rows[i], t.cols[j].code, t.table.cells[i][j]);
    }
    line(t.rows[i], "all", t.table.row_totals[i]);
  }
  const OpenDataLabel all{"all", t.scope.name};
  for (size_t j = 0; j < t.cols.size() && j < t.table.col_totals.size(); ++j) {
    line(all, t.cols[j].code, t.table.col_totals[j]);
  }
  line(all, "all", t.table.grand_total);
  return csv.Take();
}

}  // namespace lophoc::app
