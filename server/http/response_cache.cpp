#include "server/http/response_cache.h"

#include <nlohmann/json.hpp>

#include "server/app/log.h"
#include "server/http/gzip.h"
#include "server/http/http_types.h"

namespace lophoc::http {
namespace {

constexpr size_t kMinGzipBytes = 1024;

// Whether `body` holds `value` raw, as a page writes it, or as JSON does.
bool Holds(const std::string& body, const std::string& value) {
  if (value.empty()) return false;
  if (body.find(value) != std::string::npos) return true;
  if (body.find(HtmlEscape(value)) != std::string::npos) return true;
  const std::string json = nlohmann::json(value).dump(-1, ' ', false,
                                                      nlohmann::json::error_handler_t::replace);
  return body.find(json.substr(1, json.size() - 2)) != std::string::npos;
}

}  // namespace

const char* PersonalDataIn(const std::string& body, const Visitor& visitor) {
  if (Holds(body, visitor.csrf_token)) return "csrf_token";
  if (Holds(body, visitor.session_id)) return "session_id";
  if (visitor.signed_in()) {
    if (Holds(body, visitor.user->display_name)) return "display_name";
    if (Holds(body, visitor.user->username)) return "username";
  }
  return nullptr;
}

void ResponseCache::MoveToGeneration(int64_t generation) {
  if (generation == generation_) return;
  entries_.clear();
  bytes_ = 0;
  generation_ = generation;
}

std::shared_ptr<const ResponseCache::Entry> ResponseCache::Find(int64_t generation,
                                                                const std::string& key) {
  std::lock_guard<std::mutex> lock(mu_);
  if (generation > generation_) MoveToGeneration(generation);
  if (generation != generation_) return nullptr;
  auto it = entries_.find(key);
  return it == entries_.end() ? nullptr : it->second;
}

std::shared_ptr<const ResponseCache::Entry> ResponseCache::Put(int64_t generation,
                                                               const std::string& key,
                                                               const HttpResponse& response,
                                                               const Visitor& asked_by) {
  if (const char* personal = PersonalDataIn(response.body, asked_by)) {
    app::Log(app::LogLevel::kError, "answer not cached: it holds the visitor's own data",
             {{"key", key}, {"holds", personal}});
    return nullptr;
  }
  auto e = std::make_shared<Entry>();
  e->response = response;
  if (response.body.size() >= kMinGzipBytes && IsCompressible(response.content_type)) {
    if (auto gz = Gzip(response.body)) e->gzip_body = std::move(*gz);
  }
  const size_t size = key.size() + e->response.body.size() + e->gzip_body.size();
  std::lock_guard<std::mutex> lock(mu_);
  if (generation > generation_) MoveToGeneration(generation);
  if (generation != generation_ || size > max_bytes_) return e;  // answer an older snapshot: do not keep
  if (bytes_ + size > max_bytes_) {
    entries_.clear();
    bytes_ = 0;
  }
  auto [it, inserted] = entries_.emplace(key, e);
  if (inserted) bytes_ += size;
  return it->second;  // on a race, the entry stored first
}

size_t ResponseCache::entries() const {
  std::lock_guard<std::mutex> lock(mu_);
  return entries_.size();
}

size_t ResponseCache::bytes() const {
  std::lock_guard<std::mutex> lock(mu_);
  return bytes_;
}

HttpResponse FromCache(const ResponseCache::Entry& e, const HttpRequest& req) {
  if (e.gzip_body.empty()) return e.response;
  HttpResponse res;
  res.status = e.response.status;
  res.content_type = e.response.content_type;
  res.headers = e.response.headers;
  res.SetHeader("Vary", "Accept-Encoding");
  if (AcceptsGzip(req.Header("accept-encoding"))) {
    res.body = e.gzip_body;
    res.SetHeader("Content-Encoding", "gzip");
  } else {
    res.body = e.response.body;
  }
  return res;
}

}  // namespace lophoc::http
