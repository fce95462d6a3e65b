#include "assessments/grader.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <set>

#include "assessments/quiz_numbers.h"
#include "kernel/names.h"
#include "kernel/text.h"

namespace lophoc::assessments {
namespace {

// Scores are sums of fractions of points; this much rounding is not a difference.
constexpr double kEpsilon = 1e-9;

const char* AnswerKind(const Answer& a) {
  static const char* const kKinds[] = {"no answer", "an option number", "a list of option numbers",
                                       "text",      "a number",         "matching pairs"};
  return kKinds[a.index()];
}

// Refusals of an answer are about the field "answers.<question id>" (the
// API's answers object), with the question's id as a parameter.
Status Refused(const Question& q, std::string message, const char* reason) {
  return Status::InvalidArgument(std::move(message))
      .WithReason(reason)
      .WithField("answers." + q.id)
      .WithParam("question", q.id);
}

Status WrongKind(const Question& q, const Answer& a, const std::string& expected) {
  return Refused(q,
                 "question '" + q.id + "' (" + QuestionTypeName(q.type) + ") expects " +
                     expected + ", not " + AnswerKind(a),
                 "answer_wrong_kind");
}

Status NoSuchItem(const Question& q, const char* what, int index, size_t count) {
  return Refused(q,
                 "question '" + q.id + "' has no " + what + " " + std::to_string(index) +
                     " (it has " + std::to_string(count) + ", numbered from 0)",
                 "answer_no_such_choice")
      .WithParam("index", index)
      .WithParam("count", static_cast<int64_t>(count));
}

void AddFeedback(QuestionGrade& g, const std::string& feedback) {
  if (!feedback.empty()) g.answer_feedback.push_back(feedback);
}

// Spaces at both ends dropped, inner runs of white space made one space.
std::string CollapseSpaces(std::string_view s) {
  std::string out;
  bool space = false;
  for (char c : s) {
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') {
      space = !out.empty();
      continue;
    }
    if (space) out += ' ';
    space = false;
    out += c;
  }
  return out;
}

std::string ComparisonForm(std::string_view s, ShortMatch match) {
  switch (match) {
    case ShortMatch::kExact:
      return CollapseSpaces(s);
    case ShortMatch::kCase:
      return FoldCase(s);
    case ShortMatch::kLoose:
      return FoldForSearch(s);
  }
  return std::string(s);
}

bool Holds(const NumericAnswer& a, double value) {
  const double slack = kEpsilon * std::max({1.0, std::fabs(a.min), std::fabs(a.max)});
  return value >= a.min - slack && value <= a.max + slack;
}

Status GradeChoices(const Question& q, const Answer& answer, QuestionGrade& g) {
  const size_t count = q.choices.size();
  std::vector<int> chosen;
  if (q.type == QuestionType::kMultiple) {
    const auto* list = std::get_if<std::vector<int>>(&answer);
    if (list == nullptr) return WrongKind(q, answer, "a list of option numbers");
    chosen = *list;
  } else {
    const auto* one = std::get_if<int>(&answer);
    if (one == nullptr) return WrongKind(q, answer, "an option number");
    chosen.push_back(*one);
  }
  std::vector<bool> seen(count, false);
  for (int i : chosen) {
    if (i < 0 || static_cast<size_t>(i) >= count) return NoSuchItem(q, "option", i, count);
    if (seen[i]) {
      return Refused(q, "question '" + q.id + "': option " + std::to_string(i) + " is chosen twice",
                     "answer_option_twice")
          .WithParam("index", i);
    }
    seen[i] = true;
  }
  double percent = 0;
  for (size_t i = 0; i < count; ++i) {
    if (!seen[i]) continue;
    percent += EffectiveWeightPercent(q, i);
    AddFeedback(g, q.choices[i].feedback);
  }
  g.score = q.points * percent / 100;
  return Status::Ok();
}

Status GradeShort(const Question& q, const Answer& answer, QuestionGrade& g) {
  const auto* text = std::get_if<std::string>(&answer);
  if (text == nullptr) return WrongKind(q, answer, "text");
  const std::string given = ComparisonForm(*text, q.short_match);
  std::optional<size_t> best;
  for (size_t i = 0; i < q.choices.size(); ++i) {
    if (ComparisonForm(q.choices[i].text, q.short_match) != given) continue;
    if (!best || EffectiveWeightPercent(q, i) > EffectiveWeightPercent(q, *best)) best = i;
  }
  if (best) {
    g.score = q.points * EffectiveWeightPercent(q, *best) / 100;
    AddFeedback(g, q.choices[*best].feedback);
  }
  return Status::Ok();
}

Status GradeNumeric(const Question& q, const Answer& answer, QuestionGrade& g) {
  std::optional<double> value;
  if (const auto* d = std::get_if<double>(&answer)) value = *d;
  if (const auto* i = std::get_if<int>(&answer)) value = *i;
  if (const auto* s = std::get_if<std::string>(&answer)) {
    value = ParseDecimal(*s);
    if (!value) {
      return Refused(q, "question '" + q.id + "' expects a number, not '" + *s + "'",
                     "answer_not_number");
    }
  }
  if (!value) return WrongKind(q, answer, "a number");
  if (!std::isfinite(*value)) {
    return Refused(q, "question '" + q.id + "' expects a finite number", "answer_not_number");
  }
  const NumericAnswer* best = nullptr;
  const NumericAnswer* other = nullptr;
  for (const NumericAnswer& a : q.numeric_answers) {
    if (a.other) other = &a;
    if (a.other || !Holds(a, *value)) continue;
    if (best == nullptr || EffectiveWeightPercent(a) > EffectiveWeightPercent(*best)) best = &a;
  }
  if (best != nullptr) {
    g.score = q.points * EffectiveWeightPercent(*best) / 100;
    AddFeedback(g, best->feedback);
  } else if (other != nullptr) {
    AddFeedback(g, other->feedback);
  }
  return Status::Ok();
}

Status GradeMatching(const Question& q, const Answer& answer, QuestionGrade& g) {
  const auto* chosen = std::get_if<std::map<int, int>>(&answer);
  if (chosen == nullptr) return WrongKind(q, answer, "matching pairs {left: right}");
  const std::vector<std::string> lefts = MatchingLeftItems(q);
  const std::vector<std::string> rights = MatchingRightItems(q);
  std::vector<const MatchPair*> pairs;
  for (const MatchPair& p : q.pairs) {
    if (!p.left.empty()) pairs.push_back(&p);
  }
  int correct = 0;
  for (const auto& [left, right] : *chosen) {
    if (left < 0 || static_cast<size_t>(left) >= lefts.size()) {
      return NoSuchItem(q, "left item", left, lefts.size());
    }
    if (right < 0 || static_cast<size_t>(right) >= rights.size()) {
      return NoSuchItem(q, "right item", right, rights.size());
    }
    if (pairs[left]->right == rights[right]) ++correct;
  }
  if (!pairs.empty()) g.score = q.points * correct / static_cast<double>(pairs.size());
  return Status::Ok();
}

// Keeps the score within 0..max and decides the outcome, so that rounding
// does not leave 0.9999999 of a full mark.
void Settle(QuestionGrade& g) {
  g.score = std::clamp(g.score, 0.0, g.max);
  if (g.max - g.score <= kEpsilon * g.max) g.score = g.max;
  if (g.score <= kEpsilon * g.max) g.score = 0;
  g.outcome = g.score == g.max ? Outcome::kCorrect
              : g.score == 0   ? Outcome::kIncorrect
                               : Outcome::kPartial;
}

bool IsBlankText(const Answer& answer) {
  const auto* text = std::get_if<std::string>(&answer);
  return text != nullptr && Trim(*text).empty();
}

}  // namespace

