#include "core/ingest/values.hpp"

#include <array>
#include <charconv>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <string>

namespace exertrack::core::ingest {
namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }
char lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

// Reads 1..max_digits digits at s[pos]; advances pos.
std::optional<int> read_int(std::string_view s, std::size_t& pos, std::size_t max_digits) {
  const std::size_t start = pos;
  int value = 0;
  while (pos < s.size() && is_digit(s[pos]) && pos - start < max_digits) value = value * 10 + (s[pos++] - '0');
  if (pos == start) return std::nullopt;
  return value;
}

std::optional<std::int64_t> to_epoch(int y, int mo, int d, int h, int mi, int sec) {
  using namespace std::chrono;
  const year_month_day ymd{year{y}, month{static_cast<unsigned>(mo)}, day{static_cast<unsigned>(d)}};
  if (!ymd.ok() || h < 0 || h > 23 || mi < 0 || mi > 59 || sec < 0 || sec > 60) return std::nullopt;
  return static_cast<std::int64_t>(sys_days{ymd}.time_since_epoch().count()) * 86400 + h * 3600 + mi * 60 + sec;
}

// A month's abbreviation as apps write it in dates: English, and the
// other languages Hevy writes its start_time in, as real exports show them
// ("11 Nis 2026, 13:05"): Spanish (ene, abr, ago, dic: EzequielMenor/
// gym-metrics@e2c73f98, ghb72/no_important@117e3c02), Portuguese (fev, abr,
// mai, ago, set, out, dez: biaazv/heavy_etl@2ed24322, specttrox/
// gymlog@a11d98c8) and Turkish (oca, şub, nis, haz, tem, ağu, eyl, eki,
// kas, ara: canonat2326/Can-Onat-Yaren-DSA-210-Project@c73a266a). Their
// other months are spelt as in English. Matched on the name's first
// letters, ASCII case-insensitive (Hevy capitalises: "Şub", "Ağu"; Ş is not
// ASCII, so it is listed in both cases); no two languages give one
// abbreviation two months. Before these, such a file kept only the rows
// whose month is spelt as in English (Mar, May, Jun...).
std::optional<int> month_from_name(std::string_view name) {
  struct Abbreviation {
    std::string_view prefix;  // lowercase where ASCII
    int month;
  };
  static constexpr std::array<Abbreviation, 32> kMonths = {{
      {"jan", 1},  {"feb", 2},  {"mar", 3},  {"apr", 4},  {"may", 5},  {"jun", 6},  {"jul", 7},  {"aug", 8},
      {"sep", 9},  {"oct", 10}, {"nov", 11}, {"dec", 12},                                         // English
      {"ene", 1},  {"abr", 4},  {"ago", 8},  {"dic", 12},                                         // Spanish
      {"fev", 2},  {"mai", 5},  {"set", 9},  {"out", 10}, {"dez", 12},                            // Portuguese
      {"oca", 1},  {"\xc5\x9eub", 2}, {"\xc5\x9fub", 2}, {"nis", 4}, {"haz", 6}, {"tem", 7},  // Turkish: Şub, şub
      {"a\xc4\x9fu", 8}, {"eyl", 9}, {"eki", 10}, {"kas", 11}, {"ara", 12},                  // ağu
  }};
  auto starts_with = [&](std::string_view prefix) {
    if (name.size() < prefix.size()) return false;
    for (std::size_t i = 0; i < prefix.size(); ++i) {
      if (lower(name[i]) != prefix[i]) return false;
    }
    return true;
  };
  for (const Abbreviation& a : kMonths) {
    if (starts_with(a.prefix)) return a.month;
  }
  return std::nullopt;
}

