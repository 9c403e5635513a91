#include "core/util/js_number.hpp"

#include <array>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <string_view>

namespace exertrack::core::util {

void append_js_number(std::string& out, double x) {
  // ECMAScript Number::toString (ECMA-262 §6.1.6.1.20): the shortest digits
  // that round-trip (std::to_chars gives the same digits), laid out by the
  // decimal exponent n: fixed for -6 < n <= 21, exponential otherwise.
  if (std::isnan(x)) {
    out += "NaN";
    return;
  }
  if (std::isinf(x)) {
    out += x > 0 ? "Infinity" : "-Infinity";
    return;
  }
  if (x == 0) {
    out += '0';
    return;
  }
  if (x < 0) {
    out += '-';
    x = -x;
  }
  std::array<char, 64> buf{};
  if (x < 1e15 && x == std::floor(x)) {
    // Whole numbers (most weights and reps) print as the integer.
    const auto res = std::to_chars(buf.data(), buf.data() + buf.size(), static_cast<long long>(x));
    out.append(buf.data(), static_cast<std::size_t>(res.ptr - buf.data()));
    return;
  }
  const auto res = std::to_chars(buf.data(), buf.data() + buf.size(), x, std::chars_format::scientific);
  const std::string_view sci(buf.data(), static_cast<std::size_t>(res.ptr - buf.data()));
  const auto e_pos = sci.find('e');
  std::array<char, 24> digit_buf{};  // at most 17 significant digits
  std::size_t digit_count = 0;
  for (char c : sci.substr(0, e_pos)) {
    if (c != '.') digit_buf[digit_count++] = c;
  }
  const std::string_view digits(digit_buf.data(), digit_count);
  int exp10 = 0;
  const std::string_view exp_text = sci.substr(e_pos + (sci[e_pos + 1] == '+' ? 2 : 1));
  std::from_chars(exp_text.data(), exp_text.data() + exp_text.size(), exp10);
  const int k = static_cast<int>(digits.size());
  const int n = exp10 + 1;
  if (k <= n && n <= 21) {
    out += digits;
    out.append(static_cast<std::size_t>(n - k), '0');
  } else if (0 < n && n <= 21) {
    out += digits.substr(0, static_cast<std::size_t>(n));
    out += '.';
    out += digits.substr(static_cast<std::size_t>(n));
  } else if (-6 < n && n <= 0) {
    out += "0.";
    out.append(static_cast<std::size_t>(-n), '0');
    out += digits;
  } else {
    out += digits[0];
    if (k > 1) {
      out += '.';
      out += digits.substr(1);
    }
    out += 'e';
    out += n - 1 >= 0 ? '+' : '-';
    out += std::to_string(std::abs(n - 1));
  }
}

std::string js_number(double x) {
  std::string s;
  append_js_number(s, x);
  return s;
}

}  // namespace exertrack::core::util
