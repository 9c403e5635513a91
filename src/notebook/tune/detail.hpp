#pragma once
// Internal to the tune stage (not API): a CV run and a Hyperband run as
// task sets on a WorkQueue, so cross_validate, hyperband and
// cross_validate_and_hyperband share one implementation and one pool can
// run both searches at once.
#include <memory>
#include <mutex>
#include <optional>
#include <vector>

#include "notebook/tune/cv.hpp"
#include "notebook/tune/hyperband.hpp"
#include "notebook/tune/parallel.hpp"

namespace exertrack::notebook::tune::detail {

class CvRun {
 public:
  // Validates; throws InputError. `report` serialises progress callbacks
  // (shared with other runs on the same queue).
  CvRun(const Eigen::MatrixXd& x_raw, std::span<const int> y, const CvOptions& options, CvProgressFn progress,
        std::mutex& report);
  // Fold i gets key key_base + i.
  void submit(WorkQueue& queue, std::int64_t key_base);
  // After the queue ran: summaries.
  [[nodiscard]] CvResult finish();
  [[nodiscard]] int folds() const { return static_cast<int>(test_sets_.size()); }

 private:
  const Eigen::MatrixXd& x_;
  std::span<const int> y_;
  CvOptions options_;
  CvProgressFn progress_;
  std::mutex& report_;
  std::vector<std::vector<std::size_t>> test_sets_;
  CvResult result_;
};

class HyperbandRun {
 public:
  HyperbandRun(const Eigen::MatrixXf& x_train, std::span<const int> y_train, const Eigen::MatrixXf& x_val,
               std::span<const int> y_val, const SearchSpace& space, const HyperbandOptions& options,
               TrialProgressFn progress, std::mutex& report);
  // Trial keys: key_base + initial_epoch * 2^32 + id — trials with the most
  // epochs still ahead of them along their promotion chain first (round 0
  // before round 1 ...), then by id; results do not depend on it.
  void submit(WorkQueue& queue, std::int64_t key_base);
  [[nodiscard]] TuneResult finish();

 private:
  struct RoundSpan {
    int first = 0;
    int size = 0;
  };
  void submit_trial(int id);
  void run_task(int id);
  [[nodiscard]] bool has_next_round(int r) const;

  const Eigen::MatrixXf& x_train_;
  std::span<const int> y_train_;
  const Eigen::MatrixXf& x_val_;
  std::span<const int> y_val_;
  SearchSpace space_;
  HyperbandOptions options_;
  TrialProgressFn progress_;
  std::mutex& mutex_;  // guards everything below once tasks run
  WorkQueue* queue_ = nullptr;
  std::int64_t key_base_ = 0;
  std::vector<ScheduledTrial> schedule_;
  std::vector<std::optional<Hyperparameters>> hps_;
  std::vector<RoundSpan> rounds_;
  std::vector<int> round_of_;
  std::vector<int> remaining_;
  std::vector<std::unique_ptr<Checkpoint>> checkpoints_;
  std::vector<std::optional<int>> parents_;
  int completed_ = 0;
  double best_so_far_;
  TuneResult result_;
};

}  // namespace exertrack::notebook::tune::detail
