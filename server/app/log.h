// The server's log: one line per event on standard error, as text
// (`time=... level=warn msg="..." key="value" n=3`) or, with
// `--log-format json`, as one JSON object per line
// ({"time":...,"level":...,"msg":...,"key":"value","n":3}). Every line the
// server writes while serving goes through Log(), so that in JSON mode the
// log holds nothing else. Callers never pass passwords, tokens, session ids
// or query strings.
//
// Thread-safe: Log() may be called from any thread; each line is one write,
// so lines of concurrent requests never interleave. The settings are
// process-wide: set them once at start (tests set and restore them).
#pragma once

#include <chrono>
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

namespace lophoc::app {

enum class LogLevel { kError, kWarn, kInfo, kDebug };
// "error", "warn", "info", "debug"; nullopt for anything else.
std::optional<LogLevel> ParseLogLevel(const std::string& s);

enum class LogFormat { kText, kJson };
// "text" or "json"; nullopt for anything else.
std::optional<LogFormat> ParseLogFormat(const std::string& s);

void SetLogFormat(LogFormat format);
LogFormat CurrentLogFormat();
// Lines less severe than `level` are dropped (default kInfo).
void SetLogLevel(LogLevel level);
bool LogEnabled(LogLevel level);

// One field of a log line: text (a JSON string; quoted in text lines) or a
// number (written as it is).
class LogField {
 public:
  LogField(const char* key, std::string_view text) : key_(key), value_(text), quoted_(true) {}
  LogField(const char* key, const std::string& text) : LogField(key, std::string_view(text)) {}
  LogField(const char* key, const char* text) : LogField(key, std::string_view(text)) {}
  template <typename N, std::enable_if_t<std::is_integral_v<N>, int> = 0>
  LogField(const char* key, N n) : key_(key), value_(std::to_string(n)), quoted_(false) {}
  // Three decimals ("0.412").
  LogField(const char* key, double x);

  const char* key() const { return key_; }
  const std::string& value() const { return value_; }
  bool quoted() const { return quoted_; }

 private:
  const char* key_;
  std::string value_;
  bool quoted_;
};

// The line Log writes (ending in '\n'): time (UTC, milliseconds), level, msg,
// then `fields` in their order. Text that is not UTF-8 is replaced, never
// written raw.
std::string FormatLogLine(LogFormat format, std::chrono::system_clock::time_point at,
                          LogLevel level, std::string_view msg,
                          const std::vector<LogField>& fields);

// Writes one line to standard error in the current format, unless `level` is
// below the current level.
void Log(LogLevel level, std::string_view msg, const std::vector<LogField>& fields);
inline void Log(LogLevel level, std::string_view msg, std::initializer_list<LogField> fields = {}) {
  Log(level, msg, std::vector<LogField>(fields));
}

}  // namespace lophoc::app
