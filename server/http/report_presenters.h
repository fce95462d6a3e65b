// Presenters of the training report (docs/reports.md): the query it takes,
// JSON, CSV and page rows. The JSON, the CSV and the page show the same
// numbers: each figure is formatted once here.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "server/app/report_service.h"
#include "server/http/http_types.h"

namespace lophoc::http {

// ?org=&programme=&as_of=&target=&site= (as_of YYYY-MM-DD or DD/MM/YYYY;
// empty: today). InvalidArgument (as_of_invalid, target_invalid);
// InvalidArgument (programme_required) without a programme.
Result<app::TrainingReportQuery> TrainingQueryOf(const HttpRequest& req);

// ?format=csv, or an Accept header that names text/csv.
bool WantsCsv(const HttpRequest& req);

// A percentage with one decimal ("66.7"), "" for none.
std::string PercentText(const std::optional<double>& percent);

nlohmann::json TrainingReportJson(const app::TrainingReport& r);
std::string TrainingReportCsv(const app::TrainingReport& r);
// The due report per unit: {"as_of", "days", "programme", "org", "items":
// [{"code", "name", "direct", "due", "overdue", "expiring"}]}, and as CSV.
nlohmann::json DueByUnitJson(const app::DueByUnit& d);
std::string DueByUnitCsv(const app::DueByUnit& d);

nlohmann::json TrainingPeopleJson(const app::TrainingReport& r);
std::string TrainingPeopleCsv(const app::TrainingReport& r);

}  // namespace lophoc::http
