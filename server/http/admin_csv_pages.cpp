// The admin area's CSV pages: import (a file or pasted text, a dry run
// first, every bad row with its line) and export. The work is PeopleCsv's.
#include "server/http/admin_pages.h"


#include <nlohmann/json.hpp>

#include "kernel/text.h"
#include "server/app/people_csv.h"
#include "server/http/multipart.h"
#include "server/http/request_util.h"
#include "server/http/web_app.h"

namespace lophoc::http {
namespace {

using nlohmann::json;

Status NoCsv() { return Status::NotFound("no CSV import"); }

HttpResponse ImportPage(const WebContext& ctx, const HttpRequest& req, const FormErrors& errors,
                        const std::string& csv, bool dry_run, int status) {
  json m = AdminPageModel(ctx, req, Say(ctx, req, "import_title"));
  const size_t limit = ctx.options.max_upload_bytes;
  m["max_size"] = limit >= 1024 * 1024 && limit % (1024 * 1024) == 0
                      ? std::to_string(limit / (1024 * 1024)) + " MiB"
                      : std::to_string(limit / 1024) + " KiB";
  m["csv"] = csv;
  m["dry_run"] = dry_run;
  errors.Into(m);
  return PageResponse(ctx, req, "admin_import", m, status);
}

HttpResponse ImportForm(const WebContext& ctx, const HttpRequest& req) {
  if (auto refused = RequireAdminArea(ctx, req)) return *refused;
  if (ctx.people_csv == nullptr) return StatusResponse(ctx, req, NoCsv());
  return ImportPage(ctx, req, FormErrors(), "", true, 200);
}

// The CSV of an import form: the uploaded file, else the pasted text.
struct ImportInput {
  std::string csv;
  bool dry_run = false;
};

// What is wrong with a whole CSV file, after its line number (the
// refusal's parameter "line") when it has one.
std::string FileProblem(const WebContext& ctx, const HttpRequest& req, const Status& s) {
  const std::string text = Explain(ctx, req, s, {}).text;
  auto line = s.params().find("line");
  if (line == s.params().end()) return text;
  return Say(ctx, req, "import_line") + " " + line->second + ": " + text;
}

Result<ImportInput> ReadImportForm(const HttpRequest& req) {
  ImportInput in;
  if (auto form = FormFields::Read(req)) {
    in.csv = form->Get("csv");
    in.dry_run = form->Checked("dry_run");
    return in;
  }
  auto parts = ParseMultipart(req.Header("content-type"), req.body);
  if (!parts.ok()) return parts.status();
  const FormPart* file = FindPart(*parts, "file");
  const FormPart* text = FindPart(*parts, "csv");
  const FormPart* dry = FindPart(*parts, "dry_run");
  if (file != nullptr && !file->data.empty()) {
    in.csv = file->data;
  } else if (text != nullptr) {
    in.csv = text->data;
  }
  in.dry_run = dry != nullptr && !dry->data.empty() && dry->data != "0";
  return in;
}

HttpResponse Import(const WebContext& ctx, const HttpRequest& req) {
  if (auto refused = RequireAdminArea(ctx, req)) return *refused;
  if (ctx.people_csv == nullptr) return StatusResponse(ctx, req, NoCsv());
  auto in = ReadImportForm(req);
  if (!in.ok()) return BadForm(ctx, req);
  FormErrors errors;
  if (Trim(in->csv).empty()) {
    errors.Add("file", Say(ctx, req, "import_empty"));
    return ImportPage(ctx, req, errors, "", in->dry_run, 400);
  }
  auto report = ctx.people_csv->Import(req.visitor.actor(), in->csv, in->dry_run);
  if (!report.ok()) {
    const int http = HttpStatusFor(report.status());
    if (http >= 500 || http == 403) return StatusResponse(ctx, req, report.status());
    errors.Add("file", FileProblem(ctx, req, report.status()));
    return ImportPage(ctx, req, errors, in->csv, in->dry_run, http);
  }
  json m = AdminPageModel(ctx, req, Say(ctx, req, "import_result_title"));
  const std::string kind = app::CsvKindName(report->kind);
  m["kind_label"] = Say(ctx, req, "csv_kind_" + kind);
  m["rows"] = std::to_string(report->rows);
  m["dry_run"] = in->dry_run;
  m["clean"] = report->errors.empty();
  m["created"] = std::to_string(report->created);
  json bad = json::array();
  for (const auto& e : report->errors) {
    bad.push_back({{"line", std::to_string(e.line)},
                   {"column", e.column},
                   {"message", Explain(ctx, req, e.why, {}).text}});
  }
  m["row_errors"] = std::move(bad);
  json passwords = json::array();
  for (const auto& p : report->one_time_passwords) {
    passwords.push_back({{"username", p.username}, {"password", p.password}});
  }
  m["has_passwords"] = !passwords.empty();
  m["passwords"] = std::move(passwords);
  // After a clean dry run the same text can be imported for real.
  if (in->dry_run && report->errors.empty()) m["csv"] = in->csv;
  HttpResponse res =
      PageResponse(ctx, req, "admin_import_result", m, report->errors.empty() ? 200 : 400);
  if (!report->one_time_passwords.empty()) NoStore(res);
  return res;
}

HttpResponse Export(const WebContext& ctx, const HttpRequest& req) {
  if (auto refused = RequireAdminArea(ctx, req)) return *refused;
  const std::string& name = req.params.at("kind");
  std::optional<app::CsvKind> kind;
  if (name == "org-units") kind = app::CsvKind::kOrgUnits;
  if (name == "sites") kind = app::CsvKind::kSites;
  if (name == "users") kind = app::CsvKind::kUsers;
  if (!kind || ctx.people_csv == nullptr) {
    return StatusResponse(ctx, req, Status::NotFound("no export " + name));
  }
  auto csv = ctx.people_csv->Export(req.visitor.actor(), *kind, req.Query("org"));
  if (!csv.ok()) return StatusResponse(ctx, req, csv.status());
  return Attachment("text/csv; charset=utf-8", std::move(*csv), name + ".csv");
}

}  // namespace

void AddAdminCsvPageRoutes(Router& r, const WebContext& ctx) {
  const RouteList on(r, ctx);
  on("GET", "/admin/import", ImportForm);
  // A CSV file may be larger than a form: up to SiteOptions::max_upload_bytes.
  on("POST", "/admin/import", Import, kUploadRoute);
  on("GET", "/admin/export/:kind", Export);
}

}  // namespace lophoc::http
