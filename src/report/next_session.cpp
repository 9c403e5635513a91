#include "report/next_session.hpp"

#include <algorithm>
#include <cmath>
#include <map>

#include "core/ingest/values.hpp"
#include "core/ingest/workout_log.hpp"
#include "core/units/loads.hpp"
#include "core/util/error.hpp"
#include "core/util/files.hpp"
#include "next_session/model/session_features.hpp"
#include "next_session/model/sessions.hpp"
#include "report/html.hpp"
#include "report/image.hpp"
#include "synth/synth.hpp"

namespace ingest = exertrack::core::ingest;
namespace metrics = exertrack::core::metrics;
using exertrack::core::ingest::command_line;
using exertrack::core::ingest::read_options;
using exertrack::core::ingest::ReadOptions;
using exertrack::core::ingest::WeightUnit;
using exertrack::core::ingest::WorkoutLog;
using exertrack::core::units::kg_to_unit;
using exertrack::core::units::unit_name;
using exertrack::core::util::InputError;
using exertrack::core::util::read_file;
using exertrack::core::util::sha256_hex;
using exertrack::next_session::model::build_sessions;
using exertrack::next_session::model::ExerciseSessions;
using exertrack::next_session::model::ForecastModel;
using exertrack::next_session::model::kActionNames;
using exertrack::next_session::model::LeftOutExercise;
using exertrack::next_session::model::LoadKind;
using exertrack::next_session::model::LogAdvice;
using exertrack::next_session::model::NextSessionAdvice;
using exertrack::next_session::model::Session;
using exertrack::next_session::model::SessionLog;
using exertrack::next_session::model::TopSet;
using exertrack::synth::SynthCohortOptions;
using exertrack::synth::SynthLifter;

