// HTML in GIFT text ([html], and [moodle] which Moodle lets carry HTML) as
// Markdown: the tags a question needs become Markdown, every other tag is
// dropped and named, so the importer can warn at its line.
#include <cctype>
#include <string>
#include <vector>

#include "assessments/gift_reader.h"
#include "assessments/quiz_import.h"
#include "kernel/text.h"
#include "kernel/encode.h"

namespace lophoc::assessments::gift {
namespace {

// Markup is held as a private-use character (U+E000 + its index among the
// literals) while the text around it is escaped, then put back as written.
constexpr unsigned kLiteralBase = 0xE000;
constexpr size_t kMaxLiterals = 0x1000;

std::string Utf8(unsigned cp) {
  std::string out;
  AppendUtf8(out, cp);
  return out;
}

bool IsLiteralLead(std::string_view s, size_t i) {
  // U+E000..U+EFFF is 0xEE 0x80..0xBF 0x80..0xBF in UTF-8.
  return i + 2 < s.size() && static_cast<unsigned char>(s[i]) == 0xEE;
}

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// Unicode sub- and superscripts for the characters that have one.
std::optional<std::string> Scripted(std::string_view text, bool sub) {
  static const char* kSup[] = {"⁰", "¹", "²", "³", "⁴", "⁵", "⁶", "⁷", "⁸", "⁹"};
  static const char* kSub[] = {"₀", "₁", "₂", "₃", "₄", "₅", "₆", "₇", "₈", "₉"};
  std::string out;
  for (char c : text) {
    if (c >= '0' && c <= '9') {
      out += (sub ? kSub : kSup)[c - '0'];
    } else if (c == '+') {
      out += sub ? "₊" : "⁺";
    } else if (c == '-') {
      out += sub ? "₋" : "⁻";
    } else if (c == '=') {
      out += sub ? "₌" : "⁼";
    } else if (c == '(') {
      out += sub ? "₍" : "⁽";
    } else if (c == ')') {
      out += sub ? "₎" : "⁾";
    } else if (c == 'n' && !sub) {
      out += "ⁿ";
    } else {
      return std::nullopt;
    }
  }
  return out;
}

bool IsBlockTag(const std::string& name) {
  static const char* kBlocks[] = {"div", "h1",    "h2", "h3",    "h4",   "h5",
                                  "h6",  "table", "tr", "hr",    "pre",  "blockquote",
                                  "dl",  "dt",    "dd", "tbody", "thead"};
  for (const char* b : kBlocks) {
    if (name == b) return true;
  }
  return false;
}

class HtmlConverter {
 public:
  HtmlConverter(std::string_view html, TextKind kind, bool html_spacing, bool escape)
      : in_(html), kind_(kind), html_spacing_(html_spacing), escape_(escape) {}

  std::string Convert(std::vector<HtmlDropped>& dropped) {
    for (size_t i = 0; i < in_.size();) {
      if (in_[i] == '<' && i + 1 < in_.size() &&
          (std::isalpha(static_cast<unsigned char>(in_[i + 1])) || in_[i + 1] == '/' ||
           in_[i + 1] == '!' || in_[i + 1] == '?')) {
        i = Tag(i);
      } else if (in_[i] == '&') {
        i = Entity(i);
      } else if (IsLiteralLead(in_, i)) {
        Text(std::string(in_.substr(i, 3)), true);
        i += 3;
      } else {
        Char(in_[i]);
        ++i;
      }
    }
    FlushPending();
    dropped = std::move(dropped_);
    std::string text = out_;
    if (kind_ != TextKind::kPlain && escape_) text = PlainTextToMarkdown(text, true);
    return std::string(lophoc::Trim(Restore(text)));
  }

 private:
  void Char(char c) {
    if (in_code_) {
      code_ += (c == '\n' ? ' ' : c);
      return;
    }
    if (html_spacing_ && std::isspace(static_cast<unsigned char>(c))) c = ' ';
    if (kind_ != TextKind::kMarkdown && c == '\n') c = ' ';
    Text(std::string(1, c), false);
  }

  void Text(const std::string& s, bool literal) {
    if (in_code_) {
      code_ += s;
      return;
    }
    const bool space = s == " ";
    if (!space) FlushPending();
    if (html_spacing_ && space && (out_.empty() || out_.back() == ' ' || out_.back() == '\n')) {
      return;
    }
    out_ += literal ? Literal(s) : s;
  }

  // Markup that opens emphasis waits for the first word, so "<b> a</b>" is "**a**".
  void FlushPending() {
    for (const std::string& open : pending_) out_ += Literal(open);
    pending_.clear();
  }

  void Close(const std::string& mark) {
    if (!pending_.empty() && pending_.back() == mark) {  // nothing inside: no markup
      pending_.pop_back();
      return;
    }
    size_t spaces = 0;
    while (!out_.empty() && out_.back() == ' ') {
      out_.pop_back();
      ++spaces;
    }
    out_ += Literal(mark);
    out_.append(spaces, ' ');
  }

