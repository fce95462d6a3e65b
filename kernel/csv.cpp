#include "kernel/csv.h"

#include <algorithm>

#include "kernel/text.h"

namespace lophoc {
namespace {

constexpr std::string_view kBom = "\xEF\xBB\xBF";
// What ProtectFormula puts a quote before (besides '+'/'-' followed by non-digits).
constexpr std::string_view kFormulaStarts = "=@+-\t\r";

std::string At(size_t line) { return "line " + std::to_string(line) + ": "; }

// Refusals of the file about `line`: the message after "line N: ", and the
// line as the parameter "line" (the caller adds the reason).
Status Invalid(size_t line, const std::string& what) {
  return Status::InvalidArgument(At(line) + what).WithParam("line", static_cast<int64_t>(line));
}
Status TooLarge(size_t line, const std::string& what) {
  return Status::TooLarge(At(line) + what).WithParam("line", static_cast<int64_t>(line));
}

bool IsBlank(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return c == ' ' || c == '\t'; });
}

// 1-based number of the first physical line that is not valid UTF-8.
size_t FirstInvalidUtf8Line(std::string_view s) {
  for (size_t line = 1;; ++line) {
    const size_t nl = s.find('\n');
    if (!IsValidUtf8(s.substr(0, nl))) return line;
    if (nl == std::string_view::npos) return line;  // not reached for invalid input
    s.remove_prefix(nl + 1);
  }
}

// ';' when the first non-blank line holds ';' and no ',', else ','.
char DetectSeparator(std::string_view s) {
  std::string_view line;
  while (!s.empty()) {
    const size_t nl = s.find('\n');
    line = s.substr(0, nl);
    if (!IsBlank(line) && line != "\r") break;
    s = nl == std::string_view::npos ? std::string_view() : s.substr(nl + 1);
  }
  const bool semicolons = line.find(',') == std::string_view::npos &&
                          line.find(';') != std::string_view::npos;
  return semicolons ? ';' : ',';
}

// Reads records one at a time, counting physical lines (quoted fields may
// span several).
class Reader {
 public:
  Reader(std::string_view s, char sep, const CsvLimits& limits)
      : s_(s), sep_(sep), limits_(limits) {}

  // The next record into *out; false at the end of the text.
  Result<bool> Next(CsvRecord* out) {
    out->fields.clear();
    if (pos_ >= s_.size()) return false;
    out->line = line_;
    while (true) {
      std::string field;
      Status st = pos_ < s_.size() && s_[pos_] == '"' ? ReadQuoted(&field) : ReadPlain(&field);
      if (!st.ok()) return st;
      if (out->fields.size() == limits_.max_fields) {
        return TooLarge(out->line, "more than " + std::to_string(limits_.max_fields) + " fields")
            .WithReason("csv_too_many_fields")
            .WithParam("limit", static_cast<int64_t>(limits_.max_fields));
      }
      out->fields.push_back(std::move(field));
      if (pos_ >= s_.size()) return true;
      if (s_[pos_] == sep_) {
        ++pos_;
        continue;
      }
      if (s_[pos_] == '\r') ++pos_;
      if (pos_ < s_.size() && s_[pos_] == '\n') ++pos_;
      ++line_;
      return true;
    }
  }

 private:
  // True at a record end: LF, CRLF, or a CR ending the text.
  bool AtLineEnd(size_t i) const {
    return s_[i] == '\n' || (s_[i] == '\r' && (i + 1 == s_.size() || s_[i + 1] == '\n'));
  }

  Status TooLong(size_t line) const {
    return TooLarge(line,
                    "a field is longer than " + std::to_string(limits_.max_field_bytes) + " bytes")
        .WithReason("csv_field_too_long")
        .WithParam("limit", static_cast<int64_t>(limits_.max_field_bytes));
  }

  Status ReadPlain(std::string* field) {
    const size_t start = pos_;
    while (pos_ < s_.size() && s_[pos_] != sep_ && !AtLineEnd(pos_)) ++pos_;
    if (pos_ - start > limits_.max_field_bytes) return TooLong(line_);
    field->assign(s_.substr(start, pos_ - start));
    return Status::Ok();
  }

