#include "assessments/attempt_plan.h"

#include <set>

#include <catch2/catch.hpp>

namespace lophoc::assessments {
namespace {

Quiz MakeQuiz(int questions, std::optional<int> draw, bool shuffle) {
  Quiz q;
  q.settings.draw = draw;
  q.settings.shuffle = shuffle;
  for (int i = 0; i < questions; ++i) {
    Question question;
    question.id = "q" + std::to_string(i);
    question.type = i % 3 == 2 ? QuestionType::kTrueFalse : QuestionType::kSingle;
    for (int c = 0; c < (question.type == QuestionType::kTrueFalse ? 2 : 5); ++c) {
      question.choices.push_back({"option " + std::to_string(c), c == 0, 0, false, "fb"});
    }
    q.questions.push_back(question);
  }
  return q;
}

TEST_CASE("draws the asked number of questions, in file order, the same for a seed",
          "[attempt_plan]") {
  const Quiz quiz = MakeQuiz(25, 10, false);
  const auto a = DrawQuestions(quiz, 42);
  REQUIRE(a.size() == 10);
  CHECK(std::set<std::string>(a.begin(), a.end()).size() == 10);
  CHECK(DrawQuestions(quiz, 42) == a);
  std::set<std::vector<std::string>> seen;
  for (uint64_t seed = 1; seed <= 20; ++seed) seen.insert(DrawQuestions(quiz, seed));
  CHECK(seen.size() > 15);  // different attempts see different questions
  for (size_t i = 1; i < a.size(); ++i) CHECK(std::stoi(a[i - 1].substr(1)) < std::stoi(a[i].substr(1)));
  CHECK(DrawQuestions(MakeQuiz(5, std::nullopt, false), 7).size() == 5);
  CHECK(DrawQuestions(MakeQuiz(5, 9, false), 7).size() == 5);  // draw above the count: all
}

TEST_CASE("shuffles options but never true-false, and the learner's view holds no answers",
          "[attempt_plan]") {
  const Quiz quiz = MakeQuiz(3, std::nullopt, true);
  std::set<std::vector<int>> orders;
  for (uint64_t seed = 1; seed <= 30; ++seed) orders.insert(OptionOrder(quiz.questions[0], true, seed));
  CHECK(orders.size() > 10);
  CHECK(OptionOrder(quiz.questions[0], false, 5) == std::vector<int>{0, 1, 2, 3, 4});
  CHECK(OptionOrder(quiz.questions[2], true, 5) == std::vector<int>{0, 1});
  const PublicQuestion p = ToPublic(quiz.questions[0], true, 9);
  REQUIRE(p.options.size() == 5);
  std::set<int> indexes;
  for (const auto& o : p.options) {
    indexes.insert(o.index);
    CHECK(o.text_markdown == "option " + std::to_string(o.index));  // index names the file option
  }
  CHECK(indexes.size() == 5);
  CHECK(SelectQuestions(quiz, {"q2", "q0"})->front().id == "q2");
  CHECK(SelectQuestions(quiz, {"gone"}).status().code() == StatusCode::kNotFound);
}

TEST_CASE("matching right items are shuffled per seed, each keeping its number", "[attempt_plan]") {
  Question m;
  m.id = "ghep";
  m.type = QuestionType::kMatching;
  for (int i = 0; i < 4; ++i) m.pairs.push_back({"L" + std::to_string(i), "R" + std::to_string(i)});
  std::set<std::vector<int>> orders;
  int file_order = 0;
  for (uint64_t seed = 1; seed <= 48; ++seed) {
    const PublicQuestion p = ToPublic(m, false, seed);
    REQUIRE(p.left_items == std::vector<std::string>{"L0", "L1", "L2", "L3"});
    std::vector<int> order;
    for (const auto& r : p.right_items) {
      CHECK(r.text_markdown == "R" + std::to_string(r.index));
      order.push_back(r.index);
    }
    file_order += order == std::vector<int>{0, 1, 2, 3} ? 1 : 0;
    orders.insert(order);
  }
  CHECK(orders.size() > 12);  // of 24 orders
  CHECK(file_order < 8);      // about 2 of 48 by chance
  CHECK(ToPublic(m, false, 5).right_items[0].index == ToPublic(m, false, 5).right_items[0].index);
}

}  // namespace
}  // namespace lophoc::assessments