namespace exertrack::report {
namespace {

namespace fs = std::filesystem;
using namespace html;  // NOLINT: the page helpers both report pages share

// A weight as a lifter reads it: no trailing zeros, at most two decimals.
std::string weight_text(double w) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2f", w);
  std::string s = buf;
  while (s.back() == '0') s.pop_back();
  if (s.back() == '.') s.pop_back();
  return s == "-0" ? "0" : s;
}

// A top set as the lifter logs it; bodyweight work names no load.
std::string set_text(const TopSet& s, WeightUnit unit, LoadKind kind) {
  if (kind == LoadKind::bodyweight && s.weight == 0) return "bodyweight × " + weight_text(s.reps);
  return weight_text(s.weight) + " " + std::string(unit_name(unit)) + (kind == LoadKind::assisted ? " assistance" : "") +
         " × " + weight_text(s.reps);
}

// The lifter's log as the run read it, or why it cannot be read again.
std::optional<WorkoutLog> read_lifter_log(const metrics::NextSessionMetrics& doc, const metrics::LifterData& l,
                                          LifterReport& out) {
  try {
    const ReadOptions read = read_options(doc.data.settings);
    if (!l.path) {
      if (!doc.data.synthetic_seed) {
        out.missing = "metrics.json names no data file for this lifter.";
        return std::nullopt;
      }
      SynthCohortOptions cohort;
      cohort.seed = *doc.data.synthetic_seed;
      cohort.lifters = static_cast<int>(doc.data.synthetic_lifters);
      for (const SynthLifter& s : synth_lifters(cohort)) {
        if (s.name != l.name) continue;
        out.source = "synthetic lifter " + s.name + " (seed " + std::to_string(cohort.seed) + ")";
        if (sha256_hex(s.csv) != l.sha256) {
          out.warning = "The synthetic generator now writes a different log for this lifter than the run trained on.";
        }
        return parse_workout_log(s.csv, "synthetic lifter " + s.name, read);
      }
      out.missing = "the synthetic cohort (seed " + std::to_string(cohort.seed) + ") has no lifter named " + l.name + ".";
      return std::nullopt;
    }
    out.source = *l.path;
    if (!fs::exists(*l.path)) {
      out.missing = "The data file " + *l.path + " is gone, so this lifter's recommendations cannot be rebuilt.";
      return std::nullopt;
    }
    const std::string bytes = read_file(*l.path);
    if (sha256_hex(bytes) != l.sha256) {
      out.warning = "The data file changed since the run (its SHA-256 differs): the recommendations are for its "
                    "current contents.";
    }
    return parse_workout_log(bytes, *l.path, read);
  } catch (const std::exception& e) {
    out.missing = std::string("The data could not be read: ") + e.what();
    return std::nullopt;
  }
}

void advise_lifter(const ForecastModel& model, const WorkoutLog& log, LifterReport& out) {
  const LogAdvice advice = advise_log(model, log, out.unit);
  const SessionLog sessions = build_sessions(log, log.source);
  std::map<std::string, const ExerciseSessions*> by_name;
  for (const ExerciseSessions& ex : sessions.exercises) by_name[ex.name] = &ex;
  for (const NextSessionAdvice& a : advice.results) {
    LifterExercise e{a, {}};
    if (const auto it = by_name.find(a.name); it != by_name.end()) {
      for (const Session& s : it->second->sessions) {
        e.history.push_back({s.time, displayed_weight(*it->second, s.top_weight_kg, out.unit), s.top_reps,
                             s.e1rm_kg > 0 ? kg_to_unit(s.e1rm_kg, out.unit) : 0.0});
      }
    }
    out.exercises.push_back(std::move(e));
  }
  // Most-trained first; ties by name, so the page does not depend on order.
  std::stable_sort(out.exercises.begin(), out.exercises.end(), [](const LifterExercise& a, const LifterExercise& b) {
    return a.advice.sessions > b.advice.sessions;
  });
  out.not_strength = advice.not_strength;
}

std::string lifter_anchor(std::size_t i) { return "lifter-" + std::to_string(i + 1); }

std::string chart_name(std::size_t lifter, std::size_t rank, const std::string& exercise) {
  return "lifter" + std::to_string(lifter + 1) + "_" + std::to_string(rank + 1) + "_" + slug(exercise);
}

std::size_t charts_per_lifter(std::size_t lifters, const PlotOptions& options) {
  const auto top = static_cast<std::size_t>(std::max(0, options.top_exercises));
  return lifters > 1 ? std::min<std::size_t>(top, 3) : top;
}

// ------------------------------------------------------------ the page

std::string recommendation_rows(const std::vector<const LifterExercise*>& rows, WeightUnit unit) {
  std::string s = "<table class=\"grid recommendations\"><thead>" +
                  row({"exercise", "sessions", "last session", "last top set", "next target", "action", "probability",
                       "ready to add weight", "reason"},
                      "th") +
                  "</thead><tbody>\n";
  for (const LifterExercise* e : rows) {
    const NextSessionAdvice& a = e->advice;
    s += row({esc(a.name), std::to_string(a.sessions), ingest::format_date(a.last_time), esc(set_text(a.last, unit, a.kind)),
              "<strong>" + esc(set_text(a.target, unit, a.kind)) + "</strong>", esc(std::string(kActionNames.at(static_cast<std::size_t>(a.action)))),
              pct(a.probabilities.at(static_cast<std::size_t>(a.action)), 0), pct(a.ready_to_add_weight, 0), esc(a.reason)});
  }
  return s + "</tbody></table>\n";
}

std::string lifter_section(const NextSessionRunData& run, const std::vector<Plot>& plots, const fs::path& plots_dir,
                           const std::string& inline_format) {
  std::string s = "<section id=\"lifter\">\n<h2>Next session</h2>\n";
  s += "<p>What the model trained in this run tells " +
       std::string(run.lifters.size() == 1 ? "the lifter" : "each lifter it was trained on") +
       " to do next session in each exercise: the most probable action with a concrete top set (a loadable weight in the "
       "unit the lifter logs in), its probability, and the reason from the history. Exercises not trained in the 8 weeks "
       "before the log's last date are listed apart.</p>\n";
  if (run.model_missing) s += skipped(esc(*run.model_missing));
  if (run.lifters.size() > 1) {
    s += "<p>";
    for (std::size_t i = 0; i < run.lifters.size(); ++i) {
      s += std::string(i == 0 ? "" : " · ") + "<a href=\"#" + lifter_anchor(i) + "\">" + esc(run.lifters[i].name) + "</a>";
    }
    s += "</p>\n";
  }
  for (std::size_t i = 0; i < run.lifters.size(); ++i) {
    const LifterReport& l = run.lifters[i];
    s += "<div class=\"lifter\" id=\"" + lifter_anchor(i) + "\">\n<h3>" + esc(l.name) + "</h3>\n";
    if (!l.source.empty()) {
      s += "<p>Data <code>" + esc(l.source) + "</code> · targets in <strong>" + std::string(unit_name(l.unit)) + "</strong></p>\n";
    }
    if (l.warning) s += "<p class=\"warning\">" + esc(*l.warning) + "</p>\n";
    if (l.missing) {
      s += skipped(esc(*l.missing));
      s += "</div>\n";
      continue;
    }
    std::vector<const LifterExercise*> active, inactive;
    for (const LifterExercise& e : l.exercises) (e.advice.inactive ? inactive : active).push_back(&e);
    if (active.empty()) {
      s += skipped("No exercise was trained in the 8 weeks before this log's last date.");
    } else {
      const std::size_t shown = std::min(active.size(), kRecommendationRowsShown);
      s += recommendation_rows({active.begin(), active.begin() + static_cast<std::ptrdiff_t>(shown)}, l.unit);
      if (shown < active.size()) {
        s += "<details><summary>" + std::to_string(active.size() - shown) +
             " more active exercises (fewer sessions)</summary>\n" +
             recommendation_rows({active.begin() + static_cast<std::ptrdiff_t>(shown), active.end()}, l.unit) + "</details>\n";
      }
    }
    if (!inactive.empty()) {
      s += "<details class=\"inactive\"><summary>" + std::to_string(inactive.size()) +
           " inactive exercises (no session in the 8 weeks before the log's last date)</summary>\n" +
           recommendation_rows(inactive, l.unit) + "</details>\n";
    }
    if (!l.not_strength.empty()) {
      s += "<h4>Not strength work (no weight × reps target)</h4>\n<ul class=\"not-strength\">\n";
      for (const LeftOutExercise& e : l.not_strength) s += "<li>" + esc(e.name) + ": " + esc(e.reason) + "</li>\n";
      s += "</ul>\n";
    }
    std::string figures;
    const std::string prefix = "lifter" + std::to_string(i + 1) + "_";
    for (const Plot& p : plots) {
      if (p.group == "lifter" && p.name.rfind(prefix, 0) == 0) figures += figure(p, plots_dir, inline_format);
    }
    if (!figures.empty()) s += "<h4>Sessions of the most-trained exercises</h4>\n" + figures;
    s += "</div>\n";
  }
  return s + "</section>\n";
}

std::string score_cell(double v, int digits) { return std::isfinite(v) ? fmt(v, digits) : "—"; }

std::string scores_table(const metrics::ForecastScores& model, const std::map<std::string, metrics::ForecastScores>& baselines) {
  std::string s = "<table class=\"grid num evaluation\"><thead>" +
                  row({"forecaster", "transitions", "accuracy", "macro-F1", "weight MAE (kg)", "reps MAE", "load MAE (kg)",
                       "ECE", "ECE floor"},
                      "th") +
                  "</thead><tbody>\n";
  auto line = [&](const std::string& name, const metrics::ForecastScores& x, bool is_model) {
    const std::string r = row({is_model ? "<strong>" + esc(name) + "</strong>" : esc(name), thousands(static_cast<long long>(x.transitions)),
                               score_cell(x.accuracy, 3), score_cell(x.f1_macro, 3), score_cell(x.weight_mae_kg, 2),
                               score_cell(x.reps_mae, 2), score_cell(x.load_mae_kg, 2), score_cell(x.ece, 3),
                               score_cell(x.ece_floor, 3)});
    s += is_model ? "<tr class=\"model\">" + r.substr(4) : r;
  };
  line("model", model, true);
  for (const auto& [name, x] : baselines) line(name, x, false);
  return s + "</tbody></table>\n";
}

std::string evaluation_section(const NextSessionRunData& run) {
  const metrics::ForecastEvaluation& e = run.doc.evaluation;
  std::string s = "<section id=\"evaluation\">\n<h2>How the forecast was judged</h2>\n";
  s += "<p>Protocol <code>" + esc(e.protocol) + "</code>" +
       (e.protocol == "temporal" ? ": each lifter's latest 20 % of sessions are test; the model learned from every lifter's "
                                   "earlier transitions"
                                 : "") +
       ". Every number is on transitions the model did not see, the model beside every baseline; MAE of the next top "
       "set's weight and reps and of the load for the reps done next; ECE of the action probabilities beside the ECE a "
       "perfectly calibrated model would show on as many transitions (floor). — : the forecaster does not give it.</p>\n";
  s += "<h3>Macro over " + std::to_string(e.lifters.size()) + " lifter(s)</h3>\n" + scores_table(e.macro_model, e.macro_baselines);
  for (const metrics::LifterEvaluation& l : e.lifters) {
    s += "<h4>" + esc(l.name) + " (" + thousands(static_cast<long long>(l.transitions)) + " test transitions)</h4>\n" +
         scores_table(l.model, l.baselines);
  }
  return s + "</section>\n";
}

std::string importance_section(const NextSessionRunData& run) {
  const auto& imp = run.doc.evaluation.action_feature_importance;
  std::string s = "<section id=\"importance\">\n<h2>Feature importance (action head)</h2>\n";
  if (imp.empty()) return s + skipped("The evaluation recorded no feature importance.") + "</section>\n";
  double top = 1e-12;
  for (const auto& g : imp) top = std::max(top, g.gain);
  s += "<p>Total gain of each session feature in the action model's trees (the last model the evaluation trained), "
       "largest first.</p>\n<table class=\"grid timings\"><thead>" +
       row({"feature", "gain", ""}, "th") + "</thead><tbody>\n";
  for (const auto& g : imp) {
    s += row({"<code>" + esc(g.feature) + "</code>", fmt(g.gain, 1),
              "<span class=\"bar\" style=\"width:" + fmt(100.0 * g.gain / top, 1) + "%\"></span>"});
  }
  return s + "</tbody></table>\n</section>\n";
}

std::string json_text(const nlohmann::json& v) {
  if (v.is_string()) return esc(v.get<std::string>());
  return "<code>" + esc(v.dump()) + "</code>";
}

std::string training_section(const NextSessionRunData& run) {
  const metrics::NextSessionMetrics& m = run.doc;
  std::string s = "<section id=\"training\">\n<h2>Training diagnostics</h2>\n";
  s += kv_table({{"transitions (every lifter, all sessions)", thousands(static_cast<long long>(m.training.transitions))},
                 {"transitions with a load for the planned reps", thousands(static_cast<long long>(m.training.load_transitions))},
                 {"majority action", esc(m.training.majority_action)},
                 {"calibration temperature", fmt(m.training.temperature, 3)},
                 {"training time (s)", fmt(m.training.seconds, 2)},
                 {"evaluation time (s)", fmt(m.evaluation.seconds, 2)}});
  s += "<h3>Training options</h3>\n";
  std::vector<std::pair<std::string, std::string>> opts;
  for (const auto& [k, v] : m.training.options.items()) opts.emplace_back(k, json_text(v));
  s += kv_table(opts);
  s += "<h3>Data</h3>\n<p>Read with <code>" + esc(command_line(m.data.settings)) + "</code>" +
       (m.data.synthetic_seed ? "; the embedded synthetic cohort (seed " + std::to_string(*m.data.synthetic_seed) + ", " +
                                    std::to_string(m.data.synthetic_lifters) + " lifters)"
                              : std::string()) +
       ".</p>\n<table class=\"grid\"><thead>" + row({"lifter", "unit", "transitions", "source", "SHA-256"}, "th") +
       "</thead><tbody>\n";
  for (const metrics::LifterData& l : m.lifters) {
    s += row({esc(l.name), esc(l.unit), thousands(static_cast<long long>(l.transitions)),
              l.path ? "<code>" + esc(*l.path) + "</code>" : "synthetic", "<code class=\"hash\">" + esc(l.sha256) + "</code>"});
  }
  return s + "</tbody></table>\n</section>\n";
}

constexpr const char* kExtraCss = R"(
tr.model td{background:#eef5fb}
.warning{color:var(--warn)}
details{margin:6px 0 12px}
summary{cursor:pointer;color:var(--accent)}
.lifter{border-top:1px solid var(--line);margin-top:18px}
table.recommendations td:last-child{max-width:420px}
table.recommendations td:nth-child(3),table.recommendations td:nth-child(4),table.recommendations td:nth-child(5){white-space:nowrap}
)";

}  // namespace

