#include <fstream>
#include <regex>
#include <set>

#include <nlohmann/json.hpp>

#include <catch2/catch.hpp>

#include "people/vocabulary.h"
#include "tests/support/test_site.h"

namespace lophoc::http {

TEST_CASE("every routed API path is in the OpenAPI document and vice versa", "[http][openapi]") {
  testing::TestSite t;
  std::ifstream in(testing::SourcePath("docs/openapi.json"));
  nlohmann::json doc = nlohmann::json::parse(in);
  REQUIRE(doc["openapi"].get<std::string>().rfind("3.", 0) == 0);

  std::set<std::string> routed;
  static const std::regex kParam(":([a-z_]+)");
  for (const auto& [method, pattern] : t.site().router().Routes("/api/")) {
    routed.insert(std::regex_replace(pattern, kParam, "{$1}") + " " + method);
  }
  std::set<std::string> documented;
  for (const auto& [path, item] : doc["paths"].items()) {
    for (const auto& [method, op] : item.items()) {
      std::string m = method;
      for (auto& c : m) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
      documented.insert(path + " " + m);
      CHECK(op.contains("responses"));
    }
  }
  CHECK(routed == documented);
  // The served document is the one in docs/, its servers entry the configured
  // public URL.
  auto served = nlohmann::json::parse(t.Get("/api/v1/openapi.json").body);
  CHECK(served["servers"] == nlohmann::json::parse(R"([{"url": "https://hoc.example.vn/"}])"));
  served["servers"] = doc["servers"];
  CHECK(served == doc);
}

TEST_CASE("the OpenAPI document lists the vocabulary's codes", "[http][openapi][vocabulary]") {
  std::ifstream in(testing::SourcePath("docs/openapi.json"));
  const nlohmann::json doc = nlohmann::json::parse(in);
  const auto& schemas = doc["components"]["schemas"];
  std::vector<std::string> site_types;
  for (const auto& t : people::SiteTypes()) site_types.push_back(t.code);
  CHECK(schemas["SiteType"]["enum"].get<std::vector<std::string>>() == site_types);
  std::vector<std::string> categories;
  for (const auto& c : people::StaffCategories()) categories.push_back(c.code);
  categories.push_back("");  // none
  for (const char* schema : {"UserCreate", "UserPatch"}) {
    CAPTURE(schema);
    CHECK(schemas[schema]["properties"]["staff_category"]["enum"].get<std::vector<std::string>>() ==
          categories);
  }
}

}  // namespace lophoc::http
