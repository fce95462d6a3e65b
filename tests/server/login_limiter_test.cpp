// The in-memory rate limits (server/app/login_limiter.h): sliding windows,
// the growing delay, and tables that stay bounded under a flood of keys.
#include "server/app/login_limiter.h"

#include <catch2/catch.hpp>

#include <string>

#include "server/app/people_service.h"
#include "server/storage/database.h"
#include "server/storage/stores.h"
#include "tests/support/test_site.h"

namespace lophoc::app {
namespace {

using std::chrono::seconds;

TEST_CASE("a flood of distinct keys keeps a limiter's table bounded", "[app][limiter]") {
  testing::FakeClock clock;
  LoginLimiter limiter(&clock, 5, seconds(900), 100);
  for (int i = 0; i < 10000; ++i) limiter.RecordFailure("user:flood" + std::to_string(i));
  CHECK(limiter.size() == 100);
  // The newest keys are kept and still counted; the oldest were pushed out.
  for (int i = 0; i < 4; ++i) limiter.RecordFailure("user:flood9999");
  CHECK(limiter.RetryAfterSeconds("user:flood9999") == 900);
  CHECK(limiter.RetryAfterSeconds("user:flood0") == 0);
}

TEST_CASE("a full table pushes out the key that failed least recently",
          "[app][limiter]") {
  testing::FakeClock clock;
  LoginLimiter limiter(&clock, 3, seconds(60), 10);
  for (int i = 0; i < 3; ++i) limiter.RecordFailure("addr:guesser");
  for (int i = 0; i < 9; ++i) limiter.RecordFailure("k" + std::to_string(i));
  CHECK(limiter.RetryAfterSeconds("addr:guesser") == 60);  // 10 keys: all still there
  limiter.RecordFailure("k-extra");
  CHECK(limiter.size() == 10);
  CHECK(limiter.RetryAfterSeconds("addr:guesser") == 0);  // least recently failing went first
}

TEST_CASE("the growing delay: free failures, then 1 s, 2 s, 4 s ... up to the cap",
          "[app][limiter]") {
  testing::FakeClock clock;
  FailureDelay delay(&clock, 3, seconds(20), seconds(3600), 100);
  for (int i = 0; i < 3; ++i) {
    CHECK(delay.RetryAfterSeconds("u") == 0);
    delay.RecordFailure("u");
  }
  std::vector<int> waits;
  for (int i = 0; i < 7; ++i) {
    waits.push_back(delay.RetryAfterSeconds("u"));
    clock.Set(clock.Now() + seconds(waits.back()));
    CHECK(delay.RetryAfterSeconds("u") == 0);
    delay.RecordFailure("u");
  }
  CHECK(waits == std::vector<int>{1, 2, 4, 8, 16, 20, 20});
  clock.Set(clock.Now() + seconds(3600));
  CHECK(delay.RetryAfterSeconds("u") == 0);  // forgotten after a quiet window
  for (int i = 0; i < 1000; ++i) delay.RecordFailure("v" + std::to_string(i));
  CHECK(delay.size() == 100);
}

TEST_CASE("logins with a flood of distinct usernames keep every limiter table bounded",
          "[app][limiter][people]") {
  REQUIRE(InitCrypto());
  auto stores = storage::OpenStores(":memory:").value();
  testing::FakeClock clock;
  PeopleOptions o;
  o.password_cost = PasswordCost::ForTests();
  o.max_limiter_keys = 50;
  PeopleService people(stores->people(), &clock, o);
  for (int i = 0; i < 2000; ++i) {
    const std::string n = std::to_string(i);
    people.Login("nobody" + n, "wrong password", "10." + std::to_string(i / 250) + ".0." +
                                                     std::to_string(i % 250), "");
  }
  CHECK(people.LimiterKeys() <= 50);
}

}  // namespace
}  // namespace lophoc::app
