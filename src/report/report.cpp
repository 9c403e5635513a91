#include "report/report.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>

#include "core/metrics/next_session_metrics.hpp"
#include "core/util/error.hpp"
#include "core/util/files.hpp"
#include "core/util/js_number.hpp"
#include "next_session/model/advice.hpp"
#include "report/html.hpp"
#include "report/image.hpp"
#include "report/next_session.hpp"

namespace metrics = exertrack::core::metrics;
using exertrack::core::ingest::WeightUnit;
using exertrack::core::util::InputError;
using exertrack::core::util::js_number;
using exertrack::core::util::read_file;
using exertrack::core::util::write_file_atomic;
using exertrack::next_session::model::load_text;

namespace exertrack::report {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using namespace html;  // NOLINT: the page helpers both report pages share

const json* find(const json& j, const char* key) {
  if (!j.is_object()) return nullptr;
  const auto it = j.find(key);
  return it == j.end() || it->is_null() ? nullptr : &*it;
}

const json& at_or_null(const json& j, const char* key) {
  static const json null_value;
  const json* v = find(j, key);
  return v != nullptr ? *v : null_value;
}

// Any JSON value as short, escaped text.
std::string text(const json& v) {
  if (v.is_null()) return "—";
  if (v.is_string()) return esc(v.get<std::string>());
  if (v.is_boolean()) return v.get<bool>() ? "yes" : "no";
  if (v.is_number_integer() || v.is_number_unsigned()) return thousands(v.get<long long>());
  if (v.is_number_float()) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.6g", v.get<double>());
    return buf;
  }
  if (v.is_array()) {
    bool plain = std::all_of(v.begin(), v.end(), [](const json& x) { return x.is_primitive(); });
    if (plain) {
      std::string out;
      for (const auto& x : v) out += (out.empty() ? "" : ", ") + text(x);
      return "[" + out + "]";
    }
  }
  return "<code>" + esc(v.dump()) + "</code>";
}

double num(const json& j, const char* key, double fallback = NAN) {
  const json* v = find(j, key);
  return v != nullptr && v->is_number() ? v->get<double>() : fallback;
}

std::string units_text(const json& units) {
  if (!units.is_array()) return text(units);
  std::string out;
  for (const auto& u : units) out += (out.empty() ? "" : " / ") + text(u);
  return out;
}

// {"units": [{"min","max","step"} | n, ...], "learning_rate": [...], ...}
std::string search_space_text(const json& space) {
  if (!space.is_object()) return text(space);
  std::string out;
  const json& units = at_or_null(space, "units");
  for (std::size_t i = 0; units.is_array() && i < units.size(); ++i) {
    const json& u = units[i];
    out += "units_" + std::to_string(i + 1) + " ∈ " +
           (u.is_object() ? text(at_or_null(u, "min")) + ".." + text(at_or_null(u, "max")) + " step " + text(at_or_null(u, "step"))
                          : text(u)) + "; ";
  }
  for (const char* k : {"learning_rate", "dropout", "batch_size"}) {
    if (const json* v = find(space, k); v != nullptr) out += std::string(k) + " ∈ " + text(*v) + "; ";
  }
  return out.empty() ? text(space) : out.substr(0, out.size() - 2);
}

std::string hyperparameters_text(const json& hp) {
  if (!hp.is_object()) return text(hp);
  std::string units;
  for (const auto& u : at_or_null(hp, "units")) units += (units.empty() ? "" : "/") + text(u);
  return "units " + units + ", learning rate " + text(at_or_null(hp, "learning_rate")) + ", dropout " +
         text(at_or_null(hp, "dropout")) + ", batch " + text(at_or_null(hp, "batch_size"));
}

// ---------------------------------------------------------------- sections

// "200 lb × 7", or "bodyweight × 12", the load as the advice writes it,
// with no-break spaces: a set is not wrapped across lines.
std::string set_cell(double weight, double reps, WeightUnit unit) {
  std::string cell;
  for (const char c : load_text(weight, unit) + " × " + js_number(reps)) cell += c == ' ' ? std::string("\u00a0") : std::string(1, c);
  return cell;
}

