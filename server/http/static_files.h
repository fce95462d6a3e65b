// StaticFiles: the site's CSS, scripts and pictures under static/{css,js,img},
// read into memory at start-up with a content hash. Only files in that
// manifest are served, so no request path can reach anything else. Answers
// with ETag, Last-Modified and Cache-Control (a year, immutable, when the URL
// carries the ?v= cache id from Url()), 304 on a matching validator, and a
// pre-compressed gzip body when the client accepts it.
// Immutable after Load: thread-safe.
#pragma once

#include <filesystem>
#include <map>
#include <memory>
#include <string>

#include "kernel/status.h"
#include "server/http/http_types.h"

namespace lophoc::http {

class StaticFiles {
 public:
  static Result<std::unique_ptr<StaticFiles>> Load(const std::filesystem::path& static_dir);

  // Serves `rel` (e.g. "css/site.css"); 404 when not in the manifest.
  HttpResponse Serve(const HttpRequest& req, const std::string& rel) const;

  // "/static/css/site.css?v=1a2b3c4d"
  std::string Url(const std::string& rel) const;

 private:
  struct File {
    std::string content_type;
    std::string bytes;
    std::string gzipped;  // empty when not worth it
    std::string etag;     // quoted
    std::string last_modified;
  };
  std::map<std::string, File> files_;
};

// Builds a response for immutable content with validators; 304 when the
// request's If-None-Match matches `etag`.
HttpResponse CachedResponse(const HttpRequest& req, const std::string& content_type,
                            const std::string& bytes, const std::string& etag,
                            const std::string& cache_control);

}  // namespace lophoc::http
