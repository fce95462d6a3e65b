#include "assessments/quiz_writer.h"

#include <string_view>
#include <vector>

#include "assessments/quiz_numbers.h"
#include "kernel/front_matter.h"
#include "kernel/text.h"

namespace lophoc::assessments {
namespace {

std::string WriteSettings(const QuizSettings& s) {
  std::vector<FrontMatterEntry> entries;
  auto add = [&](const char* key, std::string value) {
    FrontMatterEntry e;
    e.key = key;
    e.value = std::move(value);
    entries.push_back(std::move(e));
  };
  add("title", s.title);
  add("pass_mark", FormatDecimal(s.pass_mark));
  if (s.max_attempts) add("attempts", std::to_string(*s.max_attempts));
  if (s.grading != GradingMethod::kHighest) add("grading", GradingMethodName(s.grading));
  if (s.time_limit_minutes) add("time_limit", std::to_string(*s.time_limit_minutes));
  if (s.late != LatePolicy::kReject) add("late", LatePolicyName(s.late));
  if (s.draw) add("draw", std::to_string(*s.draw));
  if (s.shuffle) add("shuffle", "true");
  return WriteFrontMatter(entries);
}

// Writes each line of `text` after `prefix` ("> " or "  > "); blank lines as
// the bare '>' so the quote goes on.
void WriteQuoted(std::string& out, std::string_view prefix, const std::string& text) {
  for (std::string_view line : SplitLines(text)) {
    if (line.empty()) {
      out.append(prefix.substr(0, prefix.size() - 1));
    } else {
      out.append(prefix).append(line);
    }
    out += '\n';
  }
}

std::string Heading(const Question& q) {
  std::string h = "## " + q.id + " [" + QuestionTypeName(q.type);
  if (q.points != 1) h += " points=" + FormatDecimal(q.points);
  if (q.type == QuestionType::kShort && q.short_match != ShortMatch::kCase) {
    h += std::string(" match=") + ShortMatchName(q.short_match);
  }
  return h + "]\n";
}

std::string Box(bool correct, bool explicit_weight, double weight) {
  std::string box = correct ? "- [x] " : "- [ ] ";
  if (explicit_weight) box += "(" + FormatDecimal(weight) + "%) ";
  return box;
}

// The author's spelling when it still means [min, max]; a canonical one otherwise.
std::string NumericText(const NumericAnswer& a) {
  if (a.other) return "*";
  if (!a.source.empty()) {
    auto range = ParseNumericRange(a.source);
    if (range.ok() && range->min == a.min && range->max == a.max) return a.source;
  }
  if (a.min == a.max) return FormatDecimal(a.min);
  return FormatDecimal(a.min) + ".." + FormatDecimal(a.max);
}

void WriteAnswers(std::string& out, const Question& q) {
  for (const Choice& c : q.choices) {
    out += Box(c.correct, c.explicit_weight, c.weight_percent) + c.text + "\n";
    WriteQuoted(out, "  > ", c.feedback);
  }
  for (const NumericAnswer& a : q.numeric_answers) {
    out += Box(a.correct, a.explicit_weight, a.weight_percent) + NumericText(a) + "\n";
    WriteQuoted(out, "  > ", a.feedback);
  }
  for (const MatchPair& p : q.pairs) {
    out += "- " + (p.left.empty() ? std::string() : p.left + " ") + "-> " + p.right + "\n";
  }
}

}  // namespace

std::string WriteQuiz(const Quiz& quiz) {
  std::string out = WriteSettings(quiz.settings);
  if (!quiz.intro_markdown.empty()) out += "\n" + quiz.intro_markdown + "\n";
  for (const Question& q : quiz.questions) {
    out += "\n" + Heading(q) + q.stem_markdown + "\n\n";
    WriteAnswers(out, q);
    WriteQuoted(out, "  > ", q.grader_guidance);
    if (!q.general_feedback.empty()) {
      out += "\n";
      WriteQuoted(out, "> ", q.general_feedback);
    }
  }
  return out;
}

}  // namespace lophoc::assessments
