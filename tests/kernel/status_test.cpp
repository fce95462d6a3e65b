// Status and Result: a Result with a value reports an OK status; one built
// from an error keeps it; one built from an OK status (a programming error,
// an assert in debug builds) never pretends to hold a value.
#include <catch2/catch.hpp>

#include <string>

#include "kernel/status.h"

namespace lophoc {

TEST_CASE("a Result with a value has an OK status, one with an error keeps it", "[status]") {
  Result<std::string> value(std::string("Việt"));
  CHECK(value.ok());
  CHECK(value.status().ok());
  CHECK(*value == "Việt");
  Result<int> error(Status::NotFound("no course 'x'"));
  CHECK_FALSE(error.ok());
  CHECK(error.status().code() == StatusCode::kNotFound);
  CHECK(error.status().message() == "no course 'x'");
}

#ifdef NDEBUG
TEST_CASE("a Result built from an OK status is an error, not an empty success", "[status]") {
  Result<int> wrong{Status::Ok()};  // asserts in a debug build
  CHECK_FALSE(wrong.ok());
  CHECK_FALSE(wrong.status().ok());
  CHECK(wrong.status().code() == StatusCode::kUnavailable);
}
#endif

}  // namespace lophoc
