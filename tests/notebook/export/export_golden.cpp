// export_golden <out_dir>
//
// Writes what the C++ side computes, for the Node.js package to reproduce
// exactly (js/tests/golden.test.js, run with EXERTRACK_GOLDEN=<out_dir>/golden.json):
//   <out_dir>/golden.json  feature definitions x sequences -> raw features,
//                          model features, rule labels; plus the tiny model's
//                          probabilities for every row
//   <out_dir>/model/       that tiny model, exported as a tfjs layers-model
//   <out_dir>/model-sharded/  the same in 64-byte shards
//   <out_dir>/model-steps/    the same with other steps in its target rule
// golden.json's "server" holds request bodies and what the HTTP API
// (serve::recommend_json) answers to them with one of these models.
// Non-finite doubles are written as the strings "inf", "-inf", "nan" (JSON
// has no such numbers); finite ones as JSON numbers, which round-trip exactly.
#include <cmath>
#include <cstdio>
#include <exception>
#include <filesystem>
#include <string>
#include <vector>

#include "core/ingest/workout_log.hpp"
#include "core/util/files.hpp"
#include "notebook/dataset/dataset.hpp"
#include "notebook/export/metadata.hpp"
#include "notebook/export/tfjs.hpp"
#include "notebook/features/features.hpp"
#include "notebook/nn/mlp.hpp"
#include "notebook/predict/predictor.hpp"
#include "notebook/predict/target.hpp"
#include "serve/api.hpp"

using exertrack::notebook::features::SetValues;

