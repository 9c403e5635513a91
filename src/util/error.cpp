#include "util/error.hpp"

namespace exertrack {

// Built with append() rather than operator+: GCC 12 raises a false
// -Wrestrict on `std::string("x") + ...` chains (GCC bug 105329).
std::string describe(const SourceLocation& where, const std::string& problem) {
  std::string out;
  out.append(where.file.empty() ? std::string_view("<input>") : std::string_view(where.file));
  if (where.line > 0) out.append(":").append(std::to_string(where.line));
  out.append(": ");
  if (!where.column.empty()) out.append("column '").append(where.column).append("': ");
  out.append(problem);
  return out;
}

void throw_input_error(const SourceLocation& where, const std::string& problem) {
  throw InputError(describe(where, problem));
}

}  // namespace exertrack
