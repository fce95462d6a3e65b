// Which path of a programme a person is on, and whether the completions of
// its courses earn a new certification. Pure functions of the rows, like
// cycles.h; the store and the use case that records a certification call
// them. Thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "kernel/calendar.h"
#include "training/cycles.h"

namespace lophoc::training {

// A programme has two paths: new or replacement staff take the initial
// path; staff certified before take the refresher path.
enum class Path { kInitial, kRefresher };
std::string_view PathName(Path path);  // "initial", "refresher"

// A course completed by the person (repeatable: each time is a row).
struct CourseCompletion {
  int64_t id = 0;
  std::string course;  // the course's slug
  LocalDate day;       // the local day it was completed
  bool recorded = false;  // prior learning recorded by someone, not done in lophoc
};

// A certification as the paths see it: the completions it rests on.
struct EarnedCertification {
  LocalDate completed;
  std::vector<int64_t> rests_on;  // completion ids
  bool revoked = false;           // revoked rows do not make a person "certified before"
};

// The refresher path once the person holds a certification that was not
// revoked (expired ones count: an expired person renews), else the initial one.
Path PathFor(const std::vector<EarnedCertification>& before);

// Where a person is on a path of courses.
struct PathProgress {
  std::vector<std::string> done;     // the path's courses with a completion that counts
  std::vector<std::string> missing;  // those without, in the path's order
  // When nothing is missing: the day of the last of the completions that
  // count (the certification's completion day) and their ids.
  std::optional<LocalDate> completed;
  std::vector<int64_t> rests_on;
};

// A completion counts toward the next certification when it was made on or
// after the last certification's completion day and no certification rests
// on it already: a completion certifies at most once, and an old one never
// counts again for a renewal. For each course the latest such completion
// counts. `path` lists course slugs; an empty path is never complete.
PathProgress ProgressOnPath(const std::vector<std::string>& path,
                            const std::vector<CourseCompletion>& completions,
                            const std::vector<EarnedCertification>& before);

}  // namespace lophoc::training
