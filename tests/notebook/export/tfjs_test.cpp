#include "notebook/export/tfjs.hpp"

#include <gtest/gtest.h>

#include "common/input_error.hpp"

#include <array>
#include <bit>
#include <cstring>
#include <fstream>
#include <limits>

#include "common/test_data.hpp"
#include "core/util/error.hpp"
#include "core/util/files.hpp"
#include "notebook/export/metadata.hpp"
#include "notebook/nn/mlp.hpp"

namespace nn = exertrack::notebook::nn;
using exertrack::core::util::read_file;
using exertrack::core::util::write_file_atomic;
using exertrack::notebook::dataset::fit_standardizer;
using exertrack::notebook::dataset::Standardizer;
using exertrack::notebook::features::notebook_definition;
using exertrack::notebook::features::v2_definition;

namespace exertrack::notebook::export_ {
namespace {

using nlohmann::json;
namespace fs = std::filesystem;

nn::Mlp random_model(std::vector<int> hidden, float dropout, std::uint64_t seed, int inputs = 4) {
  nn::Rng rng(seed);
  nn::Mlp m = nn::make_mlp(inputs, hidden, 3, dropout, rng);
  // Non-zero biases so the bias bytes are checked too.
  for (auto& d : m.layers) {
    for (Eigen::Index j = 0; j < d.bias.size(); ++j) d.bias(j) = rng.uniform(-0.5F, 0.5F);
  }
  return m;
}

json test_metadata() {
  return make_model_metadata(notebook_definition(), Standardizer{{1, 2, 3, 4}, {1, 1, 1, 1}}, "deadbeef",
                             json{{"accuracy", 0.5}});
}

void expect_bit_identical(const nn::Mlp& a, const nn::Mlp& b) {
  ASSERT_EQ(a.layers.size(), b.layers.size());
  EXPECT_EQ(std::bit_cast<std::uint32_t>(a.dropout_rate), std::bit_cast<std::uint32_t>(b.dropout_rate));
  for (std::size_t l = 0; l < a.layers.size(); ++l) {
    const auto& x = a.layers[l];
    const auto& y = b.layers[l];
    EXPECT_EQ(x.activation, y.activation) << "layer " << l;
    ASSERT_EQ(x.kernel.rows(), y.kernel.rows());
    ASSERT_EQ(x.kernel.cols(), y.kernel.cols());
    ASSERT_EQ(x.bias.size(), y.bias.size());
    EXPECT_EQ(std::memcmp(x.kernel.data(), y.kernel.data(), sizeof(float) * static_cast<std::size_t>(x.kernel.size())), 0)
        << "layer " << l;
    EXPECT_EQ(std::memcmp(x.bias.data(), y.bias.data(), sizeof(float) * static_cast<std::size_t>(x.bias.size())), 0)
        << "layer " << l;
  }
}

using testing::input_error;

// ---- folding ---------------------------------------------------------------

TEST(FoldStandardization, FoldedModelOnRawInputsEqualsModelOnStandardizedInputs) {
  const nn::Mlp model = random_model({32, 16}, 0.0F, 7);
  nn::Rng rng(11);
  // Feature-like ranges: % changes, kg, reps.
  Eigen::MatrixXd raw(200, 4);
  for (Eigen::Index i = 0; i < raw.rows(); ++i) {
    raw(i, 0) = rng.uniform(-60, 300);
    raw(i, 1) = rng.uniform(-80, 400);
    raw(i, 2) = rng.uniform(0, 180);
    raw(i, 3) = rng.uniform(1, 20);
  }
  const Standardizer s = fit_standardizer(raw);
  const nn::Mlp folded = fold_standardization(model, s);
  const Eigen::MatrixXf expected = nn::predict_proba(model, standardize(s, raw));
  const Eigen::MatrixXf got = nn::predict_proba(folded, raw.cast<float>());
  ASSERT_EQ(got.rows(), expected.rows());
  EXPECT_LE((got - expected).cwiseAbs().maxCoeff(), 1e-5F);
  // Only the first layer changes.
  for (std::size_t l = 1; l < model.layers.size(); ++l) {
    EXPECT_EQ(folded.layers[l].kernel, model.layers[l].kernel);
    EXPECT_EQ(folded.layers[l].bias, model.layers[l].bias);
  }
}

TEST(FoldStandardization, MatchesTheFormulaInDouble) {
  nn::Mlp m;
  nn::Dense d;
  d.kernel.resize(2, 1);
  d.kernel << 2.0F, -3.0F;
  d.bias.resize(1);
  d.bias << 0.5F;
  d.activation = nn::Activation::softmax;
  m.layers.push_back(d);
  const nn::Mlp f = fold_standardization(m, Standardizer{{10, -4}, {4, 0.5}});
  EXPECT_FLOAT_EQ(f.layers[0].kernel(0, 0), 0.5F);    // 2 / 4
  EXPECT_FLOAT_EQ(f.layers[0].kernel(1, 0), -6.0F);   // -3 / 0.5
  EXPECT_FLOAT_EQ(f.layers[0].bias(0), 0.5F - (10.0F / 4 * 2 + -4.0F / 0.5F * -3));  // 0.5 - (5 + 24)
}

TEST(FoldStandardization, RejectsMismatchedOrDegenerateStandardizer) {
  const nn::Mlp m = random_model({4}, 0.0F, 1);
  EXPECT_THROW((void)fold_standardization(m, Standardizer{{0, 0, 0}, {1, 1, 1}}), std::invalid_argument);
  EXPECT_THROW((void)fold_standardization(m, Standardizer{{0, 0, 0, 0}, {1, 0, 1, 1}}), std::invalid_argument);
  EXPECT_THROW((void)fold_standardization(m, Standardizer{{0, std::numeric_limits<double>::quiet_NaN(), 0, 0}, {1, 1, 1, 1}}),
               std::invalid_argument);
  EXPECT_THROW((void)fold_standardization(nn::Mlp{}, Standardizer{}), std::invalid_argument);
}

// ---- writing ---------------------------------------------------------------

TEST(TfjsWriter, WritesAKerasStyleLayersModel) {
  const nn::Mlp m = random_model({5, 6}, 0.25F, 3);
  const TfjsArtifacts a = make_tfjs_artifacts(m, test_metadata());
  const json j = json::parse(a.model_json);
  EXPECT_EQ(j.at("format"), "layers-model");
  const json& layers = j.at("modelTopology").at("model_config").at("config").at("layers");
  EXPECT_EQ(j.at("modelTopology").at("model_config").at("class_name"), "Sequential");
  ASSERT_EQ(layers.size(), 5U);  // dense, dropout, dense_1, dropout_1, dense_2
  EXPECT_EQ(layers[0].at("class_name"), "Dense");
  EXPECT_EQ(layers[0].at("config").at("name"), "dense");
  EXPECT_EQ(layers[0].at("config").at("batch_input_shape"), json::parse("[null, 4]"));
  EXPECT_EQ(layers[0].at("config").at("units"), 5);
  EXPECT_EQ(layers[0].at("config").at("activation"), "relu");
  EXPECT_EQ(layers[1].at("class_name"), "Dropout");
  EXPECT_EQ(layers[1].at("config").at("rate"), 0.25);
  EXPECT_EQ(layers[2].at("config").at("name"), "dense_1");
  EXPECT_EQ(layers[4].at("config").at("name"), "dense_2");
  EXPECT_EQ(layers[4].at("config").at("activation"), "softmax");
  EXPECT_FALSE(layers[2].at("config").contains("batch_input_shape"));

  const json& group = j.at("weightsManifest").at(0);
  EXPECT_EQ(group.at("paths"), json({"group1-shard1of1.bin"}));
  ASSERT_EQ(group.at("weights").size(), 6U);
  EXPECT_EQ(group.at("weights")[0], json::parse(R"({"name":"dense/kernel","shape":[4,5],"dtype":"float32"})"));
  EXPECT_EQ(group.at("weights")[1], json::parse(R"({"name":"dense/bias","shape":[5],"dtype":"float32"})"));
  EXPECT_EQ(group.at("weights")[5].at("name"), "dense_2/bias");
  EXPECT_EQ(j.at("userDefinedMetadata"), test_metadata());

  // Little-endian float32, kernel row-major [in][out], then the bias.
  ASSERT_EQ(a.shards.size(), 1U);
  const std::size_t floats = 4 * 5 + 5 + 5 * 6 + 6 + 6 * 3 + 3;
  ASSERT_EQ(a.shards[0].size(), floats * 4);
  auto float_at = [&](std::size_t index) {
    std::uint32_t bits = 0;
    for (int b = 0; b < 4; ++b) {
      bits |= static_cast<std::uint32_t>(static_cast<unsigned char>(a.shards[0][index * 4 + static_cast<std::size_t>(b)]))
              << (8 * b);
    }
    return std::bit_cast<float>(bits);
  };
  EXPECT_EQ(float_at(0), m.layers[0].kernel(0, 0));
  EXPECT_EQ(float_at(1), m.layers[0].kernel(0, 1));
  EXPECT_EQ(float_at(5), m.layers[0].kernel(1, 0));
  EXPECT_EQ(float_at(20), m.layers[0].bias(0));
  EXPECT_EQ(float_at(floats - 1), m.layers[2].bias(2));
}

TEST(TfjsWriter, SameModelSameBytes) {
  const nn::Mlp m = random_model({8}, 0.0F, 5);
  const fs::path a = testing::scratch_dir("export_determinism_a");
  const fs::path b = testing::scratch_dir("export_determinism_b");
  write_tfjs_model(a, m, test_metadata());
  write_tfjs_model(b, m, test_metadata());
  EXPECT_EQ(read_file(a / "model.json"), read_file(b / "model.json"));
  EXPECT_EQ(read_file(a / "group1-shard1of1.bin"), read_file(b / "group1-shard1of1.bin"));
  const nn::Mlp no_dropout = random_model({8}, 0.0F, 5);
  const json layers = json::parse(make_tfjs_artifacts(no_dropout, test_metadata()).model_json)
                          .at("modelTopology").at("model_config").at("config").at("layers");
  EXPECT_EQ(layers.size(), 2U);  // no Dropout layers without dropout
}

TEST(TfjsWriter, RejectsMalformedModels) {
  EXPECT_THROW((void)make_tfjs_artifacts(nn::Mlp{}, test_metadata()), std::invalid_argument);
  nn::Mlp m = random_model({4}, 0.0F, 1);
  m.layers[1].kernel.resize(5, 3);
  EXPECT_THROW((void)make_tfjs_artifacts(m, test_metadata()), std::invalid_argument);
  EXPECT_THROW((void)make_tfjs_artifacts(random_model({4}, 0.0F, 1), test_metadata(), 6), std::invalid_argument);
  EXPECT_THROW((void)make_tfjs_artifacts(random_model({4}, 0.0F, 1), json::array()), std::invalid_argument);
}

// ---- reading back ----------------------------------------------------------

TEST(TfjsRoundTrip, ReadBackIsBitIdenticalWithItsMetadata) {
  const nn::Mlp m = random_model({32, 96}, 0.5F, 9);
  const fs::path dir = testing::scratch_dir("export_roundtrip");
  json meta = make_model_metadata(v2_definition(), Standardizer{{1.5, 2, 3, 4}, {0.5, 1, 2, 3}}, "cafe",
                                  json{{"accuracy", 0.952}, {"loss", 0.187}});
  write_tfjs_model(dir, m, meta);
  const LoadedModel back = read_tfjs_model(dir);
  expect_bit_identical(back.model, m);
  EXPECT_EQ(back.metadata, meta);
  EXPECT_EQ(back.classes, (std::vector<std::string>{"increase reps", "increase weight", "increase weight, decrease reps"}));
  EXPECT_EQ(back.feature_names.size(), 4U);
  EXPECT_EQ(back.feature_names[2], "Weight Moving Average");
  EXPECT_EQ(back.definition.name, "v2");
  EXPECT_EQ(back.definition.change_cap, v2_definition().change_cap);
}

TEST(TfjsRoundTrip, BigModelIsSplitIntoFourMebibyteShards) {
  // 4*1100 + 1100 + 1100*1000 + 1000 + 1000*3 + 3 = 1,109,503 floats = 4,438,012 bytes.
  const nn::Mlp m = random_model({1100, 1000}, 0.0F, 13);
  const fs::path dir = testing::scratch_dir("export_multishard");
  write_tfjs_model(dir, m, test_metadata());
  ASSERT_TRUE(fs::exists(dir / "group1-shard1of2.bin"));
  ASSERT_TRUE(fs::exists(dir / "group1-shard2of2.bin"));
  EXPECT_EQ(fs::file_size(dir / "group1-shard1of2.bin"), kTfjsShardBytes);
  EXPECT_EQ(fs::file_size(dir / "group1-shard2of2.bin"), 4'438'012U - kTfjsShardBytes);
  expect_bit_identical(read_tfjs_model(dir).model, m);

  // Re-exporting a small model into the same directory leaves no stale shard.
  write_tfjs_model(dir, random_model({4}, 0.0F, 1), test_metadata());
  EXPECT_FALSE(fs::exists(dir / "group1-shard1of2.bin"));
  EXPECT_FALSE(fs::exists(dir / "group1-shard2of2.bin"));
  EXPECT_TRUE(fs::exists(dir / "group1-shard1of1.bin"));
  EXPECT_EQ(read_tfjs_model(dir).model.layers[0].kernel.cols(), 4);
}

TEST(TfjsRoundTrip, WeightsMayStraddleSmallShards) {
  const nn::Mlp m = random_model({7, 5}, 0.1F, 17);
  const fs::path dir = testing::scratch_dir("export_smallshards");
  write_tfjs_model(dir, m, test_metadata(), 12);  // 3 floats per shard
  const std::size_t floats = 4 * 7 + 7 + 7 * 5 + 5 + 5 * 3 + 3;
  const std::size_t n = (floats + 2) / 3;
  EXPECT_TRUE(fs::exists(dir / tfjs_shard_name(n, n)));
  expect_bit_identical(read_tfjs_model(dir).model, m);
}

// ---- corrupt input ---------------------------------------------------------

class TfjsCorrupt : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = testing::scratch_dir(std::string("export_corrupt_") + ::testing::UnitTest::GetInstance()->current_test_info()->name());
    write_tfjs_model(dir_, random_model({6}, 0.0F, 21), test_metadata());
    model_ = json::parse(read_file(dir_ / "model.json"));
  }
  // Rewrites model.json after `edit`, then returns read_tfjs_model's error.
  template <class F>
  std::string error_after(F&& edit) {
    edit(model_);
    write_file_atomic(dir_ / "model.json", model_.dump());
    return input_error([&] { (void)read_tfjs_model(dir_); });
  }
  json& layers() { return model_["modelTopology"]["model_config"]["config"]["layers"]; }
  json& weights() { return model_["weightsManifest"][0]["weights"]; }
  fs::path dir_;
  json model_;
};

