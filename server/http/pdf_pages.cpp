#include "server/http/pdf_pages.h"

#include "server/app/pdf_render.h"
#include "server/http/request_util.h"
#include "server/http/static_files.h"

namespace lophoc::http {
std::string SelfContained(const WebContext& ctx, std::string html) {
  HttpRequest css_req;
  css_req.method = "GET";
  const HttpResponse css = ctx.statics->Serve(css_req, "css/site.css");
  const size_t link = html.find("<link rel=\"stylesheet\"");
  if (link != std::string::npos) {
    const size_t end = html.find('>', link);
    html.replace(link, end - link + 1, "<style>" + css.body + "</style>");
  }
  const size_t icon = html.find("<link rel=\"icon\"");
  if (icon != std::string::npos) html.erase(icon, html.find('>', icon) - icon + 1);
  return html;
}

bool PdfAvailable() { return app::PdfRenderer().Available(); }

HttpResponse PdfOfPage(const WebContext& ctx, const HttpRequest& req, const HttpResponse& page,
                       const std::string& file_name) {
  if (page.status != 200) return page;
  auto pdf = app::PdfRenderer().Render(SelfContained(ctx, page.body));
  if (!pdf.ok()) return StatusResponse(ctx, req, pdf.status());
  return Attachment("application/pdf", std::move(*pdf), file_name);
}

}  // namespace lophoc::http