namespace {

using nlohmann::json;

json number(double v) {
  if (std::isnan(v)) return "nan";
  if (std::isinf(v)) return v > 0 ? "inf" : "-inf";
  return v;
}

json vec(const exertrack::notebook::features::FeatureVector& f) {
  return json::array({number(f.weight_change_pct), number(f.reps_change_pct), number(f.weight_ma), number(f.reps_ma)});
}

struct Sequence {
  std::string name;
  std::vector<SetValues> sets;
};

std::vector<Sequence> sequences() {
  std::vector<Sequence> out;
  // docs/notebook.md's example: the rule says "increase reps" for the last set.
  out.push_back({"notebook example", {{100, 10}, {100, 10}, {100, 10}, {100, 20}, {100, 30}, {120, 10}, {130, 8}}});
  out.push_back({"single set", {{60, 8}}});
  out.push_back({"zero to x and 0/0", {{0, 10}, {20, 10}, {0, 0}, {0, 0}, {50, 0}, {50, 5}, {0, 5}, {0, 12}}});
  out.push_back({"around 100 kg", {{97.5, 5}, {100, 5}, {100, 5}, {100, 5}, {100, 5}, {100.5, 5}, {104.5, 5},
                                   {99.5, 5}, {100, 5}, {104, 5}, {95, 5}, {100.00000000000001, 5}, {105, 4}}});
  out.push_back({"reps around 15", {{40, 14}, {40, 15}, {40, 16}, {40, 15}, {41, 17}, {42, 13}, {40, 18}, {40, 15},
                                    {40, 15}, {40, 15}, {40, 15}, {42.5, 15}, {40, 19}}});
  out.push_back({"negative weights (assisted)", {{-20, 8}, {-15, 8}, {-10, 10}, {0, 10}, {-5, 12}, {-5, 12}, {-2.5, 6}}});
  out.push_back({"big jumps (cap)", {{1, 10}, {100, 10}, {100, 1}, {100, 100}, {1, 1}, {250, 3}}});
  out.push_back({"deload", {{120, 5}, {110, 5}, {100, 8}, {90, 10}, {80, 12}, {80, 12}}});
  // Pound weights converted as the notebook does: values whose sums round.
  {
    Sequence s{"pounds converted", {}};
    for (const double lb : {135.0, 135.0, 145.0, 155.0, 155.0, 165.0, 185.0, 185.0, 175.0, 225.0, 225.0, 95.0}) {
      s.sets.push_back({lb / exertrack::core::ingest::kPoundsPerKilogram, 5 + std::fmod(lb, 7.0)});
    }
    out.push_back(std::move(s));
  }
  // A long pseudo-random log (fixed seed): many windows, many label paths.
  {
    exertrack::notebook::nn::Rng rng(2024);
    Sequence s{"random long", {}};
    for (int i = 0; i < 80; ++i) {
      const double w = 2.5 * static_cast<double>(rng.below(60)) + (rng.below(4) == 0 ? 0.1 * static_cast<double>(rng.below(10)) : 0);
      s.sets.push_back({w, static_cast<double>(1 + rng.below(20))});
    }
    out.push_back(std::move(s));
  }
  return out;
}

std::vector<std::pair<std::string, exertrack::notebook::features::FeatureDefinition>> definitions() {
  exertrack::notebook::features::FeatureDefinition custom = exertrack::notebook::features::v2_definition();
  custom.window = 3;
  custom.change_cap = 50;
  custom.weight_step_pct = 2.5;
  custom.weight_step_pct_heavy = 1.5;
  custom.heavy_kg = 80;
  custom.reps_jump_pct = 10;
  custom.reps_jump_pct_high = 8;
  custom.high_reps = 12;
  custom.reps_flat_pct = 1;
  return {{"notebook", exertrack::notebook::features::notebook_definition()}, {"v2", exertrack::notebook::features::v2_definition()}, {"custom", custom}};
}

json sets_json(const std::vector<std::pair<double, double>>& sets) {
  json out = json::array();
  for (const auto& [w, r] : sets) out.push_back({{"weight", w}, {"reps", r}});
  return out;
}

json exercise(const std::string& name, const char* unit, const std::vector<std::pair<double, double>>& sets) {
  json e = {{"name", name}, {"sets", sets_json(sets)}};
  if (unit != nullptr) e["unit"] = unit;
  return e;
}

// Request bodies for POST /v1/recommendations: every equipment's steps in
// both units, targets in the other unit, bodyweight and assisted sets, the
// per-exercise overrides, the sessions form; then the golden sequences under
// names of every equipment (many label paths of the tiny model); then bodies
// the API refuses.
std::vector<json> server_bodies() {
  std::vector<json> out;
  const std::vector<std::pair<double, double>> example = {{100, 10}, {100, 10}, {100, 10}, {100, 20}, {100, 30}, {120, 10}, {130, 8}};
  const std::vector<std::pair<double, double>> flat = {{20, 10}, {20, 10}, {20, 10}, {20, 10}};
  out.push_back({{"unit", "kg"},
                 {"exercises",
                  {exercise("Bench Press (Barbell)", nullptr, example), exercise("Curl (Dumbbell)", nullptr, flat),
                   exercise("Lat Pulldown (Cable)", nullptr, {{45, 12}, {50, 10}, {52.5, 8}}),
                   exercise("Kettlebell Swing", nullptr, {{16, 15}, {16, 20}, {20, 12}}),
                   exercise("Plank", nullptr, {{0, 0}, {0, 0}}),
                   exercise("Push Up", nullptr, {{0, 20}, {0, 22}, {0, 25}}),
                   exercise("Pull Up (Assisted)", nullptr, {{-20, 8}, {-15, 8}, {-12.5, 10}})}}});
  out.push_back({{"exercises",
                  {exercise("Squat (Barbell)", "lb", {{135, 5}, {185, 5}, {225, 5}, {225, 5}, {275, 3}}),
                   [&] {
                     json e = exercise("Leg Press (Machine)", "lb", {{270, 12}, {290, 10}, {310, 10}});
                     e["target_unit"] = "kg";
                     return e;
                   }(),
                   [&] {
                     json e = exercise("Goblet Squat (Kettlebell)", "kg", {{16, 10}, {20, 8}, {24, 8}});
                     e["target_unit"] = "lb";
                     return e;
                   }(),
                   [&] {
                     json e = exercise("Deadlift (Barbell)", "kg", example);
                     e["target_unit"] = "lb";
                     return e;
                   }(),
                   exercise("Hammer Curl (Dumbbell)", "lb", {{25, 12}, {25, 10}, {30, 8}}),
                   exercise("Chin Up", "lb", {{0, 8}, {0, 10}, {25, 5}}),
                   exercise("Dips", "lb", {{0, 12}, {0, 12}, {0, 12}}),
                   exercise("Row (Dumbbell)", "kg", {{21, 10}, {21, 10}, {21, 10}, {21, 10}})}}});
  {
    // The per-exercise fields: equipment and increment override the name's
    // step, reps_step the model's; sessions are their sets in order.
    json eq = exercise("Chest Fly", "kg", flat);
    eq["equipment"] = "cable";
    json inc = exercise("Overhead Press (Barbell)", "lb", {{95, 8}, {95, 8}, {95, 8}, {100, 6}});
    inc["increment"] = 2.5;
    inc["reps_step"] = 2;
    json sessions = {{"name", "Bench Press (Dumbbell)"},
                     {"unit", "lb"},
                     {"target_unit", "kg"},
                     {"sessions", {{{"sets", sets_json({{40, 10}, {40, 9}})}}, {{"sets", sets_json({{45, 8}, {45, 8}})}}}}};
    json steps = exercise("Curl (EZ Bar)", "kg", {{30, 10}, {30, 10}, {32.5, 8}});
    steps["reps_step"] = 0;
    out.push_back({{"unit", "lb"}, {"exercises", {eq, inc, sessions, steps}}});
  }
  {
    const std::vector<std::string> names = {"Squat (Barbell)", "Shoulder Press (Dumbbell)", "Leg Extension (Machine)",
                                            "Turkish Get Up (Kettlebell)", "Hanging Leg Raise"};
    json exercises = json::array();
    std::size_t k = 0;
    for (const Sequence& seq : sequences()) {
      // The sequences are in kg; every other one goes as pounds, every third
      // asks for targets in the other unit.
      const bool lb = k % 2 == 1;
      json e = {{"name", names[k % names.size()] + " / " + seq.name}, {"unit", lb ? "lb" : "kg"}, {"sets", json::array()}};
      for (const auto& s : seq.sets) {
        e["sets"].push_back({{"weight", lb ? exertrack::core::units::kg_to_unit(s.weight_kg, exertrack::core::ingest::WeightUnit::lb) : s.weight_kg},
                             {"reps", s.reps}});
      }
      if (k % 3 == 2) e["target_unit"] = lb ? "kg" : "lb";
      exercises.push_back(std::move(e));
      ++k;
    }
    out.push_back({{"exercises", std::move(exercises)}});
  }
  out.push_back({{"exercises", {exercise("Bench Press (Barbell)", nullptr, example)}}});
  out.push_back({{"exercises", {exercise("Bench Press (Barbell)", "stone", example)}}});
  {
    // Messages echo the value as sent; JSON.parse keeps no "-1.0", so -1.
    json e = exercise("Row", nullptr, {{60, 8}, {60, 8}});
    e["sets"][1]["reps"] = -1;
    out.push_back({{"unit", "kg"}, {"exercises", json::array({e})}});
  }
  {
    json e = exercise("Row", nullptr, {{60, 8}});
    e["sets"][0]["weight"] = "heavy";
    out.push_back({{"unit", "kg"}, {"exercises", json::array({e})}});
  }
  out.push_back({{"unit", "kg"}, {"exercises", json::array()}});
  {
    json e = exercise("Row", "kg", {{60, 8}});
    e["equipment"] = "spoon";
    out.push_back({{"exercises", {e}}});
    e = exercise("Row", "kg", {{60, 8}});
    e["increment"] = 0;
    out.push_back({{"exercises", {e}}});
    e = exercise("Row", "kg", {});
    out.push_back({{"exercises", {e}}});
  }
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: export_golden <out_dir>\n");
    return 2;
  }
  try {
    namespace ex = exertrack;
    const std::filesystem::path out = argv[1];

    // The tiny model: a seeded 4-8-3 MLP trained on nothing, whose first
    // layer is folded with a feature-like standardizer (so the golden model
    // takes raw features, as every export does).
    ex::notebook::nn::Rng rng(7);
    const std::vector<int> hidden{8};
    // Dropout 0.2: inference-equivalent, but the topology then holds a Dropout
    // layer, which tfjs must load too.
    ex::notebook::nn::Mlp model = ex::notebook::nn::make_mlp(4, hidden, 3, 0.2F, rng);
    for (auto& d : model.layers) {
      for (Eigen::Index j = 0; j < d.bias.size(); ++j) d.bias(j) = rng.uniform(-0.5F, 0.5F);
    }
    const ex::notebook::dataset::Standardizer st{{3.0, 5.0, 60.0, 9.0}, {20.0, 40.0, 30.0, 4.0}};
    const ex::notebook::nn::Mlp folded = ex::notebook::export_::fold_standardization(model, st);
    const ex::notebook::features::FeatureDefinition model_def = ex::notebook::features::notebook_definition();
    json meta = ex::notebook::export_::make_model_metadata(model_def, st, "golden (no training data)", json{{"accuracy", nullptr}},
                                        json{{"note", "export_golden: untrained seeded model for parity tests"},
                                             {"target_rule", ex::notebook::predict::target_rules_to_json(ex::notebook::predict::TargetRules{})}});
    ex::notebook::export_::write_tfjs_model(out / "model", folded, meta);
    // The same model cut into 64-byte shards (weights straddle shards).
    ex::notebook::export_::write_tfjs_model(out / "model-sharded", folded, meta, 64);
    // Steps and reps that are no default: both sides must take them from
    // the model, not from a table of their own.
    ex::notebook::predict::TargetRules other_rules;
    other_rules.steps.kg = {1.25, 1, 2.5, 2, 0.5};
    other_rules.steps.lb = {2.5, 2, 7.5, 5, 1};
    other_rules.reps_step = 2;
    other_rules.min_reps = 3;
    meta["target_rule"] = ex::notebook::predict::target_rules_to_json(other_rules);
    ex::notebook::export_::write_tfjs_model(out / "model-steps", folded, meta);
    const ex::notebook::nn::Mlp loaded = ex::notebook::export_::read_tfjs_model(out / "model").model;

    json cases = json::array();
    for (const auto& [def_name, def] : definitions()) {
      for (const Sequence& seq : sequences()) {
        const auto raw = ex::notebook::features::raw_sequence_features(seq.sets, def);
        json c;
        c["definition"] = def_name;
        c["sequence"] = seq.name;
        c["sets"] = json::array();
        for (const auto& s : seq.sets) c["sets"].push_back({{"weight", s.weight_kg}, {"reps", s.reps}});
        c["raw"] = json::array();
        c["model"] = json::array();
        c["labels"] = json::array();
        c["label_names"] = json::array();
        Eigen::MatrixXf x(static_cast<Eigen::Index>(raw.size()), 4);
        for (std::size_t i = 0; i < raw.size(); ++i) {
          const ex::notebook::features::FeatureVector m = ex::notebook::features::model_features(raw[i]);
          const int label = ex::notebook::features::rule_label(raw[i], def);
          c["raw"].push_back(vec(raw[i]));
          c["model"].push_back(vec(m));
          c["labels"].push_back(label);
          c["label_names"].push_back(std::string(ex::notebook::features::kClassNames[static_cast<std::size_t>(label)]));
          const auto r = static_cast<Eigen::Index>(i);
          x(r, 0) = static_cast<float>(m.weight_change_pct);
          x(r, 1) = static_cast<float>(m.reps_change_pct);
          x(r, 2) = static_cast<float>(m.weight_ma);
          x(r, 3) = static_cast<float>(m.reps_ma);
        }
        // Only the model's own definition gives rows the model would see.
        if (def_name == model_def.name) {
          const Eigen::MatrixXf p = ex::notebook::nn::predict_proba(loaded, x);
          c["probabilities"] = json::array();
          for (Eigen::Index i = 0; i < p.rows(); ++i) {
            c["probabilities"].push_back(json::array({p(i, 0), p(i, 1), p(i, 2)}));
          }
        }
        cases.push_back(std::move(c));
      }
    }
    json golden;
    golden["generator"] = "exertrack tests/notebook/export/export_golden.cpp";
    golden["model_dir"] = "model";  // relative to this file
    golden["sharded_model_dir"] = "model-sharded";
    golden["model_definition"] = model_def.name;
    golden["definitions"] = json::object();
    for (const auto& [def_name, def] : definitions()) golden["definitions"][def_name] = ex::notebook::export_::feature_definition_to_json(def);
    golden["class_names"] = json::array();
    for (const auto c : ex::notebook::features::kClassNames) golden["class_names"].push_back(std::string(c));
    golden["cases"] = std::move(cases);
    // The HTTP API's answers (serve/api.hpp recommend_json), with the models
    // as serving reads them back.
    golden["server"] = json::array();
    // The limits those answers were given under, which js/ restates.
    const ex::serve::ApiLimits limits;
    golden["api_limits"] = {{"exercises", limits.max_exercises},
                            {"setsPerExercise", limits.max_sets_per_exercise},
                            {"totalSets", limits.max_total_sets},
                            {"nameBytes", limits.max_name_bytes}};
    ex::serve::ApiWorkspace ws;
    for (const char* model_dir : {"model", "model-steps"}) {
      const ex::notebook::predict::Predictor predictor = ex::notebook::predict::Predictor::load(out / model_dir);
      for (const json& body : server_bodies()) {
        const ex::serve::ApiResponse r = ex::serve::recommend_json(predictor, body.dump(), ex::serve::ApiLimits{}, ws);
        golden["server"].push_back({{"model_dir", model_dir}, {"body", body}, {"status", r.status}, {"response", json::parse(r.body)}});
      }
    }
    ex::core::util::write_file_atomic(out / "golden.json", golden.dump(1) + "\n");
    std::printf("%s: %zu cases, %zu server bodies; model in %s\n", (out / "golden.json").c_str(), golden["cases"].size(),
                golden["server"].size(), (out / "model").c_str());
    return 0;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "export_golden: error: %s\n", e.what());
    return 1;
  }
}
