#include "training/targets.h"

#include <cmath>
#include <cstdio>
#include <cstdlib>


namespace lophoc::training {
namespace {

struct KindName {
  TargetKind kind;
  const char* name;
};

constexpr KindName kKinds[] = {
    {TargetKind::kTrained, "trained"},
    {TargetKind::kLearnersGrowth, "learners_growth"},
    {TargetKind::kVisitsGrowth, "visits_growth"},
    {TargetKind::kSitesActive, "sites_active"},
};

Status Invalid(const std::string& message, const char* reason, const char* field) {
  return Status::InvalidArgument(message).WithReason(reason).WithField(field);
}

}  // namespace

const char* TargetKindName(TargetKind k) {
  for (const auto& e : kKinds) {
    if (e.kind == k) return e.name;
  }
  return "trained";
}

std::optional<TargetKind> ParseTargetKind(std::string_view name) {
  for (const auto& e : kKinds) {
    if (name == e.name) return e.kind;
  }
  return std::nullopt;
}

const std::vector<TargetKind>& TargetKinds() {
  static const std::vector<TargetKind> kAll = {TargetKind::kTrained, TargetKind::kLearnersGrowth,
                                               TargetKind::kVisitsGrowth, TargetKind::kSitesActive};
  return kAll;
}

std::vector<Status> TargetProblems(const Target& t) {
  std::vector<Status> out;
  const std::string kind = TargetKindName(t.kind);
  if (t.title.empty()) {
    out.push_back(Invalid("a target needs a title", "target_title_missing", "title"));
  } else if (t.title.size() > kTargetTitleMaxBytes) {
    out.push_back(
        Invalid("the title is longer than " + std::to_string(kTargetTitleMaxBytes) + " bytes",
                "target_title_too_long", "title")
            .WithParam("max", static_cast<int64_t>(kTargetTitleMaxBytes)));
  }
  if (t.source.size() > kTargetSourceMaxBytes) {
    out.push_back(
        Invalid("the source is longer than " + std::to_string(kTargetSourceMaxBytes) + " bytes",
                "target_source_too_long", "source")
            .WithParam("max", static_cast<int64_t>(kTargetSourceMaxBytes)));
  }
  if (!std::isfinite(t.percent) || t.percent < 0 || t.percent > 100) {
    out.push_back(Invalid("percent must lie between 0 and 100", "target_percent_invalid", "percent")
                      .WithParam("value", FormatPercent(t.percent)));
  }
  if (t.deadline < t.starts_on) {
    out.push_back(Invalid("the deadline " + FormatIsoDate(t.deadline) + " is before the start " +
                              FormatIsoDate(t.starts_on),
                          "target_deadline_before_start", "deadline")
                      .WithParam("starts_on", FormatLocalDate(t.starts_on))
                      .WithParam("deadline", FormatLocalDate(t.deadline)));
  }
  if (t.kind == TargetKind::kTrained && t.programme.empty()) {
    out.push_back(
        Invalid("a 'trained' target names its programme", "target_programme_missing", "programme"));
  } else if (t.kind != TargetKind::kTrained && !t.programme.empty()) {
    out.push_back(Invalid("only a 'trained' target names a programme, not a '" + kind + "' one",
                          "target_programme_not_allowed", "programme")
                      .WithParam("kind", kind));
  }
  if (t.kind == TargetKind::kSitesActive) {
    if (!t.window_days || *t.window_days < 1 || *t.window_days > kMaxWindowDays) {
      out.push_back(Invalid("window_days must lie between 1 and " + std::to_string(kMaxWindowDays),
                            "target_window_invalid", "window_days")
                        .WithParam("value", t.window_days ? std::to_string(*t.window_days) : "")
                        .WithParam("max", kMaxWindowDays));
    }
  } else if (t.window_days) {
    out.push_back(Invalid("only a 'sites_active' target has window_days, not a '" + kind + "' one",
                          "target_window_not_allowed", "window_days")
                      .WithParam("kind", kind));
  }
  return out;
}

Status CheckTarget(const Target& t) {
  auto problems = TargetProblems(t);
  return problems.empty() ? Status::Ok() : problems.front();
}

std::optional<double> ParsePercent(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  if (!text.empty() && text.back() == '%') text.remove_suffix(1);
  if (text.empty() || text.size() > 20) return std::nullopt;
  std::string s(text);
  bool seen_point = false;
  bool seen_digit = false;
  for (size_t i = 0; i < s.size(); ++i) {
    char& c = s[i];
    if (c == ',') c = '.';
    if (c == '-' && i == 0) continue;
    if (c == '.') {
      if (seen_point) return std::nullopt;
      seen_point = true;
    } else if (c >= '0' && c <= '9') {
      seen_digit = true;
    } else {
      return std::nullopt;
    }
  }
  if (!seen_digit) return std::nullopt;
  return std::strtod(s.c_str(), nullptr);
}

std::string FormatPercent(double percent) {
  if (!std::isfinite(percent)) return "?";
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.2f", percent);
  std::string s = buf;
  while (!s.empty() && s.back() == '0') s.pop_back();
  if (!s.empty() && s.back() == '.') s.pop_back();
  return s;
}

}  // namespace lophoc::training