// First: what the model says for each exercise of the data it learned from
// (recommendations.json, the answer of `exertrack recommend --model DIR`),
// and the most-logged exercises' histories. Said plainly: the notebook's
// label is a rule on the change just made, so this is not a forecast.
std::string lifter_section(const RunData& run, const std::vector<Plot>& plots, const fs::path& plots_dir,
                           const ReportOptions& options) {
  std::string s = "<section id=\"lifter\">\n<h2>Your exercises</h2>\n";
  s += "<p>The model's label for each exercise's last set and the set it suggests next, as <code>exertrack recommend "
       "--model DIR</code> gives them for the data this run learned from. The notebook task labels the change a set made "
       "against the one before, so this describes what was just done rather than forecasting the next session; "
       "<code>exertrack train --task next-session</code> learns from what lifters did next.</p>\n";
  if (!run.recommendations) {
    s += skipped("This run directory has no recommendations.json (written by exertrack train since it keeps one): "
                 "<code>exertrack recommend --model DIR --data FILE</code> gives them.");
  } else if (run.recommendations->empty()) {
    s += skipped("recommendations.json lists no exercise.");
  } else {
    s += "<table class=\"grid recommendations\"><thead>" +
         row({"exercise", "equipment", "last set", "model says", "p", "next set", "why"}, "th") + "</thead><tbody>\n";
    for (const Recommended& r : *run.recommendations) {
      s += row({esc(r.name), esc(r.equipment), esc(set_cell(r.last_weight, r.last_reps, r.unit)), esc(r.label), fmt(r.probability, 2),
                esc(set_cell(r.target_weight, r.target_reps, r.unit)), esc(r.reason)});
    }
    s += "</tbody></table>\n";
  }
  std::string charts;
  for (const auto& p : plots) {
    if (p.group == "exercises") charts += figure(p, plots_dir, options.inline_format);
  }
  if (!charts.empty()) s += "<h3>Most-logged exercises</h3>\n" + charts;
  return s + "</section>\n";
}

std::string summary_section(const RunData& run) {
  const json& m = run.metrics;
  const json& data = at_or_null(m, "data");
  const json& cleaning = at_or_null(m, "cleaning");
  const json& rows = at_or_null(m, "rows");
  const json& test = at_or_null(m, "test");
  std::string s = "<section id=\"summary\">\n<h2>Run summary</h2>\n";
  s += "<div class=\"cards\">";
  auto card = [&](const std::string& label, const std::string& value) {
    s += "<div class=\"card\"><div class=\"value\">" + value + "</div><div class=\"label\">" + esc(label) + "</div></div>";
  };
  card("test accuracy", pct(num(test, "accuracy")));
  card("macro F1 (test)", fmt(num(test, "f1_macro"), 3));
  if (const json* cv = find(m, "cv"); cv != nullptr && find(*cv, "accuracy") != nullptr) {
    card("CV accuracy (mean ± std)", pct(num((*cv)["accuracy"], "mean")) + " ± " + fmt(100 * num((*cv)["accuracy"], "std"), 2));
  }
  card("rows after cleaning and outliers", thousands(static_cast<long long>(num(rows, "after_outliers", 0))));
  card("best epoch", text(at_or_null(m, "best_epoch")));
  s += "</div>\n";

  s += "<h3>Data</h3>\n" +
       kv_table({{"file", "<code>" + text(at_or_null(data, "source")) + "</code>"},
                 {"format", text(at_or_null(data, "format"))},
                 {"SHA-256 fingerprint", "<code class=\"hash\">" + text(at_or_null(data, "sha256")) + "</code>"},
                 {"feature definition", text(at_or_null(at_or_null(m, "feature_definition"), "name"))},
                 {"split", text(at_or_null(m, "split"))}});

  s += "<h3>Rows</h3>\n";
  s += kv_table({{"sets read from the file", text(at_or_null(cleaning, "rows_read"))},
                 {"sets kept by the reader", text(at_or_null(cleaning, "rows_kept"))},
                 {"sets given to the features", text(at_or_null(rows, "features_input"))},
                 {"flagged sets left out of the features", text(at_or_null(rows, "skipped_flagged"))},
                 {"rows after the outlier filter", text(at_or_null(rows, "after_outliers"))},
                 {"train / validation / test", text(at_or_null(rows, "train")) + " / " + text(at_or_null(rows, "val")) +
                                                   " / " + text(at_or_null(rows, "test"))}});
  auto reasons = [&](const char* key, const std::string& title, const std::string& none) {
    const json& r = at_or_null(cleaning, key);
    s += "<h4>" + esc(title) + "</h4>\n";
    if (!r.is_object() || r.empty()) {
      s += "<p>" + esc(none) + "</p>\n";
      return;
    }
    s += "<table class=\"grid\"><thead>" + row({"reason", "sets", "first lines in the file"}, "th") + "</thead><tbody>\n";
    for (const auto& [reason, d] : r.items()) {
      std::string lines;
      for (const auto& l : at_or_null(d, "first_lines")) lines += (lines.empty() ? "" : ", ") + esc(l.dump());
      s += row({esc(reason), text(at_or_null(d, "count")), lines});
    }
    s += "</tbody></table>\n";
  };
  reasons("dropped", "Dropped sets and why", "No set was dropped.");
  reasons("flagged", "Flagged sets (kept, marked)", "No set was flagged.");

  const json& b = at_or_null(m, "outlier_bounds_kg");
  s += "<h3>Outlier filter</h3>\n<p>Rows are kept when Q1 − k·IQR ≤ weight ≤ Q3 + k·IQR (k = " +
       text(at_or_null(at_or_null(m, "feature_definition"), "iqr_k")) + ", quantiles over all rows, linear interpolation).</p>\n" +
       kv_table({{"Q1", fmt(num(b, "q1"), 2) + " kg"},
                 {"Q3", fmt(num(b, "q3"), 2) + " kg"},
                 {"lower bound", fmt(num(b, "lower"), 2) + " kg"},
                 {"upper bound", fmt(num(b, "upper"), 2) + " kg"},
                 {"rows removed", thousands(static_cast<long long>(num(rows, "features_input", 0) -
                                                                  num(rows, "skipped_flagged", 0) -
                                                                  num(rows, "after_outliers", 0)))}});

  s += "<h3>Classes and label counts</h3>\n<table class=\"grid\"><thead>" +
       row({"index", "class (model output order)", "rows", "share"}, "th") + "</thead><tbody>\n";
  const json& counts = at_or_null(m, "label_counts");
  double total = 0;
  for (const auto& c : run.classes) total += num(counts, c.c_str(), 0);
  for (std::size_t c = 0; c < run.classes.size(); ++c) {
    const double n = num(counts, run.classes[c].c_str(), 0);
    s += row({std::to_string(c), esc(run.classes[c]), thousands(static_cast<long long>(n)),
              total > 0 ? pct(n / total, 1) : "—"});
  }
  s += "</tbody></table>\n</section>\n";
  return s;
}

