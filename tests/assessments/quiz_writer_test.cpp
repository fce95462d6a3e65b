#include "assessments/quiz_writer.h"

#include <catch2/catch.hpp>

#include "assessments/quiz_parser.h"

namespace lophoc::assessments {
namespace {

std::optional<Quiz> Parse(const std::string& text) {
  Diagnostics all;
  FileDiagnostics diags(&all, "quiz.md");
  auto quiz = ParseQuiz(text, diags);
  for (const auto& d : all.items()) UNSCOPED_INFO(d.ToString());
  return quiz;
}

// Written in a way the writer would not write it: extra blank lines, weights
// after numeric ranges, '[X]', commas as decimal points, quotes needing quoting.
const char kRichQuiz[] =
    "---\n"
    "title: \"#1 Kiểm tra: cuối khóa\"\n"
    "pass_mark: 66,5\n"
    "attempts: 2\n"
    "grading: last\n"
    "time_limit: 45\n"
    "late: mark\n"
    "draw: 3\n"
    "shuffle: true\n"
    "---\n"
    "\n\n"
    "# Giới thiệu\n"
    "\n"
    "Đọc kỹ **đề bài**.\n"
    "\n\n"
    "## chon-mot [single points=2.5]\n"
    "\n"
    "Câu hỏi *một*:\n"
    "\n"
    "    mã nguồn thụt lề\n"
    "\n"
    "```\n"
    "- [x] not an option\n"
    "## not a question inside code\n"
    "```\n"
    "- [X] Đúng\n"
    "  > Phản hồi **A**\n"
    "  >\n"
    "  >   dòng thụt\n"
    "- [ ] Sai\n"
    "\n\n"
    "> Chung 1\n"
    "\n"
    "> Chung 2\n"
    "## nhieu [multiple]\n"
    "Chọn các đáp án đúng.\n"
    "- [x] (33,5%) a\n"
    "- [x] b\n"
    "- [ ] (-50%) c\n"
    "- [ ] d\n"
    "  > không phải d\n"
    "## dung-sai [true-false points=0.5]\n"
    "Trời xanh.\n"
    "- [ ] Đúng\n"
    "- [x] Sai\n"
    "> Tùy thời tiết.\n"
    "## ngan [short match=exact]\n"
    "Gõ lệnh.\n"
    "- [x] ls -la\n"
    "- [x] (50%) ls\n"
    "- [ ] dir\n"
    "  > Đó là lệnh Windows.\n"
    "## ngan-loose [short match=loose]\n"
    "Tên?\n"
    "- [x] thư mục\n"
    "> ok\n"
    "## so [numeric points=4]\n"
    "Bao nhiêu?\n"
    "- [x] 3,5 ± 0,1\n"
    "  > chính xác\n"
    "- [x] 3..4 (50%)\n"
    "- [x] -1e3\n"
    "- [ ] 0\n"
    "## ghep [matching points=3]\n"
    "Ghép.\n"
    "- Bàn phím -> Thiết bị nhập\n"
    "- Chuột   ->   Thiết bị nhập\n"
    "- Màn hình -> Thiết bị xuất -> ra\n"
    "- -> Thiết bị mạng\n"
    "> Xem bài 3.\n";

}  // namespace

TEST_CASE("parse, write, parse gives the same quiz", "[assessments][quiz_writer]") {
  auto first = Parse(kRichQuiz);
  REQUIRE(first);
  REQUIRE(first->questions.size() == 7);
  const std::string written = WriteQuiz(*first);
  CAPTURE(written);
  auto second = Parse(written);
  REQUIRE(second);
  CHECK(second->settings == first->settings);
  CHECK(second->intro_markdown == first->intro_markdown);
  for (size_t i = 0; i < first->questions.size(); ++i) {
    CAPTURE(i);
    CHECK(second->questions[i] == first->questions[i]);
  }
  CHECK(*second == *first);
  // Writing is stable: the written form is its own canonical form.
  CHECK(WriteQuiz(*second) == written);
  // The author's spelling of numeric answers survives.
  CHECK(second->questions[5].numeric_answers[0].source == "3,5 ± 0,1");
}

TEST_CASE("the written form is the documented one", "[assessments][quiz_writer]") {
  const std::string text =
      "---\ntitle: T\npass_mark: 80\n---\n\nIntro\n"
      "\n## q [multiple points=2]\nS?\n\n- [x] a\n  > yes\n  >\n  > really\n"
      "- [ ] (-50%) b\n\n> general\n>\n> more\n"
      "\n## n [numeric]\nN?\n\n- [x] (50%) 3..4\n- [ ] 8\n  > bits\n"
      "\n## m [matching]\nM?\n\n- a -> 1\n- b -> 2\n- -> 3\n\n> f\n"
      "\n## s [short match=loose]\nS?\n\n- [x] thư mục\n\n> f\n";
  auto quiz = Parse(text);
  REQUIRE(quiz);
  CHECK(WriteQuiz(*quiz) == text);
}

TEST_CASE("a quiz built in code is written so that it parses back", "[assessments][quiz_writer]") {
  Quiz quiz;
  quiz.settings.title = "Nhập từ GIFT";
  quiz.settings.pass_mark = 50;
  Question q;
  q.id = "gift-1";
  q.type = QuestionType::kNumeric;
  q.stem_markdown = "Bao nhiêu?";
  q.general_feedback = "f";
  NumericAnswer exact;
  exact.min = exact.max = 2.5;
  NumericAnswer range;
  range.min = 0.1 + 0.2;  // not a short decimal: must still read back exactly
  range.max = 4;
  range.explicit_weight = true;
  range.weight_percent = 50;
  range.source = "1..2";  // stale spelling: must not be written
  q.numeric_answers = {exact, range};
  quiz.questions.push_back(q);

  const std::string written = WriteQuiz(quiz);
  CAPTURE(written);
  CHECK(written.find("- [x] 2.5\n") != std::string::npos);
  CHECK(written.find("- [x] (50%) 0.30000000000000004..4\n") != std::string::npos);
  auto back = Parse(written);
  REQUIRE(back);
  CHECK(*back == quiz);
}

TEST_CASE("quiz equality sees every field that matters", "[assessments][quiz]") {
  auto base = Parse(kRichQuiz);
  REQUIRE(base);
  Quiz changed = *base;
  CHECK(changed == *base);
  changed.questions[1].choices[0].weight_percent = 34;
  CHECK(changed != *base);
  changed = *base;
  changed.questions[6].pairs[3].left = "x";
  CHECK(changed != *base);
  changed = *base;
  changed.settings.draw.reset();
  CHECK(changed != *base);
  changed = *base;
  changed.questions[0].line = 999;  // a source position, not part of the value
  changed.questions[5].numeric_answers[0].source = "";
  CHECK(changed == *base);
}

}  // namespace lophoc::assessments
