#include "notebook/features/features.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <numeric>

#include "core/util/error.hpp"

using exertrack::core::ingest::SetKind;
using exertrack::core::ingest::SetRecord;
using exertrack::core::ingest::WorkoutLog;
using exertrack::core::util::InputError;

namespace exertrack::notebook::features {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// pandas' pct_change: current / previous - 1 (pandas/core/generic.py,
// `rs = self / shifted - 1`), times 100 as the notebook did. IEEE division
// already gives x/0 = +-inf and 0/0 = NaN, as numpy does.
double pct_change(double current, double previous) { return (current / previous - 1.0) * 100.0; }

// NaN -> 0 (step 3), then the definition's cap (v2 only; inf for notebook).
double clean_change(double v, double cap) {
  if (std::isnan(v)) return 0.0;
  return std::clamp(v, -cap, cap);
}

// The rolling mean exactly as pandas computes it (pandas/_libs/window/
// aggregations.pyx roll_mean, mirrored in pandas/core/_numba/kernels/mean_.py):
// a Kahan-compensated running sum with separate compensations for adds and
// removes, and a window of identical values returning that value exactly.
// A plain sum/n differs in the last bit often enough to move a label across
// the "> 100 kg" threshold, so parity needs the same arithmetic.
class PandasRollingMean {
 public:
  void add(double v) {
    ++nobs_;
    const double y = v - comp_add_;
    const double t = sum_ + y;
    comp_add_ = t - sum_ - y;
    sum_ = t;
    if (std::signbit(v)) ++neg_;
    if (nobs_ > 1 && v == prev_) {
      ++same_;
    } else {
      same_ = 1;
    }
    prev_ = v;
  }
  void remove(double v) {
    --nobs_;
    const double y = -v - comp_remove_;
    const double t = sum_ + y;
    comp_remove_ = t - sum_ - y;
    sum_ = t;
    if (std::signbit(v)) --neg_;
  }
  [[nodiscard]] double mean() const {
    if (nobs_ <= 0) return kNaN;
    double result = sum_ / static_cast<double>(nobs_);
    if (same_ >= nobs_) {
      result = prev_;
    } else if (neg_ == 0 && result < 0) {
      result = 0;
    } else if (neg_ == nobs_ && result > 0) {
      result = 0;
    }
    return result;
  }

 private:
  long nobs_ = 0;
  long neg_ = 0;
  long same_ = 0;
  double sum_ = 0;
  double comp_add_ = 0;
  double comp_remove_ = 0;
  double prev_ = kNaN;
};

}  // namespace

FeatureDefinition notebook_definition() { return FeatureDefinition{}; }

FeatureDefinition v2_definition() {
  FeatureDefinition def;
  def.name = "v2";
  def.change_cap = 1000.0;
  def.include_flagged_sets = false;
  return def;
}

FeatureDefinition definition_by_name(std::string_view name) {
  if (name == "notebook") return notebook_definition();
  if (name == "v2") return v2_definition();
  throw InputError("unknown feature definition '" + std::string(name) + "' (expected notebook or v2)");
}

std::vector<FeatureVector> raw_sequence_features(std::span<const SetValues> sets, const FeatureDefinition& def) {
  std::vector<FeatureVector> out(sets.size());
  PandasRollingMean weight_ma;
  PandasRollingMean reps_ma;
  const auto window = static_cast<std::size_t>(std::max(def.window, 1));
  for (std::size_t i = 0; i < sets.size(); ++i) {
    FeatureVector& f = out[i];
    if (i == 0) {
      f.weight_change_pct = 0.0;  // pandas: NaN for the first row, then NaN -> 0
      f.reps_change_pct = 0.0;
    } else {
      f.weight_change_pct = clean_change(pct_change(sets[i].weight_kg, sets[i - 1].weight_kg), def.change_cap);
      f.reps_change_pct = clean_change(pct_change(sets[i].reps, sets[i - 1].reps), def.change_cap);
    }
    if (i >= window) {
      weight_ma.remove(sets[i - window].weight_kg);
      reps_ma.remove(sets[i - window].reps);
    }
    weight_ma.add(sets[i].weight_kg);
    reps_ma.add(sets[i].reps);
    f.weight_ma = weight_ma.mean();
    f.reps_ma = reps_ma.mean();
  }
  return out;
}

int rule_label(const FeatureVector& raw, const FeatureDefinition& def) {
  const double w = raw.weight_ma > def.heavy_kg ? def.weight_step_pct_heavy : def.weight_step_pct;
  const double r = raw.reps_ma > def.high_reps ? def.reps_jump_pct_high : def.reps_jump_pct;
  if (raw.weight_change_pct > w && raw.reps_change_pct < def.reps_flat_pct) return 0;  // increase reps
  if (raw.reps_change_pct > r) return 2;  // increase weight, decrease reps
  return 1;                               // increase weight
}

FeatureVector model_features(const FeatureVector& raw) {
  auto finite = [](double v) { return std::isinf(v) ? 0.0 : v; };
  return {finite(raw.weight_change_pct), finite(raw.reps_change_pct), finite(raw.weight_ma), finite(raw.reps_ma)};
}

double linear_quantile(std::span<const double> sorted, double q) {
  if (sorted.empty()) return kNaN;
  // numpy's "linear" method: virtual index (n-1)q, then numpy's _lerp, which
  // interpolates from the upper neighbour when the fraction is >= 0.5
  // (numpy/lib/function_base.py) — that choice decides the last bit.
  const double virtual_index = static_cast<double>(sorted.size() - 1) * q;
  const double below = std::floor(virtual_index);
  const auto lo = static_cast<std::size_t>(below);
  const std::size_t hi = std::min(lo + 1, sorted.size() - 1);
  const double t = virtual_index - below;
  const double a = sorted[lo];
  const double b = sorted[hi];
  const double diff = b - a;
  return t >= 0.5 ? b - diff * (1.0 - t) : a + diff * t;
}