NextSessionRunData load_next_session_run(const fs::path& dir) {
  const fs::path file = dir / "metrics.json";
  if (!fs::exists(file)) throw InputError(file.string() + ": missing; not a run directory of exertrack train");
  nlohmann::json j;
  try {
    j = nlohmann::json::parse(read_file(file));
  } catch (const nlohmann::json::parse_error& e) {
    throw InputError(file.string() + ": not valid JSON: " + e.what());
  }
  NextSessionRunData run;
  run.dir = dir;
  run.doc = metrics::next_session_from_json(j, file.string());
  std::optional<ForecastModel> model;
  try {
    model = ForecastModel::read(dir / "model");
  } catch (const std::exception& e) {
    run.model_missing = std::string("The model could not be read, so there are no recommendations: ") + e.what();
  }
  for (const metrics::LifterData& l : run.doc.lifters) {
    LifterReport r;
    r.name = l.name;
    r.unit = l.unit == "lb" ? WeightUnit::lb : WeightUnit::kg;
    const std::optional<WorkoutLog> log = read_lifter_log(run.doc, l, r);
    if (log && model) {
      try {
        advise_lifter(*model, *log, r);
      } catch (const InputError& e) {
        r.missing = std::string("No recommendation: ") + e.what();
      }
    } else if (log) {
      r.missing = "No model to recommend with.";
    }
    run.lifters.push_back(std::move(r));
  }
  return run;
}

