#include <algorithm>
#include <iomanip>
#include <iostream>
#include <memory>
#include <sstream>

#include "commands.hpp"
#include "data_options.hpp"
#include "predict/default_model.hpp"
#include "predict/json_out.hpp"
#include "predict/predictor.hpp"
#include "util/error.hpp"

namespace exertrack::cli {
namespace {

std::string weight_text(double w, WeightUnit u) { return js_number(w) + " " + std::string(unit_name(u)); }

// A plain-text table, columns sized to their content; the reason (a whole
// sentence) goes under each row so the table stays narrow.
void print_table(std::ostream& os, const std::vector<Recommendation>& recs) {
  struct Row {
    std::string exercise, last, label, confidence, target;
  };
  std::vector<Row> rows;
  rows.push_back({"Exercise", "Last set", "Recommendation", "p", "Next target"});
  for (std::size_t i = 0; i < recs.size(); ++i) {
    const Recommendation& r = recs[i];
    const WeightUnit u = r.target.unit;
    std::ostringstream p;
    p << std::fixed << std::setprecision(2) << r.prediction.probabilities[static_cast<std::size_t>(r.prediction.label)];
    rows.push_back({r.name, weight_text(r.last_set.weight, u) + " x " + js_number(r.last_set.reps),
                    std::string(kClassNames[static_cast<std::size_t>(r.prediction.label)]), p.str(),
                    weight_text(r.target.weight, u) + " x " + js_number(r.target.reps)});
  }
  std::array<std::size_t, 5> width{};
  for (const Row& row : rows) {
    const std::array<const std::string*, 5> cells = {&row.exercise, &row.last, &row.label, &row.confidence, &row.target};
    for (std::size_t c = 0; c < cells.size(); ++c) width[c] = std::max(width[c], cells[c]->size());
  }
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const Row& row = rows[i];
    os << std::left << std::setw(static_cast<int>(width[0])) << row.exercise << "  " << std::setw(static_cast<int>(width[1]))
       << row.last << "  " << std::setw(static_cast<int>(width[2])) << row.label << "  "
       << std::setw(static_cast<int>(width[3])) << row.confidence << "  " << row.target << "\n";
    if (i > 0) os << "    " << recs[i - 1].reason << "\n";
  }
}

}  // namespace

void add_recommend_command(CLI::App& app) {
  struct Options {
    DataOptions data;
    std::string model;
    std::string exercise;
    std::string unit;
    bool json = false;
  };
  auto o = std::make_shared<Options>();
  CLI::App* cmd = app.add_subcommand("recommend", "Next-session targets for every exercise of a workout export");
  cmd->add_option("--model", o->model,
                  "Model directory; default: a model trained now on the embedded synthetic log");
  add_data_options(*cmd, o->data);
  cmd->add_option("--exercise", o->exercise, "Only this exercise (name as in the export)");
  cmd->add_option("--unit", o->unit, "Unit of the targets (kg or lb); default: --weight-unit")
      ->check(CLI::IsMember({"kg", "lb"}));
  cmd->add_flag("--json", o->json, "Print JSON: {\"results\": [...]}, the HTTP API's shape");
  cmd->callback([o] {
    const WorkoutLog log = load_data(o->data);
    const Predictor predictor = o->model.empty() ? [] {
      std::cerr << "exertrack: no --model given; training one on the embedded synthetic log\n";
      return train_default_predictor();
    }()
                                                 : Predictor::load(o->model);
    const WeightUnit unit = *unit_by_name(o->unit.empty() ? o->data.weight_unit : o->unit);
    std::vector<ExerciseHistory> histories = histories_from_log(log, predictor.definition(), unit);
    if (!o->exercise.empty()) {
      std::erase_if(histories, [&](const ExerciseHistory& h) { return h.name != o->exercise; });
      if (histories.empty()) {
        throw InputError("--exercise: '" + o->exercise + "' has no sets in " + log.source);
      }
    }
    if (histories.empty()) throw InputError(log.source + ": no exercise has a set to recommend from");
    std::vector<Recommendation> recs;
    recs.reserve(histories.size());
    PredictWorkspace ws;
    for (const ExerciseHistory& h : histories) recs.push_back(predictor.recommend(h, ws));
    if (o->json) {
      std::string out = "{\"results\":[";
      for (std::size_t i = 0; i < recs.size(); ++i) {
        if (i > 0) out += ',';
        append_recommendation_json(out, recs[i]);
      }
      out += "]}\n";
      std::cout << out;
      return;
    }
    print_table(std::cout, recs);
  });
}

}  // namespace exertrack::cli
