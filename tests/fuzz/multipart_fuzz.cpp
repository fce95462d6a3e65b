// libFuzzer harness for ParseMultipart (not part of the CTest suite; run it
// with tests/fuzz/run.sh). Besides "never crash, never hang, no ASan/UBSan
// report", it checks the header's promises about every part it returns.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>

#include "kernel/text.h"
#include "server/http/multipart.h"

namespace {

void Require(bool ok, const char* what) {
  if (ok) return;
  std::fprintf(stderr, "multipart invariant broken: %s\n", what);
  std::abort();
}

bool HasC0OrDel(std::string_view s) {
  for (char c : s) {
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7F) return true;
  }
  return false;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view body(reinterpret_cast<const char*>(data), size);
  lophoc::http::MultipartLimits limits;
  limits.max_parts = 16;
  limits.max_header_bytes = 512;
  const auto parts = lophoc::http::ParseMultipart("multipart/form-data; boundary=XyZ", body, limits);
  if (!parts.ok()) {
    const auto code = parts.status().code();
    Require(code == lophoc::StatusCode::kInvalidArgument || code == lophoc::StatusCode::kTooLarge,
            "error code is InvalidArgument or TooLarge");
    Require(!parts.status().message().empty(), "error has a message");
    return 0;
  }
  Require(parts->size() <= limits.max_parts, "no more than max_parts parts");
  size_t total = 0;
  for (const lophoc::http::FormPart& p : *parts) {
    Require(!p.name.empty(), "name is not empty");
    Require(lophoc::IsValidUtf8(p.name), "name is valid UTF-8");
    Require(!HasC0OrDel(p.name), "name has no control characters");
    Require(lophoc::IsValidUtf8(p.filename), "filename is valid UTF-8");
    Require(!HasC0OrDel(p.filename), "filename has no control characters");
    Require(p.filename.find_first_of("/\\") == std::string_view::npos,
            "filename has no '/' or '\\'");
    Require(p.filename != "." && p.filename != "..", "filename is not . or ..");
    Require(!p.filename.empty() || lophoc::IsValidUtf8(p.data), "text field data is UTF-8");
    Require(body.find(p.data) != std::string_view::npos, "data is bytes of the body");
    total += p.data.size();
  }
  Require(total <= size, "parts do not hold more bytes than the body");
  return 0;
}
