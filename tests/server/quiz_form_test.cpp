// Taking a quiz with the plain form (issue 15, "Quizzes"): unanswered
// questions are confirmed on a page of their own before anything is recorded.
#include <algorithm>
#include <catch2/catch.hpp>
#include <regex>

#include "tests/support/test_world.h"

namespace lophoc::http {
namespace {

using people::Role;
using testing::Browser;
using testing::Contains;
using testing::FixturePath;

constexpr auto& Field = testing::FieldValue;

struct World : testing::TestWorld {
  World() : TestWorld(FixturePath("content-learning")) {
    StandardTree();
    AddAccounts({{"citizen", {Role::kLearner}},
                 {"learner.a1", {Role::kLearner}, "", "SA1", "district_librarian"},
                 {"learner2.a1", {Role::kLearner}, "", "SA1", "district_librarian"}});
  }
  // Rows of `table` matching `where`.
  int64_t CountWhere(const std::string& table, const std::string& where) {
    auto conn = t.db().Acquire();
    auto st = conn->Prepare("SELECT COUNT(*) FROM " + table + " WHERE " + where);
    REQUIRE(st.ok());
    auto row = st->Step();
    REQUIRE(row.ok());
    REQUIRE(*row);
    return st->ColumnInt(0);
  }
};

// The hidden fields of a page's form, in order (the confirmation page's).
testing::Fields HiddenFields(const std::string& html) {
  testing::Fields out;
  static const std::regex hidden(R"re(<input type="hidden" name="([^"]+)" value="([^"]*)">)re");
  for (auto it = std::sregex_iterator(html.begin(), html.end(), hidden);
       it != std::sregex_iterator(); ++it) {
    if ((*it)[1] != "csrf_token") out.emplace_back((*it)[1], (*it)[2]);
  }
  return out;
}

TEST_CASE("unanswered questions are confirmed before the attempt is recorded", "[quiz_form]") {
  World w;
  Browser b = w.SignedIn("citizen", "/me");
  auto quiz = b.Get("/courses/may-tinh/quiz");
  REQUIRE(quiz.status == 200);
  const testing::Fields partial = {{"quiz_id", Field(quiz.body, "quiz_id")},
                                   {"submission_id", Field(quiz.body, "submission_id")},
                                   {"q.bat-may", "1"},
                                   {"q.thu-muc", "thư mục"},
                                   {"q.ghep-thiet-bi.1", "1"}};
  auto ask = b.Post("/courses/may-tinh/quiz", partial);
  REQUIRE(ask.status == 200);
  // Questions 2, 3 and 5 are unanswered (the matching one has one pair).
  testing::CheckShows(
      ask.body,
      {"Bạn còn câu hỏi chưa trả lời", "Số câu chưa trả lời: 3 / 6", "<strong>Câu 2</strong>",
       "<strong>Câu 3</strong>", "<strong>Câu 5</strong>", "Quay lại làm tiếp", "Vẫn nộp bài",
       "name=\"confirm\" value=\"1\""},
      {"<strong>Câu 1</strong>", "<strong>Câu 4</strong>", "<strong>Câu 6</strong>"});
  CHECK(w.Count("quiz_attempts") == 0);  // nothing recorded yet
  const testing::Fields carried = HiddenFields(ask.body);
  CHECK(carried.size() == partial.size());
  CHECK(std::find(carried.begin(), carried.end(),
                  std::pair<std::string, std::string>{"q.thu-muc", "thư mục"}) != carried.end());

  // "Quay lại làm tiếp": the form again with the answers kept.
  testing::Fields back = carried;
  back.emplace_back("decision", "back");
  auto again = b.Post("/courses/may-tinh/quiz", back);
  REQUIRE(again.status == 200);
  testing::CheckShows(again.body, {"value=\"1\" checked", "value=\"thư mục\"",
                                   "value=\"1\" selected", "class=\"quiz-form\""});
  CHECK(w.Count("quiz_attempts") == 0);

  // "Vẫn nộp bài": recorded, once.
  testing::Fields confirm = carried;
  confirm.emplace_back("confirm", "1");
  auto sent = b.Post("/courses/may-tinh/quiz", confirm);
  REQUIRE(sent.status == 303);
  CHECK(sent.HeaderValue("Location").rfind("/attempts/", 0) == 0);
  CHECK(w.Count("quiz_attempts") == 1);

  // A wrong answer is said at its question before anything is asked.
  auto fresh = b.Get("/courses/may-tinh/quiz");
  auto wrong =
      b.Post("/courses/may-tinh/quiz", {{"quiz_id", Field(fresh.body, "quiz_id")},
                                        {"submission_id", Field(fresh.body, "submission_id")},
                                        {"q.bat-may", "99"}});
  CHECK(wrong.status == 400);
  CHECK(Contains(wrong.body, "id=\"f-q.bat-may\""));
  CHECK_FALSE(Contains(wrong.body, "name=\"confirm\" value=\"1\""));  // not the confirmation
  CHECK(w.Count("quiz_attempts") == 1);

  // In English too.
  auto en = b.Post("/courses/may-tinh/quiz?lang=en",
                   {{"quiz_id", Field(fresh.body, "quiz_id")},
                    {"submission_id", Field(fresh.body, "submission_id")}});
  REQUIRE(en.status == 200);
  testing::CheckShows(en.body,
                      {"Some questions are not answered", "Go back and answer", "Submit anyway"});
}

}  // namespace
}  // namespace lophoc::http
