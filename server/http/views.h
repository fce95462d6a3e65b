// Views: the only user of kainjow mustache. Pages are rendered from JSON view
// models (built by presenters) into static/templates/<page>.mustache, placed
// where layout.mustache says {{{content_html}}}; templates/partials/*.mustache
// are available to all as {{> name}}. Layout, page and partials are joined
// into one template per page and language at load time, with every {{t.key}}
// replaced by the escaped message of the catalogue, so a request is one
// conversion of a small model and one render. Fields are escaped ({{x}}) except *_html fields
// produced by the Markdown renderer ({{{x_html}}}).
//
// Thread-safe: templates are compiled per thread on first use.
#pragma once

#include <filesystem>
#include <map>
#include <memory>
#include <string>

#include <nlohmann/json.hpp>

#include "kernel/status.h"
#include "server/http/i18n.h"

namespace lophoc::http {

class Views {
 public:
  // Reads and compiles every template once to report errors at start-up
  // (unknown partials, a layout without {{{content_html}}}, bad syntax).
  static Result<std::unique_ptr<Views>> Load(const std::filesystem::path& templates_dir,
                                             const Catalogues& catalogues);

  // Renders page `name` inside the layout, in language `lang` (one of
  // kLanguages). NotFound for an unknown page or language; Corruption when
  // rendering fails.
  Result<std::string> RenderPage(const std::string& name, const std::string& lang,
                                 const nlohmann::json& model) const;

 private:
  std::map<std::string, std::string> pages_;  // lang/name -> layout + page, joined
  uint64_t id_ = 0;  // distinguishes instances in the per-thread cache
};

}  // namespace lophoc::http
