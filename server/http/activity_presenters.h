// The growth and sites-operating reports as JSON (docs/growth.md), as the
// API answers them: for the annual report, which freezes them in a snapshot.
#pragma once

#include <nlohmann/json.hpp>

#include "server/app/activity_report_service.h"

namespace lophoc::http {

nlohmann::json ActivityGrowthJson(const app::GrowthReport& r);
nlohmann::json ActivitySitesJson(const app::SitesReport& r);

}  // namespace lophoc::http
