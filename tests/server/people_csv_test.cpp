#include "server/app/people_csv.h"

#include <algorithm>

#include <catch2/catch.hpp>

#include "server/storage/database.h"
#include "tests/support/test_world.h"

namespace lophoc::app {
namespace {

using people::Role;
using people::User;

// Provinces A (with district A1) and B, a site in each, an admin, a manager
// of A and a learner in A1. `seed` false: an empty database.
struct World : testing::PeopleWorld {
  PeopleCsv csv{&people};
  User admin, manager_a, learner_a1;

  explicit World(bool seed = true) {
    if (!seed) return;
    StandardTree();
    admin = AddAccount({"admin", {Role::kAdmin}});
    manager_a = AddAccount({"manager.a", {Role::kManager}, "A"});
    learner_a1 = AddAccount({"learner.a1", {Role::kLearner}, "A1"});
  }
  User Add(const std::string& name, Role role, const std::string& org) {
    return AddAccount({name, {role}, org});
  }
  // Rows in every table an import may write to.
  std::vector<int64_t> Counts() {
    std::vector<int64_t> out;
    for (const char* t : {"org_units", "sites", "users", "user_roles", "audit_log"}) {
      out.push_back(Count(t));
    }
    return out;
  }
  CsvImportReport MustImport(const std::string& text, const Actor& a, bool dry_run = false) {
    auto r = csv.Import(a, text, dry_run);
    INFO(r.status().ToString());
    REQUIRE(r.ok());
    return std::move(*r);
  }
};

std::vector<size_t> ErrorLines(const CsvImportReport& r) {
  std::vector<size_t> out;
  for (const auto& e : r.errors) out.push_back(e.line);
  return out;
}

std::string Errors(const CsvImportReport& r) {
  std::string out;
  for (const auto& e : r.errors) out += std::to_string(e.line) + " [" + e.column + "] " + e.why.message() + "\n";
  return out;
}

const char* kUnits =
    "code,name,level,parent\n"
    "X1,Xã Một,commune,H1\n"  // listed before its parent
    "H1,Huyện Một,district,T1\n"
    "T1,Tỉnh Một,province,\n"
    "H2,Huyện Hai,district,A\n";
const char* kSites =
    "code,name,type,org,kiosk\n"
    "S1,Điểm BĐVHX Một,post_office_cultural_point,A1,có\n"
    "S2,\"Thư viện, Huyện A1\",district_library,A1,0\n"
    "S3,Trường Tiểu học,school_library,A,\n";
const char* kUsers =
    "username,display_name,roles,org,site,staff_category,active,phone,password\n"
    "thu.thu,Nguyễn Thị Thu,learner;trainer,,SA1,district_librarian,1,0912345678,\n"
    "0987654321,Trần Văn Bình,,A,,,false,,Một câu mật khẩu dài\n"
    "le.hoa,Lê Hoa,,A1,,,,,\n";

}  // namespace

TEST_CASE("org units import with parents from the file in any order", "[people_csv]") {
  World w;
  auto r = w.MustImport(kUnits, w.cli);
  INFO(Errors(r));
  CHECK(r.kind == CsvKind::kOrgUnits);
  CHECK(r.rows == 4);
  CHECK(r.errors.empty());
  CHECK(r.created == 4);
  auto t1 = w.store.FindOrgUnit("T1"), h1 = w.store.FindOrgUnit("H1"), x1 = w.store.FindOrgUnit("X1");
  REQUIRE((t1.ok() && h1.ok() && x1.ok()));
  CHECK(x1->name == "Xã Một");
  CHECK(x1->level == people::OrgLevel::kCommune);
  CHECK(h1->path.rfind(t1->path, 0) == 0);
  CHECK(x1->path.rfind(h1->path, 0) == 0);
  CHECK(w.store.FindOrgUnit("H2")->parent_code == "A");
}

TEST_CASE("sites import with kiosk flags", "[people_csv]") {
  World w;
  auto r = w.MustImport(kSites, w.cli);
  INFO(Errors(r));
  CHECK(r.kind == CsvKind::kSites);
  CHECK(r.created == 3);
  auto s1 = w.store.FindSite("S1"), s2 = w.store.FindSite("S2"), s3 = w.store.FindSite("S3");
  REQUIRE((s1.ok() && s2.ok() && s3.ok()));
  CHECK(s1->kiosk);
  CHECK_FALSE(s2->kiosk);
  CHECK_FALSE(s3->kiosk);
  CHECK(s2->name == "Thư viện, Huyện A1");
  CHECK(s1->type == people::SiteType::kPostOfficeCulturalPoint);
  CHECK(s3->org_code == "A");
}

TEST_CASE("users import, one-time passwords are returned once and work", "[people_csv]") {
  World w;
  auto r = w.MustImport(kUsers, w.cli);
  INFO(Errors(r));
  CHECK(r.kind == CsvKind::kUsers);
  CHECK(r.created == 3);
  REQUIRE(r.one_time_passwords.size() == 2);
  CHECK(r.one_time_passwords[0].username == "thu.thu");
  CHECK(r.one_time_passwords[1].username == "le.hoa");
  auto thu = w.store.FindUserByUsername("thu.thu");
  REQUIRE(thu.ok());
  CHECK(thu->user.display_name == "Nguyễn Thị Thu");
  CHECK(thu->user.roles == std::vector<Role>{Role::kLearner, Role::kTrainer});
  CHECK(thu->user.site_code == "SA1");
  CHECK(thu->user.org_code == "A1");  // placed in the site's unit
  CHECK(thu->user.staff_category == "district_librarian");
  CHECK(thu->user.phone == std::optional<std::string>("+84912345678"));
  CHECK(thu->user.must_change_password);
  CHECK(thu->password_hash.rfind("$argon2id$", 0) == 0);
  CHECK(thu->password_hash.find(r.one_time_passwords[0].password) == std::string::npos);
  for (const auto& otp : r.one_time_passwords) {
    CAPTURE(otp.username);
    CHECK(otp.password.size() >= 16);
    CHECK(otp.password[0] != '-');  // a spreadsheet would take it for a formula
    auto login = w.people.Login(otp.username, otp.password, "10.0.0.1", "");
    CHECK(login.status.ok());
    CHECK(login.session.user.must_change_password);
  }
  auto binh = w.store.FindUserByUsername("+84987654321");  // a number: stored as +84...
  REQUIRE(binh.ok());
  CHECK_FALSE(binh->user.active);
  CHECK_FALSE(binh->user.must_change_password);
  CHECK(binh->user.roles == std::vector<Role>{Role::kLearner});
  CHECK(VerifyPassword(binh->password_hash, "Một câu mật khẩu dài"));
  CHECK(w.store.FindUserByUsername("le.hoa")->user.active);
}

TEST_CASE("an import writes one audit row per object, all in one batch", "[people_csv]") {
  World w;
  const auto before = w.Counts();
  w.MustImport(kUsers, w.cli);
  const auto after = w.Counts();
  CHECK(after[2] == before[2] + 3);  // users
  CHECK(after[4] == before[4] + 3);  // audit_log
  auto audit = w.people.ListAudit(Actor::ForUser(w.admin), 3, 0);
  REQUIRE(audit.ok());
  for (const auto& e : audit->items) {
    CHECK(e.action == "user.import");
    CHECK(e.actor == "cli");
    CHECK(e.details_json.find("\"csv\"") != std::string::npos);
  }
}

TEST_CASE("a dry run checks everything and writes nothing", "[people_csv]") {
  World w;
  auto [text, rows] = GENERATE(table<std::string, size_t>({{kUnits, 4}, {kSites, 3}, {kUsers, 3}}));
  CAPTURE(text);
  const auto before = w.Counts();
  std::vector<std::pair<size_t, size_t>> calls;
  auto r = w.csv.Import(w.cli, text, true, [&](size_t done, size_t total) {
    calls.emplace_back(done, total);
  });
  REQUIRE(r.ok());
  CHECK(r->errors.empty());
  CHECK(r->rows == rows);
  CHECK(r->created == 0);
  CHECK(r->one_time_passwords.empty());
  CHECK(w.Counts() == before);
  REQUIRE_FALSE(calls.empty());
  CHECK(calls.back() == std::make_pair(rows, rows));  // a dry run hashes nothing
}

TEST_CASE("three bad rows among good ones: exactly those lines, nothing written", "[people_csv]") {
  World w;
  const std::string text =
      "username,display_name,org\n"
      "good.one,Một,A1\n"
      "x,Quá ngắn,A1\n"  // line 3: username too short
      "good.two,Hai,A1\n"
      "bad.org,Ba,NOPE\n"  // line 5: unknown org
      "good.three,Bốn,A1\n"
      "good.four,,A1\n";  // line 7: empty display name
  const auto before = w.Counts();
  auto r = w.MustImport(text, w.cli);
  INFO(Errors(r));
  CHECK(ErrorLines(r) == std::vector<size_t>{3, 5, 7});
  CHECK(r.errors[0].column == "username");
  CHECK(r.errors[1].column == "org");
  CHECK(r.errors[2].column == "display_name");
  CHECK(r.created == 0);
  CHECK(r.one_time_passwords.empty());
  CHECK(w.Counts() == before);
}

TEST_CASE("bad rows: each gets its line, column, reason and a clear message", "[people_csv]") {
  World w;
  auto [name, text, line, column, message, reason] =
      GENERATE(table<std::string, std::string, size_t, std::string, std::string, std::string>({
          {"duplicate username, case ignored", "username,display_name\nabc,A\nABC,B\n", 3,
           "username", "username 'ABC' already appears on line 2", "csv_duplicate"},
          {"existing username", "username,display_name\nLEARNER.A1,A\n", 2, "username",
           "username 'LEARNER.A1' already exists", "username_taken"},
          {"duplicate unit code", "code,name,level\nN1,A,province\nn1,B,province\n", 3, "code",
           "code 'n1' already appears on line 2", "csv_duplicate"},
          {"existing unit code", "code,name,level,parent\na1,X,district,A\n", 2, "code",
           "code 'a1' already exists", "code_taken"},
          {"existing site code", "code,name,type,org\nsb,X,school_library,B\n", 2, "code",
           "code 'sb' already exists", "code_taken"},
          {"unknown site of a user", "username,display_name,site\nabc,A,NOPE\n", 2, "site",
           "site 'NOPE' not found: a file of users can only refer to what is already in the database", "csv_not_in_db"},
          {"unknown org of a site", "code,name,type,org\nS9,X,school_library,NOPE\n", 2, "org",
           "org 'NOPE' not found: a file of sites can only refer to what is already", "csv_not_in_db"},
          {"unknown parent", "code,name,level,parent\nN1,X,district,NOPE\n", 2, "parent",
           "parent 'NOPE' not found in the database nor in this file", "csv_parent_missing"},
          {"bad level", "code,name,level\nN1,X,city\n", 2, "level", "level must be", "level_invalid"},
          {"bad type", "code,name,type,org\nS9,X,museum,A\n", 2, "type", "type must be", "type_invalid"},
          {"bad kiosk", "code,name,type,org,kiosk\nS9,X,school_library,A,maybe\n", 2, "kiosk",
           "kiosk must be 1 or 0", "csv_bad_flag"},
          {"bad active", "username,display_name,active\nabc,A,sometimes\n", 2, "active",
           "active must be 1 or 0", "csv_bad_flag"},
          {"bad role", "username,display_name,roles\nabc,A,learner;boss\n", 2, "roles",
           "roles: unknown role 'boss'", "role_unknown"},
          {"bad phone", "username,display_name,phone,org\nabc,A,12345,A\n", 2, "phone",
           "phone must be a Vietnamese phone number", "phone_invalid"},
          {"common password", "username,display_name,password,org\nabc,A,123456789a,A\n", 2,
           "password", "password is one of the most common", "password_common"},
          {"name over 200 bytes", "code,name,level\nN1," + std::string(201, 'x') + ",province\n", 2,
           "name", "name is longer than 200 bytes", "text_too_long"},
          {"control character", "username,display_name\nabc,\"A\tB\"\n", 2, "display_name",
           "display_name contains a control character", "text_control_character"},
          {"bad code", "code,name,level\nN 1,X,province\n", 2, "code", "code must be 1-32", "code_invalid"},
          {"site without org", "code,name,type,org\nS9,X,school_library,\n", 2, "org",
           "org is empty", "csv_site_org_empty"},
      }));
  CAPTURE(name);
  auto r = w.MustImport(text, w.cli);
  INFO(Errors(r));
  REQUIRE(r.errors.size() == 1);
  CHECK(r.errors[0].line == line);
  CHECK(r.errors[0].column == column);
  CHECK_THAT(r.errors[0].why.message(), Catch::StartsWith(message));
  CHECK(r.errors[0].why.reason() == reason);
  CHECK(r.errors[0].why.params().at("line") == std::to_string(line));
  if (!column.empty()) CHECK(r.errors[0].why.params().at("column") == column);
  CHECK(r.created == 0);
}

TEST_CASE("cycles among the org units of a file: every unit on one is reported",
          "[people_csv]") {
  World w;
  auto [text, lines] = GENERATE(table<std::string, std::vector<size_t>>({
      {"code,name,level,parent\nCA,A,province,CB\nCB,B,province,CA\nOK,C,province,\n", {2, 3}},
      {"code,name,level,parent\nC1,A,district,C3\nOK,B,province,\nC2,B,district,C1\n"
       "C3,C,district,C2\nBELOW,D,commune,C2\n",
       {2, 4, 5}},
      {"code,name,level,parent\nSELF,A,province,self\n", {2}},
  }));
  const auto before = w.Counts();
  auto r = w.MustImport(text, w.cli);
  INFO(Errors(r));
  CHECK(ErrorLines(r) == lines);
  for (const auto& e : r.errors) {
    CHECK(e.column == "parent");
    CHECK_THAT(e.why.message(), Catch::Contains("is on a cycle of parents"));
  }
  CHECK(w.Counts() == before);
  CHECK_THAT(w.MustImport("code,name,level,parent\nCA,A,province,CB\nCB,B,province,CA\n", w.cli)
                 .errors[0]
                 .why.message(),
             Catch::EndsWith("CA (line 2) → CB (line 3) → CA"));
}

TEST_CASE("a file that cannot be read is refused as a whole", "[people_csv]") {
  World w;
  auto [name, text, code, message, reason] =
      GENERATE(table<std::string, std::string, StatusCode, std::string, std::string>({
          {"unknown column", "username,display_name,email\n", StatusCode::kInvalidArgument,
           "line 1: unknown column 'email' in a file of users", "csv_column_unknown"},
          {"missing column", "code,name,type\n", StatusCode::kInvalidArgument,
           "line 1: missing column 'org' (a file of sites needs code,name,type,org)", "csv_column_missing"},
          {"missing name", "code,level\n", StatusCode::kInvalidArgument,
           "line 1: missing column 'name'", "csv_column_missing"},
          {"unknown kind", "name,email\n", StatusCode::kInvalidArgument,
           "line 1: cannot tell what the file holds", "csv_kind_unknown"},
          {"duplicate column", "username,display_name,USERNAME\n", StatusCode::kInvalidArgument,
           "line 1: column 'username' appears twice", "csv_column_twice"},
          {"empty column name", "username,display_name,\nabc,A,\n", StatusCode::kInvalidArgument,
           "line 1: column 3 has no name", "csv_column_unnamed"},
          {"invalid UTF-8", "username,display_name\nabc,Nguy\xEAn\n", StatusCode::kInvalidArgument,
           "line 2: not valid UTF-8", "csv_not_utf8"},
          {"wrong number of fields", "username,display_name\nabc\n", StatusCode::kInvalidArgument,
           "line 2: 1 fields, but the header has 2", "csv_field_count"},
          {"over-long field", "username,display_name\nabc," + std::string(1001, 'x') + "\n",
           StatusCode::kTooLarge, "line 2: a field is longer than 1000 bytes", "csv_field_too_long"},
          {"empty file", "", StatusCode::kInvalidArgument, "line 1: the file is empty", "csv_empty"},
      }));
  CAPTURE(name);
  const auto before = w.Counts();
  auto r = w.csv.Import(w.cli, text, false);
  REQUIRE_FALSE(r.ok());
  CHECK(r.status().code() == code);
  CHECK_THAT(r.status().message(), Catch::StartsWith(message));
  CHECK(r.status().reason() == reason);
  // The line the message starts with, as data.
  CHECK(message.rfind("line " + r.status().params().at("line") + ":", 0) == 0);
  CHECK(w.Counts() == before);
}

TEST_CASE("column names: any order, any case, spaces ignored", "[people_csv]") {
  World w;
  auto r = w.MustImport(" ORG , Display_Name ,UserName\nA1,Một,mot.nguoi\n", w.cli);
  INFO(Errors(r));
  CHECK(r.created == 1);
  CHECK(w.store.FindUserByUsername("mot.nguoi")->user.org_code == "A1");
}

TEST_CASE("HTML in names is text: imported verbatim", "[people_csv]") {
  World w;
  auto r = w.MustImport(
      "username,display_name,org\nhtml.user,\"<script>alert(\"\"x\"\")</script>\",A1\n", w.cli);
  INFO(Errors(r));
  CHECK(r.created == 1);
  CHECK(w.store.FindUserByUsername("html.user")->user.display_name ==
        "<script>alert(\"x\")</script>");
}

TEST_CASE("a manager imports within their subtree only", "[people_csv][scope]") {
  World w;
  const Actor m = Actor::ForUser(w.manager_a);
  // Outside the subtree reads exactly like "does not exist".
  auto outside = w.MustImport("username,display_name,org\nu.one,A,B\nu.two,B,ZZ\n", m);
  REQUIRE(outside.errors.size() == 2);
  CHECK(outside.errors[0].why.message() == "org 'B' not found: a file of users can only refer to what "
                                     "is already in the database (import that first, from its "
                                     "own file)");
  std::string for_zz = outside.errors[0].why.message();
  CHECK(outside.errors[1].why.message() == for_zz.replace(5, 1, "ZZ"));
  auto site = w.MustImport("username,display_name,site\nu.one,A,SB\n", m);
  REQUIRE(site.errors.size() == 1);
  CHECK_THAT(site.errors[0].why.message(), Catch::StartsWith("site 'SB' not found"));
  auto unit = w.MustImport("code,name,level,parent\nN1,X,district,B\nN2,Y,province,\n", m);
  INFO(Errors(unit));
  REQUIRE(unit.errors.size() == 2);
  CHECK(unit.errors[0].why.message() == "parent 'B' not found in the database nor in this file");
  CHECK(unit.errors[1].why.message() == "only admins create top-level org units");
  auto admin = w.MustImport("username,display_name,roles,org\nnew.admin,A,admin,A1\n", m);
  REQUIRE(admin.errors.size() == 1);
  CHECK(admin.errors[0].column == "roles");
  CHECK(admin.errors[0].why.message() == "you may not grant the admin role");
  auto nowhere = w.MustImport("username,display_name\ncitizen,A\n", m);
  REQUIRE(nowhere.errors.size() == 1);
  CHECK_THAT(nowhere.errors[0].why.message(), Catch::StartsWith("only admins create accounts"));
  auto inside = w.MustImport(
      "code,name,level,parent\nX1,Xã,commune,H1\nH1,Huyện,district,A\n", m);
  INFO(Errors(inside));
  CHECK(inside.created == 2);
  CHECK(w.MustImport("username,display_name,roles,site\nnew.trainer,A,trainer,SA1\n", m).created == 1);
}

TEST_CASE("learners and trainers may not import at all", "[people_csv][scope]") {
  World w;
  User trainer = w.Add("trainer.a", Role::kTrainer, "A");
  for (const User& u : {w.learner_a1, trainer}) {
    CAPTURE(u.username);
    const auto before = w.Counts();
    auto r = w.csv.Import(Actor::ForUser(u), kUnits, true);
    REQUIRE_FALSE(r.ok());
    CHECK(r.status().code() == StatusCode::kPermissionDenied);
    CHECK(w.Counts() == before);
  }
}

TEST_CASE("a semicolon-separated file as Excel writes it in vi-VN", "[people_csv]") {
  World w;
  auto r = w.MustImport(
      "\xEF\xBB\xBF" "code;name;type;org;kiosk\r\n"
      "S7;Điểm Bưu điện - Văn hóa xã Tân Lập;post_office_cultural_point;A1;Có\r\n"
      "S8;\"Thư viện; trường\";school_library;A;KHÔNG\r\n"
      ";;;;\r\n",
      w.cli);
  INFO(Errors(r));
  CHECK(r.rows == 2);
  CHECK(r.created == 2);
  CHECK(w.store.FindSite("S7")->kiosk);
  CHECK_FALSE(w.store.FindSite("S8")->kiosk);
  CHECK(w.store.FindSite("S8")->name == "Thư viện; trường");
}

TEST_CASE("export then import into an empty database gives the same data", "[people_csv]") {
  World w;
  w.MustImport(kUnits, w.cli);
  w.MustImport(
      "code,name,type,org,kiosk\n"
      "S1,\"Thư viện \"\"Ánh Dương\"\", xã\",commune_library,X1,1\n"
      "S2,\"=HYPERLINK(\"\"x\"\")\",school_library,H2,0\n",
      w.cli);
  w.MustImport("username,display_name,roles,site,phone\nhoa,'-Hoa-,trainer,S1,+84912345678\n",
               w.cli);
  World fresh(false);
  for (CsvKind kind : {CsvKind::kOrgUnits, CsvKind::kSites, CsvKind::kUsers}) {
    CAPTURE(CsvKindName(kind));
    auto text = w.csv.Export(w.cli, kind, "");
    REQUIRE(text.ok());
    CHECK(text->rfind("\xEF\xBB\xBF", 0) == 0);
    auto r = fresh.MustImport(*text, fresh.cli);
    INFO(Errors(r));
    CHECK(r.kind == kind);
    CHECK(r.errors.empty());
    CHECK(fresh.csv.Export(fresh.cli, kind, "").value() == *text);
  }
  CHECK(fresh.store.FindSite("S2")->name == "=HYPERLINK(\"x\")");
  CHECK(fresh.store.FindUserByUsername("hoa")->user.display_name == "-Hoa-");
}

TEST_CASE("export: the actor's scope, formula cells guarded, never a password", "[people_csv]") {
  World w;
  w.MustImport("username,display_name,org\nformula,=1+1,A1\n", w.cli);
  auto users = w.csv.Export(w.cli, CsvKind::kUsers, "");
  REQUIRE(users.ok());
  CHECK_THAT(*users, Catch::StartsWith("\xEF\xBB\xBF"
                                       "username,display_name,roles,org,site,staff_category,"
                                       "active,phone\r\n"));
  CHECK_THAT(*users, Catch::Contains("\r\nformula,'=1+1,learner,A1,,,true,\r\n"));
  CHECK_THAT(*users, !Catch::Contains("argon2"));
  auto mine = w.csv.Export(Actor::ForUser(w.manager_a), CsvKind::kSites, "");
  REQUIRE(mine.ok());
  CHECK_THAT(*mine, Catch::Contains("SA1,"));
  CHECK_THAT(*mine, !Catch::Contains("SB,"));
  auto sub = w.csv.Export(w.cli, CsvKind::kOrgUnits, "A1");
  REQUIRE(sub.ok());
  CHECK(*sub == "\xEF\xBB\xBF" "code,name,level,parent\r\nA1,Huyện A1,district,A\r\n");
  CHECK(w.csv.Export(w.cli, CsvKind::kUsers, "NOPE").status().code() == StatusCode::kNotFound);
  CHECK(w.csv.Export(Actor::ForUser(w.learner_a1), CsvKind::kUsers, "").status().code() ==
        StatusCode::kPermissionDenied);
}

TEST_CASE("2000 accounts import in one go, with progress", "[people_csv]") {
  World w;
  std::string text = "username,display_name,site\n";
  for (int i = 0; i < 2000; ++i) {
    text += "hv" + std::to_string(i) + ",Học viên Nguyễn Văn " + std::to_string(i) + ",SA1\n";
  }
  size_t last_done = 0, calls = 0, total_seen = 0;
  bool monotonic = true;
  auto r = w.csv.Import(w.cli, text, false, [&](size_t done, size_t total) {
    monotonic = monotonic && done >= last_done && done <= total;
    last_done = done;
    total_seen = total;
    ++calls;
  });
  REQUIRE(r.ok());
  INFO(Errors(*r));
  CHECK(r->created == 2000);
  CHECK(r->one_time_passwords.size() == 2000);
  CHECK(monotonic);
  CHECK(total_seen == 4000);  // checked, then hashed
  CHECK(last_done == 4000);
  CHECK(calls >= 4000);
  CHECK(w.people.ListUsers(w.cli, "A1", 1, 0)->total == 2001);
  CHECK(w.people.Login("hv1999", r->one_time_passwords.back().password, "1.2.3.4", "").status.ok());
  auto exported = w.csv.Export(w.cli, CsvKind::kUsers, "");  // pages of 500
  REQUIRE(exported.ok());
  CHECK(std::count(exported->begin(), exported->end(), '\n') == 1 + 3 + 2000);
}

TEST_CASE("CSV kinds have stable names", "[people_csv]") {
  for (CsvKind k : {CsvKind::kOrgUnits, CsvKind::kSites, CsvKind::kUsers}) {
    CHECK(ParseCsvKind(CsvKindName(k)) == k);
  }
  CHECK(std::string(CsvKindName(CsvKind::kOrgUnits)) == "org_units");
  CHECK_FALSE(ParseCsvKind("org-units"));
  CHECK(PeopleCsv::DetectKind("Code;Name;Level\n").value() == CsvKind::kOrgUnits);
  CHECK(PeopleCsv::DetectKind("code,name,type,org\n").value() == CsvKind::kSites);
}

}  // namespace lophoc::app
