// The reading settings, defined once (core/ingest/read_settings.hpp): the
// decoder every caller goes through, and the docs that list them held to
// the same table, as LightGBM generates docs/Parameters.rst from config.h.
#include "core/ingest/read_settings.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <regex>

#include "common/test_data.hpp"
#include "core/util/error.hpp"
#include "core/util/files.hpp"

namespace exertrack::core::ingest {
namespace {

using core::util::InputError;
using core::util::InputKind;
using core::util::read_file;

std::string quoted_list(const std::vector<std::string>& values, std::string_view open, std::string_view close) {
  std::string out;
  for (const std::string& v : values) out += (out.empty() ? "" : ", ") + std::string(open) + v + std::string(close);
  return out;
}

// What InputError `f` throws ("" when none), with its kind.
template <typename F>
std::pair<std::string, InputKind> error_of(F f) {
  try {
    f();
  } catch (const InputError& e) {
    return {e.what(), e.kind()};
  }
  return {"", InputKind::invalid};
}

TEST(ReadSettings, DefaultsAreTheStructsAndDecodeAsBefore) {
  ASSERT_EQ(read_settings().size(), 4U);
  for (const ReadSetting& s : read_settings()) {
    EXPECT_EQ(s.default_value(), s.is_switch() ? "false" : "auto") << s.name;
    EXPECT_EQ(read_setting(s.name), &s);
    EXPECT_TRUE(s.is_switch() || s.allows(s.default_value())) << s.name;
  }
  EXPECT_EQ(read_setting("unit"), nullptr);
  const ReadOptions auto_unit = read_options(ReadSettings{});
  EXPECT_TRUE(auto_unit.detect_unit);
  EXPECT_EQ(auto_unit.default_unit, WeightUnit::lb);  // the notebook's assumption when the loads do not tell
  ReadSettings s;
  s.weight_unit = "kg";
  s.format = "hevy";
  s.date_order = "day-first";
  s.strict = true;
  const ReadOptions kg = read_options(s);
  EXPECT_FALSE(kg.detect_unit);
  EXPECT_EQ(kg.default_unit, WeightUnit::kg);
  EXPECT_EQ(kg.format, "hevy");
  EXPECT_EQ(kg.date_order, "day-first");
  EXPECT_TRUE(kg.strict);
  EXPECT_EQ(command_line(s), "--weight-unit kg --format hevy --date-order day-first --strict");
  EXPECT_EQ(command_line(ReadSettings{}), "--weight-unit auto --format auto --date-order auto");
}

TEST(ReadSettings, AValueOutsideItsSettingIsRefusedByTheNameTheCallerUsed) {
  ReadSettings s;
  const ReadSetting& order = *read_setting("date_order");
  order.set(s, "month-first", "date_order");
  EXPECT_EQ(s.date_order, "month-first");
  auto [message, kind] = error_of([&] { order.set(s, "sideways", "date_order"); });
  EXPECT_EQ(message, "date_order: must be auto, day-first or month-first, got 'sideways'");
  EXPECT_EQ(kind, InputKind::bad_setting);
  EXPECT_EQ(s.date_order, "month-first");
  std::tie(message, kind) = error_of([&] { read_setting("format")->set(s, "excel", "format"); });
  EXPECT_EQ(message, "format: must be auto, strong, strong-13, strong-2024, hevy, fitnotes, fitbod, gymbook, jefit or alpha-progression, got 'excel'");
  const ReadSetting& strict = *read_setting("strict");
  for (const auto& [text, on] : std::vector<std::pair<std::string, bool>>{{"true", true}, {"0", false}, {"1", true}, {"false", false}}) {
    strict.set(s, text, "strict");
    EXPECT_EQ(s.strict, on) << text;
  }
  EXPECT_EQ(error_of([&] { strict.set(s, "yes", "strict"); }).first, "strict: must be true or false, got 'yes'");
  // A value set around the setters is refused by the decoder itself.
  s.weight_unit = "stone";
  EXPECT_EQ(error_of([&] { (void)read_options(s); }).first, "weight_unit: must be auto, kg or lb, got 'stone'");
}

// docs/formats.md's table is this one, row for row.
std::string markdown_table() {
  std::string out =
      "| Flag | Query parameter, metrics.json key | Values | Default | What it says |\n| --- | --- | --- | --- | --- |\n";
  for (const ReadSetting& s : read_settings()) {
    const std::string values = s.is_switch() ? "a switch: `true`, `false` (`1`, `0` in a query)" : quoted_list(s.values, "`", "`");
    out += "| `" + std::string(s.flag) + "` | `" + std::string(s.name) + "` | " + values + " | `" + s.default_value() + "` | " +
           std::string(s.help) + " |\n";
  }
  return out;
}

TEST(ReadSettings, FormatsDocListsEverySettingAsDefined) {
  const std::string doc = read_file(testing::source_dir() / "docs" / "formats.md");
  const std::string begin = "<!-- read-settings: the table of src/core/ingest/read_settings.cpp (tests/core/ingest/read_settings_test.cpp) -->\n";
  const std::string end = "<!-- end read-settings -->";
  const auto from = doc.find(begin);
  const auto to = doc.find(end);
  ASSERT_NE(from, std::string::npos) << "docs/formats.md has no " << begin;
  ASSERT_NE(to, std::string::npos);
  EXPECT_EQ(doc.substr(from + begin.size(), to - from - begin.size()), markdown_table())
      << "docs/formats.md's settings table should read:\n"
      << markdown_table();
}

// Each setting is a query parameter of POST /v1/recommendations/csv, named,
// explained and bounded as defined.
TEST(ReadSettings, OpenApiHasEverySettingAsAQueryParameter) {
  const std::string doc = read_file(testing::source_dir() / "docs" / "openapi.yaml");
  for (const ReadSetting& s : read_settings()) {
    const std::string schema = s.is_switch() ? R"(schema: {type: string, enum: ["true", "false", "1", "0"], default: "false"})"
                                             : "schema: {type: string, enum: [" + quoted_list(s.values, "", "") +
                                                   "], default: " + s.default_value() + "}";
    const std::string line = "- {name: " + std::string(s.name) + ", in: query, required: false, description: \"" +
                             std::string(s.help) + "\", " + schema + "}";
    EXPECT_NE(doc.find(line), std::string::npos) << "docs/openapi.yaml should have\n        " << line;
  }
}

// metrics.json's "data" holds every setting under its name, with its values.
TEST(ReadSettings, TheMetricsSchemaHasEverySetting) {
  const auto schema = nlohmann::json::parse(read_file(testing::source_dir() / "docs" / "next-session-metrics.schema.json"));
  const auto& data = schema.at("properties").at("data");
  const auto required = data.at("required").get<std::vector<std::string>>();
  for (const ReadSetting& s : read_settings()) {
    const std::string name(s.name);
    EXPECT_NE(std::find(required.begin(), required.end(), name), required.end()) << name;
    ASSERT_TRUE(data.at("properties").contains(name)) << name;
    const auto& property = data.at("properties").at(name);
    if (s.is_switch()) {
      EXPECT_EQ(property.value("type", ""), "boolean") << name;
    } else {
      EXPECT_EQ(property.value("enum", std::vector<std::string>{}), s.values) << name;
    }
    EXPECT_EQ(property.value("description", ""), std::string(s.help)) << name;
  }
}

}  // namespace
}  // namespace exertrack::core::ingest
