#include "tests/support/test_site.h"

#include <stdexcept>

#include "server/app/crypto.h"
#include "server/cli/cli_support.h"
#include "server/cli/serve_metrics.h"

namespace lophoc::cli {
extern const char* const kOpenApiJson;
}

namespace lophoc::testing {
namespace {

template <typename T>
T Must(Result<T> r, const std::string& what) {
  if (!r.ok()) throw std::runtime_error(what + ": " + r.status().ToString());
  return std::move(*r);
}

}  // namespace

std::string FixturePath(const std::string& rel) {
  return std::string(LOPHOC_SOURCE_DIR) + "/tests/fixtures/" + rel;
}

std::string SourcePath(const std::string& rel) { return std::string(LOPHOC_SOURCE_DIR) + "/" + rel; }

TestSite::TestSite(const std::string& content, const std::string& db_path, http::LogLevel log_level,
                   const std::function<void(http::SiteOptions&)>& adjust) {
  if (!app::InitCrypto()) throw std::runtime_error("libsodium");
  stores_ = Must(storage::OpenStores(db_path, {4}), "open database");
  programmes_ = std::make_unique<app::ProgrammeService>(&stores_->programmes(), &stores_->courses(), &clock_);
  content_ = std::make_unique<app::ContentService>(&stores_->courses(), &clock_, programmes_.get());
  Diagnostics diags;
  auto report = Must(content_->Import(content, "test", diags), "import");
  if (diags.HasErrors()) throw std::runtime_error("fixture content has errors: " + diags.items()[0].ToString());
  courses_ = std::make_unique<app::CourseService>(&stores_->courses());
  app::PeopleOptions people_options;
  people_options.password_cost = app::PasswordCost::ForTests();
  people_ = std::make_unique<app::PeopleService>(stores_->people(), &clock_, people_options);
  visits_ = std::make_unique<app::VisitLog>(stores_->people().visits, &clock_);
  people_csv_ = std::make_unique<app::PeopleCsv>(people_.get());
  certifications_ = std::make_unique<app::CertificationService>(
      &stores_->programmes(), &stores_->certifications(), &stores_->assignments(), &clock_,
      &stores_->exemptions());
  assignments_ = std::make_unique<app::AssignmentService>(
      &stores_->assignments(), &stores_->programmes(), people_.get(), &clock_);
  records_ = std::make_unique<app::TrainingRecords>(
      people_.get(), certifications_.get(), &stores_->programmes(), &stores_->courses(),
      &stores_->certifications(), &stores_->exemptions(), &clock_);
  learning_ = std::make_unique<app::LearningService>(&stores_->learning(), &stores_->attempts(),
                                                     courses_.get(), people_.get(), &clock_,
                                                     certifications_.get());
  app::ReminderOptions reminder_options;
  reminder_options.public_url = "https://hoc.example.vn";
  reminders_ = std::make_unique<app::ReminderService>(certifications_.get(), people_.get(),
                                                      &stores_->reminders(), &clock_,
                                                      reminder_options);
  authoring_ = std::make_unique<app::AuthoringService>(&stores_->courses(), content_.get(), courses_.get(), &clock_);
  statics_ = Must(http::StaticFiles::Load(SourcePath("static")), "static files");
  i18n_ = Must(http::Catalogues::Load(SourcePath("static/i18n")), "catalogues");
  views_ = Must(http::Views::Load(SourcePath("static/templates"), *i18n_), "views");
  http::WebContext ctx;
  ctx.courses = courses_.get();
  ctx.people = people_.get();
  ctx.visits = visits_.get();
  ctx.people_csv = people_csv_.get();
  ctx.learning = learning_.get();
  ctx.authoring = authoring_.get();
  ctx.programmes = programmes_.get();
  ctx.certifications = certifications_.get();
  ctx.assignments = assignments_.get();
  programme_editing_ = std::make_unique<app::ProgrammeEditing>(
      &stores_->programmes(), &stores_->courses(), &stores_->certifications(),
      stores_->people().audit, &clock_);
  ctx.programme_editing = programme_editing_.get();
  ctx.records = records_.get();
  ctx.reminders = reminders_.get();
  reports_ = std::make_unique<app::ReportService>(people_.get(), &stores_->programmes(),
                                                  &stores_->reports(), &clock_);
  ctx.reports = reports_.get();
  activity_ = std::make_unique<app::ActivityReportService>(&stores_->activity(), people_.get(),
                                                           &clock_);
  ctx.activity = activity_.get();
  org_changes_ = std::make_unique<app::OrgChangeService>(&stores_->org_changes(),
                                                         stores_->people().directory, &clock_);
  ctx.org_changes = org_changes_.get();
  annual_ = std::make_unique<app::AnnualReportService>(reports_.get(), activity_.get(),
                                                       programmes_.get(), people_.get(),
                                                       &stores_->snapshots(), &clock_);
  ctx.annual = annual_.get();
  targets_ = std::make_unique<app::TargetService>(&stores_->targets(), &stores_->programmes(),
                                                  people_.get(), &clock_);
  ctx.targets = targets_.get();
  cli::AddStoreReadinessChecks(readiness_, *stores_);
  ctx.readiness = &readiness_;
  ctx.views = views_.get();
  ctx.statics = statics_.get();
  ctx.i18n = i18n_.get();
  ctx.openapi_json = cli::kOpenApiJson;
  metrics_ = std::make_unique<app::Metrics>();
  app::AddProcessMetrics(*metrics_, clock_.Now());
  cli::AddStoreMetrics(*metrics_, *stores_, clock_);
  ctx.metrics = metrics_.get();
  ctx.options.log_level = log_level;
  ctx.options.public_url = "https://hoc.example.vn";
  if (adjust) adjust(ctx.options);
  site_ = std::make_unique<http::WebApp>(std::move(ctx));
}

TestSite::~TestSite() {
  if (server_) server_->Shutdown();
}

http::HttpResponse TestSite::Send(http::HttpRequest req) { return site_->Handle(std::move(req)); }

http::HttpResponse TestSite::Get(const std::string& target, std::map<std::string, std::string> headers) {
  http::HttpRequest req;
  req.method = "GET";
  const size_t q = target.find('?');
  req.path = target.substr(0, q);
  if (q != std::string::npos) {
    req.raw_query = target.substr(q + 1);
    req.query = http::ParseQuery(req.raw_query).value();
  }
  req.headers = std::move(headers);
  req.client_address = "127.0.0.1";
  return Send(std::move(req));
}

uint16_t TestSite::StartServer(size_t max_request_bytes) {
  server_ = std::make_unique<http::HttpServer>();
  http::ServerOptions o;
  o.port = 0;
  o.threads = 2;
  o.max_request_bytes = max_request_bytes;
  o.header_timeout = std::chrono::seconds(2);
  site_->ConfigureServer(o);
  cli::AddServerMetrics(*metrics_, *server_);
  Status s = server_->Start(o, [this](http::HttpRequest r) { return site_->Handle(std::move(r)); });
  if (!s.ok()) throw std::runtime_error(s.ToString());
  return server_->port();
}

}  // namespace lophoc::testing
