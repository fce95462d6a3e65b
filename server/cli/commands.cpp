#include "server/cli/commands.h"

#include <pthread.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <pthread.h>
#include <set>
#include <fcntl.h>
#include <unistd.h>
#include <thread>

#include "kernel/clock.h"
#include "kernel/text.h"
#include "server/app/assignment_service.h"
#include "server/app/authoring_service.h"
#include "server/app/build_info.h"
#include "server/app/certification_service.h"
#include "server/app/content_service.h"
#include "server/app/course_service.h"
#include "server/app/crypto.h"
#include "server/app/learning_service.h"
#include "server/app/log.h"
#include "server/app/package_zip.h"
#include "server/app/people_csv.h"
#include "server/app/people_service.h"
#include "server/app/periodic.h"
#include "server/app/programme_editing.h"
#include "server/app/reminder_service.h"
#include "server/app/training_records.h"
#include "server/app/visit_log.h"
#include "server/cli/backup_commands.h"
#include "server/cli/cli_support.h"
#include "server/cli/options.h"
#include "server/cli/systemd_notify.h"
#include "server/http/client_address.h"
#include "server/cli/serve_metrics.h"
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

struct ServeSettings {
  int port = 0;
  http::LogLevel level = http::LogLevel::kInfo;
  app::LogFormat log_format = app::LogFormat::kText;
  int threads = 1;
  size_t max_request_bytes = 0;
  size_t response_cache_bytes = 0;
  std::string public_url;
  std::string trusted_proxy;  // canonical IP address, or empty
  int reminder_hour = 6;  // < 0: the daily reminder job is off
  app::SmtpOptions smtp;  // url empty: reminders are not emailed
};

// The number `name` holds, within [lo, hi]; nullopt after printing which
// value is wrong and where it came from.
std::optional<long> ReadNumber(const ParsedArgs& parsed, const std::string& name, long lo,
                               long hi, const std::string& expected) {
  auto v = ParseNumber(parsed.Get(name), lo, hi);
  if (!v) PrintBadValue("serve", parsed, name, expected);
  return v;
}

// Whether the folder `name` names exists; false after printing which setting
// names it and where from.
bool CheckFolder(const ParsedArgs& parsed, const std::string& name, const fs::path& dir) {
  std::error_code ec;
  if (fs::is_directory(dir, ec)) return true;
  PrintBadValue("serve", parsed, name, "an existing folder (" + dir.string() + " is not one)");
  return false;
}

// Whether the file `name` names can be written where it is (the folder exists
// and takes new files, as SQLite's journal needs); false after printing why.
bool CheckWritableFolderOf(const ParsedArgs& parsed, const std::string& name,
                           const fs::path& file) {
  const fs::path dir = file.parent_path().empty() ? fs::path(".") : file.parent_path();
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) {
    PrintBadValue("serve", parsed, name,
                  "in an existing folder (" + dir.string() + " is not one)");
    return false;
  }
  // A file made and removed, rather than access(): root passes access() on a
  // read-only mount or a folder systemd's ProtectSystem hides.
  const fs::path probe = dir / (".lophoc-write-test-" + std::to_string(::getpid()));
  const int fd = ::open(probe.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) {
    PrintBadValue("serve", parsed, name,
                  "in a folder this user can write (" + dir.string() + ": " +
                      std::strerror(errno) + ")");
    return false;
  }
  ::close(fd);
  fs::remove(probe, ec);
  return true;
}

// The folders serve needs: --content and --static exist, the database's
// folder is writable (SQLite writes its journal beside the file).
bool CheckFolders(const ParsedArgs& parsed) {
  const std::string& db = parsed.Get("db");
  const bool is_file = db != ":memory:" && db.find("://") == std::string::npos;
  return CheckFolder(parsed, "content", parsed.Get("content")) &&
         CheckFolder(parsed, "static", parsed.Get("static")) &&
         (!is_file ||
          CheckWritableFolderOf(parsed, "db", db.rfind("sqlite:", 0) == 0 ? db.substr(7) : db));
}

