// GIFT files: split into question blocks, each read for its name, text and
// answer block; the answer kinds are in gift_answers.cpp, the escaped text in
// gift_text.cpp, the pieces they share in gift_reader.h.
#include "assessments/gift_parser.h"

#include <algorithm>
#include <set>
#include <string>

#include "assessments/gift_reader.h"
#include "assessments/quiz_import.h"
#include "assessments/quiz_numbers.h"
#include "kernel/text.h"

namespace lophoc::assessments {
namespace gift {

std::optional<Question> GiftQuestionReader::Read() {
  const int errors_before = diags_.sink()->ErrorCount();
  q_.line = b_.first_line();
  Span rest = b_.Trim({0, b_.size()});
  size_t open = 0;
  size_t close = 0;
  if (!ReadName(rest) || !FindAnswers(rest, open, close)) return std::nullopt;
  const bool stem_ok = ReadStem(rest, open, close);
  const bool answers_ok = ReadAnswers(open, {open + 1, close});
  if (!stem_ok || !answers_ok || diags_.sink()->ErrorCount() > errors_before) return std::nullopt;
  // Ids are given to unnamed questions once all are read; any id will do here.
  Question check = q_;
  if (check.id.empty()) check.id = "q";
  if (!CheckStorable(check, q_.line, diags_)) return std::nullopt;
  return std::move(q_);
}

bool GiftQuestionReader::ReadName(Span& rest) {
  if (!b_.StartsWith("::", rest)) return true;
  const size_t end = b_.Find("::", {rest.begin + 2, rest.end});
  if (end == std::string::npos) {
    return Error(rest.begin, Why("question name is not closed: write '::name::' before the question",
                                 "gift_name_unclosed"));
  }
  std::string name = b_.Text({rest.begin + 2, end});
  std::replace(name.begin(), name.end(), '\n', ' ');
  q_.id = QuestionIdFromName(name);
  rest = b_.Trim({end + 2, rest.end});
  return true;
}

bool GiftQuestionReader::FindAnswers(Span rest, size_t& open, size_t& close) {
  open = b_.Find("{", rest);
  close = b_.Find("}", rest);
  if (open == std::string::npos && close == std::string::npos) {
    return Error(rest.begin,
                 Why("a question without an answer block '{...}' is a description, which lophoc "
                     "cannot import: add answers, or put the text in a lesson",
                     "gift_no_answer_block"));
  }
  if (open == std::string::npos || close < open) {
    return Error(close, Why("'}' without a '{' before it: write \\} for a brace in text",
                            "gift_brace_unopened"));
  }
  if (close == std::string::npos) {
    return Error(open, Why("'{' is not closed by '}' before the blank line that ends the "
                           "question: write \\{ for a brace in text",
                           "gift_brace_unclosed"));
  }
  const size_t inner = b_.Find("{", {open + 1, close});
  if (inner != std::string::npos) {
    return Error(inner, Why("'{' inside the answer block opened on line " +
                                std::to_string(b_.LineAt(open)) +
                                ": write \\{ for a brace in text",
                            "gift_brace_nested")
                            .WithParam("first_line", b_.LineAt(open)));
  }
  for (const char* brace : {"{", "}"}) {
    const size_t extra = b_.Find(brace, {close + 1, rest.end});
    if (extra != std::string::npos) {
      return Error(extra, Why(std::string("'") + brace +
                                  "' after the answer block: a question has one answer block; "
                                  "separate questions with a blank line, or write \\{ \\} for "
                                  "braces in text",
                              "gift_brace_after_answers")
                              .WithParam("brace", brace));
    }
  }
  return true;
}

bool GiftQuestionReader::TakeFormat(Span& s, TextFormat& format) {
  s = b_.Trim(s);
  if (!b_.StartsWith("[", s)) return true;
  size_t j = s.begin + 1;
  while (j < s.end && b_.At(j) >= 'a' && b_.At(j) <= 'z') ++j;
  // Only "[word]" of 4 or more lower-case letters is a format; "[A] text" is text.
  if (j >= s.end || b_.At(j) != ']' || j - s.begin - 1 < 4) return true;
  const std::string name = b_.Text({s.begin + 1, j});
  if (name == "moodle") {
    format = TextFormat::kMoodle;
  } else if (name == "plain") {
    format = TextFormat::kPlain;
  } else if (name == "markdown") {
    format = TextFormat::kMarkdown;
  } else if (name == "html") {
    format = TextFormat::kHtml;
  } else {
    return Error(s.begin, Why("unknown text format [" + name +
                                  "]: GIFT formats are [moodle], [plain], [markdown] and [html] "
                                  "(write \\[ to start a text with '[')",
                              "gift_format_unknown")
                              .WithParam("format", name));
  }
  s = b_.Trim({j + 1, s.end});
  return true;
}

bool GiftQuestionReader::ReadStem(Span rest, size_t open, size_t close) {
  Span before{rest.begin, open};
  if (!TakeFormat(before, format_)) return false;
  auto first = ReadText(before, TextKind::kMarkdown, false);
  const Span after = b_.Trim({close + 1, rest.end});
  if (!first) return false;
  q_.stem_markdown = *first;
  if (!after.empty()) {
    // Missing word: the blank goes where the answer block was.
    auto last = ReadText(after, TextKind::kMarkdown, false);
    if (!last) return false;
    auto space = [&](size_t i) { return std::isspace(static_cast<unsigned char>(b_.At(i))) != 0; };
    std::string& stem = q_.stem_markdown;
    if (!stem.empty() && open > 0 && space(open - 1)) stem += ' ';
    stem += kBlank;
    if (space(close + 1)) stem += ' ';
    stem += *last;
  }
  if (q_.stem_markdown.empty()) {
    return Error(open, QuestionTextEmpty("before the answer block '{'"));
  }
  return true;
}

bool GiftQuestionReader::ReadAnswers(size_t open, Span s) {
  s = b_.Trim(s);
  const size_t general = b_.FindLast("####", s);
  if (general != std::string::npos) {
    auto text = ReadText({general + 4, s.end}, TextKind::kMarkdown);
    if (!text) return false;
    q_.general_feedback = *text;
    s = b_.Trim({s.begin, general});
  }
  if (s.empty()) {  // Moodle's essay: a written answer that a trainer grades
    q_.type = QuestionType::kEssay;
    return true;
  }
  if (b_.StartsWith("#", s)) return ReadNumeric(open, {s.begin + 1, s.end});
  if (b_.Find("~", s) != std::string::npos) return ReadChoices(open, s);
  if (b_.Find("=", s) != std::string::npos && b_.Find("->", s) != std::string::npos) {
    return ReadMatching(open, s);
  }
  const size_t hash = b_.Find("#", s);
  const std::string head = b_.Text(b_.Trim({s.begin, std::min(hash, s.end)}));
  if (head == "T" || head == "TRUE") return ReadTrueFalse(s, true);
  if (head == "F" || head == "FALSE") return ReadTrueFalse(s, false);
  const std::string folded = FoldCase(head);
  if (folded == "t" || folded == "true" || folded == "f" || folded == "false") {
    diags_.Warning(b_.LineAt(open), Why("'{" + head +
                                            "}' is read as a short answer, as Moodle does: "
                                            "write {TRUE} or {FALSE} for a true-false question",
                                        "gift_true_false_spelling")
                                        .WithParam("value", head));
  }
  return ReadShort(open, s);
}

// Splits `s` before each unescaped marker character. Text before the first
// marker is an answer only when `allow_unmarked`.
bool GiftQuestionReader::SplitPieces(Span s, std::string_view markers, bool allow_unmarked,
                                     std::vector<Piece>& out) {
  std::vector<size_t> at;
  for (size_t i = s.begin; i < s.end; ++i) {
    for (char m : markers) {
      if (b_.StartsWith(std::string_view(&m, 1), {i, s.end})) at.push_back(i);
    }
  }
  const Span head = b_.Trim({s.begin, at.empty() ? s.end : at.front()});
  if (!head.empty()) {
    if (!allow_unmarked) {
      const bool choices = markers.size() > 1;
      return Error(head.begin,
                   Why("text before the first answer: each answer starts with " +
                           std::string(choices ? "'=' (right) or '~' (wrong)" : "'='"),
                       choices ? "gift_text_before_choices" : "gift_text_before_pairs"));
    }
    out.push_back({0, head.begin, std::nullopt, head, std::nullopt});
  }
  for (size_t k = 0; k < at.size(); ++k) {
    const size_t end = k + 1 < at.size() ? at[k + 1] : s.end;
    out.push_back({b_.At(at[k]), at[k], std::nullopt, b_.Trim({at[k] + 1, end}), std::nullopt});
  }
  return true;
}

bool GiftQuestionReader::ReadWeightAndFeedback(Piece& p) {
  if (b_.StartsWith("%", p.text)) {
    const size_t end = b_.Find("%", {p.text.begin + 1, p.text.end});
    if (end == std::string::npos) {
      return Error(p.at, Why("weight is not closed: write %50%", "gift_weight_unclosed"));
    }
    const std::string token = b_.Text({p.text.begin + 1, end});
    p.weight = ParseDecimal(token);
    if (!p.weight) {
      return Error(p.at, Why("weight '%" + token + "%' is not a number", "gift_weight_not_number")
                             .WithParam("value", "%" + token + "%"));
    }
    if (*p.weight < -100 || *p.weight > 100) return Error(p.at, WeightOutOfRange(token));
    p.text = b_.Trim({end + 1, p.text.end});
  }
  const size_t hash = b_.Find("#", p.text);
  if (hash != std::string::npos) {
    p.feedback = Span{hash + 1, p.text.end};
    p.text = b_.Trim({p.text.begin, hash});
  }
  return true;
}

bool GiftQuestionReader::ReadFeedback(const Piece& p, std::string& out) {
  if (!p.feedback) return true;
  auto text = ReadText(*p.feedback, TextKind::kMarkdown);
  if (text) out = *text;
  return text.has_value();
}

bool GiftQuestionReader::AddChoice(const Piece& p, bool correct, std::optional<double> weight) {
  Choice c;
  c.correct = correct;
  c.explicit_weight = weight.has_value();
  c.weight_percent = weight.value_or(0);
  auto text = ReadText(
      p.text, q_.type == QuestionType::kShort ? TextKind::kPlain : TextKind::kOptionMarkdown);
  if (!text || !ReadFeedback(p, c.feedback)) return false;
  if (text->empty()) return Error(p.at, AnswerTextEmpty());
  c.text = std::move(*text);
  q_.choices.push_back(std::move(c));
  return true;
}

}  // namespace gift

std::optional<ImportedQuestions> ParseGift(std::string_view text, FileDiagnostics& diags) {
  const int errors_before = diags.sink()->ErrorCount();
  ImportedQuestions out;
  gift::Block block;
  int blocks = 0;
  auto flush = [&] {
    if (block.empty()) return;
    ++blocks;
    if (auto q = gift::GiftQuestionReader(block, diags).Read()) out.questions.push_back(std::move(*q));
    block = gift::Block();
  };
  ForEachUtf8Line(text, diags, [&](std::string_view line, int n) {
    const std::string_view t = Trim(line);
    if (t.empty()) {
      flush();
    } else if (t.substr(0, 2) == "//") {
      return;  // a comment, even inside a question (as Moodle reads it)
    } else if (block.empty() && t.substr(0, 10) == "$CATEGORY:") {
      out.categories.emplace_back(Trim(t.substr(10)));
    } else {
      block.AddLine(line, n);
    }
  });
  flush();
  if (blocks == 0) {
    diags.Error(0, Why("no questions found: a GIFT question is text followed by answers in "
                       "braces, such as 'Thủ đô của Việt Nam? {=Hà Nội ~Huế}'",
                       "gift_no_questions"));
  }
  if (diags.sink()->ErrorCount() > errors_before) return std::nullopt;
  AssignUniqueIds(out.questions);
  return out;
}

}  // namespace lophoc::assessments
