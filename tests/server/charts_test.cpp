// Charts: the SVG of the report pages. Every expected coordinate below is
// worked out by hand from the layout in server/http/charts.h (target chart:
// plot from x 140, 160 units for 100 %, rows 26 apart from y 8; growth chart:
// plot x 56 to 352, y 12 to 212).
#include "server/http/charts.h"

#include <catch2/catch.hpp>
#include <cctype>
#include <string>
#include <vector>

namespace lophoc::http {
namespace {

// A strict subset check of XML well-formedness: tags nest and close, attribute
// values are quoted, and every '&' in text or attributes starts one of the
// five entities the charts write. Returns "" when well-formed, else the problem.
std::string XmlProblem(const std::string& s) {
  auto entity_ok = [&](size_t at) {
    for (const char* e : {"&amp;", "&lt;", "&gt;", "&quot;", "&#39;"}) {
      if (s.compare(at, std::string(e).size(), e) == 0) return true;
    }
    return false;
  };
  std::vector<std::string> open;
  size_t i = 0;
  while (i < s.size()) {
    if (s[i] == '&' && !entity_ok(i)) return "bare & at " + std::to_string(i);
    if (s[i] == '>') return "bare > at " + std::to_string(i);
    if (s[i] != '<') {
      ++i;
      continue;
    }
    bool closing = i + 1 < s.size() && s[i + 1] == '/';
    size_t name_start = i + (closing ? 2 : 1);
    size_t j = name_start;
    while (j < s.size() && (std::isalnum(static_cast<unsigned char>(s[j])) || s[j] == '-')) ++j;
    std::string name = s.substr(name_start, j - name_start);
    if (name.empty()) return "tag without a name at " + std::to_string(i);
    if (closing) {
      if (j >= s.size() || s[j] != '>') return "bad closing tag " + name;
      if (open.empty() || open.back() != name) return "unbalanced </" + name + ">";
      open.pop_back();
      i = j + 1;
      continue;
    }
    while (true) {  // attributes
      while (j < s.size() && s[j] == ' ') ++j;
      if (j >= s.size()) return "unterminated <" + name;
      if (s[j] == '>') {
        open.push_back(name);
        break;
      }
      if (s.compare(j, 2, "/>") == 0) {
        ++j;
        break;
      }
      size_t a = j;
      while (j < s.size() && (std::isalnum(static_cast<unsigned char>(s[j])) || s[j] == '-')) ++j;
      if (j == a || s.compare(j, 2, "=\"") != 0) return "bad attribute in <" + name;
      j += 2;
      while (j < s.size() && s[j] != '"') {
        if (s[j] == '<' || s[j] == '>') return "raw < or > in an attribute of <" + name;
        if (s[j] == '&' && !entity_ok(j)) return "bare & in an attribute of <" + name;
        ++j;
      }
      if (j >= s.size()) return "unterminated attribute in <" + name;
      ++j;
    }
    i = j + 1;
  }
  if (!open.empty()) return "<" + open.back() + "> not closed";
  return "";
}

size_t Occurrences(const std::string& s, const std::string& part) {
  size_t n = 0;
  for (size_t at = s.find(part); at != std::string::npos; at = s.find(part, at + 1)) ++n;
  return n;
}

// The text between the first occurrence of `start` and the next `end`.
std::string Between(const std::string& s, const std::string& start, const std::string& end) {
  size_t a = s.find(start);
  if (a == std::string::npos) return "";
  size_t b = s.find(end, a + start.size());
  return s.substr(a + start.size(),
                  b == std::string::npos ? std::string::npos : b - a - start.size());
}

TargetBarChart ThreeProvinces(const std::string& lang = "vi") {
  TargetBarChart c;
  c.text = {"tp", "Tỷ lệ đã đào tạo", "Ba tỉnh, ngày 30/06/2026, mục tiêu 80 %"};
  c.lang = lang;
  c.rows = {{"Hà Nội", 50.0, "", 80.0, true},
            {"Huế", 87.5, "", 80.0, false},
            {"Lai Châu", std::nullopt, "<5", 60.0, false}};
  return c;
}

TEST_CASE("Counts and percentages are written the Vietnamese and the English way", "[charts]") {
  CHECK(FormatCount(12345, "vi") == "12.345");
  CHECK(FormatCount(12345, "en") == "12,345");
  CHECK(FormatCount(1234567, "vi") == "1.234.567");
  CHECK(FormatCount(999, "vi") == "999");
  CHECK(FormatCount(0, "en") == "0");
  CHECK(FormatCount(-1234, "en") == "-1,234");
  CHECK(FormatPercent(87.5, "vi") == "87,5 %");
  CHECK(FormatPercent(87.5, "en") == "87.5%");
  CHECK(FormatPercent(100, "vi") == "100,0 %");
  CHECK(FormatPercent(12.34, "en") == "12.3%");
  CHECK(FormatPercent(66.66, "vi") == "66,7 %");
  CHECK(FormatPercent(0, "en") == "0.0%");
  CHECK(FormatPercent(1234.5, "en") == "1,234.5%");
}

TEST_CASE("Nice ticks step by 1, 2, 2.5 or 5 times a power of ten, at most 5 intervals",
          "[charts]") {
  using Ticks = std::vector<long long>;
  CHECK(NiceTicks(7) == Ticks{0, 2, 4, 6, 8});
  // 12345: 1000 and 2000 need more than 5 intervals, 2500 needs 5.
  CHECK(NiceTicks(12345) == Ticks{0, 2500, 5000, 7500, 10000, 12500});
  CHECK(NiceTicks(5) == Ticks{0, 1, 2, 3, 4, 5});
  CHECK(NiceTicks(100) == Ticks{0, 20, 40, 60, 80, 100});
  CHECK(NiceTicks(101) == Ticks{0, 25, 50, 75, 100, 125});
  CHECK(NiceTicks(30) == Ticks{0, 10, 20, 30});
  CHECK(NiceTicks(240) == Ticks{0, 50, 100, 150, 200, 250});
  CHECK(NiceTicks(0.4) == Ticks{0, 1});
  CHECK(NiceTicks(0) == Ticks{0, 1});
  CHECK(NiceTicks(-3) == Ticks{0, 1});
}

TEST_CASE("Target chart bars, ticks and values sit where the percentages say", "[charts]") {
  std::string svg = RenderTargetBarChart(ThreeProvinces());
  CHECK(XmlProblem(svg) == "");
  // 3 rows: 8 + 3 x 26 = 86 for the axis, legend at 128, height 136.
  CHECK(svg.find("viewBox=\"0 0 360 136\"") != std::string::npos);
  // Hà Nội, row 0 (y 8): 50 % is half the 160-unit plot; the 80 % tick at 140 + 128.
  CHECK(svg.find("M140 8h80v14H140z") != std::string::npos);
  CHECK(svg.find("M268 5v20") != std::string::npos);
  CHECK(svg.find("<text x=\"224\" y=\"20\">50,0 %</text>") != std::string::npos);
  // Huế, row 1 (y 34): 87.5 % is 140 units; its value after the bar's end.
  CHECK(svg.find("M140 34h140v14H140z") != std::string::npos);
  CHECK(svg.find("<text x=\"284\" y=\"46\">87,5 %</text>") != std::string::npos);
  // Lai Châu, row 2 (y 60), 60 % target at 140 + 96 = 236.
  CHECK(svg.find("M236 57v20") != std::string::npos);
  // The axis under the rows, in the chart's language.
  CHECK(svg.find("<text x=\"300\" y=\"102\">100 %</text>") != std::string::npos);
  CHECK(svg.find("<text x=\"180\" y=\"102\">25</text>") != std::string::npos);

  std::string en = RenderTargetBarChart(ThreeProvinces("en"));
  CHECK(en.find(">87.5%</text>") != std::string::npos);
  CHECK(en.find(">100%</text>") != std::string::npos);
  CHECK(en.find(">behind target</text>") != std::string::npos);
}

TEST_CASE("Rows behind target are hatched and marked, not only coloured", "[charts]") {
  std::string svg = RenderTargetBarChart(ThreeProvinces());
  CHECK(svg.find("<path d=\"M140 8h80v14H140z\" fill=\"url(#tp-hatch)\"") !=
        std::string::npos);  // Hà Nội, behind
  CHECK(svg.find("<path d=\"M140 34h140v14H140z\" fill=\"#0b5cad\"/>") !=
        std::string::npos);  // Huế, on track
  // The triangle before Hà Nội's bar (row y 8 + 3), and none before Huế's.
  CHECK(svg.find("M128 11h10l-5 8z") != std::string::npos);
  CHECK(svg.find("M128 37h10l-5 8z") == std::string::npos);
  // The legend says what the hatch and triangle mean.
  CHECK(svg.find(">dưới mục tiêu</text>") != std::string::npos);
  CHECK(svg.find("<pattern id=\"tp-hatch\"") != std::string::npos);

  TargetBarChart worded = ThreeProvinces();
  worded.behind_legend = "chưa đạt";
  CHECK(RenderTargetBarChart(worded).find(">chưa đạt</text>") != std::string::npos);
}

TEST_CASE("A suppressed row shows the caller's text and no bar", "[charts]") {
  std::string svg = RenderTargetBarChart(ThreeProvinces());
  // Lai Châu (row 2, y 60): "<5" escaped, in the muted colour, at the plot's start.
  CHECK(Between(svg, "<g fill=\"#555\">", "</g>") == "<text x=\"144\" y=\"72\">&lt;5</text>");
  CHECK(svg.find("M140 60h") == std::string::npos);
  CHECK(svg.find("M128 63h") == std::string::npos);  // not "behind": its number is unknown
  CHECK(Occurrences(svg, " %</text>") == 3);         // two values and the axis' 100 %
}

TEST_CASE("Long names end in an ellipsis and keep the full name in a title", "[charts]") {
  TargetBarChart c = ThreeProvinces();
  c.rows = {{"Thành phố Hồ Chí Minh", 40.0, "", 80.0, true},
            {"Vie\xCC\xA3\xCC\x82t Nam", 10.0, "", std::nullopt, false}};
  c.max_label_chars = 15;
  std::string svg = RenderTargetBarChart(c);
  CHECK(XmlProblem(svg) == "");
  CHECK(svg.find(">Thành phố Hồ C…<title>Thành phố Hồ Chí Minh</title></text>") !=
        std::string::npos);
  // Combining marks stay with their letter.
  c.max_label_chars = 4;
  svg = RenderTargetBarChart(c);
  CHECK(svg.find(">Vie\xCC\xA3\xCC\x82…<title>") != std::string::npos);
  CHECK(svg.find(">Thà…<title>") != std::string::npos);
  // A name that fits has no title of its own.
  CHECK(RenderTargetBarChart(ThreeProvinces()).find(">Huế</text>") != std::string::npos);
}

TEST_CASE("Every caller text is escaped, in text and in attributes", "[charts]") {
  TargetBarChart c;
  c.text = {"x\"><script>", "<script>alert('t')</script>", "Tỉnh A & B \"trích\""};
  c.rows = {{"<script>alert(1)</script>", 20.0, "", 50.0, true},
            {"Tỉnh A & B", std::nullopt, "<5 & \"k\"", std::nullopt, false},
            {"ctl\x01"
             "char",
             90.0, "", 50.0, false}};
  c.behind_legend = "<b>";
  std::string bars = RenderTargetBarChart(c);
  GrowthChart g;
  g.text = c.text;
  g.years = {2025, 2026};
  g.series = {{"<script>", {1.0, 2.0}}, {"A & B", {3.0, std::nullopt}}};
  g.target = {std::nullopt, 4.0};
  g.target_legend = "\"q\"";
  std::string growth = RenderGrowthChart(g);
  for (const std::string& svg : {bars, growth}) {
    CAPTURE(svg);
    CHECK(XmlProblem(svg) == "");
    CHECK(svg.find("<script") == std::string::npos);
    CHECK(svg.find("&lt;script&gt;") != std::string::npos);
    CHECK(svg.find("A &amp; B") != std::string::npos);
    CHECK(svg.find("\x01") == std::string::npos);
    // The id prefix is reduced to safe characters.
    CHECK(svg.find("id=\"x___script_-title\"") != std::string::npos);
  }
  CHECK(bars.find(">&lt;5 &amp; &quot;k&quot;</text>") != std::string::npos);
  CHECK(bars.find(">&lt;b&gt;</text>") != std::string::npos);
  CHECK(growth.find(">&quot;q&quot;</text>") != std::string::npos);
}

TEST_CASE("Charts are images labelled by their own title and description", "[charts]") {
  TargetBarChart a = ThreeProvinces();
  a.text.id_prefix = "tinh";
  TargetBarChart b = ThreeProvinces();
  b.text.id_prefix = "xa";
  std::string one = RenderTargetBarChart(a);
  std::string two = RenderTargetBarChart(b);
  CHECK(one.rfind("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" role=\"img\"", 0) ==
        0);
  CHECK(one.find("aria-labelledby=\"tinh-title tinh-desc\"") != std::string::npos);
  CHECK(one.find("<title id=\"tinh-title\">Tỷ lệ đã đào tạo</title>") != std::string::npos);
  CHECK(one.find("<desc id=\"tinh-desc\">Ba tỉnh, ngày 30/06/2026, mục tiêu 80 %</desc>") !=
        std::string::npos);
  // Every id and reference uses the prefix, so two charts on a page never clash.
  CHECK(Occurrences(one, "id=\"") == 3);
  CHECK(Occurrences(one, "id=\"tinh-") == 3);
  CHECK(Occurrences(two, "id=\"xa-") == 3);
  CHECK(Occurrences(two, "url(#xa-hatch)") == 2);  // the behind bars and the legend swatch
  CHECK(two.find("tinh") == std::string::npos);
  // A prefix starting with a digit still makes a valid id.
  b.text.id_prefix = "2026";
  CHECK(RenderTargetBarChart(b).find("id=\"c2026-title\"") != std::string::npos);
  // No prefix at all: "chart".
  b.text.id_prefix = "";
  CHECK(RenderTargetBarChart(b).find("aria-labelledby=\"chart-title chart-desc\"") !=
        std::string::npos);
}

TEST_CASE("Charts are deterministic, and 30 rows stay small", "[charts]") {
  TargetBarChart c;
  c.text = {"national", "Tỷ lệ nhân viên đã được đào tạo theo tỉnh",
            "34 tỉnh, mục tiêu 80 % đến 31/12/2026"};
  for (int i = 0; i < 30; ++i) {
    TargetBarRow row{"Tỉnh Quảng Bình số " + std::to_string(i + 1), 100.0 * i / 29, "", 80.0,
                     100.0 * i / 29 < 80};
    if (i == 7) {
      row.percent.reset();
      row.suppressed_text = "<5";
    }
    c.rows.push_back(row);
  }
  std::string svg = RenderTargetBarChart(c);
  CHECK(XmlProblem(svg) == "");
  CHECK(RenderTargetBarChart(c) == svg);
  // 8 + 30 x 26 = 788 for the axis, height 788 + 50.
  CHECK(svg.find("viewBox=\"0 0 360 838\"") != std::string::npos);
  CAPTURE(svg.size());
  CHECK(svg.size() < 8 * 1024);

  GrowthChart g;
  g.text = {"g", "Người học", "2021-2026"};
  g.years = {2021, 2022, 2023, 2024, 2025, 2026};
  g.series = {{"Người học", {1.0, 2.0, 3.0, 4.0, 5.0, 6.0}}};
  CHECK(RenderGrowthChart(g) == RenderGrowthChart(g));
}

TEST_CASE("Growth columns stand on a nice y axis with the target per year", "[charts]") {
  GrowthChart g;
  g.text = {"growth", "Người học và lượt truy cập", "Tỉnh A, 2021-2026"};
  g.years = {2021, 2022, 2023, 2024, 2025, 2026};
  g.series = {{"Người học", {1000.0, 2000.0, 3000.0, 4000.0, 5000.0, 7000.0}},
              {"Lượt truy cập", {500.0, std::nullopt, 1500.0, 2000.0, 2500.0, 3000.0}}};
  g.target = {std::nullopt, std::nullopt, std::nullopt, std::nullopt, 6000.0, 8000.0};
  std::string svg = RenderGrowthChart(g);
  CHECK(XmlProblem(svg) == "");
  // Largest value 8000 (a target): ticks 0..8000 by 2000, 200 units for 8000.
  CHECK(svg.find("<text x=\"50\" y=\"17\">8.000</text>") != std::string::npos);
  CHECK(svg.find("<text x=\"50\" y=\"117\">4.000</text>") != std::string::npos);
  CHECK(svg.find("<text x=\"50\" y=\"217\">0</text>") != std::string::npos);
  // Band 296 / 6 = 49.33, two columns of 49.33 x 0.7 / 2 = 17.27 from 56 + 7.4.
  // 2021's learners: 1000 -> 25 units high, top at 212 - 25.
  CHECK(svg.find("<rect x=\"63.4\" y=\"187\" width=\"17.3\" height=\"25\"><title>2021, Người "
                 "học: 1.000</title></rect>") != std::string::npos);
  // 2024's visits (second series, hatched): x 56 + 148 + 7.4 + 17.27 = 228.67, 2000 -> 50 high.
  std::string second = Between(svg, "<g fill=\"url(#growth-hatch)\"", "</g>");
  CHECK(second.find("<rect x=\"228.7\" y=\"162\" width=\"17.3\" height=\"50\">") !=
        std::string::npos);
  // 2022's visits are missing: no column.
  CHECK(second.find("<title>2022") == std::string::npos);
  // Targets: 2025 at y 212 - 150 = 62 from 56 + 197.33 + 3.95, 41.44 wide; 2026 at 12.
  CHECK(svg.find("M257.3 62h41.4M306.6 12h41.4") != std::string::npos);
  // Year labels in the middle of their bands.
  CHECK(svg.find("<text x=\"80.7\" y=\"230\">2021</text>") != std::string::npos);
  // Legend: the two series and the target, one per line from y 254.
  CHECK(svg.find("<text x=\"28\" y=\"254\">Người học</text>") != std::string::npos);
  CHECK(svg.find("<text x=\"28\" y=\"274\">Lượt truy cập</text>") != std::string::npos);
  CHECK(svg.find("<text x=\"28\" y=\"294\">mục tiêu</text>") != std::string::npos);
  CHECK(svg.find("viewBox=\"0 0 360 302\"") != std::string::npos);

  g.lang = "en";
  g.target.clear();
  std::string en = RenderGrowthChart(g);
  CHECK(XmlProblem(en) == "");
  // Without targets the top is 7000: ticks 0..8000 by 2000 still, no target legend.
  CHECK(en.find(">8,000</text>") != std::string::npos);
  CHECK(en.find(">target</text>") == std::string::npos);
  CHECK(en.find("viewBox=\"0 0 360 282\"") != std::string::npos);
}

TEST_CASE("Ten years label every other year so the labels do not overlap", "[charts]") {
  GrowthChart g;
  g.text = {"ten", "Lượt truy cập", "2017-2026"};
  for (int year = 2017; year <= 2026; ++year) g.years.push_back(year);
  g.series = {{"Lượt truy cập", std::vector<std::optional<double>>(10, 3.0)}};
  std::string svg = RenderGrowthChart(g);
  CHECK(XmlProblem(svg) == "");
  // Band 296 / 10 = 29.6 (< 36): 2017 at 56 + 14.8, 2019 at 56 + 74, no 2018.
  CHECK(svg.find("<text x=\"70.8\" y=\"230\">2017</text>") != std::string::npos);
  CHECK(svg.find("<text x=\"130\" y=\"230\">2019</text>") != std::string::npos);
  CHECK(svg.find(">2018</text>") == std::string::npos);
  CHECK(Occurrences(svg, "<rect x=") == 11);  // ten columns and the legend swatch
}

TEST_CASE("The XML checker itself refuses what it should", "[charts]") {
  CHECK(XmlProblem("<svg><text>a &amp; b</text></svg>") == "");
  CHECK(XmlProblem("<svg><text>a & b</text></svg>") != "");
  CHECK(XmlProblem("<svg><text>a</svg>") != "");
  CHECK(XmlProblem("<svg x=\"<\"/>") != "");
  CHECK(XmlProblem("<svg>") != "");
  CHECK(XmlProblem("<svg>></svg>") != "");
}

}  // namespace
}  // namespace lophoc::http
