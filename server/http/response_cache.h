// ResponseCache: finished answers to reads that depend only on the published
// content, the interface language and the path (catalogue, course and lesson
// pages and their JSON), so a popular lesson is rendered once per revision
// and language instead of once per request. Each answer is kept with its
// gzip form, compressed once.
//
// Entries belong to one content generation: the first lookup or store with a
// newer generation empties the cache, so an import is visible at once. The
// cache holds at most `max_bytes` of bodies; a store that would pass the
// limit empties it first (simple and bounded; the working set of the bundled
// courses is a few MB).
//
// Thread-safe.
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

#include "server/http/http_types.h"

namespace lophoc::http {

class ResponseCache {
 public:
  struct Entry {
    HttpResponse response;  // status 200, headers and identity body
    std::string gzip_body;  // empty when not worth compressing
  };

  explicit ResponseCache(size_t max_bytes) : max_bytes_(max_bytes) {}

  std::shared_ptr<const Entry> Find(int64_t generation, const std::string& key);
  // Stores a copy of `response` (and its gzip form) and returns the entry.
  std::shared_ptr<const Entry> Put(int64_t generation, const std::string& key,
                                   const HttpResponse& response);

  size_t entries() const;
  size_t bytes() const;

 private:
  void MoveToGeneration(int64_t generation);  // requires mu_

  const size_t max_bytes_;
  mutable std::mutex mu_;
  int64_t generation_ = -1;
  size_t bytes_ = 0;
  std::unordered_map<std::string, std::shared_ptr<const Entry>> entries_;
};

// The answer to send from a cache entry: the gzip body when the client
// accepts it, the identity body otherwise.
HttpResponse FromCache(const ResponseCache::Entry& e, const HttpRequest& req);

}  // namespace lophoc::http
