// Internal to the CSV import and export of people (people_csv*.cpp): what
// each kind of file holds.
#pragma once

#include <string>
#include <vector>

#include "server/app/people_csv.h"

namespace lophoc::app {

struct KindSpec {
  CsvKind kind;
  const char* name;   // CsvKindName
  const char* label;  // in messages: "a file of org units"
  std::vector<std::string> required, optional;
  std::vector<std::string> exported;  // columns written by Export
};

// The columns of `k`: required and optional on import, written on export.
const KindSpec& SpecOf(CsvKind k);

}  // namespace lophoc::app
