#include "server/http/charts.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdlib>

#include "kernel/encode.h"

namespace lophoc::http {
namespace {

// Geometry shared by both charts (see the header for why 360 and 14).
constexpr int kWidth = 360;
constexpr int kFontSize = 14;
constexpr const char* kFontFamily =
    "system-ui,-apple-system,'Segoe UI',Roboto,'Noto Sans',Arial,sans-serif";
constexpr const char* kInk = "#1b1b1b";
constexpr const char* kMuted = "#555";
constexpr const char* kGrid = "#d0d7de";  // decoration only: the numbers are in the text
constexpr const char* kBar = "#0b5cad";
constexpr const char* kSecond = "#7a3e00";
constexpr const char* kThird = "#3b3b9a";

// Target chart.
constexpr int kPlotX = 140;
constexpr int kPlotWidth = 160;  // 1.6 units per percent
constexpr int kRowPitch = 26;
constexpr int kBarHeight = 14;
constexpr int kTop = 8;

// Growth chart.
constexpr int kGrowthLeft = 56;
constexpr int kGrowthRight = 352;
constexpr int kGrowthTop = 12;
constexpr int kGrowthPlotHeight = 200;
constexpr int kLegendPitch = 20;

bool IsVietnamese(std::string_view lang) { return lang == "vi"; }

// Text and attribute escaping in one: the five XML specials, and the C0
// controls XML 1.0 forbids are dropped (a name pasted from a spreadsheet may
// carry one; keeping it would make the SVG ill-formed).
std::string Escape(std::string_view s) {
  std::string kept;
  kept.reserve(s.size());
  for (char c : s) {
    if (static_cast<unsigned char>(c) < 0x20 && c != '\t' && c != '\n' && c != '\r') continue;
    kept += c;
  }
  return EscapeHtml(kept);
}

std::string SafeId(std::string_view prefix) {
  std::string out = prefix.empty() ? "chart" : std::string(prefix);
  for (char& c : out) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '-' || c == '_';
    if (!ok) c = '_';
  }
  if (out[0] >= '0' && out[0] <= '9') out.insert(0, "c");  // an id starts with a letter
  return out;
}

// A coordinate with at most one decimal, so output does not depend on printf
// rounding or the C locale.
std::string Num(double v) {
  long long tenths = std::llround(v * 10);
  std::string out = tenths < 0 ? "-" : "";
  long long a = std::llabs(tenths);
  out += std::to_string(a / 10);
  if (a % 10 != 0) out += "." + std::to_string(a % 10);
  return out;
}

// Cuts UTF-8 `s` to `max_chars` characters, the last being "…"; a combining
// mark stays with the letter before it, and trailing spaces before "…" go.
std::string Truncate(std::string_view s, size_t max_chars) {
  max_chars = std::max<size_t>(max_chars, 2);
  std::vector<size_t> starts;  // byte offset of each character (letter + its marks)
  for (size_t i = 0; i < s.size();) {
    unsigned char c = s[i];
    size_t len = c < 0x80           ? 1
                 : (c >> 5) == 0x6  ? 2
                 : (c >> 4) == 0xE  ? 3
                 : (c >> 3) == 0x1E ? 4
                                    : 1;
    uint32_t cp = 0;
    if (len == 2 && i + 1 < s.size()) cp = ((c & 0x1F) << 6) | (s[i + 1] & 0x3F);
    bool combining = cp >= 0x300 && cp <= 0x36F;
    if (!combining || starts.empty()) starts.push_back(i);
    i += len;
  }
  if (starts.size() <= max_chars) return std::string(s);
  std::string_view kept = s.substr(0, starts[max_chars - 1]);
  while (!kept.empty() && kept.back() == ' ') kept.remove_suffix(1);
  return std::string(kept) + "\xE2\x80\xA6";
}

std::string Open(const ChartText& text, const std::string& id, int height) {
  std::string out = "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" role=\"img\"";
  out += " aria-labelledby=\"" + id + "-title " + id + "-desc\"";
  out += " viewBox=\"0 0 " + std::to_string(kWidth) + " " + std::to_string(height) + "\"";
  out += " width=\"100%\" font-family=\"" + std::string(kFontFamily) + "\" font-size=\"" +
         std::to_string(kFontSize) + "\" fill=\"" + kInk + "\">";
  out += "<title id=\"" + id + "-title\">" + Escape(text.title) + "</title>";
  out += "<desc id=\"" + id + "-desc\">" + Escape(text.description) + "</desc>";
  return out;
}

// Diagonal stripes of `colour` on white: tells a bar apart without colour.
std::string Hatch(const std::string& id, const char* colour) {
  return std::string("<defs><pattern id=\"") + id +
         "-hatch\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\" "
         "patternTransform=\"rotate(45)\"><rect width=\"6\" height=\"6\" fill=\"#fff\"/>"
         "<path d=\"M1.5 0v6\" stroke=\"" +
         colour + "\" stroke-width=\"3\"/></pattern></defs>";
}

// A dark line with a white halo, visible on a bar and on the background alike.
std::string HaloPath(const std::string& d, double width) {
  if (d.empty()) return "";
  return "<path d=\"" + d + "\" fill=\"none\" stroke=\"#fff\" stroke-width=\"" + Num(width + 3) +
         "\"/><path d=\"" + d + "\" fill=\"none\" stroke=\"" + kInk + "\" stroke-width=\"" +
         Num(width) + "\"/>";
}

std::string Group(const std::string& attributes, const std::string& body) {
  if (body.empty()) return "";
  return "<g" + attributes + ">" + body + "</g>";
}

std::string Text(double x, double y, const std::string& escaped) {
  return "<text x=\"" + Num(x) + "\" y=\"" + Num(y) + "\">" + escaped + "</text>";
}

}  // namespace

