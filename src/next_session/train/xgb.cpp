#include "next_session/train/xgb.hpp"

#include <xgboost/c_api.h>

#include <cmath>
#include <limits>
#include <stdexcept>

namespace exertrack::next_session::train::xgb {

void check(int rc, const char* what) {
  if (rc != 0) throw std::runtime_error(std::string("xgboost: ") + what + ": " + XGBGetLastError());
}

namespace {
// XGBoost logs warnings (deprecated defaults) to stderr unless told not to;
// a CLI's stderr is for the user.
void quiet_once() {
  static const bool done = [] {
    check(XGBSetGlobalConfig(R"({"verbosity": 0})"), "set global config");
    return true;
  }();
  (void)done;
}
}  // namespace

Matrix::Matrix(std::span<const float> values, std::size_t rows, std::size_t cols) {
  quiet_once();
  if (values.size() != rows * cols) throw std::invalid_argument("xgb::Matrix: values do not match rows x cols");
  check(XGDMatrixCreateFromMat(values.data(), rows, cols, std::numeric_limits<float>::quiet_NaN(), &handle_),
        "create matrix");
}

Matrix::~Matrix() {
  if (handle_ != nullptr) XGDMatrixFree(handle_);
}

void Matrix::set_labels(std::span<const float> labels) {
  check(XGDMatrixSetFloatInfo(handle_, "label", labels.data(), labels.size()), "set labels");
}

void Matrix::set_weights(std::span<const float> weights) {
  check(XGDMatrixSetFloatInfo(handle_, "weight", weights.data(), weights.size()), "set weights");
}

Booster::Booster() {
  quiet_once();
  check(XGBoosterCreate(nullptr, 0, &handle_), "create booster");
}

Booster::Booster(const Matrix& train) {
  quiet_once();
  void* dm = train.handle();
  check(XGBoosterCreate(&dm, 1, &handle_), "create booster");
}

Booster& Booster::operator=(Booster&& o) noexcept {
  if (this != &o) {
    if (handle_ != nullptr) XGBoosterFree(handle_);
    handle_ = std::exchange(o.handle_, nullptr);
  }
  return *this;
}

Booster::~Booster() {
  if (handle_ != nullptr) XGBoosterFree(handle_);
}

void Booster::set_param(const std::string& name, const std::string& value) {
  check(XGBoosterSetParam(handle_, name.c_str(), value.c_str()), ("set parameter " + name).c_str());
}

void Booster::update(int iteration, const Matrix& train) {
  check(XGBoosterUpdateOneIter(handle_, iteration, train.handle()), "boost");
}

std::string Booster::save_json() const {
  bst_ulong len = 0;
  const char* data = nullptr;
  const std::lock_guard lock(mutex_);
  check(XGBoosterSaveModelToBuffer(handle_, R"({"format": "json"})", &len, &data), "save model");
  return {data, static_cast<std::size_t>(len)};
}

void Booster::load_json(const std::string& json) {
  const std::lock_guard lock(mutex_);
  check(XGBoosterLoadModelFromBuffer(handle_, json.data(), json.size()), "load model");
}

std::vector<float> Booster::predict(const Matrix& m) const {
  bst_ulong len = 0;
  const float* out = nullptr;
  const std::lock_guard lock(mutex_);
  // option_mask 0 (values, not margins), ntree_limit 0 (all), training 0.
  check(XGBoosterPredict(handle_, m.handle(), 0, 0, 0, &len, &out), "predict");
  return {out, out + len};
}

std::vector<float> Booster::predict(std::span<const float> values, std::size_t rows, std::size_t cols) const {
  const Matrix m(values, rows, cols);
  return predict(m);
}

}  // namespace exertrack::next_session::train::xgb
