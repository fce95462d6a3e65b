// CSV as spreadsheets write it (RFC 4180): parsing with line numbers for
// error messages, writing, and the formula-injection guard for cells that a
// spreadsheet would run as formulas. Pure functions; thread-safe.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "kernel/status.h"

namespace lophoc {

struct CsvLimits {
  size_t max_field_bytes = 1000;
  size_t max_fields = 32;        // per record, header included
  size_t max_records = 100000;   // header not counted
};

struct CsvRecord {
  size_t line = 0;  // 1-based physical line where the record starts
  std::vector<std::string> fields;
};

struct CsvTable {
  char separator = ',';
  size_t header_line = 0;
  std::vector<std::string> header;  // as written (not trimmed)
  std::vector<CsvRecord> records;   // each with header.size() fields
};

// Parses UTF-8 CSV text. Accepted: an optional UTF-8 byte order mark, LF or
// CRLF line ends, fields quoted with '"' (which may hold separators, line
// ends and "" for a quote), no trailing newline. Blank lines, and records
// whose every field is empty (the ",,,," rows spreadsheets leave), are
// skipped. The separator is ';' when the first line holds ';' but no ','
// (Excel in vi-VN locales), else ','.
//
// Errors, each message starting with "line N: ": InvalidArgument for invalid
// UTF-8, an unterminated quote, text after a closing quote, a record whose
// field count differs from the header's, and an empty file; TooLarge when a
// limit of `limits` is exceeded. Each carries a reason (csv_not_utf8,
// csv_quote_unclosed, csv_text_after_quote, csv_field_count, csv_empty,
// csv_too_many_fields, csv_field_too_long, csv_too_many_records) and the
// parameter "line" (and "limit", "count", "expected" where they apply).
Result<CsvTable> ParseCsv(std::string_view text, const CsvLimits& limits = {});

// One field as written: quoted (with "" for '"') when it holds ',', ';',
// '"', CR or LF, or starts or ends with a space; as given otherwise.
std::string CsvField(std::string_view cell);
// The fields joined with ',' and ended with "\r\n".
std::string CsvLine(const std::vector<std::string>& cells);

// The one way lophoc writes CSV, for every export: UTF-8 starting with a byte
// order mark (so that Excel reads Vietnamese names), RFC 4180 quoting
// (CsvField), CRLF line ends, and every cell guarded against formula
// injection (ProtectFormula).
class CsvWriter {
 public:
  explicit CsvWriter(const std::vector<std::string>& header);
  void Row(const std::vector<std::string>& cells);
  // The whole file; the writer is empty afterwards.
  std::string Take() { return std::move(text_); }

 private:
  std::string text_;
};

// Guards a cell against spreadsheet formula injection: a cell starting with
// '=', '@', TAB or CR, or with '+' or '-' not followed by digits only
// ("+84912345678" and "-5" stay as they are), gets a leading '\''.
std::string ProtectFormula(std::string_view cell);
// The inverse for imports: drops exactly one leading '\'' when the next
// character is '=', '@', '+', '-', TAB or CR. Everything ProtectFormula
// writes comes back unchanged; a cell that itself starts with such a pair
// loses its '\''.
std::string_view UnprotectFormula(std::string_view cell);

}  // namespace lophoc
