// metrics.json as a contract: what the pipeline writes is what the typed
// reader reads back, a renamed key fails naming it, and every document the
// pipeline writes validates against docs/metrics.schema.json.
#include <gtest/gtest.h>

#include <cstdio>
#include <nlohmann/json.hpp>

#include "common/shell.hpp"
#include "common/test_data.hpp"
#include "core/metrics/run_metrics.hpp"
#include "core/util/error.hpp"
#include "core/util/files.hpp"
#include "notebook/pipeline/train_run.hpp"
#include "synth/synth.hpp"

namespace metrics = exertrack::core::metrics;
using exertrack::core::ingest::WorkoutLog;
using exertrack::core::util::InputError;
using exertrack::core::util::read_file;
using exertrack::core::util::write_file_atomic;
using exertrack::synth::SynthOptions;

namespace exertrack::notebook::pipeline {
namespace {

WorkoutLog small_log() {
  SynthOptions synth;
  synth.weeks = 30;
  return synth_workout_log(synth);
}

// Both shapes a run can have: CV and Hyperband recorded, or both null.
const TrainResult& full_run() {
  static const TrainResult r = [] {
    NotebookTrainOptions o;
    o.cv->folds = 2;
    o.cv->epochs = 2;
    o.hyperband->max_epochs = 2;
    o.epochs = 3;
    o.threads = 1;
    return run_training(small_log(), std::string(64, 'a'), o);
  }();
  return r;
}

const TrainResult& fixed_run() {
  static const TrainResult r = [] {
    NotebookTrainOptions o;
    o.cv.reset();
    o.hyperband.reset();
    o.epochs = 3;
    return run_training(small_log(), std::string(64, 'b'), o);
  }();
  return r;
}

std::string error_of(const nlohmann::json& j) {
  try {
    (void)metrics::from_json(j, "m.json");
  } catch (const InputError& e) {
    return e.what();
  }
  return "";
}

using testing::ShellResult;
using testing::shell;

// Validates `document` with python3-jsonschema (Draft 7).
ShellResult validate_against_schema(const std::filesystem::path& document) {
  const auto schema = testing::source_dir() / "docs" / "metrics.schema.json";
  return shell("python3 -c 'import json, sys, jsonschema; "
               "jsonschema.Draft7Validator.check_schema(json.load(open(sys.argv[1]))); "
               "jsonschema.validate(json.load(open(sys.argv[2])), json.load(open(sys.argv[1])))' '" +
               schema.string() + "' '" + document.string() + "'");
}

TEST(Metrics, TheTypedReaderReadsBackWhatThePipelineWrote) {
  for (const TrainResult* r : {&full_run(), &fixed_run()}) {
    const metrics::RunMetrics doc = metrics::from_json(r->metrics);
    EXPECT_EQ(metrics::to_json(doc), r->metrics);
    EXPECT_EQ(doc.best_epoch, r->best_epoch);
    EXPECT_EQ(doc.test.accuracy, r->test_metrics.accuracy);
  }
  EXPECT_TRUE(metrics::from_json(full_run().metrics).cv.has_value());
  EXPECT_TRUE(metrics::from_json(full_run().metrics).tuning.has_value());
  EXPECT_FALSE(metrics::from_json(fixed_run().metrics).cv.has_value());
  EXPECT_FALSE(metrics::from_json(fixed_run().metrics).tuning.has_value());
}

TEST(Metrics, ARenamedOrMistypedKeyFailsNamingIt) {
  nlohmann::json j = fixed_run().metrics;
  j["test"]["acc"] = j["test"]["accuracy"];
  j["test"].erase("accuracy");
  EXPECT_NE(error_of(j).find("m.json: key \"test.accuracy\": missing"), std::string::npos) << error_of(j);

  j = fixed_run().metrics;
  j["rows"]["train"] = "many";
  EXPECT_NE(error_of(j).find("key \"rows.train\": wrong type"), std::string::npos) << error_of(j);

  j = fixed_run().metrics;
  j.erase("cv");  // optional in value (null), required as a key: a rename cannot hide it
  EXPECT_NE(error_of(j).find("key \"cv\": missing"), std::string::npos) << error_of(j);

  EXPECT_THROW((void)metrics::parse_run_metrics("{not json", "m.json"), InputError);
}

TEST(Metrics, EveryWrittenMetricsJsonValidatesAgainstTheSchema) {
  ASSERT_EQ(shell("python3 -c 'import jsonschema'").exit_code, 0)
      << "python3-jsonschema is missing (scripts/install-deps.sh installs it)";
  const auto dir = testing::scratch_dir("metrics-schema");
  write_run_directory(dir / "full", full_run());
  write_run_directory(dir / "fixed", fixed_run());
  for (const char* run : {"full", "fixed"}) {
    const ShellResult v = validate_against_schema(dir / run / "metrics.json");
    EXPECT_EQ(v.exit_code, 0) << run << ": " << v.out;
  }
  // The schema is strict too: an unknown (renamed) top-level key fails it.
  nlohmann::json renamed = nlohmann::json::parse(read_file(dir / "fixed" / "metrics.json"));
  renamed["timings"] = renamed["timings_s"];
  renamed.erase("timings_s");
  write_file_atomic(dir / "renamed.json", renamed.dump());
  EXPECT_NE(validate_against_schema(dir / "renamed.json").exit_code, 0);
}

}  // namespace
}  // namespace exertrack::notebook::pipeline
