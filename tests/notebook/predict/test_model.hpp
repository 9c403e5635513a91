#pragma once
// A model trained on the 721 file for the predict and serve tests, made once
// and kept in the build tree: ctest runs every test case in its own process,
// and training in each would cost seconds apiece. The notebook pipeline
// (notebook features and split, scaler on train, folded into the export)
// with a short epoch budget; no CV or Hyperband (they do not change the model
// given its hyperparameters, which are the notebook search's best).
#include <unistd.h>

#include <filesystem>
#include <string>

#include "common/test_data.hpp"
#include "core/util/files.hpp"
#include "notebook/pipeline/train_run.hpp"
#include "notebook/predict/predictor.hpp"

namespace exertrack::testing {

inline std::filesystem::path data_721() { return data_file("weightlifting_721_workouts.csv"); }
inline bool have_721() { return std::filesystem::exists(data_721()); }

inline core::ingest::ReadOptions notebook_read_options() {
  core::ingest::ReadOptions read;
  read.trim_names = false;  // the notebook's grouping
  return read;
}

// The run directory (model/ inside); needs the 721 file (a test calls
// EXERTRACK_REQUIRE_DATA(data_721()) first). Concurrent processes may both train;
// the first rename wins and the other's copy is discarded.
inline std::filesystem::path trained_721_run() {
  const auto dir = binary_dir() / "test-scratch" / "model-721-e25-cache";
  if (std::filesystem::exists(dir / "model" / "model.json")) {
    try {
      // A model without the target rule predates it: stale like an older format.
      if (notebook::predict::Predictor::load(dir / "model").model().metadata.contains("target_rule")) return dir;
    } catch (const std::exception&) {
    }
    std::filesystem::remove_all(dir);  // stale (an older export format): retrain
  }
  const auto data = data_file("weightlifting_721_workouts.csv");
  const core::ingest::WorkoutLog log = read_workout_log(data, notebook_read_options());
  notebook::pipeline::NotebookTrainOptions opts;
  opts.cv = std::nullopt;
  opts.hyperband = std::nullopt;
  opts.epochs = 25;
  opts.patience = 5;
  const notebook::pipeline::TrainResult result = run_training(log, core::util::sha256_hex(core::util::read_file(data)), opts);
  const auto tmp = dir.parent_path() / ("model-721-tmp-" + std::to_string(::getpid()));
  std::filesystem::remove_all(tmp);
  write_run_directory(tmp, result);
  std::error_code ec;
  std::filesystem::rename(tmp, dir, ec);
  if (ec) std::filesystem::remove_all(tmp);
  return dir;
}

}  // namespace exertrack::testing
