// GET /metrics over the real HTTP stack: every line is valid Prometheus text
// exposition (0.0.4), read back by the small parser below; counts move by
// what the test did; labels are route patterns, never raw paths; only this
// machine or a bearer of the metrics token may read it.
#include <catch2/catch.hpp>
#include <chrono>
#include <cmath>
#include <map>
#include <optional>
#include <nlohmann/json.hpp>
#include <regex>
#include <set>
#include <thread>

#include "server/app/build_info.h"
#include "server/storage/database.h"
#include "tests/support/temp_dir.h"
#include "tests/support/test_world.h"

namespace lophoc::http {
namespace {

using nlohmann::json;
using people::Role;

// One parsed scrape: every sample by its series as written
// ("name{a=\"x\",b=\"y\"}"), each family's type, and what breaks the rules.
struct Scrape {
  std::map<std::string, double> samples;
  std::map<std::string, std::string> types;
  std::vector<std::string> problems;

  // The sample's value, or 0 when the series is not there (yet).
  double operator()(const std::string& series) const {
    auto it = samples.find(series);
    return it == samples.end() ? 0 : it->second;
  }
  bool Has(const std::string& series) const { return samples.count(series) > 0; }
};

std::optional<double> ParseValue(const std::string& text) {
  if (text == "+Inf") return INFINITY;
  if (text == "-Inf") return -INFINITY;
  if (text == "NaN") return NAN;
  try {
    size_t used = 0;
    const double v = std::stod(text, &used);
    if (used == text.size()) return v;
  } catch (const std::exception&) {
  }
  return std::nullopt;
}

bool EndsWith(const std::string& s, const std::string& tail) {
  return s.size() > tail.size() && s.compare(s.size() - tail.size(), tail.size(), tail) == 0;
}

// Reads `text` by the exposition rules: each line a # HELP, a # TYPE or a
// sample; a family's HELP and TYPE before its samples, which follow
// together; label values escaped; no series twice; histogram buckets in
// rising `le` order, cumulative, ending in le="+Inf" equal to _count.
Scrape Parse(const std::string& text) {
  static const std::regex kHelp(R"(# HELP ([a-zA-Z_:][a-zA-Z0-9_:]*) .*)");
  static const std::regex kType(R"(# TYPE ([a-zA-Z_:][a-zA-Z0-9_:]*) (counter|gauge|histogram))");
  static const std::regex kSample(
      R"(([a-zA-Z_:][a-zA-Z0-9_:]*)(\{((?:[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\\n]|\\[\\"n])*",?)*)\})? )"
      R"(([-+]?[0-9]+(?:\.[0-9]*)?(?:[eE][-+]?[0-9]+)?|[-+]Inf|NaN))");
  static const std::regex kLabel(R"(([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\\n]|\\[\\"n])*)\")");
  Scrape out;
  auto problem = [&out](const std::string& line, const std::string& what) {
    out.problems.push_back(what + ": " + line);
  };
  std::set<std::string> helped;
  std::set<std::string> finished;  // families whose samples are behind us
  std::string current;             // the family whose samples may come now
  std::map<std::string, std::vector<std::pair<double, double>>> buckets;  // (le, count)
  if (text.empty() || text.back() != '\n') out.problems.push_back("no final line feed");
  size_t pos = 0;
  while (pos < text.size()) {
    size_t end = text.find('\n', pos);
    if (end == std::string::npos) end = text.size();
    const std::string line = text.substr(pos, end - pos);
    pos = end + 1;
    std::smatch m;
    if (std::regex_match(line, m, kHelp)) {
      if (finished.count(m[1]) > 0 || helped.count(m[1]) > 0) problem(line, "HELP again");
      helped.insert(m[1]);
      continue;
    }
    if (std::regex_match(line, m, kType)) {
      if (helped.count(m[1]) == 0) problem(line, "TYPE without HELP");
      if (out.types.count(m[1]) > 0) problem(line, "TYPE again");
      if (!current.empty()) finished.insert(current);
      current = m[1];
      out.types[current] = m[2];
      continue;
    }
    if (!std::regex_match(line, m, kSample)) {
      problem(line, "not a sample");
      continue;
    }
    const std::string name = m[1];
    const bool histogram = out.types[current] == "histogram";
    const bool own =
        name == current || (histogram && (name == current + "_bucket" || name == current + "_sum" ||
                                          name == current + "_count"));
    if (current.empty() || !own) problem(line, "sample outside its family's block");
    const std::string labels = m[3];
    std::string others;
    std::optional<double> le;
    for (std::sregex_iterator it(labels.begin(), labels.end(), kLabel), stop; it != stop; ++it) {
      if ((*it)[1] == "le") {
        le = ParseValue((*it)[2]);
      } else {
        others += (others.empty() ? "" : ",") + (*it)[0].str();
      }
    }
    const std::string series = name + (labels.empty() ? "" : "{" + labels + "}");
    if (out.samples.count(series) > 0) problem(line, "series twice");
    const double value = *ParseValue(m[4]);
    out.samples[series] = value;
    if (!histogram) continue;
    auto& b = buckets[others];
    if (EndsWith(name, "_bucket")) {
      if (!le) problem(line, "bucket without le");
      if (le && !b.empty() && (*le <= b.back().first || value < b.back().second)) {
        problem(line, "buckets not rising and cumulative");
      }
      if (le) b.emplace_back(*le, value);
    } else if (EndsWith(name, "_count")) {
      if (b.empty() || !std::isinf(b.back().first) || b.back().second != value) {
        problem(line, "+Inf bucket missing or not the count");
      }
    }
  }
  return out;
}

