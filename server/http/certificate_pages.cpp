#include "server/http/certificate_pages.h"

#include "kernel/calendar.h"
#include "server/app/learning_service.h"
#include "server/http/learning_presenters.h"
#include "server/http/pdf_pages.h"
#include "server/http/presenters.h"
#include "server/http/request_util.h"
#include "server/http/shown_text.h"

namespace lophoc::http {

using nlohmann::json;

std::string CertificateDay(const std::string& iso) {
  const auto t = ParseIso8601(iso);
  return t ? FormatLocalDate(LocalDateOf(*t)) : iso.substr(0, 10);
}

void PutCertificateCourseTitle(const WebContext& ctx, const std::string& lang,
                               const courses::CertificateRecord& c, json& j) {
  ShownText shown = ShowCourseTitle(*ctx.courses, lang, c.course_slug, c.course_title);
  j["course_title"] = std::move(shown.text);
  j["course_title_lang"] = LangOrNull(shown.lang);
}

namespace {

json CertificateModel(const WebContext& ctx, const HttpRequest& req,
                      const app::CertificateCheck& c) {
  const std::string lang = ChooseLanguage(req);
  json m = PageModel(ctx, req, ctx.i18n->Text(lang, "certificate_title"));
  json cert = CertificateCheckJson(c);
  // Mustache shows a section for an empty string too: leave empty fields out.
  for (const char* key : {"site", "issued_by"}) {
    if (cert[key].is_string() && cert[key].get<std::string>().empty()) cert.erase(key);
  }
  // The body that issues it: the holder's province (or unit) when there is
  // one, else the site itself.
  cert["issuer"] = c.certificate.org_name.empty()
                       ? ctx.i18n->Text(lang, "certificate_issuer_default")
                       : c.certificate.org_name;
  cert["site_lang"] = LangOrNull(ShowText(lang, c.certificate.site_name, "").lang);
  cert["issued_date"] = CertificateDay(c.certificate.issued_at);
  PutCertificateCourseTitle(ctx, lang, c.certificate, cert);
  if (!c.certificate.valid_until.empty()) {
    cert["valid_until_date"] = CertificateDay(c.certificate.valid_until);
  }
  if (!ctx.options.public_url.empty()) {
    cert["verify_full_url"] = ctx.options.public_url + VerifyUrl(c.certificate.code);
  }
  cert["is_valid"] = c.validity == app::CertificateValidity::kValid;
  cert["is_expired"] = c.validity == app::CertificateValidity::kExpired;
  cert["is_revoked"] = c.validity == app::CertificateValidity::kRevoked;
  cert["status_text"] = ctx.i18n->Text(
      lang, std::string("certificate_status_") + app::CertificateValidityName(c.validity));
  m["certificate"] = cert;
  m["print_script_url"] = ctx.statics->Url("js/certificate.js");
  return m;
}

// The certificate's page, or with ".pdf" after the code the same page as an
// A4 PDF made on the server: whoever may open the page may download it.
HttpResponse CertificatePage(const WebContext& ctx, const HttpRequest& req) {
  std::string code = req.params.at("code");
  const std::string suffix = ".pdf";
  const bool pdf = code.size() > suffix.size() &&
                   code.compare(code.size() - suffix.size(), suffix.size(), suffix) == 0;
  if (pdf) code.resize(code.size() - suffix.size());
  auto c = ctx.learning->Verify(code);
  if (!c.ok()) return StatusResponse(ctx, req, c.status());
  json m = CertificateModel(ctx, req, *c);
  if (!pdf) {
    if (PdfAvailable()) m["certificate"]["pdf_url"] = CertificateUrl(c->certificate.code) + suffix;
    return PageResponse(ctx, req, "certificate", m);
  }
  return PdfOfPage(ctx, req, PageResponse(ctx, req, "certificate", m),
                   "chung-nhan-" + c->certificate.code + ".pdf");
}

HttpResponse VerifyPage(const WebContext& ctx, const HttpRequest& req) {
  const std::string lang = ChooseLanguage(req);
  std::string code = req.params.count("code") ? req.params.at("code") : req.Query("code");
  if (code.empty()) {
    json m = PageModel(ctx, req, ctx.i18n->Text(lang, "verify_title"));
    return PageResponse(ctx, req, "verify", m);
  }
  auto c = ctx.learning->Verify(code);
  if (!c.ok() && c.status().code() != StatusCode::kNotFound)
    return StatusResponse(ctx, req, c.status());
  json m = c.ok() ? CertificateModel(ctx, req, *c) : PageModel(ctx, req, "");
  m["title"] = ctx.i18n->Text(lang, "verify_title");
  m["searched"] = true;
  m["code"] = code.substr(0, 40);
  m["found"] = c.ok();
  return PageResponse(ctx, req, "verify", m, c.ok() ? 200 : 404);
}

}  // namespace

void AddCertificatePageRoutes(Router& r, const WebContext& ctx) {
  const RouteList on(r, ctx);
  on("GET", "/certificates/:code", CertificatePage);
  on("GET", "/verify", VerifyPage);
  on("GET", "/verify/:code", VerifyPage);
}

}  // namespace lophoc::http
