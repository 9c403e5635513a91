#pragma once
// Parsing of the cell values workout apps write: numbers with their quirks,
// date-times in the formats the supported apps use, durations.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace exertrack::core::ingest {

// Strips ASCII spaces and tabs at both ends.
[[nodiscard]] std::string_view trim(std::string_view s);

// A decimal number as strtod/from_chars reads it ("135", "135.0", " 8",
// "185.00000000000003", "-20", "+2.5"); one decimal comma ("82,5") is read as
// a point, as European exports write it. nullopt for anything else, including
// "inf"/"nan", thousands separators and empty text. (parse_number_text is
// the general path, parse_number adds an inline one for whole numbers.)
[[nodiscard]] std::optional<double> parse_number_text(std::string_view text);
[[nodiscard]] inline std::optional<double> parse_number(std::string_view text) {
  // Whole numbers ("8", "135") are most cells; below 10^15 they are exact in
  // a double, the value from_chars gives, at a fraction of its cost.
  if (!text.empty() && text.size() <= 15) {
    std::int64_t whole = 0;
    std::size_t i = 0;
    for (; i < text.size(); ++i) {
      const auto digit = static_cast<unsigned>(static_cast<unsigned char>(text[i])) - '0';
      if (digit > 9) break;
      whole = whole * 10 + digit;
    }
    if (i == text.size()) return static_cast<double>(whole);
  }
  return parse_number_text(text);
}

// Seconds since 1970-01-01 of a date-time as written, any zone suffix ignored:
//   2015-10-23 17:06:37   2015-10-23 17:06   2015-10-23T17:06:37.123Z
//   2015-10-23 (midnight)  2015/10/23 17:06:37  2021-03-01 17:20:43 +0000
//   24 Oct 2025, 07:03 (Hevy)   Oct 24, 2025 07:03
[[nodiscard]] std::optional<std::int64_t> parse_date_time(std::string_view text);

// A date-time written with slashes, year last, as a spreadsheet re-saves
// Strong's: "13/09/2021 10:41", "9/13/2021 10:41:07", "9/13/2021 10:41 AM",
// "13/09/21 10:41" (20xx, as parse_day_month_year reads it). The time is
// required unless `date_alone` (FitNotes' dates are days: "13/09/2021"
// once re-saved); elsewhere a slash date alone is GymBook's, beside its own
// time column.
// Whether the first number is the day or the month one value cannot tell:
// the file's values decide (workout_log.cpp); slash_date_time() gives either.
struct SlashDate {
  int first = 0;   // 13 in "13/09/2021"
  int second = 0;  // 9
  int year = 0;
  int seconds_of_day = 0;
};
[[nodiscard]] std::optional<SlashDate> parse_slash_date(std::string_view text, bool date_alone = false);
// Seconds since 1970 with the first number as the day (day_first) or as the
// month; nullopt if that is no date ("9/13/2021" day first).
[[nodiscard]] std::optional<std::int64_t> slash_date_time(const SlashDate& date, bool day_first);

// GymBook's day-first date and separate time of day: "01/07/2026" (or
// "01/07/26", 20xx) with "12:05" or "7:30" is 1 July 2026 12:05.
[[nodiscard]] std::optional<std::int64_t> parse_day_month_year(std::string_view date, std::string_view time);

// Seconds of a duration: "90", "90.5", "1:30", "1:02:03", "1h 45m", "31m", "2s", "1h", "1h 23min", "10min".
[[nodiscard]] std::optional<double> parse_duration(std::string_view text);

// "2015-10-23" for a time from parse_date_time.
[[nodiscard]] std::string format_date(std::int64_t time);

// Header text reduced for matching: ASCII lowercased, spaces, '_', '-', '.',
// '(', ')', apostrophes and a BOM dropped; other bytes (é, 重量) kept as they are.
[[nodiscard]] std::string normalise_header(std::string_view name);

// ASCII case-insensitive equality.
[[nodiscard]] bool iequals(std::string_view a, std::string_view b);

}  // namespace exertrack::core::ingest