  std::string Literal(const std::string& s) {
    if (kind_ == TextKind::kPlain) return s;
    if (literals_.size() >= kMaxLiterals) return s;
    literals_.push_back(s);
    return Utf8(kLiteralBase + static_cast<unsigned>(literals_.size() - 1));
  }

  std::string Restore(const std::string& text) const {
    std::string out;
    for (size_t i = 0; i < text.size(); ++i) {
      if (IsLiteralLead(text, i)) {
        const unsigned cp = ((static_cast<unsigned char>(text[i]) & 0x0F) << 12) |
                            ((static_cast<unsigned char>(text[i + 1]) & 0x3F) << 6) |
                            (static_cast<unsigned char>(text[i + 2]) & 0x3F);
        const size_t n = cp - kLiteralBase;
        if (n < literals_.size()) {
          out += literals_[n];
          i += 2;
          continue;
        }
      }
      out += text[i];
    }
    return out;
  }

  void Block() {
    // A paragraph break where Markdown allows one; a space inside an option.
    FlushPending();
    while (!out_.empty() && out_.back() == ' ') out_.pop_back();
    if (kind_ != TextKind::kMarkdown) {
      if (!out_.empty()) out_ += ' ';
      return;
    }
    if (!out_.empty()) out_ += "\n\n";
  }

  void LineBreak() {
    if (kind_ != TextKind::kMarkdown) {
      Text(" ", false);
      return;
    }
    while (!out_.empty() && out_.back() == ' ') out_.pop_back();
    out_ += escape_ ? std::string("\n") : Literal("\\\n");
  }

  void Drop(size_t at, const std::string& what) {
    for (const HtmlDropped& d : dropped_) {
      if (d.what == what) return;  // said once per text
    }
    dropped_.push_back({at, what});
  }

  size_t Entity(size_t i) {
    const size_t semi = in_.find(';', i);
    if (!escape_ && kind_ != TextKind::kPlain) {
      // Markdown reads entities itself; decoding "&lt;b&gt;" here would make a tag.
      const size_t stop = semi != std::string_view::npos && semi - i <= 10 ? semi + 1 : i + 1;
      Text(std::string(in_.substr(i, stop - i)), true);
      return stop;
    }
    if (semi == std::string_view::npos || semi - i > 10) {
      Char('&');
      return i + 1;
    }
    const std::string decoded = DecodeEntities(std::string(in_.substr(i, semi - i + 1)));
    if (decoded.size() > 0 && decoded[0] == '&' && decoded.size() == semi - i + 1) {
      Char('&');  // not an entity: "&" as typed
      return i + 1;
    }
    if (decoded == " " || decoded == "\xC2\xA0") {
      Text(" ", false);
    } else {
      Text(decoded, false);
    }
    return semi + 1;
  }

  // Reads the tag at `i` (which is '<'); returns the index after it.
  size_t Tag(size_t i) {
    if (in_.compare(i, 4, "<!--") == 0) {
      const size_t end = in_.find("-->", i + 4);
      Drop(i, "<!-- -->");
      return end == std::string_view::npos ? in_.size() : end + 3;
    }
    size_t end = i + 1;
    char quote = 0;
    while (end < in_.size() && (quote != 0 || in_[end] != '>')) {
      if (quote != 0 && in_[end] == quote) {
        quote = 0;
      } else if (quote == 0 && (in_[end] == '"' || in_[end] == '\'')) {
        quote = in_[end];
      }
      ++end;
    }
    const std::string_view whole = in_.substr(i, std::min(end + 1, in_.size()) - i);
    const bool closing = in_[i + 1] == '/';
    size_t n = i + (closing ? 2 : 1);
    size_t name_end = n;
    while (name_end < in_.size() && std::isalnum(static_cast<unsigned char>(in_[name_end]))) {
      ++name_end;
    }
    const std::string name = Lower(in_.substr(n, name_end - n));
    const size_t next = std::min(end + 1, in_.size());
    if (in_code_ && !(closing && name == "code")) {
      Drop(i, "<" + name + ">");
      return next;
    }
    if (name == "script" || name == "style") {
      Drop(i, "<" + name + ">");
      if (closing) return next;
      const std::string close = "</" + name;
      size_t at = next;
      while (at < in_.size() && Lower(in_.substr(at, close.size())) != close) ++at;
      if (at >= in_.size()) return in_.size();
      const size_t gt = in_.find('>', at);
      return gt == std::string_view::npos ? in_.size() : gt + 1;
    }
    if (name == "b" || name == "strong") {
      Emphasis(closing, "**");
    } else if (name == "i" || name == "em" || name == "u") {
      Emphasis(closing, "*");
    } else if (name == "br") {
      LineBreak();
    } else if (name == "p") {
      Block();
    } else if (name == "ul" || name == "ol") {
      if (closing) {
        if (!lists_.empty()) lists_.pop_back();
        Block();
      } else {
        Block();
        lists_.push_back(name == "ol" ? 1 : 0);
      }
    } else if (name == "li") {
      if (!closing) Item();
    } else if (name == "a") {
      Link(i, closing, whole);
    } else if (name == "code") {
      Code(closing);
    } else if (name == "sub" || name == "sup") {
      Script(closing, name == "sub");
    } else {
      Drop(i, "<" + (name.empty() ? std::string(whole.substr(1, 1)) : name) + ">");
      if (IsBlockTag(name)) Block();
    }
    return next;
  }