TEST_F(TfjsCorrupt, MissingModelJsonNamesTheFile) {
  fs::remove(dir_ / "model.json");
  const std::string e = input_error([&] { (void)read_tfjs_model(dir_); });
  EXPECT_NE(e.find("model.json"), std::string::npos) << e;
}

TEST_F(TfjsCorrupt, MissingShardNamesTheShard) {
  fs::remove(dir_ / "group1-shard1of1.bin");
  const std::string e = input_error([&] { (void)read_tfjs_model(dir_); });
  EXPECT_NE(e.find("group1-shard1of1.bin"), std::string::npos) << e;
  EXPECT_NE(e.find("missing"), std::string::npos) << e;
}

TEST_F(TfjsCorrupt, TruncatedOrOverlongShard) {
  std::string bytes = read_file(dir_ / "group1-shard1of1.bin");
  write_file_atomic(dir_ / "group1-shard1of1.bin", bytes.substr(0, bytes.size() - 4));
  std::string e = input_error([&] { (void)read_tfjs_model(dir_); });
  EXPECT_NE(e.find("truncated"), std::string::npos) << e;
  write_file_atomic(dir_ / "group1-shard1of1.bin", bytes + "xx");
  e = input_error([&] { (void)read_tfjs_model(dir_); });
  EXPECT_NE(e.find("bytes"), std::string::npos) << e;
}

