#include "server/http/pistache_adapter.h"

#include <pistache/endpoint.h>
#include <pistache/http.h>
#include <pistache/peer.h>
#include <sys/socket.h>

#include <mutex>
#include <optional>
#include <utility>
#include <vector>

#include "server/app/log.h"
#include "server/http/http_framing.h"
#include "server/http/http_wire.h"
#include "server/http/worker_pool.h"

namespace lophoc::http {
namespace {

using namespace Pistache;
using SteadyClock = std::chrono::steady_clock;

constexpr const char* kConnectionData = "lophoc.connection";
constexpr auto kSweepPeriod = std::chrono::milliseconds(500);
// After a refusal or "Connection: close" the server stops writing and reads
// what the client still sends, so that its answer is not lost to a reset;
// this long at most, then the connection is cut.
constexpr auto kLingerTime = std::chrono::seconds(2);
constexpr size_t kLingerBytes = 4 * 1024 * 1024;

// A response header whose name is chosen at run time.
class RuntimeHeader : public Http::Header::Header {
 public:
  RuntimeHeader(std::string name, std::string value)
      : name_(std::move(name)), value_(std::move(value)) {}
  const char* name() const override { return name_.c_str(); }
  void write(std::ostream& os) const override { os << value_; }
  uint64_t hash() const override { return std::hash<std::string>{}(name_); }

 private:
  std::string name_;
  std::string value_;
};

// One client connection: its framer and where its exchange stands. Guarded by
// `mu` (recursive: a write's completion may run inside the send that made it).
struct Connection {
  using PolicyFn = std::function<RequestPolicy(const std::string& method, const std::string& target)>;

  // The framer asks `policy_of` for a request's body limit; the answer is
  // kept for choosing its pool.
  Connection(size_t max_header_bytes, PolicyFn policy_of)
      : framer(FramerLimits{max_header_bytes,
                            [this](const std::string& method, const std::string& target) {
                              policy = policy_of_route(method, target);
                              return policy->body_limit;
                            }}),
        policy_of_route(std::move(policy_of)) {}

  std::recursive_mutex mu;
  RequestFramer framer;
  std::optional<RequestPolicy> policy;  // asked by the framer for the request being read
  std::weak_ptr<Tcp::Peer> peer;
  Tcp::Transport* transport = nullptr;
  Http::Handler* handler = nullptr;
  int fd = -1;
  bool closed = false;     // Pistache has let the connection go
  bool lingering = false;  // answered for the last time; reading what is left
  size_t lingered = 0;
  bool in_flight = false;  // a request is with a pool; later ones wait
  int writes_pending = 0;  // responses handed to Pistache and not yet written
  bool started = false;    // bytes of a request have arrived
  SteadyClock::time_point request_start{};
  SteadyClock::time_point last_activity = SteadyClock::now();
  SteadyClock::time_point linger_start{};
  PolicyFn policy_of_route;  // asked by the framer, for a request with a body
};

}  // namespace

struct HttpServer::Impl {
  class Handler : public Http::Handler {
   public:
    HTTP_PROTOTYPE(Handler)
    Handler() = default;
    Handler(Impl* impl) : impl_(impl) {}

    void onConnection(const std::shared_ptr<Tcp::Peer>& peer) override {
      // Pistache's idle check reads the parser of every peer; it is never fed.
      peer->putData(ParserData, std::make_shared<Http::RequestParser>(1));
      Impl* impl = impl_;
      auto conn = std::make_shared<Connection>(
          impl_->options.max_header_bytes,
          [impl](const std::string& method, const std::string& target) {
            return impl->Policy(method, target);
          });
      conn->peer = peer;
      conn->transport = transport();
      conn->handler = this;
      conn->fd = peer->fd();
      peer->putData(kConnectionData, conn);
      impl_->Register(conn);
    }

    void onDisconnection(const std::shared_ptr<Tcp::Peer>& peer) override {
      auto conn = Get(peer);
      if (conn) {
        std::lock_guard<std::recursive_mutex> lock(conn->mu);
        conn->closed = true;
      }
      Tcp::Handler::onDisconnection(peer);
    }

