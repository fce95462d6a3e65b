// libFuzzer harness for ParseCsv (kernel/csv.h), the reader of every CSV an
// administrator uploads (users, reorganisations, targets...). Not part of the
// CTest suite; run it with tests/fuzz/run.sh csv. Besides "never crash, never
// hang, no ASan/UBSan report", it checks the header's promises: an error is
// InvalidArgument or TooLarge with a "line N: " message and a reason; a table
// has records of header.size() fields within the limits, on increasing lines;
// what is read and written back (CsvLine, and CsvWriter with its BOM and
// formula guard) reads the same.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "kernel/csv.h"

namespace {

void Require(bool ok, const char* what) {
  if (ok) return;
  std::fprintf(stderr, "csv invariant broken: %s\n", what);
  std::abort();
}

bool StartsWith(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}

// The rows of a table: the header, then each record's fields.
std::vector<std::vector<std::string>> Rows(const lophoc::CsvTable& t) {
  std::vector<std::vector<std::string>> rows{t.header};
  for (const auto& r : t.records) rows.push_back(r.fields);
  return rows;
}

// The cell an import sees, the formula guard taken off: what CsvWriter wrote
// comes back as it was, except that a cell which itself starts with '\'' and
// a formula character loses its '\'' (csv.h, UnprotectFormula).
std::string AfterWriter(const std::string& cell) {
  return std::string(lophoc::UnprotectFormula(cell));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  lophoc::CsvLimits limits;
  limits.max_field_bytes = 64;
  limits.max_fields = 8;
  limits.max_records = 64;
  const auto table = lophoc::ParseCsv(text, limits);
  if (!table.ok()) {
    const auto code = table.status().code();
    Require(code == lophoc::StatusCode::kInvalidArgument || code == lophoc::StatusCode::kTooLarge,
            "an error is InvalidArgument or TooLarge");
    Require(StartsWith(table.status().message(), "line "), "an error message starts with its line");
    Require(!table.status().reason().empty(), "an error has a reason");
    return 0;
  }
  Require(table->separator == ',' || table->separator == ';', "the separator is ',' or ';'");
  Require(table->header_line >= 1, "the header has a line");
  Require(!table->header.empty() && table->header.size() <= limits.max_fields,
          "the header has 1 to max_fields fields");
  Require(table->records.size() <= limits.max_records, "no more than max_records records");
  size_t last_line = table->header_line;
  for (const auto& r : table->records) {
    Require(r.line > last_line, "records are on increasing lines");
    last_line = r.line;
    Require(r.fields.size() == table->header.size(), "each record has header.size() fields");
  }
  for (const auto& row : Rows(*table)) {
    for (const auto& f : row)
      Require(f.size() <= limits.max_field_bytes, "fields within the limit");
  }

  // Written back with ',' and read again: the same rows. A first cell that
  // itself starts with U+FEFF (after blank lines, say) would be taken for the
  // byte order mark at the start of a file: a BOM goes first then, as
  // CsvWriter always writes one (the reader drops only one).
  std::string plain = table->header[0].rfind("\xEF\xBB\xBF", 0) == 0 ? "\xEF\xBB\xBF" : "";
  for (const auto& row : Rows(*table)) plain += lophoc::CsvLine(row);
  const auto reread = lophoc::ParseCsv(plain, limits);
  if (!reread.ok()) std::fprintf(stderr, "%s\n", reread.status().ToString().c_str());
  Require(reread.ok(), "what CsvLine writes reads back");
  Require(Rows(*reread) == Rows(*table), "CsvLine: what is read and written back reads the same");

  // Written by CsvWriter (BOM, formula guard) and read again: the same rows
  // once the guard is taken off (the guard may add one byte to a field).
  lophoc::CsvWriter writer(table->header);
  for (const auto& r : table->records) writer.Row(r.fields);
  lophoc::CsvLimits roomier = limits;
  roomier.max_field_bytes += 1;
  const auto exported = lophoc::ParseCsv(writer.Take(), roomier);
  Require(exported.ok(), "what CsvWriter writes reads back");
  const auto before = Rows(*table);
  const auto after = Rows(*exported);
  Require(before.size() == after.size(), "CsvWriter: the same number of rows");
  for (size_t i = 0; i < before.size(); ++i) {
    Require(before[i].size() == after[i].size(), "CsvWriter: the same number of fields");
    for (size_t j = 0; j < before[i].size(); ++j) {
      Require(AfterWriter(after[i][j]) == AfterWriter(before[i][j]),
              "CsvWriter: what is read and written back reads the same");
    }
  }
  return 0;
}
