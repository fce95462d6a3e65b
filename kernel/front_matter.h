// Front matter: the small `key: value` header between two `---` lines that
// starts course.md, lesson files, quiz.md and programme files
// (docs/course-format.md). A strict subset of YAML, so every problem can be
// reported with its exact line. Pure; thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "kernel/diagnostics.h"

namespace lophoc {

struct FrontMatterEntry {
  std::string key;
  std::string value;               // scalar text (empty for lists)
  std::vector<std::string> items;  // list items when is_list
  bool is_list = false;
  int line = 0;  // 1-based line in the file
};

struct FrontMatter {
  std::vector<FrontMatterEntry> entries;
  std::string body;         // text after the closing `---`
  int body_first_line = 1;  // file line number of the body's first line

  const FrontMatterEntry* Find(std::string_view key) const;
};

// Splits normalized text (LF line ends, no BOM) into front matter and body.
// Problems are reported to `diags`. Returns nullopt when no well-delimited
// front matter exists (missing opening or closing `---`); malformed lines
// inside are reported and skipped.
std::optional<FrontMatter> ParseFrontMatter(std::string_view text, FileDiagnostics& diags);

// Describes one key a file type accepts.
struct FrontMatterKey {
  std::string_view name;
  bool required;
  bool is_list;
};

// Reports unknown keys, missing required keys and list/scalar mismatches.
// Returns true when none were found.
bool CheckFrontMatterKeys(const FrontMatter& fm, const std::vector<FrontMatterKey>& schema,
                          FileDiagnostics& diags);

// Parses the value of `key` as an integer within [min, max]; reports and
// returns nullopt when present but invalid, nullopt silently when absent.
std::optional<long> FrontMatterInt(const FrontMatter& fm, std::string_view key, long min,
                                   long max, FileDiagnostics& diags);

// Returns the scalar value of `key`, or `fallback` when absent.
std::string FrontMatterString(const FrontMatter& fm, std::string_view key,
                              std::string_view fallback = {});

// Serialises entries back to front matter text ("---\n...---\n"); quotes values
// that would not read back unchanged.
std::string WriteFrontMatter(const std::vector<FrontMatterEntry>& entries);

}  // namespace lophoc
