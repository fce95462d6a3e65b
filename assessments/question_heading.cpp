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

Status HeadingForm() {
  return Why("question heading must be '## question-id [type]'", "question_heading_form");
}

void ReadAttribute(std::string_view word, int line, Question& q, std::set<std::string>& seen,
                   FileDiagnostics& diags) {
  const size_t eq = word.find('=');
  if (eq == std::string_view::npos || eq == 0) {
    diags.Error(line, Why("attribute '" + std::string(word) + "' must be written name=value",
                          "question_attribute_form")
                          .WithParam("attribute", std::string(word)));
    return;
  }
  const std::string name(word.substr(0, eq));
  const std::string value(word.substr(eq + 1));
  if (!seen.insert(name).second) {
    diags.Error(line, Why("attribute '" + name + "' is given twice", "question_attribute_twice")
                          .WithParam("attribute", name));
  } else if (name == "points") {
    auto points = ParseDecimal(value);
    if (!points || *points <= 0) {
      diags.Error(line, Why("points must be a positive number, not '" + value + "'",
                            "question_points_invalid")
                            .WithParam("value", value));
    } else {
      q.points = *points;
    }
  } else if (name == "match") {
    auto match = ShortMatchFromName(value);
    if (q.type != QuestionType::kShort) {
      diags.Error(line, Why("attribute 'match' applies only to short questions",
                            "question_match_not_short"));
    } else if (!match) {
      diags.Error(line, Why("match must be exact, case or loose, not '" + value + "'",
                            "question_match_invalid")
                            .WithParam("value", value));
    } else {
      q.short_match = *match;
    }
  } else {
    diags.Error(line, Why("unknown attribute '" + name +
                              "': use points=N, or match=exact|case|loose for short questions",
                          "question_attribute_unknown")
                          .WithParam("attribute", name));
  }
}

}  // namespace

bool ReadQuestionHeading(std::string_view heading, int line, Question& q, FileDiagnostics& diags) {
  const std::string_view rest = Trim(heading.substr(2));
  const size_t open = rest.find('[');
  const std::string_view id = Trim(rest.substr(0, open));
  if (open == std::string_view::npos || id.empty()) {
    diags.Error(line, HeadingForm());
    return false;
  }
  const size_t close = rest.find(']', open);
  if (close == std::string_view::npos) {
    diags.Error(line, Why("missing ']' in question heading", "question_heading_form"));
    return false;
  }
  if (!Trim(rest.substr(close + 1)).empty()) {
    diags.Error(line,
                Why("unexpected text after ']' in question heading", "question_heading_form"));
  }
  if (!IsValidQuestionId(id)) {
    diags.Error(line, Why("invalid question id '" + std::string(id) +
                              "': use lower-case ASCII letters, digits and '-'",
                          "question_id_invalid")
                          .WithParam("id", std::string(id)));
  }
  q.id = std::string(id);
  const auto words = SplitWords(rest.substr(open + 1, close - open - 1));
  if (words.empty()) {
    diags.Error(line, HeadingForm());
    return false;
  }
  auto type = QuestionTypeFromName(words[0]);
  if (!type) {
    diags.Error(line,
                Why("unknown question type '" + std::string(words[0]) +
                        "': use single, multiple, true-false, short, numeric, matching or essay",
                    "question_type_unknown")
                    .WithParam("type", std::string(words[0])));
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