  Status ReadQuoted(std::string* field) {
    const size_t open_line = line_;
    ++pos_;
    while (true) {
      const size_t quote = s_.find('"', pos_);
      if (quote == std::string_view::npos) {
        return Invalid(open_line, "a quoted field is never closed")
            .WithReason("csv_quote_unclosed");
      }
      const std::string_view chunk = s_.substr(pos_, quote - pos_);
      line_ += std::count(chunk.begin(), chunk.end(), '\n');
      field->append(chunk);
      pos_ = quote + 1;
      if (pos_ < s_.size() && s_[pos_] == '"') {
        field->push_back('"');
        ++pos_;
        continue;
      }
      break;
    }
    if (field->size() > limits_.max_field_bytes) return TooLong(open_line);
    if (pos_ < s_.size() && s_[pos_] != sep_ && !AtLineEnd(pos_)) {
      return Invalid(line_,
                     "text after the closing quote of a field (write a quote inside a quoted "
                     "field as \"\")")
          .WithReason("csv_text_after_quote");
    }
    return Status::Ok();
  }

  std::string_view s_;
  char sep_;
  CsvLimits limits_;
  size_t pos_ = 0;
  size_t line_ = 1;
};

bool AllBlank(const std::vector<std::string>& fields) {
  return std::all_of(fields.begin(), fields.end(), [](const std::string& f) { return IsBlank(f); });
}

}  // namespace

Result<CsvTable> ParseCsv(std::string_view text, const CsvLimits& limits) {
  if (text.substr(0, kBom.size()) == kBom) text.remove_prefix(kBom.size());
  if (!IsValidUtf8(text)) {
    return Invalid(FirstInvalidUtf8Line(text), "not valid UTF-8 (save the file as \"CSV UTF-8\")")
        .WithReason("csv_not_utf8");
  }
  // Cells are compared and stored composed (NFC), whatever the spreadsheet wrote.
  const std::string composed = ToNfc(text);
  text = composed;
  CsvTable table;
  table.separator = DetectSeparator(text);
  Reader reader(text, table.separator, limits);
  CsvRecord rec;
  bool have_header = false;
  while (true) {
    auto more = reader.Next(&rec);
    if (!more.ok()) return more.status();
    if (!*more) break;
    if (AllBlank(rec.fields)) continue;
    if (!have_header) {
      table.header = std::move(rec.fields);
      table.header_line = rec.line;
      have_header = true;
      continue;
    }
    if (rec.fields.size() != table.header.size()) {
      return Invalid(rec.line, std::to_string(rec.fields.size()) + " fields, but the header has " +
                                   std::to_string(table.header.size()))
          .WithReason("csv_field_count")
          .WithParam("count", static_cast<int64_t>(rec.fields.size()))
          .WithParam("expected", static_cast<int64_t>(table.header.size()));
    }
    if (table.records.size() == limits.max_records) {
      return TooLarge(rec.line, "more than " + std::to_string(limits.max_records) + " records")
          .WithReason("csv_too_many_records")
          .WithParam("limit", static_cast<int64_t>(limits.max_records));
    }
    table.records.push_back(std::move(rec));
  }
  if (!have_header) return Invalid(1, "the file is empty (no header line)").WithReason("csv_empty");
  return table;
}

std::string CsvField(std::string_view cell) {
  const bool quote = cell.find_first_of(",;\"\r\n") != std::string_view::npos ||
                     (!cell.empty() && (cell.front() == ' ' || cell.back() == ' '));
  if (!quote) return std::string(cell);
  std::string out = "\"";
  for (char c : cell) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
  return out;
}

std::string CsvLine(const std::vector<std::string>& cells) {
  std::string out;
  for (size_t i = 0; i < cells.size(); ++i) {
    if (i > 0) out += ',';
    out += CsvField(cells[i]);
  }
  out += "\r\n";
  return out;
}

CsvWriter::CsvWriter(const std::vector<std::string>& header) : text_("\xEF\xBB\xBF") { Row(header); }

void CsvWriter::Row(const std::vector<std::string>& cells) {
  std::vector<std::string> guarded;
  guarded.reserve(cells.size());
  for (const auto& c : cells) guarded.push_back(ProtectFormula(c));
  text_ += CsvLine(guarded);
}

std::string ProtectFormula(std::string_view cell) {
  if (cell.empty()) return {};
  const char c = cell.front();
  bool risky = c == '=' || c == '@' || c == '\t' || c == '\r';
  if (c == '+' || c == '-') {
    const std::string_view rest = cell.substr(1);
    risky = rest.empty() ||
            !std::all_of(rest.begin(), rest.end(), [](char d) { return d >= '0' && d <= '9'; });
  }
  return risky ? "'" + std::string(cell) : std::string(cell);
}

std::string_view UnprotectFormula(std::string_view cell) {
  if (cell.size() >= 2 && cell[0] == '\'' && kFormulaStarts.find(cell[1]) != std::string_view::npos) {
    cell.remove_prefix(1);
  }
  return cell;
}

}  // namespace lophoc
