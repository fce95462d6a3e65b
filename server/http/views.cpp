#include "server/http/views.h"

#include <kainjow/mustache.hpp>

#include <atomic>
#include <fstream>
#include <regex>
#include <sstream>
#include <unordered_map>

#include "server/http/http_types.h"

namespace lophoc::http {
namespace {

namespace mstch = kainjow::mustache;

// Partials may include partials, but not without end.
constexpr int kMaxPartialDepth = 4;
constexpr const char* kContentSlot = "{{{content_html}}}";

std::atomic<uint64_t> g_next_id{1};

std::string ReadAll(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// Replaces every {{> name}} in `src` with the partial's text, so rendering
// never parses a partial again. kainjow compiles partials given as data on
// every render; inlining them once at load time is the same output for HTML
// (only the indentation of standalone partial lines differs).
Result<std::string> InlinePartials(const std::string& src,
                                   const std::map<std::string, std::string>& partials, int depth) {
  static const std::regex kPartialTag(R"(\{\{>\s*([A-Za-z0-9_]+)\s*\}\})");
  if (depth > kMaxPartialDepth) return Status::InvalidArgument("partials nest too deep");
  std::string out;
  auto begin = std::sregex_iterator(src.begin(), src.end(), kPartialTag);
  size_t last = 0;
  for (auto it = begin; it != std::sregex_iterator(); ++it) {
    const std::smatch& m = *it;
    out.append(src, last, static_cast<size_t>(m.position(0)) - last);
    auto p = partials.find(m[1].str());
    if (p == partials.end()) return Status::NotFound("no partial '" + m[1].str() + "'");
    auto inner = InlinePartials(p->second, partials, depth + 1);
    if (!inner.ok()) return inner.status();
    out += *inner;
    last = static_cast<size_t>(m.position(0) + m.length(0));
  }
  out.append(src, last, std::string::npos);
  return out;
}

// Writes the catalogue's words into the template: every {{t.key}} becomes the
// HTML-escaped message, so requests never carry the catalogue. An unknown key
// or any other use of t (a section, an unescaped tag) is a load error.
Result<std::string> Translate(const std::string& src, const nlohmann::json& catalogue) {
  static const std::regex kMessageTag(R"(\{\{\s*t\.([A-Za-z0-9_]+)\s*\}\})");
  static const std::regex kOtherUse(R"(\{\{[#^/&{>!=]\s*t\.)");
  if (std::regex_search(src, kOtherUse)) {
    return Status::InvalidArgument("messages are used only as {{t.key}}");
  }
  std::string out;
  size_t last = 0;
  for (auto it = std::sregex_iterator(src.begin(), src.end(), kMessageTag);
       it != std::sregex_iterator(); ++it) {
    const std::smatch& m = *it;
    out.append(src, last, static_cast<size_t>(m.position(0)) - last);
    auto text = catalogue.find(m[1].str());
    if (text == catalogue.end()) return Status::NotFound("no message '" + m[1].str() + "'");
    out += HtmlEscape(text->get_ref<const std::string&>());
    last = static_cast<size_t>(m.position(0) + m.length(0));
  }
  out.append(src, last, std::string::npos);
  return out;
}

// JSON view model -> mustache data, moving each converted child into place
// (kainjow's set() and push_back() copy deeply; this copies each value once).
mstch::data ToData(const nlohmann::json& j) {
  switch (j.type()) {
    case nlohmann::json::value_t::object: {
      mstch::data d{mstch::data::type::object};
      for (const auto& [k, v] : j.items()) d[k] = ToData(v);
      return d;
    }
    case nlohmann::json::value_t::array: {
      mstch::list items;
      items.reserve(j.size());
      for (const auto& v : j) items.push_back(ToData(v));
      return mstch::data{items};
    }
    case nlohmann::json::value_t::string: return mstch::data(j.get_ref<const std::string&>());
    case nlohmann::json::value_t::boolean: return mstch::data(j.get<bool>());
    case nlohmann::json::value_t::null: return mstch::data(false);
    default: return mstch::data(j.dump());
  }
}

}  // namespace

Result<std::unique_ptr<Views>> Views::Load(const std::filesystem::path& dir,
                                           const Catalogues& catalogues) {
  auto v = std::make_unique<Views>();
  v->id_ = g_next_id++;
  std::map<std::string, std::string> pages;
  std::map<std::string, std::string> partials;
  std::error_code ec;
  for (const auto& e : std::filesystem::directory_iterator(dir, ec)) {
    if (e.path().extension() == ".mustache") pages[e.path().stem().string()] = ReadAll(e.path());
  }
  for (const auto& e : std::filesystem::directory_iterator(dir / "partials", ec)) {
    if (e.path().extension() == ".mustache") {
      partials[e.path().stem().string()] = ReadAll(e.path());
    }
  }
  auto layout_it = pages.find("layout");
  if (layout_it == pages.end()) return Status::NotFound("no layout.mustache in " + dir.string());
  auto layout = InlinePartials(layout_it->second, partials, 0);
  if (!layout.ok()) return Status::InvalidArgument("layout: " + layout.status().message());
  const size_t slot = layout->find(kContentSlot);
  if (slot == std::string::npos) {
    return Status::InvalidArgument(std::string("layout.mustache has no ") + kContentSlot);
  }
  pages.erase(layout_it);
  for (const auto& [name, src] : pages) {
    auto body = InlinePartials(src, partials, 0);
    if (!body.ok()) return Status::InvalidArgument("template " + name + ": " + body.status().message());
    mstch::mustache body_check(*body);  // report errors against the page's own text
    if (!body_check.is_valid()) {
      return Status::InvalidArgument("template " + name + ": " + body_check.error_message());
    }
    std::string page = *layout;
    page.replace(slot, std::string(kContentSlot).size(), *body);
    for (const char* lang : kLanguages) {
      const nlohmann::json& catalogue = catalogues.For(lang);
      auto translated = Translate(page, catalogue);
      if (!translated.ok()) {
        return Status::InvalidArgument("template " + name + " (" + lang + "): " +
                                       translated.status().message());
      }
      mstch::mustache check(*translated);
      if (!check.is_valid()) {
        return Status::InvalidArgument("template " + name + ": " + check.error_message());
      }
      v->pages_[std::string(lang) + "/" + name] = std::move(*translated);
    }
  }
  return v;
}

Result<std::string> Views::RenderPage(const std::string& name, const std::string& lang,
                                      const nlohmann::json& model) const {
  auto src = pages_.find(lang + "/" + name);
  if (src == pages_.end()) return Status::NotFound("no template '" + name + "' in '" + lang + "'");
  // kainjow's render() keeps state in the template object, so each thread
  // compiles its own copy once.
  thread_local std::unordered_map<std::string, std::unique_ptr<mstch::mustache>> cache;
  const std::string key = std::to_string(id_) + "/" + src->first;
  auto& m = cache[key];
  if (!m) m = std::make_unique<mstch::mustache>(src->second);
  std::string out = m->render(ToData(model));
  if (!m->error_message().empty()) {
    return Status::Corruption("template " + name + ": " + m->error_message());
  }
  return out;
}


}  // namespace lophoc::http
