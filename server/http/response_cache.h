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
// Nothing of a visitor's own may be kept: an answer that holds the CSRF
// token, session id, name or username of the visitor it was made for is
// refused (and logged as an error), so a handler that breaks the rule of
// cached-by-content routes (server/http/router.h) shows it to no one else.
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
  // Stores a copy of `response` (and its gzip form), made for `asked_by`,
  // and returns the entry; nullptr when the response holds something of
  // `asked_by`'s own (see PersonalDataIn): it is then not kept.
  std::shared_ptr<const Entry> Put(int64_t generation, const std::string& key,
                                   const HttpResponse& response, const Visitor& asked_by);

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

// What of `visitor`'s own `body` holds, as written in a page or in JSON:
// "csrf_token", "session_id", "display_name" or "username"; nullptr when none.
const char* PersonalDataIn(const std::string& body, const Visitor& visitor);

// The answer to send from a cache entry: the gzip body when the client
// accepts it, the identity body otherwise.
HttpResponse FromCache(const ResponseCache::Entry& e, const HttpRequest& req);

}  // namespace lophoc::http
