// The backup round trip under write load: learners submit quiz attempts over
// the real HTTP stack into a real SQLite file while a backup is taken; every
// attempt acknowledged before the backup started is in the restored copy.
#include <atomic>
#include <catch2/catch.hpp>
#include <chrono>
#include <filesystem>
#include <mutex>
#include <nlohmann/json.hpp>
#include <thread>
#include <vector>

#include "server/storage/backup.h"
#include "server/storage/database.h"
#include "tests/support/temp_dir.h"
#include "tests/support/test_world.h"

namespace lophoc::storage {
namespace {

using nlohmann::json;
using people::Role;
using SteadyTime = std::chrono::steady_clock::time_point;

constexpr int kWriters = 4;
constexpr int kLearnersPerWriter = 12;
constexpr int kAttemptsPerLearner = 3;  // may-tinh's quiz allows 3

std::string Learner(int writer, int i) {
  return "learner." + std::to_string(writer) + "." + std::to_string(i);
}

// An attempt the server acknowledged (201), and when the answer arrived.
struct Ack {
  int64_t attempt_id;
  SteadyTime at;
};

}  // namespace

TEST_CASE("every attempt acknowledged before a backup started is in the restored copy",
          "[backup][load]") {
  testing::TempDir dir("lophoc-backup-load");
  const std::string live = (dir.path / "live.db").string();
  testing::TestWorld w(testing::FixturePath("content-learning"), live);
  w.StandardTree();
  for (int writer = 0; writer < kWriters; ++writer) {
    for (int i = 0; i < kLearnersPerWriter; ++i) {
      w.AddWithToken({Learner(writer, i), {Role::kLearner}, "", "SA1", "district_librarian"});
    }
  }
  w.Start();
  // Also the first use of the HTTP client, before any thread shares it.
  auto quiz_reply = w.As("anonymous", "GET", "/api/v1/courses/may-tinh/quiz");
  REQUIRE(quiz_reply.status == 200);
  const std::string url = "/api/v1/quizzes/" +
                          std::to_string(json::parse(quiz_reply.body)["id"].get<int64_t>()) +
                          "/attempts";

  std::mutex mu;
  std::vector<Ack> acks;
  std::vector<std::string> failures;
  std::atomic<bool> stop{false};
  std::atomic<int> acked{0};
  std::vector<std::thread> writers;
  for (int writer = 0; writer < kWriters; ++writer) {
    writers.emplace_back([&, writer] {
      for (int round = 0; round < kAttemptsPerLearner && !stop; ++round) {
        for (int i = 0; i < kLearnersPerWriter && !stop; ++i) {
          const std::string who = Learner(writer, i);
          const json body = {
              {"answers", {{"bat-may", (round + i) % 2}}},
              {"submission_id", "load-" + std::to_string(writer) + "-" + std::to_string(i) + "-" +
                                    std::to_string(round)}};
          auto r = w.As(who, "POST", url, body.dump());
          const SteadyTime at = std::chrono::steady_clock::now();
          std::lock_guard<std::mutex> lock(mu);
          if (r.status != 201) {
            failures.push_back(who + ": " + std::to_string(r.status) + " " + r.body);
            continue;
          }
          acks.push_back({json::parse(r.body)["attempt"]["id"].get<int64_t>(), at});
          ++acked;
        }
      }
    });
  }
  auto wait_for = [&](int n) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    while (acked < n && std::chrono::steady_clock::now() < deadline) {
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
  };

  wait_for(20);
  const SteadyTime backup_started = std::chrono::steady_clock::now();
  const std::string backup = (dir.path / "backup.db").string();
  auto copy = BackupDatabase(live, backup);
  const int acked_at_backup_end = acked;
  wait_for(acked_at_backup_end + 10);  // the writers go on after it
  stop = true;
  for (auto& t : writers) t.join();
  INFO(copy.status().ToString());
  REQUIRE(copy.ok());
  CAPTURE(failures.size(), failures.empty() ? "" : failures.front());
  CHECK(failures.empty());

  std::vector<int64_t> before;
  int after = 0;
  for (const Ack& a : acks) {
    if (a.at < backup_started) {
      before.push_back(a.attempt_id);
    } else {
      ++after;
    }
  }
  CAPTURE(before.size(), after, acks.size());
  CHECK(before.size() >= 20);
  CHECK(after >= 10);  // writes were still going on while and after the copy was made

  const std::string restored = (dir.path / "restored" / "lophoc.db").string();
  std::filesystem::create_directories(std::filesystem::path(restored).parent_path());
  auto r = RestoreDatabase(backup, restored, std::chrono::system_clock::now());
  INFO(r.status().ToString());
  REQUIRE(r.ok());
  CHECK(VerifyDatabaseFile(restored).ok());

  auto conn = Connection::Open(restored, OpenMode::kReadOnly);
  REQUIRE(conn.ok());
  int missing = 0;
  for (int64_t id : before) {
    auto st = (*conn)->Prepare("SELECT count(*) FROM quiz_attempts WHERE id = ?1");
    REQUIRE(st.ok());
    st->Bind(1, id);
    REQUIRE(*st->Step());
    if (st->ColumnInt(0) != 1) ++missing;
  }
  CHECK(missing == 0);
  // A snapshot: no more than what was acknowledged by the end of the copy,
  // plus the submissions then in flight (one per writer).
  auto count = (*conn)->Prepare("SELECT count(*) FROM quiz_attempts");
  REQUIRE(*count->Step());
  CHECK(count->ColumnInt(0) >= static_cast<int64_t>(before.size()));
  CHECK(count->ColumnInt(0) <= acked_at_backup_end + kWriters);
  // The live database holds every acknowledged attempt.
  CHECK(w.Count("quiz_attempts") == static_cast<int64_t>(acks.size()));
}

}  // namespace lophoc::storage
