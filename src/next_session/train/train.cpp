#include "next_session/train/train.hpp"

#include <omp.h>
#include <xgboost/c_api.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <thread>

#include "core/util/error.hpp"
#include "next_session/train/boosting.hpp"

using exertrack::core::util::InputError;
using exertrack::next_session::model::ForecastHead;
using exertrack::next_session::model::ForecastModel;
using exertrack::next_session::model::planned_reps_feature_count;
using exertrack::next_session::model::session_feature_count;
using exertrack::next_session::model::session_feature_names;

namespace exertrack::next_session::train {
namespace {

nlohmann::json head_json(const Head& h) {
  nlohmann::json j = {{"objective", h.objective},           {"rounds", h.boosting.rounds},
                      {"eta", h.boosting.eta},               {"max_bin", h.boosting.max_bin},
                      {"max_depth", h.boosting.max_depth}, {"min_child_weight", h.boosting.min_child_weight}};
  if (h.objective == "reg:pseudohubererror") j["huber_slope"] = h.huber_slope;
  return j;
}

}  // namespace

nlohmann::json train_options_to_json(const ForecastTrainOptions& o) {
  return {{"booster", "xgboost"},
          {"xgboost_version", [] {
             int major = 0, minor = 0, patch = 0;
             XGBoostVersion(&major, &minor, &patch);
             return std::to_string(major) + "." + std::to_string(minor) + "." + std::to_string(patch);
           }()},
          {"heads",
           {{"action", head_json(action_head(o))},
            {"weight", head_json(weight_head(o))},
            {"reps", head_json(reps_head(o))},
            {"load", head_json(load_head(o))}}},
          {"subsample", o.subsample},
          {"colsample_bytree", o.colsample_bytree},
          {"lambda", o.lambda},
          {"calibration_every", o.calibration_every},
          {"calibration_share", o.calibration_share},
          {"seed", o.seed}};
}

std::vector<TransitionRef> all_transitions(std::span<const Lifter> lifters) {
  std::vector<TransitionRef> out;
  for (std::size_t l = 0; l < lifters.size(); ++l) {
    for (std::size_t i = 0; i < lifters[l].transitions.size(); ++i) out.push_back({l, i});
  }
  return out;
}

ForecastModel train_model(std::span<const Lifter> lifters, std::span<const TransitionRef> train, const ForecastTrainOptions& options) {
  if (train.size() < 20) {
    throw InputError("next-session training needs at least 20 transitions (session -> next session of an exercise), got " +
                     std::to_string(train.size()));
  }
  const auto cols = static_cast<std::size_t>(session_feature_count());
  const auto load_cols = cols + static_cast<std::size_t>(planned_reps_feature_count());
  ForecastModel model;
  model.definition = options.definition;

  // Calibration first, on a model that has not seen the held-out sessions.
  const auto [fit_part, cal_part] = calibration_split(lifters, train, options);
  const HeadData all = head_rows(lifters, train, options.definition);
  if (!cal_part.empty() && fit_part.size() >= 20) {
    const HeadData fit_rows = head_rows(lifters, fit_part, options.definition);
    const HeadData cal_rows = head_rows(lifters, cal_part, options.definition);
    const ForecastHead probe = head_of(fit(fit_rows.action, cols, action_head(options), options), "calibration probe");
    const std::vector<float> raw = probe.forest.predict(cal_rows.action.x, cal_rows.action.n);
    model.temperature = fit_temperature(raw, cal_rows.action.y);
  }

  model.action = head_of(fit(all.action, cols, action_head(options), options), "action");
  model.weight = head_of(fit(all.weight, cols, weight_head(options), options), "weight");
  model.reps = head_of(fit(all.reps, cols, reps_head(options), options), "reps");
  if (all.load.n == 0) throw InputError("next-session training: no transition with a load on both sessions");
  model.load = head_of(fit(all.load, load_cols, load_head(options), options), "load");
  model.training = train_options_to_json(options);
  model.training["transitions"] = train.size();
  model.training["load_transitions"] = all.load.n;
  if (options.search) model.training["search"] = *options.search;
  return model;
}

std::vector<std::pair<std::string, double>> action_feature_importance(const ForecastModel& model) {
  const nlohmann::json& j = model.action.xgboost;
  // Sum of split gains per feature over every tree of the action head.
  std::vector<double> gain(static_cast<std::size_t>(session_feature_count()), 0.0);
  for (const auto& tree : j.at("learner").at("gradient_booster").at("model").at("trees")) {
    const auto& left = tree.at("left_children");
    const auto& idx = tree.at("split_indices");
    const auto& loss = tree.at("loss_changes");
    for (std::size_t n = 0; n < left.size(); ++n) {
      if (left[n].get<int>() != -1) gain.at(idx[n].get<std::size_t>()) += loss[n].get<double>();
    }
  }
  std::vector<std::pair<std::string, double>> out;
  const auto names = session_feature_names();
  for (std::size_t i = 0; i < gain.size(); ++i) out.emplace_back(std::string(names[i]), gain[i]);
  std::stable_sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
  return out;
}

}  // namespace exertrack::next_session::train
