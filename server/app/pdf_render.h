// PDF from HTML without a browser: the annual report's printable page is
// handed to WeasyPrint (Debian package `weasyprint`, an optional runtime
// tool; docs/reports.md, "PDF"), which lays it out on A4 by the page's print
// stylesheet. The HTML must be self-contained (inline CSS and SVG): the
// command runs with no base URL and the page names nothing outside itself.
//
// The process must ignore SIGPIPE (lophoc's main does, server/cli/commands.cpp):
// a tool that stops reading early must not end the server.
//
// Thread-safe: renders run one at a time (the tool takes a CPU second or
// more), so a burst of requests queues instead of starting a process each.
#pragma once

#include <chrono>
#include <string>

#include "kernel/status.h"

namespace lophoc::app {

struct PdfOptions {
  std::string command = "weasyprint";  // looked up in PATH unless it names a path
  std::chrono::milliseconds timeout{60000};
  size_t max_bytes = 20 * 1024 * 1024;  // a PDF larger than this is refused
};

class PdfRenderer {
 public:
  explicit PdfRenderer(PdfOptions options = {}) : options_(std::move(options)) {}

  // Whether the command can be run at all (found and executable).
  bool Available() const;

  // The PDF of `html` (UTF-8). Unavailable (reason pdf_unavailable) when the
  // command is not installed; IOError (reason pdf_failed) when it fails, runs
  // longer than the timeout (it is killed) or writes more than max_bytes.
  Result<std::string> Render(const std::string& html) const;

 private:
  PdfOptions options_;
};

}  // namespace lophoc::app