std::vector<PlotJob> plan_next_session_plots(const NextSessionRunData& run, const PlotOptions& options) {
  std::vector<PlotJob> jobs;
  const std::size_t per_lifter = charts_per_lifter(run.lifters.size(), options);
  for (std::size_t li = 0; li < run.lifters.size(); ++li) {
    const LifterReport& l = run.lifters[li];
    const std::string unit(unit_name(l.unit));
    std::size_t rank = 0;
    for (const LifterExercise& e : l.exercises) {
      if (rank >= per_lifter) break;
      if (e.advice.inactive || e.history.empty()) continue;
      const NextSessionAdvice& a = e.advice;
      std::string sessions, e1rm;
      for (const SessionPoint& p : e.history) {
        sessions += std::to_string(p.time) + " " + weight_text(p.top_weight) + " " + weight_text(p.top_reps) + "\n";
        if (p.e1rm > 0) e1rm += std::to_string(p.time) + " " + weight_text(p.e1rm) + "\n";
      }
      // The target sits one typical gap (the median days between sessions) after the last session.
      std::vector<std::int64_t> gaps;
      for (std::size_t k = 1; k < e.history.size(); ++k) gaps.push_back(e.history[k].time - e.history[k - 1].time);
      std::int64_t gap = 7 * 86400;
      if (!gaps.empty()) {
        std::nth_element(gaps.begin(), gaps.begin() + static_cast<std::ptrdiff_t>(gaps.size() / 2), gaps.end());
        gap = std::clamp<std::int64_t>(gaps[gaps.size() / 2], 86400, 28 * 86400);
      }
      const std::string target_label = "target " + set_text(a.target, l.unit, a.kind);
      PlotJob job;
      job.width = 1100;
      job.height = 420;
      job.plot = {chart_name(li, rank, a.name), a.name + ": top set and estimated 1RM per session (" + l.name + ")",
                  std::to_string(e.history.size()) + " sessions of " + a.name + " in " + unit +
                      ": the top set's weight and Epley's estimated 1RM per session; the star is next session's target, " +
                      set_text(a.target, l.unit, a.kind) + " (" + std::string(kActionNames.at(static_cast<std::size_t>(a.action))) + ").",
                  "lifter"};
      job.data_files.emplace_back("sessions.dat", sessions);
      job.data_files.emplace_back("target.dat", std::to_string(a.last_time + gap) + " " + weight_text(a.target.weight) + "\n");
      std::string plot = "plot 'sessions.dat' using 1:2 with linespoints pt 7 ps 0.6 lw 1.6 lc rgb '#1f77b4' title 'top set weight'";
      if (!e1rm.empty()) {
        job.data_files.emplace_back("e1rm.dat", e1rm);
        plot += ", 'e1rm.dat' using 1:2 with lines dt 2 lw 1.4 lc rgb '#ff7f0e' title 'estimated 1RM (Epley)'";
      }
      plot += ", 'target.dat' using 1:2 with points pt 3 ps 2.6 lw 2 lc rgb '#d62728' title " + gnuplot_string(target_label) + "\n";
      job.body = "set title " + gnuplot_string(a.name + " — " + l.name) + " font ',13'\n" +
                 "set xdata time\nset timefmt '%s'\nset format x '%Y-%m'\nset grid\n"
                 "set offsets graph 0.02, graph 0.04, graph 0.08, graph 0.08\n"
                 "set key outside top center horizontal\nset lmargin 10\nset rmargin 4\n"
                 "set xlabel 'session date'\nset ylabel " +
                 gnuplot_string((a.kind == LoadKind::assisted ? "assistance (" : "weight (") + unit + ")") + "\n" + plot;
      jobs.push_back(std::move(job));
      ++rank;
    }
  }
  return jobs;
}

