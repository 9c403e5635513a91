#include <gtest/gtest.h>

#include <utility>
#include <vector>

#include <cmath>

#include "core/ingest/csv_stream.hpp"
#include "core/ingest/formats.hpp"
#include "core/ingest/values.hpp"
#include "core/util/error.hpp"

using exertrack::core::util::InputError;

namespace exertrack::core::ingest {
namespace {

TEST(Values, TrimStripsSpacesAndTabs) {
  EXPECT_EQ(trim(" \t8 \t"), "8");
  EXPECT_EQ(trim("   "), "");
}

TEST(Values, NumbersAsExportsWriteThem) {
  EXPECT_EQ(parse_number("135.0"), 135.0);
  EXPECT_EQ(parse_number(" 8"), 8.0);
  EXPECT_EQ(parse_number("8 "), 8.0);
  EXPECT_EQ(parse_number("185.00000000000003"), 185.00000000000003);
  EXPECT_EQ(parse_number("18.143694800000002"), 18.143694800000002);
  EXPECT_EQ(parse_number("82,5"), 82.5);
  EXPECT_EQ(parse_number("-20"), -20.0);
  EXPECT_EQ(parse_number("+2.5"), 2.5);
  EXPECT_FALSE(parse_number(""));
  EXPECT_FALSE(parse_number("abc"));
  EXPECT_FALSE(parse_number("12abc"));
  EXPECT_FALSE(parse_number("1,234.5"));
  EXPECT_FALSE(parse_number("1,2,3"));
  EXPECT_FALSE(parse_number("inf"));
  EXPECT_FALSE(parse_number("nan"));
  EXPECT_FALSE(parse_number("1e999"));
}

TEST(Values, DateTimesOfEveryApp) {
  constexpr std::int64_t k20151023 = 1445558400;  // 2015-10-23 00:00:00
  EXPECT_EQ(parse_date_time("2015-10-23 17:06:37"), k20151023 + 61597);
  EXPECT_EQ(parse_date_time("2015-10-23T17:06:37.250Z"), k20151023 + 61597);
  EXPECT_EQ(parse_date_time("2015-10-23 17:06"), k20151023 + 61560);
  EXPECT_EQ(parse_date_time("2015-10-23"), k20151023);
  EXPECT_EQ(parse_date_time("2015/10/23 17:06:37"), k20151023 + 61597);
  EXPECT_EQ(parse_date_time("2015-10-23 17:06:37 +0000"), k20151023 + 61597);
  EXPECT_EQ(parse_date_time("2015-10-23 17:06:37 -05:00"), k20151023 + 61597);
  EXPECT_EQ(parse_date_time("23 Oct 2015, 17:06"), k20151023 + 61560);
  EXPECT_EQ(parse_date_time("8 Apr 2026, 16:50"), *parse_date_time("2026-04-08 16:50:00"));
  // Hevy in the phone's language (the month names of real exports).
  for (const auto& [written, iso] : std::vector<std::pair<std::string, std::string>>{
           {"11 Nis 2026, 13:05", "2026-04-11 13:05"},  {"5 \xc5\x9e" "ub 2026, 10:00", "2026-02-05 10:00"},
           {"3 A\xc4\x9f" "u 2025, 09:15", "2025-08-03 09:15"}, {"20 Oca 2025, 18:00", "2025-01-20 18:00"},
           {"7 Eyl 2024, 07:30", "2024-09-07 07:30"},   {"30 Ara 2024, 12:00", "2024-12-30 12:00"},
           {"15 ene 2025, 18:30", "2025-01-15 18:30"},  {"2 dic 2024, 19:00", "2024-12-02 19:00"},
           {"2 Set 2024, 07:00", "2024-09-02 07:00"},   {"9 Out 2024, 08:00", "2024-10-09 08:00"},
           {"24 Dez 2023, 09:00", "2023-12-24 09:00"},  {"12 Mai 2024, 17:45", "2024-05-12 17:45"},
           {"1 Fev 2024, 06:00", "2024-02-01 06:00"},   {"4 abr 2024, 20:10", "2024-04-04 20:10"}}) {
    EXPECT_EQ(parse_date_time(written), parse_date_time(iso)) << written;
    EXPECT_TRUE(parse_date_time(written).has_value()) << written;
  }
  EXPECT_FALSE(parse_date_time("11 Xyz 2026, 13:05").has_value());
  EXPECT_EQ(parse_date_time("Oct 23, 2015 5:06 PM"), k20151023 + 61560);
  EXPECT_FALSE(parse_date_time("2015-13-23 17:06:37"));
  EXPECT_FALSE(parse_date_time("2015-02-30"));
  EXPECT_FALSE(parse_date_time("2015-10-23 25:00:00"));
  EXPECT_FALSE(parse_date_time("yesterday"));
  EXPECT_FALSE(parse_date_time("Date"));
  EXPECT_FALSE(parse_date_time(""));
  EXPECT_FALSE(parse_date_time("2015-10-23 17:06:37 extra"));
}

// Strong's export re-saved by a spreadsheet: day first in most locales
// (nino775/my-backend@7ed07243 backend/strong.csv: "13/09/2021 10:41"),
// month first in the US ("9/13/2021 10:41 AM"). The order is the file's.
TEST(Values, SlashDatesEitherOrder) {
  const std::int64_t k20210913 = *parse_date_time("2021-09-13");
  const auto day_first = [](std::string_view text) { return slash_date_time(parse_slash_date(text).value(), true); };
  const auto month_first = [](std::string_view text) { return slash_date_time(parse_slash_date(text).value(), false); };
  EXPECT_EQ(day_first("13/09/2021 10:41"), k20210913 + 38460);
  EXPECT_EQ(month_first("9/13/2021 10:41"), k20210913 + 38460);
  EXPECT_EQ(month_first("09/13/2021 10:41:07"), k20210913 + 38467);
  EXPECT_EQ(month_first("9/13/2021 10:41 AM"), k20210913 + 38460);
  EXPECT_EQ(month_first("9/13/2021 10:41 PM"), k20210913 + 38460 + 12 * 3600);
  EXPECT_EQ(month_first("9/13/2021 12:05 AM"), k20210913 + 300);
  EXPECT_EQ(month_first("9/13/2021 12:05:09 pm"), k20210913 + 12 * 3600 + 309);
  EXPECT_EQ(day_first("13/9/2021 0:00"), k20210913);
  EXPECT_EQ(day_first(" 13/09/21 10:41 "), k20210913 + 38460) << "two-digit years are 20xx, as GymBook's";
  EXPECT_EQ(day_first("13/09/21 10:41"), parse_day_month_year("13/09/21", "10:41"));
  const SlashDate parts = parse_slash_date("1/2/2021 7:03").value();
  EXPECT_EQ(parts.first, 1);
  EXPECT_EQ(parts.second, 2);
  EXPECT_EQ(parts.year, 2021);
  EXPECT_EQ(parts.seconds_of_day, 7 * 3600 + 180);
  EXPECT_EQ(slash_date_time(parts, true), *parse_date_time("2021-02-01 07:03"));
  EXPECT_EQ(slash_date_time(parts, false), *parse_date_time("2021-01-02 07:03"));
  // A date in one order only, or in neither.
  EXPECT_FALSE(day_first("9/13/2021 10:41"));
  EXPECT_FALSE(month_first("13/09/2021 10:41"));
  EXPECT_FALSE(day_first("31/04/2021 10:41"));
  EXPECT_FALSE(day_first("13/13/2021 10:41"));
  EXPECT_FALSE(month_first("0/5/2021 10:41"));
  EXPECT_FALSE(day_first("29/02/2021 10:41"));
  EXPECT_TRUE(day_first("29/02/2024 10:41"));
  for (const char* text : {"13/09/2021 25:00", "13/09/2021 10:61", "13/09/2021 13:00 PM", "13/09/2021 10:41 xyz",
                           "13/09/2021,10:41", "13/09/202110:41", "13/09/202 10:41", "13/09 10:41", "13-09-2021 10:41",
                           "123/09/2021 10:41", "13/09/2021 10", "13/09/2021", "13/09/21", "", "Date", "2021/09/13 10:41"}) {
    EXPECT_FALSE(parse_slash_date(text)) << text;
  }
  // ISO dates are no slash dates, and slash dates with the year last are no ISO ones.
  EXPECT_FALSE(parse_slash_date("2021-09-13 10:41:07"));
  EXPECT_FALSE(parse_date_time("13/09/2021 10:41"));
  EXPECT_FALSE(parse_date_time("9/13/2021 10:41"));
}

TEST(Values, Durations) {
  EXPECT_EQ(parse_duration("90"), 90.0);
  EXPECT_EQ(parse_duration("1:30"), 90.0);
  EXPECT_EQ(parse_duration("0:20:00"), 1200.0);
  EXPECT_EQ(parse_duration("1h 45m"), 6300.0);
  EXPECT_EQ(parse_duration("31m"), 1860.0);
  // Chinese Strong (DericMei/My-WorkOut-Project@7702a117 strong.csv: "1小时13分钟", "12分钟", "1小时").
  EXPECT_EQ(parse_duration("1小时13分钟"), 4380.0);
  EXPECT_EQ(parse_duration("12分钟"), 720.0);
  EXPECT_EQ(parse_duration("1小时"), 3600.0);
  EXPECT_EQ(parse_duration("45秒"), 45.0);
  EXPECT_FALSE(parse_duration("1小"));
  EXPECT_EQ(parse_duration("2s"), 2.0);
  // Strong's Portuguese durations, as a real export writes them ("10min",
  // "1h 23min", "143h 49min";
  // gustavosinacio/ada11@6fed1456:docs/runs/2026-05-20_0127_import-strong-csv/discovery.md).
  EXPECT_EQ(parse_duration("10min"), 600.0);
  EXPECT_EQ(parse_duration("1h 23min"), 4980.0);
  EXPECT_EQ(parse_duration("143h 49min"), 143 * 3600.0 + 49 * 60.0);
  EXPECT_FALSE(parse_duration("1minute"));
  EXPECT_FALSE(parse_duration("1x"));
  EXPECT_FALSE(parse_duration("1:2:3:4"));
  EXPECT_FALSE(parse_duration(""));
}

TEST(Values, FormatDate) {
  EXPECT_EQ(format_date(1445558400 + 61597), "2015-10-23");
  EXPECT_EQ(format_date(-1), "1969-12-31");
}

TEST(Values, HeaderNamesNormalise) {
  EXPECT_EQ(normalise_header("Weight (kg)"), "weightkg");
  EXPECT_EQ(normalise_header("weight_lbs"), "weightlbs");
  EXPECT_EQ(normalise_header("\xEF\xBB\xBFWorkout #"), "workout#");
  EXPECT_EQ(normalise_header("Übungsname"), "übungsname");
  EXPECT_EQ(normalise_header("Nom de l’exercice"), "nomdelexercice");
  EXPECT_EQ(normalise_header("重量"), "重量");
  EXPECT_TRUE(iequals("WARM_UP", "warm_up"));
  EXPECT_FALSE(iequals("W", "WA"));
}

TEST(Values, UnitNames) {
  EXPECT_EQ(weight_unit_from("lbs"), WeightUnit::lb);
  EXPECT_EQ(weight_unit_from("KG"), WeightUnit::kg);
  EXPECT_FALSE(weight_unit_from("stone"));
  EXPECT_EQ(metres_per("km"), 1000.0);
  EXPECT_EQ(metres_per("mi"), 1609.344);
  EXPECT_FALSE(metres_per("furlong"));
}

TEST(CsvSniff, PicksTheDelimiterOfTheFirstLine) {
  EXPECT_EQ(sniff_delimiter("a,b,c\n1;2;3"), ',');
  EXPECT_EQ(sniff_delimiter("\"a;x\";\"b,c,d\";\"e\"\n"), ';');
  EXPECT_EQ(sniff_delimiter("2020-01-01;A;B;1;82,5;5"), ';');
  EXPECT_EQ(sniff_delimiter("a\tb\tc"), '\t');
  EXPECT_EQ(sniff_delimiter(""), ',');
}

std::vector<std::pair<std::size_t, std::vector<std::string>>> parse_all(std::string_view text, std::size_t chunk) {
  std::vector<std::pair<std::size_t, std::vector<std::string>>> out;
  CsvStream csv("t", ',', [&](const CsvRecord& r) { out.emplace_back(r.line, std::vector<std::string>(r.fields.begin(), r.fields.end())); });
  for (std::size_t i = 0; i < text.size(); i += chunk) csv.feed(text.substr(i, chunk));
  csv.finish();
  return out;
}

TEST(CsvStream, CountsPhysicalLinesWhateverTheChunking) {
  const std::string text =
      "\xEF\xBB\xBF" "a,b\r\n\r\n\"x\r\ny\",\"q\"\"q\"\n\n1, 2 \r3,\"\"\nlast,\"no newline\"";
  const auto whole = parse_all(text, text.size());
  ASSERT_EQ(whole.size(), 5u);
  EXPECT_EQ(whole[0], (std::pair<std::size_t, std::vector<std::string>>{1, {"a", "b"}}));
  EXPECT_EQ(whole[1], (std::pair<std::size_t, std::vector<std::string>>{3, {"x\r\ny", "q\"q"}}));
  EXPECT_EQ(whole[2], (std::pair<std::size_t, std::vector<std::string>>{6, {"1", " 2 "}}));
  EXPECT_EQ(whole[3], (std::pair<std::size_t, std::vector<std::string>>{7, {"3", ""}}));
  EXPECT_EQ(whole[4], (std::pair<std::size_t, std::vector<std::string>>{8, {"last", "no newline"}}));
  for (std::size_t chunk : {1, 2, 3, 7}) EXPECT_EQ(parse_all(text, chunk), whole) << "chunk " << chunk;
}

TEST(CsvStream, UnterminatedQuoteIsAnError) {
  CsvStream csv("t.csv", ',', [](const CsvRecord&) {});
  csv.set_column_names({"A", "B"});
  csv.feed("a,b\n1,\"open\n2,3\n");
  try {
    csv.finish();
    FAIL();
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("t.csv:2: column 'B'"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace exertrack::core::ingest