Scrape ScrapeOf(testing::TestWorld& w) {
  const auto r = w.Fetch("GET", "/metrics");
  INFO(r.body);
  REQUIRE(r.status == 200);
  CHECK(r.Header("content-type") == "text/plain; version=0.0.4; charset=utf-8");
  CHECK(r.Header("set-cookie").empty());
  Scrape s = Parse(r.body);
  CHECK(s.problems == std::vector<std::string>{});
  return s;
}

std::string Requests(const std::string& route, const std::string& method, int status) {
  return "lophoc_http_requests_total{route=\"" + route + "\",method=\"" + method + "\",status=\"" +
         std::to_string(status) + "\"}";
}

TEST_CASE("the test's exposition parser sees broken text", "[observability][metrics]") {
  const std::string family = "# HELP a x\n# TYPE a gauge\n";
  const std::string histogram = "# HELP h x\n# TYPE h histogram\n";
  for (const std::string& bad : std::vector<std::string>{
           "a 1\n",                                                     // no HELP or TYPE
           family + "a{l=\"x} 1\n",                                     // unclosed label
           family + "a{l=\"x\"y\"} 1\n",                                // unescaped quote
           family + "a 1\na 2\n",                                       // a series twice
           family + "a one\n",                                          // not a number
           family + "# HELP b x\n# TYPE b gauge\nb 1\na{l=\"2\"} 1\n",  // a family split
           family + "a 1",                                              // no final line feed
           histogram + "h_bucket{le=\"1\"} 2\nh_bucket{le=\"+Inf\"} 1\nh_sum 1\nh_count 1\n",
           histogram + "h_bucket{le=\"1\"} 1\nh_sum 1\nh_count 1\n",  // no +Inf
           histogram + "h_bucket{le=\"1\"} 1\nh_bucket{le=\"+Inf\"} 1\nh_sum 1\nh_count 2\n",
       }) {
    CAPTURE(bad);
    CHECK(!Parse(bad).problems.empty());
  }
  const Scrape good =
      Parse(family + "a{l=\"q\\\"\\\\\\n\"} 1.5e3\n" + histogram +
            "h_bucket{le=\"0.5\"} 1\nh_bucket{le=\"+Inf\"} 2\nh_sum 3.25\nh_count 2\n");
  CHECK(good.problems == std::vector<std::string>{});
  CHECK(good("a{l=\"q\\\"\\\\\\n\"}") == 1500);
  CHECK(good("h_sum") == 3.25);
}

