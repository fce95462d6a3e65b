// Pages as PDF, made on the server (app::PdfRenderer, WeasyPrint): the annual
// report (/reports/annual.pdf) and a certificate (/certificates/<code>.pdf).
// The page is rendered as it is printed (its print stylesheet lays it out on
// A4) and handed to the tool self-contained.
#pragma once

#include <string>

#include "server/http/web_app.h"

namespace lophoc::http {

// `html` as WeasyPrint needs it: the site's stylesheet inlined (it loads
// nothing from outside), no icon.
std::string SelfContained(const WebContext& ctx, std::string html);

// Whether this site can make PDFs (weasyprint is installed, found in PATH):
// pages hide their PDF link when it cannot.
bool PdfAvailable();

// The PDF of the rendered page `page` as the download `file_name`; the page
// itself when it is not a 200; 503 pdf_unavailable when the tool is missing,
// 500 pdf_failed when it fails or runs too long. One render at a time.
HttpResponse PdfOfPage(const WebContext& ctx, const HttpRequest& req, const HttpResponse& page,
                       const std::string& file_name);

}  // namespace lophoc::http
