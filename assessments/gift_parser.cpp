#include "assessments/gift_parser.h"

#include <algorithm>
#include <set>
#include <string>

#include "assessments/quiz_import.h"
#include "assessments/quiz_numbers.h"
#include "courses/text.h"

namespace lophoc::assessments {
namespace {

constexpr char kBlank[] = "_____";
constexpr char kTrue[] = "Đúng";
constexpr char kFalse[] = "Sai";

enum class TextFormat { kMoodle, kPlain, kMarkdown, kHtml };
// What a piece of GIFT text becomes: Markdown (question text, feedback), a
// one-line Markdown option, or a one-line plain string (accepted short
// answers and matching items, which are compared, not rendered).
enum class TextKind { kMarkdown, kOptionMarkdown, kPlain };

struct Span {
  size_t begin = 0;
  size_t end = 0;
  bool empty() const { return begin >= end; }
};

// The text of one question (the lines between blank lines, comment lines
// left out), with GIFT's backslash escapes resolved and, for every byte,
// whether it was escaped and the file line it came from.
class Block {
 public:
  void AddLine(std::string_view line, int n);
  bool empty() const { return text_.empty(); }
  size_t size() const { return text_.size(); }
  int first_line() const { return lines_.empty() ? 0 : lines_.front(); }
  int LineAt(size_t i) const { return lines_[std::min(i, lines_.size() - 1)]; }
  char At(size_t i) const { return text_[i]; }
  // The first (or last) unescaped `token` starting in [s.begin, s.end), or npos.
  size_t Find(std::string_view token, Span s) const;
  size_t FindLast(std::string_view token, Span s) const;
  bool StartsWith(std::string_view token, Span s) const { return Find(token, s) == s.begin; }
  Span Trim(Span s) const;
  std::string Text(Span s) const { return text_.substr(s.begin, s.end - s.begin); }

 private:
  bool IsToken(std::string_view token, size_t at) const;

  std::string text_;
  std::vector<char> escaped_;
  std::vector<int> lines_;
};

void Block::AddLine(std::string_view line, int n) {
  auto put = [&](char c, bool escaped) {
    text_ += c;
    escaped_.push_back(escaped);
    lines_.push_back(n);
  };
  if (!text_.empty()) put('\n', false);
  for (size_t i = 0; i < line.size(); ++i) {
    const char next = i + 1 < line.size() ? line[i + 1] : '\0';
    if (line[i] == '\\' && std::string_view(":#={}~\\").find(next) != std::string_view::npos &&
        next != '\0') {
      put(next, true);
      ++i;
    } else if (line[i] == '\\' && next == 'n') {
      put('\n', true);
      ++i;
    } else {
      put(line[i], false);
    }
  }
}

bool Block::IsToken(std::string_view token, size_t at) const {
  if (at + token.size() > text_.size()) return false;
  for (size_t k = 0; k < token.size(); ++k) {
    if (text_[at + k] != token[k] || escaped_[at + k]) return false;
  }
  return true;
}

size_t Block::Find(std::string_view token, Span s) const {
  for (size_t i = s.begin; i < s.end; ++i) {
    if (IsToken(token, i)) return i;
  }
  return std::string::npos;
}

size_t Block::FindLast(std::string_view token, Span s) const {
  for (size_t i = s.end; i > s.begin; --i) {
    if (IsToken(token, i - 1)) return i - 1;
  }
  return std::string::npos;
}

Span Block::Trim(Span s) const {
  auto space = [&](size_t i) {
    return !escaped_[i] && std::isspace(static_cast<unsigned char>(text_[i]));
  };
  while (s.begin < s.end && space(s.begin)) ++s.begin;
  while (s.end > s.begin && space(s.end - 1)) --s.end;
  return s;
}

std::string DecodeEntities(const std::string& s) {
  static const std::pair<std::string_view, std::string_view> kEntities[] = {
      {"&amp;", "&"}, {"&lt;", "<"},   {"&gt;", ">"},  {"&quot;", "\""},
      {"&#39;", "'"}, {"&apos;", "'"}, {"&nbsp;", " "}};
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    bool done = false;
    for (const auto& [entity, text] : kEntities) {
      if (s.compare(i, entity.size(), entity) == 0) {
        out += text;
        i += entity.size() - 1;
        done = true;
        break;
      }
    }
    if (!done) out += s[i];
  }
  return out;
}

// One weighted answer: its marker ('=' or '~', 0 when it had none), where it
// starts, its weight if written `%N%`, and its text and feedback spans.
struct Piece {
  char marker = 0;
  size_t at = 0;
  std::optional<double> weight;
  Span text;
  std::optional<Span> feedback;
};

// Reads one question block; every problem goes to `diags` at its line.
class GiftQuestionReader {
 public:
  GiftQuestionReader(const Block& b, FileDiagnostics& diags) : b_(b), diags_(diags) {}
  // The question, or nullopt after reporting why it cannot be imported.
  std::optional<Question> Read();

