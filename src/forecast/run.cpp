#include "forecast/run.hpp"

#include <chrono>

#include "util/files.hpp"

namespace exertrack::forecast {

NextSessionRun run_next_session_training(std::span<const Lifter> lifters, const EvaluateOptions& options,
                                         const std::function<void(const std::string&)>& log_line) {
  auto say = [&](const std::string& s) {
    if (log_line) log_line(s);
  };
  NextSessionRun run;
  std::size_t transitions = 0;
  for (const Lifter& l : lifters) {
    run.lifters.emplace_back(l.name, l.transitions.size());
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

void write_next_session_run(const std::filesystem::path& dir, const NextSessionRun& run) {
  std::filesystem::create_directories(dir);
  run.model.write(dir / "model");
  nlohmann::json metrics;
  metrics["task"] = "next-session";
  metrics["lifters"] = run.model.training.at("lifters");
  metrics["training"] = run.model.training;
  metrics["training"]["seconds"] = run.train_seconds;
  metrics["evaluation"] = evaluation_to_json(run.evaluation);
  write_file_atomic(dir / "metrics.json", metrics.dump(2) + "\n");
  write_file_atomic(dir / "evaluation.txt", evaluation_table(run.evaluation));
}

}  // namespace exertrack::forecast
