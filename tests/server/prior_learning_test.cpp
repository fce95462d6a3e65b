// Other people's retraining records (issue 12; docs/retraining.md "Prior
// learning", "Revocation", "Exemptions") over a real socket and a real
// SQLite database: a person's programmes for their manager, prior learning
// one by one and from CSV, revocation and exemptions, and the manager's
// pages. The fixture programme co-ban (commune_librarian, post_office_staff)
// asks for tin-hoc-co-ban and dang-ky-tai-khoan, valid 24 months from
// completion, no grace period. The site's clock stands on 18/11/2026 in
// Vietnam, the day the accounts are made.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "tests/support/test_world.h"

namespace lophoc::app {
namespace {

using nlohmann::json;
using people::Role;

struct World {
  testing::TestWorld w;
  World() {
    w.StandardTree();
    w.AddAllWithTokens({{"root.admin", {Role::kAdmin}},
                        {"manager.a", {Role::kManager}, "A"},
                        {"manager.b", {Role::kManager}, "B"},
                        {"trainer.a", {Role::kTrainer}, "A"},
                        {"tv.a1", {Role::kLearner}, "A1", "SA1", "commune_librarian"},
                        {"tv.b", {Role::kLearner}, "B", "SB", "commune_librarian"}});
    w.Start();
  }
  std::string Users(const std::string& who) { return "/api/v1/users/" + w.Id(who); }
  testing::ClientResponse Record(const std::string& as, const std::string& whom, const json& body) {
    return w.As(as, "POST", Users(whom) + "/certifications", body.dump());
  }
  json Programme(const std::string& as, const std::string& whom, const std::string& as_of) {
    auto r = w.As(as, "GET", Users(whom) + "/programmes?as_of=" + as_of);
    INFO(r.body);
    REQUIRE(r.status == 200);
    auto items = json::parse(r.body)["items"];
    REQUIRE(items.size() == 1);
    return items[0];
  }
  int64_t Scalar(const std::string& sql) {
    auto st = w.t.db().Acquire()->Prepare(sql);
    REQUIRE(st.ok());
    REQUIRE(*st->Step());
    return st->ColumnInt(0);
  }
  std::string Reason(const testing::ClientResponse& r) {
    INFO(r.body);
    return json::parse(r.body)["error"].value("reason", "");
  }
};

}  // namespace

TEST_CASE("a manager of another province sees and records nothing", "[prior-learning]") {
  World world;
  auto& w = world.w;
  REQUIRE(world
              .Record("trainer.a", "tv.a1",
                      {{"programme", "co-ban"}, {"date", "2026-11-01"}, {"evidence", "GCN 12"}})
              .status == 201);
  const std::string cert = std::to_string(world.Scalar("SELECT max(id) FROM certifications"));
  auto made = w.As("manager.a", "POST", "/api/v1/exemptions",
                   json({{"user_id", w.users.at("tv.a1").id},
                         {"reason", "Nghỉ thai sản"},
                         {"starts_on", "2027-01-01"},
                         {"ends_on", "2027-06-30"}})
                       .dump());
  REQUIRE(made.status == 201);
  const std::string exemption = std::to_string(json::parse(made.body)["id"].get<int64_t>());
  const int64_t rows = w.Count("certifications") + w.Count("completions") + w.Count("exemptions");

  const json prior = {{"course", "tin-hoc-co-ban"}, {"date", "2026-10-01"}};
  CHECK(w.As("manager.b", "GET", world.Users("tv.a1") + "/programmes").status == 404);
  CHECK(w.As("manager.b", "GET", world.Users("tv.a1") + "/certifications").status == 404);
  CHECK(world.Record("manager.b", "tv.a1", prior).status == 404);
  CHECK(
      w.As("manager.b", "POST", "/api/v1/certifications/" + cert + "/revoke", R"({"reason":"Sai"})")
          .status == 404);
  CHECK(w.As("manager.b", "POST", "/api/v1/exemptions",
             json({{"user_id", w.users.at("tv.a1").id},
                   {"reason", "x"},
                   {"starts_on", "2027-01-01"},
                   {"ends_on", "2027-01-02"}})
                 .dump())
            .status == 404);
  CHECK(w.As("manager.b", "POST", "/api/v1/exemptions/" + exemption + "/end", "{}").status == 404);
  auto listed = w.As("manager.b", "GET", "/api/v1/exemptions");
  CHECK(listed.status == 200);
  CHECK(json::parse(listed.body)["items"].empty());
  auto csv = w.As("manager.b", "POST", "/api/v1/certifications/import",
                  "username,course,date\ntv.a1,tin-hoc-co-ban,01/10/2026\n", "text/csv");
  CHECK(csv.status == 422);
  CHECK(json::parse(csv.body)["errors"][0]["reason"] == "user_not_found");
  // A learner sees their own programmes through the same address, nobody else's.
  CHECK(w.As("tv.a1", "GET", world.Users("tv.a1") + "/programmes").status == 200);
  CHECK(w.As("tv.a1", "GET", world.Users("tv.b") + "/programmes").status == 404);
  CHECK(w.As("tv.a1", "POST", world.Users("tv.a1") + "/certifications", prior.dump()).status ==
        403);
  CHECK(w.Count("certifications") + w.Count("completions") + w.Count("exemptions") == rows);

  // Trainers record but neither revoke nor exempt; managers do not revoke.
  CHECK(world.Record("trainer.a", "tv.a1", prior).status == 201);
  CHECK(world.Reason(w.As("trainer.a", "POST", "/api/v1/certifications/" + cert + "/revoke",
                          R"({"reason":"Sai"})")) == "revoke_admins_only");
  CHECK(world.Reason(w.As("manager.a", "POST", "/api/v1/certifications/" + cert + "/revoke",
                          R"({"reason":"Sai"})")) == "revoke_admins_only");
  CHECK(world.Reason(w.As("trainer.a", "GET", "/api/v1/exemptions")) == "exemptions_not_allowed");
  CHECK(w.As("root.admin", "POST", "/api/v1/certifications/" + cert + "/revoke",
             R"({"reason":"Giấy chứng nhận giả"})")
            .status == 200);

  // The manager of the person's province sees why the programme applies.
  auto mine = world.Programme("manager.a", "tv.a1", "2026-11-18");
  CHECK(mine["applies_because"]["staff_category"] == "commune_librarian");
  CHECK(mine["applies_because"]["text"] ==
        "Áp dụng từ ngày 18/11/2026 vì Người tv.a1 thuộc nhóm “Cán bộ thư viện xã, phường, đặc "
        "khu”.");
}

TEST_CASE("a recorded course completion keeps the online round and certifies as recorded",
          "[prior-learning]") {
  World world;
  auto& w = world.w;
  const int64_t me = w.users.at("tv.a1").id;
  const int64_t course = w.t.courses().GetCourse("tin-hoc-co-ban")->course->course_id;
  REQUIRE(world
              .Record("trainer.a", "tv.a1",
                      {{"course", "tin-hoc-co-ban"},
                       {"date", "14/03/2026"},
                       {"evidence", "Lớp tập huấn tại Thư viện tỉnh"}})
              .status == 201);
  // Its own round, after every round: the online round 1 stays open.
  CHECK(world.Scalar("SELECT round FROM completions WHERE source = 'recorded'") == 2);
  CHECK(*w.t.learning_store().CurrentRound(me, course) == 1);
  CHECK(!w.t.learning_store().CurrentCompletion(me, course)->has_value());
  CHECK(w.Count("certifications") == 0);

  auto second =
      world.Record("manager.a", "tv.a1", {{"course", "dang-ky-tai-khoan"}, {"date", "2026-03-20"}});
  INFO(second.body);
  REQUIRE(second.status == 201);
  auto history = json::parse(second.body)["items"];
  REQUIRE(history.size() == 1);
  auto cert = history[0]["certifications"][0];
  CHECK(cert["source"] == "recorded");
  CHECK(cert["completed_on"] == "2026-03-20");
  CHECK(cert["valid_until"] == "2028-03-20");
  CHECK(world.Scalar("SELECT count(*) FROM completions WHERE source = 'recorded' AND "
                     "recorded_by IS NOT NULL AND evidence IS NOT NULL") == 1);
  CHECK(world.Scalar("SELECT count(*) FROM audit_log WHERE action = 'completion.record'") == 2);

  auto today = world.Programme("manager.a", "tv.a1", "2026-11-18");
  CHECK(today["standing"] == "valid");
  CHECK(today["until"] == "2028-03-20");
  CHECK(today["current"]["explanation"] ==
        "Hiệu lực đến 20/03/2028 vì Người tv.a1 hoàn thành ngày 20/03/2026 và chương trình có "
        "hiệu lực 24 tháng.");

  // Finishing the online round and starting another skips the recorded round.
  courses::CompletionRecord done;
  done.user_id = me;
  done.course_id = course;
  done.revision_id = w.t.courses().GetCourse("tin-hoc-co-ban")->course->revision_id;
  done.completed_at = "2026-11-18T03:00:00Z";
  courses::CertificateRecord paper;
  paper.code = "CODE-TINH-0001";
  paper.holder_name = "Người tv.a1";
  paper.course_title = "Tin học cơ bản";
  REQUIRE(w.t.learning_store().RecordCompletion(done, paper).ok());
  CHECK(world.Scalar("SELECT round FROM completions WHERE source = 'learning'") == 1);
  auto next = w.t.learning_store().StartNextRound(me, course, "2026-11-18T04:00:00Z");
  REQUIRE(next.ok());
  CHECK(*next == 3);
}

TEST_CASE("bad prior learning is refused and nothing is stored", "[prior-learning]") {
  World world;
  auto& w = world.w;
  struct Case {
    json body;
    int status;
    const char* reason;
  };
  const std::vector<Case> cases = {
      {{{"course", "tin-hoc-co-ban"}, {"date", "19/11/2026"}}, 400, "prior_learning_future"},
      {{{"course", "khong-co"}, {"date", "2026-01-01"}}, 404, "prior_learning_course_unknown"},
      {{{"programme", "khong-co"}, {"date", "2026-01-01"}}, 404, "programme_not_found"},
      {{{"course", "tin-hoc-co-ban"}, {"programme", "co-ban"}, {"date", "2026-01-01"}},
       400,
       "prior_learning_what"},
      {{{"date", "2026-01-01"}}, 400, "prior_learning_what"},
      {{{"course", "tin-hoc-co-ban"}, {"date", "14/03/26"}}, 400, "date_ambiguous"},
      {{{"course", "tin-hoc-co-ban"}, {"date", "2026/03/14"}}, 400, "date_ambiguous"},
      {{{"course", "tin-hoc-co-ban"}, {"date", "03-14-2026"}}, 400, "date_ambiguous"},
      {{{"course", "tin-hoc-co-ban"}, {"date", "31/02/2026"}}, 400, "date_invalid"},
      {{{"course", "tin-hoc-co-ban"}, {"date", "hôm qua"}}, 400, "date_invalid"},
      {{{"course", "tin-hoc-co-ban"}, {"date", "2026-01-01"}, {"evidence", std::string(1001, 'x')}},
       400,
       "note_too_long"},
  };
  for (const auto& c : cases) {
    CAPTURE(c.body.dump());
    auto r = world.Record("trainer.a", "tv.a1", c.body);
    CHECK(r.status == c.status);
    CHECK(world.Reason(r) == c.reason);
  }
  CHECK(w.Count("completions") == 0);
  CHECK(w.Count("certifications") == 0);

  // The same course on the same day, in either spelling of the day: once.
  REQUIRE(world.Record("trainer.a", "tv.a1", {{"course", "tin-hoc-co-ban"}, {"date", "1/3/2026"}})
              .status == 201);
  auto twice =
      world.Record("trainer.a", "tv.a1", {{"course", "tin-hoc-co-ban"}, {"date", "2026-03-01"}});
  CHECK(twice.status == 409);
  CHECK(world.Reason(twice) == "prior_learning_duplicate");
  REQUIRE(world.Record("trainer.a", "tv.a1", {{"programme", "co-ban"}, {"date", "2026-03-02"}})
              .status == 201);
  CHECK(world.Reason(world.Record("trainer.a", "tv.a1",
                                  {{"programme", "co-ban"}, {"date", "02/03/2026"}})) ==
        "prior_learning_duplicate");
  CHECK(w.Count("completions") == 1);
  CHECK(w.Count("certifications") == 1);
}

TEST_CASE("a revocation changes the standing from its day, not before", "[prior-learning]") {
  World world;
  auto& w = world.w;
  REQUIRE(world
              .Record("root.admin", "tv.a1",
                      {{"programme", "co-ban"}, {"date", "18/11/2026"}, {"evidence", "GCN 7"}})
              .status == 201);
  const std::string id = std::to_string(world.Scalar("SELECT id FROM certifications"));
  const std::string revoke = "/api/v1/certifications/" + id + "/revoke";
  CHECK(world.Reason(w.As("root.admin", "POST", revoke, R"({"reason":"  "})")) ==
        "revoke_reason_missing");
  CHECK(world.Reason(w.As("root.admin", "POST", revoke, R"({"reason":"Sai","on":"2026-11-17"})")) ==
        "revoke_before_completion");
  CHECK(
      w.As("root.admin", "POST", "/api/v1/certifications/999/revoke", R"({"reason":"x"})").status ==
      404);
  auto r = w.As("root.admin", "POST", revoke,
                R"({"reason":"Giấy chứng nhận không hợp lệ","on":"10/01/2027"})");
  INFO(r.body);
  REQUIRE(r.status == 200);
  CHECK(json::parse(r.body)["revoked_on"] == "2027-01-10");
  auto again = w.As("root.admin", "POST", revoke, R"({"reason":"Lần nữa"})");
  CHECK(again.status == 409);
  CHECK(world.Reason(again) == "certification_revoked_already");
  CHECK(world.Scalar("SELECT count(*) FROM certifications") == 1);  // nothing deleted
  CHECK(world.Scalar("SELECT count(*) FROM audit_log WHERE action = 'certification.revoke'") == 1);

  auto before = world.Programme("manager.a", "tv.a1", "2027-01-09");
  CHECK(before["standing"] == "valid");
  CHECK(before["until"] == "2028-11-18");
  CHECK(before["certifications"][0]["revoked_on"].is_null());
  CHECK(before["certifications"][0]["source"] == "recorded");
  CHECK(before["certifications"][0]["evidence"] == "GCN 7");
  CHECK(before["certifications"][0]["recorded_by"] == "root.admin");
  auto from = world.Programme("manager.a", "tv.a1", "2027-01-10");
  CHECK(from["standing"] == "overdue");
  CHECK(from["path"] == "initial");
  CHECK(from["certifications"][0]["revoked_on"] == "2027-01-10");

  auto all = json::parse(w.As("trainer.a", "GET", world.Users("tv.a1") + "/certifications").body);
  REQUIRE(all["items"].size() == 1);
  CHECK(all["items"][0]["certifications"][0]["revoked_reason"] == "Giấy chứng nhận không hợp lệ");
}

TEST_CASE("prior learning from CSV: every bad line by its number, all or nothing",
          "[prior-learning]") {
  World world;
  auto& w = world.w;
  REQUIRE(world.Record("trainer.a", "tv.a1", {{"course", "tin-hoc-co-ban"}, {"date", "2026-02-01"}})
              .status == 201);
  const std::string bad =
      "username,course,programme,date,evidence\n"
      "tv.a1,dang-ky-tai-khoan,,14/03/2026,Lớp tỉnh\n"  // 2: good
      "ai.do,dang-ky-tai-khoan,,14/03/2026,\n"          // 3: unknown username
      "tv.b,dang-ky-tai-khoan,,14/03/2026,\n"           // 4: outside the importer's subtree
      "tv.a1,dang-ky-tai-khoan,,01/12/2026,\n"          // 5: future
      "tv.a1,dang-ky-tai-khoan,,31/02/2026,\n"          // 6: no such day
      "tv.a1,dang-ky-tai-khoan,,14/03/26,\n"            // 7: ambiguous
      "tv.a1,khong-co,,14/03/2026,\n"                   // 8: unknown course
      "tv.a1,dang-ky-tai-khoan,,2026-03-14,\n"          // 9: same as line 2
      "tv.a1,tin-hoc-co-ban,,01/02/2026,\n"             // 10: recorded already
      "tv.a1,,co-ban,01/02/2026,\n";                    // 11: good
  const int64_t before = w.Count("completions");
  auto r = w.As("manager.a", "POST", "/api/v1/certifications/import", bad, "text/csv");
  INFO(r.body);
  REQUIRE(r.status == 422);
  auto report = json::parse(r.body);
  CHECK(report["rows"] == 10);
  CHECK(report["recorded"] == 0);
  std::vector<std::pair<int, std::string>> got;
  for (const auto& e : report["errors"]) got.emplace_back(e["line"], e["reason"]);
  const std::vector<std::pair<int, std::string>> expected = {
      {3, "user_not_found"}, {4, "user_not_found"},           {5, "prior_learning_future"},
      {6, "date_invalid"},   {7, "date_ambiguous"},           {8, "prior_learning_course_unknown"},
      {9, "csv_duplicate"},  {10, "prior_learning_duplicate"}};
  CHECK(got == expected);
  CHECK(report["errors"][6]["text"] == "Đã có ở dòng 2 của tệp này.");
  CHECK(w.Count("completions") == before);
  CHECK(w.Count("certifications") == 0);

  const std::string good =
      "username;course;programme;date;evidence\n"
      "tv.a1;dang-ky-tai-khoan;;14/03/2026;Lớp tỉnh\n"
      "tv.a1;;co-ban;2026-11-01;GCN 9\n";
  auto dry = w.As("manager.a", "POST", "/api/v1/certifications/import?dry_run=1", good, "text/csv");
  CHECK(dry.status == 200);
  CHECK(json::parse(dry.body)["recorded"] == 0);
  CHECK(w.Count("completions") == before);
  CHECK(w.Count("certifications") == 0);

  auto real = w.As("manager.a", "POST", "/api/v1/certifications/import", good, "text/csv");
  INFO(real.body);
  CHECK(real.status == 200);
  CHECK(json::parse(real.body)["recorded"] == 2);
  CHECK(w.Count("completions") == before + 1);
  // The programme is recorded from 01/11/2026; the recorded course of
  // 14/03/2026 completes the path, but before that certification: it does
  // not count toward another (docs/retraining.md, "Paths").
  CHECK(w.Count("certifications") == 1);
  auto now = world.Programme("manager.a", "tv.a1", "2026-11-18");
  CHECK(now["until"] == "2028-11-01");
  CHECK(w.As("manager.a", "POST", "/api/v1/certifications/import", good, "text/plain").status ==
        415);
}

TEST_CASE("an exemption counts from its first day to its last, both included", "[exemptions]") {
  World world;
  auto& w = world.w;
  const int64_t id = w.users.at("tv.a1").id;
  auto post = [&](const std::string& as, json body) {
    return w.As(as, "POST", "/api/v1/exemptions", body.dump());
  };
  CHECK(world.Reason(post("manager.a", {{"user_id", id},
                                        {"reason", " "},
                                        {"starts_on", "2027-01-01"},
                                        {"ends_on", "2027-03-31"}})) == "exemption_reason_missing");
  CHECK(world.Reason(post("manager.a", {{"user_id", id},
                                        {"reason", "Nghỉ dài hạn"},
                                        {"starts_on", "2027-01-01"},
                                        {"ends_on", "2026-12-31"}})) == "exemption_days_reversed");
  CHECK(world.Reason(post("manager.a", {{"user_id", id},
                                        {"programme", "khong-co"},
                                        {"reason", "Nghỉ dài hạn"},
                                        {"starts_on", "2027-01-01"},
                                        {"ends_on", "2027-03-31"}})) == "programme_not_found");
  CHECK(world.Reason(post("trainer.a", {{"user_id", id},
                                        {"reason", "Nghỉ dài hạn"},
                                        {"starts_on", "2027-01-01"},
                                        {"ends_on", "2027-03-31"}})) == "exemptions_not_allowed");
  CHECK(w.Count("exemptions") == 0);

  auto made = post("manager.a", {{"user_id", id},
                                 {"programme", "co-ban"},
                                 {"reason", "Biệt phái"},
                                 {"starts_on", "01/01/2027"},
                                 {"ends_on", "31/03/2027"}});
  INFO(made.body);
  REQUIRE(made.status == 201);
  const std::string end =
      "/api/v1/exemptions/" + std::to_string(json::parse(made.body)["id"].get<int64_t>()) + "/end";
  CHECK(world.Programme("manager.a", "tv.a1", "2026-12-31")["standing"] == "overdue");
  auto first = world.Programme("manager.a", "tv.a1", "2027-01-01");
  CHECK(first["standing"] == "exempt");
  CHECK(first["until"] == "2027-03-31");
  CHECK(world.Programme("manager.a", "tv.a1", "2027-03-31")["standing"] == "exempt");
  CHECK(world.Programme("manager.a", "tv.a1", "2027-04-01")["standing"] == "overdue");

  auto listed = [&](const std::string& query) {
    auto r = w.As("manager.a", "GET", "/api/v1/exemptions" + query);
    REQUIRE(r.status == 200);
    return json::parse(r.body)["items"].size();
  };
  CHECK(listed("") == 1);
  CHECK(listed("?user_id=" + w.Id("tv.a1")) == 1);
  CHECK(listed("?active_on=2027-02-01") == 1);
  CHECK(listed("?active_on=01/04/2027") == 0);
  CHECK(w.As("manager.a", "GET", "/api/v1/exemptions?active_on=hôm-nay").status == 400);

  CHECK(world.Reason(w.As("manager.a", "POST", end, R"({"on":"2027-03-31"})")) ==
        "exemption_end_invalid");
  auto ended = w.As("manager.a", "POST", end, R"({"on":"15/02/2027"})");
  INFO(ended.body);
  REQUIRE(ended.status == 200);
  CHECK(json::parse(ended.body)["last_day"] == "2027-02-15");
  CHECK(json::parse(ended.body)["ends_on"] == "2027-03-31");  // kept as planned
  CHECK(world.Reason(w.As("manager.a", "POST", end, R"({"on":"2027-02-20"})")) ==
        "exemption_ended_already");
  CHECK(world.Programme("manager.a", "tv.a1", "2027-02-15")["standing"] == "exempt");
  CHECK(world.Programme("manager.a", "tv.a1", "2027-02-16")["standing"] == "overdue");
  CHECK(listed("?active_on=2027-03-01") == 0);
  CHECK(world.Scalar("SELECT count(*) FROM audit_log WHERE action LIKE 'exemption.%'") == 2);

  // Without a programme: every programme.
  REQUIRE(post("root.admin", {{"user_id", id},
                              {"reason", "Nghỉ ốm"},
                              {"starts_on", "2027-05-01"},
                              {"ends_on", "2027-05-31"}})
              .status == 201);
  CHECK(world.Programme("manager.a", "tv.a1", "2027-05-31")["standing"] == "exempt");
}

TEST_CASE("the manager's page of a person's programmes and its forms",
          "[prior-learning][exemptions]") {
  World world;
  auto& w = world.w;
  const std::string page = "/admin/users/" + w.Id("tv.a1") + "/programmes";
  auto b = w.SignedIn("manager.a", page);
  testing::CheckAnswer(b.Get(page), 200,
                       {"Chương trình bồi dưỡng", "Cơ bản",
                        "Áp dụng từ ngày 18/11/2026 vì Người tv.a1 thuộc nhóm “Cán bộ thư viện xã, "
                        "phường, đặc khu”."});

  // Without the CSRF token nothing is recorded.
  auto forged = b.Post("/admin/users/" + w.Id("tv.a1") + "/prior-learning",
                       {{"what", "programme"}, {"slug", "co-ban"}, {"date", "01/11/2026"}}, false);
  CHECK(forged.status == 403);
  CHECK(w.Count("certifications") == 0);

  auto future = b.Post("/admin/users/" + w.Id("tv.a1") + "/prior-learning",
                       {{"what", "programme"}, {"slug", "co-ban"}, {"date", "01/12/2026"}});
  testing::CheckAnswer(future, 400, {testing::FieldErrorTag("date"), "01/12/2026"});
  CHECK(w.Count("certifications") == 0);

  auto recorded =
      b.Post("/admin/users/" + w.Id("tv.a1") + "/prior-learning", {{"what", "programme"},
                                                                   {"slug", "co-ban"},
                                                                   {"date", "01/11/2026"},
                                                                   {"evidence", "GCN <số 5>"}});
  testing::CheckRedirect(recorded, page + "?done=recorded");
  testing::CheckAnswer(b.Get(page + "?done=recorded"), 200,
                       {"Đã ghi nhận.", "GCN &lt;số 5&gt;", "Còn hiệu lực đến 01/11/2028"},
                       {"GCN <số 5>", "Thu hồi chứng nhận"});  // managers do not revoke

  auto exempt =
      b.Post("/admin/users/" + w.Id("tv.a1") + "/exemptions",
             {{"reason", "Nghỉ dài hạn"}, {"starts_on", "18/11/2026"}, {"ends_on", "31/12/2026"}});
  testing::CheckRedirect(exempt, page + "?done=exempted");
  testing::CheckAnswer(b.Get(page), 200, {"Được miễn đến ngày 31/12/2026", "Nghỉ dài hạn"});

  auto admin = w.SignedIn("root.admin", page);
  const std::string id = std::to_string(world.Scalar("SELECT id FROM certifications"));
  auto revoked = admin.Post("/admin/certifications/" + id + "/revoke",
                            {{"reason", "Sai minh chứng"}, {"on", ""}, {"user_id", w.Id("tv.a1")}});
  testing::CheckRedirect(revoked, page + "?done=revoked");
  testing::CheckAnswer(admin.Get(page), 200, {"Thu hồi từ ngày 18/11/2026", "Sai minh chứng"});

  auto other = w.SignedIn("manager.b", "/account");
  CHECK(other.Get(page).status == 404);
}

TEST_CASE("the prior-learning upload page shows each bad line", "[prior-learning]") {
  World world;
  auto& w = world.w;
  auto b = w.SignedIn("trainer.a", "/admin/prior-learning/import");
  auto bad = b.PostMultipart("/admin/prior-learning/import", {},
                             "username,course,date\ntv.a1,tin-hoc-co-ban,01/02/2026\n"
                             "tv.a1,tin-hoc-co-ban,01/02/26\n");
  testing::CheckAnswer(bad, 400, {"<td>3</td>", "có thể hiểu theo nhiều cách"}, {"<td>2</td>"});
  CHECK(w.Count("completions") == 0);
  auto good = b.PostMultipart("/admin/prior-learning/import", {},
                              "username,course,date\ntv.a1,tin-hoc-co-ban,01/02/2026\n");
  testing::CheckRedirect(good, "/admin/prior-learning/import?recorded=1");
  CHECK(w.Count("completions") == 1);
}

}  // namespace lophoc::app
