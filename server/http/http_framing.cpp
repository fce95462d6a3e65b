#include "server/http/http_framing.h"

#include <algorithm>
#include <cctype>
#include <string_view>

namespace lophoc::http {
namespace {

constexpr size_t kMaxRequestLine = 8 * 1024;
constexpr size_t kMaxChunkSizeLine = 1024;
constexpr size_t kMaxLengthDigits = 15;  // 999 TB: far above any limit, far below overflow

bool IsTokenChar(unsigned char c) {
  if (std::isalnum(c)) return true;
  return std::string_view("!#$%&'*+-.^_`|~").find(static_cast<char>(c)) != std::string_view::npos;
}

std::string Lower(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// Why the (possibly still incomplete) request line is malformed, or empty.
std::string RequestLineProblem(std::string_view line, bool complete) {
  size_t i = 0;
  while (i < line.size() && line[i] != ' ') {
    if (!IsTokenChar(static_cast<unsigned char>(line[i]))) return "malformed request method";
    ++i;
  }
  if (i == line.size()) return complete ? "malformed request line" : "";
  if (i == 0) return "malformed request line";
  size_t target_start = ++i;
  while (i < line.size() && line[i] != ' ') {
    const auto c = static_cast<unsigned char>(line[i]);
    if (c <= 0x20 || c == 0x7f) return "malformed request target";
    ++i;
  }
  if (i == line.size()) return complete ? "malformed request line" : "";
  if (i == target_start) return "malformed request target";
  const std::string_view version = line.substr(i + 1);
  constexpr std::string_view k10 = "HTTP/1.0";
  constexpr std::string_view k11 = "HTTP/1.1";
  if (complete) return version == k10 || version == k11 ? "" : "unsupported HTTP version";
  if (version.size() > k11.size() ||
      (k10.substr(0, version.size()) != version && k11.substr(0, version.size()) != version)) {
    return "unsupported HTTP version";
  }
  return "";
}

// Digits only, without sign, exponent or spaces inside.
bool ParseLength(std::string_view s, size_t& out) {
  if (s.empty() || s.size() > kMaxLengthDigits) return false;
  size_t v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
    v = v * 10 + static_cast<size_t>(c - '0');
  }
  out = v;
  return true;
}

}  // namespace

RequestFramer::Outcome RequestFramer::Fail(FramingError& err, int status, std::string code,
                                           std::string message) {
  phase_ = Phase::kFailed;
  err = FramingError{status, std::move(code), std::move(message)};
  return Outcome::kError;
}

RequestFramer::Outcome RequestFramer::Next(FramedRequest& out, FramingError& err) {
  if (phase_ == Phase::kFailed) return Fail(err, 400, "bad_request", "connection already refused");
  if (phase_ == Phase::kHead) {
    // Empty lines before a request line are ignored (RFC 9112, 2.2).
    while (scanned_ == 0 && !buf_.empty() && (buf_[0] == '\r' || buf_[0] == '\n')) {
      if (buf_[0] == '\r' && buf_.size() < 2) return Outcome::kNeedMore;
      buf_.erase(0, buf_[0] == '\r' && buf_[1] == '\n' ? 2 : 1);
    }
    // Find the end of the head: an empty line. Lines end in CRLF (a bare LF
    // is accepted); the search resumes where it stopped.
    size_t head_end = std::string::npos;
    const size_t first_nl = buf_.find('\n');
    const std::string_view first_line =
        std::string_view(buf_).substr(0, first_nl == std::string::npos ? buf_.size() : first_nl);
    const bool line_complete = first_nl != std::string::npos;
    std::string_view line_view = first_line;
    if (line_complete && !line_view.empty() && line_view.back() == '\r') line_view.remove_suffix(1);
    const std::string problem = RequestLineProblem(line_view, line_complete);
    if (!problem.empty()) return Fail(err, 400, "bad_request", problem);
    if (!line_complete && buf_.size() > kMaxRequestLine) {
      return Fail(err, 414, "uri_too_long", "the request line is too long");
    }
    size_t pos = std::max(scanned_, line_complete ? first_nl + 1 : buf_.size());
    while (line_complete) {
      const size_t nl = buf_.find('\n', pos);
      if (nl == std::string::npos) break;
      const bool empty_line = nl == pos || (nl == pos + 1 && buf_[pos] == '\r');
      if (empty_line) {
        head_end = nl + 1;
        break;
      }
      pos = nl + 1;
    }
    scanned_ = pos;
    // A head refused for its size is answered in its path's terms (JSON under
    // /api/): the refusal reads the target from Partial(), which the head
    // fills only once parsed. The request line is complete and valid here.
    // Only the target: an empty method tells the adapter the head is not in.
    const auto too_large = [&] {
      if (line_complete) {
        const size_t sp1 = line_view.find(' ');
        current_.target = std::string(line_view.substr(sp1 + 1, line_view.rfind(' ') - sp1 - 1));
      }
      return Fail(err, 431, "headers_too_large", "the request headers are too large");
    };
    if (head_end == std::string::npos) {
      if (buf_.size() > limits_.max_header_bytes) return too_large();
      return Outcome::kNeedMore;
    }
    if (head_end > limits_.max_header_bytes) return too_large();
    Outcome head = ParseHead(head_end, err);
    if (head == Outcome::kError) return head;
  }
  if (phase_ == Phase::kLength) {
    if (buf_.size() < content_length_) return Outcome::kNeedMore;
    current_.body.assign(buf_, 0, content_length_);
    buf_.erase(0, content_length_);
  } else if (phase_ != Phase::kHead) {
    Outcome chunked = ReadChunked(err);
    if (chunked != Outcome::kRequest) return chunked;
  }
  out = std::move(current_);
  current_ = FramedRequest{};
  phase_ = Phase::kHead;
  scanned_ = 0;
  return Outcome::kRequest;
}

RequestFramer::Outcome RequestFramer::ParseHead(size_t head_end, FramingError& err) {
  const std::string_view head = std::string_view(buf_).substr(0, head_end);
  FramedRequest req;  // moved into current_ once the head is read
  size_t line_start = 0;
  bool first = true;
  int hosts = 0;
  std::string length_value;
  bool has_length = false;
  std::string transfer;
  std::string connection;
  while (line_start < head.size()) {
    size_t nl = head.find('\n', line_start);
    std::string_view line = head.substr(line_start, nl - line_start);
    line_start = nl + 1;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty()) break;
    if (first) {
      first = false;
      const size_t sp1 = line.find(' ');
      const size_t sp2 = line.find(' ', sp1 + 1);
      req.method = std::string(line.substr(0, sp1));
      req.target = std::string(line.substr(sp1 + 1, sp2 - sp1 - 1));
      req.http11 = line.substr(sp2 + 1) == "HTTP/1.1";
      continue;
    }
    if (line.front() == ' ' || line.front() == '\t') {
      return Fail(err, 400, "bad_request", "folded header lines are not accepted");
    }
    const size_t colon = line.find(':');
    if (colon == std::string_view::npos || colon == 0) {
      return Fail(err, 400, "bad_request", "malformed header line");
    }
    for (size_t i = 0; i < colon; ++i) {
      if (!IsTokenChar(static_cast<unsigned char>(line[i]))) {
        return Fail(err, 400, "bad_request", "malformed header name");
      }
    }
    std::string name = Lower(line.substr(0, colon));
    const std::string_view value = Trim(line.substr(colon + 1));
    for (char c : value) {
      const auto u = static_cast<unsigned char>(c);
      if ((u < 0x20 && u != '\t') || u == 0x7f) {
        return Fail(err, 400, "bad_request", "control character in a header value");
      }
    }
    if (name == "host") ++hosts;
    if (name == "content-length") {
      if (has_length && length_value != value) {
        return Fail(err, 400, "bad_request", "conflicting Content-Length headers");
      }
      has_length = true;
      length_value = std::string(value);
    }
    if (name == "transfer-encoding") transfer += (transfer.empty() ? "" : ",") + Lower(value);
    if (name == "connection") connection += (connection.empty() ? "" : ",") + Lower(value);
    req.headers.emplace_back(std::move(name), std::string(value));
  }
  if (req.http11 && hosts != 1) {
    return Fail(err, 400, "bad_request",
                hosts == 0 ? "an HTTP/1.1 request needs a Host header" : "more than one Host header");
  }
  const bool says_close = connection.find("close") != std::string::npos;
  const bool says_keep = connection.find("keep-alive") != std::string::npos;
  req.keep_alive = req.http11 ? !says_close : says_keep && !says_close;
  bool expect_continue = false;
  for (const auto& [name, value] : req.headers) {
    if (name == "expect" && Lower(value) == "100-continue") expect_continue = req.http11;
  }
  current_ = std::move(req);