TEST_F(TfjsCorrupt, NonFiniteWeight) {
  std::string bytes = read_file(dir_ / "group1-shard1of1.bin");
  const auto nan = std::bit_cast<std::uint32_t>(std::numeric_limits<float>::quiet_NaN());
  for (int b = 0; b < 4; ++b) bytes[8 + static_cast<std::size_t>(b)] = static_cast<char>((nan >> (8 * b)) & 0xFFU);
  write_file_atomic(dir_ / "group1-shard1of1.bin", bytes);
  const std::string e = input_error([&] { (void)read_tfjs_model(dir_); });
  EXPECT_NE(e.find("non-finite"), std::string::npos) << e;
  EXPECT_NE(e.find("dense/kernel"), std::string::npos) << e;
}

TEST_F(TfjsCorrupt, NotJson) {
  write_file_atomic(dir_ / "model.json", "{\"format\": ");
  const std::string e = input_error([&] { (void)read_tfjs_model(dir_); });
  EXPECT_NE(e.find("not valid JSON"), std::string::npos) << e;
}

TEST_F(TfjsCorrupt, WrongFormat) {
  const auto e = error_after([](json& j) { j["format"] = "graph-model"; });
  EXPECT_NE(e.find("graph-model"), std::string::npos) << e;
}

TEST_F(TfjsCorrupt, WrongDtype) {
  const auto e = error_after([&](json&) { weights()[0]["dtype"] = "int32"; });
  EXPECT_NE(e.find("int32"), std::string::npos) << e;
}

