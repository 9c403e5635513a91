#pragma once
// A thin owner of XGBoost's C API handles (Debian's libxgboost-dev): the
// boosters the next-session model's heads are trained with. Serving and
// evaluation predict with exertrack's own Forest (next_session/model/
// forest.hpp); Booster::predict stays as the reference the tests and
// benchmarks hold it to. Errors become std::runtime_error with XGBoost's text.
#include <cstdint>
#include <mutex>
#include <span>
#include <string>
#include <utility>
#include <vector>

namespace exertrack::next_session::train::xgb {

// Throws std::runtime_error with XGBGetLastError() when rc != 0.
void check(int rc, const char* what);

// Rows x cols float32, NaN = missing.
class Matrix {
 public:
  Matrix(std::span<const float> values, std::size_t rows, std::size_t cols);
  Matrix(const Matrix&) = delete;
  Matrix& operator=(const Matrix&) = delete;
  Matrix(Matrix&& o) noexcept : handle_(std::exchange(o.handle_, nullptr)) {}
  ~Matrix();
  void set_labels(std::span<const float> labels);
  void set_weights(std::span<const float> weights);
  [[nodiscard]] void* handle() const { return handle_; }

 private:
  void* handle_ = nullptr;
};

class Booster {
 public:
  Booster();  // empty, to load into
  explicit Booster(const Matrix& train);
  Booster(const Booster&) = delete;
  Booster& operator=(const Booster&) = delete;
  Booster(Booster&& o) noexcept : handle_(std::exchange(o.handle_, nullptr)) {}
  Booster& operator=(Booster&& o) noexcept;
  ~Booster();

  void set_param(const std::string& name, const std::string& value);
  void update(int iteration, const Matrix& train);
  // XGBoost's JSON model (the format the Node.js package walks).
  [[nodiscard]] std::string save_json() const;
  void load_json(const std::string& json);
  // Raw predictions: rows x outputs (softmax probabilities for
  // multi:softprob, values for regression). Serialised by a mutex: XGBoost's
  // prediction cache is per booster.
  [[nodiscard]] std::vector<float> predict(const Matrix& m) const;
  [[nodiscard]] std::vector<float> predict(std::span<const float> values, std::size_t rows, std::size_t cols) const;

 private:
  void* handle_ = nullptr;
  mutable std::mutex mutex_;
};

}  // namespace exertrack::next_session::train::xgb
