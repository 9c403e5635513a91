#pragma once
#include <cstddef>
#include <stdexcept>
#include <string>
#include <string_view>

namespace exertrack::core::util {

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

// The text with what a terminal must not receive escaped: control bytes as
// \n, \r, \t or \xNN (NUL included: a message must not end at one), bytes
// that are not UTF-8 as \xNN; printable ASCII and valid UTF-8 (é, 重量, emoji)
// stay as they are. Idempotent on its own output.
[[nodiscard]] std::string printable(std::string_view text);

// "file:line: column 'Weight': value 'abc' is not a number", escaped by printable().
[[nodiscard]] std::string describe(const SourceLocation& where, const std::string& problem);
[[noreturn]] void throw_input_error(const SourceLocation& where, const std::string& problem);

}  // namespace exertrack::core::util