std::string hyperparameter_section(const RunData& run) {
  const json& m = run.metrics;
  const json& hp = at_or_null(m, "hyperparameters");
  std::string s = "<section id=\"hyperparameters\">\n<h2>Chosen hyperparameters</h2>\n";
  const json* chosen = find(hp, "chosen_by");
  s += "<p>Final model: " + std::to_string(run.feature_names.size()) + " inputs → Dense(" + units_text(at_or_null(hp, "units")) +
       ", ReLU) → Dense(" + std::to_string(run.classes.size()) + ", softmax); chosen by <strong>" +
       (chosen != nullptr ? text(*chosen) : std::string("the command-line flags")) + "</strong>.</p>\n";
  std::vector<std::pair<std::string, std::string>> rows;
  for (const auto& [k, v] : hp.items()) {
    if (k == "chosen_by") continue;
    rows.emplace_back(k, k == "units" ? units_text(v) : text(v));
  }
  rows.emplace_back("best epoch (final model trained for)", text(at_or_null(m, "best_epoch")));
  const json& search = at_or_null(m, "best_epoch_search");
  rows.emplace_back("best-epoch search", text(at_or_null(search, "epochs")) + " epochs" +
                                             (at_or_null(search, "stopped_early").is_boolean() &&
                                                      search["stopped_early"].get<bool>()
                                                  ? ", stopped early"
                                                  : ""));
  s += kv_table(rows);
  const json& st = at_or_null(m, "standardization");
  if (find(st, "mean") != nullptr && find(st, "scale") != nullptr) {
    s += "<h3>Standardization (fit on the training rows, folded into the exported model)</h3>\n<table class=\"grid\"><thead>" +
         row({"feature", "mean", "scale"}, "th") + "</thead><tbody>\n";
    for (std::size_t f = 0; f < run.feature_names.size() && f < st["mean"].size() && f < st["scale"].size(); ++f) {
      s += row({esc(run.feature_names[f]), fmt(st["mean"][f].get<double>(), 4), fmt(st["scale"][f].get<double>(), 4)});
    }
    s += "</tbody></table>\n";
  }
  return s + "</section>\n";
}

