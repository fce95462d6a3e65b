#include "server/app/readiness.h"

#include "server/app/log.h"

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
  std::lock_guard<std::mutex> lock(mu_);
  failing_.resize(out.size(), false);
  for (size_t i = 0; i < out.size(); ++i) {
    if (failing_[i] == !out[i].ok) continue;
    failing_[i] = !out[i].ok;
    Log(out[i].ok ? LogLevel::kInfo : LogLevel::kError, out[i].ok ? "ready again" : "not ready",
        {{"check", out[i].name}, {"detail", out[i].detail}});
  }
  return out;
}

}  // namespace lophoc::app
