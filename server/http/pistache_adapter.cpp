#include "server/http/pistache_adapter.h"

#include <pistache/endpoint.h>
#include <pistache/http.h>

#include <condition_variable>
#include <deque>
#include <iostream>
#include <mutex>
#include <sstream>
#include <thread>
#include <vector>

#include "courses/text.h"

namespace lophoc::http {
namespace {

using namespace Pistache;

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

std::string Lower(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

// Builds the plain request; returns false when the target is malformed.
bool Convert(const Http::Request& in, HttpRequest& out) {
  out.method = Http::methodString(in.method());
  auto path = PercentDecode(in.resource(), false);
  if (!path || path->empty() || (*path)[0] != '/') return false;
  out.path = std::move(*path);
  for (auto it = in.query().parameters_begin(); it != in.query().parameters_end(); ++it) {
    auto key = PercentDecode(it->first, true);
    auto value = PercentDecode(it->second, true);
    if (!key || !value) return false;
    out.raw_query += (out.raw_query.empty() ? "" : "&") + it->first + "=" + it->second;
    out.query.emplace(std::move(*key), std::move(*value));
  }
  for (const auto& h : in.headers().list()) {
    std::ostringstream os;
    h->write(os);
    out.headers[Lower(h->name())] = os.str();
  }
  for (const auto& [name, raw] : in.headers().rawList()) out.headers[Lower(name)] = raw.value();
  std::string cookies;
  for (const auto& c : in.cookies()) cookies += (cookies.empty() ? "" : "; ") + c.name + "=" + c.value;
  if (!cookies.empty()) out.headers["cookie"] = cookies;
  out.body = in.body();
  out.client_address = in.address().host();
  return true;
}

// Threads that run queued jobs in order; Stop() finishes the queue first.
class WorkerPool {
 public:
  using Job = std::function<void()>;

  void Start(int threads, size_t queue_limit) {
    limit_ = queue_limit;
    for (int i = 0; i < threads; ++i) threads_.emplace_back([this] { Loop(); });
  }
  // False when the queue is full (the caller answers 503).
  bool Post(Job job) {
    {
      std::lock_guard<std::mutex> lock(mu_);
      if (stopping_ || jobs_.size() >= limit_) return false;
      jobs_.push_back(std::move(job));
    }
    cv_.notify_one();
    return true;
  }
  void Stop() {
    {
      std::lock_guard<std::mutex> lock(mu_);
      stopping_ = true;
    }
    cv_.notify_all();
    for (auto& t : threads_) t.join();
    threads_.clear();
  }

 private:
  void Loop() {
    for (;;) {
      Job job;
      {
        std::unique_lock<std::mutex> lock(mu_);
        cv_.wait(lock, [this] { return stopping_ || !jobs_.empty(); });
        if (jobs_.empty()) return;
        job = std::move(jobs_.front());
        jobs_.pop_front();
      }
      job();
    }
  }

  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<Job> jobs_;
  std::vector<std::thread> threads_;
  size_t limit_ = 0;
  bool stopping_ = false;
};

HttpResponse Busy() {
  HttpResponse res{503, "application/json",
                   R"({"error":{"code":"unavailable","message":"the server is busy; try again in a few seconds"}})",
                   {}};
  res.SetHeader("Retry-After", "2");
  return res;
}

}  // namespace

struct HttpServer::Impl {
  class Handler : public Http::Handler {
   public:
    HTTP_PROTOTYPE(Handler)
    Handler() = default;
    Handler(HandlerFn fn, std::atomic<int>* in_flight, WorkerPool* workers)
        : fn_(std::move(fn)), in_flight_(in_flight), workers_(workers) {}

