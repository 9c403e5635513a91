#pragma once
// What a reader of an export that is not one CSV table (JEFIT's sections,
// Alpha Progression's blocks) hands the log builder: each set as the fields
// of a layout without a header line (formats.hpp), with the line it was read
// at, and the values that are no set (dropped) or questionable (flagged),
// which the builder counts like a CSV row's (--strict: an error).
#include <array>
#include <cstddef>
#include <string>
#include <vector>

namespace exertrack::core::ingest {

struct SetProblem {
  std::size_t line = 0;
  std::string column;
  std::string value;
  std::string problem;  // "is not a set: expected weight x reps, e.g. 50.0x15"
  std::string reason;   // the cleaning summary's key
};

template <std::size_t Fields>
struct UnpackedSets {
  std::vector<std::array<std::string, Fields>> rows;  // one per set
  std::vector<std::size_t> lines;                     // each row's line in the file
  std::vector<SetProblem> dropped;
  std::vector<SetProblem> flagged;
};

}  // namespace exertrack::core::ingest
