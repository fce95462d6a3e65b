#include "server/cli/commands.h"

#include <pthread.h>

#include <chrono>
#include <csignal>
#include <filesystem>
#include <iostream>
#include <set>
#include <thread>

#include "kernel/clock.h"
#include "kernel/text.h"
#include "server/app/activity_report_service.h"
#include "server/app/annual_report_service.h"
#include "server/app/assignment_service.h"
#include "server/app/authoring_service.h"
#include "server/app/build_info.h"
#include "server/app/certification_service.h"
#include "server/app/content_service.h"
#include "server/app/course_service.h"
#include "server/app/crypto.h"
#include "server/app/learning_service.h"
#include "server/app/log.h"
#include "server/app/org_change_service.h"
#include "server/app/package_zip.h"
#include "server/app/people_csv.h"
#include "server/app/people_service.h"
#include "server/app/periodic.h"
#include "server/app/programme_editing.h"
#include "server/app/reminder_service.h"
#include "server/app/report_service.h"
#include "server/app/target_service.h"
#include "server/app/training_records.h"
#include "server/app/visit_log.h"
#include "server/cli/backup_commands.h"
#include "server/cli/cli_support.h"
#include "server/cli/options.h"
#include "server/cli/serve_metrics.h"
#include "server/cli/serve_settings.h"
#include "server/cli/systemd_notify.h"
#include "server/http/client_address.h"
#include "server/http/pistache_adapter.h"
#include "server/http/web_app.h"
#include "server/storage/stores.h"

#ifndef LOPHOC_SOURCE_DIR
#define LOPHOC_SOURCE_DIR "."
#endif