 private:
  bool Error(size_t at, std::string message) {
    diags_.Error(b_.LineAt(at), std::move(message));
    return false;
  }
  bool ReadName(Span& rest);
  bool FindAnswers(Span rest, size_t& open, size_t& close);
  bool ReadStem(Span rest, size_t open, size_t close);
  bool ReadAnswers(size_t open, Span answers);
  bool TakeFormat(Span& s, TextFormat& format);
  std::optional<std::string> ReadText(Span s, TextKind kind, bool allow_prefix = true);
  bool SplitPieces(Span s, std::string_view markers, bool allow_unmarked, std::vector<Piece>& out);
  bool ReadWeightAndFeedback(Piece& p);
  bool ReadFeedback(const Piece& p, std::string& out);
  bool AddChoice(const Piece& p, bool correct, std::optional<double> weight);
  bool ReadChoices(size_t open, Span s);
  bool ReadSingle(const std::vector<Piece>& pieces);
  bool ReadMultiple(size_t open, const std::vector<Piece>& pieces);
  bool ReadTrueFalse(Span s, bool value);
  bool ReadShort(size_t open, Span s);
  bool ReadNumeric(size_t open, Span s);
  bool ReadNumericAnswer(const Piece& p);
  bool ReadMatching(size_t open, Span s);

  const Block& b_;
  FileDiagnostics& diags_;
  Question q_;
  TextFormat format_ = TextFormat::kMoodle;
};

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
    return Error(rest.begin, "question name is not closed: write '::name::' before the question");
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
                 "a question without an answer block '{...}' is a description, which lophoc "
                 "cannot import: add answers, or put the text in a lesson");
  }
  if (open == std::string::npos || close < open) {
    return Error(close, "'}' without a '{' before it: write \\} for a brace in text");
  }
  if (close == std::string::npos) {
    return Error(open,
                 "'{' is not closed by '}' before the blank line that ends the question: "
                 "write \\{ for a brace in text");
  }
  const size_t inner = b_.Find("{", {open + 1, close});
  if (inner != std::string::npos) {
    return Error(inner, "'{' inside the answer block opened on line " +
                            std::to_string(b_.LineAt(open)) + ": write \\{ for a brace in text");
  }
  for (const char* brace : {"{", "}"}) {
    const size_t extra = b_.Find(brace, {close + 1, rest.end});
    if (extra != std::string::npos) {
      return Error(extra, std::string("'") + brace +
                              "' after the answer block: a question has one answer block; "
                              "separate questions with a blank line, or write \\{ \\} for "
                              "braces in text");
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
    return Error(s.begin, "unknown text format [" + name +
                              "]: GIFT formats are [moodle], [plain], [markdown] and [html] "
                              "(write \\[ to start a text with '[')");
  }
  s = b_.Trim({j + 1, s.end});
  return true;
}