std::string FormatCount(long long value, std::string_view lang) {
  std::string digits = std::to_string(value < 0 ? -(value + 1) + 1ULL : value + 0ULL);
  const char sep = IsVietnamese(lang) ? '.' : ',';
  std::string out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += sep;
    out += digits[i];
  }
  return value < 0 ? "-" + out : out;
}

std::string FormatPercent(double percent, std::string_view lang) {
  long long tenths = std::llround(percent * 10);
  long long a = std::llabs(tenths);
  std::string out = (tenths < 0 ? "-" : "") + FormatCount(a / 10, lang);
  out += IsVietnamese(lang) ? "," : ".";
  out += std::to_string(a % 10);
  out += IsVietnamese(lang) ? " %" : "%";
  return out;
}

std::vector<long long> NiceTicks(double max_value) {
  long long step = 1;
  if (std::isfinite(max_value) && max_value > 0) {
    step = 0;
    for (long long m = 1; step == 0 && m <= 100000000000000000LL; m *= 10) {
      for (long long s : {m, 2 * m, m >= 10 ? m / 2 * 5 : 0, 5 * m}) {
        if (s > 0 && std::ceil(max_value / static_cast<double>(s)) <= 5) {
          step = s;
          break;
        }
      }
    }
    if (step == 0) step = 500000000000000000LL;  // beyond any count lophoc keeps
  }
  std::vector<long long> ticks{0};
  while (static_cast<double>(ticks.back()) < max_value || ticks.size() < 2) {
    ticks.push_back(ticks.back() + step);
  }
  return ticks;
}