std::string cv_section(const RunData& run) {
  std::string s = "<section id=\"cv\">\n<h2>Cross-validation</h2>\n";
  const json* cv = find(run.metrics, "cv");
  const json* folds = cv != nullptr ? find(*cv, "folds") : nullptr;
  if (folds == nullptr || !folds->is_array() || folds->empty()) {
    return s + skipped("Cross-validation was skipped for this run (<code>--cv-folds 0</code>).") + "</section>\n";
  }
  const json& o = at_or_null(*cv, "options");
  if (o.is_object()) {
    s += "<p>Stratified " + text(at_or_null(o, "folds")) + "-fold cross-validation (shuffled, seed " +
         text(at_or_null(o, "seed")) + ") of Dense(" + units_text(at_or_null(o, "units")) + ") models, Adam " +
         text(at_or_null(o, "learning_rate")) + ", up to " + text(at_or_null(o, "epochs")) +
         " epochs with early stopping (patience " + text(at_or_null(o, "patience")) + "), inputs " +
         (at_or_null(o, "scaled").is_boolean() && o["scaled"].get<bool>() ? "standardized per fold" : "unscaled (as the notebook)") +
         ".</p>\n";
  }
  s += "<table class=\"grid num\"><thead>" +
       row({"fold", "train rows", "test rows", "loss", "accuracy", "best epoch", "epochs run", "stopped early"}, "th") +
       "</thead><tbody>\n";
  for (const auto& f : *folds) {
    s += row({text(at_or_null(f, "fold")), text(at_or_null(f, "train_rows")), text(at_or_null(f, "test_rows")),
              fmt(num(f, "loss"), 4), pct(num(f, "accuracy")), text(at_or_null(f, "best_epoch")),
              text(at_or_null(f, "epochs_run")), text(at_or_null(f, "stopped_early"))});
  }
  s += "</tbody><tfoot>\n";
  const json& acc = at_or_null(*cv, "accuracy");
  const json& loss = at_or_null(*cv, "loss");
  for (const char* stat : {"mean", "std", "min", "max"}) {
    s += row({std::string(stat == std::string("std") ? "std (sample)" : stat), "", "", fmt(num(loss, stat), 4),
              stat == std::string("std") ? fmt(100 * num(acc, stat), 2) + " pp" : pct(num(acc, stat)), "", "", ""},
             "th");
  }
  return s + "</tfoot></table>\n</section>\n";
}

std::string tuning_section(const RunData& run) {
  std::string s = "<section id=\"tuning\">\n<h2>Hyperparameter tuning</h2>\n";
  const json* tuning = find(run.metrics, "tuning");
  const json* trials = tuning != nullptr ? find(*tuning, "trials") : nullptr;
  if (trials == nullptr || !trials->is_array() || trials->empty()) {
    return s + skipped("Tuning was skipped for this run (<code>--tune none</code>): the hyperparameters came from the flags.") +
           "</section>\n";
  }
  const json& o = at_or_null(*tuning, "options");
  const int best = static_cast<int>(num(*tuning, "best_trial", -1));
  std::vector<std::pair<std::string, std::string>> rows{
      {"algorithm", text(at_or_null(o, "algorithm"))},
      {"objective", text(at_or_null(*tuning, "objective"))},
      {"max epochs / factor / iterations",
       text(at_or_null(o, "max_epochs")) + " / " + text(at_or_null(o, "factor")) + " / " + text(at_or_null(o, "hyperband_iterations"))},
      {"search space", search_space_text(at_or_null(o, "search_space"))},
      {"trials", std::to_string(trials->size())},
      {"best trial", text(at_or_null(*tuning, "best_trial")) + ", score " + fmt(num(*tuning, "best_score"), 4)},
      {"best hyperparameters", hyperparameters_text(at_or_null(*tuning, "best_hyperparameters"))}};
  if (const json* ex = find(*tuning, "space_exhausted"); ex != nullptr && ex->is_boolean() && ex->get<bool>()) {
    rows.emplace_back("note", "the search space ran out of new points before the schedule did");
  }
  s += kv_table(rows);
  s += "<table class=\"grid num\"><thead>" +
       row({"trial", "bracket", "round", "epochs", "units", "learning rate", "dropout", "batch", "parent", "score",
            "best epoch", "epochs run"},
           "th") +
       "</thead><tbody>\n";
  for (const auto& t : *trials) {
    const json& hp = at_or_null(t, "hyperparameters");
    const bool is_best = static_cast<int>(num(t, "id", -2)) == best;
    std::string r = is_best ? "<tr class=\"best\">" : "<tr>";
    for (const auto& c :
         {text(at_or_null(t, "id")) + (is_best ? " ★" : ""), text(at_or_null(t, "bracket")), text(at_or_null(t, "round")),
          text(at_or_null(t, "initial_epoch")) + "→" + text(at_or_null(t, "epochs")), units_text(at_or_null(hp, "units")),
          text(at_or_null(hp, "learning_rate")), text(at_or_null(hp, "dropout")), text(at_or_null(hp, "batch_size")),
          text(at_or_null(t, "parent")), fmt(num(t, "score"), 4), text(at_or_null(t, "best_epoch")),
          text(at_or_null(t, "epochs_run"))}) {
      r += "<td>" + c + "</td>";
    }
    s += r + "</tr>\n";
  }
  return s + "</tbody></table>\n</section>\n";
}

