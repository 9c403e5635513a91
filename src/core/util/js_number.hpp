#pragma once
// Numbers written exactly as JavaScript writes them, so text the C++ side
// builds (reasons, targets) is byte-identical to the Node.js package's.
#include <string>

namespace exertrack::core::util {

// A number as JavaScript's String(x) writes it (shortest round-trip digits,
// fixed notation for 1e-7 < |x| < 1e21, else "1e+21" style; -0 is "0"), so
// the reason sentences are byte-identical to the Node.js package's.
[[nodiscard]] std::string js_number(double x);
// Appends the same to `out` (no allocation beyond out's growth).
void append_js_number(std::string& out, double x);

}  // namespace exertrack::core::util