std::vector<std::string> MatchingLeftItems(const Question& q) {
  std::vector<std::string> lefts;
  for (const MatchPair& p : q.pairs) {
    if (!p.left.empty()) lefts.push_back(p.left);
  }
  return lefts;
}

std::vector<std::string> MatchingRightItems(const Question& q) {
  std::vector<std::string> rights;
  for (const MatchPair& p : q.pairs) {
    if (std::find(rights.begin(), rights.end(), p.right) == rights.end()) {
      rights.push_back(p.right);
    }
  }
  return rights;
}

double EffectiveWeightPercent(const Question& q, size_t index) {
  const Choice& c = q.choices[index];
  if (c.explicit_weight) return c.weight_percent;
  if (q.type != QuestionType::kMultiple) return c.correct ? 100 : 0;
  const auto correct =
      std::count_if(q.choices.begin(), q.choices.end(), [](const Choice& o) { return o.correct; });
  const auto wrong = static_cast<long>(q.choices.size()) - correct;
  return c.correct ? 100.0 / correct : -100.0 / wrong;
}

double EffectiveWeightPercent(const NumericAnswer& a) {
  if (a.explicit_weight) return a.weight_percent;
  return a.correct ? 100 : 0;
}

Result<QuestionGrade> GradeQuestion(const Question& q, const Answer& answer) {
  QuestionGrade g;
  g.question_id = q.id;
  g.max = q.points;
  g.general_feedback = q.general_feedback;
  g.answered = !std::holds_alternative<std::monostate>(answer) && !IsBlankText(answer);
  if (g.answered) {
    Status s;
    switch (q.type) {
      case QuestionType::kSingle:
      case QuestionType::kTrueFalse:
      case QuestionType::kMultiple:
        s = GradeChoices(q, answer, g);
        break;
      case QuestionType::kShort:
        s = GradeShort(q, answer, g);
        break;
      case QuestionType::kNumeric:
        s = GradeNumeric(q, answer, g);
        break;
      case QuestionType::kMatching:
        s = GradeMatching(q, answer, g);
        break;
      case QuestionType::kEssay:
        if (!std::holds_alternative<std::string>(answer)) s = WrongKind(q, answer, "text");
        g.pending = true;
        break;
    }
    if (!s.ok()) return s;
  }
  Settle(g);
  return g;
}

