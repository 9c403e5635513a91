#include <iostream>
#include <memory>

#include "commands.hpp"
#include "core/util/files.hpp"
#include "data_options.hpp"
#include "notebook/features/features.hpp"

using exertrack::core::ingest::WorkoutLog;
using exertrack::core::util::write_file_atomic;
using exertrack::notebook::features::FeatureDefinition;
using exertrack::notebook::features::FeatureTable;
using exertrack::notebook::features::kClassCount;
using exertrack::notebook::features::kClassNames;

namespace exertrack::cli {

void add_features_command(CLI::App& app) {
  struct Options {
    DataOptions data;
    std::string out;
    FeatureOptions features;
  };
  auto opts = std::make_shared<Options>();
  CLI::App* cmd = app.add_subcommand("features", "Write the notebook's feature table (steps 1-6) as CSV");
  add_data_options(*cmd, opts->data);
  cmd->add_option("--out", opts->out, "Output CSV (default: stdout)");
  add_feature_options(*cmd, opts->features);
  cmd->callback([opts] {
    const FeatureDefinition def = resolve_features(opts->features, opts->data);
    const WorkoutLog log = load_data(opts->data);
    report_cleaning(log);
    const FeatureTable table = build_feature_table(log, def);
    const std::string csv = feature_table_csv(table);
    if (opts->out.empty()) {
      std::cout << csv;
    } else {
      write_file_atomic(opts->out, csv);
    }
    std::cerr << "exertrack: " << table.rows_in << " sets entered the features, " << table.rows.size() << " rows after the IQR filter ["
              << table.weight_lower << ", " << table.weight_upper << "] kg; labels: ";
    for (int c = 0; c < kClassCount; ++c) {
      std::cerr << (c ? ", " : "") << kClassNames[static_cast<std::size_t>(c)] << " "
                << table.label_counts[static_cast<std::size_t>(c)];
    }
    std::cerr << "\n";
  });
}

}  // namespace exertrack::cli
