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

RenderedMarkdown RenderMarkdown(std::string_view markdown, const UrlResolver& resolver = {});

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
