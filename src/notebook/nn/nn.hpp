#pragma once
// Everything of the nn stage. Typical use (one Rng per run/trial):
//
//   notebook::nn::Rng rng(seed);
//   notebook::nn::Mlp model = notebook::nn::make_mlp(4, std::array{32, 96}, 3, 0.0F, rng);
//   notebook::nn::AdamState adam;
//   notebook::nn::FitOptions opt;
//   opt.learning_rate = 0.01;
//   opt.epochs = 100;
//   opt.early_stopping = notebook::nn::EarlyStoppingOptions{};  // monitor val_loss
//   opt.early_stopping->patience = 10;
//   opt.early_stopping->restore_best_weights = true;
//   notebook::nn::History h = notebook::nn::fit(model, adam, x_train, y_train, x_val, y_val, opt, rng);
//   notebook::nn::EvalResult r = notebook::nn::evaluate(model, x_test, y_test);
//
// x: Eigen::MatrixXf, rows = samples, columns = features; y: class indices.
// Nothing here is global or spawns threads: run independent fits in
// parallel threads freely, each with its own Mlp, AdamState and Rng.
// Everything linking this must be built with the same -march (Eigen's
// alignment, hence its ABI, follows the instruction set).
#include "notebook/nn/mlp.hpp"
#include "notebook/nn/model.hpp"
#include "notebook/nn/rng.hpp"
#include "notebook/nn/row_inference.hpp"
#include "notebook/nn/train.hpp"
