#include "util/error.hpp"

namespace exertrack {

std::string describe(const SourceLocation& where, const std::string& problem) {
  std::string out = where.file.empty() ? std::string("<input>") : where.file;
  if (where.line > 0) out += ":" + std::to_string(where.line);
  out += ": ";
  if (!where.column.empty()) out += "column '" + where.column + "': ";
  out += problem;
  return out;
}

void throw_input_error(const SourceLocation& where, const std::string& problem) {
  throw InputError(describe(where, problem));
}

}  // namespace exertrack
