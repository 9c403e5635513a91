#include <algorithm>
#include <iomanip>
#include <iostream>
#include <memory>
#include <sstream>

#include "commands.hpp"
#include "core/ingest/values.hpp"
#include "core/util/error.hpp"
#include "data_options.hpp"
#include "next_session/model/advice.hpp"
#include "next_session/model/advice_json.hpp"
#include "notebook/predict/json_out.hpp"
#include "notebook/predict/predictor.hpp"
#include "notebook_advice.hpp"
#include "shipped_model.hpp"

namespace ingest = exertrack::core::ingest;
using exertrack::core::ingest::WeightUnit;
using exertrack::core::ingest::WorkoutLog;
using exertrack::core::units::target_unit;
using exertrack::core::units::unit_by_name;
using exertrack::core::util::InputError;
using exertrack::core::util::js_number;
using exertrack::next_session::model::ForecastModel;
using exertrack::next_session::model::is_forecast_model_dir;
using exertrack::next_session::model::kActionNames;
using exertrack::next_session::model::LeftOutExercise;
using exertrack::next_session::model::load_text;
using exertrack::next_session::model::LogAdvice;
using exertrack::next_session::model::NextSessionAdvice;
using exertrack::next_session::model::PlannedLoad;
using exertrack::notebook::features::kClassNames;
using exertrack::notebook::predict::Predictor;
using exertrack::notebook::predict::Recommendation;

namespace exertrack::cli {
namespace {

// A plain-text table, columns sized to their content; the lines under a row
// (the reason, a whole sentence, and planned loads) are indented below it so
// the table stays narrow.
struct TextRow {
  std::vector<std::string> cells;
  std::vector<std::string> below;
};

void print_rows(std::ostream& os, const std::vector<TextRow>& rows) {
  std::vector<std::size_t> width;
  for (const TextRow& r : rows) {
    width.resize(std::max(width.size(), r.cells.size()));
    for (std::size_t c = 0; c < r.cells.size(); ++c) width[c] = std::max(width[c], r.cells[c].size());
  }
  for (const TextRow& r : rows) {
    for (std::size_t c = 0; c < r.cells.size(); ++c) {
      if (c + 1 == r.cells.size()) os << r.cells[c] << "\n";
      else os << std::left << std::setw(static_cast<int>(width[c])) << r.cells[c] << "  ";
    }
    for (const std::string& line : r.below) os << "    " << line << "\n";
  }
}

std::string set_text(double w, double reps, WeightUnit u) { return load_text(w, u) + " x " + js_number(reps); }

std::string two_decimals(double p) {
  std::ostringstream s;
  s << std::fixed << std::setprecision(2) << p;
  return s.str();
}

void print_table(std::ostream& os, const std::vector<Recommendation>& recs) {
  std::vector<TextRow> rows{{{"Exercise", "Last set", "Recommendation", "p", "Next target"}, {}}};
  for (const Recommendation& r : recs) {
    const WeightUnit u = r.target.unit;
    const auto label = static_cast<std::size_t>(r.prediction.label);
    rows.push_back({{r.name, set_text(r.last_set.weight, r.last_set.reps, u), std::string(kClassNames[label]),
                     two_decimals(r.prediction.probabilities[label]), set_text(r.target.weight, r.target.reps, u)},
                    {r.reason}});
  }
  print_rows(os, rows);
}

// "2024-05-03  100 kg x 10" style cells, and the advice table.
void print_advice_table(std::ostream& os, const LogAdvice& log_advice) {
  std::vector<TextRow> rows{{{"Exercise", "Last session", "Next session", "p", "Target", "ready to add weight"}, {}}};
  for (const NextSessionAdvice& a : log_advice.results) {
    const auto action = static_cast<std::size_t>(a.action);
    TextRow row{{a.name + (a.inactive ? " (inactive)" : ""), ingest::format_date(a.last_time) + "  " + set_text(a.last.weight, a.last.reps, a.unit),
                 std::string(kActionNames[action]), two_decimals(a.probabilities[action]), set_text(a.target.weight, a.target.reps, a.unit),
                 two_decimals(a.ready_to_add_weight)},
                {a.reason}};
    for (const PlannedLoad& p : a.planned) row.below.push_back("for " + js_number(p.reps) + " reps: " + load_text(p.weight, a.unit));
    rows.push_back(std::move(row));
  }
  print_rows(os, rows);
  for (const LeftOutExercise& e : log_advice.not_strength) os << e.name << ": no target, " << e.reason << "\n";
}

// What `recommend` asks of a model: every exercise of the log, targets in `unit`.
struct RecommendRequest {
  WeightUnit unit = WeightUnit::kg;
  std::string exercise;  // only this one when set
  std::vector<double> planned_reps;
  bool json = false;     // the HTTP API's JSON instead of a table
};

// `recommend` with a model of either task: the task is asked once, when
// the model directory is read (open_recommender).
class Recommender {
 public:
  virtual ~Recommender() = default;
  // One line on what the model learned from; empty when it records none.
  [[nodiscard]] virtual std::string summary() const = 0;
  virtual void recommend(const WorkoutLog& log, const RecommendRequest& request, std::ostream& out) const = 0;
};

class NextSessionRecommender final : public Recommender {
 public:
  explicit NextSessionRecommender(ForecastModel model) : model_(std::move(model)) {}
  std::string summary() const override { return model_.training_summary(); }
  void recommend(const WorkoutLog& log, const RecommendRequest& request, std::ostream& out) const override {
    const LogAdvice advice = advise_log(model_, log, request.unit, request.exercise, request.planned_reps);
    if (request.json) out << log_advice_json(advice) << "\n";
    else print_advice_table(out, advice);
  }