// The settings `parsed` asks for, or nullopt after printing why not (each
// bad value named with the flag, variable or file line it came from).
std::optional<ServeSettings> ReadServeSettings(const ParsedArgs& parsed) {
  const auto port = ReadNumber(parsed, "port", 0, 65535, "a TCP port 0-65535");
  if (!port) return std::nullopt;
  const auto level = http::ParseLogLevel(parsed.Get("log-level"));
  if (!level) {
    PrintBadValue("serve", parsed, "log-level", "error, warn, info or debug");
    return std::nullopt;
  }
  const auto log_format = app::ParseLogFormat(parsed.Get("log-format"));
  if (!log_format) {
    PrintBadValue("serve", parsed, "log-format", "text or json");
    return std::nullopt;
  }
  const auto threads = ReadNumber(parsed, "threads", 1, 64, "a number of threads 1-64");
  if (!threads) return std::nullopt;
  const auto max_kib =
      ReadNumber(parsed, "max-request-kib", 16, 1024 * 1024, "a size in KiB 16-1048576");
  if (!max_kib) return std::nullopt;
  const auto cache_mib = ReadNumber(parsed, "response-cache-mib", 0, 4096, "a size in MiB 0-4096");
  if (!cache_mib) return std::nullopt;
  const auto reminder_hour =
      ReadNumber(parsed, "reminder-hour", -1, 23, "an hour 0-23, or -1 for never");
  if (!reminder_hour) return std::nullopt;
  auto smtp = ReadSmtpOptions(parsed, "serve");
  if (!smtp) return std::nullopt;
  const size_t token_chars = parsed.Get("metrics-token").size();
  if (token_chars > 0 && token_chars < 16) {
    PrintBadValue("serve", parsed, "metrics-token",
                  "at least 16 characters, e.g. from: head -c 24 /dev/urandom | base64");
    return std::nullopt;
  }
  if (!CheckFolders(parsed)) return std::nullopt;
  ServeSettings out;
  out.port = static_cast<int>(*port);
  out.level = *level;
  out.log_format = *log_format;
  out.threads = static_cast<int>(*threads);
  out.max_request_bytes = static_cast<size_t>(*max_kib) * 1024;
  out.response_cache_bytes = static_cast<size_t>(*cache_mib) * 1024 * 1024;
  out.reminder_hour = static_cast<int>(*reminder_hour);
  out.smtp = *smtp;
  if (!parsed.Get("trusted-proxy").empty()) {
    auto proxy = http::CanonicalIpAddress(parsed.Get("trusted-proxy"));
    if (!proxy) {
      std::cerr << "lophoc serve: --trusted-proxy must be one IP address, e.g. 127.0.0.1\n";
      return std::nullopt;
    }
    out.trusted_proxy = *proxy;
  }
  const std::string& bind = parsed.Get("bind");
  if (!parsed.Get("public-url").empty()) {
    auto u = http::ParsePublicUrl(parsed.Get("public-url"));
    if (!u) {
      PrintBadValue("serve", parsed, "public-url",
                    "http:// or https:// with a host and an optional port and path, e.g. "
                    "https://hoc.example.vn");
      return std::nullopt;
    }
    out.public_url = *u;
  } else if (!http::IsLoopbackAddress(bind)) {
    std::cerr << "lophoc serve: serving on " << bind
              << " needs --public-url (LOPHOC_PUBLIC_URL): the address people use to reach this "
                 "server, e.g. https://hoc.example.vn. Absolute links (certificates) are built "
                 "from it, never from the request's Host header.\n";
    return std::nullopt;
  } else if (out.port != 0) {
    out.public_url = "http://" + std::string(bind == "::1" ? "[::1]" : bind) + ":" +
                     std::to_string(out.port);
  }
  return out;
}

// Imports the course packages in `dir` at start; false after printing why not.
// In a JSON log, one line per diagnostic and a summary instead of the
// command line's report.
bool ImportBundled(app::ContentService& content, const std::string& dir) {
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
    app::Log(app::LogLevel::kError, "importing the bundled content failed",
             {{"dir", dir}, {"error", imported.status().message()}});
    return false;
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
                                          &stores->assignments(), &clock,
                                          &stores->exemptions());
  app::AssignmentService assignments(&stores->assignments(), &stores->programmes(), &people,
                                     &clock);
  app::TrainingRecords records(&people, &certifications, &stores->programmes(),
                               &stores->courses(), &stores->certifications(),
                               &stores->exemptions(), &clock);
  app::LearningService learning(&stores->learning(), &stores->attempts(), &courses, &people,
                                &clock, &certifications);
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
  app::Readiness readiness;
  AddStoreReadinessChecks(readiness, *stores);
  readiness.Add("backup", [&backup_status, &clock, since = clock.Now(),
                           on = !backup_schedule->dir.empty()] {
    return app::BackupReadiness(backup_status.Snapshot(), on, clock.Now(), since, kBackupMaxAge);
  });
  ctx.readiness = &readiness;
  ctx.views = presentation->views.get();
  ctx.statics = presentation->statics.get();
  ctx.i18n = presentation->i18n.get();
  ctx.openapi_json = kOpenApiJson;
  ctx.metrics = &metrics;
  ctx.options.metrics_token = parsed.Get("metrics-token");
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
  Status started = server.Start(so, [&site](http::HttpRequest req) { return site.Handle(std::move(req)); });
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
  if (!notified.ok()) app::Log(app::LogLevel::kWarn, "systemd not notified", {{"error", notified.message()}});
  ServeUntilStopped(stop, site, server);
  housekeeping.Stop();
  daily_reminders.Stop();
  backups.Stop();
  app::Log(app::LogLevel::kInfo, "stopped");
  return 0;
}


// The first line of standard input, without its line end.
std::string ReadPasswordLine() {
  std::string line;
  std::getline(std::cin, line);
  if (!line.empty() && line.back() == '\r') line.pop_back();
  return line;
}