    void onInput(const char* buffer, size_t len, const std::shared_ptr<Tcp::Peer>& peer) override {
      auto conn = Get(peer);
      if (!conn) return;
      std::lock_guard<std::recursive_mutex> lock(conn->mu);
      if (conn->lingering) {
        conn->lingered += len;
        if (conn->lingered > kLingerBytes) impl_->Cut(*conn);
        return;
      }
      const auto now = SteadyClock::now();
      conn->last_activity = now;
      if (!conn->started) {
        conn->started = true;
        conn->request_start = now;
      }
      // Keeps Pistache's own idle check (a backstop) from firing while bytes come.
      Http::Handler::getParser(peer)->reset();
      conn->framer.Append(buffer, len);
      // While a request is with a pool the next ones wait in the framer; no
      // one request may be larger than this, so more is an abuse.
      if (conn->in_flight &&
          conn->framer.Buffered() > impl_->options.max_header_bytes + impl_->options.max_request_bytes) {
        impl_->Cut(*conn);
        return;
      }
      impl_->Process(conn);
    }

    void onRequest(const Http::Request&, Http::ResponseWriter) override {
      // Never called: requests are framed in onInput.
    }

   private:
    static std::shared_ptr<Connection> Get(const std::shared_ptr<Tcp::Peer>& peer) {
      return std::static_pointer_cast<Connection>(peer->getData(kConnectionData));
    }

    Impl* impl_ = nullptr;
  };

  RequestPolicy Policy(const std::string& method, const std::string& target) const {
    RequestPolicy p;
    if (options.policy) {
      if (auto path = TargetPath(target)) p = options.policy(method, *path);
    }
    p.body_limit = std::min(p.body_limit, options.max_request_bytes);
    return p;
  }

  void Register(const std::shared_ptr<Connection>& conn) {
    std::lock_guard<std::mutex> lock(conns_mu);
    conns.push_back(conn);
  }

  // Frames and answers what the connection holds, in order, until a request
  // goes to a pool (the rest waits for its answer) or more bytes are needed.
  // Called with conn->mu held.
  void Process(const std::shared_ptr<Connection>& conn) {
    while (!conn->in_flight && !conn->lingering && !conn->closed) {
      FramedRequest framed;
      FramingError err;
      const auto outcome = conn->framer.Next(framed, err);
      if (outcome == RequestFramer::Outcome::kNeedMore) {
        if (conn->framer.TakeExpectContinue()) Continue(*conn);
        return;
      }
      if (outcome == RequestFramer::Outcome::kError) {
        Refuse(conn, err.status, err.code, err.message);
        return;
      }
      conn->framer.TakeExpectContinue();  // the body came with the head: no 100 needed
      // The policy the framer asked for this request's body, if it has one.
      const std::optional<RequestPolicy> asked = std::exchange(conn->policy, std::nullopt);
      conn->started = conn->framer.Buffered() > 0;
      conn->request_start = SteadyClock::now();
      const bool keep_alive = framed.keep_alive;
      const std::string target = framed.target;
      HttpRequest req;
      bool converted = false;
      try {
        converted = ToHttpRequest(std::move(framed), ClientAddress(*conn), req);
      } catch (const std::exception& e) {
        app::Log(app::LogLevel::kWarn, "request not readable", {{"what", e.what()}});
      }
      if (!converted) {
        // Enough of the path to choose a JSON or an HTML answer (no route can
        // be known for a target that does not decode).
        req.path = target.rfind("/api/", 0) == 0 ? "/api/" : "/";
        Send(conn, Refusal(400, "invalid_argument",
                           "malformed URL: bad percent-encoding or invalid UTF-8", req),
             false, keep_alive);
        continue;
      }
      const bool head = req.method == "HEAD";
      if (req.method == "GET" || head) {
        in_flight.fetch_add(1);
        Send(conn, Run(std::move(req)), head, keep_alive);
        in_flight.fetch_sub(1);
        continue;
      }
      const Lane lane = (asked ? *asked : Policy(req.method, target)).lane;
      WorkerPool& pool = lane == Lane::kHash ? hashers : writers;
      in_flight.fetch_add(1);
      conn->in_flight = true;
      auto shared_req = std::make_shared<HttpRequest>(std::move(req));
      const bool queued = pool.Post([this, conn, shared_req, keep_alive] {
        HttpResponse res = Run(std::move(*shared_req));
        std::lock_guard<std::recursive_mutex> lock(conn->mu);
        conn->in_flight = false;
        Send(conn, std::move(res), false, keep_alive);
        in_flight.fetch_sub(1);
        Process(conn);
      });
      if (!queued) {
        conn->in_flight = false;
        Send(conn, BusyResponse(), false, keep_alive);
        in_flight.fetch_sub(1);
      }
    }
  }

