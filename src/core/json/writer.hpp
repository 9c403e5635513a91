#pragma once
// JSON written straight into a string, the primitives both tasks' answers
// are made of (`exertrack recommend --json` and the HTTP API). Hand-written
// (not nlohmann::json::dump) because serving writes one answer per request
// and a DOM costs several allocations per field; and because names from an
// uploaded CSV may be invalid UTF-8, which dump() throws on, while this
// writes U+FFFD.
#include <string>
#include <string_view>

namespace exertrack::core::json {

// A JSON string literal: quotes, backslashes and control characters escaped,
// invalid UTF-8 sequences replaced by U+FFFD.
void append_json_string(std::string& out, std::string_view s);
// Shortest round-trip form of a double (JavaScript's String(x) digits); null
// for NaN / ±inf, which JSON cannot hold.
void append_json_number(std::string& out, double x);
// Shortest round-trip form of a float (so 0.91f prints as 0.91, not
// 0.9100000262260437); null when not finite.
void append_json_float(std::string& out, float x);

}  // namespace exertrack::core::json
