// The PDF tool is real (Debian's weasyprint, installed by
// scripts/install-deps --test); the failures are provoked with small scripts.
#include "server/app/pdf_render.h"

#include <sys/stat.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cstdio>
#include <fstream>
#include <string>

namespace lophoc::app {
namespace {

// An executable shell script in a temporary file, removed at the end.
struct Script {
  explicit Script(const std::string& body) {
    char name[] = "/tmp/lophoc-pdf-XXXXXX";
    const int fd = mkstemp(name);
    REQUIRE(fd >= 0);
    close(fd);
    path = name;
    std::ofstream(path) << "#!/bin/sh\n" << body << "\n";
    chmod(path.c_str(), 0700);
  }
  ~Script() { std::remove(path.c_str()); }
  std::string path;
};

TEST_CASE("weasyprint turns a Vietnamese page into a PDF", "[pdf]") {
  PdfRenderer pdf;
  REQUIRE(pdf.Available());  // scripts/install-deps --test installs weasyprint
  auto out = pdf.Render(
      "<!doctype html><html lang=\"vi\"><meta charset=\"utf-8\"><style>@page{size:A4}</style>"
      "<h1>Báo cáo năm 2025: tỷ lệ được đào tạo</h1><svg width=\"10\" height=\"10\">"
      "<rect width=\"10\" height=\"10\"/></svg></html>");
  REQUIRE(out.ok());
  CHECK(out->compare(0, 5, "%PDF-") == 0);
  CHECK(out->size() > 1000);
  CHECK(out->find("%%EOF") != std::string::npos);
}

TEST_CASE("a missing PDF tool is said plainly", "[pdf]") {
  PdfRenderer pdf(PdfOptions{"lophoc-no-such-pdf-tool"});
  CHECK_FALSE(pdf.Available());
  auto out = pdf.Render("<p>x</p>");
  REQUIRE_FALSE(out.ok());
  CHECK(out.status().code() == StatusCode::kUnavailable);
  CHECK(out.status().reason() == "pdf_unavailable");
}

TEST_CASE("a PDF tool that fails, hangs or floods is stopped", "[pdf]") {
  SECTION("it fails") {
    Script failing("cat >/dev/null; exit 3");
    auto out = PdfRenderer(PdfOptions{failing.path}).Render("<p>x</p>");
    REQUIRE_FALSE(out.ok());
    CHECK(out.status().reason() == "pdf_failed");
    CHECK(out.status().message().find("status 3") != std::string::npos);
  }
  SECTION("it writes no PDF") {
    Script wrong("cat");
    auto out = PdfRenderer(PdfOptions{wrong.path}).Render("<p>not a pdf</p>");
    REQUIRE_FALSE(out.ok());
    CHECK(out.status().message().find("no PDF") != std::string::npos);
  }
  SECTION("it hangs") {
    Script hanging("exec sleep 30");
    PdfOptions o{hanging.path};
    o.timeout = std::chrono::milliseconds(300);
    auto out = PdfRenderer(o).Render(std::string(200000, 'x'));  // more than a pipe holds
    REQUIRE_FALSE(out.ok());
    CHECK(out.status().message().find("longer than") != std::string::npos);
  }
  SECTION("it writes too much") {
    Script flooding("printf '%%PDF-'; exec cat /dev/zero");
    PdfOptions o{flooding.path};
    o.max_bytes = 100000;
    auto out = PdfRenderer(o).Render("<p>x</p>");
    REQUIRE_FALSE(out.ok());
    CHECK(out.status().message().find("larger than") != std::string::npos);
  }
}

}  // namespace
}  // namespace lophoc::app
