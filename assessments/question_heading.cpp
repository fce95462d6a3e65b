#include "assessments/question_heading.h"

#include <algorithm>
#include <set>
#include <string>
#include <vector>

#include "assessments/quiz_numbers.h"
#include "kernel/text.h"

namespace lophoc::assessments {
namespace {

std::vector<std::string_view> SplitWords(std::string_view s) {
  std::vector<std::string_view> words;
  size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && (s[i] == ' ' || s[i] == '\t')) ++i;
    size_t j = i;
    while (j < s.size() && s[j] != ' ' && s[j] != '\t') ++j;
    if (j > i) words.push_back(s.substr(i, j - i));
    i = j;
  }
  return words;
}

const char kHeadingForm[] = "question heading must be '## question-id [type]'";

void ReadAttribute(std::string_view word, int line, Question& q, std::set<std::string>& seen,
                   FileDiagnostics& diags) {
  const size_t eq = word.find('=');
  if (eq == std::string_view::npos || eq == 0) {
    diags.Error(line, "attribute '" + std::string(word) + "' must be written name=value");
    return;
  }
  const std::string name(word.substr(0, eq));
  const std::string value(word.substr(eq + 1));
  if (!seen.insert(name).second) {
    diags.Error(line, "attribute '" + name + "' is given twice");
  } else if (name == "points") {
    auto points = ParseDecimal(value);
    if (!points || *points <= 0) {
      diags.Error(line, "points must be a positive number, not '" + value + "'");
    } else {
      q.points = *points;
    }
  } else if (name == "match") {
    auto match = ShortMatchFromName(value);
    if (q.type != QuestionType::kShort) {
      diags.Error(line, "attribute 'match' applies only to short questions");
    } else if (!match) {
      diags.Error(line, "match must be exact, case or loose, not '" + value + "'");
    } else {
      q.short_match = *match;
    }
  } else {
    diags.Error(line, "unknown attribute '" + name +
                          "': use points=N, or match=exact|case|loose for short questions");
  }
}

}  // namespace

bool ReadQuestionHeading(std::string_view heading, int line, Question& q, FileDiagnostics& diags) {
  const std::string_view rest = Trim(heading.substr(2));
  const size_t open = rest.find('[');
  const std::string_view id = Trim(rest.substr(0, open));
  if (open == std::string_view::npos || id.empty()) {
    diags.Error(line, kHeadingForm);
    return false;
  }
  const size_t close = rest.find(']', open);
  if (close == std::string_view::npos) {
    diags.Error(line, "missing ']' in question heading");
    return false;
  }
  if (!Trim(rest.substr(close + 1)).empty()) {
    diags.Error(line, "unexpected text after ']' in question heading");
  }
  if (!IsValidQuestionId(id)) {
    diags.Error(line, "invalid question id '" + std::string(id) +
                          "': use lower-case ASCII letters, digits and '-'");
  }
  q.id = std::string(id);
  const auto words = SplitWords(rest.substr(open + 1, close - open - 1));
  if (words.empty()) {
    diags.Error(line, kHeadingForm);
    return false;
  }
  auto type = QuestionTypeFromName(words[0]);
  if (!type) {
    diags.Error(line, "unknown question type '" + std::string(words[0]) +
                          "': use single, multiple, true-false, short, numeric or matching");
    return false;
  }
  q.type = *type;
  std::set<std::string> seen;
  for (size_t i = 1; i < words.size(); ++i) ReadAttribute(words[i], line, q, seen, diags);
  return true;
}

bool IsQuestionHeading(std::string_view line) {
  return line.substr(0, 2) == "##" && (line.size() == 2 || line[2] == ' ' || line[2] == '\t');
}

bool IsValidQuestionId(std::string_view id) {
  return !id.empty() && std::all_of(id.begin(), id.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
  });
}

}  // namespace lophoc::assessments
