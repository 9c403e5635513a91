#include "notebook/nn/train.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <stdexcept>
#include <string>

namespace exertrack::notebook::nn {
namespace {

using Block = Eigen::Block<Eigen::MatrixXf, Eigen::Dynamic, Eigen::Dynamic, true>;

// Cross-entropy of one sample from its logits z[0..k) (stride apart), as
// Keras 2.15 computes categorical_crossentropy for a softmax output: it finds
// the logits behind the softmax (`_keras_logits`) and calls
// tf.nn.softmax_cross_entropy_with_logits, i.e. logsumexp(z) - z_y with no
// epsilon clipping. Writes (softmax(z) - onehot) * scale to dz when given.
// Returns the loss; *argmax gets the first maximal index.
float ce_sample(const float* z, Eigen::Index stride, Eigen::Index k, int label, float* dz, Eigen::Index dz_stride,
                float scale, Eigen::Index* argmax) {
  float mx = z[0];
  Eigen::Index best = 0;
  for (Eigen::Index c = 1; c < k; ++c) {
    if (z[c * stride] > mx) {
      mx = z[c * stride];
      best = c;
    }
  }
  float sum = 0.0F;
  if (dz != nullptr) {
    // exp once, parked in dz, then turned into the gradient.
    for (Eigen::Index c = 0; c < k; ++c) {
      const float e = std::exp(z[c * stride] - mx);
      dz[c * dz_stride] = e;
      sum += e;
    }
    const float inv = scale / sum;
    for (Eigen::Index c = 0; c < k; ++c) dz[c * dz_stride] *= inv;
    dz[label * dz_stride] -= scale;
  } else {
    for (Eigen::Index c = 0; c < k; ++c) sum += std::exp(z[c * stride] - mx);
  }
  *argmax = best;
  return mx + std::log(sum) - z[label * stride];
}

// A NaN or inf feature would silently turn every weight into NaN.
void check_finite(const Eigen::MatrixXf& x, const char* what) {
  if (x.allFinite()) return;
  for (Eigen::Index c = 0; c < x.cols(); ++c) {
    for (Eigen::Index r = 0; r < x.rows(); ++r) {
      if (!std::isfinite(x(r, c))) {
        throw std::invalid_argument(std::string(what) + ": row " + std::to_string(r) + ", feature " +
                                    std::to_string(c) + " is " + std::to_string(x(r, c)) + " (not finite)");
      }
    }
  }
}

void check_labels(std::span<const int> y, int classes, const char* what) {
  for (std::size_t i = 0; i < y.size(); ++i) {
    if (y[i] < 0 || y[i] >= classes) {
      throw std::invalid_argument(std::string(what) + ": label " + std::to_string(y[i]) + " at row " +
                                  std::to_string(i) + " is not in [0, " + std::to_string(classes) + ")");
    }
  }
}

// Eigen's GEMM packs its operands, which costs more than it saves when one
// dimension is tiny (3 classes, 4 features); the coefficient-based lazy
// product vectorises along the long dimension instead (measured: ~25-55 %
// faster for those shapes at batch 32).
bool narrow(Eigen::Index n) { return n < 16; }

// Training buffers in the transposed layout (features x batch, one sample
// per contiguous column): sized once for the largest batch, used through
// leftCols(b), so a training loop allocates nothing per batch.
struct Workspace {
  Eigen::MatrixXf a0;                  // inputs x B
  std::vector<Eigen::MatrixXf> z;      // output layer only: classes x B logits
  std::vector<Eigen::MatrixXf> a;      // per hidden layer: relu(z) * mask
  std::vector<Eigen::MatrixXf> mask;   // per hidden layer: 0 or 1/(1-rate)
  std::vector<Eigen::MatrixXf> dz;     // per layer: dLoss/dz
  Gradients grads;
  std::vector<Eigen::MatrixXf> grad_t;  // per narrow-input layer: units x inputs scratch

