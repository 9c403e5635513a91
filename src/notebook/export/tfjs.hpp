#pragma once
// TensorFlow.js layers-model writer and reader.
//
// The files are what tensorflowjs_converter makes of a Keras 2 Sequential
// model (tfjs-converter python/tensorflowjs/converters/keras_h5_conversion.py
// and write_weights.py; tfjs-core src/io/types.ts ModelJSON), so plain
// @tensorflow/tfjs 4.x `tf.loadLayersModel` loads them without a native
// add-on:
//   model.json: {format: "layers-model", generatedBy, convertedBy,
//     modelTopology: {class_name: "Sequential", config: {name, layers: [
//       Dense{name: dense, dense_1, ..., units, activation, use_bias,
//             batch_input_shape: [null, inputs] on the first},
//       Dropout{rate} after each hidden Dense when the model has dropout
//       (inference-equivalent to omitting it; kept so the topology is the
//       Keras model's)]}, keras_version, backend},
//     weightsManifest: [{paths: [group1-shard1ofN.bin, ...], weights:
//       [{name: dense/kernel, shape: [in, out], dtype: float32},
//        {name: dense/bias, shape: [out], dtype: float32}, ...]}],
//     userDefinedMetadata: {...}}
//   group1-shardKofN.bin: the weights above, in manifest order, as
//     little-endian float32 (kernels row-major [in][out], as Keras stores
//     them), concatenated and cut into shards of at most 4 MiB (a weight may
//     straddle two shards, as the converter does).
#include <cstddef>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "notebook/dataset/dataset.hpp"
#include "notebook/features/features.hpp"
#include "notebook/nn/model.hpp"

namespace exertrack::notebook::export_ {

// The converter's default shard size (4 MiB).
inline constexpr std::size_t kTfjsShardBytes = std::size_t{4} * 1024 * 1024;

// A model trained on standardized inputs -> the same function of RAW inputs:
// W'[i,:] = W[i,:] / scale[i], b' = b - sum_i (mean[i] / scale[i]) W[i,:],
// computed in double and stored as float. Other layers are copied.
// Throws std::invalid_argument on a size mismatch, a non-finite value or
// a scale <= 0.
[[nodiscard]] notebook::nn::Mlp fold_standardization(const notebook::nn::Mlp& model_on_scaled_inputs, const notebook::dataset::Standardizer& s);

// The files of a layers-model, in memory: model.json's text and the shard
// files' bytes (names are tfjs_shard_name(k, shards.size())).
struct TfjsArtifacts {
  std::string model_json;
  std::vector<std::string> shards;
};
// "group1-shard{k}of{n}.bin", k 1-based.
[[nodiscard]] std::string tfjs_shard_name(std::size_t k, std::size_t n);
// Deterministic: same model and metadata => same bytes. Throws
// std::invalid_argument when the model is malformed (notebook::nn::validate) or
// shard_bytes is 0 or not a multiple of 4.
[[nodiscard]] TfjsArtifacts make_tfjs_artifacts(const notebook::nn::Mlp& raw_input_model,
                                                const nlohmann::json& user_defined_metadata,
                                                std::size_t shard_bytes = kTfjsShardBytes);

// Writes model_dir/model.json and its shards (each atomically, shards first
// so a reader never sees a model.json whose shards are missing), creating
// model_dir. Shards of an earlier, bigger export that the new manifest does
// not name are removed.
void write_tfjs_model(const std::filesystem::path& model_dir, const notebook::nn::Mlp& raw_input_model,
                      const nlohmann::json& user_defined_metadata, std::size_t shard_bytes = kTfjsShardBytes);

struct LoadedModel {
  notebook::nn::Mlp model;                           // takes RAW features
  nlohmann::json metadata;                 // userDefinedMetadata as stored
  notebook::features::FeatureDefinition definition;            // from metadata.feature_definition
  std::vector<std::string> classes;        // output order
  std::vector<std::string> feature_names;  // input order
};

// Reads and validates a layers-model directory written by write_tfjs_model
// (or any Sequential of Dense [+ Dropout] layers carrying our metadata).
// Throws InputError naming the file and what is wrong: missing model.json or
// shard, bad JSON, not a layers-model, unsupported layer / activation /
// dtype, weight shape not matching the topology, shard bytes not adding up,
// a shard path leaving the directory, non-finite weights, metadata missing
// or not matching the model's input/output sizes.
[[nodiscard]] LoadedModel read_tfjs_model(const std::filesystem::path& model_dir);
}  // namespace exertrack::notebook::export_