std::optional<std::string> GiftQuestionReader::ReadText(Span s, TextKind kind, bool allow_prefix) {
  TextFormat format = format_;
  if (allow_prefix && !TakeFormat(s, format)) return std::nullopt;
  s = b_.Trim(s);
  if (format != TextFormat::kPlain) {
    for (size_t i = s.begin; i + 1 < s.end; ++i) {
      const char next = b_.At(i + 1);
      if (b_.At(i) == '<' && (std::isalpha(static_cast<unsigned char>(next)) || next == '/' ||
                              next == '!' || next == '?')) {
        Error(i,
              "HTML tags cannot be imported safely: remove them, or mark the text [plain] "
              "to show them as typed");
        return std::nullopt;
      }
    }
  }
  std::string text = b_.Text(s);
  if (kind != TextKind::kMarkdown) std::replace(text.begin(), text.end(), '\n', ' ');
  if (format == TextFormat::kHtml) text = DecodeEntities(text);
  if (kind == TextKind::kPlain || format == TextFormat::kMarkdown) {
    return std::string(lophoc::Trim(text));
  }
  return PlainTextToMarkdown(text, format != TextFormat::kHtml);
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
    return Error(open, "question text is empty: write it before the answer block '{'");
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
  if (s.empty()) {
    return Error(open,
                 "an essay question ('{}') has no answer lophoc can mark, so it cannot "
                 "be imported");
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
    diags_.Warning(b_.LineAt(open), "'{" + head +
                                        "}' is read as a short answer, as Moodle does: write "
                                        "{TRUE} or {FALSE} for a true-false question");
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
      return Error(head.begin,
                   "text before the first answer: each answer starts with " +
                       std::string(markers.size() > 1 ? "'=' (right) or '~' (wrong)" : "'='"));
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
    if (end == std::string::npos) return Error(p.at, "weight is not closed: write %50%");
    const std::string token = b_.Text({p.text.begin + 1, end});
    p.weight = ParseDecimal(token);
    if (!p.weight) return Error(p.at, "weight '%" + token + "%' is not a number");
    if (*p.weight < -100 || *p.weight > 100) {
      return Error(p.at, "weight must be from -100% to 100%, not " + token + "%");
    }
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
  if (text->empty()) return Error(p.at, "answer text is empty");
  c.text = std::move(*text);
  q_.choices.push_back(std::move(c));
  return true;
}

bool GiftQuestionReader::ReadChoices(size_t open, Span s) {
  std::vector<Piece> pieces;
  if (!SplitPieces(s, "~=", false, pieces)) return false;
  bool ok = true;
  for (Piece& p : pieces) ok = ReadWeightAndFeedback(p) && ok;
  if (!ok) return false;
  if (pieces.size() < 2)
    return Error(open, "a multiple-choice question needs at least two options");
  bool single = false;
  for (const Piece& p : pieces) {
    if (p.marker != '=') continue;
    single = true;
    if (p.weight) {
      ok = Error(p.at, "'=' marks a fully right option and takes no weight: write '~%" +
                           FormatDecimal(*p.weight) + "%' for partial credit");
    }
  }
  if (!ok) return false;
  return single ? ReadSingle(pieces) : ReadMultiple(open, pieces);
}

// Moodle makes a question with a '=' option a one-answer question.
bool GiftQuestionReader::ReadSingle(const std::vector<Piece>& pieces) {
  q_.type = QuestionType::kSingle;
  bool ok = true;
  bool seen_right = false;
  for (const Piece& p : pieces) {
    if (p.marker == '=' && seen_right) {
      ok = Error(p.at,
                 "a second '=' option: a one-answer question has one right option; give "
                 "every option a weight ('~%50%', '~%0%') for several right options");
    } else if (p.marker == '~' && p.weight && *p.weight != 0) {
      ok = Error(p.at, "partial credit ('~%" + FormatDecimal(*p.weight) +
                           "%') beside a '=' option makes a one-answer question with partial "
                           "credit, which lophoc cannot represent: give every option a weight "
                           "('~%100%', '~%50%', '~%0%') to import it as a multiple question");
    }
    seen_right = seen_right || p.marker == '=';
    ok = AddChoice(p, p.marker == '=', std::nullopt) && ok;
  }
  return ok;
}

// Without a '=' option, Moodle lets the learner choose several options, each
// earning its weight; so every option keeps its weight, 0 included.
bool GiftQuestionReader::ReadMultiple(size_t open, const std::vector<Piece>& pieces) {
  q_.type = QuestionType::kMultiple;
  bool ok = true;
  double positive = 0;
  for (const Piece& p : pieces) {
    const double weight = p.weight.value_or(0);
    if (weight > 0) positive += weight;
    ok = AddChoice(p, weight > 0, weight) && ok;
  }
  if (!ok) return false;
  if (positive == 0) {
    return Error(open,
                 "no right answer: mark one option '=' or give options a positive "
                 "weight ('~%50%')");
  }
  if (positive < 100 - 1e-9) {
    diags_.Warning(b_.LineAt(open), "the positive weights add up to " + FormatDecimal(positive) +
                                        "%, so no answer earns full marks");
  }
  return true;
}

bool GiftQuestionReader::ReadTrueFalse(Span s, bool value) {
  q_.type = QuestionType::kTrueFalse;
  const size_t first = b_.Find("#", s);
  const size_t second =
      first == std::string::npos ? std::string::npos : b_.Find("#", {first + 1, s.end});
  std::string wrong;
  std::string right;
  if (first != std::string::npos) {
    auto text = ReadText({first + 1, std::min(second, s.end)}, TextKind::kMarkdown);
    if (!text) return false;
    wrong = *text;
  }
  if (second != std::string::npos) {
    auto text = ReadText({second + 1, s.end}, TextKind::kMarkdown);
    if (!text) return false;
    right = *text;
  }
  q_.choices.push_back({kTrue, value, 0, false, value ? right : wrong});
  q_.choices.push_back({kFalse, !value, 0, false, value ? wrong : right});
  return true;
}

// Weight 100 (the default) is a plain right answer, 0 a listed wrong answer.
bool GiftQuestionReader::ReadShort(size_t open, Span s) {
  q_.type = QuestionType::kShort;
  q_.short_match = ShortMatch::kCase;  // Moodle ignores case unless told otherwise
  std::vector<Piece> pieces;
  if (!SplitPieces(s, "=", true, pieces)) return false;
  bool ok = true;
  bool accepted = false;
  for (Piece& p : pieces) {
    if (!ReadWeightAndFeedback(p)) {
      ok = false;
      continue;
    }
    const double weight = p.weight.value_or(100);
    accepted = accepted || weight > 0;
    const bool plain = weight == 100 || weight == 0;
    ok = AddChoice(p, weight != 0, plain ? std::nullopt : std::optional<double>(weight)) && ok;
  }
  if (ok && !accepted) return Error(open, "no accepted answer: every answer has weight 0 or less");
  return ok;
}

bool GiftQuestionReader::ReadNumeric(size_t open, Span s) {
  q_.type = QuestionType::kNumeric;
  const size_t other = b_.Find("~", s);
  if (other != std::string::npos) {
    return Error(other,
                 "feedback for every other answer ('~#...') cannot be imported: put it "
                 "in the general feedback ('####...')");
  }
  std::vector<Piece> pieces;
  if (!SplitPieces(b_.Trim(s), "=", true, pieces)) return false;
  if (pieces.empty()) {
    return Error(open,
                 "a numeric question needs an answer: {#3.5:0.1}, {#1..5} or "
                 "{#=3:0 =%50%3:1}");
  }
  bool ok = true;
  for (Piece& p : pieces) ok = ReadWeightAndFeedback(p) && ReadNumericAnswer(p) && ok;
  const bool accepted =
      std::any_of(q_.numeric_answers.begin(), q_.numeric_answers.end(), [](const NumericAnswer& a) {
        return a.correct && (!a.explicit_weight || a.weight_percent > 0);
      });
  if (ok && !accepted) return Error(open, "no accepted answer: every answer has weight 0 or less");
  return ok;
}

bool GiftQuestionReader::ReadNumericAnswer(const Piece& p) {
  std::string t = b_.Text(p.text);
  std::replace(t.begin(), t.end(), '\n', ' ');
  const std::string_view v = lophoc::Trim(t);
  const size_t dots = v.find("..");
  const size_t colon = v.find(':');
  std::string source(v);
  std::vector<std::string_view> numbers = {v};
  if (dots != std::string_view::npos && dots > 0) {
    numbers = {lophoc::Trim(v.substr(0, dots)), lophoc::Trim(v.substr(dots + 2))};
    source = std::string(numbers[0]) + ".." + std::string(numbers[1]);
  } else if (colon != std::string_view::npos && colon > 0) {
    numbers = {lophoc::Trim(v.substr(0, colon)), lophoc::Trim(v.substr(colon + 1))};
    source = std::string(numbers[0]) + " ± " + std::string(numbers[1]);
  }
  for (std::string_view n : numbers) {
    if (!ParseDecimal(n)) {
      return Error(p.at, "cannot read '" + std::string(v) +
                             "' as a numeric answer: write 3.5, 3.5:0.1 (value:tolerance) or "
                             "1..5 (min..max)");
    }
  }
  auto range = ParseNumericRange(source);
  if (!range.ok()) return Error(p.at, range.status().message());
  const double weight = p.weight.value_or(100);
  NumericAnswer a;
  a.min = range->min;
  a.max = range->max;
  a.source = source;
  a.correct = weight != 0;
  a.explicit_weight = weight != 100 && weight != 0;
  a.weight_percent = a.explicit_weight ? weight : 0;
  if (!ReadFeedback(p, a.feedback)) return false;
  q_.numeric_answers.push_back(std::move(a));
  return true;
}

bool GiftQuestionReader::ReadMatching(size_t open, Span s) {
  q_.type = QuestionType::kMatching;
  std::vector<Piece> pieces;
  if (!SplitPieces(s, "=", false, pieces)) return false;
  bool ok = true;
  std::set<std::string> lefts;
  for (const Piece& p : pieces) {
    const size_t arrow = b_.Find("->", p.text);
    if (b_.Find("#", p.text) != std::string::npos) {
      ok = Error(p.at,
                 "matching pairs have no feedback of their own: use general feedback "
                 "('####...')");
      continue;
    }
    if (arrow == std::string::npos) {
      ok = Error(p.at, "a matching pair is written '=left -> right'");
      continue;
    }
    auto left = ReadText({p.text.begin, arrow}, TextKind::kPlain);
    auto right = ReadText({arrow + 2, p.text.end}, TextKind::kPlain, false);
    if (!left || !right) {
      ok = false;
    } else if (right->empty()) {
      ok = Error(p.at, "matching pair has no right item after '->'");
    } else if (!left->empty() && !lefts.insert(*left).second) {
      ok = Error(p.at, "left item '" + *left + "' is listed twice");
    } else {
      q_.pairs.push_back({std::move(*left), std::move(*right)});
    }
  }
  if (ok && lefts.size() < 2) {
    return Error(open, "a matching question needs at least two pairs '=left -> right', found " +
                           std::to_string(lefts.size()));
  }
  return ok;
}

}  // namespace