std::string test_section(const RunData& run) {
  const json& test = at_or_null(run.metrics, "test");
  std::string s = "<section id=\"test-metrics\">\n<h2>Test metrics</h2>\n";
  s += kv_table({{"loss (categorical cross-entropy)", fmt(num(test, "loss"), 4)},
                 {"accuracy", pct(num(test, "accuracy"))},
                 {"precision / recall / F1 (macro)", fmt(num(test, "precision_macro"), 3) + " / " +
                                                          fmt(num(test, "recall_macro"), 3) + " / " +
                                                          fmt(num(test, "f1_macro"), 3)},
                 {"precision / recall / F1 (weighted)", fmt(num(test, "precision_weighted"), 3) + " / " +
                                                             fmt(num(test, "recall_weighted"), 3) + " / " +
                                                             fmt(num(test, "f1_weighted"), 3)},
                 {"exported (raw-input) model agrees with the rule on",
                  pct(num(test, "raw_model_rule_agreement")) + " of the test rows"}});
  const json& per_class = at_or_null(test, "per_class");
  s += "<h3>Per class</h3>\n<table class=\"grid num\"><thead>" + row({"class", "precision", "recall", "F1", "support"}, "th") +
       "</thead><tbody>\n";
  for (const auto& c : run.classes) {
    const json& p = at_or_null(per_class, c.c_str());
    s += row({esc(c), fmt(num(p, "precision"), 3), fmt(num(p, "recall"), 3), fmt(num(p, "f1"), 3), text(at_or_null(p, "support"))});
  }
  s += "</tbody></table>\n";
  const json& cm = at_or_null(test, "confusion_matrix");
  if (cm.is_array() && cm.size() == run.classes.size()) {
    s += "<h3>Confusion matrix (rows: true label, columns: predicted)</h3>\n<table class=\"grid num\"><thead><tr><th></th>";
    for (const auto& c : run.classes) s += "<th>" + esc(c) + "</th>";
    s += "</tr></thead><tbody>\n";
    for (std::size_t i = 0; i < cm.size(); ++i) {
      s += "<tr><th scope=\"row\">" + esc(run.classes[i]) + "</th>";
      for (const auto& v : cm[i]) s += "<td>" + text(v) + "</td>";
      s += "</tr>\n";
    }
    s += "</tbody></table>\n";
  }
  s += "<h3>Classification report</h3>\n";
  s += run.classification_report.empty() ? skipped("classification_report.txt is missing from the run directory.")
                                         : "<pre>" + esc(run.classification_report) + "</pre>\n";
  return s + "</section>\n";
}

std::string plots_section(const RunData& run, const std::vector<Plot>& plots, const fs::path& plots_dir,
                          const ReportOptions& options) {
  static const std::vector<std::pair<std::string, std::string>> groups{
      {"training", "Training"}, {"evaluation", "Evaluation"}, {"data", "Data"},
      {"cv", "Cross-validation"}, {"tuning", "Tuning"}};
  std::string s = "<section id=\"plots\">\n<h2>Plots</h2>\n<p>Every picture is also in <code>plots/</code> as PNG and SVG "
                  "(the exercises' histories are in the first section).</p>\n";
  for (const auto& [group, title] : groups) {
    std::string body;
    for (const auto& p : plots) {
      if (p.group != group) continue;
      body += figure(p, plots_dir, options.inline_format);
    }
    if (group == "cv" && body.empty()) body = skipped("No cross-validation in this run.");
    if (group == "tuning" && body.empty()) body = skipped("No tuning in this run.");
    if (!body.empty()) s += "<h3>" + esc(title) + "</h3>\n" + body;
  }
  (void)run;
  return s + "</section>\n";
}

