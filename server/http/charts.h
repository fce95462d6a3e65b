// Charts: inline SVG for the report pages, rendered on the server (no
// JavaScript, no fonts or images to download, works on old PCs, phones and in
// print). Pure functions of their input: the same input gives the same bytes,
// so pages that embed a chart can be cached and compared in tests.
//
// A chart is never the only carrier of its numbers: the caller prints the same
// figures as a table next to it (the chart is role="img" with a <title> and a
// <desc> for screen readers; the table is what they read row by row).
//
// Every text given by the caller (names, titles, "<5") is escaped; ids are
// derived from ChartText::id_prefix, which must be unique on the page.
//
// Size and legibility. Every chart has a viewBox 360 units wide and
// width="100%" (height follows from the viewBox); site.css caps it with
// `svg.chart { max-width: 36rem }`. On a 360 px phone the page leaves about
// 328 px for it, a factor of 0.91, so the 14-unit text is drawn at >= 12.7 px;
// on a desktop it is about 22 px. All text is #1b1b1b (17:1) or #555 (7.5:1)
// on white; bars are #0b5cad (6.7:1), the second growth series #7a3e00
// (8.3:1). "Behind target" and the second growth series are hatched, and
// target marks are dark with a white halo (visible on a bar and on white), so
// charts read in black and white too. A 30-row target chart with long names
// (each truncated name also in a <title>) is about 7 KB, 5 KB with short ones;
// a six-year growth chart with two series about 3 KB.
//
// Thread-safe: no state.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace lophoc::http {

// What assistive technology gets, and how the chart's ids are named.
struct ChartText {
  // Ids are "<prefix>-title", "<prefix>-desc" and "<prefix>-hatch"; characters
  // other than ASCII letters, digits, '-' and '_' become '_'.
  std::string id_prefix;
  std::string title;        // e.g. "Tỷ lệ nhân viên đã được đào tạo, theo tỉnh"
  std::string description;  // one sentence: what is drawn, the as-of date, the target
};

// One row of the "trained against target" chart: a province, commune, site type...
struct TargetBarRow {
  std::string label;  // full name; shown truncated, whole in a <title>
  // Share trained, 0-100 (the bar is clamped to that range, the text is not).
  // nullopt: suppressed (small cell): no bar, `suppressed_text` instead.
  std::optional<double> percent;
  std::string suppressed_text;           // e.g. "<5"; used only when `percent` is nullopt
  std::optional<double> target_percent;  // the target tick, 0-100; nullopt: no tick
  // Decided by the report (the same flag its table shows): the bar is hatched
  // and a triangle is drawn before it. Ignored on suppressed rows.
  bool behind = false;
};

struct TargetBarChart {
  ChartText text;
  std::string lang = "vi";  // "vi": "87,5 %"; anything else: English "87.5%"
  std::vector<TargetBarRow> rows;
  size_t max_label_chars = 15;  // longer labels end in "…" (at least 2)
  // Legend words; empty: the built-in ones of `lang` ("dưới mục tiêu", "mục tiêu").
  std::string behind_legend;
  std::string target_legend;
};

// Horizontal bars, one per row, 26 units of height per row plus 64 for the
// axis (0, 25, 50, 75, 100 %) and the legend. Plot: x 140 to 300 (a bar of p %
// is 1.6 p units long), label from x 0, value text after the bar's end.
std::string RenderTargetBarChart(const TargetBarChart& chart);

// One series of the growth chart: a value per year of GrowthChart::years.
struct GrowthSeries {
  std::string name;                           // legend, e.g. "Người học"
  std::vector<std::optional<double>> values;  // nullopt: no column (missing or suppressed)
};

struct GrowthChart {
  ChartText text;
  std::string lang = "vi";  // thousands: "12.345" in Vietnamese, "12,345" in English
  std::vector<int> years;   // x axis, e.g. 2021..2026
  // One or two series (more are drawn but crowd the plot); the first is solid,
  // the second hatched. Both share one y axis: series of very different sizes
  // (learners and visits) belong in two charts.
  std::vector<GrowthSeries> series;
  // Optional target per year (same length as `years`, or empty): a dark
  // horizontal mark across that year's columns.
  std::vector<std::optional<double>> target;
  std::string target_legend;  // empty: "mục tiêu" / "target"
};

// Columns grouped by year; y axis from 0 with NiceTicks of the largest value
// or target; 250 units high plus 20 per legend line.
std::string RenderGrowthChart(const GrowthChart& chart);

// The y axis ticks for values from 0 to `max_value`: 0, s, 2s, ... up to the
// first multiple of s >= max_value, with the smallest step s in 1, 2, 5, 10,
// 20, 25, 50, 100, 200, 250, ... (1, 2, 2.5, 5 x 10^n, whole numbers) that
// needs at most 5 intervals. 7 -> 0,2,4,6,8; 12345 -> 0..12500 by 2500;
// max_value <= 0 (or not finite) -> 0,1.
std::vector<long long> NiceTicks(double max_value);

// A whole number with thousands separators: "12.345" (vi), "12,345" (other).
std::string FormatCount(long long value, std::string_view lang);

// A percentage with one decimal, rounded half away from zero: "87,5 %" (vi),
// "87.5%" (other). REQUIRES: finite.
std::string FormatPercent(double percent, std::string_view lang);

}  // namespace lophoc::http
