#include "notebook/pipeline/default_model.hpp"

#include <cstdlib>
#include <stdexcept>

#include "core/util/files.hpp"
#include "notebook/pipeline/train_run.hpp"
#include "synth/synth.hpp"

using exertrack::core::ingest::parse_workout_log;
using exertrack::core::ingest::WorkoutLog;
using exertrack::core::util::sha256_hex;
using exertrack::notebook::predict::Predictor;
using exertrack::synth::SynthOptions;

namespace exertrack::notebook::pipeline {

Predictor train_default_predictor(const std::function<void(const std::string&)>& log_line,
                                  const std::filesystem::path& run_dir) {
  const SynthOptions synth;
  const std::string csv = synth_strong_csv(synth);
  const WorkoutLog log = parse_workout_log(csv, synth_workout_log_source(synth));
  NotebookTrainOptions options;
  // Cross-validation only reports; Hyperband is replaced by the notebook
  // search's result (32/96, lr 0.01: the defaults). Both are skipped so a
  // recommendation without --model takes seconds, not minutes.
  options.cv = std::nullopt;
  options.hyperband = std::nullopt;
  const TrainResult result = run_training(log, sha256_hex(csv), options, log_line);
  if (!run_dir.empty()) {
    write_run_directory(run_dir, result);
    return Predictor::load(run_dir / "model");
  }
  // A private scratch directory (mkdtemp: unique even for concurrent calls).
  std::string tmpl = (std::filesystem::temp_directory_path() / "exertrack-default-model-XXXXXX").string();
  if (::mkdtemp(tmpl.data()) == nullptr) throw std::runtime_error("cannot create a temporary directory under " + std::filesystem::temp_directory_path().string());
  const std::filesystem::path dir = tmpl;
  struct Cleanup {
    std::filesystem::path dir;
    ~Cleanup() {
      std::error_code ec;
      std::filesystem::remove_all(dir, ec);
    }
  } cleanup{dir};
  write_run_directory(dir, result);
  return Predictor::load(dir / "model");
}

}  // namespace exertrack::notebook::pipeline
