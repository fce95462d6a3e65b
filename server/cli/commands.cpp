#include "server/cli/commands.h"

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
#include <thread>

#include "kernel/text.h"
#include "server/app/authoring_service.h"
#include "kernel/clock.h"
#include "server/app/content_service.h"
#include "server/app/course_service.h"
#include "server/app/crypto.h"
#include "server/app/learning_service.h"
#include "server/app/package_zip.h"
#include "server/app/people_csv.h"
#include "server/app/people_service.h"
#include "server/app/periodic.h"
#include "server/app/visit_log.h"
#include "server/cli/cli_support.h"
#include "server/cli/options.h"
#include "server/http/pistache_adapter.h"
#include "server/http/web_app.h"
#include "server/storage/course_store_sqlite.h"
#include "server/storage/learning_store_sqlite.h"
#include "server/storage/database.h"
#include "server/storage/people_store_sqlite.h"

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

std::optional<int> ParsePort(const std::string& s) {
  auto v = ParseNumber(s, 0, 65535);
  return v ? std::optional<int>(static_cast<int>(*v)) : std::nullopt;
}

}  // namespace

std::string DefaultDir(const std::string& name) {
  std::error_code ec;
  if (fs::is_directory(name, ec)) return "./" + name;
  return std::string(LOPHOC_SOURCE_DIR) + "/" + name;
}

