// Parses multipart/form-data request bodies (RFC 7578), so a form can upload a
// file (staff CSV, course image, course package) without JavaScript.
//
// The whole body is already in memory and its size was limited by the site;
// parsing is linear in the body size, copies each part's bytes once and uses
// no regex. All functions are pure and thread-safe.
//
// What is accepted, and why:
// - Line ends are CRLF only, in headers and around delimiters, as every
//   browser and curl send them. A bare LF is not accepted: a delimiter is
//   "CRLF--boundary", so "\n--boundary" inside a file stays file data.
// - A delimiter is "--boundary" at the start of the body or after CRLF,
//   followed by optional spaces/tabs and CRLF, or by "--" for the closing one.
//   Anything else that looks like one ("--boundaryX", no CRLF before it) is
//   data. The preamble and the epilogue are ignored.
// - Part header lines are "Name: value"; folded (continued) lines, bare CR,
//   bare LF and control characters other than tab are malformed.
// - Header and parameter names are case-insensitive; parameter values are a
//   token or a quoted string, where a backslash escapes only '"' and '\'
//   (elsewhere it is kept, so an old browser's "C:\dir\a.csv" survives).
// - Names and filenames are taken as sent: the browsers' %22/%0D/%0A escapes
//   are not decoded, and `filename*=` (RFC 5987, forbidden by RFC 7578 4.2)
//   is ignored, as are Content-Transfer-Encoding and the `_charset_` field.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "kernel/status.h"

namespace lophoc::http {

struct FormPart {
  std::string name;  // the form field name: non-empty, valid UTF-8, no control characters
  // The last path component of the filename sent: no '/' or '\', never "."
  // or "..", valid UTF-8, no control characters. Empty for plain fields and
  // for a file input left empty (browsers send filename="" and no data).
  // A display hint only: never use it as a storage path.
  std::string filename;
  std::string content_type;  // as sent, trimmed; empty when absent
  // Bytes as sent. When `filename` is empty the data is valid UTF-8.
  std::string data;
};

struct MultipartLimits {
  size_t max_parts = 64;
  size_t max_header_bytes = 4096;  // per part, from after the delimiter to the blank line
};

// Parses `body` sent with the request header Content-Type `content_type`;
// returns the parts in the order sent (a body with only the closing delimiter
// has none).
// Errors: InvalidArgument, with a message saying what is wrong (and which
// part), when the type is not multipart/form-data; the boundary is missing,
// repeated or not 1-70 RFC 2046 characters; there is no opening or closing
// delimiter; a header line is malformed or repeated (Content-Disposition,
// Content-Type); a part lacks Content-Disposition: form-data or a non-empty
// name; a name or filename is not valid UTF-8 or holds control characters;
// a filename is "..", "." or empty once reduced to its last component; a
// part without filename holds data that is not valid UTF-8 (the message names
// the field). TooLarge when there are more than `limits.max_parts` parts or
// a part's headers exceed `limits.max_header_bytes`.
Result<std::vector<FormPart>> ParseMultipart(std::string_view content_type,
                                             std::string_view body,
                                             const MultipartLimits& limits = {});

// The first part named `name`, or nullptr. The pointer lives as long as `parts`
// is not modified.
const FormPart* FindPart(const std::vector<FormPart>& parts, std::string_view name);

}  // namespace lophoc::http
