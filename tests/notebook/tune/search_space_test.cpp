#include "notebook/tune/search_space.hpp"

#include <gtest/gtest.h>

#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <fstream>

#include "common/test_data.hpp"
#include "core/util/error.hpp"

using exertrack::core::util::InputError;

namespace exertrack::notebook::tune {
namespace {

std::string error_of(const nlohmann::json& j) {
  try {
    (void)search_space_from_json(j);
  } catch (const InputError& e) {
    return e.what();
  }
  return "";
}

TEST(SearchSpace, DefaultsAreTheNotebooks) {
  const SearchSpace s;
  ASSERT_EQ(s.units.size(), 2U);
  EXPECT_EQ(s.units[0].values().size(), 16U);  // 32..512 step 32
  EXPECT_EQ(s.units[0].values().front(), 32);
  EXPECT_EQ(s.units[0].values().back(), 512);
  EXPECT_EQ(s.units[1].values().size(), 8U);  // 32..256 step 32
  EXPECT_EQ(s.learning_rates, (std::vector<double>{1e-2, 1e-3, 1e-4}));
  EXPECT_NO_THROW(validate(s));
  EXPECT_EQ(search_space_from_json(nlohmann::json::object()), s);
}

TEST(SearchSpace, JsonRoundTrip) {
  SearchSpace s;
  s.units = {{16, 64, 16}, {8, 8, 1}, {4, 40, 12}};
  s.learning_rates = {0.05, 3e-4};
  s.dropout = {0.0, 0.25, 0.5};
  s.batch_sizes = {16, 64};
  const nlohmann::json j = to_json(s);
  EXPECT_EQ(search_space_from_json(j), s);
  EXPECT_EQ(search_space_from_json(nlohmann::json::parse(j.dump())), s);
  EXPECT_EQ((IntRange{4, 40, 12}.values()), (std::vector<int>{4, 16, 28, 40}));
}

TEST(SearchSpace, ShorthandForms) {
  const SearchSpace s = search_space_from_json(
      nlohmann::json::parse(R"({"units": [64, {"min": 8, "max": 24, "step": 8}], "learning_rate": 0.003,
                                "batch_size": [32, 128]})"));
  EXPECT_EQ(s.units[0], (IntRange{64, 64, 1}));
  EXPECT_EQ(s.units[1].values(), (std::vector<int>{8, 16, 24}));
  EXPECT_EQ(s.learning_rates, (std::vector<double>{0.003}));
  EXPECT_EQ(s.batch_sizes, (std::vector<int>{32, 128}));
  EXPECT_EQ(s.dropout, (std::vector<double>{0.0}));
}

TEST(SearchSpace, BadJsonIsAClearError) {
  using nlohmann::json;
  EXPECT_NE(error_of(json::parse(R"({"learning_rate": [0.01, "fast"]})")).find("learning_rate[1]: expected a number, got \"fast\""),
            std::string::npos);
  EXPECT_NE(error_of(json::parse(R"({"unit": []})")).find("unknown key \"unit\""), std::string::npos);
  EXPECT_NE(error_of(json::parse(R"({"units": [{"min": 64, "max": 32, "step": 32}]})")).find("units[0]: min 64 is above max 32"),
            std::string::npos);
  EXPECT_NE(error_of(json::parse(R"({"units": [{"min": 32, "max": 64, "step": 0}]})")).find("step must be positive"),
            std::string::npos);
  EXPECT_NE(error_of(json::parse(R"({"units": [{"min": 32}]})")).find("needs both"), std::string::npos);
  EXPECT_NE(error_of(json::parse(R"({"units": [{"min": 32, "max": 64, "stride": 8}]})")).find("unknown key \"stride\""),
            std::string::npos);
  EXPECT_NE(error_of(json::parse(R"({"units": [32.5]})")).find("expected an integer"), std::string::npos);
  EXPECT_NE(error_of(json::parse(R"({"units": []})")).find("at least one hidden layer"), std::string::npos);
  EXPECT_NE(error_of(json::parse(R"({"learning_rate": [-0.1]})")).find("positive"), std::string::npos);
  EXPECT_NE(error_of(json::parse(R"({"learning_rate": []})")).find("at least one value"), std::string::npos);
  EXPECT_NE(error_of(json::parse(R"({"dropout": [1.0]})")).find("dropout[0]: must be in [0, 1)"), std::string::npos);
  EXPECT_NE(error_of(json::parse(R"({"batch_size": [0]})")).find("batch_size[0]"), std::string::npos);
  EXPECT_NE(error_of(json::parse(R"([1, 2])")).find("expected a JSON object"), std::string::npos);
}

TEST(SearchSpace, LoadFromFile) {
  const auto dir = exertrack::testing::scratch_dir("tune_search_space");
  const auto good = dir / "space.json";
  std::ofstream(good) << R"({"units": [{"min": 32, "max": 96, "step": 32}], "learning_rate": [0.01]})";
  EXPECT_EQ(load_search_space(good).units.size(), 1U);

  const auto broken = dir / "broken.json";
  std::ofstream(broken) << "{\"units\": [\n  {\"min\": 32,, }]}";
  try {
    (void)load_search_space(broken);
    FAIL();
  } catch (const InputError& e) {
    const std::string msg = e.what();
    EXPECT_NE(msg.find("broken.json: not valid JSON"), std::string::npos) << msg;
    EXPECT_NE(msg.find("line 2"), std::string::npos) << msg;
  }
  const auto invalid = dir / "invalid.json";
  std::ofstream(invalid) << R"({"dropout": [0.5, 2]})";
  try {
    (void)load_search_space(invalid);
    FAIL();
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("invalid.json: search space: dropout[1]"), std::string::npos) << e.what();
  }
  EXPECT_THROW((void)load_search_space(dir / "missing.json"), InputError);
}

TEST(SearchSpace, FlagParsers) {
  EXPECT_EQ(parse_int_range("32:512:32"), (IntRange{32, 512, 32}));
  EXPECT_EQ(parse_int_range(" 64 "), (IntRange{64, 64, 1}));
  EXPECT_THROW((void)parse_int_range("32:512"), InputError);
  EXPECT_THROW((void)parse_int_range("32:x:32"), InputError);
  EXPECT_THROW((void)parse_int_range("512:32:32"), InputError);
  EXPECT_EQ(parse_number_list("0.01, 0.001,1e-4"), (std::vector<double>{0.01, 0.001, 1e-4}));
  EXPECT_THROW((void)parse_number_list("0.01,,0.1"), InputError);
  EXPECT_THROW((void)parse_number_list("fast"), InputError);
}

TEST(Hyperparameters, Json) {
  Hyperparameters hp{{256, 96}, 0.001, 0.2, 64};
  const nlohmann::json j = hp;
  EXPECT_EQ(j["units"], nlohmann::json::array({256, 96}));
  EXPECT_EQ(j["units_1"], 256);
  EXPECT_EQ(j["units_2"], 96);
  EXPECT_DOUBLE_EQ(j["learning_rate"].get<double>(), 0.001);
  EXPECT_DOUBLE_EQ(j["dropout"].get<double>(), 0.2);
  EXPECT_EQ(j["batch_size"], 64);
}

// docs/search-space.schema.json and the reader accept and reject the same
// documents (python3-jsonschema, Draft 7), so the documented contract is the
// one enforced. Value checks the schema cannot state (min <= max) are the
// reader's alone and not compared here.
bool schema_accepts(const nlohmann::json& doc) {
  const auto file = testing::scratch_dir("search-space-schema") / "doc.json";
  std::ofstream(file) << doc.dump();
  const auto schema = testing::source_dir() / "docs" / "search-space.schema.json";
  const std::string cmd = "python3 -c 'import json, sys, jsonschema; "
                          "jsonschema.Draft7Validator.check_schema(json.load(open(sys.argv[1]))); "
                          "jsonschema.validate(json.load(open(sys.argv[2])), json.load(open(sys.argv[1])))' '" +
                          schema.string() + "' '" + file.string() + "' >/dev/null 2>&1";
  const int status = std::system(cmd.c_str());
  return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

TEST(SearchSpace, TheSchemaInDocsIsTheContractTheReaderEnforces) {
  const std::vector<std::pair<nlohmann::json, bool>> cases = {
      {to_json(SearchSpace{}), true},
      {nlohmann::json::object(), true},
      {nlohmann::json::parse(R"({"units": [64, {"min": 32, "max": 96}], "dropout": [0, 0.2]})"), true},
      {nlohmann::json::parse(R"({"unit": [64]})"), false},
      {nlohmann::json::parse(R"({"units": [{"min": 32}]})"), false},
      {nlohmann::json::parse(R"({"units": [{"min": 32, "max": 64, "stride": 8}]})"), false},
      {nlohmann::json::parse(R"({"learning_rate": ["fast"]})"), false},
      {nlohmann::json::parse(R"({"learning_rate": []})"), false},
      {nlohmann::json::parse(R"({"dropout": [1.0]})"), false},
      {nlohmann::json::parse(R"({"batch_size": [0]})"), false},
      {nlohmann::json::parse(R"({"batch_size": [32.5]})"), false},
      {nlohmann::json::parse(R"([1, 2])"), false},
  };
  for (const auto& [doc, valid] : cases) {
    EXPECT_EQ(schema_accepts(doc), valid) << "schema on " << doc.dump();
    EXPECT_EQ(error_of(doc).empty(), valid) << "reader on " << doc.dump() << ": " << error_of(doc);
  }
}

}  // namespace
}  // namespace exertrack::notebook::tune