    void onRequest(const Http::Request& request, Http::ResponseWriter writer) override {
      in_flight_->fetch_add(1);
      const bool head = request.method() == Http::Method::Head;
      HttpRequest req;
      bool converted = false;
      try {
        converted = Convert(request, req);
      } catch (const std::exception& e) {
        std::cerr << "level=warn msg=\"request not readable\" what=\"" << e.what() << "\"\n";
      }
      if (!converted) {
        HttpResponse res{400, "application/json",
                         R"({"error":{"code":"invalid_argument","message":"malformed URL: bad percent-encoding or invalid UTF-8"}})",
                         {}};
        Send(head, std::move(res), writer);
        in_flight_->fetch_sub(1);
        return;
      }
      if (req.method == "GET" || head) {
        Send(head, Run(std::move(req)), writer);
        in_flight_->fetch_sub(1);
        return;
      }
      // Pistache's writer is move-only; std::function needs a copyable job.
      auto shared_writer = std::make_shared<Http::ResponseWriter>(std::move(writer));
      auto shared_req = std::make_shared<HttpRequest>(std::move(req));
      const bool queued = workers_->Post([this, shared_writer, shared_req] {
        Send(false, Run(std::move(*shared_req)), *shared_writer);
        in_flight_->fetch_sub(1);
      });
      if (!queued) {
        Send(false, Busy(), *shared_writer);
        in_flight_->fetch_sub(1);
      }
    }

    void onTimeout(const Http::Request&, Http::ResponseWriter writer) override {
      writer.send(Http::Code::Request_Timeout, "Request timed out\n");
    }

   private:
    HttpResponse Run(HttpRequest req) {
      try {
        return fn_(std::move(req));
      } catch (const std::exception& e) {
        std::cerr << "level=error msg=\"unhandled exception in handler\" what=\"" << e.what()
                  << "\"\n";
      }
      return HttpResponse{500, "text/plain; charset=utf-8", "Internal server error\n", {}};
    }

    static void Send(bool head, HttpResponse res, Http::ResponseWriter& writer) {
      try {
        writer.headers().add(std::make_shared<RuntimeHeader>("Content-Type", res.content_type));
        for (auto& [name, value] : res.headers) {
          writer.headers().add(std::make_shared<RuntimeHeader>(name, value));
        }
        if (head) res.body.clear();
        writer.send(static_cast<Http::Code>(res.status), res.body);
      } catch (const std::exception& e) {
        // The client went away while a worker was busy with its request.
        std::cerr << "level=warn msg=\"response not sent\" what=\"" << e.what() << "\"\n";
      }
    }

    HandlerFn fn_;
    std::atomic<int>* in_flight_ = nullptr;
    WorkerPool* workers_ = nullptr;
  };

  WorkerPool workers;
  std::unique_ptr<Http::Endpoint> endpoint;
  std::atomic<int> in_flight{0};
};

HttpServer::HttpServer() : impl_(new Impl) {}
HttpServer::~HttpServer() { Shutdown(); }

Status HttpServer::Start(const ServerOptions& o, HandlerFn handler) {
  try {
    Address addr(o.bind, Port(o.port));
    impl_->endpoint = std::make_unique<Http::Endpoint>(addr);
    auto opts = Http::Endpoint::options()
                    .threads(o.threads)
                    .flags(Tcp::Options::ReuseAddr)
                    .maxRequestSize(o.max_request_bytes)
                    .headerTimeout(o.header_timeout)
                    .bodyTimeout(o.body_timeout)
                    .keepaliveTimeout(o.keepalive_timeout);
    impl_->endpoint->init(opts);
    impl_->workers.Start(std::max(o.write_workers, 1), o.write_queue_limit);
    impl_->endpoint->setHandler(
        Http::make_handler<Impl::Handler>(std::move(handler), &impl_->in_flight, &impl_->workers));
    impl_->endpoint->serveThreaded();
  } catch (const std::exception& e) {
    impl_->endpoint.reset();
    return Status::IOError("cannot listen on " + o.bind + ":" + std::to_string(o.port) + ": " +
                           e.what());
  }
  return Status::Ok();
}

uint16_t HttpServer::port() const {
  return impl_->endpoint ? static_cast<uint16_t>(impl_->endpoint->getPort()) : 0;
}

int HttpServer::in_flight() const { return impl_->in_flight.load(); }

void HttpServer::Shutdown() {
  impl_->workers.Stop();
  if (impl_->endpoint) {
    impl_->endpoint->shutdown();
    impl_->endpoint.reset();
  }
}

}  // namespace lophoc::http