// The body of lophoc users add, after the preamble.
int AddUser(const ParsedArgs& parsed) {
  auto roles = people::ParseRoles(parsed.Get("role"));
  if (!roles.ok()) {
    std::cerr << "lophoc users add: " << roles.status().message() << "\n";
    return 2;
  }
  const bool is_admin = std::find(roles->begin(), roles->end(), people::Role::kAdmin) != roles->end();
  if (is_admin && !parsed.Flag("password-stdin")) {
    std::cerr << "lophoc users add: an admin needs a password: pass --password-stdin\n";
    return 2;
  }
  const std::string password = parsed.Flag("password-stdin") ? ReadPasswordLine() : "";
  if (parsed.Flag("password-stdin") && password.empty()) {
    std::cerr << "lophoc users add: no password on standard input\n";
    return 2;
  }
  auto stores = OpenStoresAt(parsed);
  if (!stores) return 1;
  SystemClock clock;
  app::PeopleService people(stores->people(), &clock);
  app::UserInput in;
  in.username = parsed.positional[1];
  in.display_name = parsed.Get("display-name").empty() ? in.username : parsed.Get("display-name");
  in.roles = *roles;
  in.org = parsed.Get("org");
  in.site = parsed.Get("site");
  in.staff_category = parsed.Get("staff-category");
  auto made = is_admin ? people.CreateFirstAdmin(in, password, parsed.Flag("force"))
                       : people.CreateUser(people::Actor::CommandLine(), in, password);
  if (!made.ok()) return Fail("users add", made.status());
  std::cerr << "created " << made->user.username << " (id " << made->user.id << ", roles "
            << people::JoinRoles(made->user.roles) << ")\n";
  if (!made->one_time_password.empty()) {
    std::cerr << "one-time password (shown once; to be changed at first login):\n";
    std::cout << made->one_time_password << "\n";
  }
  return 0;
}


// The body of lophoc tokens create, after the preamble.
int CreateToken(const ParsedArgs& parsed) {
  auto stores = OpenStoresAt(parsed);
  if (!stores) return 1;
  SystemClock clock;
  app::PeopleService people(stores->people(), &clock);
  const auto cli = people::Actor::CommandLine();
  auto user = people.GetUserByName(cli, parsed.positional[1]);
  if (!user.ok()) return Fail("tokens create", user.status());
  auto token = people.CreateApiToken(cli, user->id, parsed.Get("name"));
  if (!token.ok()) return Fail("tokens create", token.status());
  std::cerr << "token " << token->token.id << " for " << user->username
            << " (shown once; store it safely):\n";
  std::cout << token->secret << "\n";
  return 0;
}

}  // namespace

std::optional<int> RunSubcommand(const std::string& name, const std::vector<std::string>& args) {
  std::vector<CommandSpec> all;
  for (auto commands : {ServerCommands, ContentCommands, ProgrammeCommands, ReminderCommands,
                        PeopleCommands, QuizCommands, BackupCommands}) {
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
      {
          "users",
          "Usage: lophoc users add USERNAME --role ROLE [--org CODE] [--site CODE] "
          "[--display-name NAME] --password-stdin\n"
          "       lophoc users phone-collisions [--db FILE]\n",
          "Creates an account. This is how the first admin is made: with --role admin it is "
          "refused\nwhile an active admin exists, unless --force. Without --password-stdin a "
          "one-time\npassword is printed once and must be changed at first login.\n"
          "phone-collisions lists the accounts that share a phone number (docs/people.md).\n",
          {
              {"role", "", "learner", "role(s): learner, trainer, manager, admin; several as a;b"},
              {"org", "", "", "org unit code the account belongs to"},
              {"site", "", "",
               "site code where the account works (sets the org unit if --org is not given)"},
              {"display-name", "", "", "name shown to people (default: the username)"},
              {"staff-category", "", "",
               "staff category code, e.g. commune_librarian (docs/people.md)"},
              {"password-stdin", "", "", "read the password from the first line of standard input",
               true},
              {"force", "", "", "add an admin even though one exists", true},
              DbOption(),
          },
          [](const ParsedArgs& p) {
            return (p.positional.size() == 2 && p.positional[0] == "add") ||
                   (p.positional.size() == 1 && p.positional[0] == "phone-collisions");
          },
          [](const ParsedArgs& p) {
            return p.positional[0] == "add" ? AddUser(p) : ReportPhoneCollisions(p);
          },
      },
      {
          "tokens",
          "Usage: lophoc tokens create USERNAME --name NAME [--db FILE]\n",
          "Creates a personal API token for an account and prints it once on standard output;\n"
          "only its SHA-256 is stored. Use it as 'Authorization: Bearer TOKEN'.\n",
          {
              {"name", "", "", "what the token is for, e.g. 'báo cáo tỉnh'"},
              DbOption(),
          },
          [](const ParsedArgs& p) {
            return p.positional.size() == 2 && p.positional[0] == "create" &&
                   !p.Get("name").empty();
          },
          CreateToken,
      },
  };
}

}  // namespace lophoc::cli
