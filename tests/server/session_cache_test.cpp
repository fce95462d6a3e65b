// The session cache of PeopleService (server/app/people_service.h): a
// signed-in request reads no database to say who asks, yet logout, a
// disabled account, a password change or reset and a role change take
// effect on the very next request.
#include <catch2/catch.hpp>

#include "server/app/people_service.h"
#include "server/storage/database.h"
#include "tests/support/test_world.h"

namespace lophoc::app {
namespace {

using people::Actor;
using people::Role;
using people::User;
using testing::kPassword;

struct World : testing::PeopleWorld {
  User admin, learner;
  World() {
    StandardTree();
    admin = AddAccount({"admin", {Role::kAdmin}});
    learner = AddAccount({"learner.a1", {Role::kLearner}, "A1"});
  }
  std::string SignIn(const std::string& username) {
    auto in = people.Login(username, kPassword, "10.0.0.1", "");
    REQUIRE(in.status.ok());
    return in.session.session_id;
  }
  void DeleteSessionsInSql() {
    auto conn = db->Acquire();
    REQUIRE(conn->Exec("DELETE FROM sessions").ok());
  }
};

SessionInfo InfoFor(const std::string& name) {
  SessionInfo info;
  info.csrf_token = "csrf-" + name;
  info.user.username = name;
  return info;
}

}  // namespace

TEST_CASE("session cache: a resumed session is kept, for at most the ttl",
          "[app][people][session_cache]") {
  World w;
  const std::string sid = w.SignIn("learner.a1");
  CHECK(w.people.cached_sessions() == 0);
  REQUIRE(w.people.ResumeSession(sid).ok());
  CHECK(w.people.cached_sessions() == 1);
  auto again = w.people.ResumeSession(sid);
  REQUIRE(again.ok());
  CHECK(again->user.username == "learner.a1");

  // Another process ends the session (the CLI, a second server): the kept
  // answer stops counting after the ttl (2 s by default).
  w.DeleteSessionsInSql();
  w.clock.Set(w.clock.Now() + std::chrono::seconds(3));
  CHECK(w.people.ResumeSession(sid).status().code() == StatusCode::kUnauthenticated);
}

TEST_CASE(
    "session cache: logout, disabling, password reset and role changes apply on the next request",
    "[app][people][session_cache]") {
  World w;
  const std::string sid = w.SignIn("learner.a1");
  REQUIRE(w.people.ResumeSession(sid).ok());
  REQUIRE(w.people.ResumeSession(sid).ok());
  REQUIRE(w.people.cached_sessions() == 1);

  SECTION("logout") {
    REQUIRE(w.people.Logout(sid).ok());
    CHECK(w.people.ResumeSession(sid).status().code() == StatusCode::kUnauthenticated);
  }
  SECTION("the account disabled by an admin") {
    w.Must(w.people.SetUserActive(Actor::ForUser(w.admin), w.learner.id, false));
    CHECK(w.people.ResumeSession(sid).status().code() == StatusCode::kUnauthenticated);
  }
  SECTION("the password reset by an admin") {
    w.Must(w.people.ResetPassword(Actor::ForUser(w.admin), w.learner.id, "10.0.0.2"));
    CHECK(w.people.ResumeSession(sid).status().code() == StatusCode::kUnauthenticated);
  }
  SECTION("a role taken away") {
    UserPatch p;
    p.roles = std::vector<Role>{Role::kTrainer};
    w.Must(w.people.UpdateUser(Actor::ForUser(w.admin), w.learner.id, p));
    auto now = w.people.ResumeSession(sid);
    REQUIRE(now.ok());
    CHECK(now->user.roles == std::vector<Role>{Role::kTrainer});
  }
}

TEST_CASE("session cache: a password change ends the other sessions at once",
          "[app][people][session_cache]") {
  World w;
  const std::string first = w.SignIn("learner.a1");
  const std::string second = w.SignIn("learner.a1");
  REQUIRE(w.people.ResumeSession(first).ok());
  auto me = w.people.ResumeSession(second);
  REQUIRE(me.ok());
  REQUIRE(w.people.cached_sessions() == 2);
  auto changed = w.people.ChangeOwnPassword(Actor::ForUser(me->user), second, "10.0.0.1", kPassword,
                                            "Một mật khẩu mới 2026");
  REQUIRE(changed.status.ok());
  CHECK(w.people.ResumeSession(first).status().code() == StatusCode::kUnauthenticated);
  CHECK(w.people.ResumeSession(second).ok());
}

TEST_CASE(
    "session cache: an answer read before a write is not kept nor beyond the bound or a ttl of 0",
          "[app][people][session_cache]") {
  const auto now = std::chrono::system_clock::time_point(std::chrono::seconds(1795000000));
  const auto later = now + std::chrono::minutes(30);

  SessionCache cache(std::chrono::seconds(2), 3);
  const uint64_t before = cache.Epoch();
  cache.Forget();  // a logout lands between the database read and Keep
  cache.Keep(before, "hash-a", InfoFor("a"), later, now);
  CHECK_FALSE(cache.Find("hash-a", now).has_value());
  CHECK(cache.entries() == 0);

  cache.Keep(cache.Epoch(), "hash-a", InfoFor("a"), later, now);
  auto a = cache.Find("hash-a", now);
  REQUIRE(a.has_value());
  CHECK(a->csrf_token == "csrf-a");
  CHECK_FALSE(cache.Find("hash-b", now).has_value());  // keyed by the session's hash
  CHECK_FALSE(cache.Find("hash-a", now + std::chrono::seconds(2)).has_value());  // the ttl
  // Never past the session's own expiry.
  cache.Keep(cache.Epoch(), "hash-e", InfoFor("e"), now + std::chrono::seconds(1), now);
  CHECK_FALSE(cache.Find("hash-e", now + std::chrono::seconds(1)).has_value());

  for (const std::string name : {"b", "c", "d", "f", "g"}) {
    cache.Keep(cache.Epoch(), "hash-" + name, InfoFor(name), later, now);
    CHECK(cache.entries() <= 3);
  }
  CHECK(cache.Find("hash-g", now).has_value());

  SessionCache off(std::chrono::seconds(0), 3);
  off.Keep(off.Epoch(), "hash-a", InfoFor("a"), later, now);
  CHECK(off.entries() == 0);
}

}  // namespace lophoc::app
