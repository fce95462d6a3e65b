#include "server/http/org_change_views.h"

namespace lophoc::http {

using nlohmann::json;

json OrgLevelJson(const people::OrgLevelInfo& l) {
  return {{"code", l.code}, {"name_vi", l.name_vi}, {"name_en", l.name_en}, {"rank", l.rank}};
}

json OrgChangeOutcomeJson(const people::OrgChangeOutcome& o) {
  json changes = json::array();
  int64_t units = 0, sites = 0, people = 0;
  for (const auto& e : o.changes) {
    json u = json::array();
    for (const auto& m : e.units) u.push_back({{"code", m.code}, {"from", m.from}, {"to", m.to}});
    json s = json::array();
    for (const auto& m : e.sites) s.push_back({{"code", m.code}, {"from", m.from}, {"to", m.to}});
    json item = {{"kind", e.change.kind},
                 {"effective_on", e.change.effective_on},
                 {"subject", e.change.subject},
                 {"units", u},
                 {"sites", s},
                 {"people", e.people}};
    if (e.id > 0) item["id"] = e.id;
    if (e.change.line > 0) item["line"] = e.change.line;
    units += static_cast<int64_t>(e.units.size());
    sites += static_cast<int64_t>(e.sites.size());
    people += e.people;
    changes.push_back(std::move(item));
  }
  json out = {{"dry_run", o.dry_run},
              {"changes", changes},
              {"totals",
               {{"changes", static_cast<int64_t>(o.changes.size())},
                {"units", units},
                {"sites", sites},
                {"people", people}}}};
  if (!o.batch.empty()) out["batch"] = o.batch;
  return out;
}

json OrgChangeRecordJson(const people::OrgChangeRecord& r) {
  json details = json::parse(r.details_json, nullptr, false);
  if (details.is_discarded()) details = json::object();
  json out = {{"id", r.id},
              {"kind", r.kind},
              {"effective_on", r.effective_on},
              {"subject", r.subject},
              {"details", details},
              {"created_by", r.created_by},
              {"created_at", r.created_at}};
  if (!r.batch.empty()) out["batch"] = r.batch;
  return out;
}

}  // namespace lophoc::http
