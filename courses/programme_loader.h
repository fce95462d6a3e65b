// Programme files (docs/programme-format.md): reading one into the model with
// every problem at its line, reading a folder of them, and writing one back
// (what `lophoc programmes export` writes; reading it again gives the same
// programme). Pure; thread-compatible.
#pragma once

#include <filesystem>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "courses/course.h"
#include "kernel/diagnostics.h"
#include "kernel/front_matter.h"

namespace lophoc::courses {

// Parses one programme file's text (normalized: LF, NFC): its keys, its two
// paths (or the old `kind` + `courses` form, mapped to one of them), its staff
// categories and site types, and its validity rule (training::CheckRule).
// Course slugs are not looked up here. Returns nullopt on any error.
std::optional<Programme> ParseProgramme(std::string_view text, FileDiagnostics& diags);

// The courses a folder of programmes may name.
struct KnownCourses {
  std::set<std::string> slugs;
  std::string where;  // where they are, for messages: "content", "the database"
};

// Reads every `*.md` file of `dir` (in name order) as a programme. A file with
// errors is left out; so is one whose slug an earlier file used, or that
// names a course not in `known`. Problems name files as
// `display_dir/name`.
std::vector<Programme> LoadProgrammes(const std::filesystem::path& dir,
                                      const std::string& display_dir,
                                      const KnownCourses& known,
                                      Diagnostics& diags);

// The settings of a programme file for `p`, in the order ProgrammeFileText
// writes them (settings at their defaults are left out).
std::vector<FrontMatterEntry> ProgrammeSettings(const Programme& p);

// A programme from its settings given key by key (the admin's form and the
// API), read with exactly the checks of a file: `settings` are written as a
// file's front matter, `description` as its body, and the text is read by
// ParseProgramme. Returns nullopt and adds every problem to `problems`, each
// an InvalidArgument whose field is the key it concerns ("" for the whole
// programme). A value that a file cannot hold unchanged (a line break in a
// title) is refused too (reason programme_value_invalid).
std::optional<Programme> ProgrammeFromSettings(const std::vector<FrontMatterEntry>& settings,
                                               const std::string& description,
                                               std::vector<Status>& problems);

// The text of a programme file for `p`, in the current form (two paths;
// settings at their defaults are left out).
std::string ProgrammeFileText(const Programme& p);

// A fixed day as programme files write it: "31/12", "01/07".
std::string FixedDayText(const training::MonthDay& day);

// Every course a programme names, on either path, each once, in order.
std::vector<std::string> ProgrammeCourses(const Programme& p);

}  // namespace lophoc::courses
