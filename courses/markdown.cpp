#include "courses/markdown.h"

#include <cmark.h>

#include <algorithm>
#include <cstdlib>
#include <memory>
#include <set>

#include "kernel/encode.h"
#include "kernel/text.h"

namespace lophoc::courses {
namespace {

struct NodeDeleter {
  void operator()(cmark_node* n) const { cmark_node_free(n); }
};
struct IterDeleter {
  void operator()(cmark_iter* i) const { cmark_iter_free(i); }
};
using NodePtr = std::unique_ptr<cmark_node, NodeDeleter>;
using IterPtr = std::unique_ptr<cmark_iter, IterDeleter>;

NodePtr Parse(std::string_view md) {
  return NodePtr(cmark_parse_document(md.data(), md.size(), CMARK_OPT_VALIDATE_UTF8));
}

// Calls fn(node) on entering every node of the tree, in document order.
template <typename Fn>
void Walk(cmark_node* root, Fn fn) {
  IterPtr iter(cmark_iter_new(root));
  cmark_event_type ev;
  while ((ev = cmark_iter_next(iter.get())) != CMARK_EVENT_DONE) {
    if (ev == CMARK_EVENT_ENTER) fn(cmark_iter_get_node(iter.get()));
  }
}

std::string TextOf(cmark_node* node) {
  std::string out;
  Walk(node, [&](cmark_node* n) {
    const cmark_node_type t = cmark_node_get_type(n);
    if (t == CMARK_NODE_TEXT || t == CMARK_NODE_CODE) {
      if (const char* lit = cmark_node_get_literal(n)) out += lit;
    } else if (t == CMARK_NODE_SOFTBREAK || t == CMARK_NODE_LINEBREAK) {
      out += ' ';
    }
  });
  return out;
}

// Inline nodes may lack positions; use the nearest positioned ancestor.
int LineOf(cmark_node* n) {
  for (cmark_node* p = n; p != nullptr; p = cmark_node_parent(p)) {
    if (int line = cmark_node_get_start_line(p); line > 0) return line;
  }
  return 0;
}

bool Inside(cmark_node* n, cmark_node_type type) {
  for (cmark_node* p = cmark_node_parent(n); p != nullptr; p = cmark_node_parent(p)) {
    if (cmark_node_get_type(p) == type) return true;
  }
  return false;
}

bool IsBlock(cmark_node_type t) {
  return t == CMARK_NODE_PARAGRAPH || t == CMARK_NODE_HEADING || t == CMARK_NODE_CODE_BLOCK ||
         t == CMARK_NODE_ITEM || t == CMARK_NODE_BLOCK_QUOTE;
}

// Inserts id attributes into the n-th <hN> tags, in document order. cmark's
// safe mode escapes all raw HTML, so every literal "<hN>" comes from a heading.
std::string AddHeadingIds(const std::string& html, const std::vector<std::pair<int, std::string>>& ids) {
  std::string out;
  out.reserve(html.size() + ids.size() * 16);
  size_t pos = 0;
  for (const auto& [level, id] : ids) {
    const std::string tag = "<h" + std::to_string(level) + ">";
    const size_t at = html.find(tag, pos);
    if (at == std::string::npos) break;
    out.append(html, pos, at - pos);
    out += "<h" + std::to_string(level) + " id=\"" + id + "\">";
    pos = at + tag.size();
  }
  out.append(html, pos, std::string::npos);
  return out;
}


// One picture of the Markdown, in document order.
struct Picture {
  bool in_link = false;
  std::optional<PictureInfo> info;
};

std::string Attr(const char* name, int value) {
  return std::string(" ") + name + "=\"" + std::to_string(value) + "\"";
}

// The value of attribute `name` in the attributes `attrs` cmark wrote (escaped).
std::string AttrValue(std::string_view attrs, std::string_view name) {
  const std::string key = std::string(name) + "=\"";
  const size_t at = attrs.find(key);
  if (at == std::string_view::npos) return "";
  const size_t from = at + key.size();
  const size_t to = attrs.find('"', from);
  return std::string(attrs.substr(from, to == std::string_view::npos ? 0 : to - from));
}

// Rewrites cmark's "<img src=... alt=... />" tags, which come in document
// order and only from pictures (safe mode escapes raw HTML). See RenderMarkdown.
std::string DressPictures(const std::string& html, const std::vector<Picture>& pictures,
                          const PictureOptions& options) {
  std::string out;
  size_t pos = 0;
  size_t n = 0;
  for (size_t at; (at = html.find("<img ", pos)) != std::string::npos; ++n) {
    const size_t end = html.find("/>", at);
    if (end == std::string::npos) break;
    out.append(html, pos, at - pos);
    pos = end + 2;
    std::string attrs = html.substr(at + 5, end - at - 5);
    while (!attrs.empty() && attrs.back() == ' ') attrs.pop_back();
    const Picture p = n < pictures.size() ? pictures[n] : Picture{};
    const std::string src = AttrValue(attrs, "src");
    const std::string alt = AttrValue(attrs, "alt");
    std::string img = "<img " + attrs;
    if (p.info && p.info->width > 0)
      img += Attr("width", p.info->width) + Attr("height", p.info->height);
    if (n > 0) img += " loading=\"lazy\" decoding=\"async\"";
    img += " />";
    if (p.info && !p.info->narrow_url.empty()) {
      std::string source =
          "<source media=\"(max-width: 600px)\" srcset=\"" + EscapeHtml(p.info->narrow_url) + "\"";
      if (p.info->narrow_width > 0) {
        source += Attr("width", p.info->narrow_width) + Attr("height", p.info->narrow_height);
      }
      img = "<picture>" + source + " />" + img + "</picture>";
    }
    if (!p.in_link && !src.empty()) {
      const std::string label = EscapeHtml(options.open_label) + (alt.empty() ? "" : ": " + alt);
      img = "<a class=\"picture-open\" href=\"" + src + "\" aria-label=\"" + label + "\">" + img +
            "</a>";
    }
    const bool wide = p.info && p.info->narrow_url.empty() && p.info->readable_width > 340;
    if (wide) {
      const int bucket = std::min(1600, (p.info->readable_width + 99) / 100 * 100);
      img = "<span class=\"picture-scroll pmin-" + std::to_string(bucket) +
            "\" tabindex=\"0\" role=\"group\" aria-label=\"" + alt + "\">" + img +
            "</span><span class=\"picture-hint\">" + EscapeHtml(options.scroll_hint) + "</span>";
    }
    out += img;
  }
  out.append(html, pos, std::string::npos);
  return out;
}

}  // namespace

std::string HeadingId(std::string_view text) {
  const std::string folded = FoldForSearch(text);
  std::string id;
  for (char c : folded) {
    const bool alnum = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    if (alnum) {
      id += c;
    } else if (!id.empty() && id.back() != '-') {
      id += '-';
    }
  }
  while (!id.empty() && id.back() == '-') id.pop_back();
  return id.empty() ? "muc" : id;
}

RenderedMarkdown RenderMarkdown(std::string_view markdown, const UrlResolver& resolver,
                                const PictureOptions& picture_options) {
  RenderedMarkdown out;
  std::vector<Picture> pictures;
  NodePtr doc = Parse(markdown);
  std::vector<std::pair<int, std::string>> heading_ids;
  std::set<std::string> used;
  Walk(doc.get(), [&](cmark_node* n) {
    const cmark_node_type t = cmark_node_get_type(n);
    if (t == CMARK_NODE_HEADING) {
      const int level = cmark_node_get_heading_level(n);
      const std::string text = TextOf(n);
      std::string id = HeadingId(text);
      for (int k = 2; used.count(id) > 0; ++k) id = HeadingId(text) + "-" + std::to_string(k);
      used.insert(id);
      heading_ids.emplace_back(level, id);
      if (level == 2 || level == 3) out.toc.push_back({level, id, text});
    } else if (t == CMARK_NODE_LINK || t == CMARK_NODE_IMAGE) {
      const char* url = cmark_node_get_url(n);
      if (t == CMARK_NODE_IMAGE && !Inside(n, CMARK_NODE_IMAGE)) {
        Picture p;
        p.in_link = Inside(n, CMARK_NODE_LINK);
        if (picture_options.lookup && url != nullptr) p.info = picture_options.lookup(url);
        pictures.push_back(std::move(p));
      }
      if (!resolver) return;
      if (url != nullptr) {
        if (auto mapped = resolver(url, t == CMARK_NODE_IMAGE)) {
          cmark_node_set_url(n, mapped->c_str());
        }
      }
    } else if (t == CMARK_NODE_TEXT || t == CMARK_NODE_CODE || t == CMARK_NODE_CODE_BLOCK) {
      if (const char* lit = cmark_node_get_literal(n)) out.plain_text += lit;
      out.plain_text += t == CMARK_NODE_CODE_BLOCK ? "\n" : "";
    } else if (t == CMARK_NODE_SOFTBREAK || t == CMARK_NODE_LINEBREAK) {
      out.plain_text += ' ';
    } else if (IsBlock(t) && !out.plain_text.empty() && out.plain_text.back() != '\n') {
      out.plain_text += '\n';
    }
  });
  std::unique_ptr<char, decltype(&std::free)> html(cmark_render_html(doc.get(), CMARK_OPT_DEFAULT),
                                                    &std::free);
  out.html = DressPictures(AddHeadingIds(html.get(), heading_ids), pictures, picture_options);
  return out;
}

std::vector<MarkdownReference> InspectMarkdown(std::string_view markdown) {
  std::vector<MarkdownReference> refs;
  NodePtr doc = Parse(markdown);
  Walk(doc.get(), [&](cmark_node* n) {
    const cmark_node_type t = cmark_node_get_type(n);
    if (t == CMARK_NODE_LINK || t == CMARK_NODE_IMAGE) {
      const char* url = cmark_node_get_url(n);
      refs.push_back({t == CMARK_NODE_IMAGE ? MarkdownReference::Kind::kImage
                                            : MarkdownReference::Kind::kLink,
                      url != nullptr ? url : "", LineOf(n)});
    } else if (t == CMARK_NODE_HTML_BLOCK || t == CMARK_NODE_HTML_INLINE) {
      const char* lit = cmark_node_get_literal(n);
      refs.push_back({MarkdownReference::Kind::kRawHtml, lit != nullptr ? lit : "", LineOf(n)});
    }
  });
  return refs;
}

}  // namespace lophoc::courses
