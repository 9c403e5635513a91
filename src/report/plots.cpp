#include "report/plots.hpp"

#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

#include <sys/stat.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <optional>
#include <set>
#include <atomic>
#include <cmath>
#include <cstdio>
#include <exception>
#include <map>
#include <mutex>
#include <stdexcept>
#include <thread>

#include "core/util/files.hpp"
#include "report/image.hpp"
#include "report/process.hpp"

using exertrack::core::util::read_file;
using exertrack::core::util::write_file_atomic;

namespace exertrack::report {
namespace {

namespace fs = std::filesystem;

// matplotlib's "tab10": the colours the notebook's seaborn plots used.
constexpr std::array<const char*, 10> kColours = {"#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd",
                                                  "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"};
const char* class_colour(std::size_t c) { return kColours[c % kColours.size()]; }
// Brackets get their own colours, apart from the class colours.
constexpr std::array<const char*, 6> kBracketColours = {"#4c72b0", "#dd8452", "#55a868", "#c44e52", "#8172b3", "#937860"};

std::string num(double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.10g", v);
  return buf;
}

std::string fixed(double v, int digits) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", digits, v);
  return buf;
}

// "1234567" -> "1,234,567"

// Long class names break after ", " so they fit under a tick.
std::string wrap_class(const std::string& name) {
  if (name.size() <= 16) return name;
  std::string out = name;
  const auto comma = out.find(", ");
  if (comma != std::string::npos) out.replace(comma, 2, ",\n");
  return out;
}

std::string class_tics(const std::vector<std::string>& classes, int first) {
  std::string tics = "(";
  for (std::size_t c = 0; c < classes.size(); ++c) {
    tics += (c == 0 ? "" : ", ") + gnuplot_string(wrap_class(classes[c])) + " " + std::to_string(first + static_cast<int>(c));
  }
  return tics + ")";
}

double percentile(std::vector<double> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  const double pos = p / 100.0 * static_cast<double>(v.size() - 1);
  const auto lo = static_cast<std::size_t>(std::floor(pos));
  const auto hi = std::min(lo + 1, v.size() - 1);
  return v[lo] + (v[hi] - v[lo]) * (pos - static_cast<double>(lo));
}

const nlohmann::json* find(const nlohmann::json& j, const char* key) {
  if (!j.is_object()) return nullptr;
  const auto it = j.find(key);
  return it == j.end() || it->is_null() ? nullptr : &*it;
}

double number_or(const nlohmann::json& j, const char* key, double fallback) {
  const auto* v = find(j, key);
  return v != nullptr && v->is_number() ? v->get<double>() : fallback;
}

PlotJob training_job(const RunData& run) {
  PlotJob job;
  job.plot = {"training_history", "Training and validation accuracy and loss per epoch", "", "training"};
  std::string run_name = "best_epoch_search";
  if (std::none_of(run.history.begin(), run.history.end(), [](const HistoryRow& h) { return h.run == "best_epoch_search"; })) {
    run_name = "final";
  }
  std::string data;
  std::size_t n = 0;
  for (const auto& h : run.history) {
    if (h.run != run_name) continue;
    data += std::to_string(h.epoch) + " " + num(h.loss) + " " + num(h.accuracy) + " " + num(h.val_loss) + " " +
            num(h.val_accuracy) + "\n";
    ++n;
  }
  if (n == 0) throw std::runtime_error(run.dir.string() + "/history.csv has no epochs to plot");
  job.data_files.emplace_back("history.dat", data);
  const int best = static_cast<int>(number_or(run.metrics, "best_epoch", 0));
  std::string marker;
  if (best > 0) {
    marker = "set arrow 1 from " + std::to_string(best) + ", graph 0 to " + std::to_string(best) +
             ", graph 1 nohead dt 2 lw 1.2 lc rgb '#666666'\n"
             "set label 1 " + gnuplot_string("best epoch " + std::to_string(best)) + " at " + std::to_string(best) +
             ", graph 0.5 rotate by 90 offset -0.8,0 center tc rgb '#555555'\n";
  }
  job.plot.caption = "The best-epoch search run (" + std::to_string(n) + " epochs" +
                     (best > 0 ? "; the final model was trained from scratch for " + std::to_string(best) + " epochs, marked" : "") +
                     "). Training curves are measured during each epoch, validation after it.";
  job.body = "set multiplot layout 1,2 title " +
             gnuplot_string(run_name == "final" ? "Training and validation per epoch (final model)"
                                                : "Training and validation per epoch (best-epoch search run)") +
             " font ',14'\n"
             "set xlabel 'epoch'\nset key box opaque\n" +
             marker +
             "set title 'Accuracy'\nset ylabel 'accuracy'\nset key bottom right\n"
             "plot 'history.dat' using 1:3 with linespoints pt 7 ps 0.45 lw 1.6 lc rgb '#1f77b4' title 'training', "
             "'' using 1:5 with linespoints pt 7 ps 0.45 lw 1.6 lc rgb '#ff7f0e' title 'validation'\n"
             "set title 'Loss (categorical cross-entropy)'\nset ylabel 'loss'\nset key top right\n"
             "plot 'history.dat' using 1:2 with linespoints pt 7 ps 0.45 lw 1.6 lc rgb '#1f77b4' title 'training', "
             "'' using 1:4 with linespoints pt 7 ps 0.45 lw 1.6 lc rgb '#ff7f0e' title 'validation'\n"
             "unset multiplot\n";
  return job;
}

std::optional<PlotJob> confusion_job(const RunData& run) {
  const auto* test = find(run.metrics, "test");
  const auto* cm = test != nullptr ? find(*test, "confusion_matrix") : nullptr;
  if (cm == nullptr || !cm->is_array()) return std::nullopt;
  const std::size_t k = run.classes.size();
  const auto m = cm->get<std::vector<std::vector<long long>>>();
  if (m.size() != k) throw std::runtime_error("metrics.json: test.confusion_matrix is not " + std::to_string(k) + "x" + std::to_string(k));
  std::string pct, labels;
  long long total = 0;
  for (std::size_t i = 0; i < k; ++i) {
    if (m[i].size() != k) throw std::runtime_error("metrics.json: test.confusion_matrix row " + std::to_string(i) + " has the wrong length");
    long long row = 0;
    for (auto v : m[i]) row += v;
    total += row;
    for (std::size_t j = 0; j < k; ++j) {
      const double p = row > 0 ? 100.0 * static_cast<double>(m[i][j]) / static_cast<double>(row) : 0.0;
      pct += (j == 0 ? "" : " ") + num(p);
      labels += std::to_string(j) + " " + std::to_string(i) + " " + std::to_string(m[i][j]) + " " + num(p) + "\n";
    }
    pct += "\n";
  }
  PlotJob job;
  job.width = 820;
  job.height = 680;
  job.plot = {"confusion_matrix", "Confusion matrix on the test set",
              "Rows are the true (rule) labels, columns the model's predictions; each cell shows the count and its share "
              "of the row. " + thousands(total) + " test rows.",
              "evaluation"};
  job.data_files.emplace_back("cm.dat", pct);
  job.data_files.emplace_back("cm_labels.dat", labels);
  const std::string n = std::to_string(k);
  job.body = "set title " + gnuplot_string("Confusion matrix, test set (" + thousands(total) + " rows)") + " font ',14'\n" +
             "set xrange [-0.5:" + n + "-0.5]\nset yrange [" + n + "-0.5:-0.5]\n" +
             "set xtics " + class_tics(run.classes, 0) + "\nset ytics " + class_tics(run.classes, 0) + "\n" +
             "set tics scale 0\nunset grid\nset size square\n"
             "set xlabel 'predicted label'\nset ylabel 'true label'\n"
             "set palette defined (0 '#f7fbff', 40 '#9ecae1', 70 '#3182bd', 100 '#08306b')\n"
             "set cbrange [0:100]\nset cblabel '% of the true class (row)'\n"
             "plot 'cm.dat' matrix with image pixels notitle, "
             "'cm_labels.dat' using 1:2:(sprintf(\"%d\\n%.1f %%\", $3, $4)) with labels font ',13' tc rgb '#111111' notitle, "
             "'cm_labels.dat' using 1:($4 > 55 ? $2 : NaN):(sprintf(\"%d\\n%.1f %%\", $3, $4)) with labels font ',13' tc rgb 'white' notitle\n";
  // The second labels layer repaints dark cells' labels in white over the
  // first. "pixels" draws cells as rectangles: a browser would smooth the
  // 3x3 bitmap gnuplot otherwise embeds in the SVG.
  return job;
}

PlotJob label_job(const RunData& run) {
  const std::size_t k = run.classes.size();
  std::vector<std::string> groups{"all", "train", "val", "test"};
  std::map<std::string, std::vector<long long>> counts;
  for (const auto& g : groups) counts[g] = std::vector<long long>(k, 0);
  bool has_none = false;
  for (const auto& row : run.dataset) {
    counts["all"][static_cast<std::size_t>(row.label)]++;
    if (!counts.contains(row.split)) counts[row.split] = std::vector<long long>(k, 0);
    counts[row.split][static_cast<std::size_t>(row.label)]++;
    has_none = has_none || row.split == "none";
  }
  if (has_none) groups.push_back("none");
  PlotJob job;
  job.width = 1100;
  job.height = 520;
  job.plot = {"label_distribution", "Label distribution by split",
              "Rule labels of the rows that passed the outlier filter, over all rows and per part of the split.", "data"};
  const double w = 0.8 / static_cast<double>(k);
  long long top = 1;
  std::string tics = "(";
  for (std::size_t g = 0; g < groups.size(); ++g) {
    long long sum = 0;
    for (auto v : counts[groups[g]]) {
      sum += v;
      top = std::max(top, v);
    }
    const std::string shown = groups[g] == "val" ? "validation" : groups[g];
    tics += (g == 0 ? "" : ", ") + gnuplot_string(shown + " (" + thousands(sum) + ")") + " " + std::to_string(g);
  }
  tics += ")";
  std::string plot = "plot ";
  for (std::size_t c = 0; c < k; ++c) {
    std::string data;
    for (std::size_t g = 0; g < groups.size(); ++g) {
      const double x = static_cast<double>(g) + (static_cast<double>(c) - (static_cast<double>(k) - 1) / 2.0) * w;
      data += num(x) + " " + std::to_string(counts[groups[g]][c]) + "\n";
    }
    const std::string file = "labels_" + std::to_string(c) + ".dat";
    job.data_files.emplace_back(file, data);
    plot += (c == 0 ? "" : ", ") + std::string("'") + file + "' using 1:2 with boxes fs solid 0.85 border lc rgb '#333333' lc rgb '" +
            class_colour(c) + "' title " + gnuplot_string(run.classes[c]) + ", '" + file +
            "' using 1:2:(sprintf('%d', $2)) with labels offset 0,0.7 font ',9' notitle";
  }
  job.body = "set title 'Label distribution (rows after the outlier filter)' font ',14'\n"
             "set boxwidth " + num(w * 0.95) + " absolute\n"
             "set xrange [-0.6:" + num(static_cast<double>(groups.size()) - 0.4) + "]\n"
             "set yrange [0:" + num(static_cast<double>(top) * 1.12) + "]\n"
             "set xtics " + tics + " scale 0\n"
             "set ylabel 'rows'\nset grid noxtics ytics\nset key top right box opaque\n" +
             plot + "\n";
  return job;
}

std::optional<PlotJob> cv_job(const RunData& run) {
  const auto* cv = find(run.metrics, "cv");
  const auto* folds = cv != nullptr ? find(*cv, "folds") : nullptr;
  if (folds == nullptr || !folds->is_array() || folds->empty()) return std::nullopt;
  std::vector<double> acc;
  std::string data;
  for (const auto& f : *folds) {
    const double a = 100.0 * number_or(f, "accuracy", NAN);
    acc.push_back(a);
    data += std::to_string(static_cast<int>(number_or(f, "fold", static_cast<double>(acc.size())))) + " " + num(a) + "\n";
  }
  double mean = 0;
  for (double a : acc) mean += a;
  mean /= static_cast<double>(acc.size());
  double var = 0;
  for (double a : acc) var += (a - mean) * (a - mean);
  // Sample std (ddof 1), as the notebook printed it and tune::summarize gives it.
  const double sd = acc.size() > 1 ? std::sqrt(var / static_cast<double>(acc.size() - 1)) : 0.0;
  const double lo = std::floor(std::min(*std::min_element(acc.begin(), acc.end()), mean - sd) - 1.0);
  const double hi = std::min(100.0, std::ceil(std::max(*std::max_element(acc.begin(), acc.end()), mean + sd) + 1.0));
  PlotJob job;
  job.width = 1000;
  job.height = 520;
  const std::string summary = "mean " + fixed(mean, 2) + " % ± " + fixed(sd, 2) + " (sample std)";
  job.plot = {"cv_folds", "Cross-validation accuracy per fold",
              "Stratified " + std::to_string(acc.size()) + "-fold cross-validation on the whole feature table: " + summary + ".",
              "cv"};
  job.data_files.emplace_back("cv.dat", data);
  const std::string n = std::to_string(acc.size());
  job.body = "set title " + gnuplot_string("Cross-validation accuracy per fold (" + n + " folds)") + " font ',14'\n" +
             "set xrange [0.4:" + n + ".6]\nset xtics 1 scale 0\nset yrange [" + num(lo) + ":" + num(hi) + "]\n" +
             "set xlabel 'fold'\nset ylabel 'accuracy on the held-out fold (%)'\nset grid noxtics ytics\n"
             "set boxwidth 0.6 absolute\nset key top right box opaque\nset samples 2\n"
             "plot [0.4:" + n + ".6] '+' using 1:(" + num(mean - sd) + "):(" + num(mean + sd) +
             ") with filledcurves fs transparent solid 0.18 lc rgb '#d62728' title 'mean ± std', "
             "'cv.dat' using 1:2 with boxes fs solid 0.85 border lc rgb '#333333' lc rgb '#1f77b4' title 'fold accuracy', "
             "'cv.dat' using 1:2:(sprintf('%.2f %%', $2)) with labels offset 0,0.8 notitle, " +
             num(mean) + " with lines dt 2 lw 2 lc rgb '#d62728' title " + gnuplot_string(summary) + "\n";
  return job;
}

std::optional<PlotJob> tuning_job(const RunData& run) {
  const auto* tuning = find(run.metrics, "tuning");
  const auto* trials = tuning != nullptr ? find(*tuning, "trials") : nullptr;
  if (trials == nullptr || !trials->is_array() || trials->empty()) return std::nullopt;
  struct T {
    int id, bracket, epochs;
    double score, x;
    std::optional<int> parent;
  };
  std::vector<T> ts;
  std::map<int, std::size_t> by_id;
  int max_bracket = 0;
  for (const auto& t : *trials) {
    T x{static_cast<int>(number_or(t, "id", static_cast<double>(ts.size()))), static_cast<int>(number_or(t, "bracket", 0)),
        static_cast<int>(number_or(t, "epochs", 0)), number_or(t, "score", NAN), 0, std::nullopt};
    if (const auto* p = find(t, "parent"); p != nullptr && p->is_number()) x.parent = p->get<int>();
    max_bracket = std::max(max_bracket, x.bracket);
    by_id[x.id] = ts.size();
    ts.push_back(x);
  }
  // Trials of one round share their epoch count; spread them sideways
  // (by bracket, then by id) so they do not hide each other on the log axis.
  std::map<std::pair<int, int>, int> seen;
  for (auto& t : ts) {
    const int i = seen[{t.epochs, t.bracket}]++;
    t.x = std::max(1, t.epochs) * std::exp(0.08 * (t.bracket - max_bracket / 2.0) + 0.012 * (i % 6 - 2.5));
  }
  int best_id = static_cast<int>(number_or(*tuning, "best_trial", -1));
  if (!by_id.contains(best_id)) {
    best_id = ts.front().id;
    for (const auto& t : ts) {
      if (t.score > ts[by_id[best_id]].score) best_id = t.id;
    }
  }
  PlotJob job;
  job.width = 1100;
  job.height = 600;
  std::set<int> epochs;
  std::string edges;
  for (const auto& t : ts) {
    epochs.insert(t.epochs);
    if (t.parent && by_id.contains(*t.parent)) {
      const T& p = ts[by_id[*t.parent]];
      edges += num(p.x) + " " + num(p.score) + "\n" + num(t.x) + " " + num(t.score) + "\n\n";
    }
  }
  std::string plot = "plot ";
  bool any = false;
  if (!edges.empty()) {
    job.data_files.emplace_back("edges.dat", edges);
    plot += "'edges.dat' using 1:2 with lines lw 1 lc rgb '#bbbbbb' title 'promotion (parent → child)'";
    any = true;
  }
  for (int b = max_bracket; b >= 0; --b) {
    std::string data;
    int n = 0;
    for (const auto& t : ts) {
      if (t.bracket == b) {
        data += num(t.x) + " " + num(t.score) + "\n";
        ++n;
      }
    }
    if (n == 0) continue;
    const std::string file = "bracket_" + std::to_string(b) + ".dat";
    job.data_files.emplace_back(file, data);
    plot += (any ? ", '" : "'") + file + "' using 1:2 with points pt 7 ps 1.1 lc rgb '" +
            kBracketColours[static_cast<std::size_t>(b) % kBracketColours.size()] + "' title " +
            gnuplot_string("bracket " + std::to_string(b) + " (" + std::to_string(n) + " trials)");
    any = true;
  }
  const T& best = ts[by_id[best_id]];
  std::string best_text = "best: trial " + std::to_string(best.id) + ", score " + fixed(best.score, 4);
  const auto* bhp = find(*tuning, "best_hyperparameters");
  if (bhp != nullptr) {
    if (const auto* u = find(*bhp, "units"); u != nullptr && u->is_array()) {
      std::string units;
      for (const auto& x : *u) units += (units.empty() ? "" : "/") + std::to_string(x.get<int>());
      best_text += ", units " + units;
    }
    if (const auto* lr = find(*bhp, "learning_rate"); lr != nullptr) best_text += ", lr " + num(lr->get<double>());
  }
  job.data_files.emplace_back("best.dat", num(best.x) + " " + num(best.score) + "\n");
  plot += ", 'best.dat' using 1:2 with points pt 3 ps 3.2 lw 2.5 lc rgb '#111111' title " + gnuplot_string(best_text) + "\n";
  std::string tics = "(";
  for (int e : epochs) tics += (tics.size() > 1 ? ", " : "") + std::string("'") + std::to_string(e) + "' " + std::to_string(e);
  tics += ")";
  job.plot = {"tuning_trials", "Hyperband trials: score against epochs",
              std::to_string(ts.size()) + " trials; each point is one trial's score (best val_accuracy) after the epochs "
              "its round allows. Grey lines join a promoted trial to its parent. " + best_text + ".",
              "tuning"};
  const double lo_x = *epochs.begin() * 0.75;
  const double hi_x = *epochs.rbegin() * 1.3;
  job.body = "set title " + gnuplot_string("Hyperband trials (" + std::to_string(ts.size()) + ")") + " font ',14'\n" +
             "set logscale x\nset xrange [" + num(lo_x) + ":" + num(hi_x) + "]\nset xtics " + tics + "\n" +
             "set xlabel 'epochs the trial trains up to (log scale)'\n" +
             "set ylabel 'score (best val accuracy)'\nset key bottom right box opaque\n" + plot;
  return job;
}

// Tukey's whiskers of one class: the most extreme values within 1.5 IQR of
// the quartiles (what gnuplot's boxplot draws; quartiles interpolated).
std::pair<double, double> whisker_range(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  const double q1 = percentile(v, 25), q3 = percentile(v, 75);
  const double lo_fence = q1 - 1.5 * (q3 - q1), hi_fence = q3 + 1.5 * (q3 - q1);
  const auto lo = std::lower_bound(v.begin(), v.end(), lo_fence);
  const auto hi = std::upper_bound(v.begin(), v.end(), hi_fence);
  if (lo == v.end() || hi == v.begin()) return {q1, q3};
  return {*lo, *(hi - 1)};
}

PlotJob features_job(const RunData& run) {
  const std::size_t k = run.classes.size();
  PlotJob job;
  job.width = 1200;
  job.height = 960;
  std::string body = "set multiplot layout 2,2 title 'Feature distributions per class (all rows after the outlier filter)' font ',14'\n"
                     "set style fill solid 0.55 border -1\nset style boxplot nooutliers\n"
                     "set boxwidth 0.55\nset grid noxtics ytics\nunset key\n"
                     "set xrange [0.4:" + num(static_cast<double>(k) + 0.6) + "]\nset xtics " + class_tics(run.classes, 1) + " scale 0\n";
  std::string beyond_text;
  for (std::size_t f = 0; f < 4; ++f) {
    std::vector<std::vector<double>> values(k);
    std::vector<std::string> per_class(k);
    for (const auto& row : run.dataset) {
      const double v = f == 0 ? row.weight_change_pct : f == 1 ? row.reps_change_pct : f == 2 ? row.weight_ma : row.reps_ma;
      values[static_cast<std::size_t>(row.label)].push_back(v);
      per_class[static_cast<std::size_t>(row.label)] += num(v) + "\n";
    }
    double lo = INFINITY, hi = -INFINITY;
    std::size_t beyond = 0, total = 0;
    for (const auto& v : values) {
      if (v.empty()) continue;
      const auto [a, b] = whisker_range(v);
      lo = std::min(lo, a);
      hi = std::max(hi, b);
      for (double x : v) beyond += (x < a || x > b) ? 1 : 0;
      total += v.size();
    }
    const double pad = hi > lo ? (hi - lo) * 0.06 : 1.0;
    const std::string unit = f < 2 ? "% vs the previous set" : f == 2 ? "kg" : "reps";
    const std::string name = f < run.feature_names.size() ? run.feature_names[f] : "feature " + std::to_string(f);
    const std::string share = total > 0 ? fixed(100.0 * static_cast<double>(beyond) / static_cast<double>(total), 1) : "0";
    beyond_text += (f == 0 ? "" : ", ") + name + " " + share + " %";
    body += "set title " + gnuplot_string(name + " (" + share + " % of rows beyond the whiskers)") + "\n";
    body += "set ylabel " + gnuplot_string(unit) + "\n";
    body += std::isfinite(lo) ? "set yrange [" + num(lo - pad) + ":" + num(hi + pad) + "]\n" : "set autoscale y\n";
    std::string plot = "plot ";
    bool any = false;
    for (std::size_t c = 0; c < k; ++c) {
      if (per_class[c].empty()) continue;
      const std::string file = "feature_" + std::to_string(f) + "_" + std::to_string(c) + ".dat";
      job.data_files.emplace_back(file, per_class[c]);
      plot += (any ? ", '" : "'") + file + "' using (" + std::to_string(c + 1) + "):1 with boxplot lc rgb '" +
              class_colour(c) + "'";
      any = true;
    }
    body += any ? plot + "\n" : "set label 9 'no rows' at graph 0.5, graph 0.5 center\nplot NaN notitle\nunset label 9\n";
  }
  body += "unset multiplot\n";
  job.body = body;
  job.plot = {"feature_distributions", "Distribution of each feature per class",
              "Box plots per class: the box holds the middle half of the rows, the line is the median, whiskers reach the "
              "furthest rows within 1.5 IQR; rows beyond them are not drawn (" + beyond_text + ").",
              "data"};
  return job;
}

std::vector<PlotJob> exercise_jobs(const RunData& run, int top) {
  std::map<std::string, std::size_t> counts;
  for (const auto& row : run.dataset) counts[row.exercise]++;
  std::vector<std::pair<std::string, std::size_t>> order(counts.begin(), counts.end());
  // Most sets first; ties by name, so the choice is deterministic.
  std::stable_sort(order.begin(), order.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
  if (static_cast<int>(order.size()) > top) order.resize(static_cast<std::size_t>(top));
  const std::size_t k = run.classes.size();
  std::vector<PlotJob> jobs;
  int rank = 0;
  for (const auto& [name, n] : order) {
    ++rank;
    std::vector<const DatasetRow*> rows;
    for (const auto& row : run.dataset) {
      if (row.exercise == name) rows.push_back(&row);
    }
    std::stable_sort(rows.begin(), rows.end(), [](const DatasetRow* a, const DatasetRow* b) { return a->time < b->time; });
    PlotJob job;
    job.width = 1200;
    job.height = 720;
    job.plot = {"exercise_" + std::to_string(rank) + "_" + slug(name), name + ": weight and reps history",
                thousands(static_cast<long long>(n)) + " sets of " + name + " (#" + std::to_string(rank) +
                    " by sets logged), each coloured by its rule label; the grey line is the feature's moving average.",
                "exercises"};
    std::vector<std::string> per_class(k);
    std::string ma;
    for (const auto* r : rows) {
      per_class[static_cast<std::size_t>(r->label)] +=
          std::to_string(r->time) + " " + num(r->weight_kg) + " " + num(r->reps) + "\n";
      ma += std::to_string(r->time) + " " + num(r->weight_ma) + " " + num(r->reps_ma) + "\n";
    }
    job.data_files.emplace_back("ma.dat", ma);
    auto panel = [&](int column, const std::string& what) {
      std::string plot = "plot 'ma.dat' using 1:" + std::to_string(column) + " with lines lw 0.8 lc rgb '#b4b4b4' title " +
                         gnuplot_string(what);
      for (std::size_t c = 0; c < k; ++c) {
        if (per_class[c].empty()) continue;
        plot += ", 'class_" + std::to_string(c) + ".dat' using 1:" + std::to_string(column) +
                " with points pt 7 ps 0.55 lc rgb '" + class_colour(c) + "' title " + gnuplot_string(run.classes[c]);
      }
      return plot + "\n";
    };
    for (std::size_t c = 0; c < k; ++c) {
      if (!per_class[c].empty()) job.data_files.emplace_back("class_" + std::to_string(c) + ".dat", per_class[c]);
    }
    job.body = "set multiplot layout 2,1 title " +
               gnuplot_string(name + ": weight and reps per set (" + thousands(static_cast<long long>(n)) + " sets)") +
               " font ',14'\n"
               "set xdata time\nset timefmt '%s'\nset format x '%Y-%m'\nset grid\n"
               "set offsets graph 0.01, graph 0.01, graph 0.06, graph 0.06\n"
               "set key outside top center horizontal noautotitle\nset lmargin 10\nset rmargin 4\n"
               "set ylabel 'weight (kg)'\n" +
               panel(2, "moving average") + "unset key\nset ylabel 'reps'\nset xlabel 'date'\n" +
               panel(3, "reps moving average") + "unset multiplot\n";
    jobs.push_back(std::move(job));
  }
  return jobs;
}

constexpr const char* kStyle =
    "set encoding utf8\n"
    "set border lw 1 lc rgb '#444444'\n"
    "set grid lw 1 lc rgb '#dddddd' dt solid\n"
    "set tics textcolor rgb '#222222'\n"
    "set key textcolor rgb '#222222'\n";

std::string terminal(const char* kind, const PlotJob& job, const std::string& output) {
  return std::string("set terminal ") + kind + " size " + std::to_string(job.width) + "," + std::to_string(job.height) +
         " noenhanced font 'DejaVu Sans,11' linewidth 1.2 background rgb 'white'\nset output " + gnuplot_string(output) +
         "\n" + kStyle;
}

// Runs one job in `work`, leaving <stem>.png and <stem>.svg in `out`.
void run_job(const PlotJob& job, const fs::path& work, const fs::path& out, const PlotOptions& options) {
  fs::create_directories(work);
  for (const auto& [name, content] : job.data_files) write_file_atomic(work / name, content);
  const std::string png = (out / (job.plot.name + ".png")).string();
  const std::string svg = (out / (job.plot.name + ".svg")).string();
  std::string script = terminal("pngcairo", job, png) + job.body + "unset output\nreset\n" +
                       terminal("svg", job, svg) + job.body + "unset output\n";
  write_file_atomic(work / "plot.gp", script);
  const ProcessResult r = run_process({options.gnuplot, "plot.gp"}, work, options.timeout);
  if (r.exit_code != 0) {
    throw std::runtime_error("gnuplot failed on plot '" + job.plot.name + "' (exit " + std::to_string(r.exit_code) +
                             "): " + r.output);
  }
  const std::string png_bytes = read_file(png);
  const std::string svg_text = read_file(svg);
  (void)png_info(png_bytes);  // throws if gnuplot wrote something broken
  write_file_atomic(png, png_with_title(png_bytes, job.plot.title));
  write_file_atomic(svg, svg_with_title(svg_text, job.plot.title));
  fs::remove_all(work);
}

// A fresh directory next to `near`, named <prefix>XXXXXX.
fs::path make_temp_dir(const fs::path& near, const std::string& prefix) {
  std::string templ = (near / (prefix + "XXXXXX")).string();
  if (::mkdtemp(templ.data()) == nullptr) {
    throw std::runtime_error("cannot create a temporary directory in " + near.string() + ": " + std::strerror(errno));
  }
  return templ;
}

}  // namespace

std::string gnuplot_string(std::string_view text) {
  std::string out = "\"";
  for (char c : text) {
    switch (c) {
      case '\\': out += "\\\\"; break;
      case '"': out += "\\\""; break;
      case '\n': out += "\\n"; break;
      case '\r': break;
      default: out += c;
    }
  }
  return out + "\"";
}

std::string slug(std::string_view text) {
  std::string out;
  for (char c : text) {
    const auto u = static_cast<unsigned char>(c);
    if (std::isalnum(u) != 0 && u < 128) {
      out += static_cast<char>(std::tolower(u));
    } else if (!out.empty() && out.back() != '-') {
      out += '-';
    }
  }
  while (!out.empty() && out.back() == '-') out.pop_back();
  if (out.size() > 40) out.resize(40);
  return out.empty() ? "exercise" : out;
}

std::vector<PlotJob> plan_plots(const RunData& run, const PlotOptions& options) {
  std::vector<PlotJob> jobs;
  jobs.push_back(training_job(run));
  if (auto j = confusion_job(run)) jobs.push_back(std::move(*j));
  if (!run.dataset.empty()) jobs.push_back(label_job(run));
  if (auto j = cv_job(run)) jobs.push_back(std::move(*j));
  if (auto j = tuning_job(run)) jobs.push_back(std::move(*j));
  if (!run.dataset.empty()) jobs.push_back(features_job(run));
  for (auto& j : exercise_jobs(run, options.top_exercises)) jobs.push_back(std::move(j));
  return jobs;
}

std::vector<Plot> render_plots(const std::vector<PlotJob>& jobs, const fs::path& plots_dir, const PlotOptions& options) {
  const fs::path parent = plots_dir.parent_path().empty() ? fs::path(".") : plots_dir.parent_path();
  fs::create_directories(parent);
  const fs::path fresh = make_temp_dir(parent, ".plots-new-");
  try {
    // gnuplot is single-threaded: one process per core.
    const unsigned workers = std::max(1U, std::min<unsigned>(std::thread::hardware_concurrency(), static_cast<unsigned>(jobs.size())));
    std::atomic<std::size_t> next{0};
    std::mutex failure_mutex;
    std::exception_ptr failure;
    auto work = [&] {
      for (std::size_t i = next++; i < jobs.size(); i = next++) {
        try {
          run_job(jobs[i], fresh / (".work-" + jobs[i].plot.name), fresh, options);
        } catch (...) {
          std::lock_guard lock(failure_mutex);
          if (!failure) failure = std::current_exception();
        }
      }
    };
    std::vector<std::thread> threads;
    for (unsigned t = 1; t < workers; ++t) threads.emplace_back(work);
    work();
    for (auto& t : threads) t.join();
    if (failure) std::rethrow_exception(failure);
  } catch (...) {
    std::error_code ec;
    fs::remove_all(fresh, ec);
    throw;
  }
  // Swap the new directory in atomically when plots/ exists already
  // (renameat2 RENAME_EXCHANGE), then drop the old pictures.
  if (fs::exists(plots_dir)) {
    if (::renameat2(AT_FDCWD, fresh.c_str(), AT_FDCWD, plots_dir.c_str(), RENAME_EXCHANGE) == 0) {
      fs::remove_all(fresh);
    } else {
      const fs::path old = make_temp_dir(parent, ".plots-old-");
      fs::rename(plots_dir, old / "plots");
      fs::rename(fresh, plots_dir);
      fs::remove_all(old);
    }
  } else {
    fs::rename(fresh, plots_dir);
  }
  ::chmod(plots_dir.c_str(), 0755);  // mkdtemp made it 0700
  std::vector<Plot> out;
  for (const auto& j : jobs) out.push_back(j.plot);
  return out;
}

}  // namespace exertrack::report