int RunServe(const std::vector<std::string>& args) {
  const std::vector<OptionSpec> specs = {
      {"port", "LOPHOC_PORT", "8080", "TCP port (0 picks a free one)"},
      {"bind", "LOPHOC_BIND", "127.0.0.1", "address to listen on"},
      DbOption(),
      {"content", "LOPHOC_CONTENT", DefaultDir("content"), "course packages imported at start"},
      {"static", "LOPHOC_STATIC", DefaultDir("static"), "templates, CSS and messages"},
      {"threads", "LOPHOC_THREADS", "2", "HTTP worker threads"},
      {"log-level", "LOPHOC_LOG_LEVEL", "info", "error, warn, info (access log) or debug"},
      {"secure-cookies", "LOPHOC_SECURE_COOKIES", "false", "mark cookies Secure (behind HTTPS)", true},
      {"public-url", "LOPHOC_PUBLIC_URL", "",
       "address people reach the site at, e.g. https://hoc.example.vn (needed unless --bind is "
       "loopback; absolute links such as certificates' check addresses use it)"},
      {"max-request-kib", "LOPHOC_MAX_REQUEST_KIB", "4096", "largest request accepted, KiB"},
      {"response-cache-mib", "LOPHOC_RESPONSE_CACHE_MIB", "32",
       "memory for rendered pages and lesson JSON, MiB (0: render every request)"},
  };
  auto parsed = ParseArgs(args, specs);
  if (!parsed.ok()) {
    std::cerr << "lophoc serve: " << parsed.status().message() << "\n";
    return 2;
  }
  if (parsed->help) {
    std::cout << "Usage: lophoc serve [options]\n\nServes the web site and the API. Imports the "
                 "course packages in --content at start\n(unchanged ones are skipped).\n\n"
              << OptionsHelp(specs);
    return 0;
  }
  const auto port = ParsePort(parsed->Get("port"));
  const auto level = http::ParseLogLevel(parsed->Get("log-level"));
  const auto threads_opt = ParseNumber(parsed->Get("threads"), 1, 64);
  const auto max_kib_opt = ParseNumber(parsed->Get("max-request-kib"), 16, 1024 * 1024);
  const auto cache_mib_opt = ParseNumber(parsed->Get("response-cache-mib"), 0, 4096);
  if (!port || !level || !threads_opt || !max_kib_opt || !cache_mib_opt) {
    std::cerr << "lophoc serve: invalid --port, --threads (1-64), --log-level, "
                 "--max-request-kib (16-1048576) or --response-cache-mib (0-4096)\n";
    return 2;
  }
  std::string public_url;
  if (!parsed->Get("public-url").empty()) {
    auto u = http::ParsePublicUrl(parsed->Get("public-url"));
    if (!u) {
      std::cerr << "lophoc serve: --public-url must be http:// or https:// with a host and an "
                   "optional port and path, e.g. https://hoc.example.vn\n";
      return 2;
    }
    public_url = *u;
  } else if (!http::IsLoopbackAddress(parsed->Get("bind"))) {
    std::cerr << "lophoc serve: serving on " << parsed->Get("bind")
              << " needs --public-url (LOPHOC_PUBLIC_URL): the address people use to reach this "
                 "server, e.g. https://hoc.example.vn. Absolute links (certificates) are built "
                 "from it, never from the request's Host header.\n";
    return 2;
  } else if (*port != 0) {
    public_url = "http://" + std::string(parsed->Get("bind") == "::1" ? "[::1]" : parsed->Get("bind")) +
                 ":" + std::to_string(*port);
  }
  const int threads = static_cast<int>(*threads_opt);
  const long max_kib = *max_kib_opt;
  const long cache_mib = *cache_mib_opt;
  if (!app::InitCrypto()) {
    std::cerr << "lophoc: libsodium failed to initialise\n";
    return 1;
  }
  // Block the stop signals in every thread we are about to start; the main
  // thread waits for them with sigwait (Pistache's recommended shutdown).
  sigset_t stop;
  sigemptyset(&stop);
  sigaddset(&stop, SIGINT);
  sigaddset(&stop, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop, nullptr);
  std::signal(SIGPIPE, SIG_IGN);

  auto db = OpenDatabase(parsed->Get("db"), threads + 2);
  if (!db.ok()) return 1;
  storage::SqliteCourseStore store(db->get());
  SystemClock clock;
  app::ContentService content(&store, &clock);
  Diagnostics diags;
  auto imported = content.Import(parsed->Get("content"), "bundled", diags);
  PrintDiagnostics(diags);
  if (!imported.ok()) {
    std::cerr << "lophoc: importing " << parsed->Get("content") << " failed: "
              << imported.status().message() << "\n";
    return 1;
  }
  PrintImport(*imported);
  const fs::path static_dir = parsed->Get("static");
  auto statics = http::StaticFiles::Load(static_dir);
  auto i18n = http::Catalogues::Load(static_dir / "i18n");
  if (!statics.ok()) std::cerr << "lophoc: " << statics.status().message() << "\n";
  if (!i18n.ok()) std::cerr << "lophoc: " << i18n.status().message() << "\n";
  if (!statics.ok() || !i18n.ok()) return 1;
  auto views = http::Views::Load(static_dir / "templates", **i18n);
  if (!views.ok()) {
    std::cerr << "lophoc: " << views.status().message() << "\n";
    return 1;
  }

  app::CourseService courses(&store);
  storage::SqlitePeopleStore people_store(db->get());
  app::PeopleService people(&people_store, &clock);
  app::PeopleCsv people_csv(&people);
  app::VisitLog visits(&people_store, &clock);
  storage::SqliteLearningStore learning_store(db->get());
  app::LearningService learning(&learning_store, &learning_store, &courses, &people, &clock);
  app::AuthoringService authoring(&store, &content, &courses, &clock);
  app::Periodic flush_visits;
  flush_visits.Start(kVisitFlushPeriod, [&visits] {
    Status s = visits.Flush();
    if (!s.ok()) std::cerr << "level=warn msg=\"visit counts not written\" error=\"" << s.message() << "\"\n";
  });
  app::Periodic purge_sessions;
  purge_sessions.Start(kSessionPurgePeriod, [&people] {
    auto n = people.PurgeExpiredSessions();
    if (!n.ok()) std::cerr << "level=warn msg=\"expired sessions not purged\" error=\"" << n.status().message() << "\"\n";
  });
  http::WebContext ctx;
  ctx.courses = &courses;
  ctx.people = &people;
  ctx.visits = &visits;
  ctx.people_csv = &people_csv;
  ctx.learning = &learning;
  ctx.authoring = &authoring;
  ctx.views = views->get();
  ctx.statics = statics->get();
  ctx.i18n = i18n->get();
  ctx.openapi_json = kOpenApiJson;
  ctx.options.log_level = *level;
  ctx.options.secure_cookies = parsed->Flag("secure-cookies");
  ctx.options.public_url = public_url;
  ctx.options.response_cache_bytes = static_cast<size_t>(cache_mib) * 1024 * 1024;
  http::WebApp site(std::move(ctx));

  http::ServerOptions so;
  so.bind = parsed->Get("bind");
  so.port = static_cast<uint16_t>(*port);
  so.threads = threads;
  so.max_request_bytes = static_cast<size_t>(max_kib) * 1024;
  so.write_workers = threads;
  site.ConfigureServer(so);
  http::HttpServer server;
  Status started = server.Start(so, [&site](http::HttpRequest req) { return site.Handle(std::move(req)); });
  if (!started.ok()) {
    std::cerr << "lophoc: " << started.message() << "\n";
    return 1;
  }
  const std::string host = so.bind.find(':') != std::string::npos ? "[" + so.bind + "]" : so.bind;
  std::cerr << "lophoc serving on http://" << host << ":" << server.port() << "/ (database "
            << parsed->Get("db") << ")" << std::endl;

  int sig = 0;
  sigwait(&stop, &sig);
  std::cerr << "lophoc: signal " << sig << ", finishing requests in flight" << std::endl;
  site.BeginDrain();
  const auto deadline = std::chrono::steady_clock::now() + kDrainTimeout;
  while (server.in_flight() > 0 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  // Let the last responses leave the socket buffers before closing.
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  server.Shutdown();
  flush_visits.Stop();  // flushes the last counts
  purge_sessions.Stop();
  std::cerr << "lophoc: stopped" << std::endl;
  return 0;
}

namespace {

// The first line of standard input, without its line end.
std::string ReadPasswordLine() {
  std::string line;
  std::getline(std::cin, line);
  if (!line.empty() && line.back() == '\r') line.pop_back();
  return line;
}

}  // namespace

int RunUsers(const std::vector<std::string>& args) {
  const std::vector<OptionSpec> specs = {
      {"role", "", "learner", "role(s): learner, trainer, manager, admin; several as a;b"},
      {"org", "", "", "org unit code the account belongs to"},
      {"site", "", "", "site code where the account works (sets the org unit if --org is not given)"},
      {"display-name", "", "", "name shown to people (default: the username)"},
      {"staff-category", "", "", "staff category code, e.g. commune_librarian (docs/people.md)"},
      {"password-stdin", "", "", "read the password from the first line of standard input", true},
      {"force", "", "", "add an admin even though one exists", true},
      DbOption(),
  };
  auto parsed = ParseArgs(args, specs);
  const char* usage =
      "Usage: lophoc users add USERNAME --role ROLE [--org CODE] [--site CODE] "
      "[--display-name NAME] --password-stdin\n";
  if (!parsed.ok()) std::cerr << "lophoc users: " << parsed.status().message() << "\n";
  if (!parsed.ok() || (!parsed->help && (parsed->positional.size() != 2 ||
                                         parsed->positional[0] != "add"))) {
    std::cerr << usage;
    return 2;
  }
  if (parsed->help) {
    std::cout << usage
              << "\nCreates an account. This is how the first admin is made: with --role admin "
                 "it is refused\nwhile an active admin exists, unless --force. Without "
                 "--password-stdin a one-time\npassword is printed once and must be changed at "
                 "first login.\n\n"
              << OptionsHelp(specs);
    return 0;
  }
  auto roles = people::ParseRoles(parsed->Get("role"));
  if (!roles.ok()) {
    std::cerr << "lophoc users add: " << roles.status().message() << "\n";
    return 2;
  }
  if (!app::InitCrypto()) return 1;
  const bool is_admin = std::find(roles->begin(), roles->end(), people::Role::kAdmin) != roles->end();
  if (is_admin && !parsed->Flag("password-stdin")) {
    std::cerr << "lophoc users add: an admin needs a password: pass --password-stdin\n";
    return 2;
  }
  const std::string password = parsed->Flag("password-stdin") ? ReadPasswordLine() : "";
  if (parsed->Flag("password-stdin") && password.empty()) {
    std::cerr << "lophoc users add: no password on standard input\n";
    return 2;
  }
  auto db = OpenDatabase(parsed->Get("db"), 1);
  if (!db.ok()) return 1;
  storage::SqlitePeopleStore store(db->get());
  SystemClock clock;
  app::PeopleService people(&store, &clock);
  app::UserInput in;
  in.username = parsed->positional[1];
  in.display_name = parsed->Get("display-name").empty() ? in.username : parsed->Get("display-name");
  in.roles = *roles;
  in.org = parsed->Get("org");
  in.site = parsed->Get("site");
  in.staff_category = parsed->Get("staff-category");
  auto made = is_admin ? people.CreateFirstAdmin(in, password, parsed->Flag("force"))
                       : people.CreateUser(people::Actor::CommandLine(), in, password);
  if (!made.ok()) {
    std::cerr << "lophoc users add: " << made.status().message() << "\n";
    return 1;
  }
  std::cerr << "created " << made->user.username << " (id " << made->user.id << ", roles "
            << people::JoinRoles(made->user.roles) << ")\n";
  if (!made->one_time_password.empty()) {
    std::cerr << "one-time password (shown once; to be changed at first login):\n";
    std::cout << made->one_time_password << "\n";
  }
  return 0;
}

int RunTokens(const std::vector<std::string>& args) {
  const std::vector<OptionSpec> specs = {
      {"name", "", "", "what the token is for, e.g. 'báo cáo tỉnh'"},
      DbOption(),
  };
  auto parsed = ParseArgs(args, specs);
  const char* usage = "Usage: lophoc tokens create USERNAME --name NAME [--db FILE]\n";
  if (!parsed.ok()) std::cerr << "lophoc tokens: " << parsed.status().message() << "\n";
  if (!parsed.ok() || (!parsed->help && (parsed->positional.size() != 2 ||
                                         parsed->positional[0] != "create" ||
                                         parsed->Get("name").empty()))) {
    std::cerr << usage;
    return 2;
  }
  if (parsed->help) {
    std::cout << usage
              << "\nCreates a personal API token for an account and prints it once on standard "
                 "output;\nonly its SHA-256 is stored. Use it as 'Authorization: Bearer TOKEN'.\n\n"
              << OptionsHelp(specs);
    return 0;
  }
  if (!app::InitCrypto()) return 1;
  auto db = OpenDatabase(parsed->Get("db"), 1);
  if (!db.ok()) return 1;
  storage::SqlitePeopleStore store(db->get());
  SystemClock clock;
  app::PeopleService people(&store, &clock);
  const auto cli = people::Actor::CommandLine();
  auto user = people.GetUserByName(cli, parsed->positional[1]);
  if (!user.ok()) {
    std::cerr << "lophoc tokens create: " << user.status().message() << "\n";
    return 1;
  }
  auto token = people.CreateApiToken(cli, user->id, parsed->Get("name"));
  if (!token.ok()) {
    std::cerr << "lophoc tokens create: " << token.status().message() << "\n";
    return 1;
  }
  std::cerr << "token " << token->token.id << " for " << user->username
            << " (shown once; store it safely):\n";
  std::cout << token->secret << "\n";
  return 0;
}

}  // namespace lophoc::cli