TEST_CASE("a scrape parses back, and counts requests by route pattern",
          "[observability][metrics]") {
  testing::TestWorld w;
  w.Start();
  const Scrape before = ScrapeOf(w);
  CHECK(before.types.at("lophoc_http_requests_total") == "counter");
  CHECK(before.types.at("lophoc_http_request_duration_seconds") == "histogram");
  const std::string course = Requests("/courses/{slug}", "GET", 200);
  const std::string unmatched = Requests("unmatched", "GET", 404);
  const std::string timed =
      "lophoc_http_request_duration_seconds_count{route=\"/courses/{slug}\",method=\"GET\"}";

  for (int i = 0; i < 3; ++i) REQUIRE(w.Fetch("GET", "/courses/tin-hoc-co-ban").status == 200);
  REQUIRE(w.Fetch("GET", "/khong-co/trang-nay?q=b%C3%AD+m%E1%BA%ADt").status == 404);
  REQUIRE(w.Fetch("HEAD", "/courses/dang-ky-tai-khoan").status == 200);

  const auto r = w.Fetch("GET", "/metrics");
  REQUIRE(r.status == 200);
  const Scrape after = Parse(r.body);
  CHECK(after.problems == std::vector<std::string>{});
  CHECK(after(course) == before(course) + 3);
  CHECK(after(unmatched) == before(unmatched) + 1);
  CHECK(after(Requests("/courses/{slug}", "HEAD", 200)) == 1);
  CHECK(after(timed) == before(timed) + 4);  // HEAD is timed with its GET route
  // The scrape before this one is counted too.
  CHECK(after(Requests("/metrics", "GET", 200)) >= 1);
  // Patterns only: no slug, path or query text ever becomes a label.
  for (const char* raw : {"tin-hoc-co-ban", "dang-ky-tai-khoan", "khong-co", "m%E1", "mật"}) {
    CAPTURE(raw);
    CHECK(r.body.find(raw) == std::string::npos);
  }

  CHECK(after(std::string("lophoc_build_info{version=\"0.1.0\",commit=\"") + app::kCommit +
              "\"}") == 1);
  CHECK(after("process_resident_memory_bytes") > 1024 * 1024);
  CHECK(after("process_open_fds") >= 3);
  CHECK(after("process_start_time_seconds") == 1795000000);  // the test site's clock
  for (const char* pool : {"write", "hash"}) {
    CAPTURE(pool);
    CHECK(after.Has(std::string("lophoc_http_queue_depth{pool=\"") + pool + "\"}"));
    CHECK(after.Has(std::string("lophoc_http_queue_refusals_total{pool=\"") + pool + "\"}"));
  }
  for (const char* name : {"lophoc_db_busy_waits_total", "lophoc_db_busy_retries_total",
                           "lophoc_db_busy_failures_total", "lophoc_sessions_active",
                           "lophoc_enrolments_total", "lophoc_quiz_attempts_total",
                           "lophoc_certifications_total", "lophoc_http_requests_untracked_total"}) {
    CAPTURE(name);
    CHECK(after.Has(name));
  }
}

TEST_CASE("sessions, enrolments and certifications are read from the database at each scrape",
          "[observability][metrics]") {
  testing::TestWorld w;
  w.StandardTree();
  w.AddAllWithTokens({{"tv.a1", {Role::kLearner}, "A1", "SA1", "commune_librarian"}});
  w.Start();
  const Scrape before = ScrapeOf(w);
  CHECK(before("lophoc_sessions_active") == 0);
  CHECK(before("lophoc_enrolments_total") == 0);
  CHECK(before("lophoc_certifications_total") == 0);

  w.Session("tv.a1");
  REQUIRE(w.As("tv.a1", "POST", "/api/v1/enrolments", R"({"course": "tin-hoc-co-ban"})").status ==
          201);
  // Both courses of the programme co-ban done: the next reading of the
  // standing records the certification.
  const int64_t user = w.users.at("tv.a1").id;
  int n = 0;
  for (const char* slug : {"tin-hoc-co-ban", "dang-ky-tai-khoan"}) {
    courses::CompletionRecord done;
    done.user_id = user;
    done.course_id = w.t.courses().GetCourse(slug)->course->course_id;
    done.revision_id = w.t.courses().GetCourse(slug)->course->revision_id;
    done.completed_at = "2026-11-20T03:00:00Z";
    courses::CertificateRecord cert;
    cert.code = "CODE-METRICS-" + std::to_string(++n);
    cert.holder_name = "Người tv.a1";
    cert.course_title = slug;
    REQUIRE(w.t.learning_store().RecordCompletion(done, cert).ok());
  }
  REQUIRE(w.As("tv.a1", "GET", "/api/v1/me/programmes").status == 200);
  REQUIRE(w.Count("certifications") == 1);

  const Scrape after = ScrapeOf(w);
  CHECK(after("lophoc_sessions_active") == 1);
  CHECK(after("lophoc_enrolments_total") == 1);
  CHECK(after("lophoc_certifications_total") == 1);
  CHECK(after("lophoc_quiz_attempts_total") == 0);
  // A session past its expiry no longer counts.
  w.t.clock().Set(w.t.clock().Now() + std::chrono::hours(24 * 400));
  CHECK(ScrapeOf(w)("lophoc_sessions_active") == 0);
}

