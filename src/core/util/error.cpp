#include "core/util/error.hpp"

#include <utility>

namespace exertrack::core::util {

std::string printable(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(text.size());
  const auto escape = [&](unsigned char c) {
    out.append("\\x");
    out.push_back(kHex[c >> 4]);
    out.push_back(kHex[c & 15]);
  };
  const auto continuation = [&](std::size_t i) {
    return i < text.size() && (static_cast<unsigned char>(text[i]) & 0xC0) == 0x80;
  };
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c >= 0x20 && c < 0x7F) {
      out.push_back(static_cast<char>(c));
    } else if (c == '\n') {
      out.append("\\n");
    } else if (c == '\r') {
      out.append("\\r");
    } else if (c == '\t') {
      out.append("\\t");
    } else if (c < 0x80) {
      escape(c);
    } else {
      // UTF-8 (RFC 3629): lead C2-DF, E0-EF or F0-F4 and 1-3 continuation bytes.
      const std::size_t extra = c >= 0xC2 && c <= 0xDF ? 1 : c >= 0xE0 && c <= 0xEF ? 2 : c >= 0xF0 && c <= 0xF4 ? 3 : 0;
      bool valid = extra > 0;
      for (std::size_t k = 1; valid && k <= extra; ++k) valid = continuation(i + k);
      if (valid) {
        out.append(text.substr(i, extra + 1));
        i += extra;
      } else {
        escape(c);
      }
    }
  }
  return out;
}

// Built with append() rather than operator+: GCC 12 raises a false
// -Wrestrict on `std::string("x") + ...` chains (GCC bug 105329).
std::string describe(const SourceLocation& where, const std::string& problem) {
  std::string out;
  out.append(where.file.empty() ? std::string_view("<input>") : std::string_view(where.file));
  if (where.line > 0) out.append(":").append(std::to_string(where.line));
  out.append(": ");
  if (!where.column.empty()) out.append("column '").append(printable(where.column)).append("': ");
  out.append(printable(problem));
  return out;
}

InputError::InputError(SourceLocation where, const std::string& problem, std::optional<std::string> value, InputKind kind)
    : std::runtime_error(describe(where, problem)), where_(std::move(where)), value_(std::move(value)), kind_(kind) {}

void throw_input_error(const SourceLocation& where, const std::string& problem, std::optional<std::string> value,
                       InputKind kind) {
  throw InputError(where, problem, std::move(value), kind);
}

}  // namespace exertrack::core::util
