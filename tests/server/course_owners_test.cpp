// Who authors which course, over a real loopback socket (docs/authoring.md
// "Who edits which course"): a role × action × course table for the web
// editor, the editor's list, course creation, and the owner and named
// authors over the API. The tree: VN (the national root) → provinces A, B;
// A → district A1. The fixture courses are national.
#include <set>

#include <nlohmann/json.hpp>

#include <catch2/catch.hpp>

#include "tests/support/http_client.h"
#include "tests/support/test_world.h"

namespace lophoc::http {
namespace {

using people::Role;
using nlohmann::json;
using testing::ClientResponse;

constexpr const char* kNational = "tin-hoc-co-ban";

const std::vector<std::string> kWho = {"anonymous", "learner.a1", "manager.a",
                                       "trainer.none", "trainer.a1", "trainer.a",
                                       "trainer.b", "trainer.vn", "admin"};

struct World : testing::TestWorld {
  World() {
    StandardTree(testing::TreeOptions().NationalRoot().NoSites());
    AddAllWithTokens({{"admin", {Role::kAdmin}},
                      {"manager.a", {Role::kManager}, "A"},
                      {"learner.a1", {Role::kLearner}, "A1"},
                      {"trainer.none", {Role::kTrainer}},
                      {"trainer.a1", {Role::kTrainer}, "A1"},
                      {"trainer.a", {Role::kTrainer}, "A"},
                      {"trainer.b", {Role::kTrainer}, "B"},
                      {"trainer.vn", {Role::kTrainer}, "VN"}});
    // Courses made in the editor belong to their maker's unit.
    Create("trainer.a", "khoa-a");
    Create("trainer.b", "khoa-b");
    REQUIRE(t.authoring()
                .SetAuthors(people::Actor::ForUser(users["trainer.b"]), "khoa-b",
                            {users["trainer.none"].id})
                .ok());
    Start();
  }
  void Create(const std::string& who, const std::string& slug) {
    auto r = t.authoring().CreateCourse(people::Actor::ForUser(users[who]), slug, "Khoá " + slug);
    INFO(r.status().ToString());
    REQUIRE(r.ok());
    REQUIRE(r->saved);
  }
  ClientResponse Form(const std::string& who, const std::string& target, const std::string& body) {
    return Call(who, "POST", target, body, testing::kFormType);
  }
  ClientResponse Json(const std::string& who, const std::string& method, const std::string& target,
                      const std::string& body) {
    return Call(who, method, target, body, testing::kJsonType);
  }
  std::set<std::string> Listed(const std::string& who) {
    auto r = As(who, "GET", "/api/v1/author/courses");
    INFO(r.body);
    REQUIRE(r.status == 200);
    std::set<std::string> out;
    const json body = json::parse(r.body);
    for (const auto& c : body["items"]) out.insert(c["slug"].get<std::string>());
    return out;
  }
};

struct Row {
  std::string action, method, target, body;
  std::vector<int> expected;  // one per kWho entry
};

TEST_CASE("role x action x course: trainers author their subtree's courses and those naming them",
          "[author][owners]") {
  World w;
  // clang-format off
  const std::vector<Row> rows = {
    //                                                                              anon lrn  mgr  none a1   a    b    vn   admin
    {"open national",   "GET",  "/author/courses/tin-hoc-co-ban", "",               {303, 403, 403, 404, 404, 404, 404, 200, 200}},
    {"open A's",        "GET",  "/author/courses/khoa-a", "",                       {303, 403, 403, 404, 404, 200, 404, 200, 200}},
    {"open B's (names trainer.none)", "GET", "/author/courses/khoa-b", "",          {303, 403, 403, 200, 404, 404, 200, 200, 200}},
    {"history of A's",  "GET",  "/author/courses/khoa-a/history", "",               {303, 403, 403, 404, 404, 200, 404, 200, 200}},
    {"quiz of national", "GET", "/author/courses/tin-hoc-co-ban/quiz", "",          {303, 403, 403, 404, 404, 404, 404, 200, 200}},
    // A stale base revision: 409 shows the caller reached the course, 404 that it did not.
    {"save national quiz", "POST", "/author/courses/tin-hoc-co-ban/quiz", "text=x&base_revision=0",
                                                                                    {403, 403, 403, 404, 404, 404, 404, 409, 409}},
    {"save B's course.md", "POST", "/author/courses/khoa-b", "text=x&base_revision=0",
                                                                                    {403, 403, 403, 409, 404, 404, 409, 409, 409}},
    {"unpublish national", "POST", "/author/courses/tin-hoc-co-ban/publish", "published=0",
                                                                                    {403, 403, 403, 404, 404, 404, 404, 303, 303}},
    {"publish A's",     "POST", "/author/courses/khoa-a/publish", "published=1",    {403, 403, 403, 404, 404, 303, 404, 303, 303}},
    {"download B's zip", "GET", "/author/courses/khoa-b/package.zip", "",          {303, 403, 403, 200, 404, 404, 200, 200, 200}},
  };
  // clang-format on
  for (const Row& row : rows) {
    for (size_t i = 0; i < kWho.size(); ++i) {
      const std::string& who = kWho[i];
      const auto res = row.method == "GET" ? w.As(who, "GET", row.target)
                                           : w.Form(who, row.target, row.body);
      CAPTURE(row.action, who, res.status);
      CHECK(res.status == row.expected[i]);
      if (res.status == 404) CHECK(res.body.find("Khoá khoa-") == std::string::npos);
    }
  }
}

TEST_CASE("the editor lists only the courses the caller may author", "[author][owners]") {
  World w;
  std::set<std::string> all = w.Listed("admin");
  CHECK(all.count(kNational) == 1);
  CHECK(all.count("khoa-a") == 1);
  CHECK(w.Listed("trainer.vn") == all);
  CHECK(w.Listed("trainer.a") == std::set<std::string>{"khoa-a"});
  CHECK(w.Listed("trainer.a1").empty());
  CHECK(w.Listed("trainer.none") == std::set<std::string>{"khoa-b"});
  CHECK(w.As("manager.a", "GET", "/api/v1/author/courses").status == 403);
  // The page says the same as the API.
  auto page = w.As("trainer.a", "GET", "/author");
  REQUIRE(page.status == 200);
  CHECK(page.body.find("/author/courses/khoa-a") != std::string::npos);
  CHECK(page.body.find("/author/courses/khoa-b") == std::string::npos);
  CHECK(page.body.find("/author/courses/tin-hoc-co-ban") == std::string::npos);
}

TEST_CASE("a manager cannot take over the national courses through the trainer role",
          "[author][owners]") {
  World w;
  // Giving themself the trainer role is refused...
  auto self = w.Json("manager.a", "PATCH", "/api/v1/users/" + std::to_string(w.users["manager.a"].id),
                     R"({"roles":["manager","trainer"]})");
  CHECK(self.status == 403);
  // ...and a trainer they make in their province authors only the province's courses.
  auto made = w.Json("manager.a", "POST", "/api/v1/users",
                     R"({"username":"tro.thu","display_name":"Trợ thủ","org":"A","roles":["trainer"],)"
                     R"("password":"một câu rất dài"})");
  REQUIRE(made.status == 201);
  auto h = std::map<std::string, std::string>{{"Content-Type", "application/json"}};
  auto login = w.Fetch("POST", "/api/v1/auth/login", h,
                       R"({"username":"tro.thu","password":"một câu rất dài"})");
  REQUIRE(login.status == 200);
  const std::string set = login.Header("set-cookie");
  const size_t at = set.find("lophoc_session=");
  const std::map<std::string, std::string> form = {
      {"Content-Type", "application/x-www-form-urlencoded"},
      {"Cookie", set.substr(at, set.find(';', at) - at)}};
  const std::string csrf = json::parse(login.body)["csrf_token"];
  auto unpublish = w.Fetch("POST", "/author/courses/tin-hoc-co-ban/publish", form,
                           "csrf_token=" + csrf + "&published=0");
  CHECK(unpublish.status == 404);
  CHECK(w.t.courses().Catalog().value()->Find(kNational) != nullptr);
  CHECK(
      w.Fetch("POST", "/author/courses/khoa-a/publish", form, "csrf_token=" + csrf + "&published=1")
          .status == 303);
}

TEST_CASE("a course made in the editor belongs to its maker's unit", "[author][owners]") {
  World w;
  CHECK(w.Form("trainer.a1", "/author/courses", "slug=khoa-a1&title=Kho%C3%A1+A1").status == 303);
  auto list = json::parse(w.As("admin", "GET", "/api/v1/author/courses").body)["items"];
  std::map<std::string, json> owners;
  for (const auto& c : list) owners[c["slug"]] = c["owner"];
  CHECK(owners["khoa-a1"] == "A1");
  CHECK(owners["khoa-a"] == "A");
  CHECK(owners[kNational].is_null());
  // trainer.a (A) reaches it too: A1 lies in A's subtree.
  CHECK(w.As("trainer.a", "GET", "/author/courses/khoa-a1").status == 200);
  // A trainer without a unit creates nothing (the course would belong to no one).
  auto none = w.Form("trainer.none", "/author/courses", "slug=khoa-x&title=X");
  CHECK(none.status == 403);
  CHECK(w.Listed("admin").count("khoa-x") == 0);
}

TEST_CASE("owners and named authors: admins change owners, the owner's trainers name authors, "
          "both audited",
          "[author][owners]") {
  World w;
  const std::string a1_id = std::to_string(w.users["trainer.a1"].id);
  // Owner: admins only.
  CHECK(w.Json("trainer.a", "PATCH", "/api/v1/author/courses/khoa-a", R"({"owner":"VN"})").status == 403);
  CHECK(w.Json("trainer.b", "PATCH", "/api/v1/author/courses/khoa-a", R"({"owner":"B"})").status == 404);
  CHECK(w.Json("admin", "PATCH", "/api/v1/author/courses/khoa-a", R"({"owner":"NOPE"})").status == 404);
  CHECK(w.Json("admin", "PATCH", "/api/v1/author/courses/nope", R"({"owner":"B"})").status == 404);
  CHECK(w.Json("admin", "PATCH", "/api/v1/author/courses/khoa-a", R"({"owner":5})").status == 400);
  auto moved = w.Json("admin", "PATCH", "/api/v1/author/courses/khoa-a", R"({"owner":"B"})");
  REQUIRE(moved.status == 200);
  CHECK(json::parse(moved.body)["owner"] == "B");
  CHECK(w.As("trainer.a", "GET", "/author/courses/khoa-a").status == 404);
  CHECK(w.As("trainer.b", "GET", "/author/courses/khoa-a").status == 200);
  // Named authors: the owner's trainers and admins; not someone only named.
  CHECK(w.Json("trainer.none", "PATCH", "/api/v1/author/courses/khoa-b",
               R"({"authors":[)" + a1_id + "]}")
            .status == 403);
  CHECK(w.Json("trainer.b", "PATCH", "/api/v1/author/courses/khoa-b", R"({"authors":[999999]})").status == 404);
  CHECK(w.Json("trainer.b", "PATCH", "/api/v1/author/courses/khoa-b", R"({"authors":["x"]})").status == 400);
  auto named = w.Json("trainer.b", "PATCH", "/api/v1/author/courses/khoa-b",
                      R"({"authors":[)" + a1_id + "," + a1_id + "]}");
  REQUIRE(named.status == 200);
  CHECK(json::parse(named.body)["authors"] == json::array({w.users["trainer.a1"].id}));
  CHECK(w.As("trainer.a1", "GET", "/author/courses/khoa-b").status == 200);
  CHECK(w.As("trainer.none", "GET", "/author/courses/khoa-b").status == 404);
  // The national course back to national, by an admin.
  CHECK(w.Json("admin", "PATCH", "/api/v1/author/courses/khoa-a", R"({"owner":null})").status == 200);
  auto audit = json::parse(w.As("admin", "GET", "/api/v1/audit?limit=3").body)["items"];
  REQUIRE(audit.size() == 3);
  CHECK(audit[0]["action"] == "course.owner");
  CHECK(audit[0]["object_key"] == "khoa-a");
  CHECK(audit[0]["details"]["owner"].is_null());
  CHECK(audit[1]["action"] == "course.authors");
  CHECK(audit[1]["actor"] == "trainer.b");
  CHECK(audit[1]["details"]["authors"] == json::array({w.users["trainer.a1"].id}));
  CHECK(audit[2]["action"] == "course.owner");
  CHECK(audit[2]["details"]["owner"] == "B");
}

}  // namespace
}  // namespace lophoc::http
