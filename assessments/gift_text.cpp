#include <algorithm>
#include <cctype>

#include "assessments/gift_reader.h"
#include "assessments/quiz_import.h"
#include "kernel/text.h"
#include "kernel/encode.h"

namespace lophoc::assessments::gift {

void Block::AddLine(std::string_view line, int n) {
  auto put = [&](char c, bool escaped) {
    text_ += c;
    escaped_.push_back(escaped);
    lines_.push_back(n);
  };
  if (!text_.empty()) put('\n', false);
  for (size_t i = 0; i < line.size(); ++i) {
    const char next = i + 1 < line.size() ? line[i + 1] : '\0';
    if (line[i] == '\\' && std::string_view(":#={}~\\").find(next) != std::string_view::npos &&
        next != '\0') {
      put(next, true);
      ++i;
    } else if (line[i] == '\\' && next == 'n') {
      put('\n', true);
      ++i;
    } else {
      put(line[i], false);
    }
  }
}

bool Block::IsToken(std::string_view token, size_t at) const {
  if (at + token.size() > text_.size()) return false;
  for (size_t k = 0; k < token.size(); ++k) {
    if (text_[at + k] != token[k] || escaped_[at + k]) return false;
  }
  return true;
}

size_t Block::Find(std::string_view token, Span s) const {
  for (size_t i = s.begin; i < s.end; ++i) {
    if (IsToken(token, i)) return i;
  }
  return std::string::npos;
}

size_t Block::FindLast(std::string_view token, Span s) const {
  for (size_t i = s.end; i > s.begin; --i) {
    if (IsToken(token, i - 1)) return i - 1;
  }
  return std::string::npos;
}

Span Block::Trim(Span s) const {
  auto space = [&](size_t i) {
    return !escaped_[i] && std::isspace(static_cast<unsigned char>(text_[i]));
  };
  while (s.begin < s.end && space(s.begin)) ++s.begin;
  while (s.end > s.begin && space(s.end - 1)) --s.end;
  return s;
}

namespace {

// "&#233;" or "&#x1EA1;" at `i`: the character, and the length of the entity.
std::optional<std::pair<unsigned, size_t>> NumericEntity(const std::string& s, size_t i) {
  if (s.compare(i, 2, "&#") != 0) return std::nullopt;
  const bool hex = i + 2 < s.size() && (s[i + 2] == 'x' || s[i + 2] == 'X');
  size_t j = i + (hex ? 3 : 2);
  unsigned long cp = 0;
  const size_t digits_from = j;
  while (j < s.size() && j - digits_from < 8 &&
         (hex ? std::isxdigit(static_cast<unsigned char>(s[j]))
              : std::isdigit(static_cast<unsigned char>(s[j])))) {
    cp = cp * (hex ? 16 : 10) +
         static_cast<unsigned long>(std::isdigit(static_cast<unsigned char>(s[j]))
                                        ? s[j] - '0'
                                        : std::tolower(s[j]) - 'a' + 10);
    ++j;
  }
  if (j == digits_from || j >= s.size() || s[j] != ';') return std::nullopt;
  const bool control = cp < 0x20 && cp != '\t' && cp != '\n';
  if (cp == 0 || control || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return std::nullopt;
  return std::make_pair(static_cast<unsigned>(cp), j + 1 - i);
}

}  // namespace

std::string DecodeEntities(const std::string& s) {
  static const std::pair<std::string_view, std::string_view> kEntities[] = {
      {"&amp;", "&"},   {"&lt;", "<"},     {"&gt;", ">"},     {"&quot;", "\""}, {"&#39;", "'"},
      {"&apos;", "'"},  {"&nbsp;", " "},   {"&ndash;", "–"},  {"&mdash;", "—"}, {"&hellip;", "…"},
      {"&laquo;", "«"}, {"&raquo;", "»"},  {"&lsquo;", "‘"},  {"&rsquo;", "’"}, {"&ldquo;", "“"},
      {"&rdquo;", "”"}, {"&copy;", "©"},   {"&reg;", "®"},    {"&times;", "×"}, {"&divide;", "÷"},
      {"&deg;", "°"},   {"&plusmn;", "±"}, {"&middot;", "·"}, {"&bull;", "•"},  {"&euro;", "€"},
      {"&le;", "≤"},    {"&ge;", "≥"},     {"&ne;", "≠"}};
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    bool done = false;
    if (s[i] != '&') {
      out += s[i];
      continue;
    }
    if (auto numeric = NumericEntity(s, i)) {
      AppendUtf8(out, numeric->first);
      i += numeric->second - 1;
      continue;
    }
    for (const auto& [entity, text] : kEntities) {
      if (s.compare(i, entity.size(), entity) == 0) {
        out += text;
        i += entity.size() - 1;
        done = true;
        break;
      }
    }
    if (!done) out += s[i];
  }
  return out;
}

// [plain] text is shown as typed; every other format may hold HTML, kept as
// Markdown where it can be and otherwise dropped with a warning at its line.
std::optional<std::string> GiftQuestionReader::ReadText(Span s, TextKind kind, bool allow_prefix) {
  TextFormat format = format_;
  if (allow_prefix && !TakeFormat(s, format)) return std::nullopt;
  s = b_.Trim(s);
  std::string text = b_.Text(s);
  if (format == TextFormat::kPlain) {
    if (kind != TextKind::kMarkdown) std::replace(text.begin(), text.end(), '\n', ' ');
    if (kind == TextKind::kPlain) return std::string(lophoc::Trim(text));
    return PlainTextToMarkdown(text, true);
  }
  std::vector<HtmlDropped> dropped;
  std::string out = HtmlToMarkdown(text, kind, format == TextFormat::kHtml,
                                   format != TextFormat::kMarkdown, dropped);
  for (const HtmlDropped& d : dropped) {
    diags_.Warning(b_.LineAt(s.begin + d.offset),
                   Why("HTML " + d.what +
                           " was left out: lophoc keeps only b, strong, i, em, u, br, p, ul, ol, "
                           "li, code, sub, sup and links to http(s) addresses; check the text, or "
                           "mark it [plain] to show the tags as typed",
                       "gift_html")
                       .WithParam("html", d.what));
  }
  return out;
}

}  // namespace lophoc::assessments::gift