FeatureTable build_feature_table(const WorkoutLog& log, const FeatureDefinition& def) {
  FeatureTable table;
  table.definition = def;
  table.exercises = log.exercises;

  // Step 2: stable sort by (exercise name, date); names compare bytewise,
  // which for UTF-8 is Python's code-point order.
  std::vector<std::uint32_t> order;
  order.reserve(log.sets.size());
  for (std::uint32_t i = 0; i < log.sets.size(); ++i) {
    const SetRecord& s = log.sets[i];
    const bool flagged = s.kind == SetKind::warmup || s.timed || s.outlier;
    if (flagged && !def.include_flagged_sets) {
      ++table.rows_skipped_flagged;
      continue;
    }
    order.push_back(i);
  }
  table.rows_in = order.size();
  // Rank exercise names once so the sort compares integers, not strings.
  std::vector<std::uint32_t> by_name(log.exercises.size());
  std::iota(by_name.begin(), by_name.end(), 0U);
  std::sort(by_name.begin(), by_name.end(),
            [&](std::uint32_t a, std::uint32_t b) { return log.exercises[a] < log.exercises[b]; });
  std::vector<std::uint32_t> rank(log.exercises.size());
  for (std::uint32_t r = 0; r < by_name.size(); ++r) rank[by_name[r]] = r;
  std::stable_sort(order.begin(), order.end(), [&](std::uint32_t a, std::uint32_t b) {
    const SetRecord& x = log.sets[a];
    const SetRecord& y = log.sets[b];
    if (rank[x.exercise] != rank[y.exercise]) return rank[x.exercise] < rank[y.exercise];
    return x.time < y.time;
  });

  // Step 3 per exercise (contiguous after the sort).
  std::vector<FeatureVector> raw(order.size());
  std::vector<SetValues> values;
  for (std::size_t begin = 0; begin < order.size();) {
    std::size_t end = begin;
    const auto exercise = log.sets[order[begin]].exercise;
    values.clear();
    while (end < order.size() && log.sets[order[end]].exercise == exercise) {
      const SetRecord& s = log.sets[order[end]];
      values.push_back({s.weight_kg, s.reps});
      ++end;
    }
    const auto seq = raw_sequence_features(values, def);
    std::copy(seq.begin(), seq.end(), raw.begin() + static_cast<std::ptrdiff_t>(begin));
    begin = end;
  }

  // Step 4: the IQR filter on Weight over all rows.
  std::vector<double> weights(order.size());
  for (std::size_t i = 0; i < order.size(); ++i) weights[i] = log.sets[order[i]].weight_kg;
  std::sort(weights.begin(), weights.end());
  table.weight_q1 = linear_quantile(weights, 0.25);
  table.weight_q3 = linear_quantile(weights, 0.75);
  const double iqr = table.weight_q3 - table.weight_q1;
  table.weight_lower = table.weight_q1 - def.iqr_k * iqr;
  table.weight_upper = table.weight_q3 + def.iqr_k * iqr;

  // Steps 5 and 6: label with infinities present, then make them 0.
  table.rows.reserve(order.size());
  for (std::size_t i = 0; i < order.size(); ++i) {
    const SetRecord& s = log.sets[order[i]];
    if (!(s.weight_kg >= table.weight_lower && s.weight_kg <= table.weight_upper)) continue;
    FeatureRow row;
    row.source_row = s.source_row;
    row.exercise = s.exercise;
    row.set_order = s.set_order;
    row.time = s.time;
    row.weight = s.weight_kg;
    row.reps = s.reps;
    row.label = rule_label(raw[i], def);
    row.features = model_features(raw[i]);
    ++table.label_counts[static_cast<std::size_t>(row.label)];
    table.rows.push_back(row);
  }
  return table;
}

namespace {

// printf's %.17g (what the reference file holds), through to_chars, which
// the standard defines as that same conversion and which is ~3x faster than
// snprintf: formatting was 2/3 of `features` on a 1M-row log.
void append_double(std::string& out, double v) {
  char buf[32];
  const auto res = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::general, 17);
  out.append(buf, res.ptr);
}

// pandas to_csv's QUOTE_MINIMAL: quote a field holding the separator, a
// quote or a line break; double inner quotes.
void append_field(std::string& out, std::string_view field) {
  if (field.find_first_of(",\"\r\n") == std::string_view::npos) {
    out += field;
    return;
  }
  out += '"';
  for (char c : field) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
}

}  // namespace

std::string feature_table_csv(const FeatureTable& table) {
  std::string out =
      "source_row,Exercise Name,Set Order,Weight,Reps,Weight Change %,Reps Change %,"
      "Weight Moving Average,Reps Moving Average,Suggestion,Label\n";
  out.reserve(out.size() + table.rows.size() * 160);
  for (const FeatureRow& r : table.rows) {
    out += std::to_string(r.source_row);
    out += ',';
    append_field(out, table.exercises[r.exercise]);
    out += ',';
    out += std::to_string(r.set_order);
    out += ',';
    append_double(out, r.weight);
    out += ',';
    append_double(out, r.reps);
    out += ',';
    append_double(out, r.features.weight_change_pct);
    out += ',';
    append_double(out, r.features.reps_change_pct);
    out += ',';
    append_double(out, r.features.weight_ma);
    out += ',';
    append_double(out, r.features.reps_ma);
    out += ',';
    append_field(out, kClassNames[static_cast<std::size_t>(r.label)]);
    out += ',';
    out += std::to_string(r.label);
    out += '\n';
  }
  return out;
}

}  // namespace exertrack::notebook::features
