#include "assessments/question_parser.h"

#include <algorithm>
#include <set>
#include <string>

#include "assessments/question_heading.h"
#include "assessments/question_problems.h"
#include "assessments/quiz_numbers.h"
#include "kernel/text.h"

namespace lophoc::assessments {
namespace {

enum class Box { kNone, kEmpty, kChecked };

// "- [ ] text" or "- [x] text" ('X' is accepted too); sets `rest` to the text.
Box ReadBox(std::string_view line, std::string_view& rest) {
  if (line.size() < 5 || line.substr(0, 3) != "- [" || line[4] != ']') return Box::kNone;
  if (line.size() > 5 && line[5] != ' ' && line[5] != '\t') return Box::kNone;
  const char mark = line[3];
  rest = line.substr(5);
  if (mark == ' ') return Box::kEmpty;
  if (mark == 'x' || mark == 'X') return Box::kChecked;
  return Box::kNone;
}

bool IsPairLine(std::string_view line) {
  return line.substr(0, 2) == "- " && line.find("->") != std::string_view::npos;
}

// Answer feedback: an indented '>' line.
bool IsIndentedQuote(std::string_view line) {
  if (line.empty() || (line[0] != ' ' && line[0] != '\t')) return false;
  std::string_view t = Trim(line);
  return !t.empty() && t.front() == '>';
}

// The text of a quote line after its '>' and one optional space.
std::string QuoteText(std::string_view line) {
  std::string_view t = line.substr(line.find('>') + 1);
  if (!t.empty() && t.front() == ' ') t.remove_prefix(1);
  return std::string(t);
}

// Joins lines with '\n', dropping blank lines at both ends.
std::string JoinLines(const std::vector<std::string>& lines) {
  auto blank = [](const std::string& l) { return Trim(l).empty(); };
  auto first = std::find_if_not(lines.begin(), lines.end(), blank);
  auto last = std::find_if_not(lines.rbegin(), lines.rend(), blank).base();
  std::string out;
  for (auto it = first; it < last; ++it) {
    if (it != first) out += '\n';
    out += *it;
  }
  return out;
}

// An accepted answer of a short or numeric question earns something.
template <typename Answer>
bool Accepts(const Answer& a) {
  return !a.explicit_weight || a.weight_percent > 0;
}

// Reads the body of one question, line by line, after its heading.
class QuestionReader {
 public:
  QuestionReader(Question& q, FileDiagnostics& diags) : q_(q), diags_(diags) {}

  void Line(std::string_view line, int n);
  void Finish();

 private:
  enum class Section { kStem, kAnswers, kGeneralFeedback };

  bool IsAnswer(std::string_view line) const;
  void StemLine(std::string_view line, int n);
  void AnswerSectionLine(std::string_view line, int n);
  void AddAnswer(std::string_view line, int n);
  void AddChoice(Box box, std::string_view text, int n);
  void AddNumeric(Box box, std::string_view text, int n);
  void AddPair(std::string_view line, int n);
  void CheckWeight(Box box, double weight, int n);
  void FlushAnswerFeedback();
  void TakeTrailingFeedback();
  void CheckAnswers();

