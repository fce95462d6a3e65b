#include "kernel/front_matter.h"

#include <catch2/catch.hpp>

namespace lophoc {
namespace {

std::vector<std::string> Messages(const Diagnostics& d) {
  std::vector<std::string> out;
  for (const auto& i : d.items()) out.push_back(i.ToString());
  return out;
}

}  // namespace

TEST_CASE("front matter parses scalars, lists, quotes and the body", "[courses][front_matter]") {
  Diagnostics all;
  FileDiagnostics diags(&all, "course.md");
  auto fm = ParseFrontMatter(
      "---\nslug: may-tinh\n# comment\ntitle: Sử dụng: máy tính\ntags: [a, \"b, c\", d]\n"
      "quoted: \" x \"\n---\n# Body\ntext\n",
      diags);
  REQUIRE(fm);
  CHECK(all.items().empty());
  CHECK(FrontMatterString(*fm, "slug") == "may-tinh");
  CHECK(FrontMatterString(*fm, "title") == "Sử dụng: máy tính");
  CHECK(fm->Find("tags")->items == std::vector<std::string>{"a", "b, c", "d"});
  CHECK(fm->Find("tags")->line == 5);
  CHECK(FrontMatterString(*fm, "quoted") == " x ");
  CHECK(fm->body == "# Body\ntext\n");
  CHECK(fm->body_first_line == 8);
}

TEST_CASE("front matter errors name the line", "[courses][front_matter]") {
  auto [text, expected] = GENERATE(table<std::string, std::string>({
      {"no front matter\n", "f.md:1: file must start with front matter"},
      {"---\ntitle: x\n", "f.md:1: front matter is not closed"},
      {"---\ntitle: x\ntitle: y\n---\n", "f.md:3: duplicate key 'title'"},
      {"---\ntitle x\n---\n", "f.md:2: expected 'key: value'"},
      {"---\nTitle: x\n---\n", "f.md:2: invalid key 'Title'"},
      {"---\ntags: [a, b\n---\n", "f.md:2: list must be written on one line"},
      {"---\ntags: [a, , b]\n---\n", "f.md:2: empty item in list"},
      {"---\nt: \"abc\n---\n", "f.md:2: unbalanced double quote"},
  }));
  Diagnostics all;
  FileDiagnostics diags(&all, "f.md");
  ParseFrontMatter(text, diags);
  auto msgs = Messages(all);
  CAPTURE(text, msgs);
  REQUIRE(msgs.size() == 1);
  CHECK(msgs[0].rfind(expected, 0) == 0);
}

TEST_CASE("CheckFrontMatterKeys reports unknown, missing and mistyped keys",
          "[courses][front_matter]") {
  Diagnostics all;
  FileDiagnostics diags(&all, "c.md");
  auto fm = ParseFrontMatter("---\ntitle: x\ncolour: red\ntags: y\n---\n", diags);
  REQUIRE(fm);
  std::vector<FrontMatterKey> schema = {
      {"slug", true, false}, {"title", true, false}, {"tags", false, true}};
  CHECK_FALSE(CheckFrontMatterKeys(*fm, schema, diags));
  auto msgs = Messages(all);
  CHECK(msgs == std::vector<std::string>{"c.md:3: unknown key 'colour'",
                                         "c.md:4: 'tags' must be a list like [a, b]",
                                         "c.md:1: missing required key 'slug' in front matter"});
}

TEST_CASE("FrontMatterInt bounds", "[courses][front_matter]") {
  Diagnostics all;
  FileDiagnostics diags(&all, "c.md");
  auto fm = ParseFrontMatter("---\nminutes: 45\nbad: 4x\nbig: 99999\n---\n", diags);
  REQUIRE(fm);
  CHECK(FrontMatterInt(*fm, "minutes", 1, 10000, diags) == 45);
  CHECK_FALSE(FrontMatterInt(*fm, "bad", 1, 10000, diags));
  CHECK_FALSE(FrontMatterInt(*fm, "big", 1, 10000, diags));
  CHECK_FALSE(FrontMatterInt(*fm, "absent", 1, 10000, diags));
  CHECK(all.ErrorCount() == 2);
}

TEST_CASE("front matter round-trips through WriteFrontMatter", "[courses][front_matter]") {
  const std::string text =
      "---\nslug: a-b\ntitle: \" lead\"\ntags: [x, \"y, z\", \"[w\"]\nsummary: Tóm tắt\n---\n";
  Diagnostics all;
  FileDiagnostics diags(&all, "c.md");
  auto fm = ParseFrontMatter(text, diags);
  REQUIRE(fm);
  const std::string written = WriteFrontMatter(fm->entries);
  CHECK(written == text);
  auto again = ParseFrontMatter(written, diags);
  REQUIRE(again);
  CHECK(again->Find("tags")->items == fm->Find("tags")->items);
  CHECK(all.items().empty());
}

}  // namespace lophoc
