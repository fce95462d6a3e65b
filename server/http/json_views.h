// Pieces every presenter and JSON handler builds with: a JSON array of
// presented items, and null for an absent value. Pure, header-only.
#pragma once

#include <optional>
#include <string>

#include <nlohmann/json.hpp>

namespace lophoc::http {

// [item(x) for each x of `items`].
template <typename Range, typename Present>
nlohmann::json JsonArray(const Range& items, Present item) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& x : items) out.push_back(item(x));
  return out;
}

// {"items": JsonArray(items, item)}: the body of an unpaged API listing.
template <typename Range, typename Present>
nlohmann::json ItemsJson(const Range& items, Present item) {
  return {{"items", JsonArray(items, item)}};
}

// null for an empty text or an absent number: the stores' "none".
inline nlohmann::json NullIfEmpty(const std::string& s) {
  return s.empty() ? nlohmann::json(nullptr) : nlohmann::json(s);
}
inline nlohmann::json NullIfEmpty(const std::optional<int>& v) {
  return v ? nlohmann::json(*v) : nlohmann::json(nullptr);
}

}  // namespace lophoc::http
