// A page of listed rows and the filter that asks for it: what every listing
// of the people stores takes and returns.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "people/people.h"

namespace lophoc::people {

struct ListFilter {
  Scope scope = Scope::Nothing();  // only rows whose org unit lies in it
  int limit = 50;
  int64_t offset = 0;
  // Accounts only: a part of the username or display name ("" for all);
  // letters compare ignoring ASCII case, Vietnamese letters as written.
  std::string query;
};

template <typename T>
struct Page {
  std::vector<T> items;
  int64_t total = 0;  // rows matching the filter, over all pages
};

}  // namespace lophoc::people
