// Views: templates joined at load time, escaping, and load-time errors.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <string>
#include <utility>
#include <vector>

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
  using Files = std::vector<std::pair<std::string, std::string>>;
  const std::string slot = "{{{content_html}}}";
  auto [label, files, message] = GENERATE_COPY(table<std::string, Files, std::string>({
      {"unknown partial", {{"layout", slot}, {"page", "{{> missing}}"}}, "missing"},
      {"layout without content slot", {{"layout", "<main></main>"}, {"page", "x"}},
       "content_html"},
      {"unclosed section", {{"layout", slot}, {"page", "{{#open}}never closed"}}, "page"},
      {"unknown message", {{"layout", slot}, {"page", "{{t.nope}}"}}, "nope"},
      {"a message used unescaped", {{"layout", slot}, {"page", "{{{t.brand}}}"}}, "{{t.key}}"},
      {"partials that include each other",
       {{"layout", slot}, {"partials/a", "{{> b}}"}, {"partials/b", "{{> a}}"},
        {"page", "{{> a}}"}},
       "too deep"},
  }));
  CAPTURE(label);
  TemplateDir d;
  for (const auto& [name, text] : files) d.Write(name + ".mustache", text);
  auto v = d.Load();
  REQUIRE_FALSE(v.ok());
  CHECK(v.status().message().find(message) != std::string::npos);
}
