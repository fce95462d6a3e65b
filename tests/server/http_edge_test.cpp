// The edge of the real server, spoken to over raw loopback sockets as an
// attacker or an odd client would: oversized and malformed requests are
// refused at their headers and the connection closed, while other clients
// keep being answered; pipelining, Connection, Host, chunked bodies,
// Expect: 100-continue, deadlines, and the pool of its own for password
// hashing. Each case failed against the server as it was before the framer.
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include <catch2/catch.hpp>

#include "server/http/pistache_adapter.h"
#include "tests/support/http_client.h"
#include "tests/support/raw_connection.h"
#include "tests/support/test_site.h"

namespace lophoc::http {
namespace {

using Clock = std::chrono::steady_clock;
using testing::BodyOf;
using testing::HttpFetch;
using testing::Raw;
using testing::StatusOf;
using testing::TestSite;

// A server on a loopback port whose handler answers 200 with the request's
// path, holding every request (or only those for `held_path`) until Open().
// It opens before it shuts down, so that it never waits on a request it holds.
class HeldServer {
 public:
  explicit HeldServer(const ServerOptions& options, const std::string& held_path = "") {
    REQUIRE(server_
                .Start(options,
                       [this, held_path](HttpRequest req) {
                         if (held_path.empty() || req.path == held_path) Hold();
                         return HttpResponse{200, "text/plain", req.path, {}};
                       })
                .ok());
  }
  ~HeldServer() {
    Open();
    server_.Shutdown();
  }
  uint16_t port() const { return server_.port(); }
  void WaitUntilHolding(int n) const {
    while (holding_ < n) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  void Open() {
    {
      std::lock_guard<std::mutex> lock(mu_);
      open_ = true;
    }
    cv_.notify_all();
  }
  void Shutdown() { server_.Shutdown(); }

 private:
  void Hold() {
    ++holding_;
    std::unique_lock<std::mutex> lock(mu_);
    cv_.wait(lock, [&] { return open_; });
  }

  std::mutex mu_;
  std::condition_variable cv_;
  bool open_ = false;
  std::atomic<int> holding_{0};
  HttpServer server_;  // last: it stops before the members above go
};

double HealthzMs(uint16_t port) {
  const auto t0 = Clock::now();
  auto r = HttpFetch(port, "GET", "/healthz");
  const double ms = std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
  return r.status == 200 ? ms : 1e9;
}

}  // namespace

TEST_CASE("a body over the route's limit is refused at its headers, before it is sent", "[edge]") {
  TestSite t;
  const uint16_t port = t.StartServer(4 * 1024 * 1024);
  Raw c(port);
  REQUIRE(c.ok());
  // 14 MB declared, not one byte of it sent: the answer must not wait for it.
  REQUIRE(c.Send("POST /api/v1/courses HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                 "Content-Length: 14000000\r\n\r\n"));
  const std::string r = c.ReadToClose();
  CHECK(StatusOf(r) == 413);
  CHECK(r.find("Connection: close") != std::string::npos);
  CHECK(nlohmann::json::parse(BodyOf(r))["error"]["code"] == "too_large");
  CHECK(c.closed());

  // An upload route takes more than a form, but not without limit either.
  Raw upload(port);
  REQUIRE(upload.Send("POST /api/v1/users/import HTTP/1.1\r\nHost: x\r\nContent-Type: text/csv\r\n"
                      "Content-Length: 900000000\r\n\r\n"));
  CHECK(StatusOf(upload.ReadToClose()) == 413);
  CHECK(HttpFetch(port, "GET", "/healthz").status == 200);
}

TEST_CASE("a page asked for in a browser gets its 413 as a page", "[edge]") {
  TestSite t;
  const uint16_t port = t.StartServer();
  Raw c(port);
  REQUIRE(c.Send("POST /login HTTP/1.1\r\nHost: x\r\nAccept-Language: en\r\n"
                 "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 999999\r\n\r\n"));
  const std::string r = c.ReadToClose();
  CHECK(StatusOf(r) == 413);
  CHECK(r.find("text/html") != std::string::npos);
  CHECK(r.find("<html lang=\"en\"") != std::string::npos);
}

TEST_CASE("a head over 64 KiB is answered 431 without waiting for its end", "[edge]") {
  TestSite t;
  const uint16_t port = t.StartServer(4 * 1024 * 1024);
  Raw c(port);
  std::string head = "GET / HTTP/1.1\r\nHost: x\r\n";
  while (head.size() < 100 * 1024) head += "X-Pad: " + std::string(1000, 'a') + "\r\n";
  c.Send(head);  // no blank line: the head never ends
  const std::string r = c.ReadToClose();
  CHECK(StatusOf(r) == 431);
  CHECK(c.closed());
}

TEST_CASE("ten 14 MB bodies and ten 4 MB heads do not hold up other clients", "[edge]") {
  TestSite t;
  const uint16_t port = t.StartServer(4 * 1024 * 1024);
  std::atomic<int> refused{0};
  std::vector<std::thread> attackers;
  const std::string body(14 * 1000 * 1000, 'a');  // only its size is used
  std::string pad;
  for (int i = 0; i < 64; ++i) pad += "X-Pad: " + std::string(1000, 'a') + "\r\n";
  std::mutex worst_mu;
  double worst_refusal_ms = 0;
  // Sends `rest` in pieces, as curl does, looking for an early answer between them.
  auto attack = [&](const std::string& head, const std::string& piece, size_t total, int expected) {
    Raw c(port);
    const auto t0 = Clock::now();
    c.Send(head);
    std::string answer;
    for (size_t sent = 0; sent < total && answer.empty(); sent += piece.size()) {
      if (!c.Send(piece)) break;
      answer = c.ReadUntil([](const std::string& r) { return !r.empty(); }, std::chrono::milliseconds(0));
    }
    answer = c.ReadResponse();
    const double ms = std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
    if (StatusOf(answer) == expected) ++refused;
    std::lock_guard<std::mutex> lock(worst_mu);
    worst_refusal_ms = std::max(worst_refusal_ms, ms);
  };
  const std::string piece(256 * 1024, 'a');
  for (int i = 0; i < 10; ++i) {
    attackers.emplace_back(attack, "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 14000000\r\n\r\n",
                           piece, body.size(), 413);
    attackers.emplace_back(attack, "GET / HTTP/1.1\r\nHost: x\r\n", pad, 4 * 1000 * 1000, 431);
  }
  // Before the framer each /healthz here waited for the attackers: 20 s and more.
  double worst_ms = 0;
  for (int i = 0; i < 20; ++i) {
    worst_ms = std::max(worst_ms, HealthzMs(port));
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  for (auto& a : attackers) a.join();
  CHECK(refused == 20);
  // Generous bounds (shared, noisy machines); bench/edge measures the real figures.
  CHECK(worst_ms < 1000);
  CHECK(worst_refusal_ms < 2000);
}

TEST_CASE("pipelined requests are answered in order on one connection", "[edge]") {
  TestSite t;
  const uint16_t port = t.StartServer();
  Raw c(port);
  c.Send("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n"
         "GET /api/v1/courses HTTP/1.1\r\nHost: x\r\n\r\n"
         "GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
  const std::string r = c.ReadToClose();
  CHECK(Raw::Responses(r) == 3);
  CHECK(r.find("\"status\":\"ok\"") < r.find("\"courses\""));
  CHECK(r.rfind("Connection: close") > r.find("\"courses\""));
  CHECK(c.closed());
}

TEST_CASE("responses say what is done with the connection, and do it", "[edge]") {
  TestSite t;
  const uint16_t port = t.StartServer();
  SECTION("HTTP/1.1 keeps it open") {
    Raw c(port);
    c.Send("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n");
    const std::string first = c.ReadResponse();
    CHECK(first.find("Connection: keep-alive") != std::string::npos);
    CHECK_FALSE(c.closed());
    c.Send("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n");
    CHECK(Raw::Responses(c.ReadUntil([](const std::string& s) { return Raw::Responses(s) == 2; },
                                     std::chrono::milliseconds(3000))) == 2);
  }
  SECTION("Connection: close closes it") {
    Raw c(port);
    c.Send("GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    CHECK(c.ReadToClose().find("Connection: close") != std::string::npos);
    CHECK(c.closed());
  }
  SECTION("HTTP/1.0 closes it unless asked to keep it") {
    Raw c(port);
    c.Send("GET /healthz HTTP/1.0\r\n\r\n");
    const std::string r = c.ReadToClose();
    CHECK(StatusOf(r) == 200);
    CHECK(r.find("Connection: close") != std::string::npos);
    CHECK(c.closed());
  }
}

TEST_CASE("a malformed Content-Length is a 400 that carries no exception text", "[edge]") {
  TestSite t;
  const uint16_t port = t.StartServer();
  for (const std::string length : {"-1", "1e20", "3e10", "12abc", "", "0x10", "99999999999999999999"}) {
    CAPTURE(length);
    Raw c(port);
    c.Send("POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
           "Content-Length: " + length + "\r\n\r\n");
    const std::string r = c.ReadToClose();
    CHECK(StatusOf(r) == 400);
    CHECK(r.find("basic_string") == std::string::npos);
    CHECK(r.find("bad_alloc") == std::string::npos);
    CHECK(r.find("_M_") == std::string::npos);
  }
  Raw twice(port);
  twice.Send("POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\n{}");
  CHECK(StatusOf(twice.ReadToClose()) == 400);
}

TEST_CASE("a garbled request line is a 400 at once, and HTTP/1.1 needs a Host", "[edge]") {
  TestSite t;
  const uint16_t port = t.StartServer();  // header timeout 2 s: a 408 would take that long
  for (const std::string line : {"GARBAGE LINE\r\n", "GET\r\n", "GET / HTTP/2.0\r\n", "G(T / HTTP/1.1\r\n",
                                 "GET /a b HTTP/1.1\r\n"}) {
    CAPTURE(line);
    Raw c(port);
    const auto t0 = Clock::now();
    c.Send(line);
    const std::string r = c.ReadToClose();
    CHECK(StatusOf(r) == 400);
    CHECK(Clock::now() - t0 < std::chrono::milliseconds(1500));
  }
  Raw no_host(port);
  no_host.Send("GET /healthz HTTP/1.1\r\n\r\n");
  CHECK(StatusOf(no_host.ReadToClose()) == 400);
  Raw two_hosts(port);
  two_hosts.Send("GET /healthz HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n");
  CHECK(StatusOf(two_hosts.ReadToClose()) == 400);
  Raw http10(port);
  http10.Send("GET /healthz HTTP/1.0\r\n\r\n");
  CHECK(StatusOf(http10.ReadToClose()) == 200);
}

TEST_CASE("a chunked body is read, and cut at the route's limit", "[edge]") {
  TestSite t;
  const uint16_t port = t.StartServer();
  Raw ok(port);
  ok.Send("POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
          "Transfer-Encoding: chunked\r\n\r\n"
          "c\r\n{\"username\":\r\n17\r\n\"nobody\",\"password\":\"x\"\r\n1\r\n}\r\n0\r\n\r\n");
  const std::string r = ok.ReadResponse();
  CHECK(StatusOf(r) == 401);  // the whole JSON reached the login handler
  Raw big(port);
  big.Send("POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
           "Transfer-Encoding: chunked\r\n\r\n");
  std::string chunk = "8000\r\n" + std::string(0x8000, 'a') + "\r\n";
  for (int i = 0; i < 4 && big.Send(chunk); ++i) {
  }
  CHECK(StatusOf(big.ReadToClose()) == 413);
  Raw gzip(port);
  gzip.Send("POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip\r\n\r\n");
  CHECK(StatusOf(gzip.ReadToClose()) == 501);
  Raw both(port);
  both.Send("POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n"
            "Content-Length: 5\r\n\r\n");
  CHECK(StatusOf(both.ReadToClose()) == 400);
}

TEST_CASE("a client that waits for 100 Continue gets it, then its answer", "[edge]") {
  TestSite t;
  const uint16_t port = t.StartServer();
  Raw c(port);
  const std::string body = R"({"username":"nobody","password":"x"})";
  c.Send("POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
         "Expect: 100-continue\r\nContent-Length: " + std::to_string(body.size()) + "\r\n\r\n");
  const std::string interim =
      c.ReadUntil([](const std::string& s) { return s.find("\r\n\r\n") != std::string::npos; },
                  std::chrono::milliseconds(2000));
  CHECK(interim.rfind("HTTP/1.1 100 Continue\r\n\r\n", 0) == 0);
  c.Send(body);
  CHECK(StatusOf(c.ReadResponse()) == 401);
}

TEST_CASE("a head trickled in past the header deadline gets 408 and is closed", "[edge]") {
  TestSite t;
  const uint16_t port = t.StartServer();  // header timeout 2 s
  Raw c(port);
  const std::string head = "GET /healthz HTTP/1.1\r\nHost: x\r\nX-Slow: ";
  const auto t0 = Clock::now();
  c.Send(head);
  // One byte every 300 ms keeps the connection busy but never finishes the head.
  std::string answer;
  while (answer.empty() && !c.closed() && Clock::now() - t0 < std::chrono::seconds(5)) {
    if (!c.Send("a")) break;
    answer = c.ReadUntil([](const std::string& s) { return !s.empty(); }, std::chrono::milliseconds(300));
  }
  const std::string r = c.ReadToClose(std::chrono::milliseconds(1000));
  CHECK(StatusOf(r) == 408);
  CHECK(Clock::now() - t0 < std::chrono::milliseconds(4000));
}

TEST_CASE("bytes sent behind a request that is still running are bounded", "[edge]") {
  ServerOptions o;
  o.port = 0;
  o.max_request_bytes = 64 * 1024;
  HeldServer server(o);
  Raw c(server.port());
  c.Send("POST /slow HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\n\r\nx");
  server.WaitUntilHolding(1);
  // Up to 8 MB more while the POST waits, sent without blocking: the server
  // must stop holding them and end the connection.
  const std::string piece(64 * 1024, 'a');
  size_t sent = 0;
  const auto t0 = Clock::now();
  while (sent < 8 * 1024 * 1024 && Clock::now() - t0 < std::chrono::seconds(2)) {
    const ssize_t n = c.SendSome(piece);
    if (n < 0) break;  // the server has ended the connection
    sent += static_cast<size_t>(n);
    if (n == 0) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  c.ReadToClose(std::chrono::milliseconds(2000));
  CHECK(c.closed());
  CHECK(sent < 8 * 1024 * 1024);
  server.Open();
  server.Shutdown();
}

TEST_CASE("requests that hash passwords have a pool of their own", "[edge]") {
  // The adapter alone, with a handler that holds every hashing request until
  // told: other writes must still be answered.
  ServerOptions o;
  o.port = 0;
  o.threads = 2;
  o.write_workers = 1;
  o.hash_workers = 1;
  o.hash_queue_limit = 4;
  o.policy = [](const std::string&, const std::string& path) {
    RequestPolicy p;
    p.lane = path == "/hash" ? Lane::kHash : Lane::kWrite;
    return p;
  };
  HeldServer server(o, "/hash");
  const uint16_t port = server.port();
  std::vector<std::thread> hashing;
  std::atomic<int> busy{0};
  auto hash = [&] {
    if (HttpFetch(port, "POST", "/hash", {}, "x").status == 503) ++busy;
  };
  hashing.emplace_back(hash);
  server.WaitUntilHolding(1);
  for (int i = 0; i < 7; ++i) hashing.emplace_back(hash);  // 4 queued, 3 refused with 503
  while (busy < 3) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  const auto t0 = Clock::now();
  auto other = HttpFetch(port, "POST", "/quiz", {}, "x");
  CHECK(other.status == 200);
  CHECK(other.body == "/quiz");
  CHECK(Clock::now() - t0 < std::chrono::milliseconds(1000));
  server.Open();
  for (auto& h : hashing) h.join();
  CHECK(busy == 3);
  server.Shutdown();
}

}  // namespace lophoc::http
