// Writing text into other encodings: one Unicode code point as UTF-8, and
// text as HTML. The one encoder and the one HTML escape that the folding code
// (kernel/text.cpp), the GIFT importer (assessments/gift_*.cpp), the Markdown
// renderer (courses/markdown.cpp) and the HTTP layer (HtmlEscape) share.
#pragma once

#include <string>
#include <string_view>

namespace lophoc {

// Appends `cp` (a Unicode scalar value, not a surrogate) to `out` as UTF-8.
void AppendUtf8(std::string& out, char32_t cp);

// `s` safe inside HTML text and quoted attribute values: & < > " ' escaped.
std::string EscapeHtml(std::string_view s);

}  // namespace lophoc
