// The table of refusals (server/http/refusals.cpp) against the real
// catalogues and the sources: every reason is said in Vietnamese and in
// English, and every reason written in code has an entry.
#include "server/http/refusals.h"

#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>
#include <string>

#include <catch2/catch.hpp>

#include "server/http/i18n.h"

namespace lophoc::http {
namespace {

namespace fs = std::filesystem;

const fs::path kSource = LOPHOC_SOURCE_DIR;

const Catalogues& RealCatalogues() {
  static const std::unique_ptr<Catalogues> catalogues = [] {
    auto loaded = Catalogues::Load(kSource / "static/i18n");
    INFO(loaded.status().ToString());
    REQUIRE(loaded.ok());
    return std::move(*loaded);
  }();
  return *catalogues;
}

// A value for every parameter a refusal may carry. A message naming any other
// {placeholder} would show it to people as it is.
const std::map<std::string, std::string> kParams = {
    {"line", "12"},         {"first_line", "3"},    {"column", "org"},  {"columns", "code,name"},
    {"position", "4"},      {"value", "HN-01"},     {"limit", "200"},   {"count", "2"},
    {"expected", "3"},      {"kind", "users"},      {"org", "HN"},      {"cycle", "A → B → A"},
    {"attribute", "points"}, {"draw", "5"},         {"entry", "a/b.md"}, {"fence", "```quiz"},
    {"field", "title"},     {"file", "01-bai.md"},  {"html", "<script>"}, {"id", "q3"},
    {"key", "audience"},    {"limit_kib", "64"},    {"limit_mib", "3"}, {"max", "10"},
    {"min", "1"},           {"number", "7"},        {"path", "media/a.png"}, {"slug", "tin-hoc"},
    {"target", "bai-2"},    {"type", "match"},      {"names", "an, binh"},
};

Status WithAllParams(const std::string& reason) {
  Status s = Status::InvalidArgument("test").WithReason(reason);
  for (const auto& [name, value] : kParams) s = std::move(s).WithParam(name, value);
  return s;
}

// The reasons named in code: every WithReason("...") in the sources.
std::map<std::string, std::string> ReasonsInSources() {
  const std::regex with_reason(R"re(WithReason\(\s*"([^"]*)"\s*\))re");
  std::map<std::string, std::string> found;  // reason -> first file naming it
  for (const char* dir : {"kernel", "people", "courses", "assessments", "server"}) {
    for (const auto& entry : fs::recursive_directory_iterator(kSource / dir)) {
      const std::string ext = entry.path().extension().string();
      if (!entry.is_regular_file() || (ext != ".cpp" && ext != ".h")) continue;
      std::ifstream in(entry.path());
      std::stringstream text;
      text << in.rdbuf();
      const std::string s = text.str();
      for (std::sregex_iterator it(s.begin(), s.end(), with_reason), end; it != end; ++it) {
        found.emplace((*it)[1].str(), fs::relative(entry.path(), kSource).string());
      }
    }
  }
  return found;
}

}  // namespace

TEST_CASE("every refusal is said in Vietnamese and English from the real catalogues",
          "[refusals][i18n]") {
  const Catalogues& i18n = RealCatalogues();
  const std::regex placeholder(R"(\{[a-z_]+\})");
  std::set<std::string> reasons;
  for (const RefusalEntry& e : RefusalTable()) {
    CAPTURE(e.reason, e.message_key);
    CHECK(reasons.insert(e.reason).second);  // each reason once
    CHECK(std::regex_match(e.reason, std::regex("[a-z][a-z0-9_]*")));
    CHECK(e.http_status >= 400);
    CHECK(e.http_status <= 599);
    const Status s = WithAllParams(e.reason);
    CHECK(std::string(RefusalFor(s).reason) == e.reason);
    std::map<std::string, std::string> said;
    for (const char* lang : kLanguages) {
      CAPTURE(lang);
      CHECK(i18n.For(lang).contains(e.message_key));
      const std::string text = SayRefusal(i18n, lang, s);
      CAPTURE(text);
      CHECK_FALSE(text.empty());
      CHECK(text != e.message_key);
      CHECK_FALSE(std::regex_search(text, placeholder));  // every {param} was filled
      said[lang] = text;
    }
    CHECK(said["vi"] != said["en"]);
  }
}

TEST_CASE("a refusal's parameters fill its message in the reader's language", "[refusals]") {
  const Catalogues& i18n = RealCatalogues();
  const Status dup = Status::AlreadyExists("code 'a1' already appears on line 2")
                         .WithReason("csv_duplicate")
                         .WithParam("first_line", 2);
  CHECK(SayRefusal(i18n, "vi", dup) == "Đã có ở dòng 2 của tệp này.");
  CHECK(SayRefusal(i18n, "en", dup) == "Appears already on line 2 of this file.");
  // Without a reason of its own, a Status is said as its code.
  CHECK(SayRefusal(i18n, "en", Status::NotFound("x")) == i18n.Text("en", "error_404_text"));
}

TEST_CASE("every reason written in the sources has an entry in the table", "[refusals]") {
  std::set<std::string> table;
  for (const RefusalEntry& e : RefusalTable()) table.insert(e.reason);
  const auto in_sources = ReasonsInSources();
  // The scan finds the reasons (a scan that finds nothing proves nothing).
  REQUIRE(in_sources.count("code_taken") == 1);
  REQUIRE(in_sources.count("csv_not_utf8") == 1);
  for (const auto& [reason, file] : in_sources) {
    CAPTURE(reason, file);
    CHECK(table.count(reason) == 1);
  }
}

}  // namespace lophoc::http
