// Essay questions (issue 15): the quiz.md form, written back unchanged, read
// from GIFT's `{}`, and graded as waiting for a trainer.
#include <catch2/catch.hpp>

#include "assessments/gift_parser.h"
#include "assessments/grader.h"
#include "assessments/quiz_parser.h"
#include "assessments/quiz_writer.h"
#include "tests/assessments/import_test_support.h"

namespace lophoc::assessments {
namespace {

std::optional<Quiz> Parse(const std::string& text, Diagnostics* all) {
  FileDiagnostics diags(all, "quiz.md");
  auto quiz = ParseQuiz(text, diags);
  for (const auto& d : all->items()) UNSCOPED_INFO(d.ToString());
  return quiz;
}

const char kEssayQuiz[] =
    "---\n"
    "title: Sao lưu\n"
    "pass_mark: 60\n"
    "---\n"
    "\n"
    "## ban-sao [single]\n"
    "Bao nhiêu bản sao?\n"
    "\n"
    "- [ ] Không\n"
    "- [x] Một\n"
    "\n"
    "> Ít nhất một.\n"
    "\n"
    "## ke-hoach [essay points=4]\n"
    "Mô tả kế hoạch sao lưu.\n"
    "\n"
    "- [x] dòng này là đề bài, không phải đáp án\n"
    "\n"
    "  > Bài tốt nêu: sao lưu gì,\n"
    "  >\n"
    "  > bao lâu một lần.\n"
    "\n"
    "> Cảm ơn bạn.\n";

}  // namespace

TEST_CASE("an essay question is read with its points, text and grader guidance",
          "[assessments][essay]") {
  Diagnostics all;
  auto quiz = Parse(kEssayQuiz, &all);
  REQUIRE(quiz);
  CHECK(all.ErrorCount() == 0);
  CHECK(all.WarningCount() == 0);
  REQUIRE(quiz->questions.size() == 2);
  const Question& e = quiz->questions[1];
  CHECK(e.type == QuestionType::kEssay);
  CHECK(std::string(QuestionTypeName(e.type)) == "essay");
  CHECK(e.points == 4);
  CHECK(e.stem_markdown ==
        "Mô tả kế hoạch sao lưu.\n\n- [x] dòng này là đề bài, không phải đáp án");
  CHECK(e.grader_guidance == "Bài tốt nêu: sao lưu gì,\n\nbao lâu một lần.");
  CHECK(e.general_feedback == "Cảm ơn bạn.");
  CHECK(e.choices.empty());
}

TEST_CASE("an essay survives WriteQuiz then ParseQuiz unchanged", "[assessments][essay]") {
  Diagnostics all;
  auto quiz = Parse(kEssayQuiz, &all);
  REQUIRE(quiz);
  const std::string written = WriteQuiz(*quiz);
  INFO(written);
  CHECK(written.find("## ke-hoach [essay points=4]\n") != std::string::npos);
  CHECK(written.find("  > Bài tốt nêu: sao lưu gì,\n  >\n  > bao lâu một lần.\n") !=
        std::string::npos);
  Diagnostics again;
  auto back = Parse(written, &again);
  REQUIRE(back);
  CHECK(*back == *quiz);
  // Guidance is part of what a question means.
  Quiz other = *quiz;
  other.questions[1].grader_guidance = "khác";
  CHECK(other != *quiz);
}

TEST_CASE("an essay without guidance or feedback is valid, text after guidance is not",
          "[assessments][essay]") {
  Diagnostics ok;
  auto bare = Parse("---\ntitle: t\n---\n\n## e [essay]\nViết gì đó.\n", &ok);
  REQUIRE(bare);
  CHECK(ok.ErrorCount() == 0);
  CHECK(bare->questions[0].grader_guidance.empty());
  // Without guidance, the '> ' block that ends an essay is its general feedback.
  Diagnostics fb;
  auto with_feedback = Parse("---\ntitle: t\n---\n\n## e [essay]\nViết.\n\n> Cảm ơn.\n", &fb);
  REQUIRE(with_feedback);
  CHECK(with_feedback->questions[0].stem_markdown == "Viết.");
  CHECK(with_feedback->questions[0].general_feedback == "Cảm ơn.");
  Diagnostics again;
  auto back = Parse(WriteQuiz(*with_feedback), &again);
  REQUIRE(back);
  CHECK(*back == *with_feedback);
  Diagnostics bad;
  CHECK_FALSE(
      Parse("---\ntitle: t\n---\n\n## e [essay]\nViết.\n\n  > hướng dẫn\nchữ thừa\n", &bad));
  REQUIRE(bad.ErrorCount() == 1);
  CHECK(bad.items()[0].line == 9);
  CHECK(bad.items()[0].reason == "question_text_after_guidance");
}

TEST_CASE("GIFT's empty answer block imports as an essay", "[assessments][essay][gift]") {
  const auto p = testing::ParseWith(ParseGift, "bank.gift",
                                    "// ghi chú\n::Kế hoạch:: Mô tả kế hoạch sao lưu. {}\n\n"
                                    "Viết một đoạn. {####Cảm ơn bạn.}\n");
  REQUIRE(p.questions);
  REQUIRE(p.questions->questions.size() == 2);
  const Question& first = p.questions->questions[0];
  CHECK(first.type == QuestionType::kEssay);
  CHECK(first.stem_markdown == "Mô tả kế hoạch sao lưu.");
  CHECK(first.line == 2);
  const Question& second = p.questions->questions[1];
  CHECK(second.type == QuestionType::kEssay);
  CHECK(second.general_feedback == "Cảm ơn bạn.");
  const auto round = testing::WriteAndReadBack(p, "Nhập");
  REQUIRE(round.back);
  CHECK(round.back->questions == p.questions->questions);
}

TEST_CASE("an answered essay waits for a trainer, an unanswered one scores 0",
          "[assessments][essay][grader]") {
  Diagnostics all;
  auto quiz = Parse(kEssayQuiz, &all);
  REQUIRE(quiz);
  auto waiting =
      GradeQuiz(*quiz, {{"ban-sao", 1}, {"ke-hoach", std::string("Sao lưu hằng tuần.")}});
  REQUIRE(waiting.ok());
  CHECK(waiting->pending);
  CHECK(waiting->score == 1);
  CHECK(waiting->max == 5);
  CHECK(waiting->percentage == 0);
  CHECK_FALSE(waiting->passed);
  CHECK(waiting->questions[1].pending);
  CHECK(waiting->questions[1].answered);

  auto blank = GradeQuiz(*quiz, {{"ban-sao", 1}, {"ke-hoach", std::string("   ")}});
  REQUIRE(blank.ok());
  CHECK_FALSE(blank->pending);
  CHECK(blank->percentage == 20);
  CHECK_FALSE(blank->questions[1].answered);

  auto wrong = GradeQuiz(*quiz, {{"ke-hoach", 3}});
  REQUIRE_FALSE(wrong.ok());
  CHECK(wrong.status().reason() == "answer_wrong_kind");
}

}  // namespace lophoc::assessments
