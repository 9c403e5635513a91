// The whole feature table against the one pandas computed
// ($EXERTRACK_DATA_DIR/weightlifting_721_features_reference.csv).
#include <gtest/gtest.h>

#include <cmath>
#include <sstream>

#include "common/test_data.hpp"
#include "core/util/files.hpp"
#include "notebook/features/features.hpp"

using exertrack::core::ingest::ReadOptions;
using exertrack::core::ingest::WorkoutLog;
using exertrack::core::util::read_file;

namespace exertrack::notebook::features {
namespace {

// Splits one CSV line of the reference (fields may be quoted, no newlines).
std::vector<std::string> split_csv_line(const std::string& line) {
  std::vector<std::string> out;
  std::string field;
  bool quoted = false;
  for (std::size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (quoted) {
      if (c == '"' && i + 1 < line.size() && line[i + 1] == '"') {
        field += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        field += c;
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      out.push_back(field);
      field.clear();
    } else {
      field += c;
    }
  }
  out.push_back(field);
  return out;
}

std::vector<std::vector<std::string>> parse(const std::string& text) {
  std::vector<std::vector<std::string>> rows;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    rows.push_back(split_csv_line(line));
  }
  return rows;
}

TEST(ReferenceParity, WholeTableMatchesPandas) {
  const auto data = testing::data_file("weightlifting_721_workouts.csv");
  const auto reference = testing::data_file("weightlifting_721_features_reference.csv");
  EXERTRACK_REQUIRE_DATA(data);
  EXERTRACK_REQUIRE_DATA(reference);
  ReadOptions read;
  read.trim_names = false;  // pandas kept "Lat Pulldown " and "Lat Pulldown" apart
  const WorkoutLog log = read_workout_log(data, read);
  const FeatureTable table = build_feature_table(log, notebook_definition());
  const auto ours = parse(feature_table_csv(table));
  const auto theirs = parse(read_file(reference));
  ASSERT_EQ(ours.size(), theirs.size());
  ASSERT_EQ(ours[0], theirs[0]);  // header
  EXPECT_EQ(table.rows.size(), 9746U);
  EXPECT_EQ(table.label_counts[0], 2128U);
  EXPECT_EQ(table.label_counts[1], 6536U);
  EXPECT_EQ(table.label_counts[2], 1082U);
  std::size_t float_mismatch = 0;
  std::size_t exact_text = 0;
  for (std::size_t r = 1; r < ours.size(); ++r) {
    const auto& a = ours[r];
    const auto& b = theirs[r];
    ASSERT_EQ(a.size(), 11U);
    ASSERT_EQ(b.size(), 11U);
    // source_row, name, set order, suggestion and label: identical text.
    for (std::size_t c : {0U, 1U, 2U, 9U, 10U}) ASSERT_EQ(a[c], b[c]) << "row " << r << " column " << theirs[0][c];
    for (std::size_t c = 3; c <= 8; ++c) {
      if (a[c] == b[c]) ++exact_text;
      const double x = std::stod(a[c]);
      const double y = std::stod(b[c]);
      const double tol = 1e-9 * std::max(1.0, std::abs(y));
      if (!(std::abs(x - y) <= tol)) {
        ++float_mismatch;
        ADD_FAILURE() << "row " << r << " column " << theirs[0][c] << ": ours " << a[c] << " pandas " << b[c];
      }
    }
  }
  EXPECT_EQ(float_mismatch, 0U);
  // Most values are bit-identical, not just close.
  EXPECT_GT(exact_text, (ours.size() - 1) * 6 * 99 / 100);
}

}  // namespace
}  // namespace exertrack::notebook::features
