#include "assessments/aiken_parser.h"

#include <catch2/catch.hpp>

#include "assessments/quiz_parser.h"
#include "assessments/quiz_writer.h"
#include "tests/assessments/import_test_support.h"

namespace lophoc::assessments {
namespace {

using testing::Parsed;
using testing::QuizMd;

Parsed Aiken(const std::string& text) { return testing::ParseWith(ParseAiken, "bank.txt", text); }

struct Case {
  std::string label;
  std::string aiken;
  std::string quiz_md;
};

const std::vector<Case>& Constructs() {
  static const std::vector<Case> cases = {
      {"options with '.'", "Thủ đô của Việt Nam?\nA. Hà Nội\nB. Huế\nC. Đà Nẵng\nANSWER: A\n",
       "## q1 [single]\nThủ đô của Việt Nam?\n- [x] Hà Nội\n- [ ] Huế\n- [ ] Đà Nẵng\n"},
      {"options with ')' and a lower-case answer", "Chọn?\nA) một\nB) hai\nanswer: b",
       "## q1 [single]\nChọn?\n- [ ] một\n- [x] hai\n"},
      {"text over several lines", "Dòng một\nDòng hai\n\nA. x\nB. y\nANSWER: B",
       "## q1 [single]\nDòng một\\\nDòng hai\n- [ ] x\n- [x] y\n"},
      {"questions with and without blank lines between",
       "Một?\nA. a\nB. b\nANSWER: A\nHai?\nA. c\nB. d\nANSWER: B\n\n\nBa?\nA. e\nB. f\nANSWER: A",
       "## q1 [single]\nMột?\n- [x] a\n- [ ] b\n## q2 [single]\nHai?\n- [ ] c\n- [x] d\n"
       "## q3 [single]\nBa?\n- [x] e\n- [ ] f\n"},
      {"plain text is escaped as Markdown", "## 3 * 4?\nA. *12*\nB. <7>\nANSWER: A",
       "## q1 [single]\n\\## 3 \\* 4?\n- [x] \\*12\\*\n- [ ] \\<7>\n"},
      {"spaces around lines", "  Câu?  \n  A.   a  \n\tB. b\n ANSWER:  B ",
       "## q1 [single]\nCâu?\n- [ ] a\n- [x] b\n"},
  };
  return cases;
}

}  // namespace

TEST_CASE("Aiken questions become single questions", "[assessments][aiken]") {
  const Case c = GENERATE(from_range(Constructs()));
  CAPTURE(c.label, c.aiken);
  const Parsed p = Aiken(c.aiken);
  REQUIRE(p.questions);
  CHECK(p.diags.items().empty());
  CHECK(p.questions->questions == QuizMd(c.quiz_md));
  CHECK(p.questions->categories.empty());
}

TEST_CASE("Aiken questions survive WriteQuiz and ParseQuiz", "[assessments][aiken]") {
  const Case c = GENERATE(from_range(Constructs()));
  CAPTURE(c.label);
  const auto [quiz, md, back] = testing::WriteAndReadBack(Aiken(c.aiken), "Aiken");
  CHECK(back->questions == quiz.questions);
}

TEST_CASE("Aiken questions keep their first line", "[assessments][aiken]") {
  const Parsed p = Aiken("\nMột?\nA. a\nB. b\nANSWER: A\n\nHai\ndòng?\nA. c\nB. d\nANSWER: B\n");
  REQUIRE(p.questions);
  REQUIRE(p.questions->questions.size() == 2);
  CHECK(p.questions->questions[0].line == 2);
  CHECK(p.questions->questions[1].line == 7);
}

TEST_CASE("Aiken mistakes are reported at their line", "[assessments][aiken]") {
  const auto [label, aiken, line,
              message] = GENERATE(table<std::string, std::string, int, std::string>({
      {"no ANSWER before the next question", "Câu?\nA. a\nB. b\n\nCâu hai?\nA. c\nB. d\nANSWER: A",
       1, "no 'ANSWER: X' line"},
      {"no ANSWER at the end", "Một?\nA. a\nB. b\nANSWER: A\n\nCâu?\nA. a\nB. b\n", 6,
       "no 'ANSWER: X' line"},
      {"a letter that is no option", "Câu?\nA. a\nB. b\nANSWER: C", 4, "names no option"},
      {"not a letter", "Câu?\nA. a\nB. b\nANSWER: AB", 4, "names no option"},
      {"an empty ANSWER", "Câu?\nA. a\nB. b\nANSWER:", 4, "names no option"},
      {"one option", "Câu?\nA. a\nANSWER: A", 1, "at least two options"},
      {"options out of order", "Câu?\nA. a\nC. c\nANSWER: A", 3, "expected 'B.' here, found 'C.'"},
      {"options not starting at A", "Câu?\nB. a\nC. b\nANSWER: B", 2, "expected 'A.'"},
      {"ANSWER before the options", "Câu?\nANSWER: A", 2, "before any option"},
      {"an option before the text", "A. a\nB. b\nANSWER: A", 1, "before any question text"},
      {"invalid UTF-8", "C\xe2u?\nA. a\nB. b\nANSWER: A", 1, "not valid UTF-8"},
      {"nothing", "\n\n", 1, "no questions found"},
  }));
  CAPTURE(label, aiken);
  const Parsed p = Aiken(aiken);
  CHECK_FALSE(p.questions);
  bool found = false;
  for (const auto& d : p.diags.items()) {
    found = found || (d.line == line && d.message.find(message) != std::string::npos);
  }
  CHECK(found);
}

}  // namespace lophoc::assessments
