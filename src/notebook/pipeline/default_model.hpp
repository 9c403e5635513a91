#pragma once
// The model `recommend` uses when no --model is given: trained on the
// embedded synthetic log with the default training options, exported and
// read back through the same files a real model directory holds, so it is
// served exactly like one.
#include <filesystem>
#include <functional>
#include <string>

#include "notebook/predict/predictor.hpp"

namespace exertrack::notebook::pipeline {

// Trains on synth_workout_log(SynthOptions{}) with NotebookTrainOptions{} minus
// cross-validation and Hyperband (the notebook's final-model settings), writes the run directory to `run_dir`
// (a fresh temporary directory, removed afterwards, when empty) and loads
// run_dir/model. `log_line` receives training progress (may be empty).
[[nodiscard]] notebook::predict::Predictor train_default_predictor(const std::function<void(const std::string&)>& log_line = {},
                                                const std::filesystem::path& run_dir = {});

}  // namespace exertrack::notebook::pipeline
