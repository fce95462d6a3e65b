// Markdown: the only user of cmark. Renders lesson Markdown to safe HTML
// (raw HTML and javascript: links neutralised by cmark's safe mode), builds
// the table of contents from ## and ### headings, and rewrites package-relative
// links through a caller-supplied resolver. Also inspects Markdown for the
// package checker. Pure and thread-safe (cmark keeps no global state we use).
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace lophoc::courses {

struct TocEntry {
  int level = 2;  // 2 or 3
  std::string id;
  std::string text;
};

struct RenderedMarkdown {
  std::string html;
  std::vector<TocEntry> toc;
  std::string plain_text;  // text content without markup, for search and snippets
};

// Maps a URL written in Markdown to the URL to emit. Returns nullopt to keep
// the URL unchanged. `is_image` tells pictures from links.
using UrlResolver = std::function<std::optional<std::string>(std::string_view url, bool is_image)>;

// What the renderer knows of a picture (courses/pictures.h reads it from a
// course package).
struct PictureInfo {
  int width = 0;  // CSS px, written as the <img> width and height; 0: unknown
  int height = 0;
  std::string narrow_url;  // a variant drawn for phones, shown up to 600 px wide; or empty
  int narrow_width = 0;
  int narrow_height = 0;
  // Without a narrow variant: the width (px) at which the smallest label of
  // an SVG is readable; narrower screens scroll it sideways. 0: no need.
  int readable_width = 0;
};

struct PictureOptions {
  // The picture written as `url` in the Markdown; nullopt when not known.
  std::function<std::optional<PictureInfo>(std::string_view url)> lookup;
  // The name of the link that opens a picture full size, before its alt text.
  std::string open_label = "Xem ảnh cỡ lớn";
  // Said under a diagram wider than a phone: it scrolls sideways.
  std::string scroll_hint = "Kéo sang ngang để xem hết hình";
};

// Renders `markdown`. Every picture gets its width and height when known, is
// wrapped in a link to itself (named `open_label`: alt) unless it is inside a
// link already, and, except the first, loads lazily and decodes
// asynchronously; a narrow variant becomes a <picture> source for phones, and
// a wide SVG without one a sideways-scrolling, focusable box.
RenderedMarkdown RenderMarkdown(std::string_view markdown, const UrlResolver& resolver = {},
                                const PictureOptions& pictures = {});

// One thing in the Markdown that the package checker needs to see.
struct MarkdownReference {
  enum class Kind { kLink, kImage, kRawHtml };
  Kind kind = Kind::kLink;
  std::string target;  // URL for links/images; the HTML text for raw HTML
  int line = 0;        // 1-based line within the Markdown text
};

std::vector<MarkdownReference> InspectMarkdown(std::string_view markdown);

// Lower-case ASCII anchor id from heading text ("Bàn phím" -> "ban-phim").
std::string HeadingId(std::string_view text);

}  // namespace lophoc::courses
