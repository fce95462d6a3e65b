#include "server/app/report_diff.h"

#include <algorithm>
#include <cmath>
#include <map>

namespace lophoc::app {
namespace {

using nlohmann::json;

constexpr const char* kRowKeys[] = {"code", "site_type", "year", "key", "id"};

// How a row is named in `where`: its "name" when it has one, else its key.
std::string RowLabel(const json& row, const std::string& key) {
  if (row.is_object()) {
    auto name = row.find("name");
    if (name != row.end() && name->is_string() && !name->get<std::string>().empty()) {
      return name->get<std::string>();
    }
  }
  return key;
}

bool SameLeaf(const json& a, const json& b) {
  if (a.is_number() && b.is_number()) {
    return std::fabs(a.get<double>() - b.get<double>()) < 1e-9;
  }
  return a == b;
}

class Differ {
 public:
  explicit Differ(const std::vector<std::string>& ignored) : ignored_(ignored) {}

  void Compare(const json& saved, const json& live, std::vector<std::string>& where) {
    if (saved.is_object() && live.is_object()) return Objects(saved, live, where);
    if (saved.is_array() && live.is_array() && KeyedRows(saved) && KeyedRows(live)) {
      return Rows(saved, live, where);
    }
    if (saved.is_array() && live.is_array() && !saved.empty() && saved.front().is_object()) {
      return ByPlace(saved, live, where);
    }
    if (!SameLeaf(saved, live)) out.push_back({where, saved, live});
  }

  std::vector<ReportDifference> out;

 private:
  bool Ignored(const std::string& key) const {
    return std::find(ignored_.begin(), ignored_.end(), key) != ignored_.end();
  }

  static bool KeyedRows(const json& list) {
    if (list.empty()) return true;
    return std::all_of(list.begin(), list.end(),
                       [](const json& row) { return !RowKey(row).empty(); });
  }

  void Objects(const json& saved, const json& live, std::vector<std::string>& where) {
    for (auto it = saved.begin(); it != saved.end(); ++it) {
      if (Ignored(it.key())) continue;
      where.push_back(it.key());
      auto other = live.find(it.key());
      Compare(it.value(), other == live.end() ? json() : *other, where);
      where.pop_back();
    }
    for (auto it = live.begin(); it != live.end(); ++it) {
      if (Ignored(it.key()) || saved.contains(it.key())) continue;
      where.push_back(it.key());
      Compare(json(), it.value(), where);
      where.pop_back();
    }
  }

  void Rows(const json& saved, const json& live, std::vector<std::string>& where) {
    std::map<std::string, const json*> live_rows;
    for (const auto& row : live) live_rows.emplace(RowKey(row), &row);
    for (const auto& row : saved) {
      const std::string key = RowKey(row);
      where.push_back(RowLabel(row, key));
      auto other = live_rows.find(key);
      if (other == live_rows.end()) {
        out.push_back({where, row, json()});
      } else {
        Compare(row, *other->second, where);
        live_rows.erase(other);
      }
      where.pop_back();
    }
    for (const auto& row : live) {
      const std::string key = RowKey(row);
      if (live_rows.count(key) == 0) continue;  // matched above
      where.push_back(RowLabel(row, key));
      out.push_back({where, json(), row});
      where.pop_back();
    }
  }

  void ByPlace(const json& saved, const json& live, std::vector<std::string>& where) {
    const size_t n = std::max(saved.size(), live.size());
    for (size_t i = 0; i < n; ++i) {
      where.push_back("#" + std::to_string(i + 1));
      Compare(i < saved.size() ? saved[i] : json(), i < live.size() ? live[i] : json(), where);
      where.pop_back();
    }
  }

  const std::vector<std::string>& ignored_;
};

}  // namespace

std::string RowKey(const json& row) {
  if (!row.is_object()) return "";
  for (const char* name : kRowKeys) {
    auto it = row.find(name);
    if (it == row.end() || it->is_null()) continue;
    return it->is_string() ? it->get<std::string>() : it->dump();
  }
  return "";
}

std::vector<ReportDifference> DiffReports(const json& saved, const json& live,
                                          const std::vector<std::string>& ignored) {
  Differ differ(ignored);
  std::vector<std::string> where;
  differ.Compare(saved, live, where);
  return std::move(differ.out);
}

}  // namespace lophoc::app