  Workspace(const Mlp& model, Eigen::Index batch) {
    const std::size_t n = model.layers.size();
    a0.resize(model.inputs(), batch);
    z.resize(n);
    a.resize(n);
    mask.resize(n);
    dz.resize(n);
    grads.kernel.resize(n);
    grads.bias.resize(n);
    for (std::size_t l = 0; l < n; ++l) {
      const Dense& d = model.layers[l];
      if (l + 1 == n) z[l].resize(d.kernel.cols(), batch);
      dz[l].resize(d.kernel.cols(), batch);
      if (l + 1 < n) {
        a[l].resize(d.kernel.cols(), batch);
        if (model.dropout_rate > 0.0F) mask[l].resize(d.kernel.cols(), batch);
      }
      grads.kernel[l].resize(d.kernel.rows(), d.kernel.cols());
      grad_t.emplace_back();
      if (narrow(d.kernel.rows()) && !narrow(d.kernel.cols())) grad_t.back().resize(d.kernel.cols(), d.kernel.rows());
      grads.bias[l].resize(d.kernel.cols());
    }
  }
};

struct BatchResult {
  double loss_sum = 0.0;  // sum of per-sample losses
  int correct = 0;
};

// Forward + backward for the first b columns of ws.a0; gradients of the
// batch-mean loss land in ws.grads.
BatchResult forward_backward(const Mlp& model, Workspace& ws, Eigen::Index b, std::span<const int> labels,
                             bool use_masks) {
  const std::size_t n = model.layers.size();
  for (std::size_t l = 0; l < n; ++l) {
    const Dense& d = model.layers[l];
    // Hidden layers work in place in a[l]; only the logits keep their own buffer.
    Block z = l + 1 < n ? ws.a[l].leftCols(b) : ws.z[l].leftCols(b);
    const auto in = l == 0 ? ws.a0.leftCols(b) : ws.a[l - 1].leftCols(b);
    // Start from the bias and let the product accumulate onto it: saves the
    // zero fill Eigen does before a plain `=` product and a separate bias pass.
    z = d.bias.rowwise().replicate(b);
    if (narrow(d.kernel.cols())) {
      z.noalias() += d.kernel.transpose().lazyProduct(in);
    } else {
      z.noalias() += d.kernel.transpose() * in;
    }
    if (l + 1 < n) {
      // ReLU, then dropout, in place (one column per sample).
      const Eigen::Index units = z.rows();
      for (Eigen::Index j = 0; j < b; ++j) {
        float* __restrict zc = &z(0, j);
        if (use_masks) {
          const float* __restrict mc = &ws.mask[l](0, j);
          for (Eigen::Index i = 0; i < units; ++i) zc[i] = std::max(zc[i], 0.0F) * mc[i];
        } else {
          for (Eigen::Index i = 0; i < units; ++i) zc[i] = std::max(zc[i], 0.0F);
        }
      }
    }
  }
  BatchResult result;
  const Eigen::MatrixXf& zl = ws.z[n - 1];
  Eigen::MatrixXf& dzl = ws.dz[n - 1];
  const Eigen::Index k = zl.rows();
  const float scale = 1.0F / static_cast<float>(b);
  for (Eigen::Index j = 0; j < b; ++j) {
    Eigen::Index best = 0;
    const int label = labels[static_cast<std::size_t>(j)];
    result.loss_sum += ce_sample(&zl(0, j), 1, k, label, &dzl(0, j), 1, scale, &best);
    if (best == label) ++result.correct;
  }
  for (std::size_t l = n; l-- > 0;) {
    const Dense& d = model.layers[l];
    const Block dz = ws.dz[l].leftCols(b);
    const auto in = l == 0 ? ws.a0.leftCols(b) : ws.a[l - 1].leftCols(b);
    if (narrow(d.kernel.cols())) {
      ws.grads.kernel[l].noalias() = in.lazyProduct(dz.transpose());
    } else if (narrow(d.kernel.rows())) {
      // Few inputs (the 4 features): the transposed product vectorises along
      // the units instead.
      ws.grad_t[l].noalias() = dz.lazyProduct(in.transpose());
      ws.grads.kernel[l] = ws.grad_t[l].transpose();
    } else {
      ws.grads.kernel[l].noalias() = in * dz.transpose();
    }
    // Column by column: contiguous, vectorised adds in sample order.
    Eigen::VectorXf& gb = ws.grads.bias[l];
    gb = dz.col(0);
    for (Eigen::Index j = 1; j < b; ++j) gb += dz.col(j);
    if (l > 0) {
      Block da = ws.dz[l - 1].leftCols(b);
      if (narrow(d.kernel.cols())) {
        da.noalias() = d.kernel.lazyProduct(dz);
      } else {
        da.noalias() = d.kernel * dz;
      }
      // Through dropout (same mask) and ReLU. The activation a = relu(z) *
      // mask is > 0 exactly where z > 0 and the unit was kept, so it stands in
      // for z (ReLU's gradient is 0 at z == 0, like tf.nn.relu's).
      const Eigen::Index units = da.rows();
      for (Eigen::Index j = 0; j < b; ++j) {
        float* __restrict dc = &da(0, j);
        const float* __restrict ac = &ws.a[l - 1](0, j);
        if (use_masks) {
          const float* __restrict mc = &ws.mask[l - 1](0, j);
          for (Eigen::Index i = 0; i < units; ++i) dc[i] = ac[i] > 0.0F ? dc[i] * mc[i] : 0.0F;
        } else {
          for (Eigen::Index i = 0; i < units; ++i) dc[i] = ac[i] > 0.0F ? dc[i] : 0.0F;
        }
      }
    }
  }
  return result;
}

void fill_masks(const Mlp& model, Workspace& ws, Eigen::Index b, Rng& rng) {
  // Inverted dropout (keras.layers.Dropout): keep with 1 - rate, scale kept
  // units by 1 / (1 - rate) so inference needs no rescaling.
  const float rate = model.dropout_rate;
  const float keep_scale = 1.0F / (1.0F - rate);
  for (std::size_t l = 0; l + 1 < model.layers.size(); ++l) {
    Eigen::MatrixXf& m = ws.mask[l];
    for (Eigen::Index j = 0; j < b; ++j) {
      for (Eigen::Index i = 0; i < m.rows(); ++i) m(i, j) = rng.uniform01() >= rate ? keep_scale : 0.0F;
    }
  }
}

void init_adam(const Mlp& model, AdamState& state) {
  if (state.slots.empty()) {
    for (const Dense& d : model.layers) {
      AdamState::Slot s;
      s.m_kernel = Eigen::MatrixXf::Zero(d.kernel.rows(), d.kernel.cols());
      s.v_kernel = Eigen::MatrixXf::Zero(d.kernel.rows(), d.kernel.cols());
      s.m_bias = Eigen::VectorXf::Zero(d.bias.size());
      s.v_bias = Eigen::VectorXf::Zero(d.bias.size());
      state.slots.push_back(std::move(s));
    }
    return;
  }
  if (state.slots.size() != model.layers.size()) throw std::invalid_argument("AdamState does not match the model");
  for (std::size_t l = 0; l < model.layers.size(); ++l) {
    const AdamState::Slot& s = state.slots[l];
    const Dense& d = model.layers[l];
    if (s.m_kernel.rows() != d.kernel.rows() || s.m_kernel.cols() != d.kernel.cols() ||
        s.v_kernel.rows() != d.kernel.rows() || s.v_kernel.cols() != d.kernel.cols() ||
        s.m_bias.size() != d.bias.size() || s.v_bias.size() != d.bias.size()) {
      throw std::invalid_argument("AdamState does not match the model at layer " + std::to_string(l + 1));
    }
  }
}

// Same expression shapes as Keras 2.15 Adam.update_step:
//   m.assign_add((g - m) * (1 - b1)); v.assign_add((g^2 - v) * (1 - b2))
//   var.assign_sub((m * alpha) / (sqrt(v) + eps))
// One fused pass (the compiler vectorises it; sqrt and division stay IEEE).
void adam_update(float* __restrict w, const float* __restrict g, float* __restrict m, float* __restrict v, Eigen::Index size, float one_minus_b1,
                 float one_minus_b2, float alpha, float eps) {
  for (Eigen::Index i = 0; i < size; ++i) {
    const float gi = g[i];
    const float mi = m[i] + (gi - m[i]) * one_minus_b1;
    const float vi = v[i] + (gi * gi - v[i]) * one_minus_b2;
    m[i] = mi;
    v[i] = vi;
    w[i] -= (mi * alpha) / (std::sqrt(vi) + eps);
  }
}

}  // namespace

// keras.callbacks.EarlyStopping as of Keras 2.15 (keras/callbacks.py,
// keras-team/keras v2.15.0; read via the search tool, compared with the later
// tf-keras copy, keras-team/tf-keras tf_keras/callbacks.py):
//  - mode auto: np.greater if the monitor ends with "acc", "accuracy" or
//    "auc", else np.less; min_delta = |min_delta|, negated for np.less;
//    improvement is monitor_op(current - min_delta, reference).
//  - on_train_begin resets wait = 0, best = +-inf, best_weights = None,
//    best_epoch = 0 (so every fit() call starts fresh).
//  - on_epoch_end: skip if epoch < start_from_epoch; if restoring and no
//    best_weights yet, snapshot the current weights; wait += 1; on
//    improvement: best, best_epoch = epoch, snapshot, and wait = 0 only if
//    the baseline is also beaten (or there is none), then return; otherwise
//    if wait >= patience and epoch > 0 (the absolute 0-based epoch index):
//    stop, and restore best_weights ONLY here, when stopping fires.
//    (Later tf-keras releases restore in on_train_end even without stopping;
//    Keras 2.15, which the notebook used, does not.)
// A NaN monitored value never improves (np.less(nan, x) is False) but counts
// towards patience, as in Keras.
EarlyStopping::EarlyStopping(const EarlyStoppingOptions& o) : opt_(o) {
  const std::string& m = o.monitor;
  if (m != "loss" && m != "accuracy" && m != "acc" && m != "val_loss" && m != "val_accuracy" && m != "val_acc") {
    throw std::invalid_argument("early stopping: unknown monitor '" + m +
                                "' (expected loss, accuracy, val_loss or val_accuracy)");
  }
  if (o.patience < 0) throw std::invalid_argument("early stopping: patience must be >= 0");
  if (o.mode == MonitorMode::automatic) {
    greater_ = m.ends_with("acc") || m.ends_with("accuracy") || m.ends_with("auc");
  } else {
    greater_ = o.mode == MonitorMode::max;
  }
  delta_ = greater_ ? std::abs(o.min_delta) : -std::abs(o.min_delta);
  best_ = greater_ ? -std::numeric_limits<double>::infinity() : std::numeric_limits<double>::infinity();
}

bool EarlyStopping::needs_validation() const { return opt_.monitor.starts_with("val_"); }

double EarlyStopping::value(const EpochStats& s) const {
  const std::string& m = opt_.monitor;
  if (m == "loss") return s.loss;
  if (m == "accuracy" || m == "acc") return s.accuracy;
  if (m == "val_loss") return s.val_loss;
  return s.val_accuracy;
}

bool EarlyStopping::improves(double current, double reference) const {
  return greater_ ? (current - delta_ > reference) : (current - delta_ < reference);
}

bool EarlyStopping::on_epoch_end(int epoch, const EpochStats& stats, Mlp& model) {
  const double current = value(stats);
  if (epoch < opt_.start_from_epoch) return false;
  if (opt_.restore_best_weights && !best_weights_) best_weights_ = model;
  ++wait_;
  if (improves(current, best_)) {
    best_ = current;
    best_epoch_ = epoch;
    improved_once_ = true;
    if (opt_.restore_best_weights) best_weights_ = model;
    if (!opt_.baseline || improves(current, *opt_.baseline)) wait_ = 0;
    return false;
  }
  if (wait_ >= opt_.patience && epoch > 0) {
    stopped_epoch_ = epoch;
    if (opt_.restore_best_weights && best_weights_) {
      model = *best_weights_;
      restored_ = true;
    }
    return true;
  }
  return false;
}

void adam_step(Mlp& model, AdamState& state, const Gradients& grads, float learning_rate) {
  init_adam(model, state);
  if (grads.kernel.size() != model.layers.size() || grads.bias.size() != model.layers.size()) {
    throw std::invalid_argument("adam_step: gradients do not match the model");
  }
  for (std::size_t l = 0; l < model.layers.size(); ++l) {
    const Dense& d = model.layers[l];
    if (grads.kernel[l].rows() != d.kernel.rows() || grads.kernel[l].cols() != d.kernel.cols() ||
        grads.bias[l].size() != d.bias.size()) {
      throw std::invalid_argument("adam_step: gradients do not match the model at layer " + std::to_string(l + 1));
    }
  }
  // Keras 2.15 (optimizers/adam.py, update_step) rounds like this: the
  // powers are tf.pow(float32(beta), float32(t)); `1 - beta` is Python
  // (double) arithmetic, rounded to float32 when it meets the tensor, as is
  // epsilon. (1 - 0.999F in float would be 0.00099998713, not 0.001.)
  const auto t = static_cast<float>(state.iterations + 1);
  const float b1_power = std::pow(static_cast<float>(state.beta_1), t);
  const float b2_power = std::pow(static_cast<float>(state.beta_2), t);
  const float alpha = learning_rate * std::sqrt(1.0F - b2_power) / (1.0F - b1_power);
  const auto one_minus_b1 = static_cast<float>(1.0 - state.beta_1);
  const auto one_minus_b2 = static_cast<float>(1.0 - state.beta_2);
  const auto eps = static_cast<float>(state.epsilon);
  for (std::size_t l = 0; l < model.layers.size(); ++l) {
    Dense& d = model.layers[l];
    AdamState::Slot& s = state.slots[l];
    adam_update(d.kernel.data(), grads.kernel[l].data(), s.m_kernel.data(), s.v_kernel.data(), d.kernel.size(),
                one_minus_b1, one_minus_b2, alpha, eps);
    adam_update(d.bias.data(), grads.bias[l].data(), s.m_bias.data(), s.v_bias.data(), d.bias.size(), one_minus_b1,
                one_minus_b2, alpha, eps);
  }
  ++state.iterations;
}

double softmax_cross_entropy(const Eigen::MatrixXf& logits, std::span<const int> y, Eigen::MatrixXf* dlogits) {
  if (static_cast<std::size_t>(logits.rows()) != y.size() || y.empty()) {
    throw std::invalid_argument("softmax_cross_entropy: " + std::to_string(logits.rows()) + " rows but " +
                                std::to_string(y.size()) + " labels");
  }
  check_labels(y, static_cast<int>(logits.cols()), "softmax_cross_entropy");
  if (dlogits != nullptr) dlogits->resize(logits.rows(), logits.cols());
  const float scale = 1.0F / static_cast<float>(logits.rows());
  double sum = 0.0;
  for (Eigen::Index r = 0; r < logits.rows(); ++r) {
    Eigen::Index best = 0;
    float* dz = dlogits != nullptr ? &(*dlogits)(r, 0) : nullptr;
    sum += ce_sample(&logits(r, 0), logits.rows(), logits.cols(), y[static_cast<std::size_t>(r)], dz, logits.rows(),
                     scale, &best);
  }
  return sum / static_cast<double>(logits.rows());
}

double compute_gradients(const Mlp& model, const Eigen::MatrixXf& x, std::span<const int> y, Gradients& grads,
                         const std::vector<Eigen::MatrixXf>* dropout_masks) {
  validate(model);
  if (x.cols() != model.inputs() || static_cast<std::size_t>(x.rows()) != y.size() || y.empty()) {
    throw std::invalid_argument("compute_gradients: x is " + std::to_string(x.rows()) + "x" +
                                std::to_string(x.cols()) + ", labels " + std::to_string(y.size()));
  }
  check_labels(y, model.outputs(), "compute_gradients");
  Mlp shape = model;
  const bool masks = dropout_masks != nullptr;
  if (masks) {
    if (dropout_masks->size() + 1 != model.layers.size()) {
      throw std::invalid_argument("compute_gradients: need one dropout mask per hidden layer");
    }
    shape.dropout_rate = 0.5F;  // any rate > 0 makes the workspace hold masks
  }
  Workspace ws(shape, x.rows());
  ws.a0 = x.transpose();
  if (masks) {
    for (std::size_t l = 0; l < dropout_masks->size(); ++l) {
      const Eigen::MatrixXf& m = (*dropout_masks)[l];
      if (m.rows() != x.rows() || m.cols() != model.layers[l].kernel.cols()) {
        throw std::invalid_argument("compute_gradients: dropout mask " + std::to_string(l + 1) + " has wrong shape");
      }
      ws.mask[l] = m.transpose();
    }
  }
  const BatchResult r = forward_backward(model, ws, x.rows(), y, masks);
  grads = ws.grads;
  return r.loss_sum / static_cast<double>(x.rows());
}

History fit(Mlp& model, AdamState& opt, const Eigen::MatrixXf& x, std::span<const int> y, const Eigen::MatrixXf& x_val,
            std::span<const int> y_val, const FitOptions& options, Rng& rng) {
  validate(model);
  const Eigen::Index n = x.rows();
  if (n == 0) throw std::invalid_argument("fit: no training samples");
  if (x.cols() != model.inputs()) {
    throw std::invalid_argument("fit: x has " + std::to_string(x.cols()) + " features, model expects " +
                                std::to_string(model.inputs()));
  }
  if (static_cast<std::size_t>(n) != y.size()) {
    throw std::invalid_argument("fit: " + std::to_string(n) + " rows but " + std::to_string(y.size()) + " labels");
  }
  check_labels(y, model.outputs(), "fit");
  check_finite(x, "fit");
  const bool has_val = x_val.rows() > 0;
  if (has_val) {
    if (x_val.cols() != model.inputs() || static_cast<std::size_t>(x_val.rows()) != y_val.size()) {
      throw std::invalid_argument("fit: validation data is " + std::to_string(x_val.rows()) + "x" +
                                  std::to_string(x_val.cols()) + " with " + std::to_string(y_val.size()) + " labels");
    }
    check_labels(y_val, model.outputs(), "fit (validation)");
    check_finite(x_val, "fit (validation)");
  }
  if (options.batch_size <= 0) throw std::invalid_argument("fit: batch_size must be positive");
  if (!(options.learning_rate > 0.0)) throw std::invalid_argument("fit: learning_rate must be positive");
  if (options.initial_epoch < 0) throw std::invalid_argument("fit: initial_epoch must be >= 0");
  std::optional<EarlyStopping> stopper;
  if (options.early_stopping) {
    stopper.emplace(*options.early_stopping);
    if (stopper->needs_validation() && !has_val) {
      throw std::invalid_argument("fit: early stopping monitors '" + options.early_stopping->monitor +
                                  "' but no validation data was given");
    }
  }
  init_adam(model, opt);

  const Eigen::Index batch = std::min<Eigen::Index>(options.batch_size, n);
  Workspace ws(model, batch);
  const Eigen::MatrixXf xt = x.transpose();  // one sample per column
  std::vector<int> order(static_cast<std::size_t>(n));
  std::vector<int> batch_labels(static_cast<std::size_t>(batch));
  const bool dropout = model.dropout_rate > 0.0F;
  const auto lr = static_cast<float>(options.learning_rate);
  const double nan = std::numeric_limits<double>::quiet_NaN();

  History history;
  double best_plain = std::numeric_limits<double>::infinity();
  for (int epoch = options.initial_epoch; epoch < options.epochs; ++epoch) {
    std::iota(order.begin(), order.end(), 0);
    if (options.shuffle) rng.shuffle(order);
    double loss_sum = 0.0;
    long long correct = 0;
    for (Eigen::Index start = 0; start < n; start += batch) {
      const Eigen::Index b = std::min(batch, n - start);  // the last partial batch is kept
      for (Eigen::Index j = 0; j < b; ++j) {
        const int idx = order[static_cast<std::size_t>(start + j)];
        ws.a0.col(j) = xt.col(idx);
        batch_labels[static_cast<std::size_t>(j)] = y[static_cast<std::size_t>(idx)];
      }
      if (dropout) fill_masks(model, ws, b, rng);
      const BatchResult r =
          forward_backward(model, ws, b, std::span<const int>(batch_labels.data(), static_cast<std::size_t>(b)), dropout);
      // Keras' loss metric is Mean(batch_loss, sample_weight=batch_size):
      // summing per-sample losses is the same batch-size-weighted mean.
      loss_sum += r.loss_sum;
      correct += r.correct;
      adam_step(model, opt, ws.grads, lr);
    }
    EpochStats stats;
    stats.epoch = epoch + 1;
    stats.loss = loss_sum / static_cast<double>(n);
    stats.accuracy = static_cast<double>(correct) / static_cast<double>(n);
    stats.val_loss = nan;
    stats.val_accuracy = nan;
    if (has_val) {
      const EvalResult v = evaluate(model, x_val, y_val);
      stats.val_loss = v.loss;
      stats.val_accuracy = v.accuracy;
    }
    history.epochs.push_back(stats);
    bool stop = false;
    if (stopper) {
      stop = stopper->on_epoch_end(epoch, stats, model);
      if (stop) {
        history.stopped_early = true;
        history.stopped_epoch = epoch + 1;
        history.restored_best_weights = stopper->restored();
      }
    } else {
      const double v = has_val ? stats.val_loss : stats.loss;
      if (v < best_plain) {
        best_plain = v;
        history.best_epoch = epoch + 1;
        history.best_value = v;
      }
    }
    if (options.on_epoch_end && !options.on_epoch_end(stats)) stop = true;
    if (stop) break;
  }
  if (stopper && stopper->improved_once()) {
    history.best_epoch = stopper->best_epoch() + 1;
    history.best_value = stopper->best();
  }
  return history;
}

std::optional<EarlyStoppingOptions> restoring_early_stopping(int patience, const std::string& monitor) {
  if (patience < 0) return std::nullopt;
  EarlyStoppingOptions es;
  es.monitor = monitor;
  es.patience = patience;
  es.restore_best_weights = true;
  return es;
}

}  // namespace exertrack::notebook::nn
