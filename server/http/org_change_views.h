// JSON shapes of the org tree over time, shared by the API and the admin
// pages (org_change_api.cpp, org_change_pages.cpp).
#pragma once

#include <nlohmann/json.hpp>

#include "people/org_change_store.h"

namespace lophoc::http {

nlohmann::json OrgLevelJson(const people::OrgLevelInfo& l);
// {"dry_run", "batch", "changes": [{"id", "kind", "effective_on", "subject",
//  "line", "units": [{"code", "from", "to"}], "sites": [...], "people"}],
//  "totals": {"changes", "units", "sites", "people"}}
nlohmann::json OrgChangeOutcomeJson(const people::OrgChangeOutcome& o);
nlohmann::json OrgChangeRecordJson(const people::OrgChangeRecord& r);

}  // namespace lophoc::http