  void Emphasis(bool closing, const std::string& mark) {
    if (kind_ == TextKind::kPlain) return;
    if (closing) {
      Close(mark);
    } else {
      pending_.push_back(mark);
    }
  }

  void Item() {
    FlushPending();
    if (kind_ != TextKind::kMarkdown || lists_.empty()) {
      Block();
      return;
    }
    while (!out_.empty() && out_.back() == ' ') out_.pop_back();
    // Items are joined by a literal line break, so no "\" hard break is added between them.
    const bool first = out_.empty() || out_.back() == '\n';
    if (!first) out_ += Literal("\n");
    int& number = lists_.back();
    // "* " rather than "- ": quiz.md reads a line "- ..." as an answer.
    out_ += Literal(number > 0 ? std::to_string(number++) + ". " : "* ");
  }

  void Link(size_t at, bool closing, std::string_view tag) {
    if (closing) {
      if (!link_open_) return;
      link_open_ = false;
      if (!pending_.empty() && pending_.back() == "[") {  // a link without text: nothing
        pending_.pop_back();
        return;
      }
      if (kind_ == TextKind::kPlain) return;
      if (link_url_.empty()) return;
      Close("](" + link_url_ + ")");
      return;
    }
    link_open_ = true;
    link_url_.clear();
    const std::string lower = Lower(tag);
    const size_t href = lower.find("href");
    std::string url;
    if (href != std::string::npos) {
      size_t v = lower.find('=', href);
      if (v != std::string::npos) {
        ++v;
        while (v < tag.size() && tag[v] == ' ') ++v;
        const char quote = v < tag.size() && (tag[v] == '"' || tag[v] == '\'') ? tag[v] : 0;
        const size_t start = quote != 0 ? v + 1 : v;
        size_t stop = start;
        while (stop < tag.size() &&
               (quote != 0 ? tag[stop] != quote : tag[stop] != ' ' && tag[stop] != '>')) {
          ++stop;
        }
        url =
            std::string(lophoc::Trim(DecodeEntities(std::string(tag.substr(start, stop - start)))));
      }
    }
    const std::string scheme = Lower(url.substr(0, 8));
    if (scheme.rfind("http://", 0) != 0 && scheme.rfind("https://", 0) != 0) {
      Drop(at, "<a href=\"" + url.substr(0, 40) + "\">");
      return;
    }
    if (kind_ == TextKind::kPlain) return;
    for (char c : url) {
      if (c == ' ') {
        link_url_ += "%20";
      } else if (c == '(') {
        link_url_ += "%28";
      } else if (c == ')') {
        link_url_ += "%29";
      } else if (c == '<' || c == '>' || c == '"' || static_cast<unsigned char>(c) < 0x20) {
        continue;
      } else {
        link_url_ += c;
      }
    }
    pending_.push_back("[");
  }

  void Code(bool closing) {
    if (!closing) {
      if (in_code_) return;
      FlushPending();
      in_code_ = true;
      code_.clear();
      return;
    }
    if (!in_code_) return;
    in_code_ = false;
    const std::string body = std::string(lophoc::Trim(code_));
    if (body.empty()) return;
    if (kind_ == TextKind::kPlain) {
      Text(body, false);
      return;
    }
    const std::string ticks = body.find('`') == std::string::npos ? "`" : "``";
    const std::string pad = ticks.size() > 1 ? " " : "";
    out_ += Literal(ticks + pad + body + pad + ticks);
  }

  void Script(bool closing, bool sub) {
    if (!closing) {
      FlushPending();
      script_start_ = out_.size();
      return;
    }
    if (script_start_ > out_.size()) return;
    const std::string inner = out_.substr(script_start_);
    script_start_ = std::string::npos;
    if (auto scripted = Scripted(inner, sub)) {
      out_.resize(out_.size() - inner.size());
      out_ += *scripted;
    } else if (!inner.empty()) {
      out_.resize(out_.size() - inner.size());
      out_ += (sub ? "_(" : "^(") + inner + ")";
    }
  }

  std::string_view in_;
  TextKind kind_;
  bool html_spacing_;
  bool escape_;
  std::string out_;
  std::vector<std::string> pending_;
  std::vector<std::string> literals_;
  std::vector<int> lists_;  // per open list: 0 for <ul>, else the next number
  std::vector<HtmlDropped> dropped_;
  bool link_open_ = false;
  std::string link_url_;
  bool in_code_ = false;
  std::string code_;
  size_t script_start_ = std::string::npos;
};

}  // namespace

std::string HtmlToMarkdown(std::string_view html, TextKind kind, bool html_spacing, bool escape,
                           std::vector<HtmlDropped>& dropped) {
  return HtmlConverter(html, kind, html_spacing, escape).Convert(dropped);
}

}  // namespace lophoc::assessments::gift
