// Enums written as words (in the database, CSV files, course packages and
// URLs): one table of {value, name} pairs per enum serves both directions,
// so that a name and its parser cannot drift apart. Header-only and pure.
#pragma once

#include <array>
#include <cstddef>
#include <optional>
#include <string_view>
#include <utility>

namespace lophoc {

template <typename E, size_t N>
using NameTable = std::array<std::pair<E, const char*>, N>;

// The name of `value` in `table`; `missing` when the table has none.
template <typename E, size_t N>
const char* NameIn(const NameTable<E, N>& table, E value, const char* missing = "?") {
  for (const auto& [e, name] : table) {
    if (e == value) return name;
  }
  return missing;
}

// The value `name` stands for in `table` (compared byte for byte); nullopt
// when it is none of the table's names.
template <typename E, size_t N>
std::optional<E> ValueNamed(const NameTable<E, N>& table, std::string_view name) {
  for (const auto& [e, n] : table) {
    if (name == n) return e;
  }
  return std::nullopt;
}

}  // namespace lophoc
