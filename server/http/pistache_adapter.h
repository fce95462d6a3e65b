// HttpServer: the only code that includes Pistache. Pistache carries the
// bytes (sockets, epoll, writes); requests are framed by RequestFramer
// (server/http/http_framing.h), which decides at the headers what a request
// may cost, so an oversized or malformed request is refused before its body
// is read and never reaches Pistache's parser. Each framed request becomes an
// HttpRequest, one handler function answers it, and the HttpResponse is
// written back (every header through a runtime-named header class, since
// Pistache drops addRaw headers). Counts in-flight requests so the caller can
// drain before Shutdown().
//
// Where requests run: GET and HEAD on Pistache's I/O threads; every other
// method on a small pool (`write_workers` threads, a bounded queue), because
// it may wait for the SQLite write lock and a blocked I/O thread stalls every
// connection it serves; requests whose route hashes a password (argon2id:
// ~80 ms and 64 MiB) on a pool of their own (`hash_workers`, its own bounded
// queue), so that logins can never starve quiz submissions. A full queue is
// answered 503 with Retry-After. (The pools: server/http/worker_pool.h; the
// request and response conversions: server/http/http_wire.h.) The policy is
// asked at most once per request: when its head announces a body (for the
// limit), the pool is chosen from that same answer.
//
// Connections: HTTP/1.1 keeps the connection open unless the client says
// "Connection: close" (HTTP/1.0 only when it says keep-alive), and every
// response says which. Pipelined requests are answered in order. A refused
// request (400, 408, 413, 414, 431, 501) is answered and the connection
// closed. Deadlines, checked twice a second: the head within
// `header_timeout` of its first byte, the whole request within
// `request_timeout`, an idle connection closed after `keepalive_timeout`.
//
// Thread safety: Start/Shutdown from one thread; the handler and the policy
// are called concurrently from Pistache's I/O threads and the pools.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "kernel/status.h"
#include "server/http/http_types.h"

namespace lophoc::http {

// Which pool runs a request that is not a GET or HEAD.
enum class Lane { kWrite, kHash };

// What the application says of a request from its method and decoded path,
// before its body is read.
struct RequestPolicy {
  size_t body_limit = 64 * 1024;
  Lane lane = Lane::kWrite;
};

struct ServerOptions {
  std::string bind = "127.0.0.1";
  uint16_t port = 8080;  // 0: pick a free port
  int threads = 2;
  size_t max_request_bytes = 4 * 1024 * 1024;  // the largest body any route may take
  size_t max_header_bytes = 64 * 1024;         // request line and headers: 431 beyond
  std::chrono::seconds header_timeout{10};     // from a request's first byte to its last header
  std::chrono::seconds request_timeout{120};   // from its first byte to the end of its body
  std::chrono::seconds keepalive_timeout{15};  // an idle connection is closed after this
  int write_workers = 2;           // threads for non-GET requests
  size_t write_queue_limit = 256;  // queued non-GET requests before 503
  int hash_workers = 1;            // threads for requests on Lane::kHash
  size_t hash_queue_limit = 64;    // queued hashing requests before 503
  // The body limit and lane of a request; without it every body is limited
  // to 64 KiB and runs on the write pool.
  std::function<RequestPolicy(const std::string& method, const std::string& path)> policy;
  // The answer to a request refused at the edge (status 400, 408, 413, 414,
  // 431 or 501): `req` holds what was read of it (maybe nothing but the
  // client address). Without it, a JSON error body.
  std::function<HttpResponse(int status, const std::string& code, const std::string& message,
                             const HttpRequest& req)>
      refusal;
};

class HttpServer {
 public:
  using HandlerFn = std::function<HttpResponse(HttpRequest)>;

  HttpServer();
  ~HttpServer();

  // Binds and starts serving on background threads. IOError when the address
  // cannot be bound.
  Status Start(const ServerOptions& options, HandlerFn handler);
  // The bound port (useful with port 0).
  uint16_t port() const;
  int in_flight() const;
  // Requests waiting in a pool's queue, and those refused with 503 because
  // it was full (since Start); lock-free, for metrics.
  struct LaneStats {
    size_t queued = 0;
    uint64_t refused = 0;
  };
  LaneStats Stats(Lane lane) const;
  // Stops accepting and closes connections; responses still in flight are
  // dropped, so drain first.
  void Shutdown();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace lophoc::http
