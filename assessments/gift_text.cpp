#include <algorithm>
#include <cctype>

#include "assessments/gift_reader.h"

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

std::string DecodeEntities(const std::string& s) {
  static const std::pair<std::string_view, std::string_view> kEntities[] = {
      {"&amp;", "&"}, {"&lt;", "<"},   {"&gt;", ">"},  {"&quot;", "\""},
      {"&#39;", "'"}, {"&apos;", "'"}, {"&nbsp;", " "}};
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    bool done = false;
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

}  // namespace lophoc::assessments::gift
