#include "server/app/readiness.h"

namespace lophoc::app {

void Readiness::Add(std::string name, std::function<lophoc::Result<std::string>()> check) {
  checks_.push_back({std::move(name), std::move(check)});
}

std::vector<Readiness::Finding> Readiness::Check() const {
  std::vector<Finding> out;
  out.reserve(checks_.size());
  for (const auto& c : checks_) {
    try {
      auto found = c.check();
      out.push_back({c.name, found.ok(), found.ok() ? *found : found.status().message()});
    } catch (const std::exception& e) {
      out.push_back({c.name, false, e.what()});
    }
  }
  return out;
}

}  // namespace lophoc::app
