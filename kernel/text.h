// Text helpers shared by the domain: UTF-8 validation, line handling, slugs,
// and the Vietnamese search folding used by search and loose answer matching.
// All functions are pure and thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace lophoc {

// True when `s` is well-formed UTF-8 (no overlongs, no surrogates, <= U+10FFFF).
bool IsValidUtf8(std::string_view s);

// Number of Unicode code points in valid UTF-8 `s`.
size_t Utf8Length(std::string_view s);

// Unicode Normalization Form C (utf8proc): "Vie\u0323\u0302t" (decomposed, as
// some Vietnamese keyboards and systems send it) becomes "Việt". Every text
// that enters lophoc passes through this before it is validated, compared,
// stored or searched. Invalid UTF-8 comes back unchanged (validators refuse it).
std::string ToNfc(std::string_view s);

// Drops a leading UTF-8 byte order mark and turns CRLF / CR line ends into LF.
std::string NormalizeNewlines(std::string_view s);

// Splits on '\n'; the pieces view into `s`. A trailing newline yields no empty last line.
std::vector<std::string_view> SplitLines(std::string_view s);

std::string_view Trim(std::string_view s);

// Lower-case ASCII letters, digits and single inner '-', 2-64 characters.
bool IsValidSlug(std::string_view s);

// Folds text for diacritic- and case-insensitive comparison: Vietnamese (and
// other Latin) letters lose their marks ("Đăng ký" -> "dang ky", "Tin Học" ->
// "tin hoc"), ASCII is lower-cased, combining marks are dropped, and every
// other code point is kept. Runs of white space become one space and the
// result is trimmed. REQUIRES: valid UTF-8 (invalid bytes are dropped).
std::string FoldForSearch(std::string_view s);

// `s` between double quotes, with '"' and '\\' escaped by a backslash (front
// matter values; the inverse of how front matter and multipart headers read
// a quoted string).
std::string DoubleQuoted(std::string_view s);

// `s` with the ASCII capitals A-Z lower-cased and every other byte kept (so
// UTF-8 stays as it was): for keys, codes, CSV headers and file extensions.
std::string AsciiLower(std::string_view s);

// Lower-cases ASCII and the Vietnamese capital letters (keeps diacritics),
// collapses white space and trims: the "ignore case" comparison form.
std::string FoldCase(std::string_view s);

}  // namespace lophoc
