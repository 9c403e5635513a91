#pragma once
// The pieces both report pages (a notebook run's and a next-session run's)
// are built from, so the two look alike and neither copies the other.
#include <filesystem>
#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "report/plots.hpp"

namespace exertrack::report::html {

// The page's style sheet.
extern const char* const kCss;

[[nodiscard]] std::string esc(std::string_view s);
// Fixed digits; "inf", "-inf", "nan" for what is not finite.
[[nodiscard]] std::string fmt(double v, int digits);
[[nodiscard]] std::string pct(double fraction, int digits = 2);
[[nodiscard]] std::string row(std::initializer_list<std::string> cells, const char* tag = "td");
[[nodiscard]] std::string kv_table(const std::vector<std::pair<std::string, std::string>>& rows, const char* cls = "kv");
// A note where a section has nothing to show, saying why.
[[nodiscard]] std::string skipped(const std::string& why);
// One rendered plot inlined as a <figure> (svg or png from plots_dir).
[[nodiscard]] std::string figure(const Plot& p, const std::filesystem::path& plots_dir, const std::string& inline_format);

}  // namespace exertrack::report::html
