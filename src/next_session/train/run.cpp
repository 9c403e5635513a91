#include "next_session/train/run.hpp"

#include <chrono>

#include "core/units/loads.hpp"
#include "core/util/error.hpp"
#include "core/util/files.hpp"

namespace metrics = exertrack::core::metrics;
using exertrack::core::units::unit_name;
using exertrack::core::util::write_file_atomic;
using exertrack::next_session::model::kActionCount;
using exertrack::next_session::model::kActionNames;

namespace exertrack::next_session::train {

NextSessionRun run_next_session_training(std::span<const Lifter> lifters, const EvaluateOptions& options,
                                         const std::function<void(const std::string&)>& log_line) {
  auto say = [&](const std::string& s) {
    if (log_line) log_line(s);
  };
  NextSessionRun run;
  std::size_t transitions = 0;
  for (const Lifter& l : lifters) {
    run.lifters.emplace_back(l.name, l.transitions.size());
    run.units.push_back(l.unit);
    transitions += l.transitions.size();
  }
  say("next-session: " + std::to_string(lifters.size()) + " lifter(s), " + std::to_string(transitions) + " transitions");
  run.evaluation = evaluate_protocol(lifters, "temporal", options);
  say("temporal evaluation (each lifter's latest 20% of sessions held out): model macro-F1 " +
      std::to_string(run.evaluation.macro_model.f1_macro) + ", " + std::to_string(run.evaluation.seconds) + " s");
  const auto t0 = std::chrono::steady_clock::now();
  const std::vector<TransitionRef> all = all_transitions(lifters);
  run.model = train_model(lifters, all, options.train);
  run.train_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  std::array<std::size_t, kActionCount> counts{};
  for (const TransitionRef& r : all) ++counts[static_cast<std::size_t>(lifters[r.lifter].transitions[r.index].action)];
  run.model.training["majority_action"] = std::max_element(counts.begin(), counts.end()) - counts.begin();
  nlohmann::json names = nlohmann::json::array();
  for (const auto& [name, n] : run.lifters) names.push_back({{"name", name}, {"transitions", n}});
  run.model.training["lifters"] = names;
  say("trained on every transition in " + std::to_string(run.train_seconds) + " s");
  return run;
}

metrics::NextSessionMetrics next_session_metrics(const NextSessionRun& run) {
  metrics::NextSessionMetrics m;
  if (!run.sources.empty() && run.sources.size() != run.lifters.size()) {
    throw std::logic_error("next-session run: " + std::to_string(run.sources.size()) + " data sources for " +
                           std::to_string(run.lifters.size()) + " lifters");
  }
  for (std::size_t i = 0; i < run.lifters.size(); ++i) {
    metrics::LifterData d = run.sources.empty() ? metrics::LifterData{} : run.sources[i];
    d.name = run.lifters[i].first;
    d.transitions = run.lifters[i].second;
    if (i < run.units.size()) d.unit = std::string(unit_name(run.units[i]));
    if (d.unit.empty()) d.unit = "kg";
    m.lifters.push_back(std::move(d));
  }
  m.data = run.data;
  // The options alone: the counts the trainer adds beside them are typed below.
  m.training.options = run.model.training;
  for (const char* k : {"transitions", "load_transitions", "majority_action", "lifters"}) m.training.options.erase(k);
  const nlohmann::json& t = run.model.training;
  m.training.transitions = t.value("transitions", std::uint64_t{0});
  m.training.load_transitions = t.value("load_transitions", std::uint64_t{0});
  const auto majority = t.value("majority_action", std::size_t{0});
  m.training.majority_action = std::string(kActionNames.at(majority));
  m.training.temperature = run.model.temperature;
  m.training.seconds = run.train_seconds;
  m.evaluation = typed_evaluation(run.evaluation);
  return m;
}

void write_next_session_run(const std::filesystem::path& dir, const NextSessionRun& run) {
  std::filesystem::create_directories(dir);
  run.model.write(dir / "model");
  write_file_atomic(dir / "metrics.json", metrics::to_json(next_session_metrics(run)).dump(2) + "\n");
  write_file_atomic(dir / "evaluation.txt", evaluation_table(run.evaluation));
}

}  // namespace exertrack::next_session::train
