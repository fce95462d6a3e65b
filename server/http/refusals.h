// Refusals: the one table that maps a Status's reason to an HTTP status and
// a message in the catalogue (static/i18n/*.json), and the functions that
// say a refusal in the reader's language. HTTP codes for domain refusals are
// decided here and nowhere else. Immutable tables: thread-safe.
//
// Every Status has a reason: its own (`Status::reason()`), or else the name
// of its code ("not_found", "invalid_argument"), each of which has a generic
// entry. A reason written in code must have an entry (tests/server/
// refusals_test.cpp reads the sources and checks it), and every entry's
// message must exist in every catalogue.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "kernel/status.h"

namespace lophoc::http {

class Catalogues;

struct RefusalEntry {
  const char* reason;       // stable, lower_snake
  int http_status;          // 4xx or 5xx
  const char* message_key;  // in every catalogue; may hold {param} placeholders
  const char* api_code;     // "code" of the JSON error body; nullptr: the Status's code name
};

// Every entry, for tests and documentation.
const std::vector<RefusalEntry>& RefusalTable();

// The reason `s` is refused for (its own, or its code's name).
std::string ReasonOf(const Status& s);
// Its entry; the generic entry of its code when the reason has none (a
// reason missing from the table is a programming error, caught by the test).
const RefusalEntry& RefusalFor(const Status& s);

// The message for people, in `lang`, with the Status's parameters written in
// place of their {placeholders}.
std::string SayRefusal(const Catalogues& i18n, const std::string& lang, const Status& s);

}  // namespace lophoc::http