namespace lophoc::cli {

extern const char* const kOpenApiJson;  // generated from docs/openapi.json

namespace fs = std::filesystem;
namespace {

constexpr auto kDrainTimeout = std::chrono::seconds(10);
constexpr auto kVisitFlushPeriod = std::chrono::seconds(30);
constexpr auto kSessionPurgePeriod = std::chrono::seconds(600);
constexpr auto kReadinessLookPeriod = std::chrono::seconds(30);
// /readyz fails when the last daily backup is older than this: a day and a
// little (the job runs from its hour, looking every few minutes).
constexpr auto kBackupMaxAge = std::chrono::seconds(26 * 3600);

}  // namespace

std::string DefaultDir(const std::string& name) {
  std::error_code ec;
  if (fs::is_directory(name, ec)) return "./" + name;
  return std::string(LOPHOC_SOURCE_DIR) + "/" + name;
}

namespace {

// Imports the course packages in `dir` at start; false after printing why not.
// In a JSON log, one line per diagnostic and a summary instead of the
// command line's report.
bool ImportBundled(app::ContentService& content, const std::string& dir) {
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) {
    // Storage trouble, not a mistake in the packages: the courses imported
    // before are served, and /readyz's "content" check says what is missing.
    app::Log(app::LogLevel::kError, "content folder missing; serving the courses already imported",
             {{"dir", dir}});
    return true;
  }
  Diagnostics diags;
  auto imported = content.Import(dir, "bundled", diags);
  const bool json = app::CurrentLogFormat() == app::LogFormat::kJson;
  if (json) {
    for (const auto& d : diags.items()) {
      app::Log(app::LogLevel::kWarn, "course package", {{"diagnostic", d.ToString()}});
    }
  } else {
    PrintDiagnostics(diags);
  }
  if (!imported.ok()) {
    const std::string& reason = imported.status().reason();
    const bool storage = reason == "storage_disk_full" || reason == "storage_read_only";
    app::Log(app::LogLevel::kError,
             storage ? "bundled content not imported; serving the courses already imported"
                     : "importing the bundled content failed",
             {{"dir", dir}, {"error", imported.status().message()}});
    return storage;  // a full or read-only disk: serve what is there
  }
  if (json) {
    app::Log(app::LogLevel::kInfo, "bundled content imported",
             {{"dir", dir},
              {"courses", imported->imported.size()},
              {"programmes", imported->programmes.size()}});
  } else {
    PrintImport(*imported);
  }
  return true;
}

// Whether serve can start without its --content folder: only on a database
// that holds courses to serve (a missing folder is then storage trouble, said
// by the log and /readyz); false after printing why not.
bool ContentOrCourses(const ParsedArgs& parsed, storage::Stores& stores) {
  std::error_code ec;
  if (fs::is_directory(parsed.Get("content"), ec)) return true;
  auto courses = stores.courses().ListAllCourses();
  if (courses.ok() && !courses->empty()) return true;
  PrintBadValue("serve", parsed, "content",
                "an existing folder (" + parsed.Get("content") + " is not one)");
  return false;
}

// Why lophoc serve cannot start.
void LogStartFailure(const Status& s) {
  app::Log(app::LogLevel::kError, "cannot start", {{"error", s.message()}});
}

// The templates, CSS and messages under `static_dir`.
struct Presentation {
  std::unique_ptr<http::StaticFiles> statics;
  std::unique_ptr<http::Catalogues> i18n;
  std::unique_ptr<http::Views> views;
};

std::optional<Presentation> LoadPresentation(const fs::path& static_dir) {
  auto statics = http::StaticFiles::Load(static_dir);
  auto i18n = http::Catalogues::Load(static_dir / "i18n");
  if (!statics.ok()) LogStartFailure(statics.status());
  if (!i18n.ok()) LogStartFailure(i18n.status());
  if (!statics.ok() || !i18n.ok()) return std::nullopt;
  auto views = http::Views::Load(static_dir / "templates", **i18n);
  if (!views.ok()) {
    LogStartFailure(views.status());
    return std::nullopt;
  }
  return Presentation{std::move(*statics), std::move(*i18n), std::move(*views)};
}

// Blocks the stop signals in this thread and every thread started after it;
// the main thread waits for them with sigwait (Pistache's recommended shutdown).
sigset_t BlockStopSignals() {
  sigset_t stop;
  sigemptyset(&stop);
  sigaddset(&stop, SIGINT);
  sigaddset(&stop, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop, nullptr);
  std::signal(SIGPIPE, SIG_IGN);
  return stop;
}

// Waits for a stop signal, lets the requests in flight finish (for up to
// kDrainTimeout) and shuts `server` down.
void ServeUntilStopped(const sigset_t& stop, http::WebApp& site, http::HttpServer& server) {
  int sig = 0;
  sigwait(&stop, &sig);
  app::Log(app::LogLevel::kInfo, "stopping: finishing requests in flight", {{"signal", sig}});
  NotifyServiceManager("STOPPING=1");
  site.BeginDrain();
  const auto deadline = std::chrono::steady_clock::now() + kDrainTimeout;
  while (server.in_flight() > 0 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  // Let the last responses leave the socket buffers before closing.
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  server.Shutdown();
}

// The server's background jobs: visit counts written every
// kVisitFlushPeriod, expired sessions purged every kSessionPurgePeriod.
class Housekeeping {
 public:
  Housekeeping(app::VisitLog& visits, app::PeopleService& people) {
    flush_visits_.Start(kVisitFlushPeriod, [&visits] {
      Status s = visits.Flush();
      if (!s.ok()) Warn("visit counts not written", s);
    });
    purge_sessions_.Start(kSessionPurgePeriod, [&people] {
      auto n = people.PurgeExpiredSessions();
      if (!n.ok()) Warn("expired sessions not purged", n.status());
    });
  }
  // Stops both; the visit log is flushed a last time.
  void Stop() {
    flush_visits_.Stop();
    purge_sessions_.Stop();
  }

 private:
  static void Warn(const char* what, const Status& s) {
    app::Log(app::LogLevel::kWarn, what, {{"error", s.message()}});
  }
  app::Periodic flush_visits_;
  app::Periodic purge_sessions_;
};

// The body of lophoc serve, after the preamble.
int Serve(const ParsedArgs& parsed) {
  const auto settings = ReadServeSettings(parsed);
  const auto backup_schedule = ReadBackupSchedule(parsed);
  if (!settings || !backup_schedule) return 2;
  app::SetLogFormat(settings->log_format);
  app::SetLogLevel(settings->level);
  const sigset_t stop = BlockStopSignals();
  auto stores = OpenStoresAt(parsed, settings->threads + 2);
  if (!stores) return 1;
  if (!ContentOrCourses(parsed, *stores)) return 2;
  SystemClock clock;
  app::BackupStatus backup_status;
  ScheduledBackups backups(*backup_schedule, parsed.Get("db"), *stores, backup_status, clock);
  if (!backups.ok()) return 1;
  app::Metrics metrics;  // before the site and the server: they use it to the end
  app::AddProcessMetrics(metrics, clock.Now());
  AddStoreMetrics(metrics, *stores, clock);
  AddBackupMetrics(metrics, backup_status, clock);
  app::ProgrammeService programmes(&stores->programmes(), &stores->courses(), &clock);
  app::ContentService content(&stores->courses(), &clock, &programmes);
  if (!ImportBundled(content, parsed.Get("content"))) return 1;
  auto presentation = LoadPresentation(parsed.Get("static"));
  if (!presentation) return 1;

  app::CourseService courses(&stores->courses());
  app::PeopleService people(stores->people(), &clock);
  WarnOfPhoneCollisions(people);
  app::PeopleCsv people_csv(&people);
  app::VisitLog visits(stores->people().visits, &clock);
  app::CertificationService certifications(&stores->programmes(), &stores->certifications(),
                                           &stores->assignments(), &clock, &stores->exemptions());
  app::AssignmentService assignments(&stores->assignments(), &stores->programmes(), &people,
                                     &clock);
  app::TrainingRecords records(&people, &certifications, &stores->programmes(), &stores->courses(),
                               &stores->certifications(), &stores->exemptions(), &clock);
  app::LearningService learning(&stores->learning(), &stores->attempts(), &courses, &people, &clock,
                                &certifications);
  app::AuthoringService authoring(&stores->courses(), &content, &courses, &clock);
  Housekeeping housekeeping(visits, people);
  app::ReminderOptions reminder_options;
  reminder_options.public_url = settings->public_url;
  app::ReminderService reminders(&certifications, &people, &stores->reminders(), &clock,
                                 reminder_options);
  std::unique_ptr<app::MailSender> mail;
  if (!settings->smtp.url.empty()) mail = std::make_unique<app::SmtpSender>(settings->smtp);
  DailyReminders daily_reminders(reminders, settings->reminder_hour, std::move(mail), clock);
  http::WebContext ctx;
  ctx.courses = &courses;
  ctx.people = &people;
  ctx.visits = &visits;
  ctx.people_csv = &people_csv;
  ctx.learning = &learning;
  ctx.authoring = &authoring;
  ctx.programmes = &programmes;
  ctx.certifications = &certifications;
  ctx.assignments = &assignments;
  app::ProgrammeEditing programme_editing(&stores->programmes(), &stores->courses(),
                                          &stores->certifications(), stores->people().audit,
                                          &clock);
  ctx.programme_editing = &programme_editing;
  ctx.records = &records;
  ctx.reminders = &reminders;
  app::ReportService reports(&people, &stores->programmes(), &stores->reports(), &clock);
  ctx.reports = &reports;
  app::ActivityReportService activity(&stores->activity(), &people, &clock);
  ctx.activity = &activity;
  app::OrgChangeService org_changes(&stores->org_changes(), stores->people().directory, &clock);
  ctx.org_changes = &org_changes;
  app::AnnualReportService annual(&reports, &activity, &programmes, &people, &stores->snapshots(),
                                  &clock);
  ctx.annual = &annual;
  app::TargetService targets(&stores->targets(), &stores->programmes(), &people, &clock);
  ctx.targets = &targets;
  app::Readiness readiness;
  AddStoreReadinessChecks(readiness, *stores);
  AddContentReadinessCheck(readiness, parsed.Get("content"));
  readiness.Add("backup", [&backup_status, &clock, since = clock.Now(),
                           on = !backup_schedule->dir.empty()] {
    return app::BackupReadiness(backup_status.Snapshot(), on, clock.Now(), since, kBackupMaxAge);
  });
  // A check that starts or stops failing is logged (Readiness::Check): look
  // now and every kReadinessLookPeriod, so that storage trouble reaches the
  // log even when no monitor asks /readyz.
  readiness.Check();
  app::Periodic readiness_look(app::Periodic::AtStop::kJustStop);
  readiness_look.Start(kReadinessLookPeriod, [&readiness] { readiness.Check(); });
  ctx.readiness = &readiness;
  ctx.views = presentation->views.get();
  ctx.statics = presentation->statics.get();
  ctx.i18n = presentation->i18n.get();
  ctx.openapi_json = kOpenApiJson;
  ctx.metrics = &metrics;
  ctx.options.metrics_token = parsed.Get("metrics-token");
  ctx.options.open_data_k = settings->open_data_k;
  ctx.options.log_level = settings->level;
  ctx.options.secure_cookies = parsed.Flag("secure-cookies");
  ctx.options.public_url = settings->public_url;
  ctx.options.trusted_proxy = settings->trusted_proxy;
  ctx.options.response_cache_bytes = settings->response_cache_bytes;
  http::WebApp site(std::move(ctx));

  http::ServerOptions so;
  so.bind = parsed.Get("bind");
  so.port = static_cast<uint16_t>(settings->port);
  so.threads = settings->threads;
  so.max_request_bytes = settings->max_request_bytes;
  so.write_workers = settings->threads;
  site.ConfigureServer(so);
  http::HttpServer server;
  AddServerMetrics(metrics, server);
  Status started =
      server.Start(so, [&site](http::HttpRequest req) { return site.Handle(std::move(req)); });
  if (!started.ok()) {
    LogStartFailure(started);
    return 1;
  }
  const std::string host = so.bind.find(':') != std::string::npos ? "[" + so.bind + "]" : so.bind;
  const std::string url = "http://" + host + ":" + std::to_string(server.port()) + "/";
  if (app::CurrentLogFormat() == app::LogFormat::kText) {
    // Scripts (tests/e2e/run.sh, bench/) read the port from this line.
    std::cerr << "lophoc serving on " << url << " (database " << parsed.Get("db") << ")"
              << std::endl;
  } else {
    app::Log(app::LogLevel::kInfo, "serving",
             {{"url", url},
              {"database", parsed.Get("db")},
              {"version", app::kVersion},
              {"commit", app::kCommit}});
  }
  Status notified = NotifyServiceManager("READY=1");
  if (!notified.ok()) {
    app::Log(app::LogLevel::kWarn, "systemd not notified", {{"error", notified.message()}});
  }
  ServeUntilStopped(stop, site, server);
  readiness_look.Stop();
  housekeeping.Stop();
  daily_reminders.Stop();
  backups.Stop();
  app::Log(app::LogLevel::kInfo, "stopped");
  return 0;
}

}  // namespace

std::optional<int> RunSubcommand(const std::string& name, const std::vector<std::string>& args) {
  std::vector<CommandSpec> all;
  for (auto commands :
       {ServerCommands, AccountCommands, ContentCommands, ProgrammeCommands, ReminderCommands,
        PeopleCommands, OrgCommands, QuizCommands, BackupCommands, DemoDataCommands,
        TargetCommands}) {
    for (CommandSpec& spec : commands()) all.push_back(std::move(spec));
  }
  // Settings (options with an environment variable) may also come from
  // --config FILE; one file serves every command, each reading its own keys.
  std::set<std::string> settings;
  for (CommandSpec& spec : all) {
    bool has_settings = false;
    for (const auto& o : spec.options) {
      if (o.env.empty()) continue;
      settings.insert(o.name);
      has_settings = true;
    }
    if (has_settings) spec.options.push_back(ConfigOption());
  }
  for (const CommandSpec& spec : all) {
    if (spec.name == name) return RunCommand(spec, args, settings);
  }
  return std::nullopt;
}

std::vector<CommandSpec> ServerCommands() {
  return {
      {
          "serve",
          "Usage: lophoc serve [options]\n",
          "Serves the web site and the API. Imports the course packages and programmes in\n"
          "--content at start (unchanged ones are skipped).\n",
          {
              {"port", "LOPHOC_PORT", "8080", "TCP port (0 picks a free one)"},
              {"bind", "LOPHOC_BIND", "127.0.0.1", "address to listen on"},
              DbOption(),
              {"content", "LOPHOC_CONTENT", DefaultDir("content"),
               "course packages imported at start"},
              {"static", "LOPHOC_STATIC", DefaultDir("static"), "templates, CSS and messages"},
              {"threads", "LOPHOC_THREADS", "2", "HTTP worker threads"},
              {"log-level", "LOPHOC_LOG_LEVEL", "info", "error, warn, info (access log) or debug"},
              {"log-format", "LOPHOC_LOG_FORMAT", "text",
               "text (key=value lines) or json (one JSON object per line)"},
              {"secure-cookies", "LOPHOC_SECURE_COOKIES", "false",
               "mark cookies Secure (behind HTTPS)", true},
              {"public-url", "LOPHOC_PUBLIC_URL", "",
               "address people reach the site at, e.g. https://hoc.example.vn (needed unless "
               "--bind is loopback; absolute links such as certificates' check addresses use "
               "it)"},
              {"metrics-token", "LOPHOC_METRICS_TOKEN", "",
               "lets other machines read /metrics with 'Authorization: Bearer TOKEN' (empty: "
               "this machine only; prefer the environment or the configuration file to the "
               "command line, which other users can see)"},
              {"open-data-k", "LOPHOC_OPEN_DATA_K", "5",
               "open data: a count of staff under this is published as '<k' and others are "
               "withheld to protect it (docs/open-data.md)"},
              {"max-request-kib", "LOPHOC_MAX_REQUEST_KIB", "4096",
               "largest request accepted, KiB"},
              {"response-cache-mib", "LOPHOC_RESPONSE_CACHE_MIB", "32",
               "memory for rendered pages and lesson JSON, MiB (0: render every request)"},
              {"reminder-hour", "LOPHOC_REMINDER_HOUR", "6",
               "local hour (0-23) from which the daily reminder job runs; -1: never"},
              {"trusted-proxy", "LOPHOC_TRUSTED_PROXY", "",
               "IP address of the reverse proxy whose X-Forwarded-For names the client "
               "(its last entry); empty: the header is ignored"},
              SmtpOptionSpecs()[0],
              SmtpOptionSpecs()[1],
              SmtpOptionSpecs()[2],
              SmtpOptionSpecs()[3],
              BackupOptionSpecs()[0],
              BackupOptionSpecs()[1],
              BackupOptionSpecs()[2],
              BackupOptionSpecs()[3],
          },
          {},
          Serve,
      },
  };
}

}  // namespace lophoc::cli
