// Text in one form: Vietnamese typed or saved decomposed (NFD: a letter then
// its combining marks, the "Unicode tổ hợp" of common input methods) is
// composed (NFC) at every entry, so it validates, compares, is stored and is
// found like the same text typed composed. The fixture course is itself
// saved in NFD (tests/fixtures/content-nfd). Over the real server.
#include <nlohmann/json.hpp>

#include <catch2/catch.hpp>

#include "kernel/text.h"
#include "tests/support/http_client.h"
#include "tests/support/test_site.h"

namespace lophoc::http {
namespace {

using nlohmann::json;
using testing::FixturePath;
using testing::HttpFetch;
using testing::TestSite;

// "Việt" decomposed: e, combining dot below (U+0323), combining circumflex (U+0302).
const std::string kVietNfd = "Vie\xCC\xA3\xCC\x82t";
const std::string kVietNfc = "Vi\xE1\xBB\x87t";

std::string Nfd(const std::string& composed_word) {
  // The few words these tests decompose, spelled out so the test does not
  // depend on the code under test.
  if (composed_word == "Việt Nam") return kVietNfd + " Nam";
  if (composed_word == "tiếng") return "tie\xCC\x82\xCC\x81ng";
  if (composed_word == "Nguyễn Thị Hà") return "Nguye\xCC\x82\xCC\x83n Thi\xCC\xA3 Ha\xCC\x80";
  throw std::logic_error("no NFD spelling for " + composed_word);
}

}  // namespace

TEST_CASE("ToNfc composes Vietnamese and leaves everything else as it is", "[nfc]") {
  CHECK(kVietNfd != kVietNfc);
  CHECK(ToNfc(kVietNfd) == kVietNfc);
  CHECK(ToNfc(Nfd("Nguyễn Thị Hà")) == "Nguyễn Thị Hà");
  CHECK(ToNfc("Nguyễn Thị Hà") == "Nguyễn Thị Hà");
  CHECK(ToNfc("plain ascii 123") == "plain ascii 123");
  CHECK(ToNfc("\xFF\xFE bad") == "\xFF\xFE bad");  // invalid UTF-8 comes back for the validators
}

TEST_CASE("decomposed text is composed at every entry", "[nfc]") {
  TestSite t(FixturePath("content-nfd"));
  const people::Actor cli = people::Actor::CommandLine();
  const std::string password = "Thư viện xanh 2026";
  auto admin = t.people().CreateUser(cli, {"quan.tri", "Quản trị", std::nullopt, {people::Role::kAdmin},
                                           "", "", "", true},
                                     password);
  REQUIRE(admin.ok());
  auto token = t.people().CreateApiToken(cli, admin->user.id, "test");
  REQUIRE(token.ok());
  const uint16_t port = t.StartServer();
  const std::map<std::string, std::string> as_admin = {{"Authorization", "Bearer " + token->secret},
                                                       {"Content-Type", "application/json"}};

  SECTION("a course package saved in NFD is stored in NFC") {
    auto course = json::parse(HttpFetch(port, "GET", "/api/v1/courses/tieng-viet").body);
    CHECK(course["title"] == "Tiếng Việt có dấu");
  }
  SECTION("a decomposed search finds what the composed one finds") {
    auto composed = json::parse(HttpFetch(port, "GET", "/api/v1/search?q=ti%E1%BA%BFng").body);
    // "tiếng" decomposed: e, U+0302, U+0301
    auto decomposed = json::parse(HttpFetch(port, "GET", "/api/v1/search?q=tie%CC%82%CC%81ng").body);
    CHECK(composed["count"].get<int>() >= 1);
    CHECK(decomposed["count"] == composed["count"]);
  }
  SECTION("a short answer typed decomposed is marked right") {
    auto quiz = json::parse(HttpFetch(port, "GET", "/api/v1/courses/tieng-viet/quiz").body);
    const std::string path = "/api/v1/quizzes/" + std::to_string(quiz["id"].get<int64_t>()) + "/attempts";
    auto learner = t.people().CreateUser(cli, {"hoc.vien", "Học viên", std::nullopt,
                                              {people::Role::kLearner}, "", "", "", true},
                                        password);
    REQUIRE(learner.ok());
    auto lt = t.people().CreateApiToken(cli, learner->user.id, "test");
    REQUIRE(lt.ok());
    auto graded = HttpFetch(port, "POST", path,
                            {{"Authorization", "Bearer " + lt->secret}, {"Content-Type", "application/json"}},
                            json{{"answers", {{"ten-nuoc", Nfd("Việt Nam")}}}, {"submission_id", "nfd-0001-abcdef"}}
                                .dump());
    INFO(graded.body);
    REQUIRE(graded.status == 201);
    CHECK(json::parse(graded.body)["questions"][0]["outcome"] == "correct");
    // and typed composed, against the answer the package saved decomposed
    auto composed = HttpFetch(port, "POST", path,
                              {{"Authorization", "Bearer " + lt->secret}, {"Content-Type", "application/json"}},
                              json{{"answers", {{"ten-nuoc", "Việt Nam"}}}, {"submission_id", "nfc-0001-abcdef"}}
                                  .dump());
    REQUIRE(composed.status == 201);
    CHECK(json::parse(composed.body)["questions"][0]["outcome"] == "correct");
  }
  SECTION("a name registered decomposed is stored composed") {
    auto reg = HttpFetch(port, "POST", "/api/v1/register", {{"Content-Type", "application/json"}},
                         json{{"display_name", Nfd("Nguyễn Thị Hà")}, {"username", "thi.ha"},
                              {"password", password}}
                             .dump());
    INFO(reg.body);
    REQUIRE(reg.status < 300);
    auto user = t.people().GetUserByName(cli, "thi.ha");
    REQUIRE(user.ok());
    CHECK(user->display_name == "Nguyễn Thị Hà");
  }
  SECTION("a CSV import's decomposed names equal the composed form") {
    const std::string csv = "username,display_name\nha.nguyen," + Nfd("Nguyễn Thị Hà") + "\n";
    auto done = HttpFetch(port, "POST", "/api/v1/users/import",
                          {{"Authorization", "Bearer " + token->secret}, {"Content-Type", "text/csv"}}, csv);
    INFO(done.body);
    REQUIRE(done.status == 200);
    auto user = t.people().GetUserByName(cli, "ha.nguyen");
    REQUIRE(user.ok());
    CHECK(user->display_name == "Nguyễn Thị Hà");
  }
  SECTION("a form field typed decomposed is composed as it is decoded") {
    auto form = ParseQuery("name=" + PercentEncode(Nfd("Nguyễn Thị Hà")));
    REQUIRE(form.has_value());
    CHECK(form->find("name")->second == "Nguyễn Thị Hà");
  }
}

}  // namespace lophoc::http