std::string timings_section(const RunData& run) {
  std::string s = "<section id=\"timings\">\n<h2>Time of each stage</h2>\n";
  const json& t = at_or_null(run.metrics, "timings_s");
  if (!t.is_object() || t.empty()) return s + skipped("metrics.json records no timings.") + "</section>\n";
  static const std::vector<std::string> order{"ingest", "features", "split_and_scale", "cross_validation", "hyperband",
                                              "best_epoch_search", "final_training", "evaluation", "export"};
  std::vector<std::pair<std::string, double>> stages;
  for (const auto& k : order) {
    if (const json* v = find(t, k.c_str()); v != nullptr && v->is_number()) stages.emplace_back(k, v->get<double>());
  }
  for (const auto& [k, v] : t.items()) {
    if (std::find(order.begin(), order.end(), k) == order.end() && k != "total" && k != "total_training" && v.is_number()) {
      stages.emplace_back(k, v.get<double>());
    }
  }
  double longest = 1e-9;
  for (const auto& st : stages) longest = std::max(longest, st.second);
  s += "<table class=\"grid timings\"><thead>" + row({"stage", "seconds", ""}, "th") + "</thead><tbody>\n";
  for (const auto& [k, v] : stages) {
    s += row({esc(k), fmt(v, 3), "<span class=\"bar\" style=\"width:" + fmt(100.0 * v / longest, 1) + "%\"></span>"});
  }
  s += "</tbody><tfoot>\n";
  if (const json* v = find(t, "total"); v != nullptr && v->is_number()) s += row({"total", fmt(v->get<double>(), 3), ""}, "th");
  return s + "</tfoot></table>\n</section>\n";
}

std::string rule_text(const json& d) {
  auto n = [&](const char* k) { return text(at_or_null(d, k)); };
  return "<ol class=\"rule\"><li>w = " + n("weight_step_pct") + " % (" + n("weight_step_pct_heavy") +
         " % when the weight moving average is above " + n("heavy_kg") + " kg); r = " + n("reps_jump_pct") + " % (" +
         n("reps_jump_pct_high") + " % when the reps moving average is above " + n("high_reps") + ").</li>"
         "<li>Weight change % &gt; w and reps change % &lt; " + n("reps_flat_pct") +
         " → <em>increase reps</em> (the weight just went up: hold it and build reps).</li>"
         "<li>Otherwise reps change % &gt; r → <em>increase weight, decrease reps</em>.</li>"
         "<li>Otherwise → <em>increase weight</em>.</li></ol>\n";
}

