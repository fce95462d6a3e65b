#include "people/people.h"

#include <map>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "tests/support/check_split.h"

namespace lophoc::people {

TEST_CASE("role, level and site type names round-trip", "[courses][people]") {
  for (Role r : {Role::kLearner, Role::kTrainer, Role::kManager, Role::kAdmin}) {
    CHECK(ParseRole(RoleName(r)) == r);
  }
  for (OrgLevel l : {OrgLevel::kNation, OrgLevel::kProvince, OrgLevel::kDistrict,
                     OrgLevel::kCommune}) {
    CHECK(ParseOrgLevel(OrgLevelName(l)) == l);
  }
  for (int i = 0; i <= static_cast<int>(SiteType::kArmedForcesLibrary); ++i) {
    const auto t = static_cast<SiteType>(i);
    CHECK(ParseSiteType(SiteTypeName(t)) == t);
  }
  CHECK_FALSE(ParseRole("Admin"));
  CHECK_FALSE(ParseSiteType("library"));
}

TEST_CASE("ParseRoles sorts, drops duplicates and names a bad role", "[courses][people]") {
  auto r = ParseRoles(" manager;learner ;manager;");
  REQUIRE(r.ok());
  CHECK(JoinRoles(*r) == "learner;manager");
  CHECK(ParseRoles("")->empty());
  auto bad = ParseRoles("learner;boss");
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.status().message().find("'boss'") != std::string::npos);
}

TEST_CASE("codes, usernames and names are validated", "[courses][people]") {
  auto [text, code_ok, username_ok, name_ok] =
      GENERATE(table<std::string, bool, bool, bool>({
          {"LS", true, false, true},
          {"LS-01_a", true, true, true},
          {"a", true, false, true},
          {std::string(32, 'x'), true, true, true},
          {std::string(33, 'x'), false, true, true},
          {"nguyen.van.a", false, true, true},
          {".hidden", false, false, true},
          {"0912345678", true, true, true},
          {"+84912345678", false, true, true},
          {"Thư viện tỉnh Lạng Sơn", false, false, true},
          {"<script>alert(1)</script>", false, false, true},
          {"a b", false, false, true},
          {"", false, false, false},
          {"   ", false, false, false},
          {"tab\there", false, false, false},
          {"c1\xC2\x85x", false, false, false},
          {"bad\xFFutf8", false, false, false},
          {std::string(201, 'n'), false, false, false},
      }));
  CAPTURE(text);
  CHECK(ValidateCode("code", text).ok() == code_ok);
  CHECK(ValidateUsername(text).ok() == username_ok);
  CHECK(ValidateName("name", text).ok() == name_ok);
}

TEST_CASE("Vietnamese phone numbers", "[courses][people]") {
  testing::CheckSplit(IsVietnamesePhoneNumber, {"0912345678", "+84912345678", "02053123456"},
                      {"912345678", "0012345678", "09123456", "+8491234567a"});
}

TEST_CASE("password policy: length, common passwords, username", "[courses][people]") {
  auto [password, ok, says] = GENERATE(table<std::string, bool, std::string>({
      {"short", false, "at least 10 characters"},
      {"iloveyou", false, "at least 10 characters"},
      {"123456789a", false, "most common"},
      {"MatKhau123", false, "most common"},
      {"iloveyou123", false, "most common"},
      {"thuthu.ls01", false, "the username"},
      {"Thư viện xanh 2026", true, ""},
      {"mười ký tự!", true, ""},
      {std::string(256, 'q'), true, ""},
      {std::string(257, 'q'), false, "longer than 256"},
      {"abc\xFF" "defghijkl", false, "UTF-8"},
  }));
  CAPTURE(password);
  Status s = CheckPasswordPolicy(password, "ThuThu.LS01");
  CHECK(s.ok() == ok);
  if (!ok) CHECK(s.message().find(says) != std::string::npos);
}

