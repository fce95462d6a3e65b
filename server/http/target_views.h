// How a target reads in the API (JSON) and in the CSV of a list
// (docs/targets.md); shared by target_api.cpp and target_pages.cpp. Pure.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "training/targets.h"

namespace lophoc::http {

// {"id", "kind", "title", "source", "org", "org_name", "programme",
//  "site_types", "staff_categories", "percent", "starts_on", "deadline"
//  (YYYY-MM-DD), "window_days" (null but for sites_active), "created_at",
//  "retired_at" (null while in use)}.
nlohmann::json TargetJson(const training::Target& t);
// The list as CSV (kernel/csv.h): the columns of app::TargetCsvColumns(),
// then id and retired_at; lists written "a|b". A file `lophoc targets import`
// reads back.
std::string TargetsCsv(const std::vector<training::Target>& targets);

}  // namespace lophoc::http
