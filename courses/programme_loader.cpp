#include "courses/programme_loader.h"

#include <algorithm>
#include <regex>

#include "courses/package_loader.h"
#include "kernel/front_matter.h"
#include "kernel/text.h"
#include "people/vocabulary.h"

namespace lophoc::courses {
namespace fs = std::filesystem;
namespace {

// `kind` and `courses` are the form before issue 12 (one path per file),
// still read for one release and mapped to a path (docs/programme-format.md).
const std::vector<FrontMatterKey> kProgrammeKeys = {
    {"slug", true, false},
    {"title", true, false},
    {"title_en", false, false},
    {"staff_categories", true, true},
    {"site_types", false, true},
    {"initial_courses", false, true},
    {"refresher_courses", false, true},
    {"kind", false, false},
    {"courses", false, true},
    {"validity_months", false, false},
    {"renewal_window_days", false, false},
    {"date_rule", false, false},
    {"fixed_day", false, false},
    {"min_validity_months", false, false},
    {"grace_days", false, false},
};

// The window when a file gives none: 60 days before expiry, as before issue 12.
constexpr int kDefaultWindowDays = 60;
// Wide bounds for reading numbers; training::CheckRule says what is allowed.
constexpr long kMaxNumber = 100000;

int LineOf(const FrontMatter& fm, std::string_view key) {
  const FrontMatterEntry* e = fm.Find(key);
  return e != nullptr ? e->line : 0;
}

void ReadStaffCategories(const FrontMatterEntry& e, Programme& p, FileDiagnostics& d) {
  for (const auto& c : e.items) {
    if (people::FindStaffCategory(c) != nullptr) continue;
    const auto* now = people::FormerStaffCategory(c);
    d.Error(e.line, now ? Why("unknown staff category '" + c + "' (now '" +
                                  std::string(now->code) + "')",
                              "staff_category_renamed")
                              .WithParam("value", c)
                              .WithParam("expected", std::string(now->code))
                        : Why("unknown staff category '" + c + "'", "staff_category_invalid")
                              .WithParam("value", c));
  }
  if (e.items.empty()) {
    d.Error(e.line, Why("staff_categories must name at least one category",
                        "programme_categories_empty"));
  }
  p.staff_categories = e.items;
}

void ReadSiteTypes(const FrontMatterEntry& e, Programme& p, FileDiagnostics& d) {
  for (const auto& t : e.items) {
    if (!people::ParseSiteType(t)) {
      d.Error(e.line, Why("unknown site type '" + t + "'", "programme_site_type_invalid")
                          .WithParam("value", t));
    }
  }
  p.site_types = e.items;
}

// One path's course list: not empty, no course twice.
std::vector<std::string> ReadPath(const FrontMatterEntry& e, FileDiagnostics& d) {
  if (e.items.empty()) {
    d.Error(e.line, Why(e.key + " must name at least one course", "programme_courses_empty")
                        .WithParam("key", e.key));
  }
  for (size_t i = 0; i < e.items.size(); ++i) {
    if (std::find(e.items.begin(), e.items.begin() + static_cast<long>(i), e.items[i]) !=
        e.items.begin() + static_cast<long>(i)) {
      d.Error(e.line, Why(e.key + " names course '" + e.items[i] + "' twice",
                          "programme_course_twice")
                          .WithParam("key", e.key)
                          .WithParam("slug", e.items[i]));
    }
  }
  return e.items;
}

// The old form: `kind: initial|refresher` and `courses: [...]`.
void ReadOldForm(const FrontMatter& fm, Programme& p, FileDiagnostics& d) {
  const FrontMatterEntry* kind = fm.Find("kind");
  const FrontMatterEntry* courses = fm.Find("courses");
  if (courses == nullptr) {
    d.Error(kind->line, Why("kind needs a list of courses: better, write initial_courses or "
                            "refresher_courses",
                            "programme_paths_missing"));
    return;
  }
  std::vector<std::string> path = ReadPath(*courses, d);
  if (kind == nullptr) {
    d.Error(courses->line, Why("courses needs kind: initial or refresher (better, write "
                               "initial_courses or refresher_courses)",
                               "programme_kind_missing"));
  } else if (kind->value == "initial") {
    p.initial_courses = std::move(path);
  } else if (kind->value == "refresher") {
    p.refresher_courses = std::move(path);
  } else {
    d.Error(kind->line, Why("kind must be initial or refresher", "programme_kind_invalid")
                            .WithParam("value", kind->value));
    p.initial_courses = std::move(path);  // refused anyway; its courses are checked too
  }
}

void ReadPaths(const FrontMatter& fm, Programme& p, FileDiagnostics& d) {
  const FrontMatterEntry* initial = fm.Find("initial_courses");
  const FrontMatterEntry* refresher = fm.Find("refresher_courses");
  const bool old_form = fm.Find("kind") != nullptr || fm.Find("courses") != nullptr;
  if (old_form && (initial != nullptr || refresher != nullptr)) {
    const int line = LineOf(fm, "kind") > 0 ? LineOf(fm, "kind") : LineOf(fm, "courses");
    d.Error(line, Why("write either initial_courses and refresher_courses or the old kind "
                      "and courses, not both",
                      "programme_paths_mixed"));
    return;
  }
  if (old_form) return ReadOldForm(fm, p, d);
  if (initial == nullptr && refresher == nullptr) {
    d.Error(0, Why("a programme needs initial_courses or refresher_courses (or both)",
                   "programme_paths_missing"));
  }
  if (initial != nullptr) p.initial_courses = ReadPath(*initial, d);
  if (refresher != nullptr) p.refresher_courses = ReadPath(*refresher, d);
}

// "31/12" as {12, 31}; nullopt when it is not two numbers dd/mm.
std::optional<training::MonthDay> ParseDayMonth(const std::string& s) {
  static const std::regex kDayMonth("^([0-9]{1,2})/([0-9]{1,2})$");
  std::smatch m;
  if (!std::regex_match(s, m, kDayMonth)) return std::nullopt;
  return training::MonthDay{std::stoi(m[2].str()), std::stoi(m[1].str())};
}

// Reads `key` into `out` when present; false after reporting a bad number.
bool ReadNumber(const FrontMatter& fm, std::string_view key, int& out, FileDiagnostics& d) {
  if (fm.Find(key) == nullptr) return true;
  auto v = FrontMatterInt(fm, key, 0, kMaxNumber, d);
  if (v) out = static_cast<int>(*v);
  return v.has_value();
}

// The settings of the fixed-date rule; false after reporting a problem.
bool ReadFixedDate(const FrontMatter& fm, training::ValidityRule& r, FileDiagnostics& d) {
  const bool fixed = r.rule == training::DateRule::kFixedDate;
  bool ok = true;
  for (const char* key : {"fixed_day", "min_validity_months"}) {
    if (!fixed && fm.Find(key) != nullptr) {
      d.Error(LineOf(fm, key), Why(std::string(key) + " belongs to date_rule fixed_date only",
                                   "programme_fixed_date_only")
                                   .WithParam("key", key));
      ok = false;
    }
  }
  if (!fixed) return ok;
  if (const FrontMatterEntry* e = fm.Find("fixed_day")) {
    auto day = ParseDayMonth(e->value);
    if (!day) {
      d.Error(e->line, Why("fixed_day must be a day and a month, dd/mm, like 31/12",
                           "programme_fixed_day_form")
                           .WithParam("value", e->value));
      return false;
    }
    r.fixed_day = *day;
  } else {
    d.Error(LineOf(fm, "date_rule"), Why("date_rule fixed_date needs fixed_day, like 31/12",
                                         "programme_fixed_day_missing"));
    return false;
  }
  return ReadNumber(fm, "min_validity_months", r.min_validity_months, d) && ok;
}

// The validity rule, checked as a whole by training::CheckRule.
void ReadRule(const FrontMatter& fm, Programme& p, FileDiagnostics& d) {
  training::ValidityRule& r = p.rule;
  bool ok = ReadNumber(fm, "validity_months", r.validity_months, d);
  r.renewal_window_days = r.validity_months > 0 ? kDefaultWindowDays : 0;
  ok = ReadNumber(fm, "renewal_window_days", r.renewal_window_days, d) && ok;
  ok = ReadNumber(fm, "grace_days", r.grace_days, d) && ok;
  if (const FrontMatterEntry* e = fm.Find("date_rule")) {
    if (auto rule = training::DateRuleFromName(e->value)) {
      r.rule = *rule;
    } else {
      d.Error(e->line, Why("date_rule must be from_completion, from_expiry or fixed_date",
                           "programme_date_rule_invalid")
                           .WithParam("value", e->value));
      ok = false;
    }
  }
  ok = ReadFixedDate(fm, r, d) && ok;
  if (!ok) return;
  Status checked = training::CheckRule(r);
  if (checked.ok()) return;
  // At the line of the setting it concerns, or of the validity it depends on.
  const int line = LineOf(fm, checked.field()) > 0 ? LineOf(fm, checked.field())
                                                   : LineOf(fm, "validity_months");
  d.Error(line, checked);
}

FrontMatterEntry Entry(std::string key, std::string value) {
  FrontMatterEntry e;
  e.key = std::move(key);
  e.value = std::move(value);
  return e;
}

FrontMatterEntry ListEntry(std::string key, std::vector<std::string> items) {
  FrontMatterEntry e = Entry(std::move(key), "");
  e.is_list = true;
  e.items = std::move(items);
  return e;
}

// Reads a programme, reporting problems; returns what could be read whenever
// the front matter itself is readable, so that callers can check more.
std::optional<Programme> ReadProgramme(std::string_view text, FileDiagnostics& d) {
  auto fm = ParseFrontMatter(text, d);
  if (!fm) return std::nullopt;
  CheckFrontMatterKeys(*fm, kProgrammeKeys, d);
  Programme p;
  p.slug = FrontMatterString(*fm, "slug");
  if (const auto* e = fm->Find("slug"); e != nullptr && !IsValidSlug(p.slug)) {
    d.Error(e->line, Why("slug '" + p.slug + "' must be lower-case ASCII letters, digits, hyphens",
                         "programme_slug_invalid")
                         .WithParam("value", p.slug));
  }
  p.title = FrontMatterString(*fm, "title");
  p.title_en = FrontMatterString(*fm, "title_en");
  if (const auto* e = fm->Find("staff_categories")) ReadStaffCategories(*e, p, d);
  if (const auto* e = fm->Find("site_types")) ReadSiteTypes(*e, p, d);
  ReadPaths(*fm, p, d);
  ReadRule(*fm, p, d);
  p.description_markdown = fm->body;
  return p;
}

}  // namespace

std::optional<Programme> ParseProgramme(std::string_view text, FileDiagnostics& d) {
  const int errors_before = d.sink()->ErrorCount();
  auto p = ReadProgramme(text, d);
  if (!p || d.sink()->ErrorCount() > errors_before) return std::nullopt;
  return p;
}

std::vector<Programme> LoadProgrammes(const fs::path& dir, const std::string& display_dir,
                                      const KnownCourses& known, Diagnostics& diags) {
  std::vector<fs::path> files;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    if (entry.path().extension() == ".md") files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  std::vector<Programme> out;
  std::set<std::string> slugs;
  for (const auto& file : files) {
    FileDiagnostics d(&diags, display_dir + "/" + file.filename().string());
    auto text = ReadAuthoredText(file, d);
    if (!text) continue;
    const int errors_before = diags.ErrorCount();
    auto p = ReadProgramme(*text, d);
    if (!p) continue;
    if (!slugs.insert(p->slug).second) {
      d.Error(0, Why("programme slug '" + p->slug + "' is used by another programme file",
                     "programme_slug_taken")
                     .WithParam("slug", p->slug));
    }
    for (const auto& c : ProgrammeCourses(*p)) {
      if (known.slugs.count(c) == 0) {
        d.Error(0, Why("programme names course '" + c + "', which is not in " + known.where,
                       "programme_course_unknown")
                       .WithParam("slug", c));
      }
    }
    if (diags.ErrorCount() == errors_before) out.push_back(std::move(*p));
  }
  return out;
}

std::vector<std::string> ProgrammeCourses(const Programme& p) {
  std::vector<std::string> out;
  for (const auto* path : {&p.initial_courses, &p.refresher_courses}) {
    for (const auto& c : *path) {
      if (std::find(out.begin(), out.end(), c) == out.end()) out.push_back(c);
    }
  }
  return out;
}

std::string FixedDayText(const training::MonthDay& day) {
  auto two_digits = [](int n) { return (n < 10 ? "0" : "") + std::to_string(n); };
  return two_digits(day.day) + "/" + two_digits(day.month);
}

std::vector<FrontMatterEntry> ProgrammeSettings(const Programme& p) {
  std::vector<FrontMatterEntry> fm = {Entry("slug", p.slug), Entry("title", p.title)};
  if (!p.title_en.empty()) fm.push_back(Entry("title_en", p.title_en));
  fm.push_back(ListEntry("staff_categories", p.staff_categories));
  if (!p.site_types.empty()) fm.push_back(ListEntry("site_types", p.site_types));
  if (!p.initial_courses.empty()) fm.push_back(ListEntry("initial_courses", p.initial_courses));
  if (!p.refresher_courses.empty()) {
    fm.push_back(ListEntry("refresher_courses", p.refresher_courses));
  }
  const training::ValidityRule& r = p.rule;
  fm.push_back(Entry("validity_months", std::to_string(r.validity_months)));
  fm.push_back(Entry("renewal_window_days", std::to_string(r.renewal_window_days)));
  if (r.rule != training::DateRule::kFromCompletion) {
    fm.push_back(Entry("date_rule", std::string(training::DateRuleName(r.rule))));
  }
  if (r.rule == training::DateRule::kFixedDate) {
    fm.push_back(Entry("fixed_day", FixedDayText(r.fixed_day)));
    fm.push_back(Entry("min_validity_months", std::to_string(r.min_validity_months)));
  }
  if (r.grace_days > 0) fm.push_back(Entry("grace_days", std::to_string(r.grace_days)));
  return fm;
}

std::string ProgrammeFileText(const Programme& p) {
  return WriteFrontMatter(ProgrammeSettings(p)) + p.description_markdown;
}

namespace {

// Whether front matter holds `text` unchanged: one line, no control
// characters (a list item also without a comma, which would split it).
bool FitsOneLine(const std::string& text) {
  for (unsigned char c : text) {
    if (c < 0x20 || c == 0x7f) return false;
  }
  return true;
}

Status BadValue(const std::string& key) {
  return Status::InvalidArgument(key + " must be one line of text without control characters")
      .WithReason("programme_value_invalid")
      .WithField(key)
      .WithParam("key", key);
}

}  // namespace

std::optional<Programme> ProgrammeFromSettings(const std::vector<FrontMatterEntry>& settings,
                                               const std::string& description,
                                               std::vector<Status>& problems) {
  const size_t before = problems.size();
  for (const auto& e : settings) {
    bool fits = FitsOneLine(e.value);
    for (const auto& item : e.items) fits = fits && FitsOneLine(item) && !item.empty();
    if (!fits) problems.push_back(BadValue(e.key));
  }
  if (problems.size() > before) return std::nullopt;
  // Written as a file: "---" on line 1, then one line per setting.
  const std::string text = WriteFrontMatter(settings) + description;
  Diagnostics diags;
  FileDiagnostics d(&diags, "programme");
  auto p = ParseProgramme(text, d);
  for (const auto& item : diags.items()) {
    if (item.severity != Severity::kError) continue;
    const size_t index = static_cast<size_t>(item.line >= 2 ? item.line - 2 : settings.size());
    const std::string field = index < settings.size() ? settings[index].key : "";
    Status s = Status::InvalidArgument(item.message)
                   .WithReason(item.reason.empty() ? "programme_invalid" : item.reason)
                   .WithField(field);
    for (const auto& [name, value] : item.params) s = std::move(s).WithParam(name, value);
    problems.push_back(std::move(s));
  }
  if (!p) {
    if (problems.size() == before) {
      problems.push_back(
          Status::InvalidArgument("the programme cannot be read").WithReason("programme_invalid"));
    }
    return std::nullopt;
  }
  // What was read must be what was given (quoting is the writer's job).
  for (const auto& e : settings) {
    if ((e.key == "title" && p->title != e.value) ||
        (e.key == "title_en" && p->title_en != e.value)) {
      problems.push_back(BadValue(e.key));
    }
  }
  if (problems.size() > before) return std::nullopt;
  return p;
}

}  // namespace lophoc::courses