TEST_CASE("a refused field says why as data: reason, field and parameters", "[people]") {
  struct Case {
    const char* what;
    Status s;
    const char* reason;
    const char* field;
    std::map<std::string, std::string> params;
  };
  const std::vector<Case> cases = {
      {"bad code", ValidateCode("parent", "a b"), "code_invalid", "parent", {{"value", "a b"}}},
      {"bad username", ValidateUsername("x"), "username_invalid", "username", {}},
      {"empty name", ValidateName("display_name", "  "), "text_empty", "display_name", {}},
      {"long name", ValidateName("name", std::string(201, 'x')), "text_too_long", "name",
       {{"limit", "200"}}},
      {"not UTF-8", ValidateName("label", "\xff"), "text_not_utf8", "label", {}},
      {"control", ValidateName("name", "a\x07"), "text_control_character", "name", {}},
      {"phone", ValidatePhone("12345"), "phone_invalid", "phone", {{"value", "12345"}}},
      {"short password", CheckPasswordPolicy("ngắn", "lan"), "password_short", "password",
       {{"limit", "10"}}},
      {"long password", CheckPasswordPolicy(std::string(257, 'x'), "lan"), "password_long",
       "password", {{"limit", "256"}}},
      {"username as password", CheckPasswordPolicy("Lan.Nguyen.1", "lan.nguyen.1"),
       "password_is_username", "password", {}},
      {"common password", CheckPasswordPolicy("matkhau123", "lan"), "password_common", "password",
       {}},
      {"unknown role", ParseRoles("learner;boss").status(), "role_unknown", "roles",
       {{"value", "boss"}}},
  };
  for (const Case& c : cases) {
    CAPTURE(c.what, c.s.ToString());
    CHECK(c.s.code() == StatusCode::kInvalidArgument);
    CHECK(c.s.reason() == c.reason);
    CHECK(c.s.field() == c.field);
    CHECK(c.s.params() == c.params);
  }
  CHECK(ValidatePhone("0912345678").ok());
}

TEST_CASE("scopes: admin everything, manager and trainer their subtree", "[courses][people]") {
  Actor admin = Actor::CommandLine();
  Actor manager;
  manager.user_id = 2;
  manager.roles = {Role::kManager};
  manager.org_path = "/1/7/";
  Actor trainer = manager;
  trainer.roles = {Role::kTrainer};
  Actor learner = manager;
  learner.roles = {Role::kLearner};
  Actor unattached;
  unattached.roles = {Role::kManager};

  auto [path, admin_sees, manager_sees] = GENERATE(table<std::string, bool, bool>({
      {"/1/7/", true, true},
      {"/1/7/42/", true, true},
      {"/1/", true, false},
      {"/1/70/", true, false},  // a prefix of digits is not a parent
      {"/2/7/", true, false},
      {"", true, false},        // no unit: a citizen
  }));
  CAPTURE(path);
  CHECK(ReadScope(admin).Contains(path) == admin_sees);
  CHECK(WriteScope(admin).Contains(path) == admin_sees);
  CHECK(ReadScope(manager).Contains(path) == manager_sees);
  CHECK(WriteScope(manager).Contains(path) == manager_sees);
  CHECK(ReadScope(trainer).Contains(path) == manager_sees);
  CHECK_FALSE(WriteScope(trainer).Contains(path));
  CHECK_FALSE(ReadScope(learner).Contains(path));
  CHECK_FALSE(ReadScope(unattached).Contains(path));
}

TEST_CASE("only admins grant admin, learners and trainers grant nothing", "[courses][people]") {
  Actor manager;
  manager.roles = {Role::kManager};
  manager.org_path = "/1/";
  Actor trainer = manager;
  trainer.roles = {Role::kTrainer};
  CHECK(MayGrant(Actor::CommandLine(), Role::kAdmin));
  CHECK(MayGrant(manager, Role::kManager));
  CHECK(MayGrant(manager, Role::kLearner));
  CHECK_FALSE(MayGrant(manager, Role::kAdmin));
  CHECK_FALSE(MayGrant(trainer, Role::kLearner));
}

}  // namespace lophoc::people