 private:
  ForecastModel model_;
};

class NotebookRecommender final : public Recommender {
 public:
  explicit NotebookRecommender(Predictor predictor) : predictor_(std::move(predictor)) {}
  std::string summary() const override { return {}; }
  void recommend(const WorkoutLog& log, const RecommendRequest& request, std::ostream& out) const override {
    if (!request.planned_reps.empty()) throw InputError("--planned-reps needs a next-session model (train --task next-session)");
    const std::vector<Recommendation> recs = recommend_log(predictor_, log, request.unit, request.exercise);
    if (request.json) out << recommendations_json(recs);
    else print_table(out, recs);
  }

 private:
  Predictor predictor_;
};

std::unique_ptr<const Recommender> open_recommender(const std::filesystem::path& dir) {
  if (is_forecast_model_dir(dir)) return std::make_unique<NextSessionRecommender>(ForecastModel::read(dir));
  return std::make_unique<NotebookRecommender>(Predictor::load(dir));
}

}  // namespace

void add_recommend_command(CLI::App& app) {
  struct Options {
    DataOptions data;
    std::string model;
    std::string exercise;
    std::string unit;
    std::vector<double> planned_reps;
    bool json = false;
  };
  auto o = std::make_shared<Options>();
  CLI::App* cmd = app.add_subcommand("recommend", "Next-session targets for every exercise of a workout export");
  cmd->add_option("--model", o->model,
                  "Model directory (next-session or notebook task); default: the next-session model shipped with "
                  "exertrack (docs/model-card.md)");
  add_data_options(*cmd, o->data);
  cmd->add_option("--exercise", o->exercise, "Only this exercise (name as in the export)");
  cmd->add_option("--unit", o->unit, "Unit of the targets (kg or lb); default: the unit the lifter logs in (the file's, else --weight-unit's)")
      ->check(CLI::IsMember({"kg", "lb"}));
  cmd->add_option("--planned-reps", o->planned_reps,
                  "Also give the load for these rep counts next session, e.g. --planned-reps 5 8 (next-session models)");
  cmd->add_flag("--json", o->json, "Print JSON: {\"results\": [...]}, the HTTP API's shape");
  cmd->callback([o] {
    const WorkoutLog log = load_data(o->data);
    const WeightUnit unit = target_unit(log, read_options(o->data), unit_by_name(o->unit));
    const std::filesystem::path model_dir = model_dir_or_shipped(o->model);
    const std::unique_ptr<const Recommender> recommender = open_recommender(model_dir);
    if (const std::string summary = recommender->summary(); !summary.empty()) announce_model(model_dir, summary, o->model.empty());
    recommender->recommend(log, {unit, o->exercise, o->planned_reps, o->json}, std::cout);
  });
}

}  // namespace exertrack::cli
