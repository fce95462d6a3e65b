// The audit log page (server/http/admin_audit_pages.cpp): sentences in the
// reader's language, every action the code writes has one, the raw row
// behind a toggle, and the filters by kind, actor and day with paging.
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>
#include <string>

#include "server/http/i18n.h"
#include "tests/support/test_browser.h"
#include "tests/support/test_world.h"

namespace lophoc::http {
namespace {

namespace fs = std::filesystem;
using people::Role;
using testing::Browser;
using testing::CheckShows;
using testing::Contains;
const fs::path kSource = LOPHOC_SOURCE_DIR;

struct World : testing::TestWorld {
  World() {
    StandardTree();
    AddAccount({"quan.tri", {Role::kAdmin}, "", "", "", "Nguyễn Văn A"});
    AddAccount({"hoc.vien", {Role::kLearner}, "A1", "", "", "Trần Thị B"});
  }
  Browser Admin() { return SignedIn("quan.tri", "/account"); }
  // Moves the rows of `action` to the instant `at` (ISO 8601 UTC).
  void Redate(const std::string& action, const std::string& at) {
    auto conn = t.db().Acquire();
    REQUIRE(
        conn->Exec("UPDATE audit_log SET at = '" + at + "' WHERE action = '" + action + "'").ok());
  }
};

// Every action string the code writes into the audit log: the string
// literals "kind.verb" inside calls that build an audit row (Audit(...),
// WriteAudit, AuditOf, WriteSystemAudit, `action = ...`, the import batch's
// log(...), EditorSave(...) and ApplyUserFields(...), which carry it on).
std::set<std::string> ActionsInTheCode() {
  const std::regex start(R"(Audit\w*\(|\baction\s*=|\blog\(|EditorSave\(|ApplyUserFields\()");
  const std::regex literal(R"re("([a-z_]+\.[a-z_]+)")re");
  std::set<std::string> found;
  for (const char* dir : {"server", "people", "courses", "training", "assessments", "kernel"}) {
    for (const auto& f : fs::recursive_directory_iterator(kSource / dir)) {
      const std::string ext = f.path().extension().string();
      if (ext != ".cpp" && ext != ".h") continue;
      std::ifstream in(f.path());
      std::stringstream text;
      text << in.rdbuf();
      const std::string s = text.str();
      for (std::sregex_iterator m(s.begin(), s.end(), start), end; m != end; ++m) {
        const size_t from = static_cast<size_t>(m->position() + m->length());
        const std::string span = s.substr(from, s.find(';', from) - from);
        for (std::sregex_iterator l(span.begin(), span.end(), literal); l != end; ++l) {
          found.insert((*l)[1]);
        }
      }
    }
  }
  return found;
}

TEST_CASE("every audit action the code writes has a sentence and a kind in vi and en",
          "[admin_audit][i18n]") {
  auto loaded = Catalogues::Load(kSource / "static/i18n");
  REQUIRE(loaded.ok());
  const std::set<std::string> actions = ActionsInTheCode();
  // The scan itself works: it finds the actions named in the issue and many more.
  CHECK(actions.count("user.register") == 1);
  CHECK(actions.count("people.import") == 1);
  CHECK(actions.count("user.disable") == 1);
  CHECK(actions.size() >= 40);
  for (const std::string& action : actions) {
    CAPTURE(action);
    for (const char* lang : {"vi", "en"}) {
      CAPTURE(lang);
      const auto& catalogue = (*loaded)->For(lang);
      CHECK(catalogue.contains("audit_say." + action));
      CHECK(catalogue.contains("audit_kind." + action.substr(0, action.find('.'))));
    }
  }
}

TEST_CASE("the audit log speaks in sentences, the actor by name, the raw row behind a toggle",
          "[admin_audit]") {
  World w;
  Browser b = w.Admin();
  REQUIRE(b.Post("/admin/users", {{"username", "canbo"},
                                  {"display_name", "Cán bộ"},
                                  {"roles", "learner"},
                                  {"org", "A"},
                                  {"password", testing::kPassword}})
              .status == 303);
  w.Must(w.t.people().CreateOrgUnit(w.cli, {"Z", "<script>x</script>", "province", ""}));
  w.Redate("org_unit.create", "2026-03-09T18:30:00Z");
  HttpResponse vi = testing::Page(b, "/admin/audit");
  CheckShows(
      vi.body,
      {"Quản trị viên Nguyễn Văn A đã tạo tài khoản canbo", "Hệ thống (dòng lệnh) đã tạo đơn vị Z",
       "<time datetime=\"2026-03-09T18:30:00Z\">"
       "10/03/2026 01:30</time>",
       "<summary>Dữ liệu gốc</summary>", "<code>user.create</code>", "<code>cli</code>",
       "&lt;script&gt;x&lt;/script&gt;"},
      {"<script>x"});
  HttpResponse en = testing::Page(b, "/admin/audit?lang=en");
  CheckShows(en.body,
             {"Administrator Nguyễn Văn A created account canbo",
              "The system (command line) created unit Z", "<summary>Raw record</summary>"});
}

TEST_CASE("the audit log filters by kind, actor and day and keeps the filters when paging",
          "[admin_audit]") {
  World w;
  for (const char* code : {"X1", "X2", "X3"}) {
    w.Must(w.t.people().CreateOrgUnit(w.cli, {code, code, "province", ""}));
  }
  Browser b = w.Admin();
  REQUIRE(b.Post("/admin/users", {{"username", "canbo"},
                                  {"display_name", "Cán bộ"},
                                  {"roles", "learner"},
                                  {"org", "A"},
                                  {"password", testing::kPassword}})
              .status == 303);
  // By kind: accounts only.
  CheckShows(testing::Page(b, "/admin/audit?action=user").body,
             {"đã tạo tài khoản canbo", "<option value=\"user\" selected>"}, {"đã tạo đơn vị X1"});
  // By exact action, and by actor (the command line).
  CheckShows(testing::Page(b, "/admin/audit?action=org_unit.create&actor=cli").body,
             {"đã tạo đơn vị X1", "đã tạo đơn vị X3"}, {"canbo"});
  CheckShows(testing::Page(b, "/admin/audit?actor=QUAN.TRI").body, {"canbo"}, {"X1"});
  // By day, in Vietnam's calendar: 16:59 and 17:00 UTC fall on two local days.
  w.Redate("org_unit.create", "2026-03-09T16:59:00Z");
  w.Redate("user.create", "2026-03-09T17:00:00Z");
  CheckShows(testing::Page(b, "/admin/audit?day=09/03/2026").body, {"X1"}, {"canbo"});
  CheckShows(testing::Page(b, "/admin/audit?day=2026-03-10").body, {"canbo"}, {"X1"});
  CheckShows(testing::Page(b, "/admin/audit?day=11/03/2026").body,
             {"Không có thay đổi nào khớp với bộ lọc."});
  testing::CheckAnswer(b.Get("/admin/audit?day=31/02/2026"), 400, {});
  // Paging keeps the filter: three units, one a page.
  HttpResponse first = testing::Page(b, "/admin/audit?action=org_unit&limit=1");
  CheckShows(first.body, {"X3", "href=\"/admin/audit?action=org_unit&amp;limit=1&amp;offset=1\""},
             {"X2"});
  HttpResponse second = testing::Page(b, "/admin/audit?action=org_unit&limit=1&offset=1");
  CheckShows(second.body, {"X2", "action=org_unit&amp;limit=1&amp;offset=0"}, {"X3"});
}

TEST_CASE("the audit page stays for admins: a manager is refused", "[admin_audit][scope]") {
  World w;
  w.AddAccount({"quan.ly", {Role::kManager}, "A", "", "", ""});
  Browser m = w.SignedIn("quan.ly", "/account");
  CHECK(m.Get("/admin/audit?action=user").status == 403);
}

}  // namespace
}  // namespace lophoc::http