Result<GradeReport> GradeAttempt(const std::vector<Question>& questions, const AnswerSheet& answers,
                                 double pass_mark) {
  std::set<std::string> ids;
  for (const Question& q : questions) ids.insert(q.id);
  for (const auto& [id, answer] : answers) {
    if (ids.count(id) == 0) {
      return Status::InvalidArgument("answer given for question '" + id +
                                     "', which is not in this attempt")
          .WithReason("answer_unknown_question")
          .WithField("answers")
          .WithParam("question", id);
    }
  }
  GradeReport report;
  for (const Question& q : questions) {
    auto it = answers.find(q.id);
    auto grade = GradeQuestion(q, it == answers.end() ? Answer() : it->second);
    if (!grade.ok()) return grade.status();
    report.score += grade->score;
    report.max += grade->max;
    report.pending = report.pending || grade->pending;
    report.questions.push_back(std::move(grade).value());
  }
  if (report.max > 0) {
    // Rounded to 1e-9 so that thirds adding up to a whole reach the pass mark.
    report.percentage = std::round(1e9 * 100 * report.score / report.max) / 1e9;
  }
  if (report.pending) report.percentage = 0;  // not known until a trainer grades
  report.passed = !report.pending && report.percentage >= pass_mark;
  return report;
}

Result<GradeReport> GradeQuiz(const Quiz& quiz, const AnswerSheet& answers) {
  return GradeAttempt(quiz.questions, answers, quiz.settings.pass_mark);
}

AttemptScore CombineAttempts(GradingMethod method, const std::vector<double>& percentages) {
  AttemptScore result;
  if (percentages.empty()) return result;
  size_t counted = 0;
  switch (method) {
    case GradingMethod::kHighest:
      counted = std::max_element(percentages.begin(), percentages.end()) - percentages.begin();
      break;
    case GradingMethod::kLast:
      counted = percentages.size() - 1;
      break;
    case GradingMethod::kFirst:
      counted = 0;
      break;
    case GradingMethod::kAverage:
      result.percentage = std::accumulate(percentages.begin(), percentages.end(), 0.0) /
                          static_cast<double>(percentages.size());
      return result;
  }
  result.percentage = percentages[counted];
  result.counted_attempt = counted;
  return result;
}

const char* OutcomeName(Outcome o) {
  static constexpr NameTable<Outcome, 3> kOutcomes = {{
      {Outcome::kCorrect, "correct"},
      {Outcome::kPartial, "partial"},
      {Outcome::kIncorrect, "incorrect"},
  }};
  return NameIn(kOutcomes, o, "incorrect");
}

}  // namespace lophoc::assessments
