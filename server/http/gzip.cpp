#include "server/http/gzip.h"

#include <zlib.h>

namespace lophoc::http {

std::optional<std::string> Gzip(std::string_view data) {
  z_stream zs{};
  if (deflateInit2(&zs, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK) {
    return std::nullopt;
  }
  std::string out(deflateBound(&zs, data.size()) + 32, '\0');
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  zs.avail_in = static_cast<uInt>(data.size());
  zs.next_out = reinterpret_cast<Bytef*>(out.data());
  zs.avail_out = static_cast<uInt>(out.size());
  const int rc = deflate(&zs, Z_FINISH);
  deflateEnd(&zs);
  if (rc != Z_STREAM_END) return std::nullopt;
  out.resize(zs.total_out);
  return out;
}

bool AcceptsGzip(std::string_view ae) {
  size_t pos = 0;
  while (pos < ae.size()) {
    size_t end = ae.find(',', pos);
    if (end == std::string_view::npos) end = ae.size();
    std::string_view item = ae.substr(pos, end - pos);
    while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
    if (item.rfind("gzip", 0) == 0 || item.rfind("*", 0) == 0) {
      const size_t q = item.find("q=");
      if (q == std::string_view::npos) return true;
      std::string_view v = item.substr(q + 2);
      return !(v.rfind("0", 0) == 0 && v.find_first_not_of("0. ") == std::string_view::npos);
    }
    pos = end + 1;
  }
  return false;
}

bool IsCompressible(std::string_view ct) {
  return ct.rfind("text/", 0) == 0 || ct.rfind("application/json", 0) == 0 ||
         ct.rfind("image/svg+xml", 0) == 0 || ct.rfind("application/javascript", 0) == 0;
}

}  // namespace lophoc::http
