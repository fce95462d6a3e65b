#include "server/http/reminder_presenters.h"

#include <algorithm>

#include "kernel/csv.h"
#include "server/http/json_views.h"
#include "server/http/shown_text.h"

namespace lophoc::http {
namespace {

using nlohmann::json;

std::string Iso(const std::optional<LocalDate>& d) { return d ? FormatIsoDate(*d) : ""; }
std::string Local(const std::optional<LocalDate>& d) { return d ? FormatLocalDate(*d) : ""; }

std::string Title(const courses::Programme& p, const std::string& lang) {
  return ShowText(lang, p.title, p.title_en).text;
}

// The catalogue's text at `key`, "{name}" replaced by `value`.
std::string Word(const json& t, const std::string& key, const std::string& name = "",
                 const std::string& value = "") {
  std::string text = t.value(key, key);
  const std::string mark = "{" + name + "}";
  if (!name.empty()) {
    for (size_t at = text.find(mark); at != std::string::npos; at = text.find(mark, at)) {
      text.replace(at, mark.size(), value);
      at += value.size();
    }
  }
  return text;
}

int Urgency(training::Standing s) {
  return s == training::Standing::kOverdue ? 0 : s == training::Standing::kDue ? 1 : 2;
}

}  // namespace

std::optional<LocalDate> ValidUntilOf(const training::StandingOn& on) {
  switch (on.standing) {
    case training::Standing::kValid:
    case training::Standing::kDue:
      return on.until;
    case training::Standing::kOverdue:
      if (on.certification && on.since) return AddDays(*on.since, -1);
      return std::nullopt;
    default:
      return std::nullopt;
  }
}

json DueStandingJson(const app::ProgrammeStanding& s) {
  const courses::Programme& p = s.programme.programme;
  return {
      {"programme", {{"slug", p.slug}, {"title", p.title}, {"title_en", NullIfEmpty(p.title_en)}}},
      {"as_of", FormatIsoDate(s.day)},
      {"standing", std::string(training::StandingName(s.on.standing))},
      {"valid_until", NullIfEmpty(Iso(ValidUntilOf(s.on)))},
      {"since", NullIfEmpty(Iso(s.on.since))},
      {"courses_to_do", s.progress.missing},
  };
}

json OutboxRowJson(const training::OutboxRow& r) {
  return {
      {"id", r.id},
      {"programme", r.programme},
      {"cycle", r.cycle},
      {"kind", std::string(training::ReminderKindName(r.kind))},
      {"channel", std::string(training::ReminderChannelName(r.channel))},
      {"address", NullIfEmpty(r.address)},
      {"subject", r.subject},
      {"body", r.body},
      {"due_on", FormatIsoDate(r.due_on)},
      {"created_at", r.created_at},
      {"attempts", r.attempts},
      {"sent", r.sent},
  };
}

json DueLineJson(const app::DueLine& line) {
  const courses::Programme& p = line.programme.programme;
  const people::User& u = line.user;
  return {
      {"user",
       {{"id", u.id},
        {"username", u.username},
        {"display_name", u.display_name},
        {"org", NullIfEmpty(u.org_code)},
        {"site", NullIfEmpty(u.site_code)}}},
      {"programme", {{"slug", p.slug}, {"title", p.title}, {"title_en", NullIfEmpty(p.title_en)}}},
      {"standing", std::string(training::StandingName(line.on.standing))},
      {"valid_until", NullIfEmpty(Iso(ValidUntilOf(line.on)))},
      {"since", NullIfEmpty(Iso(line.on.since))},
  };
}

std::string DueReportCsv(const std::vector<app::DueLine>& lines) {
  CsvWriter csv(
      {"username", "display_name", "org", "site", "programme", "status", "valid_until", "since"});
  for (const auto& line : lines) {
    csv.Row({line.user.username, line.user.display_name, line.user.org_code, line.user.site_code,
             line.programme.programme.slug, std::string(training::StandingName(line.on.standing)),
             Iso(ValidUntilOf(line.on)), Iso(line.on.since)});
  }
  return csv.Take();
}

json RemindersBlockModel(const std::vector<app::ProgrammeStanding>& due, const json& t,
                         const std::string& lang) {
  std::vector<const app::ProgrammeStanding*> sorted;
  for (const auto& s : due) sorted.push_back(&s);
  std::stable_sort(sorted.begin(), sorted.end(), [](const auto* a, const auto* b) {
    return Urgency(a->on.standing) < Urgency(b->on.standing);
  });
  json items = json::array();
  for (const auto* s : sorted) {
    const std::string status(training::StandingName(s->on.standing));
    const std::string until = Local(ValidUntilOf(s->on));
    std::string message;
    if (s->on.standing == training::Standing::kOverdue) {
      message = s->on.certification ? Word(t, "reminder_expired_since", "date", Local(s->on.since))
                                    : Word(t, "reminder_first_overdue", "date", Local(s->on.since));
    } else {
      message = Word(t, "reminder_valid_until", "date", until);
    }
    const std::string first_course =
        s->progress.missing.empty() ? "" : "/courses/" + s->progress.missing.front();
    items.push_back({{"title", Title(s->programme.programme, lang)},
                     {"status", status},
                     {"status_word", Word(t, "standing_" + status)},
                     {"until", until},
                     {"message", message},
                     {"url", first_course},
                     {"has_url", !first_course.empty()}});
  }
  return {{"reminders", {{"has_items", !items.empty()}, {"items", items}}}};
}

}  // namespace lophoc::http
