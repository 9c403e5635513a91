#include "notebook/export/metadata.hpp"

#include <gtest/gtest.h>

#include "common/input_error.hpp"

#include <cmath>
#include <limits>

#include "core/util/error.hpp"

using exertrack::notebook::dataset::Standardizer;
using exertrack::notebook::features::FeatureDefinition;
using exertrack::notebook::features::notebook_definition;
using exertrack::notebook::features::v2_definition;

namespace exertrack::notebook::export_ {
namespace {

using nlohmann::json;

void expect_same(const FeatureDefinition& a, const FeatureDefinition& b) {
  EXPECT_EQ(a.name, b.name);
  EXPECT_EQ(a.change_cap, b.change_cap);
  EXPECT_EQ(a.window, b.window);
  EXPECT_EQ(a.iqr_k, b.iqr_k);
  EXPECT_EQ(a.weight_step_pct, b.weight_step_pct);
  EXPECT_EQ(a.weight_step_pct_heavy, b.weight_step_pct_heavy);
  EXPECT_EQ(a.heavy_kg, b.heavy_kg);
  EXPECT_EQ(a.reps_jump_pct, b.reps_jump_pct);
  EXPECT_EQ(a.reps_jump_pct_high, b.reps_jump_pct_high);
  EXPECT_EQ(a.high_reps, b.high_reps);
  EXPECT_EQ(a.reps_flat_pct, b.reps_flat_pct);
  EXPECT_EQ(a.include_flagged_sets, b.include_flagged_sets);
}

using testing::input_error;

TEST(FeatureDefinitionJson, NotebookRoundTripsWithInfiniteCapAsNull) {
  const FeatureDefinition def = notebook_definition();
  const json j = feature_definition_to_json(def);
  EXPECT_TRUE(j.at("change_cap").is_null());
  EXPECT_EQ(j.at("name"), "notebook");
  EXPECT_EQ(j.at("window"), 5);
  // Through text, as it travels in model.json.
  expect_same(feature_definition_from_json(json::parse(j.dump())), def);
}

TEST(FeatureDefinitionJson, EveryFieldRoundTrips) {
  FeatureDefinition def = v2_definition();
  def.change_cap = 123.25;
  def.window = 7;
  def.iqr_k = 2.5;
  def.weight_step_pct = 6.1;
  def.weight_step_pct_heavy = 3.3;
  def.heavy_kg = 90.7;
  def.reps_jump_pct = 21;
  def.reps_jump_pct_high = 17.5;
  def.high_reps = 12;
  def.reps_flat_pct = 4.4;
  def.include_flagged_sets = true;
  const json j = feature_definition_to_json(def);
  EXPECT_EQ(j.size(), 12U);
  expect_same(feature_definition_from_json(json::parse(j.dump())), def);
}

TEST(FeatureDefinitionJson, AcceptsInfStringAndDefaultsMissingKeysFromTheNamedDefinition) {
  const FeatureDefinition a = feature_definition_from_json(json{{"name", "v2"}, {"change_cap", "inf"}});
  EXPECT_TRUE(std::isinf(a.change_cap));
  const FeatureDefinition b = feature_definition_from_json(json{{"name", "v2"}});
  expect_same(b, v2_definition());
}

TEST(FeatureDefinitionJson, RejectsBadValuesNamingTheKey) {
  EXPECT_NE(input_error([] { (void)feature_definition_from_json(json::array()); }).find("JSON object"), std::string::npos);
  EXPECT_NE(input_error([] { (void)feature_definition_from_json(json{{"window", 5}}); }).find("'name'"), std::string::npos);
  EXPECT_NE(input_error([] { (void)feature_definition_from_json(json{{"name", "v9"}}); }).find("v9"), std::string::npos);
  EXPECT_NE(input_error([] { (void)feature_definition_from_json(json{{"name", "v2"}, {"window", 0}}); }).find("'window'"),
            std::string::npos);
  EXPECT_NE(input_error([] { (void)feature_definition_from_json(json{{"name", "v2"}, {"window", 2.5}}); }).find("'window'"),
            std::string::npos);
  EXPECT_NE(input_error([] { (void)feature_definition_from_json(json{{"name", "v2"}, {"heavy_kg", "100"}}); })
                .find("'heavy_kg'"),
            std::string::npos);
  EXPECT_NE(input_error([] { (void)feature_definition_from_json(json{{"name", "v2"}, {"change_cap", -1}}); })
                .find("'change_cap'"),
            std::string::npos);
  EXPECT_NE(input_error([] { (void)feature_definition_from_json(json{{"name", "v2"}, {"change_cap", "big"}}); })
                .find("'change_cap'"),
            std::string::npos);
  EXPECT_NE(input_error([] { (void)feature_definition_from_json(json{{"name", "v2"}, {"iqr_k", -1}}); }).find("'iqr_k'"),
            std::string::npos);
  EXPECT_NE(input_error([] {
              (void)feature_definition_from_json(json{{"name", "v2"}, {"include_flagged_sets", 1}});
            }).find("'include_flagged_sets'"),
            std::string::npos);
}

TEST(StandardizerJson, RoundTripsExactly) {
  const Standardizer s{{1.0 / 3.0, -2.5e-7, 100.125, 0}, {0.1, 7.0 / 9.0, 1e6, 1}};
  const Standardizer back = standardizer_from_json(json::parse(standardizer_to_json(s).dump()));
  EXPECT_EQ(back.mean, s.mean);
  EXPECT_EQ(back.scale, s.scale);
}

TEST(StandardizerJson, RejectsBadInput) {
  EXPECT_NE(input_error([] { (void)standardizer_from_json(json{{"mean", {1}}}); }).find("'scale'"), std::string::npos);
  EXPECT_NE(input_error([] { (void)standardizer_from_json(json{{"mean", {1, 2}}, {"scale", {1}}}); }).find("2 values"),
            std::string::npos);
  EXPECT_NE(input_error([] { (void)standardizer_from_json(json{{"mean", {1}}, {"scale", {0}}}); }).find("> 0"),
            std::string::npos);
  EXPECT_NE(input_error([] { (void)standardizer_from_json(json{{"mean", {"a"}}, {"scale", {1}}}); }).find("'mean'"),
            std::string::npos);
}

TEST(ModelMetadata, HasEveryKeyAConsumerNeeds) {
  const Standardizer s{{1, 2, 3, 4}, {5, 6, 7, 8}};
  const json metrics{{"accuracy", 0.95}, {"loss", 0.18}};
  const json m = make_model_metadata(v2_definition(), s, "abc123", metrics, json{{"seed", 42}, {"test_metrics", {{"accuracy", 1}}}});
  EXPECT_EQ(m.at("classes"), json({"increase reps", "increase weight", "increase weight, decrease reps"}));
  EXPECT_EQ(m.at("feature_names"),
            json({"Weight Change %", "Reps Change %", "Weight Moving Average", "Reps Moving Average"}));
  expect_same(feature_definition_from_json(m.at("feature_definition")), v2_definition());
  EXPECT_EQ(m.at("standardization").at("applied"), kStandardizationFolded);
  const Standardizer back = standardizer_from_json(m.at("standardization"));
  EXPECT_EQ(back.mean, s.mean);
  EXPECT_EQ(back.scale, s.scale);
  EXPECT_EQ(m.at("training_data_sha256"), "abc123");
  EXPECT_EQ(m.at("input").at("weight_unit"), "kg");
  EXPECT_EQ(m.at("input").at("features"), "raw");
  EXPECT_FALSE(m.at("exertrack_version").get<std::string>().empty());
  EXPECT_EQ(m.at("seed"), 42);
  EXPECT_EQ(m.at("test_metrics"), json({{"accuracy", 1}}));  // extra wins
  EXPECT_EQ(make_model_metadata(v2_definition(), s, "x", metrics).at("test_metrics"), metrics);
  EXPECT_THROW((void)make_model_metadata(v2_definition(), s, "x", metrics, json::array()), std::invalid_argument);
}

}  // namespace
}  // namespace exertrack::notebook::export_
