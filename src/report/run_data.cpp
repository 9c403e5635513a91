#include "report/run_data.hpp"

#include <charconv>
#include <ctime>
#include <map>

#include "core/ingest/csv_stream.hpp"
#include "core/metrics/run_metrics.hpp"
#include "core/units/loads.hpp"
#include "core/util/error.hpp"
#include "core/util/files.hpp"

namespace ingest = exertrack::core::ingest;
namespace metrics = exertrack::core::metrics;
using exertrack::core::units::unit_by_name;
using exertrack::core::util::InputError;
using exertrack::core::util::read_file;
using exertrack::core::util::SourceLocation;
using exertrack::core::util::throw_input_error;

namespace exertrack::report {
namespace {

// Reads every record of a CSV text; checks the header is exactly `header`
// and gives each data record with its line number.
template <typename OnRow>
void read_csv(const std::string& text, const std::string& source, const std::vector<std::string>& header,
              OnRow on_row) {
  bool seen_header = false;
  ingest::CsvStream stream(source, ',', [&](const ingest::CsvRecord& rec) {
    if (!seen_header) {
      seen_header = true;
      std::vector<std::string> got(rec.fields.begin(), rec.fields.end());
      if (got != header) {
        std::string want;
        for (const auto& h : header) want += (want.empty() ? "" : ",") + h;
        throw_input_error({source, rec.line, ""}, "unexpected header; expected " + want);
      }
      return;
    }
    if (rec.fields.size() == 1 && rec.fields[0].empty()) return;  // blank line
    if (rec.fields.size() != header.size()) {
      throw_input_error({source, rec.line, ""}, "expected " + std::to_string(header.size()) + " fields, found " +
                                                    std::to_string(rec.fields.size()));
    }
    on_row(rec);
  });
  stream.set_column_names(header);
  stream.feed(text);
  stream.finish();
  if (!seen_header) throw_input_error({source, 0, ""}, "empty file; expected a header line");
}

double to_double(std::string_view s, const SourceLocation& where) {
  double v = 0;
  const auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || p != s.data() + s.size()) {
    throw_input_error(where, "value '" + std::string(s) + "' is not a number");
  }
  return v;
}

long long to_integer(std::string_view s, const SourceLocation& where) {
  long long v = 0;
  const auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || p != s.data() + s.size()) {
    throw_input_error(where, "value '" + std::string(s) + "' is not an integer");
  }
  return v;
}

long long parse_utc(std::string_view s, const SourceLocation& where) {
  std::tm tm{};
  const std::string text(s);
  const char* end = strptime(text.c_str(), "%Y-%m-%d %H:%M:%S", &tm);
  if (end == nullptr || *end != '\0') {
    throw_input_error(where, "value '" + text + "' is not a date (expected YYYY-MM-DD HH:MM:SS)");
  }
  return static_cast<long long>(timegm(&tm));
}

}  // namespace

std::vector<HistoryRow> parse_history_csv(const std::string& text, const std::string& source) {
  static const std::vector<std::string> header{"run", "epoch", "loss", "accuracy", "val_loss", "val_accuracy"};
  std::vector<HistoryRow> rows;
  read_csv(text, source, header, [&](const ingest::CsvRecord& r) {
    auto at = [&](std::size_t i) { return SourceLocation{source, r.line, header[i]}; };
    HistoryRow h;
    h.run = std::string(r.fields[0]);
    if (h.run != "best_epoch_search" && h.run != "final") {
      throw_input_error(at(0), "value '" + h.run + "' is not best_epoch_search or final");
    }
    h.epoch = static_cast<int>(to_integer(r.fields[1], at(1)));
    h.loss = to_double(r.fields[2], at(2));
    h.accuracy = to_double(r.fields[3], at(3));
    h.val_loss = to_double(r.fields[4], at(4));
    h.val_accuracy = to_double(r.fields[5], at(5));
    rows.push_back(std::move(h));
  });
  return rows;
}