// "HH:MM[:SS[.fff]]" at pos, then an optional zone (" +0000", "Z", "+00:00", " UTC") and the end.
bool read_time_and_zone(std::string_view s, std::size_t pos, int& h, int& mi, int& sec) {
  auto hh = read_int(s, pos, 2);
  if (!hh || pos >= s.size() || s[pos] != ':') return false;
  ++pos;
  auto mm = read_int(s, pos, 2);
  if (!mm) return false;
  h = *hh;
  mi = *mm;
  sec = 0;
  if (pos < s.size() && s[pos] == ':') {
    ++pos;
    auto ss = read_int(s, pos, 2);
    if (!ss) return false;
    sec = *ss;
    if (pos < s.size() && s[pos] == '.') {
      ++pos;
      while (pos < s.size() && is_digit(s[pos])) ++pos;
    }
  }
  // 12-hour clocks ("7:03 PM")
  std::string_view rest = trim(s.substr(pos));
  if (rest.size() >= 2 && (lower(rest[0]) == 'a' || lower(rest[0]) == 'p') && lower(rest[1]) == 'm') {
    if (h < 1 || h > 12) return false;
    if (lower(rest[0]) == 'p' && h != 12) h += 12;
    if (lower(rest[0]) == 'a' && h == 12) h = 0;
    rest = trim(rest.substr(2));
  }
  if (rest.empty() || rest == "Z" || rest == "UTC" || rest == "GMT") return true;
  // +HHMM, -HHMM, +HH:MM (the zone is ignored: times are kept as written)
  if (rest[0] != '+' && rest[0] != '-') return false;
  std::size_t digits = 0;
  for (std::size_t i = 1; i < rest.size(); ++i) {
    if (is_digit(rest[i])) {
      ++digits;
    } else if (rest[i] != ':') {
      return false;
    }
  }
  return digits == 2 || digits == 4;
}

}  // namespace

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

std::optional<double> parse_number_text(std::string_view text) {
  std::string_view s = trim(text);
  if (!s.empty() && s.front() == '+') s.remove_prefix(1);
  if (s.empty() || s.size() > 64) return std::nullopt;
  std::array<char, 64> buffer{};
  const std::size_t comma = s.find(',');
  if (comma != std::string_view::npos) {
    // One decimal comma and no point: "82,5" -> 82.5; "1,234.5" stays unreadable.
    if (s.find(',', comma + 1) != std::string_view::npos || s.find('.') != std::string_view::npos) return std::nullopt;
    std::copy(s.begin(), s.end(), buffer.begin());
    buffer[comma] = '.';
    s = std::string_view(buffer.data(), s.size());
  }
  double value = 0;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
  if (ec != std::errc() || end != s.data() + s.size() || !std::isfinite(value)) return std::nullopt;
  return value;
}

std::optional<std::int64_t> parse_date_time(std::string_view text) {
  const std::string_view s = trim(text);
  // Fast path for the Strong layout "YYYY-MM-DD HH:MM:SS", the common case by far.
  if (s.size() == 19 && s[4] == '-' && s[7] == '-' && (s[10] == ' ' || s[10] == 'T') && s[13] == ':' && s[16] == ':') {
    int v[6] = {};
    constexpr std::array<std::pair<int, int>, 6> kFields = {{{0, 4}, {5, 2}, {8, 2}, {11, 2}, {14, 2}, {17, 2}}};
    bool ok = true;
    for (std::size_t f = 0; f < kFields.size() && ok; ++f) {
      for (int i = 0; i < kFields[f].second; ++i) {
        const char c = s[static_cast<std::size_t>(kFields[f].first + i)];
        ok = ok && is_digit(c);
        v[f] = v[f] * 10 + (c - '0');
      }
    }
    if (ok) return to_epoch(v[0], v[1], v[2], v[3], v[4], v[5]);
  }
  std::size_t pos = 0;
  int y = 0, mo = 0, d = 0, h = 0, mi = 0, sec = 0;
  if (s.size() >= 8 && is_digit(s[0]) && is_digit(s[1]) && is_digit(s[2]) && is_digit(s[3]) && (s[4] == '-' || s[4] == '/')) {
    // ISO-like: YYYY-MM-DD[( |T)HH:MM[:SS[.f]]][zone]
    const char sep = s[4];
    y = *read_int(s, pos, 4);
    ++pos;
    auto m1 = read_int(s, pos, 2);
    if (!m1 || pos >= s.size() || s[pos] != sep) return std::nullopt;
    ++pos;
    auto d1 = read_int(s, pos, 2);
    if (!d1) return std::nullopt;
    mo = *m1;
    d = *d1;
    if (pos < s.size()) {
      if (s[pos] != ' ' && s[pos] != 'T') return std::nullopt;
      ++pos;
      while (pos < s.size() && s[pos] == ' ') ++pos;
      if (!read_time_and_zone(s, pos, h, mi, sec)) return std::nullopt;
    }
    return to_epoch(y, mo, d, h, mi, sec);
  }
  if (!s.empty() && is_digit(s[0])) {
    // Hevy: "24 Oct 2025, 07:03"
    auto dd = read_int(s, pos, 2);
    if (!dd || pos >= s.size() || s[pos] != ' ') return std::nullopt;
    ++pos;
    const std::size_t name_start = pos;
    while (pos < s.size() && s[pos] != ' ') ++pos;
    auto m = month_from_name(s.substr(name_start, pos - name_start));
    if (!m || pos >= s.size()) return std::nullopt;
    ++pos;
    auto yy = read_int(s, pos, 4);
    if (!yy || pos - name_start < 4) return std::nullopt;
    d = *dd;
    mo = *m;
    y = *yy;
  } else {
    // "Oct 24, 2025 07:03"
    while (pos < s.size() && s[pos] != ' ') ++pos;
    auto m = month_from_name(s.substr(0, pos));
    if (!m || pos >= s.size()) return std::nullopt;
    ++pos;
    auto dd = read_int(s, pos, 2);
    if (!dd) return std::nullopt;
    if (pos < s.size() && s[pos] == ',') ++pos;
    while (pos < s.size() && s[pos] == ' ') ++pos;
    auto yy = read_int(s, pos, 4);
    if (!yy) return std::nullopt;
    d = *dd;
    mo = *m;
    y = *yy;
  }
  if (y < 1000) return std::nullopt;
  if (pos < s.size() && s[pos] == ',') ++pos;
  if (pos < s.size()) {
    if (s[pos] != ' ') return std::nullopt;
    while (pos < s.size() && s[pos] == ' ') ++pos;
    if (!read_time_and_zone(s, pos, h, mi, sec)) return std::nullopt;
  }
  return to_epoch(y, mo, d, h, mi, sec);
}