std::string model_card_section(const RunData& run) {
  const json& m = run.metrics;
  const json& d = at_or_null(m, "feature_definition");
  const json& hp = at_or_null(m, "hyperparameters");
  const json& test = at_or_null(m, "test");
  const std::string def_name = at_or_null(d, "name").is_string() ? d["name"].get<std::string>() : "";
  const std::string window = text(at_or_null(d, "window"));
  std::string s = "<section id=\"model-card\">\n<h2>Model card</h2>\n";
  s += "<h3>Model</h3>\n<p>A dense network, " + std::to_string(run.feature_names.size()) + " inputs → " +
       units_text(at_or_null(hp, "units")) + " (ReLU) → " + std::to_string(run.classes.size()) +
       " (softmax), trained with Adam on categorical cross-entropy and exported as a TensorFlow.js layers-model "
       "(<code>model/model.json</code>). The training standardization is folded into its first layer, so it takes "
       "<strong>raw</strong> features. Outputs, in order: ";
  for (std::size_t c = 0; c < run.classes.size(); ++c) s += (c == 0 ? "" : ", ") + std::string("<em>") + esc(run.classes[c]) + "</em>";
  s += ".</p>\n";
  s += "<h3>Intended use</h3>\n<p>Suggest what to change in the next session of one exercise — add weight, add reps, or add "
       "weight and drop reps — from the sets of that exercise logged so far (a Strong, Hevy, FitNotes or Fitbod export). "
       "It is a training-log helper for healthy adults who already follow a programme; it is not coaching, medical or "
       "rehabilitation advice, and it knows nothing of pain, fatigue, sleep or technique.</p>\n";
  s += "<h3>Inputs and their units</h3>\n<p>One row per set, computed over the sets of the same exercise in date order "
       "(set order within a session), up to and including that set:</p>\n<table class=\"grid\"><thead>" +
       row({"#", "feature", "unit", "definition"}, "th") + "</thead><tbody>\n";
  const std::vector<std::pair<std::string, std::string>> defs{
      {"percent", "change of the weight against the previous set of the exercise: (w − w<sub>prev</sub>) / w<sub>prev</sub> × 100; "
                  "0 for the first set"},
      {"percent", "change of the reps against the previous set, likewise"},
      {"kg", "mean weight of the last " + window + " sets (fewer at the start)"},
      {"reps", "mean reps of the last " + window + " sets (fewer at the start)"}};
  for (std::size_t f = 0; f < run.feature_names.size(); ++f) {
    s += row({std::to_string(f), esc(run.feature_names[f]), f < defs.size() ? defs[f].first : "",
              f < defs.size() ? defs[f].second : ""});
  }
  s += "</tbody></table>\n<p>Weights are in kilograms (pound exports are converted when read).</p>\n";
  s += "<h3>Feature definition <code>" + esc(def_name) + "</code> and the label rule</h3>\n";
  std::vector<std::pair<std::string, std::string>> params;
  for (const auto& [k, v] : d.items()) params.emplace_back(k, v.is_null() ? "none" : text(v));
  const json& cap = at_or_null(d, "change_cap");
  s += kv_table(params) + "<p>Labels come from this rule, applied to " +
       (cap.is_number() ? "the changes clamped to ±" + text(cap) + " %, the same values the features carry:"
                        : "the raw changes, where a change from 0 is +inf (the features then carry 0):") +
       "</p>\n" + rule_text(d);
  s += "<h3>Training data and performance</h3>\n" +
       kv_table({{"data", "<code>" + text(at_or_null(at_or_null(m, "data"), "source")) + "</code>"},
                 {"fingerprint (SHA-256)", "<code class=\"hash\">" + text(at_or_null(at_or_null(m, "data"), "sha256")) + "</code>"},
                 {"rows (train / validation / test)", text(at_or_null(at_or_null(m, "rows"), "train")) + " / " +
                                                          text(at_or_null(at_or_null(m, "rows"), "val")) + " / " +
                                                          text(at_or_null(at_or_null(m, "rows"), "test"))},
                 {"test accuracy / macro F1", pct(num(test, "accuracy")) + " / " + fmt(num(test, "f1_macro"), 3)}});

  s += "<h3>Known limits</h3>\n<ul class=\"limits\">\n";
  const long long test_rows = std::count_if(run.dataset.begin(), run.dataset.end(), [](const DatasetRow& r) { return r.split == "test"; });
  if (def_name == "notebook") {
    const long long leak = count_label_leak_rows(run);
    std::string count = leak >= 0 ? thousands(leak) + " of the " + thousands(test_rows) + " test rows in this run" : "an unknown number of rows";
    std::string ceiling = leak >= 0 && test_rows > 0
                              ? fmt(100.0 * (1.0 - static_cast<double>(leak) / static_cast<double>(test_rows)), 1) + " %"
                              : "100 %";
    s += "<li id=\"label-leak\" class=\"warning\"><strong>Label leak (<code>--feature-set notebook</code>).</strong> The notebook "
         "labels rows while a 0 → x weight change is +inf, then replaces inf by 0 in the features, so rows carry an "
         "<em>increase reps</em> label whose features say “no change” (" + count +
         "): no model on those features can beat ~" + ceiling +
         " test accuracy. <code>--feature-set v2</code> fixes it.</li>\n";
  } else {
    s += "<li id=\"label-leak\">Label leak: this run uses <code>--feature-set " + esc(def_name) +
         "</code>, which clamps changes before labelling, so labels and features agree (the notebook definition's leak "
         "does not apply).</li>\n";
  }
  s += "<li>The labels are a fixed rule of the same features, so the model learns to reproduce the rule: accuracy "
       "measures agreement with the rule, not whether the advice makes anyone stronger.</li>\n";
  const std::string split = at_or_null(m, "split").is_string() ? m["split"].get<std::string>() : "";
  if (split == "notebook") {
    s += "<li>The <code>notebook</code> split cuts the table in its (exercise, date) order: validation and test are the "
         "alphabetically last exercises, not later sessions, so the scores say little about future workouts "
         "(<code>--split temporal</code> splits by date).</li>\n";
  } else {
    s += "<li>The split is by session date; the test rows are the latest sessions of the same lifter.</li>\n";
  }
  s += "<li>Trained on one log (one lifter's history); other lifters, programmes, or apps that log sets differently "
       "(warm-ups, drop sets) may behave differently.</li>\n"
       "<li>Weights outside the outlier bounds (" + fmt(num(at_or_null(m, "outlier_bounds_kg"), "lower"), 1) + " to " +
       fmt(num(at_or_null(m, "outlier_bounds_kg"), "upper"), 1) +
       " kg) never reached training; predictions there are extrapolation.</li>\n"
       "<li>Changes to or from 0 (body-weight sets, a first set) are infinite or undefined; they become 0 in the "
       "features.</li>\n"
       "<li>The classes are imbalanced (see the label counts); the minority classes have lower recall.</li>\n";
  return s + "</ul>\n</section>\n";
}

}  // namespace

