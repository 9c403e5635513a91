#pragma once
// Real run directories for the report tests, made once per test process by
// the real training pipeline on a small synthetic log (seconds, not the
// full notebook run).
#include <unistd.h>

#include <filesystem>
#include <string>

#include "common/test_data.hpp"
#include "core/util/files.hpp"
#include "notebook/pipeline/train_run.hpp"
#include "synth/synth.hpp"

namespace exertrack::report::testing_fixture {

// An exercise name that needs escaping everywhere: HTML, SVG, gnuplot, CSV.
inline const std::string kNastyExercise = "Curl <EZ> & \"Bar\" 'x' \\ 100%";

inline std::filesystem::path make_run(const std::string& name, bool with_cv_and_tuning) {
  synth::SynthOptions synth;
  synth.seed = 7;
  synth.rows = 1500;
  core::ingest::WorkoutLog log = synth_workout_log(synth);
  log.exercises.at(0) = kNastyExercise;  // interned names: renames every set of that exercise
  notebook::pipeline::NotebookTrainOptions o;
  o.epochs = 12;
  o.patience = 3;
  o.threads = 2;
  o.units = {16, 8};
  if (with_cv_and_tuning) {
    o.features = notebook::features::notebook_definition();
    notebook::tune::CvOptions cv;
    cv.folds = 3;
    cv.epochs = 4;
    cv.units = {16, 8};
    o.cv = cv;
    notebook::tune::HyperbandOptions hb;
    hb.max_epochs = 3;
    o.hyperband = hb;
    o.search_space.units = {{8, 32, 8}, {8, 16, 8}};
  } else {
    o.features = notebook::features::v2_definition();
    o.cv.reset();
    o.hyperband.reset();
  }
  notebook::pipeline::TrainResult result = run_training(log, core::util::sha256_hex("synthetic"), o);
  // ctest runs each test in its own process, several at once: one directory per process.
  const auto dir = exertrack::testing::scratch_dir(name + "-" + std::to_string(::getpid()));
  write_run_directory(dir, result);
  return dir;
}

// Removes a per-process run directory when the test process exits.
struct RunDir {
  std::filesystem::path path;
  ~RunDir() {
    std::error_code ec;
    std::filesystem::remove_all(path, ec);
  }
};

// CV, Hyperband, notebook features (label leak section).
inline const std::filesystem::path& full_run() {
  static const RunDir dir{make_run("report_full_run", true)};
  return dir.path;
}

// --cv-folds 0 --tune none --feature-set v2.
inline const std::filesystem::path& skipped_run() {
  static const RunDir dir{make_run("report_skipped_run", false)};
  return dir.path;
}

}  // namespace exertrack::report::testing_fixture
