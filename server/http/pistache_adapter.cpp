#include "server/http/pistache_adapter.h"

#include <pistache/endpoint.h>
#include <pistache/http.h>

#include <iostream>
#include <sstream>

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

}  // namespace

struct HttpServer::Impl {
  class Handler : public Http::Handler {
   public:
    HTTP_PROTOTYPE(Handler)
    Handler() = default;
    Handler(HandlerFn fn, std::atomic<int>* in_flight) : fn_(std::move(fn)), in_flight_(in_flight) {}

    void onRequest(const Http::Request& request, Http::ResponseWriter writer) override {
      in_flight_->fetch_add(1);
      HttpResponse res;
      try {
        HttpRequest req;
        if (Convert(request, req)) {
          res = fn_(std::move(req));
        } else {
          res.status = 400;
          res.content_type = "application/json";
          res.body = R"({"error":{"code":"invalid_argument","message":"malformed URL: bad percent-encoding or invalid UTF-8"}})";
        }
      } catch (const std::exception& e) {
        std::cerr << "level=error msg=\"unhandled exception in handler\" what=\"" << e.what()
                  << "\"\n";
        res = HttpResponse{500, "text/plain; charset=utf-8", "Internal server error\n", {}};
      }
      Send(request, std::move(res), writer);
      in_flight_->fetch_sub(1);
    }

    void onTimeout(const Http::Request&, Http::ResponseWriter writer) override {
      writer.send(Http::Code::Request_Timeout, "Request timed out\n");
    }

   private:
    static void Send(const Http::Request& request, HttpResponse res, Http::ResponseWriter& writer) {
      writer.headers().add(std::make_shared<RuntimeHeader>("Content-Type", res.content_type));
      for (auto& [name, value] : res.headers) {
        writer.headers().add(std::make_shared<RuntimeHeader>(name, value));
      }
      if (request.method() == Http::Method::Head) res.body.clear();
      writer.send(static_cast<Http::Code>(res.status), res.body);
    }

    HandlerFn fn_;
    std::atomic<int>* in_flight_ = nullptr;
  };

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
    impl_->endpoint->setHandler(Http::make_handler<Impl::Handler>(std::move(handler), &impl_->in_flight));
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
  if (impl_->endpoint) {
    impl_->endpoint->shutdown();
    impl_->endpoint.reset();
  }
}

}  // namespace lophoc::http