namespace {

// "a/b/yyyy" or "a/b/yy" (20yy) from pos, a and b of one or two digits:
// {a, b, year}, pos after the year.
std::optional<std::array<int, 3>> read_slash_date(std::string_view s, std::size_t& pos) {
  const auto first = read_int(s, pos, 2);
  if (!first || pos >= s.size() || s[pos] != '/') return std::nullopt;
  ++pos;
  const auto second = read_int(s, pos, 2);
  if (!second || pos >= s.size() || s[pos] != '/') return std::nullopt;
  ++pos;
  const std::size_t year_start = pos;
  const auto year = read_int(s, pos, 4);
  if (!year || (pos - year_start != 2 && pos - year_start != 4)) return std::nullopt;
  return std::array<int, 3>{*first, *second, pos - year_start == 2 ? *year + 2000 : *year};
}

}  // namespace

std::optional<SlashDate> parse_slash_date(std::string_view text, bool date_alone) {
  const std::string_view s = trim(text);
  std::size_t pos = 0;
  const auto date = read_slash_date(s, pos);
  if (!date) return std::nullopt;
  if (date_alone && pos == s.size()) return SlashDate{(*date)[0], (*date)[1], (*date)[2], 0};
  if (pos >= s.size() || s[pos] != ' ') return std::nullopt;
  while (pos < s.size() && s[pos] == ' ') ++pos;
  int h = 0;
  int mi = 0;
  int sec = 0;
  if (!read_time_and_zone(s, pos, h, mi, sec) || h > 23 || mi > 59 || sec > 60) return std::nullopt;
  return SlashDate{(*date)[0], (*date)[1], (*date)[2], h * 3600 + mi * 60 + sec};
}

std::optional<std::int64_t> slash_date_time(const SlashDate& date, bool day_first) {
  const int day = day_first ? date.first : date.second;
  const int month = day_first ? date.second : date.first;
  const auto midnight = to_epoch(date.year, month, day, 0, 0, 0);
  if (!midnight) return std::nullopt;
  return *midnight + date.seconds_of_day;
}

std::optional<std::int64_t> parse_day_month_year(std::string_view date, std::string_view time) {
  const std::string_view d = trim(date);
  std::size_t pos = 0;
  const auto dmy = read_slash_date(d, pos);
  if (!dmy || pos != d.size()) return std::nullopt;
  int h = 0;
  int mi = 0;
  int sec = 0;
  const std::string_view t = trim(time);
  if (!t.empty() && !read_time_and_zone(t, 0, h, mi, sec)) return std::nullopt;
  return to_epoch((*dmy)[2], (*dmy)[1], (*dmy)[0], h, mi, sec);
}

