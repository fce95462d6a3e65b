#include "assessments/quiz_parser.h"

#include <catch2/catch.hpp>

namespace lophoc::assessments {
namespace {

std::vector<std::string> Messages(const Diagnostics& d) {
  std::vector<std::string> out;
  for (const auto& i : d.items()) out.push_back(i.ToString());
  return out;
}

// Every type and every setting; line numbers matter for the checks below.
const char kFullQuiz[] =
    "---\n"                                         // 1
    "title: Kiểm tra cuối khóa\n"                   // 2
    "pass_mark: 75,5\n"                             // 3
    "attempts: 3\n"                                 // 4
    "grading: average\n"                            // 5
    "time_limit: 20\n"                              // 6
    "late: mark\n"                                  // 7
    "draw: 5\n"                                     // 8
    "shuffle: true\n"                               // 9
    "---\n"                                         // 10
    "\n"                                            // 11
    "Bài kiểm tra gồm **6** câu hỏi.\n"             // 12
    "\n"                                            // 13
    "Chúc may mắn.\n"                               // 14
    "\n"                                            // 15
    "## mo-thu-muc [single points=2]\n"             // 16
    "Để mở một thư mục, bạn làm gì?\n"              // 17
    "\n"                                            // 18
    "```\n"                                         // 19
    "- [x] not an option inside code\n"             // 20
    "```\n"                                         // 21
    "- [ ] Nháy chuột phải\n"                       // 22
    "  > Mở trình đơn.\n"                           // 23
    "- [x] Nháy đúp chuột trái\n"                   // 24
    "  > Đúng.\n"                                   // 25
    "  >\n"                                         // 26
    "  > Hai lần, nhanh.\n"                         // 27
    "\n"                                            // 28
    "> Nháy đúp là cách phổ biến.\n"                // 29
    "## thiet-bi-nhap [multiple points=1.5]\n"      // 30
    "Thiết bị nào là thiết bị nhập?\n"              // 31
    "- [x] Bàn phím\n"                              // 32
    "- [x] (60%) Chuột\n"                           // 33
    "- [ ] (-100%) Màn hình\n"                      // 34
    "- [ ] Loa\n"                                   // 35
    "> Thiết bị nhập đưa dữ liệu vào máy.\n"        // 36
    ">\n"                                           // 37
    "> Xem bài 2.\n"                                // 38
    "## may-tinh-can-dien [true-false]\n"           // 39
    "Máy tính cần điện để chạy.\n"                  // 40
    "- [X] Đúng\n"                                  // 41
    "- [ ] Sai\n"                                   // 42
    "> Đúng vậy.\n"                                 // 43
    "## ten-thu-muc [short match=loose]\n"          // 44
    "Nơi chứa tệp gọi là gì?\n"                     // 45
    "- [x] thư mục\n"                               // 46
    "- [x] (50%) folder\n"                          // 47
    "  > Đúng, nhưng hãy dùng tiếng Việt.\n"        // 48
    "- [ ] tệp\n"                                   // 49
    "  > Tệp nằm trong thư mục.\n"                  // 50
    "## so-byte [numeric points=3]\n"               // 51
    "Một kilobyte có bao nhiêu byte?\n"             // 52
    "- [x] 1024\n"                                  // 53
    "- [x] 1000 ± 10 (50%)\n"                       // 54
    "- [x] (25%) 900..1100\n"                       // 55
    "- [ ] 8\n"                                     // 56
    "  > Đó là số bit trong một byte.\n"            // 57
    "> 1 KB = 1024 byte.\n"                         // 58
    "## ghep-thiet-bi [matching]\n"                 // 59
    "Ghép thiết bị với chức năng.\n"                // 60
    "\n"                                            // 61
    "- Bàn phím -> Thiết bị nhập\n"                 // 62
    "- Màn hình -> Thiết bị xuất\n"                 // 63
    "- Chuột -> Thiết bị nhập\n"                    // 64
    "- -> Thiết bị mạng\n"                          // 65
    "\n"                                            // 66
    "> Bàn phím và chuột đều là thiết bị nhập.\n";  // 67

}  // namespace

TEST_CASE("a full quiz parses into every setting and every question type",
          "[assessments][quiz_parser]") {
  Diagnostics all;
  FileDiagnostics diags(&all, "quiz.md");
  auto quiz = ParseQuiz(kFullQuiz, diags);
  CAPTURE(Messages(all));
  REQUIRE(quiz);
  CHECK(all.items().empty());

  const QuizSettings& s = quiz->settings;
  CHECK(s.title == "Kiểm tra cuối khóa");
  CHECK(s.pass_mark == 75.5);
  CHECK(s.max_attempts == 3);
  CHECK(s.grading == GradingMethod::kAverage);
  CHECK(s.time_limit_minutes == 20);
  CHECK(s.late == LatePolicy::kMark);
  CHECK(s.draw == 5);
  CHECK(s.shuffle);
  CHECK(quiz->intro_markdown == "Bài kiểm tra gồm **6** câu hỏi.\n\nChúc may mắn.");
  REQUIRE(quiz->questions.size() == 6);

  const Question& single = quiz->questions[0];
  CHECK(single.id == "mo-thu-muc");
  CHECK(single.type == QuestionType::kSingle);
  CHECK(single.points == 2);
  CHECK(single.line == 16);
  CHECK(single.stem_markdown ==
        "Để mở một thư mục, bạn làm gì?\n\n```\n- [x] not an option inside code\n```");
  REQUIRE(single.choices.size() == 2);
  CHECK(single.choices[0].text == "Nháy chuột phải");
  CHECK_FALSE(single.choices[0].correct);
  CHECK(single.choices[0].feedback == "Mở trình đơn.");
  CHECK(single.choices[1].correct);
  CHECK(single.choices[1].feedback == "Đúng.\n\nHai lần, nhanh.");
  CHECK(single.general_feedback == "Nháy đúp là cách phổ biến.");

  const Question& multiple = quiz->questions[1];
  CHECK(multiple.type == QuestionType::kMultiple);
  CHECK(multiple.points == 1.5);
  REQUIRE(multiple.choices.size() == 4);
  CHECK_FALSE(multiple.choices[0].explicit_weight);
  CHECK(multiple.choices[1].explicit_weight);
  CHECK(multiple.choices[1].weight_percent == 60);
  CHECK(multiple.choices[1].text == "Chuột");
  CHECK(multiple.choices[2].weight_percent == -100);
  CHECK_FALSE(multiple.choices[2].correct);
  CHECK(multiple.general_feedback == "Thiết bị nhập đưa dữ liệu vào máy.\n\nXem bài 2.");

  const Question& tf = quiz->questions[2];
  CHECK(tf.type == QuestionType::kTrueFalse);
  REQUIRE(tf.choices.size() == 2);
  CHECK(tf.choices[0].correct);
  CHECK(tf.choices[0].text == "Đúng");

  const Question& short_q = quiz->questions[3];
  CHECK(short_q.type == QuestionType::kShort);
  CHECK(short_q.short_match == ShortMatch::kLoose);
  REQUIRE(short_q.choices.size() == 3);
  CHECK(short_q.choices[1].text == "folder");
  CHECK(short_q.choices[1].weight_percent == 50);
  CHECK(short_q.choices[1].feedback == "Đúng, nhưng hãy dùng tiếng Việt.");
  CHECK_FALSE(short_q.choices[2].correct);
  CHECK(short_q.choices[2].feedback == "Tệp nằm trong thư mục.");
  CHECK(short_q.general_feedback.empty());

  const Question& numeric = quiz->questions[4];
  CHECK(numeric.type == QuestionType::kNumeric);
  CHECK(numeric.points == 3);
  REQUIRE(numeric.numeric_answers.size() == 4);
  CHECK(numeric.numeric_answers[0].min == 1024);
  CHECK(numeric.numeric_answers[0].max == 1024);
  CHECK_FALSE(numeric.numeric_answers[0].explicit_weight);
  CHECK(numeric.numeric_answers[1].min == 990);
  CHECK(numeric.numeric_answers[1].max == 1010);
  CHECK(numeric.numeric_answers[1].weight_percent == 50);
  CHECK(numeric.numeric_answers[1].source == "1000 ± 10");
  CHECK(numeric.numeric_answers[2].min == 900);
  CHECK(numeric.numeric_answers[2].max == 1100);
  CHECK(numeric.numeric_answers[2].weight_percent == 25);
  CHECK_FALSE(numeric.numeric_answers[3].correct);
  CHECK(numeric.numeric_answers[3].feedback == "Đó là số bit trong một byte.");

  const Question& matching = quiz->questions[5];
  CHECK(matching.type == QuestionType::kMatching);
  CHECK(matching.line == 59);
  REQUIRE(matching.pairs.size() == 4);
  CHECK(matching.pairs[0] == MatchPair{"Bàn phím", "Thiết bị nhập"});
  CHECK(matching.pairs[3] == MatchPair{"", "Thiết bị mạng"});
  CHECK(matching.general_feedback == "Bàn phím và chuột đều là thiết bị nhập.");
}

TEST_CASE("settings have the documented defaults", "[assessments][quiz_parser]") {
  Diagnostics all;
  FileDiagnostics diags(&all, "quiz.md");
  auto quiz = ParseQuiz("---\ntitle: T\n---\n## q [short]\nS?\n- [x] a\n  > ok\n", diags);
  REQUIRE(quiz);
  const QuizSettings& s = quiz->settings;
  CHECK(s.pass_mark == 80);
  CHECK_FALSE(s.max_attempts);
  CHECK(s.grading == GradingMethod::kHighest);
  CHECK_FALSE(s.time_limit_minutes);
  CHECK(s.late == LatePolicy::kReject);
  CHECK_FALSE(s.draw);
  CHECK_FALSE(s.shuffle);
  CHECK(quiz->intro_markdown.empty());
  CHECK(quiz->questions[0].points == 1);
  CHECK(quiz->questions[0].short_match == ShortMatch::kCase);
}

TEST_CASE("'attempts: unlimited' means no maximum", "[assessments][quiz_parser]") {
  Diagnostics all;
  FileDiagnostics diags(&all, "quiz.md");
  auto quiz = ParseQuiz(
      "---\ntitle: T\nattempts: unlimited\n---\n## q [short]\nS?\n- [x] a\n> ok\n", diags);
  REQUIRE(quiz);
  CHECK_FALSE(quiz->settings.max_attempts);
}

TEST_CASE("a question with no feedback is a warning, not an error", "[assessments][quiz_parser]") {
  Diagnostics all;
  FileDiagnostics diags(&all, "quiz.md");
  auto quiz = ParseQuiz("---\ntitle: T\n---\n## q [single]\nS?\n- [x] a\n- [ ] b\n", diags);
  REQUIRE(quiz);
  REQUIRE(all.items().size() == 1);
  CHECK(all.items()[0].severity == Severity::kWarning);
  CHECK(all.items()[0].ToString() ==
        "quiz.md:4: warning: question 'q' has no feedback: add "
        "general feedback ('> ...') or feedback under an answer "
        "('  > ...')");
}

TEST_CASE("the offset of the diagnostics is applied", "[assessments][quiz_parser]") {
  Diagnostics all;
  FileDiagnostics diags(&all, "courses/x/quiz.md", 10);
  CHECK_FALSE(ParseQuiz("---\ntitle: T\n---\n## q [single]\nS?\n- [x] a\n> f\n", diags));
  CHECK(Messages(all) == std::vector<std::string>{
                             "courses/x/quiz.md:14: a single question needs at least two options"});
}

// Each case is one problem: the body comes after "---\ntitle: T\n---\n", so
// its first line is line 4.
TEST_CASE("every problem is reported at its line", "[assessments][quiz_parser]") {
  const std::string kOk = "## ok [single]\nS?\n- [x] a\n- [ ] b\n> f\n";
  auto [front, body, expected] = GENERATE_COPY(table<std::string, std::string, std::string>({
      // Front matter.
      {"colour: red\n", kOk, "q.md:3: unknown key 'colour'"},
      {"pass_mark: 101\n", kOk, "q.md:3: 'pass_mark' must be a number from 0 to 100"},
      {"pass_mark: -1\n", kOk, "q.md:3: 'pass_mark' must be a number from 0 to 100"},
      {"pass_mark: high\n", kOk, "q.md:3: 'pass_mark' must be a number from 0 to 100"},
      {"attempts: 0\n", kOk, "q.md:3: 'attempts' must be a whole number of at least 1"},
      {"attempts: many\n", kOk, "q.md:3: 'attempts' must be a whole number of at least 1"},
      {"attempts: 2.5\n", kOk, "q.md:3: 'attempts' must be a whole number of at least 1"},
      {"grading: best\n", kOk, "q.md:3: 'grading' must be highest, last, first or average"},
      {"time_limit: 0\n", kOk, "q.md:3: 'time_limit' must be a whole number of minutes"},
      {"time_limit: 20m\n", kOk, "q.md:3: 'time_limit' must be a whole number of minutes"},
      {"late: accept\n", kOk, "q.md:3: 'late' must be reject or mark"},
      {"draw: 0\n", kOk, "q.md:3: 'draw' must be a whole number of at least 1"},
      {"draw: all\n", kOk, "q.md:3: 'draw' must be a whole number of at least 1"},
      {"draw: 2\n", kOk, "q.md:3: 'draw' is 2 but the quiz has only 1 questions"},
      {"shuffle: yes\n", kOk, "q.md:3: 'shuffle' must be true or false"},
      {"", "", "q.md:1: quiz has no questions"},
      {"", "Intro only.\n", "q.md:1: quiz has no questions"},
      // Headings.
      {"", "## Câu hỏi 1\nS?\n", "q.md:4: question heading must be '## question-id [type]'"},
      {"", "## [single]\nS?\n", "q.md:4: question heading must be '## question-id [type]'"},
      {"", "##\n", "q.md:4: question heading must be '## question-id [type]'"},
      {"", "## q []\nS?\n", "q.md:4: question heading must be '## question-id [type]'"},
      {"", "## q [single\nS?\n", "q.md:4: missing ']' in question heading"},
      {"", "## Q1 [single]\nS?\n- [x] a\n- [ ] b\n> f\n", "q.md:4: invalid question id 'Q1'"},
      {"", "## câu-1 [single]\nS?\n- [x] a\n- [ ] b\n> f\n", "q.md:4: invalid question id"},
      {"", "## q [single] extra\nS?\n- [x] a\n- [ ] b\n> f\n", "q.md:4: unexpected text after ']'"},
      {"", kOk + kOk, "q.md:9: duplicate question id 'ok' (first used on line 4)"},
      {"", "## q [prose]\nS?\n", "q.md:4: unknown question type 'prose'"},
      {"", "## q [single colour=red]\nS?\n- [x] a\n- [ ] b\n> f\n",
       "q.md:4: unknown attribute 'colour'"},
      {"", "## q [single hard]\nS?\n- [x] a\n- [ ] b\n> f\n",
       "q.md:4: attribute 'hard' must be written name=value"},
      {"", "## q [single points=1 points=2]\nS?\n- [x] a\n- [ ] b\n> f\n",
       "q.md:4: attribute 'points' is given twice"},
      {"", "## q [single points=0]\nS?\n- [x] a\n- [ ] b\n> f\n",
       "q.md:4: points must be a positive number, not '0'"},
      {"", "## q [single points=-1]\nS?\n- [x] a\n- [ ] b\n> f\n",
       "q.md:4: points must be a positive number"},
      {"", "## q [single points=two]\nS?\n- [x] a\n- [ ] b\n> f\n",
       "q.md:4: points must be a positive number"},
      {"", "## q [single match=loose]\nS?\n- [x] a\n- [ ] b\n> f\n",
       "q.md:4: attribute 'match' applies only to short questions"},
      {"", "## q [short match=fuzzy]\nS?\n- [x] a\n> f\n",
       "q.md:4: match must be exact, case or loose"},
      // Question text and structure.
      {"", "## q [single]\n- [x] a\n- [ ] b\n> f\n", "q.md:4: question text is empty"},
      {"", "## q [single]\nS?\n> only feedback\n", "q.md:4: question has no answers"},
      {"", "## q [single]\nS?\n  > stray\n- [x] a\n- [ ] b\n> f\n",
       "q.md:6: answer feedback ('  > ...') must come right under an answer"},
      {"", "## q [single]\nS?\n- [x] a\n- [ ] b\n> f\n- [ ] c\n",
       "q.md:9: answers must come before the general feedback"},
      {"", "## q [single]\nS?\n- [x] a\n- [ ] b\n> f\n  > late\n",
       "q.md:9: answer feedback ('  > ...') must come right under an answer, before the "
       "general feedback"},
      {"", "## q [single]\nS?\n- [x] a\nmore text\n- [ ] b\n> f\n",
       "q.md:7: unexpected text after the answers"},
      {"", "## q [single]\nS?\n```\n- [x] a\n- [ ] b\n> f\n", "q.md:6: code block is not closed"},
      {"", "## q [single]\nS?\n~~~\n- [x] a\n## r [single]\nS?\n- [x] a\n- [ ] b\n> f\n",
       "q.md:6: code block is not closed"},
      {"", "Intro\n```\n## q [single]\nS?\n- [x] a\n- [ ] b\n> f\n",
       "q.md:5: code block is not closed"},
      {"", "## q [single]\nS?\n- [x] a\n- [ ]\n> f\n", "q.md:7: answer text is empty"},
      // Single and true-false.
      {"", "## q [single]\nS?\n- [x] a\n> f\n",
       "q.md:4: a single question needs at least two options"},
      {"", "## q [single]\nS?\n- [x] a\n- [x] b\n> f\n",
       "q.md:4: a single question needs exactly one correct option '[x]', found 2"},
      {"", "## q [single]\nS?\n- [ ] a\n- [ ] b\n> f\n",
       "q.md:4: a single question needs exactly one correct option '[x]', found 0"},
      {"", "## q [single]\nS?\n- [x] (50%) a\n- [ ] b\n> f\n",
       "q.md:6: weights like (50%) are allowed only in multiple, short and numeric"},
      {"", "## q [true-false]\nS?\n- [x] Đúng\n- [ ] Sai\n- [ ] Không biết\n> f\n",
       "q.md:4: a true-false question needs exactly two options, found 3"},
      {"", "## q [true-false]\nS?\n- [x] Đúng\n- [x] Sai\n> f\n",
       "q.md:4: a true-false question needs exactly one correct option '[x]', found 2"},
      // Multiple.
      {"", "## q [multiple]\nS?\n- [ ] a\n- [ ] b\n> f\n",
       "q.md:4: a multiple question needs at least one correct option '[x]'"},
      {"", "## q [multiple]\nS?\n- [x] a\n> f\n",
       "q.md:4: a multiple question needs at least two options"},
      {"", "## q [multiple]\nS?\n- [x] (150%) a\n- [ ] b\n> f\n",
       "q.md:6: weight must be from -100% to 100%, not 150%"},
      {"", "## q [multiple]\nS?\n- [x] a\n- [ ] (-101%) b\n> f\n",
       "q.md:7: weight must be from -100% to 100%, not -101%"},
      // Short and numeric.
      {"", "## q [short]\nS?\n- [ ] wrong\n> f\n",
       "q.md:4: a short question needs an accepted answer"},
      {"", "## q [short]\nS?\n- [x] (0%) nothing\n> f\n",
       "q.md:4: a short question needs an accepted answer"},
      {"", "## q [short]\nS?\n- [x] a\n- [ ] (50%) b\n> f\n",
       "q.md:7: a '[ ]' answer is a wrong answer with weight 0"},
      {"", "## q [numeric]\nS?\n- [ ] 8\n> f\n",
       "q.md:4: a numeric question needs an accepted answer"},
      {"", "## q [numeric]\nS?\n- [x] ba\n> f\n",
       "q.md:6: cannot read 'ba' as a numeric answer: write 3.5, 3.5 ± 0.1 or 3..4"},
      {"", "## q [numeric]\nS?\n- [x] 4..3\n> f\n",
       "q.md:6: minimum is greater than maximum in '4..3'"},
      {"", "## q [numeric]\nS?\n- [x] 3 ± -1\n> f\n", "q.md:6: tolerance must not be negative"},
      {"", "## q [numeric]\nS?\n- [x] (50%) 3 (50%)\n> f\n", "q.md:6: weight is given twice"},
      {"", "## q [numeric]\nS?\n- [x] 3 (200%)\n> f\n",
       "q.md:6: weight must be from -100% to 100%, not 200%"},
      // Matching.
      {"", "## q [matching]\nS?\n- a -> 1\n- -> 2\n> f\n",
       "q.md:4: a matching question needs at least two pairs 'left -> right', found 1"},
      {"", "## q [matching]\nS?\n> f\n",
       "q.md:4: a matching question needs at least two pairs 'left -> right', found 0"},
      {"", "## q [matching]\nS?\n- a -> 1\n- b -> 2\n- a -> 3\n> f\n",
       "q.md:8: left item 'a' is listed twice"},
      {"", "## q [matching]\nS?\n- a -> 1\n- b ->\n- c -> 3\n> f\n",
       "q.md:7: matching pair has no right item after '->'"},
      {"", "## q [matching]\nS?\n- a -> 1\n  > nice\n- b -> 2\n> f\n",
       "q.md:7: matching pairs have no feedback of their own"},
      {"", "## q [matching]\nS?\n- a -> 1\n- b\n- c -> 2\n> f\n",
       "q.md:7: unexpected text after the answers: pairs are '- left -> right'"},
      // Encoding.
      {"", "## q [single]\nS\xFF?\n- [x] a\n- [ ] b\n> f\n", "q.md:5: line is not valid UTF-8"},
  }));
  const std::string text = "---\ntitle: T\n" + front + "---\n" + body;
  Diagnostics all;
  FileDiagnostics diags(&all, "q.md");
  const auto quiz = ParseQuiz(text, diags);
  const auto msgs = Messages(all);
  CAPTURE(text, msgs);
  CHECK_FALSE(quiz);
  REQUIRE(all.ErrorCount() == 1);
  CHECK(msgs[0].rfind(expected, 0) == 0);
}

TEST_CASE("all problems are reported, not just the first", "[assessments][quiz_parser]") {
  Diagnostics all;
  FileDiagnostics diags(&all, "q.md");
  const auto quiz = ParseQuiz(
      "---\ntitle: T\npass_mark: 200\n---\n"
      "## a [single points=0]\nS?\n- [x] a\n> f\n"
      "## b [numeric]\nS?\n- [x] x\n- [x] 2\n> f\n"
      "## B [matching]\nS?\n- a -> 1\n- a -> 2\n> f\n",
      diags);
  CHECK_FALSE(quiz);
  CHECK(Messages(all) ==
        std::vector<std::string>{
            "q.md:3: 'pass_mark' must be a number from 0 to 100",
            "q.md:5: points must be a positive number, not '0'",
            "q.md:5: a single question needs at least two options",
            "q.md:11: cannot read 'x' as a numeric answer: write 3.5, 3.5 ± 0.1 or 3..4",
            "q.md:14: invalid question id 'B': use lower-case ASCII letters, digits and '-'",
            "q.md:17: left item 'a' is listed twice",
        });
}

TEST_CASE("a file without front matter is refused", "[assessments][quiz_parser]") {
  Diagnostics all;
  FileDiagnostics diags(&all, "q.md");
  CHECK_FALSE(ParseQuiz("## q [single]\nS?\n", diags));
  REQUIRE(all.ErrorCount() == 1);
  CHECK(Messages(all)[0].rfind("q.md:1: file must start with front matter", 0) == 0);
}

}  // namespace lophoc::assessments
