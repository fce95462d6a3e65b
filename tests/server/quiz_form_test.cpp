// Taking a quiz with the plain form (issue 15, "Quizzes"): unanswered
// questions are confirmed on a page of their own before anything is recorded;
// a timed attempt says the minutes left and its deadline; the answers of an
// open attempt are saved as a draft (its owner's only), filled in when the
// page is opened again, and deleted when the attempt is submitted.
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

// The ids of the questions a quiz page shows, in order.
std::vector<std::string> QuestionIds(const std::string& html) {
  std::vector<std::string> out;
  static const std::regex fieldset(R"re(<fieldset class="question" id="q-([a-z0-9-]+)">)re");
  for (auto it = std::sregex_iterator(html.begin(), html.end(), fieldset);
       it != std::sregex_iterator(); ++it) {
    out.push_back((*it)[1]);
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

TEST_CASE("a timed attempt says the minutes left and saves its answers as a draft", "[quiz_form]") {
  World w;
  Browser lan = w.SignedIn("learner.a1", "/me");
  REQUIRE(lan.Get("/courses/kiem-tra-gio/quiz").status == 200);
  REQUIRE(lan.Post("/courses/kiem-tra-gio/quiz/start", {}).status == 303);
  // Started at 18:06:40 on 18/11/2026 in Vietnam (the test clock); 10 minutes.
  w.t.clock().Set(w.t.clock().Now() + std::chrono::seconds(4 * 60 + 30));
  auto page = lan.Get("/courses/kiem-tra-gio/quiz");
  REQUIRE(page.status == 200);
  testing::CheckShows(page.body, {"Còn 5 phút, hạn nộp 18/11/2026 18:16", "aria-live=\"polite\"",
                                  "data-seconds-left=\"330\"", "Lưu bài làm", "/static/"});
  const auto ids = QuestionIds(page.body);
  REQUIRE(ids.size() == 2);
  const std::string attempt_id = Field(page.body, "attempt_id");
  REQUIRE_FALSE(attempt_id.empty());
  const testing::Fields base = {{"quiz_id", Field(page.body, "quiz_id")},
                                {"submission_id", Field(page.body, "submission_id")},
                                {"attempt_id", attempt_id}};

  // "Lưu bài làm": saved, not submitted; the page comes back with it.
  testing::Fields draft = base;
  draft.emplace_back("q." + ids[0], "0");
  auto saved = lan.Post("/courses/kiem-tra-gio/quiz/draft", draft);
  testing::CheckRedirect(saved, "/courses/kiem-tra-gio/quiz?saved=1#questions");
  CHECK(w.Count("quiz_drafts") == 1);
  CHECK(w.CountWhere("quiz_attempts", "submitted_at IS NOT NULL") == 0);
  auto reopened = lan.Get("/courses/kiem-tra-gio/quiz?saved=1");
  testing::CheckShows(reopened.body, {"Đã lưu bài làm", "id=\"q-" + ids[0] + "-0\" name=\"q." +
                                                            ids[0] + "\" value=\"0\" checked"});
  // Saving again replaces the draft; the same answers are saved idempotently.
  draft.back().second = "1";
  CHECK(lan.Post("/courses/kiem-tra-gio/quiz/draft", draft).status == 303);
  CHECK(lan.Post("/courses/kiem-tra-gio/quiz/draft", draft).status == 303);
  CHECK(w.Count("quiz_drafts") == 1);
  CHECK(Contains(lan.Get("/courses/kiem-tra-gio/quiz").body,
                 "name=\"q." + ids[0] + "\" value=\"1\" checked"));

  // Another learner, at the same site, may neither change it nor see it.
  Browser other = w.SignedIn("learner2.a1", "/me");
  testing::Fields theirs = base;
  theirs.emplace_back("q." + ids[0], "0");
  CHECK(other.Post("/courses/kiem-tra-gio/quiz/draft", theirs).status == 404);
  CHECK(lan.Post("/courses/kiem-tra-gio/quiz/draft", draft, false).status == 403);  // no CSRF
  CHECK(w.CountWhere("quiz_drafts", "fields LIKE '%\"1\"%'") == 1);
  CHECK_FALSE(Contains(other.Get("/courses/kiem-tra-gio/quiz").body, "value=\"1\" checked"));
  // A draft is no submission: it never counts as an attempt.
  CHECK(w.CountWhere("quiz_attempts", "submitted_at IS NOT NULL") == 0);

  // Submitted: the draft is gone and can no longer be saved.
  testing::Fields all = base;
  all.emplace_back("q." + ids[0], "0");
  all.emplace_back("q." + ids[1], "0");
  REQUIRE(lan.Post("/courses/kiem-tra-gio/quiz", all).status == 303);
  CHECK(w.Count("quiz_drafts") == 0);
  CHECK(w.CountWhere("quiz_attempts", "submitted_at IS NOT NULL") == 1);
  CHECK(lan.Post("/courses/kiem-tra-gio/quiz/draft", draft).status == 409);
}

TEST_CASE("a draft cannot be saved once the time is over, and expiring deletes it", "[quiz_form]") {
  World w;
  Browser lan = w.SignedIn("learner.a1", "/me");
  REQUIRE(lan.Post("/courses/kiem-tra-gio/quiz/start", {}).status == 303);
  auto page = lan.Get("/courses/kiem-tra-gio/quiz");
  const auto ids = QuestionIds(page.body);
  REQUIRE(ids.size() == 2);
  testing::Fields draft = {{"quiz_id", Field(page.body, "quiz_id")},
                           {"attempt_id", Field(page.body, "attempt_id")},
                           {"q." + ids[0], "0"}};
  REQUIRE(lan.Post("/courses/kiem-tra-gio/quiz/draft", draft).status == 303);
  CHECK(w.Count("quiz_drafts") == 1);
  // 10 minutes and the 30 s grace are over (late: reject).
  w.t.clock().Set(w.t.clock().Now() + std::chrono::seconds(10 * 60 + 31));
  auto late = lan.Post("/courses/kiem-tra-gio/quiz/draft", draft);
  CHECK(late.status == 409);
  CHECK(Contains(late.body, "đã hết giờ"));
  // Starting again expires the attempt (a 0% attempt, as before) with its draft.
  REQUIRE(lan.Post("/courses/kiem-tra-gio/quiz/start", {}).status == 303);
  CHECK(w.Count("quiz_drafts") == 0);
  CHECK(w.CountWhere("quiz_attempts", "submitted_at IS NOT NULL AND late = 1") == 1);
  // Malformed: no attempt id, or a quiz of another course.
  CHECK(lan.Post("/courses/kiem-tra-gio/quiz/draft", {{"quiz_id", draft[0].second}}).status == 400);
  CHECK(lan.Post("/courses/may-tinh/quiz/draft", draft).status == 400);
}

}  // namespace
}  // namespace lophoc::http
