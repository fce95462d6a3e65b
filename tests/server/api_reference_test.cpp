// The readable API reference at /api: every endpoint of the embedded OpenAPI
// document, grouped, with its method, path, parameters and response codes,
// in Vietnamese or English page chrome, escaped, linked from the footer.
#include "server/http/api_reference.h"

#include <catch2/catch.hpp>

#include "server/http/views.h"
#include "tests/support/test_site.h"

namespace lophoc::cli {
extern const char* const kOpenApiJson;  // generated from docs/openapi.json
}

namespace lophoc::http {
namespace {

using nlohmann::json;
using testing::TestSite;

bool Has(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

TEST_CASE("the API page lists every endpoint of the document with its codes", "[api_reference]") {
  TestSite t;
  // /api is the index of groups; each group has its own page.
  auto index = t.Get("/api");
  REQUIRE(index.status == 200);
  CHECK(index.content_type.rfind("text/html", 0) == 0);
  CHECK(Has(index.body, "<h1>Tài liệu API</h1>"));
  CHECK(Has(index.body, "href=\"/api/v1/openapi.json\""));
  CHECK(Has(index.body, "<a href=\"/api?group=courses#api-courses\"><code>courses</code></a>"));
  CHECK_FALSE(Has(index.body, "class=\"api-method\""));
  CHECK(t.Get("/api?group=khong-co").status == 404);

  HttpResponse page;
  page.status = 200;
  // The model is kept in a variable: a range-for over a member of a temporary
  // would read a destroyed object.
  const json model = ApiReferenceModel(cli::kOpenApiJson);
  for (const auto& group : model["groups"]) {
    const std::string name = group["name"];
    auto one = t.Get("/api?group=" + name);
    CAPTURE(name);
    REQUIRE(one.status == 200);
    CHECK(Has(one.body, "<a href=\"/api?group=" + name + "#" + group["id"].get<std::string>() +
                            "\" aria-current=\"page\">"));
    page.body += one.body;
  }
  CHECK(Has(page.body, "<h1>Tài liệu API</h1>"));
  CHECK(Has(page.body, "<span class=\"api-method\">GET</span> /api/v1/courses</code>"));
  CHECK(Has(page.body, "<span class=\"api-method\">POST</span> /api/v1/enrolments</code>"));
  CHECK(Has(page.body, "href=\"/api/v1/openapi.json\""));
  CHECK(Has(page.body, "<h4>Tham số</h4>"));
  CHECK(Has(page.body, "<h4>Mã trả lời</h4>"));
  // GET /api/v1/courses: its audience filter, the shared lang parameter
  // (a $ref), and its codes with their descriptions.
  CHECK(Has(page.body, "<code>audience</code> (trong chuỗi truy vấn)"));
  CHECK(Has(page.body, "<code>lang</code> (trong chuỗi truy vấn)"));
  CHECK(Has(page.body, "<code>slug</code> (trong đường dẫn, bắt buộc)"));
  CHECK(Has(page.body, "<li><code>200</code> <span lang=\"en\">The courses</span></li>"));
  CHECK_FALSE(Has(page.body, "<script"));

  // Every operation of the document is on the page, once.
  const json doc = json::parse(cli::kOpenApiJson);
  int operations = 0;
  for (const auto& [path, item] : doc["paths"].items()) {
    for (const auto& [method, op] : item.items()) {
      if (method == "parameters") continue;
      std::string upper = method;
      for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
      const std::string heading =
          "<span class=\"api-method\">" + upper + "</span> " + path + "</code>";
      CAPTURE(heading);
      CHECK(Has(page.body, heading));
      CHECK(page.body.find(heading) == page.body.rfind(heading));
      ++operations;
    }
  }
  CHECK(operations > 50);
}

TEST_CASE("the API page speaks English with ?lang=en and the footer links to it",
          "[api_reference]") {
  TestSite t;
  auto english = t.Get("/api?group=courses&lang=en");
  REQUIRE(english.status == 200);
  CHECK(Has(english.body, "<html lang=\"en\">"));
  CHECK(Has(english.body, "<h1>API documentation</h1>"));
  CHECK(Has(english.body, "<h4>Parameters</h4>"));
  CHECK(Has(english.body, "<code>slug</code> (in the path, required)"));
  CHECK_FALSE(Has(english.body, "Tham số"));

  for (const char* page : {"/", "/api", "/courses/tin-hoc-co-ban"}) {
    CAPTURE(page);
    const std::string body = t.Get(page).body;
    CHECK(Has(body, "<p><a href=\"/api\">Tài liệu API</a></p>"));
    CHECK_FALSE(Has(body, "<a href=\"/api/v1/openapi.json\">Tài liệu API</a>"));
  }
  // The JSON stays for programs.
  auto raw = t.Get("/api/v1/openapi.json");
  CHECK(raw.status == 200);
  CHECK(raw.content_type.rfind("application/json", 0) == 0);
}

TEST_CASE("the API reference model groups, resolves references and leaves text to escaping",
          "[api_reference]") {
  const std::string doc = R"({
    "openapi": "3.0.3",
    "components": {"parameters": {"Id": {"name": "id", "in": "path", "required": true}},
                   "responses": {"Error": {"description": "Refused <b>now</b>"}}},
    "paths": {
      "/api/v1/things/{id}": {
        "parameters": [{"$ref": "#/components/parameters/Id"}],
        "get": {"summary": "One <script>alert(1)</script> thing",
                "responses": {"200": {"description": "It"},
                              "404": {"$ref": "#/components/responses/Error"}}},
        "delete": {"tags": ["Removal"], "responses": {"204": {}}}
      },
      "/api/v1/things": {
        "post": {"requestBody": {"content": {"application/json": {}}},
                 "responses": {"201": {"description": "Made"}}}
      }
    }})";
  const json m = ApiReferenceModel(doc);
  REQUIRE(m["groups"].size() == 2);
  CHECK(m["groups"][0]["name"] == "Removal");
  CHECK(m["groups"][0]["endpoints"][0]["method"] == "DELETE");
  CHECK(m["groups"][0]["endpoints"][0]["summary"] == false);
  CHECK(m["groups"][0]["endpoints"][0]["responses"][0]["description"] == false);
  const json& things = m["groups"][1];
  CHECK(things["name"] == "things");
  CHECK(things["id"] == "api-things");
  REQUIRE(things["count"] == 2);
  // Paths in name order: /api/v1/things before /api/v1/things/{id}.
  CHECK(things["endpoints"][0]["path"] == "/api/v1/things");
  CHECK(things["endpoints"][0]["body_type"] == "application/json");
  CHECK(things["endpoints"][0]["has_parameters"] == false);
  const json& one = things["endpoints"][1];
  CHECK(one["anchor"] == "get-api-v1-things-id");
  REQUIRE(one["parameters"].size() == 1);
  CHECK(one["parameters"][0]["name"] == "id");
  CHECK(one["parameters"][0]["in_path"] == true);
  CHECK(one["parameters"][0]["required"] == true);
  CHECK(one["responses"][1]["code"] == "404");
  CHECK(one["responses"][1]["description"] == "Refused <b>now</b>");

  // Rendered through the real templates, nothing in the document is markup.
  auto catalogues = http::Catalogues::Load(std::string(LOPHOC_SOURCE_DIR) + "/static/i18n");
  REQUIRE(catalogues.ok());
  auto views = Views::Load(std::string(LOPHOC_SOURCE_DIR) + "/static/templates", **catalogues);
  REQUIRE(views.ok());
  auto html = (*views)->RenderPage("api_reference", "vi", m);
  REQUIRE(html.ok());
  CHECK(Has(*html, "One &lt;script&gt;alert(1)&lt;/script&gt; thing"));
  CHECK(Has(*html, "Refused &lt;b&gt;now&lt;/b&gt;"));
  CHECK_FALSE(Has(*html, "<script>alert"));
  CHECK_FALSE(Has(*html, "<b>now"));

  CHECK(ApiReferenceModel("not json")["groups"].empty());
}

}  // namespace
}  // namespace lophoc::http