std::optional<double> parse_duration(std::string_view text) {
  const std::string_view s = trim(text);
  if (s.empty()) return std::nullopt;
  if (auto plain = parse_number(s)) return plain;
  if (s.find(':') != std::string_view::npos) {
    // [H:]M:S
    double total = 0;
    std::size_t start = 0;
    int parts = 0;
    while (start <= s.size()) {
      const std::size_t colon = s.find(':', start);
      const std::string_view part = s.substr(start, colon == std::string_view::npos ? std::string_view::npos : colon - start);
      auto v = parse_number(part);
      if (!v || *v < 0) return std::nullopt;
      total = total * 60 + *v;
      ++parts;
      if (colon == std::string_view::npos) break;
      start = colon + 1;
    }
    if (parts < 2 || parts > 3) return std::nullopt;
    return total;
  }
  // "1h 45m", "31m", "2s"
  double total = 0;
  std::size_t pos = 0;
  bool any = false;
  while (pos < s.size()) {
    while (pos < s.size() && s[pos] == ' ') ++pos;
    if (pos >= s.size()) break;
    const std::size_t start = pos;
    while (pos < s.size() && (is_digit(s[pos]) || s[pos] == '.')) ++pos;
    auto v = parse_number(s.substr(start, pos - start));
    if (!v || pos >= s.size()) return std::nullopt;
    const std::size_t unit_start = pos;
    // Strong writes "1h 45m" in English, "1h 23min" in Portuguese and French,
    // and "1小时13分钟" in Chinese (hours 小时, minutes 分钟, seconds 秒).
    static constexpr std::pair<std::string_view, std::string_view> kChineseUnits[] = {
        {"\xE5\xB0\x8F\xE6\x97\xB6", "h"}, {"\xE5\x88\x86\xE9\x92\x9F", "m"}, {"\xE7\xA7\x92", "s"}};
    std::string unit;
    for (const auto& [word, as] : kChineseUnits) {
      if (s.substr(pos, word.size()) == word) {
        unit = as;
        pos += word.size();
        break;
      }
    }
    if (unit.empty()) {
      while (pos < s.size() && lower(s[pos]) >= 'a' && lower(s[pos]) <= 'z') ++pos;
      for (std::size_t i = unit_start; i < pos; ++i) unit += lower(s[i]);
    }
    if (unit == "h") {
      total += *v * 3600;
    } else if (unit == "m" || unit == "min") {
      total += *v * 60;
    } else if (unit == "s" || unit == "sec") {
      total += *v;
    } else {
      return std::nullopt;
    }
    any = true;
  }
  if (!any) return std::nullopt;
  return total;
}

std::string format_date(std::int64_t time) {
  using namespace std::chrono;
  const auto days = sys_days{std::chrono::days{time >= 0 ? time / 86400 : (time - 86399) / 86400}};
  const year_month_day ymd{days};
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()),
                static_cast<unsigned>(ymd.day()));
  return buf;
}

std::string normalise_header(std::string_view name) {
  if (name.size() >= 3 && name.substr(0, 3) == "\xEF\xBB\xBF") name.remove_prefix(3);
  std::string out;
  out.reserve(name.size());
  for (std::size_t i = 0; i < name.size(); ++i) {
    const char c = name[i];
    if (c == ' ' || c == '_' || c == '-' || c == '.' || c == '(' || c == ')' || c == '\'' || c == '\t') continue;
    out += lower(c);
    // Latin-1 capitals in UTF-8 (C3 80..9E, except the sign C3 97) lowercase by +0x20: "Übung" -> "übung".
    const auto next = i + 1 < name.size() ? static_cast<unsigned char>(name[i + 1]) : 0;
    if (static_cast<unsigned char>(c) == 0xC3 && next >= 0x80 && next <= 0x9E && next != 0x97) {
      out += static_cast<char>(next + 0x20);
      ++i;
    }
  }
  // Typographic apostrophe U+2019 (French "l’entraînement")
  for (std::size_t p; (p = out.find("\xE2\x80\x99")) != std::string::npos;) out.erase(p, 3);
  return out;
}

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (lower(a[i]) != lower(b[i])) return false;
  }
  return true;
}

}  // namespace exertrack::core::ingest
