// The answer kinds of a GIFT question: choices, true-false, short answers,
// numbers and matching pairs.
#include <algorithm>
#include <set>
#include <string>

#include "assessments/gift_reader.h"
#include "assessments/quiz_import.h"
#include "assessments/quiz_numbers.h"
#include "kernel/text.h"

namespace lophoc::assessments::gift {
namespace {

Status NoAcceptedAnswer() {
  return Why("no accepted answer: every answer has weight 0 or less", "gift_no_accepted_answer");
}

}  // namespace

bool GiftQuestionReader::ReadChoices(size_t open, Span s) {
  std::vector<Piece> pieces;
  if (!SplitPieces(s, "~=", false, pieces)) return false;
  bool ok = true;
  for (Piece& p : pieces) ok = ReadWeightAndFeedback(p) && ok;
  if (!ok) return false;
  if (pieces.size() < 2) {
    return Error(
        open, Why("a multiple-choice question needs at least two options", "gift_options_too_few"));
  }
  bool single = false;
  for (const Piece& p : pieces) {
    if (p.marker != '=') continue;
    single = true;
    if (p.weight) {
      ok = Error(p.at, Why("'=' marks a fully right option and takes no weight: write '~%" +
                               FormatDecimal(*p.weight) + "%' for partial credit",
                           "gift_right_with_weight")
                           .WithParam("value", FormatDecimal(*p.weight) + "%"));
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
      ok = Error(p.at, Why("a second '=' option: a one-answer question has one right option; "
                           "give every option a weight ('~%50%', '~%0%') for several right "
                           "options",
                           "gift_second_right"));
    } else if (p.marker == '~' && p.weight && *p.weight != 0) {
      ok = Error(p.at, Why("partial credit ('~%" + FormatDecimal(*p.weight) +
                               "%') beside a '=' option makes a one-answer question with "
                               "partial credit, which lophoc cannot represent: give every "
                               "option a weight ('~%100%', '~%50%', '~%0%') to import it as a "
                               "multiple question",
                           "gift_partial_beside_right")
                           .WithParam("value", FormatDecimal(*p.weight) + "%"));
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
    return Error(open, Why("no right answer: mark one option '=' or give options a positive "
                           "weight ('~%50%')",
                           "gift_no_right_answer"));
  }
  if (positive < 100 - 1e-9) {
    diags_.Warning(b_.LineAt(open),
                   Why("the positive weights add up to " + FormatDecimal(positive) +
                           "%, so no answer earns full marks",
                       "gift_weights_under_full")
                       .WithParam("total", FormatDecimal(positive) + "%"));
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
  if (ok && !accepted) return Error(open, NoAcceptedAnswer());
  return ok;
}

bool GiftQuestionReader::ReadNumeric(size_t open, Span s) {
  q_.type = QuestionType::kNumeric;
  // Moodle reads everything after the first '~' as the feedback for every
  // other answer: '~#Sai rồi.' (a '*' answer of weight 0).
  std::optional<std::string> other_feedback;
  const size_t other = b_.Find("~", s);
  if (other != std::string::npos) {
    const Span tail = b_.Trim({other + 1, s.end});
    if (!b_.StartsWith("#", tail) || b_.Find("~", tail) != std::string::npos) {
      return Error(other, Why("in a numeric question '~' starts the feedback for every other "
                              "answer, once, at the end: write '~#' and the feedback, such as "
                              "{#=3 ~#Chưa đúng.}",
                              "gift_other_feedback"));
    }
    other_feedback = ReadText({tail.begin + 1, tail.end}, TextKind::kMarkdown);
    if (!other_feedback) return false;
    s = {s.begin, other};
  }
  std::vector<Piece> pieces;
  if (!SplitPieces(b_.Trim(s), "=", true, pieces)) return false;
  if (pieces.empty()) {
    return Error(open, Why("a numeric question needs an answer: {#3.5:0.1}, {#1..5} or "
                           "{#=3:0 =%50%3:1}",
                           "gift_numeric_empty"));
  }
  bool ok = true;
  for (Piece& p : pieces) ok = ReadWeightAndFeedback(p) && ReadNumericAnswer(p) && ok;
  if (other_feedback && !other_feedback->empty()) {
    NumericAnswer any;
    any.other = true;
    any.correct = false;
    any.source = "*";
    any.feedback = std::move(*other_feedback);
    q_.numeric_answers.push_back(std::move(any));
  }
  const bool accepted =
      std::any_of(q_.numeric_answers.begin(), q_.numeric_answers.end(), [](const NumericAnswer& a) {
        return a.correct && (!a.explicit_weight || a.weight_percent > 0);
      });
  if (ok && !accepted) return Error(open, NoAcceptedAnswer());
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
      return Error(p.at, Why("cannot read '" + std::string(v) +
                                 "' as a numeric answer: write 3.5, 3.5:0.1 (value:tolerance) "
                                 "or 1..5 (min..max)",
                             "gift_numeric_unreadable")
                             .WithParam("value", std::string(v)));
    }
  }
  auto range = ParseNumericRange(source);
  if (!range.ok()) return Error(p.at, range.status());
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
      ok = Error(p.at, Why("matching pairs have no feedback of their own: use general feedback "
                           "('####...')",
                           "gift_pair_feedback"));
      continue;
    }
    if (arrow == std::string::npos) {
      ok = Error(p.at, Why("a matching pair is written '=left -> right'", "gift_pair_form"));
      continue;
    }
    auto left = ReadText({p.text.begin, arrow}, TextKind::kPlain);
    auto right = ReadText({arrow + 2, p.text.end}, TextKind::kPlain, false);
    if (!left || !right) {
      ok = false;
    } else if (right->empty()) {
      ok = Error(p.at, PairRightMissing());
    } else if (!left->empty() && !lefts.insert(*left).second) {
      ok = Error(p.at, PairLeftTwice(*left));
    } else {
      q_.pairs.push_back({std::move(*left), std::move(*right)});
    }
  }
  if (ok && lefts.size() < 2) {
    return Error(open, Why("a matching question needs at least two pairs '=left -> right', "
                           "found " +
                               std::to_string(lefts.size()),
                           "gift_pairs_too_few")
                           .WithParam("count", lefts.size()));
  }
  return ok;
}

}  // namespace lophoc::assessments::gift
