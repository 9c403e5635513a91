#include "core/metrics/run_metrics.hpp"

#include "core/metrics/json_reader.hpp"

using exertrack::core::util::InputError;

namespace exertrack::core::metrics {
namespace {

using json = nlohmann::json;
using detail::Reader;

json row_stats_json(const std::map<std::string, RowStats>& m) {
  json j = json::object();
  for (const auto& [reason, s] : m) j[reason] = {{"count", s.count}, {"first_lines", s.first_lines}};
  return j;
}

std::map<std::string, RowStats> read_row_stats(const Reader& parent, const std::string& key) {
  const Reader r = parent.child(key);
  std::map<std::string, RowStats> out;
  for (const auto& [reason, _] : r.value().items()) {
    const Reader s = r.child(reason);
    out[reason] = {s.get<std::uint64_t>("count"), s.get<std::vector<std::uint64_t>>("first_lines")};
  }
  return out;
}

json history_json(const HistorySummary& h) {
  return {{"epochs", h.epochs}, {"best_epoch", h.best_epoch}, {"stopped_early", h.stopped_early},
          {"stopped_epoch", h.stopped_epoch}, {"restored_best_weights", h.restored_best_weights}};
}

HistorySummary read_history(const Reader& r) {
  return {r.get<std::uint64_t>("epochs"), r.get<int>("best_epoch"), r.get<bool>("stopped_early"),
          r.get<int>("stopped_epoch"), r.get<bool>("restored_best_weights")};
}

json test_json(const TestMetrics& t) {
  json per_class = json::object();
  for (const auto& [name, c] : t.per_class) {
    per_class[name] = {{"precision", c.precision}, {"recall", c.recall}, {"f1", c.f1}, {"support", c.support}};
  }
  return {{"loss", t.loss},
          {"accuracy", t.accuracy},
          {"precision_macro", t.precision_macro},
          {"recall_macro", t.recall_macro},
          {"f1_macro", t.f1_macro},
          {"precision_weighted", t.precision_weighted},
          {"recall_weighted", t.recall_weighted},
          {"f1_weighted", t.f1_weighted},
          {"support", t.support},
          {"per_class", per_class},
          {"confusion_matrix", t.confusion_matrix},
          {"raw_model_rule_agreement", t.raw_model_rule_agreement}};
}

TestMetrics read_test(const Reader& r) {
  TestMetrics t;
  t.loss = r.get<double>("loss");
  t.accuracy = r.get<double>("accuracy");
  t.precision_macro = r.get<double>("precision_macro");
  t.recall_macro = r.get<double>("recall_macro");
  t.f1_macro = r.get<double>("f1_macro");
  t.precision_weighted = r.get<double>("precision_weighted");
  t.recall_weighted = r.get<double>("recall_weighted");
  t.f1_weighted = r.get<double>("f1_weighted");
  t.support = r.get<std::uint64_t>("support");
  const Reader pc = r.child("per_class");
  for (const auto& [name, _] : pc.value().items()) {
    const Reader c = pc.child(name);
    t.per_class[name] = {c.get<double>("precision"), c.get<double>("recall"), c.get<double>("f1"),
                         c.get<std::uint64_t>("support")};
  }
  t.confusion_matrix = r.get<std::vector<std::vector<std::uint64_t>>>("confusion_matrix");
  t.raw_model_rule_agreement = r.get<double>("raw_model_rule_agreement");
  return t;
}

}  // namespace

json to_json(const RunMetrics& m) {
  json j;
  j["classes"] = m.classes;
  j["feature_names"] = m.feature_names;
  j["data"] = {{"source", m.data.source}, {"format", m.data.format}, {"format_details", m.data.format_details},
               {"sha256", m.data.sha256}};
  j["cleaning"] = {{"rows_read", m.cleaning.rows_read}, {"rows_kept", m.cleaning.rows_kept},
                   {"dropped", row_stats_json(m.cleaning.dropped)}, {"flagged", row_stats_json(m.cleaning.flagged)}};
  j["rows"] = {{"input", m.rows.input},
               {"features_input", m.rows.features_input},
               {"skipped_flagged", m.rows.skipped_flagged},
               {"after_outliers", m.rows.after_outliers},
               {"train", m.rows.train},
               {"val", m.rows.val},
               {"test", m.rows.test}};
  j["outlier_bounds_kg"] = {{"q1", m.outlier_bounds_kg.q1}, {"q3", m.outlier_bounds_kg.q3},
                            {"lower", m.outlier_bounds_kg.lower}, {"upper", m.outlier_bounds_kg.upper}};
  j["label_counts"] = m.label_counts;
  j["feature_definition"] = m.feature_definition;
  j["split"] = m.split;
  j["standardization"] = m.standardization;
  const HyperparameterRecord& h = m.hyperparameters;
  j["hyperparameters"] = {{"units", h.units},     {"learning_rate", h.learning_rate}, {"batch_size", h.batch_size},
                          {"dropout", h.dropout}, {"epochs", h.epochs},               {"patience", h.patience},
                          {"monitor", h.monitor}, {"seed", h.seed},                   {"chosen_by", h.chosen_by}};
  j["cv"] = m.cv ? *m.cv : json(nullptr);
  j["tuning"] = m.tuning ? *m.tuning : json(nullptr);
  j["best_epoch"] = m.best_epoch;
  j["best_epoch_search"] = history_json(m.best_epoch_search);
  j["final_training"] = history_json(m.final_training);
  j["test"] = test_json(m.test);
  j["timings_s"] = m.timings_s;
  return j;
}

RunMetrics from_json(const json& j, const std::string& source) {
  const Reader r(j, source, "");
  RunMetrics m;
  m.classes = r.get<std::vector<std::string>>("classes");
  if (m.classes.empty()) r.fail("classes", "empty");
  m.feature_names = r.get<std::vector<std::string>>("feature_names");
  const Reader d = r.child("data");
  m.data = {d.get<std::string>("source"), d.get<std::string>("format"), d.get<std::string>("format_details"),
            d.get<std::string>("sha256")};
  const Reader c = r.child("cleaning");
  m.cleaning.rows_read = c.get<std::uint64_t>("rows_read");
  m.cleaning.rows_kept = c.get<std::uint64_t>("rows_kept");
  m.cleaning.dropped = read_row_stats(c, "dropped");
  m.cleaning.flagged = read_row_stats(c, "flagged");
  const Reader rows = r.child("rows");
  m.rows = {rows.get<std::uint64_t>("input"),          rows.get<std::uint64_t>("features_input"),
            rows.get<std::uint64_t>("skipped_flagged"), rows.get<std::uint64_t>("after_outliers"),
            rows.get<std::uint64_t>("train"),           rows.get<std::uint64_t>("val"),
            rows.get<std::uint64_t>("test")};
  const Reader ob = r.child("outlier_bounds_kg");
  m.outlier_bounds_kg = {ob.get<double>("q1"), ob.get<double>("q3"), ob.get<double>("lower"), ob.get<double>("upper")};
  m.label_counts = r.get<std::map<std::string, std::uint64_t>>("label_counts");
  m.feature_definition = r.object("feature_definition");
  m.split = r.get<std::string>("split");
  if (m.split != "notebook" && m.split != "temporal") r.fail("split", "'" + m.split + "' is not notebook or temporal");
  m.standardization = r.object("standardization");
  const Reader h = r.child("hyperparameters");
  m.hyperparameters = {h.get<std::vector<int>>("units"), h.get<double>("learning_rate"), h.get<int>("batch_size"),
                       h.get<double>("dropout"),         h.get<int>("epochs"),           h.get<int>("patience"),
                       h.get<std::string>("monitor"),    h.get<std::uint64_t>("seed"),   h.get<std::string>("chosen_by")};
  m.cv = r.nullable_object("cv");
  m.tuning = r.nullable_object("tuning");
  m.best_epoch = r.get<int>("best_epoch");
  m.best_epoch_search = read_history(r.child("best_epoch_search"));
  m.final_training = read_history(r.child("final_training"));
  m.test = read_test(r.child("test"));
  m.timings_s = r.get<std::map<std::string, double>>("timings_s");
  return m;
}

RunMetrics parse_run_metrics(const std::string& text, const std::string& source) {
  json j;
  try {
    j = json::parse(text);
  } catch (const json::parse_error& e) {
    throw InputError(source + ": not valid JSON: " + e.what());
  }
  return from_json(j, source);
}

}  // namespace exertrack::core::metrics