  Question& q_;
  FileDiagnostics& diags_;
  Section section_ = Section::kStem;
  std::vector<std::string> stem_;
  std::vector<std::string> general_;
  std::vector<std::string> answer_feedback_;  // of the last answer read
  std::string fence_;                         // marker of the open code fence, if any
  std::set<std::string> lefts_;
};

bool QuestionReader::IsAnswer(std::string_view line) const {
  std::string_view rest;
  if (q_.type == QuestionType::kEssay) return false;  // an essay's lines are its text
  return q_.type == QuestionType::kMatching ? IsPairLine(line) : ReadBox(line, rest) != Box::kNone;
}

void QuestionReader::Line(std::string_view line, int n) {
  if (section_ == Section::kStem) {
    StemLine(line, n);
  } else {
    AnswerSectionLine(line, n);
  }
}

void QuestionReader::StemLine(std::string_view line, int n) {
  // Lines inside a fenced code block are question text, whatever they look like.
  const bool code = TrackCodeFence(line, fence_) || !fence_.empty();
  if (!code && IsAnswer(line)) {
    section_ = Section::kAnswers;
    AddAnswer(line, n);
  } else if (!code && IsIndentedQuote(line) && q_.type == QuestionType::kEssay) {
    // An essay has no answers: its indented quote is the grader guidance.
    section_ = Section::kAnswers;
    answer_feedback_.push_back(QuoteText(line));
  } else if (!code && IsIndentedQuote(line)) {
    diags_.Error(n, Why("answer feedback ('  > ...') must come right under an answer",
                        "question_feedback_misplaced"));
  } else {
    stem_.emplace_back(line);
  }
}

void QuestionReader::AnswerSectionLine(std::string_view line, int n) {
  const bool in_general = section_ == Section::kGeneralFeedback;
  if (Trim(line).empty()) {
    (in_general ? general_ : answer_feedback_).emplace_back();
  } else if (IsAnswer(line)) {
    if (in_general) {
      diags_.Error(n, Why("answers must come before the general feedback ('> ...')",
                          "question_answer_after_feedback"));
    } else {
      AddAnswer(line, n);
    }
  } else if (IsIndentedQuote(line)) {
    if (in_general) {
      diags_.Error(n, Why("answer feedback ('  > ...') must come right under an answer, "
                          "before the general feedback",
                          "question_feedback_misplaced"));
    } else if (q_.type == QuestionType::kMatching) {
      diags_.Error(n, Why("matching pairs have no feedback of their own; use general feedback "
                          "('> ...')",
                          "question_pair_feedback"));
    } else {
      answer_feedback_.push_back(QuoteText(line));
    }
  } else if (line.front() == '>') {
    FlushAnswerFeedback();
    section_ = Section::kGeneralFeedback;
    general_.push_back(QuoteText(line));
  } else if (q_.type == QuestionType::kEssay) {
    diags_.Error(n, Why("unexpected text after the grader guidance: general feedback lines start "
                        "with '> '",
                        "question_text_after_guidance"));
  } else {
    const bool matching = q_.type == QuestionType::kMatching;
    diags_.Error(n, Why(std::string("unexpected text after the answers: ") +
                            (matching ? "pairs are '- left -> right'"
                                      : "answers are '- [ ] ...' or '- [x] ...'") +
                            ", general feedback lines start with '> '",
                        matching ? "question_text_after_pairs" : "question_text_after_answers"));
  }
}

void QuestionReader::AddAnswer(std::string_view line, int n) {
  FlushAnswerFeedback();
  if (q_.type == QuestionType::kMatching) {
    AddPair(line, n);
    return;
  }
  std::string_view text;
  const Box box = ReadBox(line, text);
  if (q_.type == QuestionType::kNumeric) {
    AddNumeric(box, text, n);
  } else {
    AddChoice(box, text, n);
  }
}

// Reports a weight that this question type or box does not allow.
void QuestionReader::CheckWeight(Box box, double weight, int n) {
  const bool typed = q_.type == QuestionType::kShort || q_.type == QuestionType::kNumeric;
  if (q_.type == QuestionType::kSingle || q_.type == QuestionType::kTrueFalse) {
    diags_.Error(n, Why("weights like (50%) are allowed only in multiple, short and numeric "
                        "questions",
                        "question_weight_not_allowed"));
  } else if (typed && box == Box::kEmpty) {
    diags_.Error(n, Why("a '[ ]' answer is a wrong answer with weight 0; write '[x] (N%)' for "
                        "partial credit",
                        "question_weight_on_wrong"));
  } else if (weight < -100 || weight > 100) {
    diags_.Error(n, WeightOutOfRange(FormatDecimal(weight)));
  }
}

void QuestionReader::AddChoice(Box box, std::string_view text, int n) {
  Choice c;
  c.correct = box == Box::kChecked;
  if (auto weight = TakeLeadingWeight(text)) {
    CheckWeight(box, *weight, n);
    c.explicit_weight = true;
    c.weight_percent = *weight;
  }
  c.text = std::string(Trim(text));
  if (c.text.empty()) diags_.Error(n, AnswerTextEmpty());
  q_.choices.push_back(std::move(c));
}

// The weight may come before or after the range: "(50%) 3..4" or "3..4 (50%)".
void QuestionReader::AddNumeric(Box box, std::string_view text, int n) {
  NumericAnswer a;
  a.correct = box == Box::kChecked;
  const auto leading = TakeLeadingWeight(text);
  const auto trailing = TakeTrailingWeight(text);
  if (leading && trailing) diags_.Error(n, Why("weight is given twice", "question_weight_twice"));
  if (const auto weight = leading ? leading : trailing) {
    CheckWeight(box, *weight, n);
    a.explicit_weight = true;
    a.weight_percent = *weight;
  }
  a.source = std::string(Trim(text));
  if (a.source == "*") {
    if (a.correct || a.explicit_weight) {
      diags_.Error(n, Why("'*' stands for every other answer, which is wrong: write '- [ ] *' "
                          "without a weight",
                          "numeric_other_checked"));
    }
    const bool twice = std::any_of(q_.numeric_answers.begin(), q_.numeric_answers.end(),
                                   [](const NumericAnswer& o) { return o.other; });
    if (twice) diags_.Error(n, Why("'- [ ] *' is given twice", "numeric_other_twice"));
    a.other = true;
    q_.numeric_answers.push_back(std::move(a));
    return;
  }
  auto range = ParseNumericRange(a.source);
  if (range.ok()) {
    a.min = range->min;
    a.max = range->max;
  } else {
    diags_.Error(n, range.status());
  }
  q_.numeric_answers.push_back(std::move(a));
}

void QuestionReader::AddPair(std::string_view line, int n) {
  const std::string_view body = line.substr(2);
  const size_t arrow = body.find("->");
  MatchPair pair{std::string(Trim(body.substr(0, arrow))),
                 std::string(Trim(body.substr(arrow + 2)))};
  if (pair.right.empty()) diags_.Error(n, PairRightMissing());
  if (!pair.left.empty() && !lefts_.insert(pair.left).second) {
    diags_.Error(n, PairLeftTwice(pair.left));
  }
  q_.pairs.push_back(std::move(pair));
}

void QuestionReader::FlushAnswerFeedback() {
  std::string feedback = JoinLines(answer_feedback_);
  answer_feedback_.clear();
  if (feedback.empty()) return;
  if (q_.type == QuestionType::kEssay) {
    q_.grader_guidance = std::move(feedback);
  } else if (q_.type == QuestionType::kNumeric && !q_.numeric_answers.empty()) {
    q_.numeric_answers.back().feedback = std::move(feedback);
  } else if (!q_.choices.empty()) {
    q_.choices.back().feedback = std::move(feedback);
  }
}

void QuestionReader::Finish() {
  FlushAnswerFeedback();
  if (q_.type == QuestionType::kEssay && section_ == Section::kStem) TakeTrailingFeedback();
  q_.stem_markdown = JoinLines(stem_);
  q_.general_feedback = JoinLines(general_);
  if (q_.stem_markdown.empty()) {
    diags_.Error(q_.line, QuestionTextEmpty("on the lines under the heading"));
  }
  // An unclosed fence (reported by ParseQuiz) swallowed the answers; saying
  // they are missing would mislead.
  if (fence_.empty()) CheckAnswers();
  const bool answer_feedback =
      std::any_of(q_.choices.begin(), q_.choices.end(),
                  [](const Choice& c) { return !c.feedback.empty(); }) ||
      std::any_of(q_.numeric_answers.begin(), q_.numeric_answers.end(),
                  [](const NumericAnswer& a) { return !a.feedback.empty(); });
  if (q_.general_feedback.empty() && !answer_feedback && q_.type != QuestionType::kEssay) {
    diags_.Warning(q_.line, Why("question '" + q_.id +
                                    "' has no feedback: add general feedback ('> ...') or "
                                    "feedback under an answer ('  > ...')",
                                "question_no_feedback")
                                .WithParam("id", q_.id));
  }
}

// An essay without guidance has no answers to end its text: its general
// feedback is the '> ' block that ends it, after a blank line (so an essay's
// text cannot end with a block quote).
void QuestionReader::TakeTrailingFeedback() {
  size_t end = stem_.size();
  while (end > 0 && Trim(stem_[end - 1]).empty()) --end;
  size_t start = end;
  while (start > 0 && !stem_[start - 1].empty() && stem_[start - 1].front() == '>') --start;
  if (start == end || start == 0 || !Trim(stem_[start - 1]).empty()) return;
  for (size_t i = start; i < end; ++i) general_.push_back(QuoteText(stem_[i]));
  stem_.resize(start);
}

// The per-type rules on the set of answers, reported at the heading.
void QuestionReader::CheckAnswers() {
  const int line = q_.line;
  const std::string type = QuestionTypeName(q_.type);
  if (q_.type == QuestionType::kEssay) return;  // answered in writing, graded by a trainer
  if (q_.type == QuestionType::kMatching) {
    const auto pairs = std::count_if(q_.pairs.begin(), q_.pairs.end(),
                                     [](const MatchPair& p) { return !p.left.empty(); });
    if (pairs < 2) {
      diags_.Error(line, Why("a matching question needs at least two pairs 'left -> right', "
                             "found " + std::to_string(pairs),
                             "question_pairs_too_few")
                             .WithParam("count", pairs));
    }
    return;
  }
  if (q_.choices.empty() && q_.numeric_answers.empty()) {
    diags_.Error(line, Why("question has no answers: add lines such as '- [x] correct answer'",
                           "question_no_answers"));
    return;
  }
  const auto options = static_cast<long>(q_.choices.size());
  const auto correct = std::count_if(q_.choices.begin(), q_.choices.end(),
                                     [](const Choice& c) { return c.correct; });
  switch (q_.type) {
    case QuestionType::kSingle:
    case QuestionType::kMultiple:
      if (options < 2) {
        diags_.Error(line, Why("a " + type + " question needs at least two options",
                               "question_options_too_few")
                               .WithParam("type", type));
      }
      if (q_.type == QuestionType::kSingle && correct != 1) {
        diags_.Error(line, Why("a single question needs exactly one correct option '[x]', "
                               "found " + std::to_string(correct),
                               "question_single_correct_count")
                               .WithParam("count", correct));
      }
      if (q_.type == QuestionType::kMultiple && correct == 0) {
        diags_.Error(line, Why("a multiple question needs at least one correct option '[x]'",
                               "question_multiple_no_correct"));
      }
      break;
    case QuestionType::kTrueFalse:
      if (options != 2) {
        diags_.Error(line, Why("a true-false question needs exactly two options, found " +
                                   std::to_string(options),
                               "question_true_false_options")
                               .WithParam("count", options));
      }
      if (correct != 1) {
        diags_.Error(line, Why("a true-false question needs exactly one correct option '[x]', "
                               "found " + std::to_string(correct),
                               "question_single_correct_count")
                               .WithParam("count", correct));
      }
      break;
    case QuestionType::kShort:
    case QuestionType::kNumeric: {
      const bool accepted =
          std::any_of(q_.choices.begin(), q_.choices.end(),
                      [](const Choice& c) { return c.correct && Accepts(c); }) ||
          std::any_of(q_.numeric_answers.begin(), q_.numeric_answers.end(),
                      [](const NumericAnswer& a) { return a.correct && Accepts(a); });
      if (!accepted) {
        diags_.Error(line, Why("a " + type +
                                   " question needs an accepted answer: a '- [x] ...' "
                                   "line with a positive weight",
                               "question_no_accepted_answer"));
      }
      break;
    }
    case QuestionType::kMatching:
    case QuestionType::kEssay:
      break;
  }
}

}  // namespace

bool TrackCodeFence(std::string_view line, std::string& fence) {
  const std::string_view marker = Trim(line).substr(0, 3);
  if (fence.empty()) {
    if (marker != "```" && marker != "~~~") return false;
    fence = std::string(marker);
  } else {
    if (marker != fence) return false;
    fence.clear();
  }
  return true;
}

std::optional<Question> ParseQuestion(const std::vector<std::string_view>& lines, int first_line,
                                      FileDiagnostics& diags) {
  Question q;
  q.line = first_line;
  if (!ReadQuestionHeading(lines[0], first_line, q, diags)) return std::nullopt;
  QuestionReader reader(q, diags);
  for (size_t i = 1; i < lines.size(); ++i) reader.Line(lines[i], first_line + static_cast<int>(i));
  reader.Finish();
  return q;
}

}  // namespace lophoc::assessments
