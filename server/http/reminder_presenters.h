// Views of reminders (docs/retraining.md, "Reminders"): a person's due and
// overdue programmes and their outbox rows, the managers' "due" list as
// JSON and CSV, and the in-app reminders block every page may include
// (static/templates/partials/reminders_block.mustache). Pure.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "server/app/reminder_service.h"

namespace lophoc::http {

// The last valid day a standing is about: its `until` when valid or due, the
// day before `since` when a certification expired; nullopt otherwise.
std::optional<LocalDate> ValidUntilOf(const training::StandingOn& on);

nlohmann::json DueStandingJson(const app::ProgrammeStanding& s);
nlohmann::json OutboxRowJson(const training::OutboxRow& r);
nlohmann::json DueLineJson(const app::DueLine& line);
// username, display_name, org, site, programme, status, valid_until, since:
// one row per line, formula-guarded (kernel/csv.h).
std::string DueReportCsv(const std::vector<app::DueLine>& lines);

// The model of partials/reminders_block.mustache, for "My learning": under
// "reminders", {has_items, items: [{title, status, status_word, until,
// message, url}]} in `lang` ("en" or Vietnamese) from the person's due and
// overdue programmes (ReminderService::DueSoon), most urgent first; `t` is
// the request's catalogue (Catalogues::For), for the words.
nlohmann::json RemindersBlockModel(const std::vector<app::ProgrammeStanding>& due,
                                   const nlohmann::json& t, const std::string& lang);

}  // namespace lophoc::http
