// Views: templates joined at load time, escaping, and load-time errors.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>

#include "server/http/i18n.h"
#include "server/http/views.h"
#include "tests/support/temp_dir.h"

namespace fs = std::filesystem;
using lophoc::http::Catalogues;
using lophoc::http::Views;

namespace {

struct TemplateDir {
  lophoc::testing::TempDir dir{"lophoc-views"};
  fs::path root = dir.path;
  TemplateDir() {
    fs::create_directories(root / "partials");
    fs::create_directories(root / "i18n");
    Write("i18n/vi.json", R"({"brand": "Lớp <học>"})");
    Write("i18n/en.json", R"({"brand": "Class & co"})");
  }
  lophoc::Result<std::unique_ptr<Views>> Load() const {
    auto cat = Catalogues::Load(root / "i18n");
    REQUIRE(cat.ok());
    catalogues = std::move(*cat);
    return Views::Load(root, *catalogues);
  }
  mutable std::unique_ptr<Catalogues> catalogues;
  void Write(const std::string& rel, const std::string& text) const {
    std::ofstream(root / rel, std::ios::binary) << text;
  }
};

}  // namespace

TEST_CASE("views: a page is rendered inside the layout with its partials", "[views]") {
  TemplateDir d;
  d.Write("layout.mustache", "<title>{{title}}</title>{{> head}}<main>{{{content_html}}}</main>");
  d.Write("partials/head.mustache", "<h>{{t.brand}}</h>{{> inner}}");
  d.Write("partials/inner.mustache", "[{{lang}}]");
  d.Write("page.mustache", "<p>{{name}}</p>{{{body_html}}}{{#items}}<i>{{.}}</i>{{/items}}");
  auto v = d.Load();
  REQUIRE(v.ok());
  nlohmann::json model = {{"title", "A & B"},
                          {"lang", "vi"},
                          {"name", "<script>alert(1)</script>"},
                          {"body_html", "<em>safe</em>"},
                          {"items", {"x", "y"}}};
  auto html = (*v)->RenderPage("page", "vi", model);
  REQUIRE(html.ok());
  CHECK(*html ==
        "<title>A &amp; B</title><h>Lớp &lt;học&gt;</h>[vi]<main><p>&lt;script&gt;alert(1)&lt;/script&gt;"
        "</p><em>safe</em><i>x</i><i>y</i></main>");
  auto en = (*v)->RenderPage("page", "en", model);
  REQUIRE(en.ok());
  CHECK(en->find("<h>Class &amp; co</h>") != std::string::npos);
  CHECK((*v)->RenderPage("nope", "vi", model).status().code() == lophoc::StatusCode::kNotFound);
  CHECK((*v)->RenderPage("page", "fr", model).status().code() == lophoc::StatusCode::kNotFound);
}

TEST_CASE("views: load refuses an unknown partial, a layout without a slot, bad syntax", "[views]") {
  SECTION("unknown partial") {
    TemplateDir d;
    d.Write("layout.mustache", "{{{content_html}}}");
    d.Write("page.mustache", "{{> missing}}");
    auto v = d.Load();
    REQUIRE_FALSE(v.ok());
    CHECK(v.status().message().find("missing") != std::string::npos);
  }
  SECTION("layout without content slot") {
    TemplateDir d;
    d.Write("layout.mustache", "<main></main>");
    d.Write("page.mustache", "x");
    auto v = d.Load();
    REQUIRE_FALSE(v.ok());
    CHECK(v.status().message().find("content_html") != std::string::npos);
  }
  SECTION("unclosed section") {
    TemplateDir d;
    d.Write("layout.mustache", "{{{content_html}}}");
    d.Write("page.mustache", "{{#open}}never closed");
    auto v = d.Load();
    REQUIRE_FALSE(v.ok());
    CHECK(v.status().message().find("page") != std::string::npos);
  }
  SECTION("unknown message") {
    TemplateDir d;
    d.Write("layout.mustache", "{{{content_html}}}");
    d.Write("page.mustache", "{{t.nope}}");
    auto v = d.Load();
    REQUIRE_FALSE(v.ok());
    CHECK(v.status().message().find("nope") != std::string::npos);
  }
  SECTION("a message used unescaped") {
    TemplateDir d;
    d.Write("layout.mustache", "{{{content_html}}}");
    d.Write("page.mustache", "{{{t.brand}}}");
    auto v = d.Load();
    REQUIRE_FALSE(v.ok());
    CHECK(v.status().message().find("{{t.key}}") != std::string::npos);
  }
  SECTION("partials that include each other") {
    TemplateDir d;
    d.Write("layout.mustache", "{{{content_html}}}");
    d.Write("partials/a.mustache", "{{> b}}");
    d.Write("partials/b.mustache", "{{> a}}");
    d.Write("page.mustache", "{{> a}}");
    auto v = d.Load();
    REQUIRE_FALSE(v.ok());
    CHECK(v.status().message().find("too deep") != std::string::npos);
  }
}
