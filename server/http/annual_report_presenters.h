// The annual report's JSON and its page model (annual_report_presenters.cpp),
// shared by the API, the pages, the PDF and the saved reports.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "server/app/annual_report_service.h"
#include "server/http/web_app.h"

namespace lophoc::http {

// "2025" -> 2025, "" -> nullopt; InvalidArgument annual_year_invalid otherwise.
Result<std::optional<int>> YearOf(const std::string& text);
// org, year and as_of as typed (as_of YYYY-MM-DD or DD/MM/YYYY; as_of_invalid).
Result<app::AnnualQuery> QueryOf(const std::string& org, const std::string& year,
                                 const std::string& as_of);
// The same from ?org=&year=&as_of=.
Result<app::AnnualQuery> QueryOf(const HttpRequest& req);
// The report as the API answers it and a snapshot freezes it.
nlohmann::json AnnualJson(const app::AnnualReport& r);
// j[key] as text ("" when absent or null; a float with one decimal).
std::string JsonText(const nlohmann::json& j, const char* key);
// The page's view of a report's JSON (live or saved).
nlohmann::json ReportModel(const WebContext& ctx, const HttpRequest& req, const nlohmann::json& r);
// "org=...&year=...&as_of=..." of a report's JSON.
std::string ReportQuery(const nlohmann::json& r);

}  // namespace lophoc::http