TEST_F(TfjsCorrupt, ShapeDisagreesWithTopology) {
  const auto e = error_after([&](json&) { layers()[0]["config"]["batch_input_shape"] = json::parse("[null, 3]"); });
  EXPECT_NE(e.find("dense/kernel"), std::string::npos) << e;
  EXPECT_NE(e.find("shape"), std::string::npos) << e;
}

TEST_F(TfjsCorrupt, UnsupportedLayerAndActivation) {
  auto e = error_after([&](json&) { layers()[1]["class_name"] = "Conv2D"; });
  EXPECT_NE(e.find("Conv2D"), std::string::npos) << e;
  SetUp();
  e = error_after([&](json&) { layers()[0]["config"]["activation"] = "gelu"; });
  EXPECT_NE(e.find("gelu"), std::string::npos) << e;
  SetUp();
  e = error_after([&](json&) { layers()[1]["config"]["activation"] = "relu"; });
  EXPECT_NE(e.find("softmax"), std::string::npos) << e;
}

TEST_F(TfjsCorrupt, ShardPathOutsideTheDirectory) {
  const auto e = error_after([](json& j) { j["weightsManifest"][0]["paths"][0] = "../group1-shard1of1.bin"; });
  EXPECT_NE(e.find("plain file name"), std::string::npos) << e;
}

TEST_F(TfjsCorrupt, MetadataMissingOrInconsistent) {
  auto e = error_after([](json& j) { j.erase("userDefinedMetadata"); });
  EXPECT_NE(e.find("userDefinedMetadata"), std::string::npos) << e;
  SetUp();
  e = error_after([](json& j) { j["userDefinedMetadata"]["classes"].erase(0); });
  EXPECT_NE(e.find("classes"), std::string::npos) << e;
  SetUp();
  e = error_after([](json& j) { j["userDefinedMetadata"]["feature_definition"]["window"] = -1; });
  EXPECT_NE(e.find("window"), std::string::npos) << e;
  SetUp();
  e = error_after([](json& j) { j["userDefinedMetadata"]["standardization"]["applied"] = "none"; });
  EXPECT_NE(e.find("raw features"), std::string::npos) << e;
}

TEST_F(TfjsCorrupt, UnusedOrMissingWeight) {
  auto e = error_after([&](json&) { weights()[1]["name"] = "other/bias"; });
  EXPECT_NE(e.find("dense/bias"), std::string::npos) << e;
}

}  // namespace
}  // namespace exertrack::notebook::export_
