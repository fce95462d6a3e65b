// libFuzzer harness for the whole HTTP path: the bytes a client sends ->
// RequestFramer (server/http/http_framing.h) -> ToHttpRequest
// (server/http/http_wire.h) -> the router and the real handlers of a whole
// site (tests/support/test_site.h: every service over SQLite ":memory:", the
// fixture content of content-learning and content-good, the real templates
// and messages) -> the response. The adapter's part (body limits per route,
// the refusal page of the edge) is done as server/http/pistache_adapter.cpp
// does it, without a socket. Not part of the CTest suite; run it with
// tests/fuzz/run.sh http.
//
// The input is one connection's bytes (several requests may be pipelined).
// So that the fuzzer gets past sign-in and CSRF, these words are replaced in
// each framed request's target, header values and body: $SA/$CA (session
// id / CSRF token of an admin), $SM/$CM (a manager of province A), $ST/$CT
// (a trainer of A), $SL/$CL (a staff learner at SA1), e.g.
// "Cookie: lophoc_session=$SA" and "csrf_token=$CA". A fuzzed request may
// sign a session out or change a password: the sessions are checked after
// any request that is not a GET and made again (the whole site rebuilt if
// signing in fails).
//
// Checked for every response, besides "never crash, never hang, no
// ASan/UBSan report": no handler throws (the adapter would answer 500), no
// 5xx at all from the site, the status is one of a known set, the edge's
// refusals keep the framer's status, header names are tokens and no value
// holds CR, LF or NUL, a JSON answer (not gzip-encoded) parses, a redirect goes to a path of
// this site (never "//host" or another scheme).
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "server/http/http_framing.h"
#include "server/http/http_wire.h"
#include "tests/support/test_site.h"

namespace {

using lophoc::http::FramedRequest;
using lophoc::http::FramingError;
using lophoc::http::HttpRequest;
using lophoc::http::HttpResponse;
using lophoc::http::RequestFramer;

constexpr const char* kClient = "192.0.2.7";
constexpr size_t kMaxRequestBytes = 64 * 1024;
constexpr size_t kMaxHeaderBytes = 8 * 1024;
constexpr const char* kPassword = "Thư viện xanh 2026";

void Require(bool ok, const char* what) {
  if (ok) return;
  std::fprintf(stderr, "http invariant broken: %s\n", what);
  std::abort();
}

template <typename T>
T Must(lophoc::Result<T> r, const char* what) {
  if (!r.ok()) std::fprintf(stderr, "%s: %s\n", what, r.status().ToString().c_str());
  Require(r.ok(), what);
  return std::move(*r);
}

struct Person {
  const char* username;
  lophoc::people::Role role;
  const char* org;
  const char* site;
  const char* session_word;
  const char* csrf_word;
  std::string session_id;
  std::string csrf_token;
};

// The site, its people and their sessions.
class World {
 public:
  World()
      : site_(lophoc::testing::FixturePath("content-learning"),
              ":memory:", lophoc::http::LogLevel::kError) {
    lophoc::Diagnostics diags;
    Must(site_.content().Import(lophoc::testing::FixturePath("content-good"), "fuzz", diags),
         "the second fixture imports");
    Require(!diags.HasErrors(), "the second fixture has no errors");
    auto& people = site_.people();
    const auto cli = lophoc::people::Actor::CommandLine();
    Must(people.CreateOrgUnit(cli, {"A", "Tỉnh A", "province", ""}), "org unit A");
    Must(people.CreateOrgUnit(cli, {"A1", "Huyện A1", "district", "A"}), "org unit A1");
    Must(people.CreateOrgUnit(cli, {"B", "Tỉnh B", "province", ""}), "org unit B");
    Must(people.CreateSite(cli, {"SA1", "Thư viện A1", "district_library", "A1", false}), "SA1");
    for (const Person& p : people_) {
      lophoc::app::UserInput in{
          p.username, std::string("Người ") + p.username, std::nullopt, {p.role}, p.org, p.site, "",
          true};
      Must(people.CreateUser(cli, in, kPassword), "an account");
    }
    site_.site().ConfigureServer(options_);
    Require(SignIn(), "the accounts sign in");
  }

  // Signs everyone in again; false when someone cannot.
  bool SignIn() {
    for (Person& p : people_) {
      const auto r = site_.people().Login(p.username, kPassword, "10.9.9.9", "");
      if (!r.status.ok()) return false;
      p.session_id = r.session.session_id;
      p.csrf_token = r.session.csrf_token;
    }
    return true;
  }

  // Whether every session still answers GET /api/v1/me.
  bool SessionsWork() {
    for (const Person& p : people_) {
      HttpRequest req;
      req.method = "GET";
      req.path = "/api/v1/me";
      req.headers["cookie"] = std::string("lophoc_session=") + p.session_id;
      req.client_address = "10.9.9.9";
      if (site_.Send(std::move(req)).status != 200) return false;
    }
    return true;
  }

  void Substitute(std::string& s) const {
    if (s.find('$') == std::string::npos) return;
    for (const Person& p : people_) {
      Replace(s, p.session_word, p.session_id);
      Replace(s, p.csrf_word, p.csrf_token);
    }
  }

  lophoc::testing::TestSite& site() { return site_; }
  const lophoc::http::ServerOptions& options() const { return options_; }

 private:
  static void Replace(std::string& s, std::string_view word, const std::string& by) {
    for (size_t at = s.find(word); at != std::string::npos; at = s.find(word, at + by.size())) {
      s.replace(at, word.size(), by);
    }
  }

