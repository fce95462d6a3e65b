// Behind a reverse proxy (lophoc serve --trusted-proxy): the client address
// the sign-in limits count is the last X-Forwarded-For entry, but only on
// connections from that proxy; anyone else's header is ignored. Over a real
// loopback socket, where 127.x.y.z sources stand for different computers.
#include <catch2/catch.hpp>
#include <map>
#include <nlohmann/json.hpp>
#include <string>

#include "server/http/client_address.h"
#include "tests/support/http_client.h"
#include "tests/support/test_world.h"

namespace lophoc::http {
namespace {

using nlohmann::json;
using people::Role;
using testing::ClientResponse;
using testing::kPassword;
constexpr const char* kProxy = "127.0.0.9";

// A site whose only account is thu.thu, served with `trusted_proxy`.
struct ProxiedSite {
  explicit ProxiedSite(const std::string& trusted_proxy)
      : t(testing::FixturePath("content-good"), ":memory:", LogLevel::kWarn,
          [&trusted_proxy](SiteOptions& o) { o.trusted_proxy = trusted_proxy; }) {
    auto unit =
        t.people().CreateOrgUnit(people::Actor::CommandLine(), {"A", "Tỉnh A", "province", ""});
    REQUIRE(unit.ok());
    testing::MakeAccount(t.people(), {"thu.thu", {Role::kLearner}, "A"});
    port = t.StartServer();
  }
  // Signs in to thu.thu from `peer`, with X-Forwarded-For `forwarded` when not empty.
  ClientResponse Login(const std::string& peer, const std::string& forwarded,
                       const std::string& password) {
    std::map<std::string, std::string> headers{{"Content-Type", "application/json"}};
    if (!forwarded.empty()) headers["X-Forwarded-For"] = forwarded;
    return testing::HttpFetchFrom(peer, port, "POST", "/api/v1/auth/login", headers,
                                  json{{"username", "thu.thu"}, {"password", password}}.dump());
  }

  testing::TestSite t;
  uint16_t port = 0;
};

TEST_CASE("behind the trusted proxy the sign-in limits count the address the proxy names",
          "[trusted_proxy][limits]") {
  ProxiedSite w(kProxy);
  // Five wrong passwords from 203.0.113.5 block that computer for this account...
  for (int i = 0; i < 5; ++i) {
    CHECK(w.Login(kProxy, "203.0.113.5", "sai " + std::to_string(i)).status == 401);
  }
  auto blocked = w.Login(kProxy, "203.0.113.5", kPassword);
  CHECK(blocked.status == 429);
  CHECK(blocked.Header("retry-after") == "900");
  // ...even when it writes another address in front of the one the proxy adds.
  CHECK(w.Login(kProxy, "198.51.100.1, 203.0.113.5", kPassword).status == 429);
  // Another computer behind the same proxy signs in.
  CHECK(w.Login(kProxy, "203.0.113.6", kPassword).status == 200);
}

TEST_CASE("X-Forwarded-For from anyone but the trusted proxy changes nothing",
          "[trusted_proxy][limits]") {
  const std::string trusted = GENERATE(std::string(""), std::string(kProxy));
  CAPTURE(trusted);
  ProxiedSite w(trusted);
  const std::string computer = "127.0.0.10";
  // A guesser names a new address in each request: all count against its own.
  for (int i = 0; i < 5; ++i) {
    const std::string invented = "203.0.113." + std::to_string(20 + i);
    CHECK(w.Login(computer, invented, "sai " + std::to_string(i)).status == 401);
  }
  CHECK(w.Login(computer, "203.0.113.99", kPassword).status == 429);
  CHECK(w.Login(computer, "", kPassword).status == 429);
}

TEST_CASE("the client address behind a proxy, entry by entry", "[trusted_proxy]") {
  struct Case {
    std::string peer, trusted, forwarded, expected;
  };
  const Case c = GENERATE(values<Case>({
      {"127.0.0.9", "", "203.0.113.5", "127.0.0.9"},             // no proxy trusted
      {"127.0.0.10", "127.0.0.9", "203.0.113.5", "127.0.0.10"},  // not the proxy
      {"127.0.0.9", "127.0.0.9", "203.0.113.5", "203.0.113.5"},
      {"127.0.0.9", "127.0.0.9", "10.0.0.1, 203.0.113.5", "203.0.113.5"},
      {"127.0.0.9", "127.0.0.9", " 203.0.113.5 ", "203.0.113.5"},
      {"127.0.0.9", "127.0.0.9", "", "127.0.0.9"},                   // no header
      {"127.0.0.9", "127.0.0.9", "203.0.113.5, ", "127.0.0.9"},      // empty last entry
      {"127.0.0.9", "127.0.0.9", "evil.example", "127.0.0.9"},       // not an address
      {"127.0.0.9", "127.0.0.9", "203.0.113.5:4711", "127.0.0.9"},   // with a port
      {"127.0.0.9", "127.0.0.9", "2001:DB8:0:0::1", "2001:db8::1"},  // canonical form
      {"::1", "::1", "2001:db8::7", "2001:db8::7"},
  }));
  CAPTURE(c.peer, c.trusted, c.forwarded);
  HttpRequest req;
  req.client_address = c.peer;
  if (!c.forwarded.empty()) req.headers["x-forwarded-for"] = c.forwarded;
  CHECK(ClientAddressBehind(req, c.trusted) == c.expected);
}

TEST_CASE("a trusted proxy must be written as one IP address", "[trusted_proxy]") {
  CHECK(CanonicalIpAddress("127.0.0.1") == std::optional<std::string>("127.0.0.1"));
  CHECK(CanonicalIpAddress("0:0:0:0:0:0:0:1") == std::optional<std::string>("::1"));
  for (const char* bad : {"", "localhost", "127.0.0.1:80", "10.0.0.0/8", "[::1]", "1.2.3"}) {
    CAPTURE(bad);
    CHECK_FALSE(CanonicalIpAddress(bad).has_value());
  }
}

}  // namespace
}  // namespace lophoc::http
