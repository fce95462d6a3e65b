// The one wrapper around zlib: gzip compression of response bodies.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace lophoc::http {

// Compresses `data` as a gzip stream; nullopt if zlib fails.
std::optional<std::string> Gzip(std::string_view data);

// True when an Accept-Encoding header value allows gzip (q=0 refuses it).
bool AcceptsGzip(std::string_view accept_encoding);

// Text-like types worth compressing.
bool IsCompressible(std::string_view content_type);

}  // namespace lophoc::http
