#pragma once
// Training: Adam (Keras 2.15 semantics), categorical cross-entropy from the
// logits, shuffled mini-batches, per-epoch history and EarlyStopping.
#include <Eigen/Core>
#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "notebook/nn/mlp.hpp"
#include "notebook/nn/model.hpp"
#include "notebook/nn/rng.hpp"

namespace exertrack::notebook::nn {

// Adam moments per parameter (same shapes as the model's layers) and the
// number of steps taken. Carry it across fit() calls to continue training
// exactly; a default-constructed state is (re)initialised to zeros on first use.
struct AdamState {
  struct Slot {
    Eigen::MatrixXf m_kernel, v_kernel;
    Eigen::VectorXf m_bias, v_bias;
  };
  std::vector<Slot> slots;
  std::int64_t iterations = 0;  // Keras optimizer.iterations
  // Python floats in Keras; see adam_step for where each is rounded to float32.
  double beta_1 = 0.9;
  double beta_2 = 0.999;
  double epsilon = 1e-7;
};

// Gradients of the loss w.r.t. each layer's parameters.
struct Gradients {
  std::vector<Eigen::MatrixXf> kernel;
  std::vector<Eigen::VectorXf> bias;
};

// One Adam update (Keras 2.15 optimizers/adam.py):
//   t = iterations + 1; alpha = lr * sqrt(1 - b2^t) / (1 - b1^t)
//   m += (g - m) * (1 - b1); v += (g^2 - v) * (1 - b2); w -= alpha * m / (sqrt(v) + eps)
void adam_step(Mlp& model, AdamState& state, const Gradients& grads, float learning_rate);

enum class MonitorMode : std::uint8_t { automatic, min, max };

// keras.callbacks.EarlyStopping (2.15). monitor: "loss", "accuracy",
// "val_loss" or "val_accuracy".
struct EarlyStoppingOptions {
  std::string monitor = "val_loss";
  MonitorMode mode = MonitorMode::automatic;  // auto: max for *acc*/accuracy, else min
  int patience = 0;
  double min_delta = 0.0;
  bool restore_best_weights = false;  // restored only when stopping fires
  std::optional<double> baseline;
  int start_from_epoch = 0;
};

// The notebook's EarlyStopping(monitor, patience, restore_best_weights=True),
// used by CV folds, Hyperband trials and the best-epoch search alike;
// nullopt (no early stopping) when patience < 0.
[[nodiscard]] std::optional<EarlyStoppingOptions> restoring_early_stopping(int patience,
                                                                         const std::string& monitor = "val_loss");

struct EpochStats {
  int epoch = 0;           // 1-based
  double loss = 0.0;       // training loss: batch-size-weighted running mean over the epoch (dropout on)
  double accuracy = 0.0;   // training accuracy over the epoch's forward passes
  double val_loss = 0.0;   // NaN when no validation data
  double val_accuracy = 0.0;
};

struct History {
  std::vector<EpochStats> epochs;
  int best_epoch = 0;            // 1-based epoch of the best monitored value (0: none)
  double best_value = 0.0;       // that value
  bool stopped_early = false;
  int stopped_epoch = 0;         // 1-based epoch at which EarlyStopping fired (0: did not)
  bool restored_best_weights = false;
};

// keras.callbacks.EarlyStopping (Keras 2.15 semantics, see train.cpp). One
// instance per fit() call; fit() drives it, tests can drive it directly.
class EarlyStopping {
 public:
  // Throws std::invalid_argument on an unknown monitor or negative patience.
  explicit EarlyStopping(const EarlyStoppingOptions& options);
  // epoch: absolute 0-based index (Keras' `epoch`). Returns true when
  // training must stop; with restore_best_weights the model has then been
  // set back to the best epoch's weights.
  bool on_epoch_end(int epoch, const EpochStats& stats, Mlp& model);

  [[nodiscard]] bool needs_validation() const;
  [[nodiscard]] double value(const EpochStats& stats) const;  // the monitored value
  [[nodiscard]] bool improved_once() const { return improved_once_; }
  [[nodiscard]] int best_epoch() const { return best_epoch_; }        // 0-based, like Keras
  [[nodiscard]] int stopped_epoch() const { return stopped_epoch_; }  // 0-based, 0 = not stopped
  [[nodiscard]] double best() const { return best_; }
  [[nodiscard]] int wait() const { return wait_; }
  [[nodiscard]] bool restored() const { return restored_; }

 private:
  [[nodiscard]] bool improves(double current, double reference) const;

  EarlyStoppingOptions opt_;
  bool greater_ = false;
  double delta_ = 0.0;
  double best_ = 0.0;
  int wait_ = 0;
  int best_epoch_ = 0;
  int stopped_epoch_ = 0;
  bool improved_once_ = false;
  bool restored_ = false;
  std::optional<Mlp> best_weights_;
};

struct FitOptions {
  double learning_rate = 1e-3;
  int epochs = 1;          // train epochs [initial_epoch, epochs) like Keras fit
  int initial_epoch = 0;
  int batch_size = 32;     // last partial batch kept
  bool shuffle = true;     // reshuffle every epoch (from the Rng passed to fit)
  std::optional<EarlyStoppingOptions> early_stopping;
  // Called after each epoch (after early stopping's check); return false to stop.
  std::function<bool(const EpochStats&)> on_epoch_end;
};

// Trains `model` in place. x_val may be empty (0 rows): then val_* are NaN
// and monitoring a val_* metric throws std::invalid_argument. best_epoch
// follows the early-stopping monitor, else val_loss (loss without
// validation). Throws std::invalid_argument on shape/label errors and on
// non-finite features (naming row and feature).
History fit(Mlp& model, AdamState& opt, const Eigen::MatrixXf& x, std::span<const int> y, const Eigen::MatrixXf& x_val,
            std::span<const int> y_val, const FitOptions& options, Rng& rng);

// ---- lower-level pieces, public for tests and tools -------------------

// Mean cross-entropy and its gradient for one batch, from the logits
// z (rows = samples): loss_i = logsumexp(z_i) - z_i[y_i]; dz = (softmax(z) - onehot) / n.
// Gradient is written only if dlogits != nullptr.
double softmax_cross_entropy(const Eigen::MatrixXf& logits, std::span<const int> y, Eigen::MatrixXf* dlogits);

// Loss and parameter gradients for one batch (rows = samples). With
// dropout_masks (one per hidden layer, same shape as that layer's output,
// entries 0 or 1/(1-rate)) the masks are applied as in training.
double compute_gradients(const Mlp& model, const Eigen::MatrixXf& x, std::span<const int> y, Gradients& grads,
                         const std::vector<Eigen::MatrixXf>* dropout_masks = nullptr);

}  // namespace exertrack::notebook::nn
