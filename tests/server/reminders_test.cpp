// Reminders (issue 12; docs/retraining.md, "Reminders"): the daily job over
// a real SQLite database (migration 0015), its outbox written at most once
// per person, programme, cycle and kind; email or in-app by contact; the
// delivery of email rows to a fake SMTP server on 127.0.0.1 with retries;
// and a person's own reminders over HTTP. The fixture programme co-ban
// (commune librarians) is valid 24 months from completion, due 60 days
// before, with no grace period. The site's clock stands on 18/11/2026 in
// Vietnam, the day the accounts are made, so from 19/11/2026 everyone
// without a certification is overdue.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <thread>

#include "server/app/reminder_texts.h"
#include "server/app/smtp_sender.h"
#include "server/http/reminder_presenters.h"
#include "tests/support/test_world.h"

namespace lophoc::app {
namespace {

using nlohmann::json;
using people::Role;

LocalDate Day(const char* iso) {
  auto d = ParseIsoDate(iso);
  REQUIRE(d);
  return *d;
}

struct World {
  testing::TestWorld w;
  World() {
    w.StandardTree();
    w.AddAllWithTokens({{"tv.a1", {Role::kLearner}, "A1", "SA1", "commune_librarian"},
                        {"tv.a2", {Role::kLearner}, "A1", "SA1", "commune_librarian"},
                        {"tv.b", {Role::kLearner}, "B", "SB", "commune_librarian"},
                        {"nghi", {Role::kLearner}, "A1", "SA1", "commune_librarian"},
                        {"dan", {Role::kLearner}}});
    Sql("UPDATE users SET email = 'tv.a1@thuvien.vn', language = 'en' WHERE username = 'tv.a1'");
    Sql("UPDATE users SET phone = '+84912345678' WHERE username = 'tv.a2'");
    Sql("UPDATE users SET active = 0 WHERE username = 'nghi'");
  }
  void Sql(const std::string& sql) {
    auto conn = w.t.db().Acquire();
    INFO(sql);
    REQUIRE(conn->Exec(sql).ok());
  }
  // A completion of `course` by `who` at the UTC time `at`.
  void Complete(const std::string& who, const std::string& course, const std::string& at) {
    courses::CompletionRecord done;
    done.user_id = w.users.at(who).id;
    done.course_id = w.t.courses().GetCourse(course)->course->course_id;
    done.revision_id = w.t.courses().GetCourse(course)->course->revision_id;
    done.completed_at = at;
    courses::CertificateRecord cert;
    cert.code = "CODE-" + who + "-" + course.substr(0, 4) + "-" + at.substr(0, 4);
    cert.holder_name = who;
    cert.course_title = course;
    INFO(who << " " << course << " " << at);
    REQUIRE(w.t.learning_store().RecordCompletion(done, cert).ok());
  }
  ReminderRun Run(const char* day, bool dry = false) {
    auto run = w.t.reminders().Run(Day(day), dry);
    INFO(run.status().ToString());
    REQUIRE(run.ok());
    return *run;
  }
  // "username kind channel" of each row written, in order.
  std::vector<std::string> Rows(const ReminderRun& run) {
    std::vector<std::string> out;
    for (const auto& r : run.rows) {
      std::string who;
      for (const auto& [name, u] : w.users) {
        if (u.id == r.user_id) who = name;
      }
      out.push_back(who + " " + std::string(training::ReminderKindName(r.kind)) + " " +
                    std::string(training::ReminderChannelName(r.channel)));
    }
    std::sort(out.begin(), out.end());
    return out;
  }
};

}  // namespace

TEST_CASE("the reminder job writes each reminder once, never to a disabled or renewed person",
          "[reminders]") {
  World world;
  auto& w = world.w;
  // tv.b is certified on 18/11/2026: valid until 18/11/2028.
  world.Complete("tv.b", "tin-hoc-co-ban", "2026-11-18T03:00:00Z");
  world.Complete("tv.b", "dang-ky-tai-khoan", "2026-11-18T04:00:00Z");

  auto first = world.Run("2026-11-19");
  CHECK(world.Rows(first) ==
        std::vector<std::string>{"tv.a1 expired email", "tv.a2 expired in_app"});
  CHECK(first.expired == 2);
  CHECK(first.window_opened == 0);
  CHECK(first.already == 0);
  CHECK(w.Count("reminder_outbox") == 2);
  for (const auto& r : first.rows) CHECK(r.cycle == 0);  // never certified: the first cycle

  // Run twice: nothing written twice.
  auto again = world.Run("2026-11-19");
  CHECK(again.rows.empty());
  CHECK(again.already == 2);
  CHECK(world.Run("2026-12-25").already == 2);
  CHECK(w.Count("reminder_outbox") == 2);

  // tv.b's own cycle: the window opens 60 days before 18/11/2028, 30 days
  // are left from 19/10/2028, expired from 19/11/2028; each said once.
  CHECK(world.Rows(world.Run("2028-09-18")).empty());
  CHECK(world.Rows(world.Run("2028-09-19")) ==
        std::vector<std::string>{"tv.b window_opened in_app"});
  CHECK(world.Rows(world.Run("2028-10-18")).empty());
  auto thirty = world.Run("2028-10-19");
  CHECK(world.Rows(thirty) == std::vector<std::string>{"tv.b days_30 in_app"});
  REQUIRE(thirty.rows.size() == 1);
  CHECK(thirty.rows[0].cycle > 0);  // the certification it is about
  CHECK(thirty.rows[0].subject == "Còn 30 ngày: Cơ bản");
  CHECK(thirty.rows[0].body.find("đến hết ngày 18/11/2028") != std::string::npos);
  CHECK(world.Rows(world.Run("2028-11-19")) == std::vector<std::string>{"tv.b expired in_app"});
  CHECK(world.Run("2028-11-20").rows.empty());

  // Certified at last: nothing more for tv.a1 until the new cycle's window.
  world.Complete("tv.a1", "tin-hoc-co-ban", "2028-11-20T03:00:00Z");
  world.Complete("tv.a1", "dang-ky-tai-khoan", "2028-11-20T04:00:00Z");
  CHECK(world.Run("2028-11-21").rows.empty());
  CHECK(w.Count("reminder_outbox") == 5);
}

TEST_CASE("the reminders' texts: Vietnamese, English for English readers, with the course links",
          "[reminders]") {
  World world;
  auto first = world.Run("2026-11-19");
  REQUIRE(first.rows.size() == 3);  // tv.a1, tv.a2 and tv.b
  auto of = [&](const std::string& who) -> const training::OutboxRow& {
    for (const auto& r : first.rows) {
      if (r.user_id == world.w.users.at(who).id) return r;
    }
    FAIL("no row for " << who);
    return first.rows[0];
  };
  const auto& email = of("tv.a1");
  const auto& in_app = of("tv.a2");
  CHECK(email.address == "tv.a1@thuvien.vn");
  CHECK(email.subject == "Quá hạn: Cơ bản / Overdue: Cơ bản");
  testing::CheckShows(
      email.body, {"Chào Người tv.a1,", "quá hạn từ ngày 19/11/2026",
                   "https://hoc.example.vn/courses/tin-hoc-co-ban",
                   "https://hoc.example.vn/courses/dang-ky-tai-khoan", "https://hoc.example.vn/me",
                   "Hello Người tv.a1,", "overdue since 19/11/2026"});
  CHECK(in_app.address.empty());  // a phone number alone: in-app only
  CHECK(in_app.subject == "Quá hạn: Cơ bản");
  testing::CheckShows(in_app.body, {"Chào Người tv.a2,"}, {"Hello"});
}

TEST_CASE("a dry run writes nothing and says what it would write", "[reminders]") {
  World world;
  auto& w = world.w;
  auto dry = world.Run("2026-11-19", true);
  CHECK(world.Rows(dry) == std::vector<std::string>{"tv.a1 expired email", "tv.a2 expired in_app",
                                                    "tv.b expired in_app"});
  CHECK(w.Count("reminder_outbox") == 0);
  world.Run("2026-11-19");
  auto dry_after = world.Run("2026-11-19", true);
  CHECK(dry_after.rows.empty());
  CHECK(dry_after.already == 3);
  CHECK(w.Count("reminder_outbox") == 3);
}

TEST_CASE("no reminder for a retired programme", "[reminders]") {
  World world;
  world.Sql("UPDATE programmes SET retired_at = '2026-11-18T05:00:00Z'");
  auto run = world.Run("2026-11-19");
  CHECK(run.rows.empty());
  CHECK(run.already == 0);
  CHECK(world.w.Count("reminder_outbox") == 0);
}

namespace {

// A fake SMTP server on 127.0.0.1: speaks enough SMTP for libcurl, one
// connection at a time, and refuses the recipient while `refuse` is set.
class FakeSmtp {
 public:
  FakeSmtp() {
    fd_ = socket(AF_INET, SOCK_STREAM, 0);
    REQUIRE(fd_ >= 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    REQUIRE(bind(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0);
    socklen_t len = sizeof addr;
    REQUIRE(getsockname(fd_, reinterpret_cast<sockaddr*>(&addr), &len) == 0);
    port_ = ntohs(addr.sin_port);
    REQUIRE(listen(fd_, 4) == 0);
    thread_ = std::thread([this] { Serve(); });
  }
  ~FakeSmtp() {
    stop_ = true;
    shutdown(fd_, SHUT_RDWR);
    close(fd_);
    thread_.join();
  }
  std::string url() const { return "smtp://127.0.0.1:" + std::to_string(port_); }
  std::atomic<bool> refuse{false};
  std::atomic<int> delivered{0};
  std::string last_message;  // read after the Send that wrote it returned

 private:
  void Serve() {
    while (!stop_) {
      const int c = accept(fd_, nullptr, nullptr);
      if (c < 0) return;
      Session(c);
      close(c);
    }
  }
  static void Say(int c, const std::string& line) {
    const std::string out = line + "\r\n";
    (void)!write(c, out.data(), out.size());
  }
  // The next line from `c`, without CRLF; false at the end.
  static bool Line(int c, std::string& buffer, std::string& line) {
    for (;;) {
      const size_t end = buffer.find("\r\n");
      if (end != std::string::npos) {
        line = buffer.substr(0, end);
        buffer.erase(0, end + 2);
        return true;
      }
      char chunk[4096];
      const ssize_t n = read(c, chunk, sizeof chunk);
      if (n <= 0) return false;
      buffer.append(chunk, static_cast<size_t>(n));
    }
  }
  void Session(int c) {
    std::string buffer, line;
    Say(c, "220 fake ESMTP");
    while (Line(c, buffer, line)) {
      const std::string verb = line.substr(0, 4);
      if (verb == "EHLO" || verb == "HELO") {
        Say(c, "250 fake");
      } else if (verb == "MAIL") {
        Say(c, "250 ok");
      } else if (verb == "RCPT") {
        Say(c, refuse ? "550 no such mailbox" : "250 ok");
      } else if (verb == "DATA") {
        Say(c, "354 go ahead");
        std::string message;
        while (Line(c, buffer, line) && line != ".") message += line + "\n";
        last_message = message;
        ++delivered;
        Say(c, "250 queued");
      } else if (verb == "QUIT") {
        Say(c, "221 bye");
        return;
      } else {
        Say(c, "250 ok");
      }
    }
  }
  int fd_ = -1;
  uint16_t port_ = 0;
  std::atomic<bool> stop_{false};
  std::thread thread_;
};

}  // namespace

TEST_CASE("email reminders go out by SMTP once, failed ones are retried later", "[reminders]") {
  World world;
  auto& w = world.w;
  FakeSmtp smtp;
  SmtpOptions options;
  options.url = smtp.url();
  options.from = "lophoc@thuvien.vn";
  options.timeout_seconds = 10;
  SmtpSender sender(options);
  world.Run("2026-11-19");  // one email row (tv.a1), one in-app row (tv.a2)
  auto& reminders = w.t.reminders();
  auto& clock = w.t.clock();
  const auto start = clock.Now();

  smtp.refuse = true;
  auto failed = reminders.Deliver(sender);
  REQUIRE(failed.ok());
  CHECK(failed->failed == 1);
  CHECK(failed->sent == 0);
  CHECK(smtp.delivered == 0);
  // Retried only after 30 minutes, then after 60 more.
  smtp.refuse = false;
  clock.Set(start + std::chrono::minutes(29));
  auto early = reminders.Deliver(sender);
  REQUIRE(early.ok());
  CHECK(early->waiting == 1);
  CHECK(early->sent + early->failed == 0);
  clock.Set(start + std::chrono::minutes(30));
  auto sent = reminders.Deliver(sender);
  REQUIRE(sent.ok());
  CHECK(sent->sent == 1);
  CHECK(smtp.delivered == 1);
  testing::CheckShows(smtp.last_message,
                      {"To: tv.a1@thuvien.vn", "From: lophoc@thuvien.vn", "Subject: =?UTF-8?B?",
                       "Content-Type: text/plain; charset=UTF-8", "Chào Người tv.a1,"});
  // Never sent twice.
  clock.Set(start + std::chrono::hours(48));
  auto after = reminders.Deliver(sender);
  REQUIRE(after.ok());
  CHECK(after->sent + after->failed + after->waiting == 0);
  CHECK(smtp.delivered == 1);
  CHECK(w.Count("reminder_deliveries") == 2);
  auto rows = w.t.reminder_store().OutboxOf(w.users.at("tv.a1").id, 10);
  REQUIRE(rows.ok());
  REQUIRE(rows->size() == 1);
  CHECK(rows->at(0).attempts == 2);
  CHECK(rows->at(0).sent);
}

TEST_CASE("a row that always fails is given up after the last attempt", "[reminders]") {
  World world;
  auto& w = world.w;
  FakeSmtp smtp;
  smtp.refuse = true;
  SmtpOptions options{smtp.url(), "lophoc@thuvien.vn", "", "", 10};
  SmtpSender sender(options);
  world.Run("2026-11-19");
  const auto start = w.t.clock().Now();
  int failures = 0;
  for (int day = 0; day < 10; ++day) {
    w.t.clock().Set(start + std::chrono::hours(24 * day));
    auto r = w.t.reminders().Deliver(sender);
    REQUIRE(r.ok());
    failures += r->failed;
  }
  CHECK(failures == 5);  // ReminderOptions::max_attempts
  CHECK(w.Count("reminder_deliveries") == 5);
}

TEST_CASE("the daily job runs once a day from its hour", "[reminders]") {
  const LocalDate d19 = Day("2026-11-19");
  const LocalDate d20 = Day("2026-11-20");
  CHECK_FALSE(DailyRunDue({d19, 5, 59, 0}, 6, std::nullopt));
  CHECK(DailyRunDue({d19, 6, 0, 0}, 6, std::nullopt));
  CHECK_FALSE(DailyRunDue({d19, 23, 0, 0}, 6, d19));
  CHECK_FALSE(DailyRunDue({d20, 5, 0, 0}, 6, d19));
  CHECK(DailyRunDue({d20, 6, 10, 0}, 6, d19));
}

TEST_CASE("my reminders: what is due soon and my outbox rows", "[reminders][api]") {
  World world;
  auto& w = world.w;
  w.Start();
  world.Run("2026-11-19");
  auto r = w.As("tv.a1", "GET", "/api/v1/reminders?as_of=19/11/2026");
  INFO(r.body);
  REQUIRE(r.status == 200);
  auto body = json::parse(r.body);
  REQUIRE(body["due"].size() == 1);
  CHECK(body["due"][0]["programme"]["slug"] == "co-ban");
  CHECK(body["due"][0]["standing"] == "overdue");
  CHECK(body["due"][0]["since"] == "2026-11-19");
  CHECK(body["due"][0]["valid_until"].is_null());
  REQUIRE(body["outbox"].size() == 1);
  CHECK(body["outbox"][0]["kind"] == "expired");
  CHECK(body["outbox"][0]["channel"] == "email");
  CHECK(body["outbox"][0]["sent"] == false);
  // Before the grace period ended: nothing due.
  auto today = json::parse(w.As("tv.a1", "GET", "/api/v1/reminders?as_of=2026-11-18").body);
  CHECK(today["due"].empty());
  // Somebody else's rows are never in my list.
  auto other = json::parse(w.As("tv.b", "GET", "/api/v1/reminders?as_of=2026-11-19").body);
  REQUIRE(other["outbox"].size() == 1);
  CHECK(other["outbox"][0]["channel"] == "in_app");
  CHECK(other["outbox"][0]["address"].is_null());
  CHECK(other["outbox"][0]["id"] != body["outbox"][0]["id"]);
  CHECK(w.As("anonymous", "GET", "/api/v1/reminders").status == 401);
  CHECK(w.As("tv.a1", "GET", "/api/v1/reminders?as_of=31/02/2027").status == 400);
  CHECK(w.As("tv.a1", "GET", "/api/v1/reminders?days=-1").status == 400);
}

TEST_CASE("the reminders block of My learning, in Vietnamese and English", "[reminders]") {
  World world;
  auto& w = world.w;
  auto due = w.t.reminders().DueSoon(w.users.at("tv.a1"), 30, Day("2026-11-19"));
  REQUIRE(due.ok());
  const json vi = {{"standing_overdue", "Quá hạn"},
                   {"reminder_first_overdue", "Chưa hoàn thành, quá hạn từ {date}"}};
  auto model = http::RemindersBlockModel(*due, vi, "vi");
  REQUIRE(model["reminders"]["items"].size() == 1);
  const auto& item = model["reminders"]["items"][0];
  CHECK(model["reminders"]["has_items"] == true);
  CHECK(item["title"] == "Cơ bản");
  CHECK(item["status_word"] == "Quá hạn");
  CHECK(item["message"] == "Chưa hoàn thành, quá hạn từ 19/11/2026");
  CHECK(item["url"] == "/courses/tin-hoc-co-ban");
  auto none = http::RemindersBlockModel({}, vi, "vi");
  CHECK(none["reminders"]["has_items"] == false);
}

}  // namespace lophoc::app

namespace lophoc::app {

TEST_CASE("an email set through the API is where reminders go, and exempt people get none",
          "[reminders][api]") {
  testing::TestWorld w;
  w.StandardTree();
  w.AddAllWithTokens({{"ql.a", {Role::kManager}, "A"},
                      {"ql.b", {Role::kManager}, "B"},
                      {"tv.x", {Role::kLearner}, "A1", "SA1", "commune_librarian"},
                      {"tv.y", {Role::kLearner}, "A1", "SA1", "commune_librarian"}});
  w.Start();
  const std::string x = "/api/v1/users/" + std::to_string(w.users.at("tv.x").id);
  for (const char* bad : {"không phải email", "a@b", "@thuvien.vn", "a@@thuvien.vn",
                          "a b@thuvien.vn", "a@thuvien..vn"}) {
    CAPTURE(bad);
    auto r = w.As("ql.a", "PATCH", x, json{{"email", bad}}.dump());
    CHECK(r.status == 400);
    CHECK(json::parse(r.body)["error"]["reason"] == "email_invalid");
  }
  CHECK(w.As("ql.b", "PATCH", x, json{{"email", "x@thuvien.vn"}}.dump()).status == 404);
  auto set = w.As("ql.a", "PATCH", x, json{{"email", "  Tv.X@ThuVien.VN "}}.dump());
  REQUIRE(set.status == 200);
  CHECK(json::parse(set.body)["email"] == "Tv.X@thuvien.vn");
  // Another change keeps it.
  auto renamed = w.As("ql.a", "PATCH", x, json{{"display_name", "Lê Văn Xuân"}}.dump());
  CHECK(json::parse(renamed.body)["email"] == "Tv.X@thuvien.vn");

  // tv.y is on maternity leave: exempt, so no reminder.
  auto exempt = w.As("ql.a", "POST", "/api/v1/exemptions",
                     json{{"user_id", w.users.at("tv.y").id},
                          {"reason", "Nghỉ thai sản"},
                          {"starts_on", "2026-11-18"},
                          {"ends_on", "2027-05-17"}}
                         .dump());
  INFO(exempt.body);
  REQUIRE(exempt.status == 201);

  auto run = w.t.reminders().Run(*ParseIsoDate("2026-11-19"), false);
  REQUIRE(run.ok());
  REQUIRE(run->rows.size() == 1);
  CHECK(run->rows[0].user_id == w.users.at("tv.x").id);
  CHECK(run->rows[0].channel == training::ReminderChannel::kEmail);
  CHECK(run->rows[0].address == "Tv.X@thuvien.vn");
  CHECK(w.Count("reminder_outbox") == 1);

  // Cleared: back to in-app only for the next reminders.
  auto cleared = w.As("ql.a", "PATCH", x, json{{"email", ""}}.dump());
  CHECK(json::parse(cleared.body)["email"].is_null());
}

}  // namespace lophoc::app
