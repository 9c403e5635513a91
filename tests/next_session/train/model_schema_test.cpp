// The next-session model file, DIR/model/forecast.json, against its schema
// (docs/forecast-model.schema.json): what training writes validates, and
// what the C++ reader refuses the schema refuses too. A small model on the
// embedded synthetic log, so this runs without the shared data.
#include <gtest/gtest.h>

#include <functional>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "common/shell.hpp"
#include "common/test_data.hpp"
#include "core/util/files.hpp"
#include "next_session/train/lifters.hpp"
#include "next_session/train/train.hpp"
#include "synth/synth.hpp"

using exertrack::core::ingest::WeightUnit;
using exertrack::core::ingest::WorkoutLog;
using exertrack::core::util::read_file;
using exertrack::core::util::write_file_atomic;
using exertrack::next_session::model::ForecastDefinition;
using exertrack::next_session::model::ForecastModel;
using exertrack::next_session::model::kForecastModelFile;
using exertrack::synth::SynthOptions;
using exertrack::testing::scratch_dir;
using exertrack::testing::shell;
using exertrack::testing::shell_quote;
using exertrack::testing::ShellResult;

namespace exertrack::next_session::train {
namespace {

namespace fs = std::filesystem;
using json = nlohmann::json;

// Never destroyed: XGBoost's own globals may be gone by the time static
// objects are, and freeing a booster then crashes at exit.
const ForecastModel& model() {
  static const ForecastModel& m = *new ForecastModel([] {
    SynthOptions synth;
    synth.rows = 1500;
    const WorkoutLog log = synth_workout_log(synth);
    std::vector<Lifter> lifters{lifter_from_log(log, "synthetic", WeightUnit::lb, ForecastDefinition{})};
    ForecastTrainOptions o;
    o.set_rounds(3);
    o.threads = 1;
    return train_model(lifters, all_transitions(lifters), o);
  }());
  return m;
}

// python3-jsonschema (Draft 7): checks the schema itself, then the document.
ShellResult validate(const fs::path& document) {
  const fs::path schema = exertrack::testing::source_dir() / "docs" / "forecast-model.schema.json";
  return shell("python3 -c 'import json, sys, jsonschema; "
               "jsonschema.Draft7Validator.check_schema(json.load(open(sys.argv[1]))); "
               "jsonschema.validate(json.load(open(sys.argv[2])), json.load(open(sys.argv[1])))' " +
               shell_quote(schema.string()) + " " + shell_quote(document.string()));
}

fs::path write_copy(const fs::path& root, const std::string& name, const json& j) {
  const fs::path dir = root / name;
  fs::create_directories(dir);
  write_file_atomic(dir / kForecastModelFile, j.dump());
  return dir;
}

TEST(ForecastModelSchema, TheFileTrainingWritesValidatesAndReadsBack) {
  ASSERT_EQ(shell("python3 -c 'import jsonschema'").exit_code, 0)
      << "python3-jsonschema is missing (scripts/install-deps.sh installs it)";
  const fs::path dir = scratch_dir("forecast-model-schema") / "model";
  model().write(dir);
  const fs::path file = dir / kForecastModelFile;
  const ShellResult ok = validate(file);
  EXPECT_EQ(ok.exit_code, 0) << ok.out;
  // The reader takes it as written (the heads are XGBoost's to compare).
  json read_back = ForecastModel::read(dir).to_json();
  json written = json::parse(read_file(file));
  read_back.erase("heads");
  written.erase("heads");
  EXPECT_EQ(read_back, written);

  // A file written before the load head had its own scale: valid, and read as scale_floor_kg.
  json old = json::parse(read_file(file));
  ASSERT_TRUE(old["definition"].contains("load_scale_floor_kg"));
  old["definition"]["scale_floor_kg"] = 15;
  old["definition"].erase("load_scale_floor_kg");
  const fs::path old_dir = write_copy(dir.parent_path(), "without-load-scale-floor", old);
  const ShellResult old_ok = validate(old_dir / kForecastModelFile);
  EXPECT_EQ(old_ok.exit_code, 0) << old_ok.out;
  EXPECT_EQ(ForecastModel::read(old_dir).definition.load_scale_floor_kg, 15);
}

TEST(ForecastModelSchema, WhatTheReaderRefusesTheSchemaRefuses) {
  const fs::path root = scratch_dir("forecast-model-schema-broken");
  const json good = model().to_json();
  const std::vector<std::pair<std::string, std::function<void(json&)>>> broken = {
      {"format-version-2", [](json& j) { j["format_version"] = 2; }},
      {"other-format", [](json& j) { j["format"] = "exertrack-model"; }},
      {"no-scale-floor", [](json& j) { j["definition"].erase("scale_floor_kg"); }},
      {"zero-scale-floor", [](json& j) { j["definition"]["scale_floor_kg"] = 0; }},
      {"zero-load-scale-floor", [](json& j) { j["definition"]["load_scale_floor_kg"] = 0; }},
      {"zero-recent-sessions", [](json& j) { j["definition"]["recent_sessions"] = 0; }},
      {"zero-max-planned-reps", [](json& j) { j["definition"]["max_planned_reps"] = 0; }},
      {"negative-tolerance", [](json& j) { j["definition"]["weight_tolerance_kg"] = -0.5; }},
      {"actions-reordered", [](json& j) { std::swap(j["actions"][0], j["actions"][1]); }},
      {"no-temperature", [](json& j) { j["calibration"] = json::object(); }},
      {"zero-temperature", [](json& j) { j["calibration"]["temperature"] = 0; }},
      {"no-load-head", [](json& j) { j["heads"].erase("load"); }},
      {"plates-lightest-first", [](json& j) { j["plates"]["kg"]["plates"] = {1.25, 2.5}; }},
      {"no-lb-steps", [](json& j) { j["steps"].erase("lb"); }},
      {"zero-dumbbell-step", [](json& j) { j["steps"]["kg"]["dumbbell"] = 0; }},
  };
  for (const auto& [name, change] : broken) {
    json j = good;
    change(j);
    const fs::path dir = write_copy(root, name, j);
    EXPECT_ANY_THROW((void)ForecastModel::read(dir)) << name << ": the C++ reader accepted it";
    // The plates' order is beyond JSON Schema (it checks each plate, not the order).
    if (name == "plates-lightest-first") continue;
    EXPECT_NE(validate(dir / kForecastModelFile).exit_code, 0) << name << ": the schema accepted it";
  }

  // A renamed key the readers do not need is refused by the schema (they would skip it silently).
  json renamed = good;
  renamed["definition"]["load_scale_floor"] = renamed["definition"]["load_scale_floor_kg"];
  renamed["definition"].erase("load_scale_floor_kg");
  EXPECT_NE(validate(write_copy(root, "renamed", renamed) / kForecastModelFile).exit_code, 0);
}

}  // namespace
}  // namespace exertrack::next_session::train
