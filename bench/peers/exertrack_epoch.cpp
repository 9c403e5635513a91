// exertrack's side of the peer benchmark (bench/peers/run.sh): the same
// model, data and timing protocol as the TensorFlow.js / PyTorch /
// scikit-learn scripts beside it, through the public nn API — make_mlp
// (Dense relu, relu, softmax; Glorot), Adam lr 1e-3, fit() with shuffled
// mini-batches — one fit() call over warmup + epochs, timed per epoch from
// FitOptions::on_epoch_end. bench_nn measures the same kernels on synthetic
// data at batch 32 only; this program adds batch 256 and the real rows.
//
//   exertrack_epoch --data train.csv --units 32,96 --batch 32 --epochs 20 [--warmup 1]
//
// Prints one JSON object: median wall and process-CPU ms per epoch.
#include <time.h>  // clock_gettime: process CPU time (std::clock is too coarse)

#include <Eigen/Core>
#include <algorithm>
#include <array>
#include <charconv>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <span>
#include <stdexcept>
#include <string>
#include <vector>

#include "notebook/nn/nn.hpp"

using exertrack::notebook::nn::AdamState;
using exertrack::notebook::nn::FitOptions;
using exertrack::notebook::nn::Rng;

namespace {

struct Args {
  std::string data;
  std::array<int, 2> units{32, 96};
  int batch = 32;
  int epochs = 20;
  int warmup = 1;
  std::uint64_t seed = 42;
};

int to_int(const std::string& s, const std::string& what) {
  int v = 0;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc{} || end != s.data() + s.size() || v < 0) throw std::invalid_argument(what + ": bad value '" + s + "'");
  return v;
}

Args parse_args(int argc, char** argv) {
  Args a;
  for (int i = 1; i < argc; i += 2) {
    const std::string key = argv[i];
    if (i + 1 >= argc) throw std::invalid_argument(key + " needs a value");
    const std::string val = argv[i + 1];
    if (key == "--data") {
      a.data = val;
    } else if (key == "--units") {
      const auto comma = val.find(',');
      if (comma == std::string::npos) throw std::invalid_argument("--units: expected U1,U2");
      a.units = {to_int(val.substr(0, comma), key), to_int(val.substr(comma + 1), key)};
    } else if (key == "--batch") {
      a.batch = to_int(val, key);
    } else if (key == "--epochs") {
      a.epochs = to_int(val, key);
    } else if (key == "--warmup") {
      a.warmup = to_int(val, key);
    } else if (key == "--seed") {
      a.seed = static_cast<std::uint64_t>(to_int(val, key));
    } else {
      throw std::invalid_argument("unknown option " + key);
    }
  }
  if (a.data.empty()) throw std::invalid_argument("--data is required");
  if (a.epochs < 1 || a.batch < 1) throw std::invalid_argument("--epochs and --batch must be positive");
  return a;
}

// The five-column numeric file written by export_data.py (f0..f3,label).
// Hand-parsed: it is our own fixed format, not a user's CSV, so the ingest
// stage's dialect handling is not needed here.
void read_train_csv(const std::string& path, Eigen::MatrixXf& x, std::vector<int>& y) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error(path + ": cannot open");
  std::string line;
  std::getline(in, line);
  if (line != "f0,f1,f2,f3,label") throw std::runtime_error(path + ":1: unexpected header '" + line + "'");
  std::vector<std::array<float, 4>> rows;
  for (int line_no = 2; std::getline(in, line); ++line_no) {
    std::array<float, 4> r{};
    const char* p = line.data();
    const char* end = line.data() + line.size();
    for (int j = 0; j < 5; ++j) {
      const char* field_end = std::find(p, end, j < 4 ? ',' : '\n');
      std::from_chars_result res{};
      if (j < 4) {
        double v = 0.0;  // from_chars<float> of a double repr rounds once, like numpy's astype(float32)
        res = std::from_chars(p, field_end, v);
        r[static_cast<std::size_t>(j)] = static_cast<float>(v);
      } else {
        int label = 0;
        res = std::from_chars(p, field_end, label);
        y.push_back(label);
      }
      if (res.ec != std::errc{} || res.ptr != field_end) {
        throw std::runtime_error(path + ":" + std::to_string(line_no) + ": bad field " + std::to_string(j + 1));
      }
      p = field_end == end ? end : field_end + 1;
    }
    rows.push_back(r);
  }
  x.resize(static_cast<Eigen::Index>(rows.size()), 4);
  for (std::size_t i = 0; i < rows.size(); ++i) {
    for (int j = 0; j < 4; ++j) x(static_cast<Eigen::Index>(i), j) = rows[i][static_cast<std::size_t>(j)];
  }
}

double cpu_seconds() {
  timespec ts{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

double median_low(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[(v.size() - 1) / 2];
}

int run(int argc, char** argv) {
  const Args a = parse_args(argc, argv);
  Eigen::MatrixXf x;
  std::vector<int> y;
  read_train_csv(a.data, x, y);

  Rng rng(a.seed);
  exertrack::notebook::nn::Mlp model = exertrack::notebook::nn::make_mlp(4, a.units, 3, 0.0F, rng);
  AdamState opt;
  FitOptions o;
  o.learning_rate = 1e-3;
  o.batch_size = a.batch;
  o.epochs = a.warmup + a.epochs;
  o.shuffle = true;

  std::vector<double> wall;
  std::vector<double> cpu;
  double last_loss = 0.0;
  auto t0 = std::chrono::steady_clock::now();
  double c0 = cpu_seconds();
  o.on_epoch_end = [&](const exertrack::notebook::nn::EpochStats& s) {
    const auto t1 = std::chrono::steady_clock::now();
    const double c1 = cpu_seconds();
    wall.push_back(std::chrono::duration<double, std::milli>(t1 - t0).count());
    cpu.push_back((c1 - c0) * 1e3);
    last_loss = s.loss;
    t0 = t1;
    c0 = c1;
    return true;
  };
  const Eigen::MatrixXf none;
  exertrack::notebook::nn::fit(model, opt, x, y, none, {}, o, rng);

  wall.erase(wall.begin(), wall.begin() + a.warmup);
  cpu.erase(cpu.begin(), cpu.begin() + a.warmup);
  const nlohmann::json out = {
      {"peer", "exertrack"},      {"threads", 1},
      {"units", a.units},         {"batch", a.batch},
      {"rows", x.rows()},         {"warmup_epochs", a.warmup},
      {"epoch_wall_ms", wall},    {"epoch_cpu_ms", cpu},
      {"wall_ms", median_low(wall)}, {"cpu_ms", median_low(cpu)},
      {"final_loss", last_loss},
  };
  std::cout << out.dump() << '\n';
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    return run(argc, argv);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "exertrack_epoch: %s\n", e.what());
    return 2;
  }
}
