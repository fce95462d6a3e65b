#include "courses/markdown.h"

#include <catch2/catch.hpp>

namespace lophoc::courses {

TEST_CASE("raw HTML and javascript: links are neutralised", "[courses][markdown]") {
  auto [md, forbidden] = GENERATE(table<std::string, std::string>({
      {"<script>alert(1)</script>\n", "<script"},
      {"a <img src=x onerror=alert(1)> b\n", "<img src=x"},
      {"[x](javascript:alert(1))\n", "javascript:"},
      {"[x](JAVASCRIPT:alert(1))\n", "JAVASCRIPT:"},
      {"![x](javascript:alert(1))\n", "javascript:"},
      {"<iframe src=\"https://evil\"></iframe>\n", "<iframe"},
  }));
  CAPTURE(md);
  const std::string html = RenderMarkdown(md).html;
  CAPTURE(html);
  CHECK(html.find(forbidden) == std::string::npos);
}

TEST_CASE("headings get ids and ## / ### build the table of contents", "[courses][markdown]") {
  RenderedMarkdown r = RenderMarkdown(
      "# Tiêu đề\n\n## Bàn phím\n\ntext\n\n### Phím Enter\n\n## Bàn phím\n\n#### Sâu\n");
  REQUIRE(r.toc.size() == 3);
  CHECK(r.toc[0].id == "ban-phim");
  CHECK(r.toc[0].text == "Bàn phím");
  CHECK(r.toc[1].level == 3);
  CHECK(r.toc[1].id == "phim-enter");
  CHECK(r.toc[2].id == "ban-phim-2");  // duplicate headings get distinct ids
  CHECK(r.html.find("<h2 id=\"ban-phim\">Bàn phím</h2>") != std::string::npos);
  CHECK(r.html.find("<h1 id=\"tieu-de\">") != std::string::npos);
  CHECK(r.html.find("<h4 id=\"sau\">") != std::string::npos);
}

TEST_CASE("package links are rewritten through the resolver", "[courses][markdown]") {
  UrlResolver resolver = [](std::string_view url, bool is_image) -> std::optional<std::string> {
    if (url.rfind("http", 0) == 0) return std::nullopt;
    return std::string(is_image ? "/img/" : "/page/") + std::string(url);
  };
  RenderedMarkdown r =
      RenderMarkdown("![Sơ đồ](images/a.svg) [next](02-b.md) [web](https://x.vn)", resolver);
  CHECK(r.html.find("src=\"/img/images/a.svg\"") != std::string::npos);
  CHECK(r.html.find("alt=\"Sơ đồ\"") != std::string::npos);
  CHECK(r.html.find("loading=\"lazy\"") == std::string::npos);  // the first picture loads at once
  CHECK(r.html.find("href=\"/page/02-b.md\"") != std::string::npos);
  CHECK(r.html.find("href=\"https://x.vn\"") != std::string::npos);
}

TEST_CASE("plain text keeps words for search and snippets", "[courses][markdown]") {
  RenderedMarkdown r = RenderMarkdown("## Đăng ký\n\nBấm **nút** `OK`.\n\n- một\n- hai\n");
  CHECK(r.plain_text.find("Đăng ký") != std::string::npos);
  CHECK(r.plain_text.find("Bấm nút OK.") != std::string::npos);
  CHECK(r.plain_text.find("**") == std::string::npos);
}

TEST_CASE("InspectMarkdown reports links, pictures and raw HTML with lines", "[courses][markdown]") {
  auto refs = InspectMarkdown("Dòng một.\n\n![a](images/x.png)\n\n<div>\nhtml\n</div>\n\n[b](https://x)\n");
  REQUIRE(refs.size() == 3);
  CHECK(refs[0].kind == MarkdownReference::Kind::kImage);
  CHECK(refs[0].target == "images/x.png");
  CHECK(refs[0].line == 3);
  CHECK(refs[1].kind == MarkdownReference::Kind::kRawHtml);
  CHECK(refs[1].line == 5);
  CHECK(refs[2].kind == MarkdownReference::Kind::kLink);
  CHECK(refs[2].line == 9);
}

TEST_CASE("HeadingId folds Vietnamese to ASCII", "[courses][markdown]") {
  CHECK(HeadingId("Đăng ký tài khoản!") == "dang-ky-tai-khoan");
  CHECK(HeadingId("  ") == "muc");
  CHECK(HeadingId("Bước 1: Mở máy") == "buoc-1-mo-may");
}

}  // namespace lophoc::courses
