#include "server/http/target_views.h"

#include "kernel/csv.h"
#include "server/app/target_service.h"

namespace lophoc::http {
namespace {

std::string Joined(const std::vector<std::string>& codes) {
  std::string out;
  for (const auto& c : codes) out += (out.empty() ? "" : "|") + c;
  return out;
}

}  // namespace

nlohmann::json TargetJson(const training::Target& t) {
  return {{"id", t.id},
          {"kind", training::TargetKindName(t.kind)},
          {"title", t.title},
          {"source", t.source},
          {"org", t.org_code},
          {"org_name", t.org_name},
          {"programme", t.programme.empty() ? nlohmann::json() : nlohmann::json(t.programme)},
          {"site_types", t.site_types},
          {"staff_categories", t.staff_categories},
          {"percent", t.percent},
          {"starts_on", FormatIsoDate(t.starts_on)},
          {"deadline", FormatIsoDate(t.deadline)},
          {"window_days", t.window_days ? nlohmann::json(*t.window_days) : nlohmann::json()},
          {"created_at", t.created_at},
          {"retired_at", t.retired() ? nlohmann::json(t.retired_at) : nlohmann::json()}};
}

std::string TargetsCsv(const std::vector<training::Target>& targets) {
  std::vector<std::string> header = app::TargetCsvColumns();
  header.push_back("id");
  header.push_back("retired_at");
  CsvWriter out(header);
  for (const auto& t : targets) {
    out.Row({training::TargetKindName(t.kind), t.title, t.source, t.org_code, t.programme,
             Joined(t.site_types), Joined(t.staff_categories), training::FormatPercent(t.percent),
             FormatIsoDate(t.starts_on), FormatIsoDate(t.deadline),
             t.window_days ? std::to_string(*t.window_days) : "", std::to_string(t.id),
             t.retired_at});
  }
  return out.Take();
}

}  // namespace lophoc::http