const std::vector<std::string>& next_session_section_ids() {
  static const std::vector<std::string> ids{"lifter", "evaluation", "importance", "training"};
  return ids;
}

std::string render_next_session_html(const NextSessionRunData& run, const std::vector<Plot>& plots, const fs::path& plots_dir,
                                     const std::string& inline_format) {
  const std::string title = "exertrack next-session report — " +
                            (run.lifters.size() == 1 ? run.lifters[0].name : std::to_string(run.lifters.size()) + " lifters");
  std::string h = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                  "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                  "<meta name=\"generator\" content=\"exertrack report\">\n<title>" +
                  esc(title) + "</title>\n<style>" + kCss + kExtraCss + "</style>\n</head>\n<body>\n";
  h += "<header><h1>" + esc(title) + "</h1><p>Run directory <code>" + esc(run.dir.string()) +
       "</code> · task <code>next-session</code> · " + std::to_string(run.doc.lifters.size()) + " lifter(s), " +
       thousands(static_cast<long long>(run.doc.training.transitions)) + " transitions</p></header>\n";
  static const std::vector<std::pair<std::string, std::string>> nav{
      {"lifter", "Next session"}, {"evaluation", "Evaluation"}, {"importance", "Feature importance"}, {"training", "Training"}};
  h += "<nav>";
  for (const auto& [id, label] : nav) h += "<a href=\"#" + id + "\">" + label + "</a>";
  h += "</nav>\n<main>\n";
  h += lifter_section(run, plots, plots_dir, inline_format);
  h += evaluation_section(run);
  h += importance_section(run);
  h += training_section(run);
  h += "</main>\n</body>\n</html>\n";
  return h;
}

}  // namespace exertrack::report