std::optional<ImportedQuestions> ParseGift(std::string_view text, FileDiagnostics& diags) {
  const int errors_before = diags.sink()->ErrorCount();
  ImportedQuestions out;
  Block block;
  int blocks = 0;
  auto flush = [&] {
    if (block.empty()) return;
    ++blocks;
    if (auto q = GiftQuestionReader(block, diags).Read()) out.questions.push_back(std::move(*q));
    block = Block();
  };
  const std::vector<std::string_view> lines = SplitLines(text);
  for (size_t i = 0; i < lines.size(); ++i) {
    const int n = static_cast<int>(i) + 1;
    const std::string_view t = Trim(lines[i]);
    if (!IsValidUtf8(lines[i])) {
      diags.Error(n, "line is not valid UTF-8: save the file as UTF-8");
    } else if (t.empty()) {
      flush();
    } else if (t.substr(0, 2) == "//") {
      continue;  // a comment, even inside a question (as Moodle reads it)
    } else if (block.empty() && t.substr(0, 10) == "$CATEGORY:") {
      out.categories.emplace_back(Trim(t.substr(10)));
    } else {
      block.AddLine(lines[i], n);
    }
  }
  flush();
  if (blocks == 0) {
    diags.Error(0,
                "no questions found: a GIFT question is text followed by answers in braces, "
                "such as 'Thủ đô của Việt Nam? {=Hà Nội ~Huế}'");
  }
  if (diags.sink()->ErrorCount() > errors_before) return std::nullopt;
  AssignUniqueIds(out.questions);
  return out;
}

}  // namespace lophoc::assessments