  HttpResponse Run(HttpRequest req) {
    try {
      return handler(std::move(req));
    } catch (const std::exception& e) {
      app::Log(app::LogLevel::kError, "unhandled exception in handler", {{"what", e.what()}});
    } catch (...) {
      app::Log(app::LogLevel::kError, "unhandled exception in handler");
    }
    return JsonError(500, "internal", "internal error; it has been logged");
  }

  HttpResponse Refusal(int status, const std::string& code, const std::string& message,
                       const HttpRequest& req) {
    if (options.refusal) {
      try {
        return options.refusal(status, code, message, req);
      } catch (const std::exception& e) {
        app::Log(app::LogLevel::kError, "refusal page failed", {{"what", e.what()}});
      }
    }
    return JsonError(status, code, message);
  }

  // Answers a request refused at the edge and closes the connection.
  void Refuse(const std::shared_ptr<Connection>& conn, int status, const std::string& code,
              const std::string& message) {
    const HttpRequest req = RefusedRequest(conn->framer.Partial(), ClientAddress(*conn));
    app::Log(app::LogLevel::kInfo, "request refused at the edge",
             {{"status", status}, {"reason", message}});
    HttpResponse res = Refusal(status, code, message, req);
    if (conn->writes_pending == 0 && WriteNow(*conn, res)) return;
    Send(conn, std::move(res), false, false);
  }

  // Writes a last response straight to the socket and stops writing. Pistache
  // queues its writes behind the reading of the same I/O thread, and a client
  // that keeps sending its oversized body would keep it reading; a refusal
  // must reach the client at once. False when the socket did not take it all
  // (nothing, or the rest, is then sent the ordinary way).
  static bool WriteNow(Connection& conn, const HttpResponse& res) {
    if (conn.closed) return true;
    const std::string out =
        LastResponseBytes(res, Http::codeString(static_cast<Http::Code>(res.status)));
    const ssize_t n = ::send(conn.fd, out.data(), out.size(), MSG_DONTWAIT | MSG_NOSIGNAL);
    if (n != static_cast<ssize_t>(out.size())) {
      if (n > 0) Cut(conn);  // half a response: nothing better to do than end it
      return n > 0;
    }
    ::shutdown(conn.fd, SHUT_WR);
    conn.lingering = true;
    conn.linger_start = SteadyClock::now();
    return true;
  }

  static std::string ClientAddress(const Connection& conn) {
    auto peer = conn.peer.lock();
    return peer ? peer->address().host() : "";
  }

  // "100 Continue" for a client waiting to send its body.
  static void Continue(Connection& conn) {
    static const std::string kContinue = "HTTP/1.1 100 Continue\r\n\r\n";
    if (conn.closed || conn.transport == nullptr) return;
    conn.transport->asyncWrite(conn.fd, RawBuffer(kContinue, kContinue.size()));
  }

  // Writes a response; after the last one of a connection, stops writing and
  // lingers. Called with conn->mu held.
  void Send(const std::shared_ptr<Connection>& conn, HttpResponse res, bool head, bool keep_alive) {
    auto peer = conn->peer.lock();
    if (!peer || conn->closed) return;
    try {
      Http::ResponseWriter writer(Http::Version::Http11, conn->transport, conn->handler, peer);
      writer.headers().add(std::make_shared<RuntimeHeader>("Content-Type", res.content_type));
      for (auto& [name, value] : res.headers) {
        if (name == "Connection") continue;
        writer.headers().add(std::make_shared<RuntimeHeader>(name, value));
      }
      writer.headers().add(
          std::make_shared<RuntimeHeader>("Connection", keep_alive ? "keep-alive" : "close"));
      if (head) res.body.clear();
      peer->setIdle(false);
      ++conn->writes_pending;
      auto sent = writer.send(static_cast<Http::Code>(res.status), res.body);
      conn->last_activity = SteadyClock::now();
      if (!keep_alive) {
        conn->lingering = true;
        conn->linger_start = SteadyClock::now();
      }
      std::weak_ptr<Connection> weak = conn;
      auto written = [weak, keep_alive] {
        auto c = weak.lock();
        if (!c) return;
        std::lock_guard<std::recursive_mutex> lock(c->mu);
        --c->writes_pending;
        if (!keep_alive && !c->closed) ::shutdown(c->fd, SHUT_WR);
      };
      sent.then([written](ssize_t) { written(); }, [written](std::exception_ptr) { written(); });
    } catch (const std::exception& e) {
      // The client went away while its request was being answered.
      app::Log(app::LogLevel::kWarn, "response not sent", {{"what", e.what()}});
    }
  }

