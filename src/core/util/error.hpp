#pragma once
#include <cstddef>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

namespace exertrack::core::util {

// Where in a text file a problem sits; line is 1-based (0 = whole file),
// column is the header name (or empty).
struct SourceLocation {
  std::string file;
  std::size_t line = 0;
  std::string column;
};

// Input the user gave us cannot be used. The message names what a user needs
// to fix it: file, line, column and the offending value where they exist.
// Errors raised at a place in a file also keep that place and the value as
// fields (where(), value()), so a caller (the Python binding) can hand them
// on without reading them back out of the message.
class InputError : public std::runtime_error {
 public:
  explicit InputError(const std::string& message) : std::runtime_error(message) {}
  // The message is describe(where, problem); `value` is the cell as written.
  InputError(SourceLocation where, const std::string& problem, std::optional<std::string> value = std::nullopt);
  // file empty and line 0 when the error has no place (a bad option).
  [[nodiscard]] const SourceLocation& where() const { return where_; }
  [[nodiscard]] const std::optional<std::string>& value() const { return value_; }

 private:
  SourceLocation where_;
  std::optional<std::string> value_;
};

// The text with what a terminal must not receive escaped: control bytes as
// \n, \r, \t or \xNN (NUL included: a message must not end at one), bytes
// that are not UTF-8 as \xNN; printable ASCII and valid UTF-8 (é, 重量, emoji)
// stay as they are. Idempotent on its own output.
[[nodiscard]] std::string printable(std::string_view text);

// "file:line: column 'Weight': value 'abc' is not a number", escaped by printable().
[[nodiscard]] std::string describe(const SourceLocation& where, const std::string& problem);
[[noreturn]] void throw_input_error(const SourceLocation& where, const std::string& problem,
                                   std::optional<std::string> value = std::nullopt);

}  // namespace exertrack::core::util
