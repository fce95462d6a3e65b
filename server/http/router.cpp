#include "server/http/router.h"

#include <algorithm>
#include <iterator>

namespace lophoc::http {
namespace {

std::vector<std::string> Segments(const std::string& path) {
  std::vector<std::string> out;
  size_t pos = 1;
  while (pos <= path.size()) {
    size_t end = path.find('/', pos);
    if (end == std::string::npos) end = path.size();
    out.push_back(path.substr(pos, end - pos));
    pos = end + 1;
  }
  return out;
}

// Returns a score (higher = more literal segments) or -1 when no match.
int Match(const std::vector<std::string>& pattern, const std::vector<std::string>& path,
          std::map<std::string, std::string>* params) {
  int score = 0;
  for (size_t i = 0; i < pattern.size(); ++i) {
    const std::string& p = pattern[i];
    if (p == "*") {
      if (i >= path.size()) return -1;
      std::string rest;
      for (size_t k = i; k < path.size(); ++k) rest += (k > i ? "/" : "") + path[k];
      if (rest.empty()) return -1;
      if (params != nullptr) (*params)["*"] = rest;
      return score;
    }
    if (i >= path.size()) return -1;
    if (!p.empty() && p[0] == ':') {
      if (path[i].empty()) return -1;
      if (params != nullptr) (*params)[p.substr(1)] = path[i];
    } else if (p == path[i]) {
      score += 1 << (16 - std::min<size_t>(i, 15));
    } else {
      return -1;
    }
  }
  return pattern.size() == path.size() ? score : -1;
}

}  // namespace

std::string RouteLabel(const std::string& pattern) {
  std::string out;
  out.reserve(pattern.size() + 4);
  size_t i = 0;
  while (i < pattern.size()) {
    const bool segment_start = i > 0 && pattern[i - 1] == '/';
    if (segment_start && pattern[i] == ':') {
      const size_t end = std::min(pattern.find('/', i), pattern.size());
      out += "{" + pattern.substr(i + 1, end - i - 1) + "}";
      i = end;
    } else {
      out += pattern[i++];
    }
  }
  return out;
}

void Router::Add(const std::string& method, const std::string& pattern, Handler handler,
                 RouteOptions options) {
  routes_.push_back({method, pattern, Segments(pattern), std::move(handler), options});
  const std::string& first = routes_.back().segments.front();  // "/" is {""}
  const bool literal = first != "*" && (first.empty() || first[0] != ':');
  (literal ? by_first_[first] : any_first_).push_back(routes_.size() - 1);
}

std::vector<size_t> Router::Candidates(const std::string& first_segment) const {
  auto it = by_first_.find(first_segment);
  if (it == by_first_.end()) return any_first_;
  std::vector<size_t> out;
  out.reserve(it->second.size() + any_first_.size());
  std::merge(it->second.begin(), it->second.end(), any_first_.begin(), any_first_.end(),
             std::back_inserter(out));
  return out;
}

RouteMatch Router::Route(HttpRequest& req) const {
  const std::vector<std::string> path = Segments(req.path);
  const std::string method = req.method == "HEAD" ? "GET" : req.method;
  RouteMatch result;
  int best = -1;
  int best_any = -1;
  int best_get = -1;
  std::vector<std::string> allowed;
  int best_index = -1;
  // In the order added, as a scan of every route would see them.
  for (const size_t i : Candidates(path.empty() ? std::string() : path.front())) {
    const Route_& r = routes_[i];
    const int score = Match(r.segments, path, nullptr);
    if (score < 0) continue;
    best_any = std::max(best_any, score);
    if (std::find(allowed.begin(), allowed.end(), r.method) == allowed.end()) {
      allowed.push_back(r.method);
    }
    if (r.method == "GET" && score > best_get) {
      best_get = score;
      result.options = r.options;
    }
    if (r.method == method && score > best) {
      best = score;
      best_index = static_cast<int>(i);
    }
  }
  if (best_index >= 0) {
    const Route_& r = routes_[best_index];
    result.kind = RouteMatch::Kind::kFound;
    result.handler = &r.handler;
    result.pattern = r.pattern;
    Match(r.segments, path, &req.params);
    result.options = r.options;
    result.index = best_index;
    return result;
  }
  if (best_any >= 0) {
    result.kind = RouteMatch::Kind::kMethodNotAllowed;
    if (std::find(allowed.begin(), allowed.end(), "GET") != allowed.end()) {
      allowed.push_back("HEAD");
    }
    for (const auto& m : allowed) result.allowed += (result.allowed.empty() ? "" : ", ") + m;
  }
  return result;
}

std::vector<std::pair<std::string, std::string>> Router::Routes(const std::string& prefix) const {
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& r : routes_) {
    if (r.pattern.rfind(prefix, 0) == 0) out.emplace_back(r.method, r.pattern);
  }
  return out;
}

std::vector<RouteEntry> Router::Entries() const {
  std::vector<RouteEntry> out;
  for (const auto& r : routes_) out.push_back({r.method, r.pattern, r.options});
  return out;
}

RouteOptions Router::OptionsFor(const std::string& method, const std::string& path) const {
  HttpRequest probe;
  probe.method = method;
  probe.path = path;
  return Route(probe).options;
}

}  // namespace lophoc::http