  // Ends a connection at once. Called with conn.mu held.
  static void Cut(Connection& conn) {
    if (!conn.closed) ::shutdown(conn.fd, SHUT_RDWR);
    conn.lingering = true;
  }

  // Twice a second: deadlines of requests being read, idle connections, and
  // the end of lingering.
  void Sweep() {
    std::vector<std::shared_ptr<Connection>> live;
    {
      std::lock_guard<std::mutex> lock(conns_mu);
      std::vector<std::weak_ptr<Connection>> kept;
      for (auto& w : conns) {
        if (auto c = w.lock()) {
          live.push_back(c);
          kept.push_back(w);
        }
      }
      conns.swap(kept);
    }
    const auto now = SteadyClock::now();
    for (auto& conn : live) {
      std::unique_lock<std::recursive_mutex> lock(conn->mu, std::try_to_lock);
      if (!lock.owns_lock() || conn->closed) continue;
      if (conn->lingering) {
        if (now - conn->linger_start > kLingerTime) Cut(*conn);
        continue;
      }
      if (conn->in_flight) continue;
      if (conn->started) {
        const bool head_late =
            conn->framer.Partial().method.empty() && now - conn->request_start > options.header_timeout;
        const bool late = now - conn->request_start > options.request_timeout;
        if (head_late || late) {
          Refuse(conn, 408, "request_timeout", "the request took too long to arrive");
        }
      } else if (now - conn->last_activity > options.keepalive_timeout) {
        Cut(*conn);
      }
    }
  }

  ServerOptions options;
  HandlerFn handler;
  WorkerPool writers;
  WorkerPool hashers;
  std::unique_ptr<Http::Endpoint> endpoint;
  std::atomic<int> in_flight{0};
  std::mutex conns_mu;
  std::vector<std::weak_ptr<Connection>> conns;
  Ticker sweeper;
};

HttpServer::HttpServer() : impl_(new Impl) {}
HttpServer::~HttpServer() { Shutdown(); }

Status HttpServer::Start(const ServerOptions& o, HandlerFn handler) {
  impl_->options = o;
  impl_->handler = std::move(handler);
  try {
    Address addr(o.bind, Port(o.port));
    impl_->endpoint = std::make_unique<Http::Endpoint>(addr);
    // Pistache's own timeouts only back up the sweeper's.
    const auto backstop = o.request_timeout + o.keepalive_timeout + std::chrono::seconds(30);
    auto opts = Http::Endpoint::options()
                    .threads(o.threads)
                    .flags(Tcp::Options::ReuseAddr)
                    .maxRequestSize(1)
                    .headerTimeout(backstop)
                    .bodyTimeout(backstop)
                    .keepaliveTimeout(backstop);
    impl_->endpoint->init(opts);
    impl_->writers.Start(std::max(o.write_workers, 1), o.write_queue_limit);
    impl_->hashers.Start(std::max(o.hash_workers, 1), o.hash_queue_limit);
    impl_->endpoint->setHandler(Http::make_handler<Impl::Handler>(impl_.get()));
    impl_->endpoint->serveThreaded();
  } catch (const std::exception& e) {
    impl_->endpoint.reset();
    impl_->writers.Stop();
    impl_->hashers.Stop();
    return Status::IOError("cannot listen on " + o.bind + ":" + std::to_string(o.port) + ": " +
                           e.what());
  }
  Impl* impl = impl_.get();
  impl_->sweeper.Start(kSweepPeriod, [impl] { impl->Sweep(); });
  return Status::Ok();
}

uint16_t HttpServer::port() const {
  return impl_->endpoint ? static_cast<uint16_t>(impl_->endpoint->getPort()) : 0;
}

int HttpServer::in_flight() const { return impl_->in_flight.load(); }

HttpServer::LaneStats HttpServer::Stats(Lane lane) const {
  const WorkerPool& pool = lane == Lane::kHash ? impl_->hashers : impl_->writers;
  return {pool.Queued(), pool.Refused()};
}

void HttpServer::Shutdown() {
  impl_->sweeper.Stop();
  impl_->writers.Stop();
  impl_->hashers.Stop();
  if (impl_->endpoint) {
    impl_->endpoint->shutdown();
    impl_->endpoint.reset();
  }
}

}  // namespace lophoc::http