  lophoc::testing::TestSite site_;
  lophoc::http::ServerOptions options_;
  std::vector<Person> people_{
      {"quantri", lophoc::people::Role::kAdmin, "", "", "$SA", "$CA", "", ""},
      {"quanly", lophoc::people::Role::kManager, "A", "", "$SM", "$CM", "", ""},
      {"giangvien", lophoc::people::Role::kTrainer, "A", "", "$ST", "$CT", "", ""},
      {"hocvien", lophoc::people::Role::kLearner, "A1", "SA1", "$SL", "$CL", "", ""},
  };
};

std::unique_ptr<World>& TheWorld() {
  static std::unique_ptr<World> world;
  if (!world) world = std::make_unique<World>();
  return world;
}

bool IsToken(std::string_view name) {
  if (name.empty()) return false;
  for (char c : name) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
    if (!ok) return false;
  }
  return true;
}

bool SafeHeaderValue(std::string_view v) {
  return v.find_first_of(std::string_view("\r\n\0", 3)) == std::string_view::npos;
}

void CheckResponse(const HttpResponse& res) {
  static const std::set<int> kKnown = {200, 201, 204, 301, 302, 303, 304, 307, 308,
                                       400, 401, 403, 404, 405, 406, 409, 410, 411,
                                       412, 413, 414, 415, 416, 422, 429, 431};
  if (kKnown.count(res.status) == 0)
    std::fprintf(stderr, "status %d\n%s\n", res.status, res.body.c_str());
  Require(res.status < 500, "no 5xx from the site");
  Require(kKnown.count(res.status) == 1, "the status is one of the known set");
  Require(!res.content_type.empty() && SafeHeaderValue(res.content_type),
          "a Content-Type without line breaks");
  for (const auto& [name, value] : res.headers) {
    Require(IsToken(name), "header names are tokens");
    Require(SafeHeaderValue(value), "header values hold no CR, LF or NUL");
  }
  // (A gzip-encoded body, for a client that sent Accept-Encoding: gzip, is not read.)
  if (res.content_type.rfind("application/json", 0) == 0 && !res.body.empty() &&
      res.HeaderValue("Content-Encoding").empty()) {
    Require(nlohmann::json::accept(res.body), "a JSON answer parses");
  }
  if (res.status / 100 == 3 && res.status != 304) {
    const std::string location = res.HeaderValue("Location");
    const bool local = location.size() >= 1 && location[0] == '/' &&
                       (location.size() == 1 || (location[1] != '/' && location[1] != '\\'));
    const bool own = location.rfind("https://hoc.example.vn/", 0) == 0;
    if (!local && !own) std::fprintf(stderr, "Location: %s\n", location.c_str());
    Require(local || own, "a redirect goes to this site");
  }
}

// What the adapter answers for a refusal at the edge (pistache_adapter.cpp, Refusal).
HttpResponse EdgeRefusal(World& w, int status, const std::string& code, const std::string& message,
                         const HttpRequest& req) {
  return w.options().refusal(status, code, message, req);
}

}  // namespace

// The site is built before the first input, so that its seconds do not count
// against the first input's time limit.
extern "C" int LLVMFuzzerInitialize(int*, char***) {
  TheWorld();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > kMaxRequestBytes + kMaxHeaderBytes) return 0;
  World& w = *TheWorld();
  lophoc::http::FramerLimits limits;
  limits.max_header_bytes = kMaxHeaderBytes;
  limits.body_limit = [&w](const std::string& method, const std::string& target) {
    lophoc::http::RequestPolicy p;
    if (auto path = lophoc::http::TargetPath(target)) p = w.options().policy(method, *path);
    return std::min(p.body_limit, kMaxRequestBytes);
  };
  RequestFramer framer(limits);
  framer.Append(reinterpret_cast<const char*>(data), size);
  bool wrote = false;
  for (int n = 0; n < 8; ++n) {
    FramedRequest framed;
    FramingError err;
    const auto outcome = framer.Next(framed, err);
    if (outcome == RequestFramer::Outcome::kNeedMore) break;
    if (outcome == RequestFramer::Outcome::kError) {
      const HttpRequest partial = lophoc::http::RefusedRequest(framer.Partial(), kClient);
      const HttpResponse res = EdgeRefusal(w, err.status, err.code, err.message, partial);
      Require(res.status == err.status, "an edge refusal keeps the framer's status");
      if (res.status != 501) CheckResponse(res);  // 501: a transfer coding we do not read
      break;
    }
    w.Substitute(framed.target);
    for (auto& [name, value] : framed.headers) w.Substitute(value);
    w.Substitute(framed.body);
    const std::string target = framed.target;
    HttpRequest req;
    if (!lophoc::http::ToHttpRequest(std::move(framed), kClient, req)) {
      req.path = target.rfind("/api/", 0) == 0 ? "/api/" : "/";
      CheckResponse(EdgeRefusal(w, 400, "invalid_argument", "malformed URL", req));
      continue;
    }
    wrote = wrote || (req.method != "GET" && req.method != "HEAD");
    HttpResponse res;
    try {
      res = w.site().Send(std::move(req));
    } catch (const std::exception& e) {
      std::fprintf(stderr, "handler threw: %s\n", e.what());
      Require(false, "no handler throws (the adapter would answer 500)");
    }
    CheckResponse(res);
  }
  if (wrote && !w.SessionsWork() && !w.SignIn()) TheWorld() = std::make_unique<World>();
  return 0;
}
