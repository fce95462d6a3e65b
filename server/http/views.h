// Views: the only user of kainjow mustache. Pages are rendered from JSON view
// models (built by presenters) into static/templates/<page>.mustache, then
// wrapped in layout.mustache; templates/partials/*.mustache are available to
// all as {{> name}}. Fields are escaped ({{x}}) except *_html fields produced
// by the Markdown renderer ({{{x_html}}}).
//
// Thread-safe: templates are compiled per thread on first use.
#pragma once

#include <filesystem>
#include <map>
#include <memory>
#include <string>

#include <nlohmann/json.hpp>

#include "courses/status.h"

namespace lophoc::http {

class Views {
 public:
  // Reads and compiles every template once to report errors at start-up.
  static Result<std::unique_ptr<Views>> Load(const std::filesystem::path& templates_dir);

  // Renders page `name` with `model`, then the layout with the same model plus
  // content_html. NotFound for an unknown page; Corruption when rendering fails.
  Result<std::string> RenderPage(const std::string& name, const nlohmann::json& model) const;

  // Renders one template without the layout.
  Result<std::string> Render(const std::string& name, const nlohmann::json& model) const;

 private:
  std::map<std::string, std::string> templates_;  // name -> source
  std::map<std::string, std::string> partials_;
  uint64_t id_ = 0;  // distinguishes instances in the per-thread cache
};

}  // namespace lophoc::http
