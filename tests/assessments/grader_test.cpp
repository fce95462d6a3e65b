#include "assessments/grader.h"

#include <catch2/catch.hpp>
#include <limits>
#include <stdexcept>

#include "assessments/quiz_parser.h"

namespace lophoc::assessments {
namespace {

const char kQuiz[] =
    "---\ntitle: Chấm điểm\npass_mark: 60\n---\n"
    "## one [single points=2]\nS?\n"
    "- [ ] a\n  > not a\n- [x] b\n  > yes b\n- [ ] c\n> general one\n"
    "## tf [true-false]\nS?\n- [x] Đúng\n- [ ] Sai\n  > sai rồi\n"
    // 2 correct, 3 wrong: +1.5 per correct, -1 per wrong.
    "## many [multiple points=3]\nS?\n"
    "- [x] a\n  > fa\n- [x] b\n- [ ] c\n  > fc\n- [ ] d\n- [ ] e\n> general many\n"
    // a: +3, b: +2 (default 100/2), c: -1, d: -2 (default -100/2).
    "## weighted [multiple points=4]\nS?\n"
    "- [x] (75%) a\n- [x] b\n- [ ] (-25%) c\n- [ ] d\n> g\n"
    "## thirds [multiple]\nS?\n- [x] a\n- [x] b\n- [x] c\n- [ ] d\n> g\n"
    // Twelve twelfths of 100% add up to a little less than 100 in doubles.
    "## twelve [multiple]\nS?\n- [x] 1\n- [x] 2\n- [x] 3\n- [x] 4\n- [x] 5\n- [x] 6\n"
    "- [x] 7\n- [x] 8\n- [x] 9\n- [x] 10\n- [x] 11\n- [x] 12\n- [ ] 13\n> g\n"
    "## folder [short points=2]\nS?\n"
    "- [x] Thư mục\n- [x] (50%) folder\n  > dùng tiếng Việt\n- [x] (25%) THƯ MỤC\n"
    "- [ ] tệp\n  > tệp ở trong thư mục\n"
    "## loose [short match=loose]\nS?\n- [x] thư mục\n> g\n"
    "## exact [short match=exact]\nS?\n- [x] ls -la\n> g\n"
    "## num [numeric points=2]\nS?\n"
    "- [x] 3.5 ± 0.1\n  > chính xác\n- [x] (50%) 3..4\n- [ ] 8\n  > đó là số bit\n"
    "## rounding [numeric]\nS?\n- [x] 1.1 ± 0.2\n> g\n"
    "## match [matching points=3]\nS?\n"
    "- Bàn phím -> Thiết bị nhập\n- Màn hình -> Thiết bị xuất\n- Chuột -> Thiết bị nhập\n"
    "- -> Thiết bị mạng\n> g\n";

// More edges, kept apart so the totals of kQuiz stay as they are.
const char kEdges[] =
    "---\ntitle: Biên\n---\n"
    // Every option weighted, as imported from Moodle: 0% costs nothing.
    "## all-weighted [multiple points=2]\nS?\n"
    "- [x] (50%) a\n- [x] (50%) b\n- [ ] (-100%) c\n- [ ] (0%) d\n> g\n"
    "## exact-weighted [short match=exact]\nS?\n- [x] Enter\n- [x] (50%) enter\n> g\n"
    "## loose-weighted [short match=loose points=4]\nS?\n"
    "- [x] thư mục\n- [x] (25%) folder\n- [ ] tệp\n  > không phải\n> g\n"
    "## negative [numeric]\nS?\n- [x] -5..-1\n> g\n"
    "## exact-number [numeric]\nS?\n- [x] 8\n> g\n"
    "## zero [numeric]\nS?\n- [x] 0 ± 0.5\n> g\n";

Quiz ParseFixture(const char* text) {
  Diagnostics all;
  FileDiagnostics diags(&all, "quiz.md");
  auto q = ParseQuiz(text, diags);
  if (!q) throw std::runtime_error("fixture does not parse");
  return *q;
}

const Quiz& Fixture() {
  static const Quiz quiz = ParseFixture(kQuiz);
  return quiz;
}

const Quiz& Edges() {
  static const Quiz quiz = ParseFixture(kEdges);
  return quiz;
}

const Question& Find(const std::string& id) {
  for (const Quiz* quiz : {&Fixture(), &Edges()}) {
    for (const Question& q : quiz->questions) {
      if (q.id == id) return q;
    }
  }
  throw std::runtime_error("no question " + id);
}

struct Case {
  std::string label;
  std::string question;
  Answer answer;
  double score;
  Outcome outcome;
};

using M = std::map<int, int>;
using V = std::vector<int>;

}  // namespace

TEST_CASE("every question type is scored by the documented rules", "[assessments][grader]") {
  const Case c = GENERATE(values<Case>({
      {"single correct", "one", 1, 2, Outcome::kCorrect},
      {"single wrong", "one", 0, 0, Outcome::kIncorrect},
      {"true-false correct", "tf", 0, 1, Outcome::kCorrect},
      {"true-false wrong", "tf", 1, 0, Outcome::kIncorrect},
      {"multiple all correct", "many", V{0, 1}, 3, Outcome::kCorrect},
      {"multiple one of two", "many", V{1}, 1.5, Outcome::kPartial},
      {"multiple two right one wrong", "many", V{0, 1, 2}, 2, Outcome::kPartial},
      {"multiple floor at 0", "many", V{0, 2, 3}, 0, Outcome::kIncorrect},
      {"multiple only wrong", "many", V{2, 3, 4}, 0, Outcome::kIncorrect},
      {"multiple everything", "many", V{0, 1, 2, 3, 4}, 0, Outcome::kIncorrect},
      {"multiple nothing chosen", "many", V{}, 0, Outcome::kIncorrect},
      {"explicit weights capped at points", "weighted", V{0, 1}, 4, Outcome::kCorrect},
      {"explicit weight alone", "weighted", V{0}, 3, Outcome::kPartial},
      {"explicit negative weight", "weighted", V{0, 2}, 2, Outcome::kPartial},
      {"default negative weight beside explicit", "weighted", V{0, 3}, 1, Outcome::kPartial},
      {"weights below 0 floor", "weighted", V{1, 3}, 0, Outcome::kIncorrect},
      {"thirds add up to full marks", "thirds", V{0, 1, 2}, 1, Outcome::kCorrect},
      {"two thirds", "thirds", V{0, 2}, 2.0 / 3, Outcome::kPartial},
      {"twelfths add up to full marks", "twelve", V{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}, 1,
       Outcome::kCorrect},
      {"short, case ignored by default", "folder", std::string("thư MỤC"), 2, Outcome::kCorrect},
      {"short, best weight wins", "folder", std::string("THƯ MỤC"), 2, Outcome::kCorrect},
      {"short, spaces collapse", "folder", std::string("  Thư    mục "), 2, Outcome::kCorrect},
      {"short, weighted answer", "folder", std::string("Folder"), 1, Outcome::kPartial},
      {"short, diacritics matter by default", "folder", std::string("thu muc"), 0,
       Outcome::kIncorrect},
      {"short, listed wrong answer", "folder", std::string("tệp"), 0, Outcome::kIncorrect},
      {"short loose, no diacritics", "loose", std::string("thu muc"), 1, Outcome::kCorrect},
      {"short loose, capitals", "loose", std::string("THU  MUC"), 1, Outcome::kCorrect},
      {"short loose, same text", "loose", std::string("thư mục"), 1, Outcome::kCorrect},
      {"short loose, other word", "loose", std::string("thu"), 0, Outcome::kIncorrect},
      {"short exact, same", "exact", std::string(" ls   -la "), 1, Outcome::kCorrect},
      {"short exact, case differs", "exact", std::string("LS -LA"), 0, Outcome::kIncorrect},
      {"numeric centre", "num", 3.5, 2, Outcome::kCorrect},
      {"numeric at min of tolerance", "num", 3.4, 2, Outcome::kCorrect},
      {"numeric at max of tolerance", "num", 3.6, 2, Outcome::kCorrect},
      {"numeric just below tolerance", "num", 3.39, 1, Outcome::kPartial},
      {"numeric just above tolerance", "num", 3.61, 1, Outcome::kPartial},
      {"numeric at min of range", "num", 3.0, 1, Outcome::kPartial},
      {"numeric at max of range", "num", 4, 1, Outcome::kPartial},
      {"numeric just above range", "num", 4.0001, 0, Outcome::kIncorrect},
      {"numeric just below range", "num", 2.9999, 0, Outcome::kIncorrect},
      {"numeric text with comma", "num", std::string("3,5"), 2, Outcome::kCorrect},
      {"numeric text with spaces", "num", std::string(" 3.45 "), 2, Outcome::kCorrect},
      {"numeric listed wrong answer", "num", 8, 0, Outcome::kIncorrect},
      {"numeric decimal rounding at min", "rounding", 0.9, 1, Outcome::kCorrect},
      {"numeric decimal rounding at max", "rounding", 1.3, 1, Outcome::kCorrect},
      {"numeric outside after rounding", "rounding", 0.8999, 0, Outcome::kIncorrect},
      {"matching all pairs", "match", M{{0, 0}, {1, 1}, {2, 0}}, 3, Outcome::kCorrect},
      {"matching one pair", "match", M{{0, 0}}, 1, Outcome::kPartial},
      {"matching two of three", "match", M{{0, 0}, {1, 0}, {2, 0}}, 2, Outcome::kPartial},
      {"matching the distractor", "match", M{{0, 2}, {1, 2}, {2, 2}}, 0, Outcome::kIncorrect},
      {"matching nothing", "match", M{}, 0, Outcome::kIncorrect},
      {"matching all to one right item", "match", M{{0, 0}, {1, 0}, {2, 0}}, 2, Outcome::kPartial},
      {"matching none right, no distractor", "match", M{{0, 1}, {1, 0}, {2, 1}}, 0,
       Outcome::kIncorrect},
      {"all weighted, both right", "all-weighted", V{0, 1}, 2, Outcome::kCorrect},
      {"all weighted, right and 0%", "all-weighted", V{0, 3}, 1, Outcome::kPartial},
      {"all weighted, 0% costs nothing", "all-weighted", V{0, 1, 3}, 2, Outcome::kCorrect},
      {"all weighted, -100% floors at 0", "all-weighted", V{0, 2}, 0, Outcome::kIncorrect},
      {"all weighted, everything", "all-weighted", V{0, 1, 2, 3}, 0, Outcome::kIncorrect},
      {"all weighted, only 0%", "all-weighted", V{3}, 0, Outcome::kIncorrect},
      {"short exact, full weight", "exact-weighted", std::string("Enter"), 1, Outcome::kCorrect},
      {"short exact, weighted spelling", "exact-weighted", std::string(" enter "), 0.5,
       Outcome::kPartial},
      {"short exact, other case", "exact-weighted", std::string("ENTER"), 0, Outcome::kIncorrect},
      {"short loose, full weight", "loose-weighted", std::string("THU MUC"), 4, Outcome::kCorrect},
      {"short loose, weighted", "loose-weighted", std::string("Folder"), 1, Outcome::kPartial},
      {"short loose, listed wrong answer", "loose-weighted", std::string("tep"), 0,
       Outcome::kIncorrect},
      {"numeric negative range, min", "negative", -5, 1, Outcome::kCorrect},
      {"numeric negative range, max", "negative", -1.0, 1, Outcome::kCorrect},
      {"numeric negative range, just above", "negative", -0.99, 0, Outcome::kIncorrect},
      {"numeric negative range, just below", "negative", -5.01, 0, Outcome::kIncorrect},
      {"numeric negative text", "negative", std::string("-3,5"), 1, Outcome::kCorrect},
      {"numeric exact value", "exact-number", 8, 1, Outcome::kCorrect},
      {"numeric exact value as text", "exact-number", std::string("8.0"), 1, Outcome::kCorrect},
      {"numeric exponent text", "exact-number", std::string("0.8e1"), 1, Outcome::kCorrect},
      {"numeric exact value, off by a little", "exact-number", 8.0000001, 0, Outcome::kIncorrect},
      {"numeric tolerance around 0, at min", "zero", -0.5, 1, Outcome::kCorrect},
      {"numeric tolerance around 0, at max text", "zero", std::string("0,5"), 1,
       Outcome::kCorrect},
      {"numeric tolerance around 0, just outside", "zero", 0.5001, 0, Outcome::kIncorrect},
      {"numeric at min of tolerance, comma text", "num", std::string("3,4"), 2, Outcome::kCorrect},
  }));
  CAPTURE(c.label);
  auto grade = GradeQuestion(Find(c.question), c.answer);
  REQUIRE(grade.ok());
  CHECK(grade->question_id == c.question);
  CHECK(grade->score == Approx(c.score).margin(1e-12));
  CHECK(grade->outcome == c.outcome);
  CHECK(grade->max == Find(c.question).points);
  CHECK(grade->answered);
}

TEST_CASE("answers of the wrong kind or naming missing items are invalid",
          "[assessments][grader]") {
  const Case c = GENERATE(values<Case>({
      {"single given a list", "one", V{1}, 0, Outcome::kIncorrect},
      {"single given text", "one", std::string("1"), 0, Outcome::kIncorrect},
      {"single given a number", "one", 1.0, 0, Outcome::kIncorrect},
      {"single out of range", "one", 3, 0, Outcome::kIncorrect},
      {"single negative", "one", -1, 0, Outcome::kIncorrect},
      {"true-false out of range", "tf", 2, 0, Outcome::kIncorrect},
      {"multiple given one number", "many", 0, 0, Outcome::kIncorrect},
      {"multiple repeats an option", "many", V{0, 0}, 0, Outcome::kIncorrect},
      {"multiple out of range", "many", V{0, 5}, 0, Outcome::kIncorrect},
      {"short given a number", "folder", 3.0, 0, Outcome::kIncorrect},
      {"short given a list", "folder", V{0}, 0, Outcome::kIncorrect},
      {"numeric given words", "num", std::string("ba phẩy năm"), 0, Outcome::kIncorrect},
      {"numeric given a list", "num", V{3}, 0, Outcome::kIncorrect},
      {"numeric given infinity", "num", std::numeric_limits<double>::infinity(), 0,
       Outcome::kIncorrect},
      {"matching given a list", "match", V{0, 1}, 0, Outcome::kIncorrect},
      {"matching left out of range", "match", M{{3, 0}}, 0, Outcome::kIncorrect},
      {"matching negative left", "match", M{{-1, 0}}, 0, Outcome::kIncorrect},
      {"matching right out of range", "match", M{{0, 3}}, 0, Outcome::kIncorrect},
      {"true-false given text", "tf", std::string("Đúng"), 0, Outcome::kIncorrect},
      {"true-false given a list", "tf", V{0}, 0, Outcome::kIncorrect},
      {"true-false given matching pairs", "tf", M{{0, 0}}, 0, Outcome::kIncorrect},
      {"multiple given matching pairs", "many", M{{0, 1}}, 0, Outcome::kIncorrect},
      {"multiple given text", "many", std::string("0,1"), 0, Outcome::kIncorrect},
      {"multiple negative option", "many", V{-1}, 0, Outcome::kIncorrect},
      {"multiple repeats among others", "all-weighted", V{0, 1, 0}, 0, Outcome::kIncorrect},
      {"short given an option number", "folder", 0, 0, Outcome::kIncorrect},
      {"short given matching pairs", "loose", M{{0, 0}}, 0, Outcome::kIncorrect},
      {"numeric given an option number list", "zero", V{}, 0, Outcome::kIncorrect},
      {"numeric with trailing words", "exact-number", std::string("8 bit"), 0,
       Outcome::kIncorrect},
      {"numeric with a thousands separator", "exact-number", std::string("1.000,5"), 0,
       Outcome::kIncorrect},
      {"numeric given NaN", "zero", std::numeric_limits<double>::quiet_NaN(), 0,
       Outcome::kIncorrect},
      {"matching given text", "match", std::string("0-0"), 0, Outcome::kIncorrect},
      {"matching given an option number", "match", 0, 0, Outcome::kIncorrect},
      {"matching negative right", "match", M{{0, -1}}, 0, Outcome::kIncorrect},
  }));
  CAPTURE(c.label);
  auto grade = GradeQuestion(Find(c.question), c.answer);
  REQUIRE_FALSE(grade.ok());
  CHECK(grade.status().code() == StatusCode::kInvalidArgument);
  CHECK(grade.status().message().find("'" + c.question + "'") != std::string::npos);
}

TEST_CASE("invalid answer messages say what was expected", "[assessments][grader]") {
  auto grade = GradeQuestion(Find("one"), std::string("1"));
  REQUIRE_FALSE(grade.ok());
  CHECK(grade.status().message() == "question 'one' (single) expects an option number, not text");
  grade = GradeQuestion(Find("many"), V{0, 5});
  REQUIRE_FALSE(grade.ok());
  CHECK(grade.status().message() == "question 'many' has no option 5 (it has 5, numbered from 0)");
}

TEST_CASE("an unanswered question scores 0 and still shows general feedback",
          "[assessments][grader]") {
  const auto [id, answer] = GENERATE(table<std::string, Answer>({
      {"one", Answer()},
      {"tf", Answer()},
      {"many", Answer()},
      {"all-weighted", Answer()},
      {"match", Answer()},
      {"folder", std::string("   ")},
      {"folder", Answer()},
      {"exact-weighted", std::string("\t")},
      {"num", std::string("")},
      {"num", Answer()},
      {"zero", std::string("  ")},
  }));
  CAPTURE(id);
  auto grade = GradeQuestion(Find(id), answer);
  REQUIRE(grade.ok());
  CHECK_FALSE(grade->answered);
  CHECK(grade->score == 0);
  CHECK(grade->outcome == Outcome::kIncorrect);
  CHECK(grade->answer_feedback.empty());
  CHECK(grade->general_feedback == Find(id).general_feedback);
}

TEST_CASE("feedback is that of the chosen or given answers", "[assessments][grader]") {
  auto single = GradeQuestion(Find("one"), 0);
  REQUIRE(single.ok());
  CHECK(single->answer_feedback == std::vector<std::string>{"not a"});
  CHECK(single->general_feedback == "general one");

  auto multiple = GradeQuestion(Find("many"), V{2, 1, 0});
  REQUIRE(multiple.ok());
  CHECK(multiple->answer_feedback == std::vector<std::string>{"fa", "fc"});  // file order

  auto short_answer = GradeQuestion(Find("folder"), std::string("folder"));
  REQUIRE(short_answer.ok());
  CHECK(short_answer->answer_feedback == std::vector<std::string>{"dùng tiếng Việt"});
  auto wrong = GradeQuestion(Find("folder"), std::string("TỆP"));
  REQUIRE(wrong.ok());
  CHECK(wrong->answer_feedback == std::vector<std::string>{"tệp ở trong thư mục"});

  auto numeric = GradeQuestion(Find("num"), 3.55);  // in both ranges: the best one speaks
  REQUIRE(numeric.ok());
  CHECK(numeric->answer_feedback == std::vector<std::string>{"chính xác"});
  auto bits = GradeQuestion(Find("num"), 8);
  REQUIRE(bits.ok());
  CHECK(bits->answer_feedback == std::vector<std::string>{"đó là số bit"});
  auto none = GradeQuestion(Find("num"), 100.0);
  REQUIRE(none.ok());
  CHECK(none->answer_feedback.empty());
}

TEST_CASE("matching items are numbered as the API says", "[assessments][grader]") {
  CHECK(MatchingLeftItems(Find("match")) ==
        std::vector<std::string>{"Bàn phím", "Màn hình", "Chuột"});
  CHECK(MatchingRightItems(Find("match")) ==
        std::vector<std::string>{"Thiết bị nhập", "Thiết bị xuất", "Thiết bị mạng"});
}

TEST_CASE("default weights follow the type", "[assessments][grader]") {
  CHECK(EffectiveWeightPercent(Find("many"), 0) == 50);
  CHECK(EffectiveWeightPercent(Find("many"), 2) == Approx(-100.0 / 3));
  CHECK(EffectiveWeightPercent(Find("weighted"), 0) == 75);
  CHECK(EffectiveWeightPercent(Find("weighted"), 3) == -50);
  CHECK(EffectiveWeightPercent(Find("one"), 0) == 0);
  CHECK(EffectiveWeightPercent(Find("one"), 1) == 100);
  CHECK(EffectiveWeightPercent(Find("folder"), 1) == 50);
  CHECK(EffectiveWeightPercent(Find("folder"), 3) == 0);
  CHECK(EffectiveWeightPercent(Find("num").numeric_answers[1]) == 50);
  CHECK(EffectiveWeightPercent(Find("num").numeric_answers[2]) == 0);
}

TEST_CASE("an attempt passes at exactly the pass mark", "[assessments][grader]") {
  // 5 true-false questions of `points` each, `right` of them answered correctly.
  const auto [points, right, pass_mark, percentage, passed] =
      GENERATE(table<double, int, double, double, bool>({
          {1, 4, 80, 80, true},
          {1, 3, 80, 60, false},
          {1, 5, 100, 100, true},
          {1, 4, 80.5, 80, false},
          {1, 0, 0, 0, true},
          {1, 0, 0.5, 0, false},
          // 0.3 + 0.3 + 0.3 over 1.5 is 59.999999999999993% in doubles.
          {0.3, 3, 60, 60, true},
      }));
  std::vector<Question> five;
  AnswerSheet answers;
  for (int i = 0; i < 5; ++i) {
    Question q = Find("tf");
    q.id = "q" + std::to_string(i);
    q.points = points;
    five.push_back(q);
    answers[q.id] = i < right ? 0 : 1;
  }
  CAPTURE(points, right, pass_mark);
  auto report = GradeAttempt(five, answers, pass_mark);
  REQUIRE(report.ok());
  CHECK(report->score == Approx(points * right));
  CHECK(report->max == Approx(points * 5));
  CHECK(report->percentage == percentage);
  CHECK(report->passed == passed);
  CHECK(report->questions.size() == 5);
}

TEST_CASE("partial credit adding up to a whole reaches a pass mark of 100",
          "[assessments][grader]") {
  std::vector<Question> questions = {Find("twelve")};
  auto report = GradeAttempt(questions, {{"twelve", V{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}}}, 100);
  REQUIRE(report.ok());
  CHECK(report->score == 1);
  CHECK(report->percentage == 100);
  CHECK(report->passed);
}

TEST_CASE("a whole quiz is graded with its pass mark", "[assessments][grader]") {
  // one 2, tf 1, many 3, weighted 4, thirds 1, twelve 1, folder 2, loose 1, exact 1, num 2,
  // rounding 1, match 3: max 22. Scored: one 2 + folder 2 + num 2 + match 1 (of 3) = 7.
  auto report = GradeQuiz(Fixture(), {{"one", 1},
                                      {"folder", std::string("thư mục")},
                                      {"num", 3.5},
                                      {"match", M{{1, 1}}},
                                      {"tf", 1}});
  REQUIRE(report.ok());
  CHECK(report->max == 22);
  CHECK(report->score == Approx(7));
  CHECK(report->percentage == Approx(100.0 * 7 / 22));
  CHECK_FALSE(report->passed);  // pass_mark 60
  CHECK(report->questions.size() == Fixture().questions.size());
  CHECK(report->questions[1].question_id == "tf");
  CHECK(report->questions[1].answered);
  CHECK_FALSE(report->questions[2].answered);
}

TEST_CASE("an attempt with a bad answer or an unknown question is refused",
          "[assessments][grader]") {
  auto unknown = GradeQuiz(Fixture(), {{"one", 1}, {"not-here", 1}});
  REQUIRE_FALSE(unknown.ok());
  CHECK(unknown.status().code() == StatusCode::kInvalidArgument);
  CHECK(unknown.status().message() ==
        "answer given for question 'not-here', which is not in this attempt");
  auto bad = GradeQuiz(Fixture(), {{"one", 1}, {"many", 2}});
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.status().code() == StatusCode::kInvalidArgument);
  CHECK(bad.status().message().find("question 'many'") == 0);
}