std::string RenderTargetBarChart(const TargetBarChart& chart) {
  const std::string id = SafeId(chart.text.id_prefix);
  const bool vi = IsVietnamese(chart.lang);
  const int n = static_cast<int>(chart.rows.size());
  const int axis_y = kTop + n * kRowPitch;
  const int legend_y = axis_y + 42;
  const int height = legend_y + 8;

  std::string solid, hatched, ticks, markers, labels, values, suppressed;
  for (int i = 0; i < n; ++i) {
    const TargetBarRow& row = chart.rows[i];
    const int y = kTop + i * kRowPitch;
    std::string label = Truncate(row.label, chart.max_label_chars);
    std::string label_xml = Escape(label);
    if (label != row.label) label_xml += "<title>" + Escape(row.label) + "</title>";
    labels += "<text y=\"" + Num(y + 12) + "\">" + label_xml + "</text>";
    if (row.target_percent) {
      double t = std::clamp(*row.target_percent, 0.0, 100.0);
      ticks += "M" + Num(kPlotX + kPlotWidth * t / 100) + " " + Num(y - 3) + "v20";
    }
    if (!row.percent) {
      suppressed += Text(kPlotX + 4, y + 12, Escape(row.suppressed_text));
      continue;
    }
    double p = std::clamp(*row.percent, 0.0, 100.0);
    double w = kPlotWidth * p / 100;
    if (w >= 0.05) {
      (row.behind ? hatched : solid) += "M" + Num(kPlotX) + " " + Num(y) + "h" + Num(w) + "v" +
                                        Num(kBarHeight) + "H" + Num(kPlotX) + "z";
    }
    if (row.behind) markers += "M128 " + Num(y + 3) + "h10l-5 8z";
    values += Text(kPlotX + w + 4, y + 12, Escape(FormatPercent(*row.percent, chart.lang)));
  }

  std::string out = Open(chart.text, id, height);
  out += Hatch(id, kBar);
  std::string grid;
  for (int g = 25; g <= 100; g += 25) {
    grid += "M" + Num(kPlotX + kPlotWidth * g / 100.0) + " " + Num(kTop - 4) + "V" + Num(axis_y);
  }
  out += "<path d=\"" + grid + "\" stroke=\"" + kGrid + "\"/>";
  out += "<path d=\"M" + Num(kPlotX) + " " + Num(kTop - 4) + "V" + Num(axis_y) + "\" stroke=\"" +
         kMuted + "\"/>";
  if (!solid.empty()) out += "<path d=\"" + solid + "\" fill=\"" + kBar + "\"/>";
  if (!hatched.empty()) {
    out += "<path d=\"" + hatched + "\" fill=\"url(#" + id + "-hatch)\" stroke=\"" + kBar +
           "\" stroke-width=\"1.5\"/>";
  }
  out += HaloPath(ticks, 2);
  if (!markers.empty()) out += "<path d=\"" + markers + "\"/>";
  out += labels;
  // A white outline under the numbers keeps them legible where a target tick crosses them.
  out += Group(" paint-order=\"stroke\" stroke=\"#fff\" stroke-width=\"3\"", values);
  out += Group(std::string(" fill=\"") + kMuted + "\"", suppressed);

  std::string axis;
  for (int g = 0; g <= 100; g += 25) {
    std::string tick = std::to_string(g) + (g == 100 ? (vi ? " %" : "%") : "");
    axis += Text(kPlotX + kPlotWidth * g / 100.0, axis_y + 16, tick);
  }
  out += Group(" text-anchor=\"middle\"", axis);

  // Legend: what the hatch, the triangle and the tick mean.
  std::string behind =
      chart.behind_legend.empty() ? (vi ? "dưới mục tiêu" : "behind target") : chart.behind_legend;
  std::string target =
      chart.target_legend.empty() ? (vi ? "mục tiêu" : "target") : chart.target_legend;
  out += "<path d=\"M0 " + Num(legend_y - 10) + "h10l-5 8z\"/>";
  out += "<rect x=\"14\" y=\"" + Num(legend_y - 12) + "\" width=\"20\" height=\"14\" fill=\"url(#" +
         id + "-hatch)\" stroke=\"" + kBar + "\" stroke-width=\"1.5\"/>";
  out += Text(40, legend_y, Escape(Truncate(behind, 18)));
  out += HaloPath("M196 " + Num(legend_y - 14) + "v18", 2);
  out += Text(206, legend_y, Escape(Truncate(target, 18)));
  out += "</svg>";
  return out;
}

