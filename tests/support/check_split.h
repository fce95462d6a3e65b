// CheckSplit: a yes/no predicate's cases as two lists, for tests of
// validators and matchers in any module. Header-only; needs only Catch2.
#pragma once

#include <catch2/catch.hpp>

#include <initializer_list>
#include <string>

namespace lophoc::testing {

// CHECKs that `holds` is true of each of `yes` and false of each of `no`.
template <typename Pred>
void CheckSplit(Pred holds, std::initializer_list<std::string> yes,
                std::initializer_list<std::string> no) {
  for (const std::string& text : yes) {
    CAPTURE(text);
    CHECK(holds(text));
  }
  for (const std::string& text : no) {
    CAPTURE(text);
    CHECK_FALSE(holds(text));
  }
}

}  // namespace lophoc::testing
