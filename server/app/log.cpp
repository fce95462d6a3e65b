#include "server/app/log.h"

#include <atomic>
#include <cstdio>
#include <nlohmann/json.hpp>

#include "kernel/calendar.h"

namespace lophoc::app {
namespace {

std::atomic<LogFormat> g_format{LogFormat::kText};
std::atomic<LogLevel> g_level{LogLevel::kInfo};

const char* LevelName(LogLevel level) {
  switch (level) {
    case LogLevel::kError:
      return "error";
    case LogLevel::kWarn:
      return "warn";
    case LogLevel::kInfo:
      return "info";
    case LogLevel::kDebug:
      return "debug";
  }
  return "info";
}

// A JSON string literal; invalid UTF-8 becomes U+FFFD.
std::string Quote(std::string_view s) {
  return nlohmann::json(std::string(s))
      .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

// "2026-11-22T03:15:04.123Z".
std::string LogTime(std::chrono::system_clock::time_point at) {
  const auto seconds = std::chrono::floor<std::chrono::seconds>(at);
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(at - seconds).count();
  std::string out = FormatIso8601(seconds);
  char frac[8];
  std::snprintf(frac, sizeof frac, ".%03d", static_cast<int>(ms));
  out.insert(out.size() - 1, frac);
  return out;
}

}  // namespace

std::optional<LogLevel> ParseLogLevel(const std::string& s) {
  if (s == "error") return LogLevel::kError;
  if (s == "warn") return LogLevel::kWarn;
  if (s == "info") return LogLevel::kInfo;
  if (s == "debug") return LogLevel::kDebug;
  return std::nullopt;
}

std::optional<LogFormat> ParseLogFormat(const std::string& s) {
  if (s == "text") return LogFormat::kText;
  if (s == "json") return LogFormat::kJson;
  return std::nullopt;
}

void SetLogFormat(LogFormat format) { g_format = format; }
LogFormat CurrentLogFormat() { return g_format; }
void SetLogLevel(LogLevel level) { g_level = level; }
bool LogEnabled(LogLevel level) { return level <= g_level.load(); }

LogField::LogField(const char* key, double x) : key_(key), quoted_(false) {
  char text[32];
  std::snprintf(text, sizeof text, "%.3f", x);
  value_ = text;
}

std::string FormatLogLine(LogFormat format, std::chrono::system_clock::time_point at,
                          LogLevel level, std::string_view msg,
                          const std::vector<LogField>& fields) {
  std::string line;
  if (format == LogFormat::kJson) {
    line = "{\"time\":\"" + LogTime(at) + "\",\"level\":\"" + LevelName(level) +
           "\",\"msg\":" + Quote(msg);
    for (const LogField& f : fields) {
      line += "," + Quote(f.key()) + ":" + (f.quoted() ? Quote(f.value()) : f.value());
    }
    line += "}\n";
    return line;
  }
  line = "time=" + LogTime(at) + " level=" + LevelName(level) + " msg=" + Quote(msg);
  for (const LogField& f : fields) {
    line += std::string(" ") + f.key() + "=" + (f.quoted() ? Quote(f.value()) : f.value());
  }
  line += "\n";
  return line;
}

void Log(LogLevel level, std::string_view msg, const std::vector<LogField>& fields) {
  if (!LogEnabled(level)) return;
  const std::string line =
      FormatLogLine(g_format, std::chrono::system_clock::now(), level, msg, fields);
  std::fwrite(line.data(), 1, line.size(), stderr);
}

}  // namespace lophoc::app
