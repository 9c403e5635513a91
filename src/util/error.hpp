#pragma once
#include <cstddef>
#include <stdexcept>
#include <string>

namespace exertrack {

// Input the user gave us cannot be used. The message names what a user needs
// to fix it: file, line, column and the offending value where they exist.
class InputError : public std::runtime_error {
 public:
  explicit InputError(const std::string& message) : std::runtime_error(message) {}
};

// Where in a text file a problem sits; line is 1-based (0 = whole file),
// column is the header name (or empty).
struct SourceLocation {
  std::string file;
  std::size_t line = 0;
  std::string column;
};

// "file:line: column 'Weight': value 'abc' is not a number"
[[nodiscard]] std::string describe(const SourceLocation& where, const std::string& problem);
[[noreturn]] void throw_input_error(const SourceLocation& where, const std::string& problem);

}  // namespace exertrack
