#pragma once
#include <cstddef>
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

namespace exertrack::core::util {

// What kind of problem an InputError is, for programs rather than people:
// the HTTP API answers it as its error "code" (docs/openapi.yaml), and the web
// page asks for the date order on date_order_undecidable. Set once, where the
// error is raised, so nothing reads it back out of the message.
enum class InputKind : std::uint8_t {
  invalid,                  // anything else: the message says what is wrong
  bad_setting,              // a reading setting's value is none of its values (core/ingest/read_settings.hpp)
  date_order_undecidable,   // slash dates that read either way, and no date in the file tells which
  date_order_inconsistent,  // slash dates written both ways, or against the order given
  no_such_exercise,         // the exercise asked for has no sets
  nothing_to_recommend,     // no exercise has a set to recommend from
};

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
  explicit InputError(const std::string& message, InputKind kind = InputKind::invalid)
      : std::runtime_error(message), kind_(kind) {}
  // The message is describe(where, problem); `value` is the cell as written.
  InputError(SourceLocation where, const std::string& problem, std::optional<std::string> value = std::nullopt,
             InputKind kind = InputKind::invalid);
  // file empty and line 0 when the error has no place (a bad option).
  [[nodiscard]] const SourceLocation& where() const { return where_; }
  [[nodiscard]] const std::optional<std::string>& value() const { return value_; }
  [[nodiscard]] InputKind kind() const { return kind_; }

 private:
  SourceLocation where_;
  std::optional<std::string> value_;
  InputKind kind_ = InputKind::invalid;
};

// The text with what a terminal must not receive escaped: control bytes as
// \n, \r, \t or \xNN (NUL included: a message must not end at one), bytes
// that are not UTF-8 as \xNN; printable ASCII and valid UTF-8 (é, 重量, emoji)
// stay as they are. Idempotent on its own output.
[[nodiscard]] std::string printable(std::string_view text);

// "file:line: column 'Weight': value 'abc' is not a number", escaped by printable().
[[nodiscard]] std::string describe(const SourceLocation& where, const std::string& problem);
[[noreturn]] void throw_input_error(const SourceLocation& where, const std::string& problem,
                                   std::optional<std::string> value = std::nullopt,
                                   InputKind kind = InputKind::invalid);

}  // namespace exertrack::core::util
