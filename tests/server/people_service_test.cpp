#include "server/app/people_service.h"

#include <regex>

#include <sodium.h>

#include <catch2/catch.hpp>

#include "server/app/crypto.h"
#include "server/storage/database.h"
#include "tests/support/test_world.h"

namespace lophoc::app {
namespace {

using people::Role;
using people::User;
using testing::kPassword;

// Two provinces, A (with district A1) and B, a site in each, and one account
// per role: admin, manager of A, manager of B, trainer of A1, learner in A1.
struct World : testing::PeopleWorld {
  User admin, manager_a, manager_b, trainer_a1, learner_a1;

  World() {
    StandardTree();
    admin = AddAccount({"admin", {Role::kAdmin}});
    manager_a = AddAccount({"manager.a", {Role::kManager}, "A"});
    manager_b = AddAccount({"manager.b", {Role::kManager}, "B"});
    trainer_a1 = AddAccount({"trainer.a1", {Role::kTrainer}, "A1"});
    learner_a1 = AddAccount({"learner.a1", {Role::kLearner}, "A1"});
  }
};

Actor As(const User& u) { return Actor::ForUser(u); }

// The Status of a Result: OK when it holds a value.
template <typename T>
Status StatusOf(const Result<T>& r) {
  return r.ok() ? Status::Ok() : r.status();
}

}  // namespace

TEST_CASE("scope: who reads and changes units, sites and accounts", "[app][people][scope]") {
  World w;
  // actor, object kind, object key, may read, may write
  auto [who, kind, key, may_read, may_write] =
      GENERATE(table<std::string, std::string, std::string, bool, bool>({
          {"admin", "unit", "B", true, true},
          {"admin", "site", "SA1", true, true},
          {"admin", "user", "learner.a1", true, true},
          {"manager.a", "unit", "A1", true, true},
          {"manager.a", "unit", "A", true, false},  // not their own unit
          {"manager.a", "unit", "B", false, false},
          {"manager.a", "site", "SA1", true, true},
          {"manager.a", "site", "SB", false, false},
          {"manager.a", "user", "learner.a1", true, true},
          {"manager.a", "user", "manager.b", false, false},
          {"manager.a", "user", "admin", false, false},
          {"manager.b", "unit", "A1", false, false},
          {"manager.b", "site", "SA1", false, false},
          {"manager.b", "user", "learner.a1", false, false},
          {"trainer.a1", "unit", "A1", true, false},
          {"trainer.a1", "site", "SA1", true, false},
          {"trainer.a1", "user", "learner.a1", true, false},
          {"trainer.a1", "unit", "A", false, false},
          {"learner.a1", "unit", "A1", false, false},
          {"learner.a1", "site", "SA1", false, false},
          {"learner.a1", "user", "trainer.a1", false, false},
          {"learner.a1", "user", "learner.a1", true, false},  // themself, read only
      }));
  CAPTURE(who, kind, key);
  auto actor_user = w.store.FindUserByUsername(who);
  REQUIRE(actor_user.ok());
  const Actor a = As(actor_user->user);
  Status read, write;
  if (kind == "unit") {
    read = StatusOf(w.people.GetOrgUnit(a, key));
    write = StatusOf(w.people.UpdateOrgUnit(a, key, {std::string("Tên mới"), {}, {}}));
  } else if (kind == "site") {
    read = StatusOf(w.people.GetSite(a, key));
    write = StatusOf(w.people.UpdateSite(a, key, {std::string("Tên mới"), {}, {}, {}}));
  } else {
    const int64_t id = w.store.FindUserByUsername(key)->user.id;
    read = StatusOf(w.people.GetUser(a, id));
    UserPatch p;
    p.display_name = "Tên mới";
    write = StatusOf(w.people.UpdateUser(a, id, p));
  }
  CAPTURE(read.ToString(), write.ToString());
  CHECK(read.ok() == may_read);
  if (!may_read) CHECK(read.code() == StatusCode::kNotFound);  // existence not revealed
  CHECK(write.ok() == may_write);
  if (!may_write) {
    CHECK((write.code() == StatusCode::kNotFound || write.code() == StatusCode::kPermissionDenied));
  }
}

TEST_CASE("listings hold exactly the actor's subtree", "[app][people][scope]") {
  World w;
  CHECK(w.people.ListUsers(As(w.admin), "", 50, 0)->total == 5);
  CHECK(w.people.ListUsers(As(w.manager_a), "", 50, 0)->total == 3);  // manager.a, trainer, learner
  CHECK(w.people.ListUsers(As(w.manager_b), "", 50, 0)->total == 1);
  CHECK(w.people.ListUsers(As(w.learner_a1), "", 50, 0)->total == 0);
  CHECK(w.people.ListSites(As(w.manager_a), "", 50, 0)->total == 1);
  CHECK(w.people.ListOrgUnits(As(w.manager_b), "", 50, 0)->total == 1);
  CHECK(w.people.ListUsers(As(w.manager_a), "A1", 50, 0)->total == 2);
  CHECK(w.people.ListUsers(As(w.manager_b), "A1", 50, 0).status().code() == StatusCode::kNotFound);
}

TEST_CASE("managers create within their subtree and never grant admin", "[app][people][scope]") {
  World w;
  const Actor m = As(w.manager_a);
  UserInput in{"thu.thu", "Thủ thư", std::nullopt, {Role::kLearner}, "", "SA1", "district_librarian", true};
  auto made = w.people.CreateUser(m, in, "");
  REQUIRE(made.ok());
  CHECK(made->user.org_code == "A1");  // placed by its site
  CHECK(made->user.must_change_password);
  CHECK(made->one_time_password.size() >= people::kMinPasswordChars);
  // Typed from paper: four groups without look-alike characters.
  CHECK(std::regex_match(made->one_time_password,
                         std::regex("[2-9a-hjkmnp-z]{4}(-[2-9a-hjkmnp-z]{4}){3}")));
  in.username = "boss";
  in.roles = {Role::kAdmin};
  CHECK(w.people.CreateUser(m, in, kPassword).status().code() == StatusCode::kPermissionDenied);
  in.roles = {Role::kLearner};
  in.site = "SB";
  CHECK(w.people.CreateUser(m, in, kPassword).status().code() == StatusCode::kNotFound);
  in.site.clear();
  CHECK(w.people.CreateUser(m, in, kPassword).status().code() == StatusCode::kPermissionDenied);
  UserPatch promote;
  promote.roles = std::vector<Role>{Role::kAdmin};
  CHECK(w.people.UpdateUser(m, w.learner_a1.id, promote).status().code() ==
        StatusCode::kPermissionDenied);
  CHECK(w.people.CreateOrgUnit(m, {"A1X", "Xã", "commune", "A1"}).ok());
  CHECK(w.people.CreateOrgUnit(m, {"BX", "Xã", "commune", "B"}).status().code() ==
        StatusCode::kNotFound);
  CHECK(w.people.CreateOrgUnit(m, {"ROOT", "Gốc", "nation", ""}).status().code() ==
        StatusCode::kPermissionDenied);
}

TEST_CASE("a move into the unit's own subtree is refused", "[app][people]") {
  World w;
  auto r = w.people.UpdateOrgUnit(w.cli, "A", {{}, {}, std::string("A1")});
  CHECK(r.status().code() == StatusCode::kConflict);
  CHECK(w.store.FindOrgUnit("A")->parent_code.empty());
}

TEST_CASE("HTML in names is stored verbatim", "[app][people]") {
  World w;
  const std::string name = "<script>alert('x')</script> & \"Thư viện\"";
  auto site = w.people.CreateSite(w.cli, {"XSS", name, "school_library", "A", false});
  REQUIRE(site.ok());
  CHECK(w.store.FindSite("XSS")->name == name);
}

TEST_CASE("login gives one answer for unknown user, wrong password and disabled account",
          "[app][people][auth]") {
  World w;
  REQUIRE(w.people.SetUserActive(w.cli, w.learner_a1.id, false).ok());
  const std::string answers[] = {
      w.people.Login("nobody", kPassword, "10.0.0.1", "").status.ToString(),
      w.people.Login("trainer.a1", "wrong password!", "10.0.0.2", "").status.ToString(),
      w.people.Login("learner.a1", kPassword, "10.0.0.3", "").status.ToString(),
  };
  CHECK(answers[0] == "unauthenticated: wrong username or password");
  CHECK(answers[1] == answers[0]);
  CHECK(answers[2] == answers[0]);
  auto ok = w.people.Login("TRAINER.A1", kPassword, "10.0.0.4", "");
  REQUIRE(ok.status.ok());
  CHECK(ok.session.user.username == "trainer.a1");
  CHECK_FALSE(ok.session.csrf_token.empty());
}

TEST_CASE("login limits: per account and address pair, per address, a growing delay per account",
          "[app][people][auth]") {
  World w;
  // Five failures from one address block that pair for 15 minutes...
  for (int i = 0; i < 5; ++i) {
    CHECK(w.people.Login("manager.a", "wrong password!", "10.0.0.1", "").status.code() ==
          StatusCode::kUnauthenticated);
  }
  auto blocked = w.people.Login("manager.a", kPassword, "10.0.0.1", "");
  CHECK(blocked.status.code() == StatusCode::kRateLimited);
  CHECK(blocked.retry_after_seconds == 15 * 60);
  // ...but not the account elsewhere: a stranger cannot lock its owner out.
  CHECK(w.people.Login("manager.a", kPassword, "10.9.9.9", "").status.ok());
  w.clock.Set(w.clock.Now() + std::chrono::minutes(10));
  CHECK(w.people.Login("manager.a", kPassword, "10.0.0.1", "").retry_after_seconds == 5 * 60);
  w.clock.Set(w.clock.Now() + std::chrono::minutes(5));
  CHECK(w.people.Login("manager.a", kPassword, "10.0.0.1", "").status.ok());

  // From many addresses: after 10 failures each attempt from an address the
  // account has not signed in from waits 1 s, 2 s, 4 s, ... (at most 5 minutes).
  for (int i = 0; i < 10; ++i) {
    CHECK(w.people.Login("trainer.a1", "wrong password!", "10.1.0." + std::to_string(i), "")
              .status.code() == StatusCode::kUnauthenticated);
  }
  auto slowed = w.people.Login("trainer.a1", kPassword, "10.2.0.1", "");
  CHECK(slowed.status.code() == StatusCode::kRateLimited);
  CHECK(slowed.retry_after_seconds == 1);
  w.clock.Set(w.clock.Now() + std::chrono::seconds(1));
  CHECK(w.people.Login("trainer.a1", "wrong password!", "10.2.0.1", "").status.code() ==
        StatusCode::kUnauthenticated);
  CHECK(w.people.Login("trainer.a1", kPassword, "10.2.0.2", "").retry_after_seconds == 2);
  for (int i = 0; i < 12; ++i) {
    w.clock.Set(w.clock.Now() + std::chrono::minutes(5));
    w.people.Login("trainer.a1", "wrong password!", "10.3.0." + std::to_string(i), "");
  }
  CHECK(w.people.Login("trainer.a1", kPassword, "10.2.0.2", "").retry_after_seconds == 300);

  // Where the account signed in before, its owner is not slowed down.
  w.clock.Set(w.clock.Now() + std::chrono::minutes(61));
  REQUIRE(w.people.Login("learner.a1", kPassword, "10.4.0.1", "").status.ok());
  for (int i = 0; i < 12; ++i) {
    w.people.Login("learner.a1", "wrong password!", "10.5.0." + std::to_string(i), "");
  }
  CHECK(w.people.Login("learner.a1", kPassword, "10.5.1.1", "").status.code() ==
        StatusCode::kRateLimited);
  CHECK(w.people.Login("learner.a1", kPassword, "10.4.0.1", "").status.ok());

  // Per address over all accounts: 30 failures (a library's shared address).
  for (int i = 0; i < 30; ++i) w.people.Login("user" + std::to_string(i), "x", "10.6.6.6", "");
  auto by_address = w.people.Login("admin", kPassword, "10.6.6.6", "");
  CHECK(by_address.status.code() == StatusCode::kRateLimited);
  CHECK(by_address.retry_after_seconds > 0);
}

TEST_CASE("sessions rotate on login, slide, expire when idle and end on logout",
          "[app][people][auth]") {
  World w;
  auto first = w.people.Login("admin", kPassword, "1.1.1.1", "");
  REQUIRE(first.status.ok());
  auto second = w.people.Login("admin", kPassword, "1.1.1.1", first.session.session_id);
  REQUIRE(second.status.ok());
  CHECK(second.session.session_id != first.session.session_id);
  CHECK(w.people.ResumeSession(first.session.session_id).status().code() ==
        StatusCode::kUnauthenticated);
  const std::string sid = second.session.session_id;
  w.clock.Set(w.clock.Now() + std::chrono::minutes(59));
  REQUIRE(w.people.ResumeSession(sid).ok());  // slides the expiry
  w.clock.Set(w.clock.Now() + std::chrono::minutes(59));
  auto resumed = w.people.ResumeSession(sid);
  REQUIRE(resumed.ok());
  CHECK(resumed->csrf_token == second.session.csrf_token);
  w.clock.Set(w.clock.Now() + std::chrono::minutes(61));
  CHECK(w.people.ResumeSession(sid).status().message().find("expired") != std::string::npos);

  auto third = w.people.Login("admin", kPassword, "1.1.1.1", "");
  REQUIRE(w.people.Logout(third.session.session_id).ok());
  CHECK_FALSE(w.people.ResumeSession(third.session.session_id).ok());
  // Only hashes are stored.
  auto conn = w.db->Acquire();
  auto st = conn->Prepare("SELECT count(*) FROM sessions WHERE id_hash = ?");
  st->Bind(1, third.session.session_id);
  REQUIRE(*st->Step());
  CHECK(st->ColumnInt(0) == 0);
}

TEST_CASE("a right password hashed at an older cost is hashed again at today's cost only once",
          "[app][people][auth]") {
  World w;
  // A hash made at another cost than the service's (as libsodium's 64 MiB
  // "interactive" hashes made before issue 17 are to a server of today).
  const std::string old_hash =
      app::HashPassword(kPassword, {crypto_pwhash_OPSLIMIT_MIN + 1, crypto_pwhash_MEMLIMIT_MIN});
  REQUIRE(app::NeedsRehash(old_hash, app::PasswordCost::ForTests()));
  auto stored_hash = [&] {
    auto conn = w.db->Acquire();
    auto st = conn->Prepare("SELECT password_hash FROM users WHERE username = 'admin'");
    REQUIRE(*st->Step());
    return st->ColumnText(0);
  };
  {
    auto conn = w.db->Acquire();
    auto st = conn->Prepare("UPDATE users SET password_hash = ? WHERE username = 'admin'");
    st->Bind(1, old_hash);
    REQUIRE(st->Step().ok());
  }
  // A wrong password changes nothing.
  REQUIRE_FALSE(w.people.Login("admin", "wrong password!", "1.1.1.2", "").status.ok());
  CHECK(stored_hash() == old_hash);

  auto kept = w.people.Login("admin", kPassword, "1.1.1.1", "");
  REQUIRE(kept.status.ok());
  const std::string upgraded = stored_hash();
  CHECK(upgraded != old_hash);
  CHECK_FALSE(app::NeedsRehash(upgraded, app::PasswordCost::ForTests()));
  CHECK(app::VerifyPassword(upgraded, kPassword));
  REQUIRE(w.people.Login("admin", kPassword, "1.1.1.1", "").status.ok());
  CHECK(stored_hash() == upgraded);  // once
  // The secret did not change: the session opened with the old hash stays.
  CHECK(w.people.ResumeSession(kept.session.session_id).ok());
}

TEST_CASE("passwords: policy, change, reset", "[app][people][auth]") {
  World w;
  const Actor me = As(w.trainer_a1);
  CHECK(w.people.ChangeOwnPassword(me, "", "1.1.1.1", kPassword, "matkhau123")
            .status.message()
            .find("common") != std::string::npos);
  CHECK(w.people.ChangeOwnPassword(me, "", "1.1.1.1", "not it at all", "Một câu dài hơn")
            .status.code() == StatusCode::kInvalidArgument);
  REQUIRE(w.people.ChangeOwnPassword(me, "", "1.1.1.1", kPassword, "Một câu dài hơn").status.ok());
  CHECK(w.people.Login("trainer.a1", "Một câu dài hơn", "1.1.1.1", "").status.ok());
  auto one_time = w.people.ResetPassword(As(w.manager_a), w.trainer_a1.id, "1.1.1.1");
  REQUIRE(one_time.ok());
  auto login = w.people.Login("trainer.a1", *one_time, "1.1.1.1", "");
  REQUIRE(login.status.ok());
  CHECK(login.session.user.must_change_password);
  CHECK(w.people.ResetPassword(As(w.manager_b), w.trainer_a1.id, "1.1.1.1").status().code() ==
        StatusCode::kNotFound);
  auto conn = w.db->Acquire();
  auto st = conn->Prepare("SELECT password_hash FROM users WHERE username = 'trainer.a1'");
  REQUIRE(*st->Step());
  CHECK(st->ColumnText(0).rfind("$argon2id$", 0) == 0);
}

TEST_CASE("API tokens are shown once, stored hashed and can be revoked", "[app][people][auth]") {
  World w;
  auto made = w.people.CreateApiToken(As(w.manager_a), w.manager_a.id, "báo cáo");
  REQUIRE(made.ok());
  CHECK(w.people.CreateApiToken(As(w.manager_a), w.manager_b.id, "x").status().code() ==
        StatusCode::kPermissionDenied);
  auto who = w.people.AuthenticateBearer(made->secret);
  REQUIRE(who.ok());
  CHECK(who->username == "manager.a");
  {
    auto conn = w.db->Acquire();
    auto st = conn->Prepare("SELECT count(*) FROM api_tokens WHERE token_hash = ? OR name = ?");
    st->Bind(1, made->secret).Bind(2, made->secret);
    REQUIRE(*st->Step());
    CHECK(st->ColumnInt(0) == 0);
    auto audit = conn->Prepare("SELECT count(*) FROM audit_log WHERE details LIKE '%' || ? || '%'");
    audit->Bind(1, made->secret);
    REQUIRE(*audit->Step());
    CHECK(audit->ColumnInt(0) == 0);
  }
  REQUIRE(w.people.RevokeApiToken(As(w.manager_a), made->token.id).ok());
  CHECK(w.people.AuthenticateBearer(made->secret).status().code() == StatusCode::kUnauthenticated);
  CHECK(w.people.AuthenticateBearer("lophoc_guess").status().code() ==
        StatusCode::kUnauthenticated);
}

TEST_CASE("every change writes one audit row, the first admin needs an explicit step",
          "[app][people]") {
  World w;
  const int64_t before = w.Count("audit_log");
  REQUIRE(w.people.UpdateSite(As(w.manager_a), "SA1", {std::string("Mới"), {}, {}, {}}).ok());
  CHECK(w.Count("audit_log") == before + 1);
  auto page = w.people.ListAudit(As(w.admin), 1, 0);
  REQUIRE(page.ok());
  CHECK(page->items.at(0).action == "site.update");
  CHECK(page->items.at(0).actor == "manager.a");
  CHECK(w.people.ListAudit(As(w.manager_a), 10, 0).status().code() ==
        StatusCode::kPermissionDenied);

  UserInput root{"root", "Quản trị", std::nullopt, {}, "", "", "", true};
  CHECK(w.people.CreateFirstAdmin(root, kPassword, false).status().code() == StatusCode::kConflict);
  CHECK(w.people.CreateFirstAdmin(root, kPassword, true).ok());
  CHECK(w.people.SetUserActive(As(w.admin), w.admin.id, false).status().code() ==
        StatusCode::kPermissionDenied);
}

}  // namespace lophoc::app