std::string RenderGrowthChart(const GrowthChart& chart) {
  const std::string id = SafeId(chart.text.id_prefix);
  const int years = static_cast<int>(chart.years.size());
  const int series = static_cast<int>(chart.series.size());
  const bool has_target = std::any_of(chart.target.begin(), chart.target.end(),
                                      [](const std::optional<double>& t) { return t.has_value(); });
  const int legend_items = series + (has_target ? 1 : 0);
  const int baseline = kGrowthTop + kGrowthPlotHeight;
  const int legend_y = baseline + 42;
  const int height = legend_y + kLegendPitch * std::max(legend_items - 1, 0) + 8;

  double max_value = 0;
  for (const GrowthSeries& s : chart.series) {
    for (const auto& v : s.values) {
      if (v && std::isfinite(*v)) max_value = std::max(max_value, *v);
    }
  }
  for (const auto& t : chart.target) {
    if (t && std::isfinite(*t)) max_value = std::max(max_value, *t);
  }
  const std::vector<long long> ticks = NiceTicks(max_value);
  const double top = static_cast<double>(ticks.back());
  auto y_of = [&](double v) {
    return baseline - kGrowthPlotHeight * std::clamp(v, 0.0, top) / top;
  };

  std::string out = Open(chart.text, id, height);
  out += Hatch(id, kSecond);
  std::string grid, tick_labels;
  for (long long t : ticks) {
    if (t != 0) grid += "M" + Num(kGrowthLeft) + " " + Num(y_of(t)) + "H" + Num(kGrowthRight);
    tick_labels += Text(kGrowthLeft - 6, y_of(t) + 5, FormatCount(t, chart.lang));
  }
  out += "<path d=\"" + grid + "\" stroke=\"" + kGrid + "\"/>";
  out += "<path d=\"M" + Num(kGrowthLeft) + " " + Num(baseline) + "H" + Num(kGrowthRight) +
         "\" stroke=\"" + kMuted + "\"/>";

  const double band = static_cast<double>(kGrowthRight - kGrowthLeft) / std::max(years, 1);
  const double column = band * 0.7 / std::max(series, 1);
  const std::string fills[] = {
      std::string(" fill=\"") + kBar + "\"",
      " fill=\"url(#" + id + "-hatch)\" stroke=\"" + kSecond + "\" stroke-width=\"1.5\"",
      std::string(" fill=\"") + kThird + "\""};
  for (int s = 0; s < series; ++s) {
    const GrowthSeries& one = chart.series[s];
    std::string columns;
    for (int i = 0; i < years && i < static_cast<int>(one.values.size()); ++i) {
      if (!one.values[i] || !std::isfinite(*one.values[i])) continue;
      double v = *one.values[i];
      double x = kGrowthLeft + band * i + band * 0.15 + column * s;
      columns += "<rect x=\"" + Num(x) + "\" y=\"" + Num(y_of(v)) + "\" width=\"" + Num(column) +
                 "\" height=\"" + Num(baseline - y_of(v)) + "\"><title>" +
                 std::to_string(chart.years[i]) + ", " + Escape(one.name) + ": " +
                 FormatCount(std::llround(v), chart.lang) + "</title></rect>";
    }
    out += Group(fills[std::min(s, 2)], columns);
  }

  std::string target_marks;
  for (int i = 0; i < years && i < static_cast<int>(chart.target.size()); ++i) {
    if (!chart.target[i] || !std::isfinite(*chart.target[i])) continue;
    target_marks += "M" + Num(kGrowthLeft + band * i + band * 0.08) + " " +
                    Num(y_of(*chart.target[i])) + "h" + Num(band * 0.84);
  }
  out += HaloPath(target_marks, 2.5);
  out += Group(" text-anchor=\"end\"", tick_labels);

  // Year labels; every other one when a band is too narrow for "2021".
  std::string year_labels;
  const int every = band < 36 ? 2 : 1;
  for (int i = 0; i < years; i += every) {
    year_labels +=
        Text(kGrowthLeft + band * (i + 0.5), baseline + 18, std::to_string(chart.years[i]));
  }
  out += Group(" text-anchor=\"middle\"", year_labels);

  int line = 0;
  for (int s = 0; s < series; ++s, ++line) {
    const int y = legend_y + kLegendPitch * line;
    out += "<rect x=\"0\" y=\"" + Num(y - 12) + "\" width=\"20\" height=\"14\"" +
           fills[std::min(s, 2)] + "/>";
    out += Text(28, y, Escape(Truncate(chart.series[s].name, 40)));
  }
  if (has_target) {
    const int y = legend_y + kLegendPitch * line;
    out += HaloPath("M0 " + Num(y - 5) + "h20", 2.5);
    std::string target = chart.target_legend.empty()
                             ? (IsVietnamese(chart.lang) ? "mục tiêu" : "target")
                             : chart.target_legend;
    out += Text(28, y, Escape(Truncate(target, 40)));
  }
  out += "</svg>";
  return out;
}

}  // namespace lophoc::http
