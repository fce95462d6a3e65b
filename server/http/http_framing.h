// RequestFramer: reads HTTP/1.x requests out of the bytes of one connection,
// in linear time, and decides at the edge what a request may cost before its
// body is read. Pistache 0.0.5's own parser re-reads a request from its first
// byte on every packet until it is complete (a 14 MB body took 51 s of one
// I/O thread) and takes a declared Content-Length on trust; the adapter
// therefore frames requests here and uses Pistache for the transport only.
//
// Rules (RFC 9112), each refusal final for the connection (the caller answers
// and closes):
// - the request line is METHOD SP TARGET SP HTTP/1.0|HTTP/1.1; anything else
//   is 400 as soon as the first line (or the method token) shows it;
// - the header block is at most `max_header_bytes`: 431 once it is over,
//   without waiting for its end;
// - HTTP/1.1 needs exactly one Host header (400);
// - Content-Length is digits only, one value (400), at most the route's body
//   limit (413, decided on the headers, before any of the body is read);
// - Transfer-Encoding: chunked is decoded and cut at the same limit (413);
//   any other transfer coding is 501; both headers at once is 400.
// Several requests in one write (pipelining) come out one by one, in order.
//
// Not thread-safe: one framer per connection, used by one thread at a time.
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <utility>
#include <vector>

namespace lophoc::http {

struct FramedRequest {
  std::string method;
  std::string target;  // as sent: path and query, not decoded
  bool http11 = true;
  std::vector<std::pair<std::string, std::string>> headers;  // names lower-case, in order
  std::string body;
  bool keep_alive = true;  // what the client asked for (version and Connection)
};

struct FramingError {
  int status = 400;
  std::string code;     // e.g. "too_large", as in the JSON error bodies
  std::string message;  // English, for developers and logs
};

struct FramerLimits {
  size_t max_header_bytes = 64 * 1024;
  // The largest body the request's route accepts, from its method and target.
  std::function<size_t(const std::string& method, const std::string& target)> body_limit;
};

class RequestFramer {
 public:
  enum class Outcome { kNeedMore, kRequest, kError };

  explicit RequestFramer(FramerLimits limits) : limits_(std::move(limits)) {}

  void Append(const char* data, size_t len) { buf_.append(data, len); }
  // Whether bytes of a request not yet complete are held.
  bool Started() const { return !buf_.empty() || phase_ != Phase::kHead; }
  // Bytes held beyond the requests already returned (pipelined requests).
  size_t Buffered() const { return buf_.size(); }
  // True once for a request whose head asked for "Expect: 100-continue" and
  // whose body is now awaited within its limit: the caller sends 100.
  bool TakeExpectContinue() {
    const bool v = expect_continue_;
    expect_continue_ = false;
    return v;
  }
  // The head of the request being read (or refused at its head): method,
  // target and headers, for the refusal page.
  const FramedRequest& Partial() const { return current_; }

  // The next complete request into `out` (kRequest), or kNeedMore, or a
  // refusal into `err` (kError; the framer is then unusable).
  Outcome Next(FramedRequest& out, FramingError& err);

 private:
  enum class Phase { kHead, kLength, kChunkSize, kChunkData, kChunkEnd, kTrailers, kFailed };

  Outcome Fail(FramingError& err, int status, std::string code, std::string message);
  Outcome ParseHead(size_t head_end, FramingError& err);
  Outcome ReadChunked(FramingError& err);
  bool RequestLineBad() const;

  FramerLimits limits_;
  std::string buf_;
  size_t scanned_ = 0;  // where the search for the end of the head resumes
  Phase phase_ = Phase::kHead;
  FramedRequest current_;
  size_t body_limit_ = 0;
  size_t content_length_ = 0;
  size_t chunk_left_ = 0;
  size_t trailer_bytes_ = 0;
  bool expect_continue_ = false;
};

}  // namespace lophoc::http
