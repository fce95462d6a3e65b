// libFuzzer harness for RequestFramer (server/http/http_framing.cpp), the
// code that reads every byte a client sends before any route does. Not part
// of the CTest suite; run it with tests/fuzz/run.sh framer. The input is cut
// into pieces at positions the fuzzer chooses (the first bytes), as TCP may
// cut it. Besides "never crash, never hang, no ASan/UBSan report", it checks
// the header's promises: every request returned has a method, a target, a
// body within the limit; a refusal is final and has a status the edge sends;
// the same bytes give the same requests however they are cut.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "server/http/http_framing.h"

namespace {

using lophoc::http::FramedRequest;
using lophoc::http::FramerLimits;
using lophoc::http::FramingError;
using lophoc::http::RequestFramer;

constexpr size_t kBodyLimit = 300;
constexpr size_t kHeaderLimit = 512;

void Require(bool ok, const char* what) {
  if (ok) return;
  std::fprintf(stderr, "framer invariant broken: %s\n", what);
  std::abort();
}

// What the framer makes of `data` fed in pieces of the given sizes: the
// requests (method, target, body) and the final status (0 while it waits).
struct Outcome {
  std::vector<std::string> requests;
  int refused = 0;
};

Outcome Feed(const std::string& data, const std::vector<size_t>& cuts) {
  FramerLimits limits;
  limits.max_header_bytes = kHeaderLimit;
  limits.body_limit = [](const std::string&, const std::string&) { return kBodyLimit; };
  RequestFramer framer(limits);
  Outcome out;
  size_t pos = 0;
  size_t cut = 0;
  while (pos < data.size() && out.refused == 0) {
    const size_t n = cut < cuts.size() ? std::min(cuts[cut++], data.size() - pos) : data.size() - pos;
    framer.Append(data.data() + pos, n);
    pos += n;
    for (;;) {
      FramedRequest req;
      FramingError err;
      const auto o = framer.Next(req, err);
      if (o == RequestFramer::Outcome::kNeedMore) break;
      if (o == RequestFramer::Outcome::kError) {
        Require(err.status == 400 || err.status == 413 || err.status == 414 || err.status == 431 ||
                    err.status == 501,
                "a refusal's status is one the edge sends");
        Require(!err.code.empty() && !err.message.empty(), "a refusal says why");
        FramedRequest again;
        FramingError again_err;
        Require(framer.Next(again, again_err) == RequestFramer::Outcome::kError, "a refusal is final");
        out.refused = err.status;
        break;
      }
      Require(!req.method.empty() && !req.target.empty(), "a request has a method and a target");
      Require(req.body.size() <= kBodyLimit, "a body stays within its limit");
      out.requests.push_back(req.method + " " + req.target + " " + req.body);
    }
  }
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* bytes, size_t size) {
  if (size < 2) return 0;
  // The first two bytes choose how the rest is cut.
  const size_t a = 1 + bytes[0] % 97;
  const size_t b = 1 + bytes[1] % 13;
  const std::string data(reinterpret_cast<const char*>(bytes + 2), size - 2);
  std::vector<size_t> cuts;
  for (size_t i = 0, total = 0; total < data.size(); ++i) {
    const size_t piece = i % 2 == 0 ? a : b;
    cuts.push_back(piece);
    total += piece;
  }
  const Outcome whole = Feed(data, {});
  const Outcome pieces = Feed(data, cuts);
  // A refusal may come earlier when bytes come one by one (a bad method is
  // seen before the line ends), but the requests before it are the same.
  const size_t common = std::min(whole.requests.size(), pieces.requests.size());
  for (size_t i = 0; i < common; ++i) {
    Require(whole.requests[i] == pieces.requests[i], "the same bytes give the same requests");
  }
  if (whole.refused == 0 && pieces.refused == 0) {
    Require(whole.requests.size() == pieces.requests.size(), "the same number of requests");
  }
  return 0;
}
