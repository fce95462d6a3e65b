// What the importer tests (GIFT, Aiken) share: running a parser over a text
// with its problems shown on failure, the questions a quiz.md text holds, and
// imported questions written to quiz.md and read back.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "assessments/gift_parser.h"
#include "assessments/quiz_parser.h"
#include "assessments/quiz_writer.h"

namespace lophoc::assessments::testing {

struct Parsed {
  std::optional<ImportedQuestions> questions;
  Diagnostics diags;
};

// Runs `parse` (ParseGift, ParseAiken) over `text` as file `file_name`.
template <typename Parser>
Parsed ParseWith(Parser parse, const std::string& file_name, const std::string& text) {
  Parsed p;
  FileDiagnostics diags(&p.diags, file_name);
  p.questions = parse(text, diags);
  for (const auto& d : p.diags.items()) UNSCOPED_INFO(d.ToString());
  return p;
}

// The questions of quiz.md text made of `questions_md` (headings and bodies).
inline std::vector<Question> QuizMd(const std::string& questions_md) {
  Diagnostics all;
  FileDiagnostics diags(&all, "expected.md");
  auto quiz = ParseQuiz("---\ntitle: t\n---\n" + questions_md, diags);
  for (const auto& d : all.items()) UNSCOPED_INFO("expected: " + d.ToString());
  REQUIRE(quiz);
  return quiz->questions;
}

// The questions `parsed` imported (it must hold some), in a quiz titled
// `title`, written by WriteQuiz and read back by ParseQuiz (the text is shown
// on failure). Fails the test when the text does not parse.
struct RoundTrip {
  Quiz quiz;
  std::string md;
  std::optional<Quiz> back;
};
inline RoundTrip WriteAndReadBack(const Parsed& parsed, const std::string& title) {
  REQUIRE(parsed.questions);
  RoundTrip r;
  r.quiz.settings.title = title;
  r.quiz.questions = parsed.questions->questions;
  r.md = WriteQuiz(r.quiz);
  UNSCOPED_INFO(r.md);
  Diagnostics all;
  FileDiagnostics diags(&all, "quiz.md");
  r.back = ParseQuiz(r.md, diags);
  REQUIRE(r.back);
  return r;
}

}  // namespace lophoc::assessments::testing
