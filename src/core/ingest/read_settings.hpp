#pragma once
// The settings that say how an export is read: its format, the unit of a
// weight column that names none, the day/month order of slash dates, and
// strict. Defined here once, with their names, allowed values, defaults and
// help, for every place that takes them: the command line's --data flags
// (apps/exertrack/data_options.cpp), the HTTP API's query parameters
// (serve/api.cpp), the "data" of a next-session run's metrics.json
// (core/metrics, so `exertrack report` reads the lifters again exactly as
// training did) and the report's page. The docs that list them (the table
// in docs/formats.md, docs/openapi.yaml's query parameters, the metrics
// schema) are tested against this table (tests/core/ingest/read_settings_test.cpp).
//
// LightGBM keeps its parameters the same way: each is declared once in
// include/LightGBM/config.h with its default, allowed values and help
// beside it (microsoft/LightGBM@0050954c85f8df08ce43c6c0c85204328ebdb057),
// and helpers/parameter_generator.py (@d796b26ad1d75a312806c6abcfc14a7ae477e92c)
// writes its parsing code and docs/Parameters.rst from there.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/ingest/workout_log.hpp"

namespace exertrack::core::ingest {

// What a user said; each member's initializer is that setting's default.
struct ReadSettings {
  std::string weight_unit = "auto";
  std::string format = "auto";
  std::string date_order = "auto";
  bool strict = false;
};

// One setting, as every surface names it.
struct ReadSetting {
  std::string_view name;  // the HTTP query parameter and the key in metrics.json's "data": "weight_unit"
  std::string_view flag;  // the command line's: "--weight-unit"
  std::string_view help;  // one sentence, for --help and the docs
  std::vector<std::string> values;             // a choice's allowed values; empty for a switch
  std::string ReadSettings::*choice = nullptr;  // where a choice is kept
  bool ReadSettings::*on = nullptr;             // where a switch (strict) is kept

  [[nodiscard]] bool is_switch() const { return on != nullptr; }
  // "day-first", "true"
  [[nodiscard]] std::string value_in(const ReadSettings& settings) const;
  [[nodiscard]] std::string default_value() const { return value_in(ReadSettings{}); }
  // Sets it from text as a caller wrote it (a switch takes true, false, 1
  // or 0). Throws InputError (InputKind::bad_setting) "<as_named>: must be
  // a, b or c, got 'x'"; `as_named` is the caller's spelling of the name.
  void set(ReadSettings& settings, std::string_view text, std::string_view as_named) const;
  // Whether `text` is one of a choice's values.
  [[nodiscard]] bool allows(std::string_view text) const;
};

// Every setting, in the order --help and the docs list them.
[[nodiscard]] const std::vector<ReadSetting>& read_settings();
// The one named `name` ("date_order"), or nullptr.
[[nodiscard]] const ReadSetting* read_setting(std::string_view name);

// true / 1 -> true, false / 0 -> false, anything else nullopt: how a switch
// is written in a query string.
[[nodiscard]] std::optional<bool> switch_value(std::string_view text);

// The one decoder: the options the readers take (weight_unit auto decides
// from the loads, pounds when they do not tell). Throws InputError
// (InputKind::bad_setting) naming a value that is none of its setting's.
[[nodiscard]] ReadOptions read_options(const ReadSettings& settings);

// The settings as command-line flags, each choice with its value and the
// switches that are on: "--weight-unit auto --format auto --date-order
// day-first --strict" (what the report says the data was read with).
[[nodiscard]] std::string command_line(const ReadSettings& settings);

}  // namespace exertrack::core::ingest
