#include "server/cli/serve_settings.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <iostream>

#include "server/cli/cli_support.h"
#include "server/http/client_address.h"

namespace lophoc::cli {
namespace {

namespace fs = std::filesystem;

// The number `name` holds, within [lo, hi]; nullopt after printing which
// value is wrong and where it came from.
std::optional<long> ReadNumber(const ParsedArgs& parsed, const std::string& name, long lo, long hi,
                               const std::string& expected) {
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
    PrintBadValue("serve", parsed, name, "in an existing folder (" + dir.string() + " is not one)");
    return false;
  }
  // A file made and removed, rather than access(): root passes access() on a
  // read-only mount or a folder systemd's ProtectSystem hides.
  const fs::path probe = dir / (".lophoc-write-test-" + std::to_string(::getpid()));
  const int fd = ::open(probe.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) {
    PrintBadValue(
        "serve", parsed, name,
        "in a folder this user can write (" + dir.string() + ": " + std::strerror(errno) + ")");
    return false;
  }
  ::close(fd);
  fs::remove(probe, ec);
  return true;
}

// The folders serve needs: --content and --static exist, the database's
// folder is writable (SQLite writes its journal beside the file). A missing
// --content folder passes when the database file exists: Serve then starts
// if the database holds courses to serve (docs/operations.md, "When storage
// fails") and refuses otherwise.
bool CheckFolders(const ParsedArgs& parsed) {
  const std::string& db = parsed.Get("db");
  const bool is_file = db != ":memory:" && db.find("://") == std::string::npos;
  const std::string db_file = db.rfind("sqlite:", 0) == 0 ? db.substr(7) : db;
  std::error_code ec;
  const bool content_later =
      is_file && fs::is_regular_file(db_file, ec) && !fs::exists(parsed.Get("content"), ec);
  return (content_later || CheckFolder(parsed, "content", parsed.Get("content"))) &&
         CheckFolder(parsed, "static", parsed.Get("static")) &&
         (!is_file || CheckWritableFolderOf(parsed, "db", db_file));
}

}  // namespace

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
  const auto open_data_k = ReadNumber(parsed, "open-data-k", 2, 1000, "a count 2-1000");
  if (!open_data_k) return std::nullopt;
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
  out.open_data_k = static_cast<int>(*open_data_k);
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
    out.public_url =
        "http://" + std::string(bind == "::1" ? "[::1]" : bind) + ":" + std::to_string(out.port);
  }
  return out;
}

}  // namespace lophoc::cli
