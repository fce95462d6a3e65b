// HttpServer: the only code that includes Pistache. Turns Pistache requests
// into HttpRequest values, calls one handler function, and writes its
// HttpResponse back (every header through a runtime-named header class,
// since Pistache drops addRaw headers). Counts in-flight requests so the
// caller can drain before Shutdown().
//
// GET and HEAD run on Pistache's I/O threads. Every other method runs on a
// small pool of its own (`write_workers` threads, a bounded queue), because
// those requests may hash a password (argon2id: ~80 ms and 64 MiB) or wait
// for the SQLite write lock, and a blocked I/O thread stalls every
// connection it serves. A full queue is answered 503 with Retry-After.
//
// Thread safety: Start/Shutdown from one thread; the handler is called
// concurrently from Pistache's I/O threads and from the write workers.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "courses/status.h"
#include "server/http/http_types.h"

namespace lophoc::http {

struct ServerOptions {
  std::string bind = "127.0.0.1";
  uint16_t port = 8080;  // 0: pick a free port
  int threads = 2;
  size_t max_request_bytes = 4 * 1024 * 1024;  // headers + body
  std::chrono::seconds header_timeout{10};
  std::chrono::seconds body_timeout{30};
  std::chrono::seconds keepalive_timeout{15};
  int write_workers = 2;        // threads for non-GET requests
  size_t write_queue_limit = 256;  // queued non-GET requests before 503
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
  // Stops accepting and closes connections; responses still in flight are
  // dropped, so drain first.
  void Shutdown();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace lophoc::http
