#pragma once
// Everything of the nn stage. Typical use (one Rng per run/trial):
//
//   nn::Rng rng(seed);
//   nn::Mlp model = nn::make_mlp(4, std::array{32, 96}, 3, 0.0F, rng);
//   nn::AdamState adam;
//   nn::FitOptions opt;
//   opt.learning_rate = 0.01;
//   opt.epochs = 100;
//   opt.early_stopping = nn::EarlyStoppingOptions{};  // monitor val_loss
//   opt.early_stopping->patience = 10;
//   opt.early_stopping->restore_best_weights = true;
//   nn::History h = nn::fit(model, adam, x_train, y_train, x_val, y_val, opt, rng);
//   nn::EvalResult r = nn::evaluate(model, x_test, y_test);
//
// x: Eigen::MatrixXf, rows = samples, columns = features; y: class indices.
// Nothing here is global or spawns threads: run independent fits in
// parallel threads freely, each with its own Mlp, AdamState and Rng.
// Everything linking this must be built with the same -march (Eigen's
// alignment, hence its ABI, follows the instruction set).
#include "nn/mlp.hpp"
#include "nn/model.hpp"
#include "nn/rng.hpp"
#include "nn/row_inference.hpp"
#include "nn/train.hpp"
