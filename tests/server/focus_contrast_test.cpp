// The focus indicator's contrast (WCAG 2.1 SC 1.4.11, non-text contrast, and
// technique C40, a two-colour indicator), computed from the stylesheet
// itself so that a later colour change that breaks 3:1 fails here.
#include <catch2/catch.hpp>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

namespace {

struct Rgb {
  double r, g, b;
};

// "#rgb" or "#rrggbb" as 0-255 channels.
Rgb ParseHex(std::string hex) {
  hex = hex.substr(1);
  if (hex.size() == 3) hex = {hex[0], hex[0], hex[1], hex[1], hex[2], hex[2]};
  REQUIRE(hex.size() == 6);
  auto channel = [&](int i) {
    return static_cast<double>(std::stoi(hex.substr(i, 2), nullptr, 16));
  };
  return {channel(0), channel(2), channel(4)};
}

// WCAG 2.x relative luminance.
double Luminance(const Rgb& c) {
  auto linear = [](double v) {
    v /= 255.0;
    return v <= 0.04045 ? v / 12.92 : std::pow((v + 0.055) / 1.055, 2.4);
  };
  return 0.2126 * linear(c.r) + 0.7152 * linear(c.g) + 0.0722 * linear(c.b);
}

double Contrast(const Rgb& a, const Rgb& b) {
  const double la = Luminance(a), lb = Luminance(b);
  return (std::max(la, lb) + 0.05) / (std::min(la, lb) + 0.05);
}

// Every static/css/*.css file, concatenated.
std::string Stylesheets() {
  std::string all;
  const std::filesystem::path dir = std::filesystem::path(LOPHOC_SOURCE_DIR) / "static" / "css";
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (entry.path().extension() != ".css") continue;
    std::ifstream in(entry.path());
    std::stringstream text;
    text << in.rdbuf();
    all += text.str();
    all += "\n";
  }
  REQUIRE_FALSE(all.empty());
  return all;
}

// Custom properties with a colour value (--name: #hex or var(--other)).
std::map<std::string, std::string> CustomProperties(const std::string& css) {
  std::map<std::string, std::string> raw;
  const std::regex decl(R"((--[a-z0-9-]+)\s*:\s*(#[0-9a-fA-F]{3,6}|var\(--[a-z0-9-]+\))\s*[;}])");
  for (std::sregex_iterator it(css.begin(), css.end(), decl), end; it != end; ++it) {
    raw[(*it)[1]] = (*it)[2];
  }
  return raw;
}

// A colour written as #hex or var(--name), resolved through the custom properties.
Rgb Resolve(const std::map<std::string, std::string>& props, std::string value) {
  for (int depth = 0; depth < 5 && value.rfind("var(", 0) == 0; ++depth) {
    const std::string name = value.substr(4, value.size() - 5);
    INFO(name);
    REQUIRE(props.count(name) == 1);
    value = props.at(name);
  }
  REQUIRE(value[0] == '#');
  return ParseHex(value);
}

// The declarations of the first rule whose selector is exactly `selector`.
std::string RuleBody(const std::string& css, const std::string& selector) {
  const std::regex rule("(^|[}\\n])\\s*" +
                        std::regex_replace(selector, std::regex(R"([.:()])"), R"(\$&)") +
                        R"(\s*\{([^}]*)\})");
  std::smatch m;
  REQUIRE(std::regex_search(css, m, rule));
  return m[2];
}

// The colour in one declaration of a rule body ("outline", "box-shadow").
std::string ColourOf(const std::string& body, const std::string& property) {
  const std::regex decl("(^|[;\\s])" + property +
                        R"(\s*:[^;]*?(#[0-9a-fA-F]{3,6}|var\(--[a-z0-9-]+\)))");
  std::smatch m;
  INFO(property << " in {" << body << "}");
  REQUIRE(std::regex_search(body, m, decl));
  return m[2];
}

// Every colour used as a background anywhere in the stylesheets.
std::set<std::string> Backgrounds(const std::string& css) {
  std::set<std::string> out;
  const std::regex decl(R"(background(-color)?\s*:\s*(#[0-9a-fA-F]{3,6}|var\(--[a-z0-9-]+\)))");
  for (std::sregex_iterator it(css.begin(), css.end(), decl), end; it != end; ++it) {
    out.insert((*it)[2]);
  }
  return out;
}

}  // namespace

TEST_CASE("contrast: the WCAG formula gives the published ratios", "[css][focus]") {
  CHECK(Contrast(ParseHex("#000"), ParseHex("#fff")) == Approx(21.0));
  CHECK(Contrast(ParseHex("#ffffff"), ParseHex("#ffffff")) == Approx(1.0));
  // The old focus colour, as measured in issue 15.
  CHECK(Contrast(ParseHex("#ff9f1c"), ParseHex("#fff")) == Approx(2.05).margin(0.01));
  CHECK(Contrast(ParseHex("#ff9f1c"), ParseHex("#f3f5f7")) == Approx(1.88).margin(0.01));
}

TEST_CASE("focus: the outline keeps 3 to 1 against every background it can sit on",
          "[css][focus]") {
  const std::string css = Stylesheets();
  const auto props = CustomProperties(css);
  const std::string focus_rule = RuleBody(css, ":focus-visible");
  const Rgb outline = Resolve(props, ColourOf(focus_rule, "outline"));
  const Rgb ring = Resolve(props, ColourOf(focus_rule, "box-shadow"));

  // The outer outline sits on the page and on the header; the inner ring sits
  // against the focused control itself, a filled button included.
  CHECK(Contrast(outline, Resolve(props, "var(--bg)")) >= 3.0);
  CHECK(Contrast(outline, Resolve(props, "var(--soft)")) >= 3.0);
  CHECK(Contrast(ring, Resolve(props, "var(--accent)")) >= 3.0);
  // C40: two colours 9:1 apart, so one of them has 3:1 on any background.
  CHECK(Contrast(outline, ring) >= 9.0);

  const auto backgrounds = Backgrounds(css);
  REQUIRE(backgrounds.size() >= 5);
  for (const std::string& bg : backgrounds) {
    CAPTURE(bg);
    const Rgb colour = Resolve(props, bg);
    CHECK(std::max(Contrast(outline, colour), Contrast(ring, colour)) >= 3.0);
  }
}

TEST_CASE("focus: no focus rule brings back a low-contrast outline", "[css][focus]") {
  const std::string css = Stylesheets();
  const auto props = CustomProperties(css);
  // Every rule with :focus in its selector that draws an outline uses a colour
  // with 3:1 on the page background, or none at all.
  const std::regex rule(R"(([^{}]*:focus[^{}]*)\{([^}]*)\})");
  int outlines = 0;
  for (std::sregex_iterator it(css.begin(), css.end(), rule), end; it != end; ++it) {
    const std::string body = (*it)[2];
    const std::regex colour(R"(outline(-color)?\s*:[^;]*?(#[0-9a-fA-F]{3,6}|var\(--[a-z0-9-]+\)))");
    std::smatch m;
    if (!std::regex_search(body, m, colour)) continue;
    ++outlines;
    CAPTURE((*it)[1].str());
    CHECK(Contrast(Resolve(props, m[2]), Resolve(props, "var(--bg)")) >= 3.0);
  }
  CHECK(outlines >= 1);
}