const std::vector<std::string>& section_ids() {
  static const std::vector<std::string> ids{"lifter", "summary", "hyperparameters", "cv",        "tuning",
                                            "test-metrics", "plots", "timings",         "model-card"};
  return ids;
}

std::string render_html(const RunData& run, const std::vector<Plot>& plots, const fs::path& plots_dir,
                        const ReportOptions& options) {
  const json& data = at_or_null(run.metrics, "data");
  const std::string source = at_or_null(data, "source").is_string() ? data["source"].get<std::string>() : "";
  const std::string title = "exertrack training report — " + (source.empty() ? run.dir.filename().string() : fs::path(source).filename().string());
  std::string h = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                  "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                  "<meta name=\"generator\" content=\"exertrack report\">\n<title>" +
                  esc(title) + "</title>\n<style>" + kCss + "</style>\n</head>\n<body>\n";
  h += "<header><h1>" + esc(title) + "</h1><p>Run directory <code>" + esc(run.dir.string()) + "</code> · features <code>" +
       text(at_or_null(at_or_null(run.metrics, "feature_definition"), "name")) + "</code> · split <code>" +
       text(at_or_null(run.metrics, "split")) + "</code> · data SHA-256 <code class=\"hash\">" +
       text(at_or_null(data, "sha256")).substr(0, 16) + "…</code></p></header>\n";
  static const std::vector<std::pair<std::string, std::string>> nav{
      {"lifter", "Your exercises"}, {"summary", "Summary"}, {"hyperparameters", "Hyperparameters"}, {"cv", "Cross-validation"}, {"tuning", "Tuning"},
      {"test-metrics", "Test metrics"}, {"plots", "Plots"}, {"timings", "Timings"}, {"model-card", "Model card"}};
  h += "<nav>";
  for (const auto& [id, label] : nav) h += "<a href=\"#" + id + "\">" + label + "</a>";
  h += "</nav>\n<main>\n";
  h += lifter_section(run, plots, plots_dir, options);
  h += summary_section(run);
  h += hyperparameter_section(run);
  h += cv_section(run);
  h += tuning_section(run);
  h += test_section(run);
  h += plots_section(run, plots, plots_dir, options);
  h += timings_section(run);
  h += model_card_section(run);
  h += "</main>\n</body>\n</html>\n";
  return h;
}

bool is_next_session_run(const fs::path& dir) {
  std::error_code ec;
  if (!fs::is_regular_file(dir / "metrics.json", ec)) return false;
  // Unreadable JSON is left to the strict readers, which say what is wrong.
  const json j = json::parse(read_file(dir / "metrics.json"), nullptr, false);
  return metrics::task_of(j) == "next-session";
}

namespace {

class NotebookRunReport final : public RunReport {
 public:
  explicit NotebookRunReport(RunData run) : run_(std::move(run)) {}
  std::vector<PlotJob> plan_plots(const PlotOptions& options) const override { return report::plan_plots(run_, options); }
  std::string render_html(const std::vector<Plot>& plots, const fs::path& plots_dir, const ReportOptions& options) const override {
    return report::render_html(run_, plots, plots_dir, options);
  }

 private:
  RunData run_;
};

class NextSessionRunReport final : public RunReport {
 public:
  explicit NextSessionRunReport(NextSessionRunData run) : run_(std::move(run)) {}
  std::vector<PlotJob> plan_plots(const PlotOptions& options) const override { return plan_next_session_plots(run_, options); }
  std::string render_html(const std::vector<Plot>& plots, const fs::path& plots_dir, const ReportOptions& options) const override {
    return render_next_session_html(run_, plots, plots_dir, options.inline_format);
  }

 private:
  NextSessionRunData run_;
};

}  // namespace

std::unique_ptr<const RunReport> load_run_report(const fs::path& dir) {
  if (is_next_session_run(dir)) return std::make_unique<NextSessionRunReport>(load_next_session_run(dir));
  return std::make_unique<NotebookRunReport>(load_run(dir));
}

ReportResult write_report(const fs::path& dir, const ReportOptions& options) {
  if (options.inline_format != "svg" && options.inline_format != "png") {
    throw InputError("report: inline format must be svg or png, not '" + options.inline_format + "'");
  }
  const std::unique_ptr<const RunReport> run = load_run_report(dir);
  ReportResult result;
  result.plots_dir = dir / "plots";
  result.plots = render_plots(run->plan_plots(options.plots), result.plots_dir, options.plots);
  result.html = dir / "report.html";
  write_file_atomic(result.html, run->render_html(result.plots, result.plots_dir, options));
  return result;
}

}  // namespace exertrack::report
