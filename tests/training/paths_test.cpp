#include "training/paths.h"

#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "tests/training/dates.h"

namespace lophoc::training {
namespace {

const std::vector<std::string> kPath = {"chuyen-doi-so", "an-toan-thong-tin"};

}  // namespace

TEST_CASE("the refresher path is for people certified before", "[training][paths]") {
  CHECK(PathFor({}) == Path::kInitial);
  CHECK(PathFor({{d(1, 3, 2025), {1, 2}, false}}) == Path::kRefresher);
  // An expired certification still makes a refresher; a revoked one does not.
  CHECK(PathFor({{d(1, 3, 2025), {1, 2}, true}}) == Path::kInitial);
  CHECK(PathName(Path::kRefresher) == "refresher");
}

TEST_CASE("a path is complete when each course has a completion that counts", "[training][paths]") {
  SECTION("one course missing") {
    const auto p = ProgressOnPath(kPath, {{1, "chuyen-doi-so", d(2, 3, 2025)}}, {});
    CHECK(p.done == std::vector<std::string>{"chuyen-doi-so"});
    CHECK(p.missing == std::vector<std::string>{"an-toan-thong-tin"});
    CHECK_FALSE(p.completed);
    CHECK(p.rests_on.empty());
  }
  SECTION("both done: certified on the day of the last one") {
    const auto p = ProgressOnPath(
        kPath, {{1, "an-toan-thong-tin", d(14, 3, 2025)}, {2, "chuyen-doi-so", d(2, 3, 2025)}}, {});
    CHECK(p.missing.empty());
    REQUIRE(p.completed);
    CHECK(*p.completed == d(14, 3, 2025));
    CHECK(p.rests_on == std::vector<int64_t>{2, 1});  // in the path's order
  }
  SECTION("a course outside the path does not count") {
    const auto p = ProgressOnPath(kPath, {{1, "may-tinh-lan-dau", d(2, 3, 2025)}}, {});
    CHECK(p.missing == kPath);
  }
  SECTION("an empty path is never complete") {
    const auto p = ProgressOnPath({}, {{1, "chuyen-doi-so", d(2, 3, 2025)}}, {});
    CHECK_FALSE(p.completed);
  }
}

TEST_CASE("a renewal counts only completions since the last certification", "[training][paths]") {
  const std::vector<EarnedCertification> before = {{d(14, 3, 2025), {1, 2}, false}};
  std::vector<CourseCompletion> completions = {
      {1, "chuyen-doi-so", d(2, 3, 2025)},
      {2, "an-toan-thong-tin", d(14, 3, 2025)},
  };
  SECTION("the completions of the last cycle never count again") {
    const auto p = ProgressOnPath(kPath, completions, before);
    CHECK(p.missing == kPath);
  }
  SECTION("one course redone") {
    completions.push_back({3, "chuyen-doi-so", d(10, 1, 2027)});
    const auto p = ProgressOnPath(kPath, completions, before);
    CHECK(p.done == std::vector<std::string>{"chuyen-doi-so"});
    CHECK(p.missing == std::vector<std::string>{"an-toan-thong-tin"});
  }
  SECTION("both redone: the latest completion of each counts") {
    completions.push_back({3, "chuyen-doi-so", d(10, 1, 2027)});
    completions.push_back({4, "an-toan-thong-tin", d(20, 1, 2027)});
    completions.push_back({5, "chuyen-doi-so", d(25, 1, 2027)});
    const auto p = ProgressOnPath(kPath, completions, before);
    REQUIRE(p.completed);
    CHECK(*p.completed == d(25, 1, 2027));
    CHECK(p.rests_on == std::vector<int64_t>{5, 4});
  }
  SECTION("a completion on the day of the last certification, not used by it, counts") {
    completions.push_back({3, "chuyen-doi-so", d(14, 3, 2025)});
    completions.push_back({4, "an-toan-thong-tin", d(1, 2, 2027)});
    const auto p = ProgressOnPath(kPath, completions, before);
    REQUIRE(p.completed);
    CHECK(p.rests_on == std::vector<int64_t>{3, 4});
  }
  SECTION("a completion made before the last certification does not count") {
    completions.push_back({3, "chuyen-doi-so", d(13, 3, 2025)});
    completions.push_back({4, "an-toan-thong-tin", d(1, 2, 2027)});
    const auto p = ProgressOnPath(kPath, completions, before);
    CHECK(p.missing == std::vector<std::string>{"chuyen-doi-so"});
  }
}

}  // namespace lophoc::training
