#include "server/http/static_files.h"

#include <chrono>
#include <fstream>
#include <sstream>

#include "server/app/crypto.h"
#include "server/http/gzip.h"

namespace lophoc::http {
namespace fs = std::filesystem;
namespace {

std::string ContentTypeFor(const fs::path& p) {
  const std::string ext = p.extension().string();
  if (ext == ".css") return "text/css; charset=utf-8";
  if (ext == ".js") return "application/javascript; charset=utf-8";
  if (ext == ".svg") return "image/svg+xml";
  if (ext == ".png") return "image/png";
  if (ext == ".ico") return "image/x-icon";
  if (ext == ".woff2") return "font/woff2";
  if (ext == ".json") return "application/json";
  if (ext == ".txt") return "text/plain; charset=utf-8";
  return "";
}

long long ToUnix(fs::file_time_type t) {
  using namespace std::chrono;
  const auto sys = time_point_cast<seconds>(t - fs::file_time_type::clock::now() + system_clock::now());
  return sys.time_since_epoch().count();
}

bool ETagMatches(const std::string& if_none_match, const std::string& etag) {
  if (if_none_match.empty()) return false;
  if (if_none_match == "*") return true;
  return if_none_match.find(etag) != std::string::npos;
}

}  // namespace

Result<std::unique_ptr<StaticFiles>> StaticFiles::Load(const fs::path& dir) {
  auto out = std::make_unique<StaticFiles>();
  for (const char* sub : {"css", "js", "img"}) {
    std::error_code ec;
    if (!fs::is_directory(dir / sub, ec)) continue;
    for (auto it = fs::recursive_directory_iterator(dir / sub, ec);
         !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
      if (!it->is_regular_file() || it->is_symlink()) continue;
      const std::string type = ContentTypeFor(it->path());
      if (type.empty()) continue;
      std::ifstream in(it->path(), std::ios::binary);
      std::ostringstream ss;
      ss << in.rdbuf();
      File f;
      f.content_type = type;
      f.bytes = ss.str();
      f.etag = "\"" + app::Sha256Hex(f.bytes).substr(0, 16) + "\"";
      f.last_modified = HttpDate(ToUnix(it->last_write_time()));
      if (IsCompressible(type) && f.bytes.size() > 512) f.gzipped = Gzip(f.bytes).value_or("");
      out->files_[fs::relative(it->path(), dir).generic_string()] = std::move(f);
    }
  }
  return out;
}

std::string StaticFiles::Url(const std::string& rel) const {
  auto it = files_.find(rel);
  if (it == files_.end()) return "/static/" + rel;
  return "/static/" + rel + "?v=" + it->second.etag.substr(1, 8);
}

HttpResponse CachedResponse(const HttpRequest& req, const std::string& content_type,
                            const std::string& bytes, const std::string& etag,
                            const std::string& cache_control) {
  HttpResponse res;
  res.SetHeader("ETag", etag);
  res.SetHeader("Cache-Control", cache_control);
  if (ETagMatches(req.Header("if-none-match"), etag)) {
    res.status = 304;
    res.content_type = content_type;
    return res;
  }
  res.content_type = content_type;
  res.body = bytes;
  return res;
}

HttpResponse StaticFiles::Serve(const HttpRequest& req, const std::string& rel) const {
  auto it = files_.find(rel);
  if (it == files_.end()) {
    HttpResponse res;
    res.status = 404;
    res.body = "Not found\n";
    return res;
  }
  const File& f = it->second;
  const std::string cache = req.HasQuery("v") ? "public, max-age=31536000, immutable"
                                              : "public, max-age=3600";
  HttpResponse res = CachedResponse(req, f.content_type, f.bytes, f.etag, cache);
  res.SetHeader("Last-Modified", f.last_modified);
  if (res.status == 200 && req.Header("if-none-match").empty() &&
      req.Header("if-modified-since") == f.last_modified) {
    res.status = 304;
    res.body.clear();
  }
  if (res.status == 200 && !f.gzipped.empty() && AcceptsGzip(req.Header("accept-encoding"))) {
    res.body = f.gzipped;
    res.SetHeader("Content-Encoding", "gzip");
  }
  if (IsCompressible(f.content_type)) res.SetHeader("Vary", "Accept-Encoding");
  return res;
}

}  // namespace lophoc::http
