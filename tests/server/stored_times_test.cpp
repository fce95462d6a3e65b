// Stored times are compared as time points, not as text: a session expiry
// written with fractions of a second, or not readable at all, is judged by
// the instant it names (server/app/people_service_auth.cpp).
#include <catch2/catch.hpp>

#include "kernel/calendar.h"
#include "server/app/crypto.h"
#include "server/app/people_service.h"
#include "server/storage/database.h"
#include "server/storage/stores.h"
#include "tests/support/test_site.h"

namespace lophoc::app {
namespace {

constexpr const char* kPassword = "Thư viện xanh 2026";

struct World {
  std::unique_ptr<storage::Stores> stores = storage::OpenStores(":memory:").value();
  people::SessionStore& sessions = *stores->people().sessions;
  testing::FakeClock clock;
  PeopleService people{stores->people(), &clock, Options()};

  static PeopleOptions Options() {
    PeopleOptions o;
    o.password_cost = PasswordCost::ForTests();
    return o;
  }
  World() {
    REQUIRE(InitCrypto());
    UserInput in{"admin", "Quản trị", std::nullopt, {people::Role::kAdmin}, "", "", "", true};
    REQUIRE(people.CreateUser(people::Actor::CommandLine(), in, kPassword).ok());
  }
  // A new session whose expiry is stored as `expires_at`.
  std::string SessionExpiring(const std::string& expires_at) {
    auto login = people.Login("admin", kPassword, "1.1.1.1", "");
    REQUIRE(login.status.ok());
    const std::string sid = login.session.session_id;
    REQUIRE(sessions.TouchSession(Sha256Hex(sid), FormatIso8601(clock.Now()), expires_at).ok());
    return sid;
  }
};

}  // namespace

TEST_CASE("a session expiry is read as the instant it names", "[app][people][calendar]") {
  World w;
  const std::string now = FormatIso8601(w.clock.Now());  // "...:20Z", whole seconds
  // Half a second from now: still valid, though as text ".5Z" sorts before "Z".
  const std::string half_second_later = now.substr(0, 19) + ".5Z";
  CHECK(w.people.ResumeSession(w.SessionExpiring(half_second_later)).ok());
  CHECK_FALSE(w.people.ResumeSession(w.SessionExpiring(now)).ok());
  // An expiry that is no time at all has passed (as text, "never" sorted
  // after every date).
  auto unreadable = w.people.ResumeSession(w.SessionExpiring("never"));
  REQUIRE_FALSE(unreadable.ok());
  CHECK(unreadable.status().code() == StatusCode::kUnauthenticated);
}

}  // namespace lophoc::app
