// lophoc serve's settings: read from the parsed options (flags, environment,
// configuration file) and checked before anything is opened, each bad value
// reported with the flag, variable or FILE:LINE it came from.
#pragma once

#include <optional>
#include <string>

#include "server/app/log.h"
#include "server/app/smtp_sender.h"
#include "server/cli/options.h"
#include "server/http/web_app.h"

namespace lophoc::cli {

struct ServeSettings {
  int port = 0;
  http::LogLevel level = http::LogLevel::kInfo;
  app::LogFormat log_format = app::LogFormat::kText;
  int threads = 1;
  size_t max_request_bytes = 0;
  size_t response_cache_bytes = 0;
  std::string public_url;
  std::string trusted_proxy;  // canonical IP address, or empty
  int reminder_hour = 6;      // < 0: the daily reminder job is off
  int open_data_k = 5;        // small-cell threshold of the open data
  app::SmtpOptions smtp;      // url empty: reminders are not emailed
};

// The settings `parsed` asks for, or nullopt after printing why not (each
// bad value named with the flag, variable or file line it came from). Also
// checks that --content and --static exist and that the database's folder
// takes new files.
std::optional<ServeSettings> ReadServeSettings(const ParsedArgs& parsed);

}  // namespace lophoc::cli