TEST_CASE("attempt scores combine on uneven histories", "[assessments][grader]") {
  using Attempts = std::vector<double>;
  const auto [method, attempts, percentage, counted] =
      GENERATE(table<GradingMethod, Attempts, double, std::optional<size_t>>({
          {GradingMethod::kHighest, {100, 40, 100}, 100, 0},
          {GradingMethod::kHighest, {0, 0}, 0, 0},
          {GradingMethod::kHighest, {10, 20, 30}, 30, 2},
          {GradingMethod::kLast, {100, 0}, 0, 1},
          {GradingMethod::kFirst, {0, 100}, 0, 0},
          {GradingMethod::kAverage, {100, 0, 50}, 50, std::nullopt},
          {GradingMethod::kAverage, {33.5, 66.5}, 50, std::nullopt},
          {GradingMethod::kAverage, {80}, 80, std::nullopt},
      }));
  CAPTURE(GradingMethodName(method), attempts);
  const AttemptScore score = CombineAttempts(method, attempts);
  REQUIRE(score.percentage);
  CHECK(*score.percentage == Approx(percentage));
  CHECK(score.counted_attempt == counted);
}

TEST_CASE("attempts combine by the grading method", "[assessments][grader]") {
  const std::vector<double> attempts = {60, 90, 90, 70};
  const auto [method, percentage, counted] =
      GENERATE(table<GradingMethod, double, std::optional<size_t>>({
          {GradingMethod::kHighest, 90, 1},
          {GradingMethod::kLast, 70, 3},
          {GradingMethod::kFirst, 60, 0},
          {GradingMethod::kAverage, 77.5, std::nullopt},
      }));
  CAPTURE(GradingMethodName(method));
  const AttemptScore score = CombineAttempts(method, attempts);
  REQUIRE(score.percentage);
  CHECK(*score.percentage == percentage);
  CHECK(score.counted_attempt == counted);

  const AttemptScore one = CombineAttempts(method, {42});
  CHECK(one.percentage == 42.0);

  const AttemptScore none = CombineAttempts(method, {});
  CHECK_FALSE(none.percentage);
  CHECK_FALSE(none.counted_attempt);
}

}  // namespace lophoc::assessments