std::vector<DatasetRow> parse_dataset_csv(const std::string& text, const std::string& source,
                                          std::size_t class_count) {
  static const std::vector<std::string> header{"source_row", "date",           "exercise",        "set_order",
                                               "weight_kg",  "reps",           "weight_change_pct", "reps_change_pct",
                                               "weight_ma",  "reps_ma",        "label",           "split",
                                               "predicted"};
  std::vector<DatasetRow> rows;
  read_csv(text, source, header, [&](const ingest::CsvRecord& r) {
    auto at = [&](std::size_t i) { return SourceLocation{source, r.line, header[i]}; };
    auto class_index = [&](std::size_t i) {
      const long long c = to_integer(r.fields[i], at(i));
      if (c < 0 || static_cast<std::size_t>(c) >= class_count) {
        throw_input_error(at(i), "class index " + std::to_string(c) + " is outside 0.." +
                                     std::to_string(class_count == 0 ? 0 : class_count - 1));
      }
      return static_cast<int>(c);
    };
    DatasetRow d;
    d.source_row = to_integer(r.fields[0], at(0));
    d.date = std::string(r.fields[1]);
    d.time = parse_utc(r.fields[1], at(1));
    d.exercise = std::string(r.fields[2]);
    d.set_order = static_cast<int>(to_integer(r.fields[3], at(3)));
    d.weight_kg = to_double(r.fields[4], at(4));
    d.reps = to_double(r.fields[5], at(5));
    d.weight_change_pct = to_double(r.fields[6], at(6));
    d.reps_change_pct = to_double(r.fields[7], at(7));
    d.weight_ma = to_double(r.fields[8], at(8));
    d.reps_ma = to_double(r.fields[9], at(9));
    d.label = class_index(10);
    d.split = std::string(r.fields[11]);
    if (d.split != "train" && d.split != "val" && d.split != "test" && d.split != "none") {
      throw_input_error(at(11), "value '" + d.split + "' is not train, val, test or none");
    }
    d.predicted = class_index(12);
    rows.push_back(std::move(d));
  });
  return rows;
}

RunData load_run(const std::filesystem::path& dir) {
  if (!std::filesystem::is_directory(dir)) {
    throw InputError(dir.string() + ": not a run directory (it does not exist or is not a directory)");
  }
  RunData run;
  run.dir = dir;
  const auto metrics_path = dir / "metrics.json";
  if (!std::filesystem::exists(metrics_path)) {
    throw InputError(metrics_path.string() + ": missing; is " + dir.string() + " a directory written by exertrack train?");
  }
  // Strict, typed: a key the pipeline renamed or dropped fails here, naming
  // it, instead of blanking a section of the report.
  const std::string text = read_file(metrics_path);
  run.doc = metrics::parse_run_metrics(text, metrics_path.string());
  run.metrics = nlohmann::json::parse(text);
  run.classes = run.doc.classes;
  run.feature_names = run.doc.feature_names;

  const auto history_path = dir / "history.csv";
  run.history = parse_history_csv(read_file(history_path), history_path.string());
  const auto dataset_path = dir / "dataset.csv";
  run.dataset = parse_dataset_csv(read_file(dataset_path), dataset_path.string(), run.classes.size());

  if (std::filesystem::exists(dir / "classification_report.txt")) {
    run.classification_report = read_file(dir / "classification_report.txt");
  }
  const auto model_path = dir / "model" / "model.json";
  if (std::filesystem::exists(model_path)) {
    try {
      const auto model = nlohmann::json::parse(read_file(model_path));
      if (model.contains("userDefinedMetadata")) run.model_metadata = model["userDefinedMetadata"];
    } catch (const nlohmann::json::parse_error& e) {
      throw InputError(model_path.string() + ": not valid JSON: " + e.what());
    }
  }
  if (std::filesystem::exists(dir / "recommendations.json")) {
    const auto path = dir / "recommendations.json";
    run.recommendations = parse_recommendations_json(read_file(path), path.string());
  }
  return run;
}

std::vector<Recommended> parse_recommendations_json(const std::string& text, const std::string& source) {
  nlohmann::json j;
  try {
    j = nlohmann::json::parse(text);
  } catch (const nlohmann::json::parse_error& e) {
    throw InputError(source + ": not valid JSON: " + e.what());
  }
  std::vector<Recommended> out;
  try {
    for (const auto& r : j.at("results")) {
      Recommended x;
      x.name = r.at("name").get<std::string>();
      x.equipment = r.at("equipment").get<std::string>();
      x.label = r.at("label").get<std::string>();
      x.probability = r.at("probabilities").at(x.label).get<double>();
      x.reason = r.at("reason").get<std::string>();
      const std::string unit = r.at("target").at("unit").get<std::string>();
      const auto u = unit_by_name(unit);
      if (!u) throw InputError(source + ": not a recommendations file (unit '" + unit + "' is neither kg nor lb)");
      x.unit = *u;
      x.last_weight = r.at("last_set").at("weight").get<double>();
      x.last_reps = r.at("last_set").at("reps").get<double>();
      x.target_weight = r.at("target").at("weight").get<double>();
      x.target_reps = r.at("target").at("reps").get<double>();
      out.push_back(std::move(x));
    }
  } catch (const nlohmann::json::exception& e) {
    // nlohmann names the missing key or the wrong type.
    throw InputError(source + ": not a recommendations file (" + std::string(e.what()) + ")");
  }
  return out;
}

long long count_label_leak_rows(const RunData& run) {
  int increase_reps = -1;
  for (std::size_t c = 0; c < run.classes.size(); ++c) {
    if (run.classes[c] == "increase reps") increase_reps = static_cast<int>(c);
  }
  if (increase_reps < 0) return -1;
  long long n = 0;
  for (const auto& row : run.dataset) {
    if (row.split == "test" && row.label == increase_reps && row.weight_change_pct == 0.0) ++n;
  }
  return n;
}

}  // namespace exertrack::report