  buf_.erase(0, head_end);
  // The route is looked up only for a request that has a body.
  auto body_limit = [this] {
    return limits_.body_limit ? limits_.body_limit(current_.method, current_.target) : 0;
  };
  if (!transfer.empty()) {
    if (has_length) {
      return Fail(err, 400, "bad_request", "both Content-Length and Transfer-Encoding");
    }
    if (Trim(transfer) != "chunked") {
      return Fail(err, 501, "not_implemented", "only the chunked transfer coding is supported");
    }
    body_limit_ = body_limit();
    phase_ = Phase::kChunkSize;
  } else if (has_length) {
    size_t length = 0;
    if (!ParseLength(length_value, length)) {
      return Fail(err, 400, "bad_request", "malformed Content-Length");
    }
    body_limit_ = length > 0 ? body_limit() : 0;
    if (length > body_limit_) {
      return Fail(err, 413, "too_large",
                  "request body is larger than " + std::to_string(body_limit_ / 1024) + " KiB");
    }
    content_length_ = length;
    phase_ = Phase::kLength;
  }
  expect_continue_ = expect_continue && phase_ != Phase::kHead && (phase_ != Phase::kLength || content_length_ > 0);
  return Outcome::kRequest;
}

RequestFramer::Outcome RequestFramer::ReadChunked(FramingError& err) {
  for (;;) {
    if (phase_ == Phase::kChunkSize) {
      const size_t nl = buf_.find('\n');
      if (nl == std::string::npos) {
        if (buf_.size() > kMaxChunkSizeLine) {
          return Fail(err, 400, "bad_request", "malformed chunk size");
        }
        return Outcome::kNeedMore;
      }
      std::string_view line = std::string_view(buf_).substr(0, nl);
      if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
      line = Trim(line.substr(0, line.find(';')));  // chunk extensions are ignored
      if (line.empty() || line.size() > 8) return Fail(err, 400, "bad_request", "malformed chunk size");
      size_t size = 0;
      for (char c : line) {
        if (!std::isxdigit(static_cast<unsigned char>(c))) {
          return Fail(err, 400, "bad_request", "malformed chunk size");
        }
        size = size * 16 + static_cast<size_t>(std::isdigit(static_cast<unsigned char>(c))
                                                   ? c - '0'
                                                   : std::tolower(static_cast<unsigned char>(c)) - 'a' + 10);
      }
      buf_.erase(0, nl + 1);
      if (size == 0) {
        phase_ = Phase::kTrailers;
        trailer_bytes_ = 0;
        continue;
      }
      if (current_.body.size() + size > body_limit_) {
        return Fail(err, 413, "too_large",
                    "request body is larger than " + std::to_string(body_limit_ / 1024) + " KiB");
      }
      chunk_left_ = size;
      phase_ = Phase::kChunkData;
    } else if (phase_ == Phase::kChunkData) {
      const size_t take = std::min(chunk_left_, buf_.size());
      current_.body.append(buf_, 0, take);
      buf_.erase(0, take);
      chunk_left_ -= take;
      if (chunk_left_ > 0) return Outcome::kNeedMore;
      phase_ = Phase::kChunkEnd;
    } else if (phase_ == Phase::kChunkEnd) {
      if (buf_.size() < 2) {
        if (buf_ == "\n") {
          buf_.clear();
          phase_ = Phase::kChunkSize;
          continue;
        }
        return Outcome::kNeedMore;
      }
      const size_t eol = buf_.compare(0, 2, "\r\n") == 0 ? 2 : (buf_[0] == '\n' ? 1 : 0);
      if (eol == 0) return Fail(err, 400, "bad_request", "a chunk does not end with CRLF");
      buf_.erase(0, eol);
      phase_ = Phase::kChunkSize;
    } else {  // kTrailers: header lines up to an empty line, ignored
      const size_t nl = buf_.find('\n');
      if (nl == std::string::npos) {
        if (trailer_bytes_ + buf_.size() > limits_.max_header_bytes) {
          return Fail(err, 431, "headers_too_large", "the request trailers are too large");
        }
        return Outcome::kNeedMore;
      }
      const bool empty = nl == 0 || (nl == 1 && buf_[0] == '\r');
      trailer_bytes_ += nl + 1;
      if (trailer_bytes_ > limits_.max_header_bytes) {
        return Fail(err, 431, "headers_too_large", "the request trailers are too large");
      }
      buf_.erase(0, nl + 1);
      if (empty) return Outcome::kRequest;
    }
  }
}

}  // namespace lophoc::http