TEST_CASE("/metrics is for this machine, or for a bearer of the metrics token",
          "[observability][metrics][security]") {
  testing::TestWorld w;
  w.AddAllWithTokens({{"admin", {Role::kAdmin}}});
  WebContext with_token = w.t.site().context();
  const std::string token = "metrics-token-0123456789abcdef";
  with_token.options.metrics_token = token;
  WebApp guarded(with_token);

  auto get = [](WebApp& site, const std::string& from, const std::string& authorization) {
    HttpRequest req;
    req.method = "GET";
    req.path = "/metrics";
    req.client_address = from;
    if (!authorization.empty()) req.headers["authorization"] = authorization;
    return site.Handle(req);
  };
  for (const char* local : {"127.0.0.1", "127.3.4.5", "::1", "::ffff:127.0.0.1"}) {
    CAPTURE(local);
    CHECK(get(w.t.site(), local, "").status == 200);
    CHECK(get(guarded, local, "").status == 200);
  }
  // No token configured: nobody else, whatever they send.
  auto remote = get(w.t.site(), "10.0.0.5", "");
  CHECK(remote.status == 403);
  CHECK(json::parse(remote.body)["error"]["reason"] == "metrics_forbidden");
  CHECK(get(w.t.site(), "10.0.0.5", "Bearer " + w.tokens.at("admin")).status == 403);
  CHECK(get(w.t.site(), "::ffff:10.0.0.5", "").status == 403);
  // A token configured: only with it.
  for (const std::string& wrong :
       {std::string(), "Bearer " + w.tokens.at("admin"), "Bearer " + token + "x",
        "Bearer " + token.substr(1), "Basic " + token, token}) {
    CAPTURE(wrong);
    auto refused = get(guarded, "10.0.0.5", wrong);
    CHECK(refused.status == 401);
    CHECK(refused.HeaderValue("WWW-Authenticate") == "Bearer");
    CHECK(json::parse(refused.body)["error"]["reason"] == "metrics_token_required");
  }
  auto allowed = get(guarded, "10.0.0.5", "Bearer " + token);
  CHECK(allowed.status == 200);
  CHECK(allowed.body.find("# TYPE lophoc_http_requests_total counter") != std::string::npos);
}

TEST_CASE("a statement that finds the database locked waits, and is counted",
          "[observability][metrics][storage]") {
  testing::TempDir dir("lophoc-busy");
  auto db = storage::Database::Open((dir.path / "busy.db").string(), 2);
  REQUIRE(db.ok());
  const storage::BusyCounts before = storage::BusyStats();
  auto holder = (*db)->Acquire();
  REQUIRE(holder->Exec("BEGIN IMMEDIATE").ok());
  Status waited;
  std::thread writer([&] {
    auto conn = (*db)->Acquire();
    waited = conn->Exec("BEGIN IMMEDIATE; COMMIT");
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(150));
  REQUIRE(holder->Exec("COMMIT").ok());
  writer.join();
  CHECK(waited.ok());
  const storage::BusyCounts after = storage::BusyStats();
  CHECK(after.waits == before.waits + 1);
  CHECK(after.retries > before.retries);
  CHECK(after.failures == before.failures);
}

}  // namespace
}  // namespace lophoc::http
