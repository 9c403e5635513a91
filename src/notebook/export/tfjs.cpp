#include "notebook/export/tfjs.hpp"

#include <bit>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <algorithm>
#include <map>
#include <optional>
#include <set>
#include <stdexcept>
#include <system_error>

#include "core/util/error.hpp"
#include "core/util/files.hpp"
#include "notebook/export/metadata.hpp"

namespace nn = exertrack::notebook::nn;
using exertrack::core::util::InputError;
using exertrack::core::util::read_file;
using exertrack::core::util::write_file_atomic;
using exertrack::notebook::dataset::Standardizer;

// Format references (read, not copied):
// - tfjs-core src/io/types.ts: ModelJSON {modelTopology, weightsManifest,
//   format, generatedBy, convertedBy, userDefinedMetadata} and
//   WeightsManifestEntry {name, shape, dtype}.
// - tfjs-converter python/tensorflowjs/write_weights.py: write_weights(...,
//   shard_size_bytes=1024 * 1024 * 4) concatenates a group's weights and cuts
//   the bytes into 'group{g}-shard{k}of{n}.bin' files; little-endian float32.
// - tfjs-layers src/models.ts loadLayersModelFromIOHandler: modelTopology may
//   wrap the model in 'model_config'; weights are matched by name
//   ('dense/kernel'), userDefinedMetadata is handed to the model.
// - Keras 2 Dense/Dropout get_config() for the layer config keys.

namespace exertrack::notebook::export_ {
namespace {

using nlohmann::json;
using nlohmann::ordered_json;

const char* activation_name(nn::Activation a) {
  switch (a) {
    case nn::Activation::relu: return "relu";
    case nn::Activation::softmax: return "softmax";
    case nn::Activation::linear: return "linear";
  }
  throw std::invalid_argument("unknown activation");
}

std::string layer_name(const char* base, std::size_t index) {
  return index == 0 ? std::string(base) : std::string(base) + "_" + std::to_string(index);
}

// The float's shortest decimal form as a double, so 0.2F is written "0.2"
// (not 0.20000000298...) and still reads back to the same float.
double shortest_double(float v) {
  char buf[32];
  const auto res = std::to_chars(buf, buf + sizeof buf, v);
  double d = 0;
  std::from_chars(buf, res.ptr, d);
  return d;
}

void append_le(std::string& out, float v) {
  const auto bits = std::bit_cast<std::uint32_t>(v);
  for (int shift = 0; shift < 32; shift += 8) out.push_back(static_cast<char>((bits >> shift) & 0xFFU));
}

float read_le(const char* p) {
  std::uint32_t bits = 0;
  for (int i = 0; i < 4; ++i) bits |= static_cast<std::uint32_t>(static_cast<unsigned char>(p[i])) << (8 * i);
  return std::bit_cast<float>(bits);
}

void check_model(const nn::Mlp& model) {
  if (model.layers.empty()) throw std::invalid_argument("tfjs export: the model has no layers");
  for (std::size_t l = 0; l < model.layers.size(); ++l) {
    const auto& d = model.layers[l];
    const std::string name = layer_name("dense", l);
    if (d.kernel.rows() < 1 || d.kernel.cols() < 1) throw std::invalid_argument("tfjs export: layer " + name + " is empty");
    if (d.bias.size() != d.kernel.cols()) throw std::invalid_argument("tfjs export: layer " + name + " bias size differs from units");
    if (l > 0 && d.kernel.rows() != model.layers[l - 1].kernel.cols()) {
      throw std::invalid_argument("tfjs export: layer " + name + " inputs differ from the previous layer's units");
    }
  }
  if (!(model.dropout_rate >= 0.0F && model.dropout_rate < 1.0F)) throw std::invalid_argument("tfjs export: dropout rate outside [0, 1)");
}

ordered_json dense_config(const nn::Dense& d, const std::string& name, bool first) {
  ordered_json c;
  c["name"] = name;
  c["trainable"] = true;
  if (first) c["batch_input_shape"] = ordered_json::array({nullptr, d.kernel.rows()});
  c["dtype"] = "float32";
  c["units"] = d.kernel.cols();
  c["activation"] = activation_name(d.activation);
  c["use_bias"] = true;
  c["kernel_initializer"] = {{"class_name", "GlorotUniform"}, {"config", {{"seed", nullptr}}}};
  c["bias_initializer"] = {{"class_name", "Zeros"}, {"config", ordered_json::object()}};
  c["kernel_regularizer"] = nullptr;
  c["bias_regularizer"] = nullptr;
  c["activity_regularizer"] = nullptr;
  c["kernel_constraint"] = nullptr;
  c["bias_constraint"] = nullptr;
  return ordered_json{{"class_name", "Dense"}, {"config", c}};
}

ordered_json dropout_config(float rate, const std::string& name) {
  ordered_json c;
  c["name"] = name;
  c["trainable"] = true;
  c["dtype"] = "float32";
  c["rate"] = shortest_double(rate);
  c["noise_shape"] = nullptr;
  c["seed"] = nullptr;
  return ordered_json{{"class_name", "Dropout"}, {"config", c}};
}

// ---- reading ------------------------------------------------------------

struct Reader {
  std::string model_file;  // for messages

  [[noreturn]] void fail(const std::string& problem) const { throw InputError(model_file + ": " + problem); }

  const json& need(const json& obj, const char* key, const std::string& what) const {
    if (!obj.is_object() || !obj.contains(key)) fail(what + ": '" + key + "' is missing");
    return obj.at(key);
  }

  std::int64_t positive_int(const json& v, const std::string& what) const {
    if (!v.is_number_integer() || v.get<std::int64_t>() < 1 || v.get<std::int64_t>() > (1LL << 28)) {
      fail(what + " must be a positive integer, got " + v.dump());
    }
    return v.get<std::int64_t>();
  }
};

struct LayerSpec {
  std::string name;
  std::int64_t units = 0;
  nn::Activation activation = nn::Activation::relu;
};

nn::Activation activation_from(const Reader& r, const json& v, const std::string& layer) {
  if (!v.is_string()) r.fail("layer '" + layer + "': 'activation' must be a string, got " + v.dump());
  const auto s = v.get<std::string>();
  if (s == "relu") return nn::Activation::relu;
  if (s == "softmax") return nn::Activation::softmax;
  if (s == "linear") return nn::Activation::linear;
  r.fail("layer '" + layer + "': activation '" + s + "' is not supported (relu, softmax, linear)");
}

std::int64_t input_width_from(const Reader& r, const json& shape, const std::string& layer) {
  if (!shape.is_array() || shape.size() != 2 || !shape[0].is_null()) {
    r.fail("layer '" + layer + "': batch_input_shape must be [null, features], got " + shape.dump());
  }
  return r.positive_int(shape[1], "layer '" + layer + "': batch_input_shape[1]");
}

bool plain_file_name(const std::string& p) {
  return !p.empty() && p != "." && p != ".." && p.find('/') == std::string::npos && p.find('\\') == std::string::npos &&
         p.find('\0') == std::string::npos;
}

// The Sequential model's layers as model.json describes them.
struct Topology {
  std::vector<LayerSpec> dense;
  std::int64_t inputs = 0;
  std::optional<float> dropout;
};

Topology read_topology(const Reader& r, const json& root) {
  const json* topo = &r.need(root, "modelTopology", "model.json");
  if (topo->is_object() && topo->contains("model_config")) topo = &topo->at("model_config");
  const json& cls = r.need(*topo, "class_name", "modelTopology");
  if (cls != "Sequential") r.fail("modelTopology class_name is " + cls.dump() + ", only \"Sequential\" is supported");
  const json& config = r.need(*topo, "config", "modelTopology");
  const json& layers = config.is_array() ? config : r.need(config, "layers", "modelTopology.config");
  if (!layers.is_array() || layers.empty()) r.fail("modelTopology has no layers");

  Topology t;
  auto& [dense, inputs, dropout] = t;
  for (const json& layer : layers) {
    const json& lc = r.need(layer, "class_name", "layer");
    const json& c = r.need(layer, "config", "layer");
    const std::string name = c.contains("name") && c.at("name").is_string() ? c.at("name").get<std::string>() : "?";
    if (c.contains("dtype") && c.at("dtype") != "float32" && !c.at("dtype").is_null()) {
      r.fail("layer '" + name + "': dtype " + c.at("dtype").dump() + " is not supported (float32)");
    }
    const auto shape_key = c.contains("batch_input_shape") ? "batch_input_shape" : "batch_shape";
    if (lc == "InputLayer") {
      if (!dense.empty() || inputs != 0) r.fail("InputLayer '" + name + "' is not the first layer");
      inputs = input_width_from(r, r.need(c, shape_key, "InputLayer '" + name + "'"), name);
    } else if (lc == "Dense") {
      if (dense.empty() && c.contains(shape_key)) {
        const auto w = input_width_from(r, c.at(shape_key), name);
        if (inputs != 0 && w != inputs) r.fail("layer '" + name + "': batch_input_shape disagrees with the InputLayer");
        inputs = w;
      }
      if (c.contains("use_bias") && c.at("use_bias") != true) r.fail("layer '" + name + "': use_bias false is not supported");
      LayerSpec s;
      s.name = name;
      s.units = r.positive_int(r.need(c, "units", "layer '" + name + "'"), "layer '" + name + "': units");
      s.activation = activation_from(r, c.contains("activation") ? c.at("activation") : json("linear"), name);
      dense.push_back(s);
    } else if (lc == "Dropout") {
      const json& rate = r.need(c, "rate", "layer '" + name + "'");
      if (!rate.is_number() || !(rate.get<double>() >= 0 && rate.get<double>() < 1)) {
        r.fail("layer '" + name + "': rate must be in [0, 1), got " + rate.dump());
      }
      const auto f = static_cast<float>(rate.get<double>());
      if (dropout && *dropout != f) r.fail("layer '" + name + "': dropout rates differ between layers (unsupported)");
      dropout = f;
    } else {
      r.fail("layer '" + name + "': class " + lc.dump() + " is not supported (Dense, Dropout, InputLayer)");
    }
  }
  if (dense.empty()) r.fail("modelTopology has no Dense layer");
  if (inputs == 0) r.fail("the first layer has no batch_input_shape");
  if (dense.back().activation != nn::Activation::softmax) {
    r.fail("the last Dense layer '" + dense.back().name + "' must have activation softmax (class probabilities)");
  }
  return t;
}

// Every weight the manifest names, checked against the shard bytes.
struct Weights {
  std::map<std::string, std::vector<float>> values;
  std::map<std::string, std::vector<std::int64_t>> shapes;
};

Weights read_weights(const Reader& r, const json& root, const std::filesystem::path& model_dir) {
  const json& manifest = r.need(root, "weightsManifest", "model.json");
  if (!manifest.is_array()) r.fail("weightsManifest is not an array");
  Weights w;
  auto& [values, shapes] = w;
  for (const json& group : manifest) {
    const json& paths = r.need(group, "paths", "weightsManifest group");
    const json& specs = r.need(group, "weights", "weightsManifest group");
    if (!paths.is_array() || !specs.is_array()) r.fail("weightsManifest: 'paths' and 'weights' must be arrays");
    std::string bytes;
    for (const json& p : paths) {
      if (!p.is_string() || !plain_file_name(p.get<std::string>())) {
        r.fail("weightsManifest path " + p.dump() + " is not a plain file name in the model directory");
      }
      const auto shard_path = model_dir / p.get<std::string>();
      if (!std::filesystem::exists(shard_path)) {
        throw InputError(shard_path.string() + ": weight shard named by model.json is missing");
      }
      bytes += read_file(shard_path);
    }
    std::size_t offset = 0;
    for (const json& spec : specs) {
      const json& name_j = r.need(spec, "name", "weightsManifest entry");
      if (!name_j.is_string()) r.fail("weightsManifest entry name " + name_j.dump() + " is not a string");
      const auto name = name_j.get<std::string>();
      const std::string what = "weight '" + name + "'";
      if (spec.contains("quantization")) r.fail(what + " is quantized (unsupported)");
      const json& dtype = r.need(spec, "dtype", what);
      if (dtype != "float32") r.fail(what + ": dtype " + dtype.dump() + " is not supported (float32)");
      const json& shape = r.need(spec, "shape", what);
      if (!shape.is_array() || shape.empty() || shape.size() > 2) r.fail(what + ": shape " + shape.dump() + " is not 1-D or 2-D");
      std::vector<std::int64_t> dims;
      std::size_t count = 1;
      for (const json& d : shape) {
        dims.push_back(r.positive_int(d, what + " shape"));
        count *= static_cast<std::size_t>(dims.back());
      }
      if (values.contains(name)) r.fail(what + " appears twice in weightsManifest");
      if (offset + count * 4 > bytes.size()) {
        throw InputError(model_dir.string() + ": weight shards of model.json hold " + std::to_string(bytes.size()) +
                         " bytes, too few for " + what + " (needs bytes up to " + std::to_string(offset + count * 4) +
                         "); a shard is truncated");
      }
      std::vector<float> v(count);
      for (std::size_t i = 0; i < count; ++i) {
        v[i] = read_le(bytes.data() + offset + 4 * i);
        if (!std::isfinite(v[i])) r.fail(what + " holds a non-finite value at index " + std::to_string(i));
      }
      offset += count * 4;
      values.emplace(name, std::move(v));
      shapes.emplace(name, std::move(dims));
    }
    if (offset != bytes.size()) {
      throw InputError(model_dir.string() + ": weight shards hold " + std::to_string(bytes.size()) +
                       " bytes but weightsManifest describes " + std::to_string(offset) + "; a shard is corrupt");
    }
  }
  return w;
}

// The topology's Dense layers filled from the weights; every weight used once.
nn::Mlp assemble_layers(const Reader& r, const Topology& topology, Weights weights) {
  const auto& [dense, inputs, dropout] = topology;
  auto& [values, shapes] = weights;
  nn::Mlp model;
  std::int64_t fan_in = inputs;
  for (std::size_t l = 0; l < dense.size(); ++l) {
    const LayerSpec& s = dense[l];
    const std::string kname = s.name + "/kernel";
    const std::string bname = s.name + "/bias";
    for (const auto& [wname, expect] : {std::pair{kname, std::vector<std::int64_t>{fan_in, s.units}},
                                        std::pair{bname, std::vector<std::int64_t>{s.units}}}) {
      if (!values.contains(wname)) r.fail("weightsManifest has no weight '" + wname + "'");
      if (shapes.at(wname) != expect) {
        r.fail("weight '" + wname + "' has shape " + json(shapes.at(wname)).dump() + ", the topology needs " +
               json(expect).dump());
      }
    }
    nn::Dense d;
    d.activation = s.activation;
    d.kernel.resize(fan_in, s.units);
    const auto& k = values.at(kname);
    for (Eigen::Index i = 0; i < fan_in; ++i) {
      for (Eigen::Index j = 0; j < s.units; ++j) d.kernel(i, j) = k[static_cast<std::size_t>(i * s.units + j)];
    }
    d.bias = Eigen::Map<const Eigen::VectorXf>(values.at(bname).data(), s.units);
    values.erase(kname);
    values.erase(bname);
    model.layers.push_back(std::move(d));
    fan_in = s.units;
  }
  if (!values.empty()) r.fail("weightsManifest has weight '" + values.begin()->first + "' that no layer uses");
  model.dropout_rate = dropout.value_or(0.0F);
  return model;
}

// userDefinedMetadata: class and feature names, the feature definition.
void read_metadata(const Reader& r, const json& root, LoadedModel& out) {
  const json& meta = r.need(root, "userDefinedMetadata", "model.json (exertrack metadata)");
  if (!meta.is_object()) r.fail("userDefinedMetadata is not an object");
  out.metadata = meta;
  auto strings = [&](const char* key, std::int64_t expected, const char* what) {
    const json& a = r.need(meta, key, "userDefinedMetadata");
    if (!a.is_array() || static_cast<std::int64_t>(a.size()) != expected) {
      r.fail(std::string("userDefinedMetadata.") + key + " must list " + std::to_string(expected) + " " + what +
             ", got " + a.dump());
    }
    std::vector<std::string> v;
    for (const json& s : a) {
      if (!s.is_string()) r.fail(std::string("userDefinedMetadata.") + key + " holds " + s.dump() + ", not a string");
      v.push_back(s.get<std::string>());
    }
    return v;
  };
  out.classes = strings("classes", out.model.outputs(), "class names (one per output)");
  out.feature_names = strings("feature_names", out.model.inputs(), "feature names (one per input)");
  try {
    out.definition = feature_definition_from_json(r.need(meta, "feature_definition", "userDefinedMetadata"));
  } catch (const InputError& e) {
    r.fail(std::string("userDefinedMetadata.") + e.what());
  }
  if (meta.contains("standardization")) {
    const json& st = meta.at("standardization");
    if (!st.is_object() || !st.contains("applied") || st.at("applied") != kStandardizationFolded) {
      r.fail("userDefinedMetadata.standardization.applied must be \"" + std::string(kStandardizationFolded) +
             "\" (this model must take raw features), got " + (st.is_object() && st.contains("applied") ? st.at("applied").dump() : st.dump()));
    }
  }
}

}  // namespace

nn::Mlp fold_standardization(const nn::Mlp& model, const Standardizer& s) {
  if (model.layers.empty()) throw std::invalid_argument("fold_standardization: the model has no layers");
  const nn::Dense& first = model.layers.front();
  const auto inputs = static_cast<std::size_t>(first.kernel.rows());
  if (s.mean.size() != inputs || s.scale.size() != inputs) {
    throw std::invalid_argument("fold_standardization: the standardizer has " + std::to_string(s.mean.size()) + "/" +
                                std::to_string(s.scale.size()) + " mean/scale values, the model " +
                                std::to_string(inputs) + " inputs");
  }
  for (std::size_t i = 0; i < inputs; ++i) {
    if (!std::isfinite(s.mean[i]) || !std::isfinite(s.scale[i]) || !(s.scale[i] > 0)) {
      throw std::invalid_argument("fold_standardization: input " + std::to_string(i) + " has mean " +
                                  std::to_string(s.mean[i]) + ", scale " + std::to_string(s.scale[i]));
    }
  }
  nn::Mlp out = model;
  nn::Dense& d = out.layers.front();
  for (Eigen::Index j = 0; j < first.kernel.cols(); ++j) {
    double bias = first.bias(j);
    for (Eigen::Index i = 0; i < first.kernel.rows(); ++i) {
      const auto ui = static_cast<std::size_t>(i);
      const double w = first.kernel(i, j);
      d.kernel(i, j) = static_cast<float>(w / s.scale[ui]);
      bias -= s.mean[ui] / s.scale[ui] * w;
    }
    d.bias(j) = static_cast<float>(bias);
  }
  return out;
}

std::string tfjs_shard_name(std::size_t k, std::size_t n) {
  return "group1-shard" + std::to_string(k) + "of" + std::to_string(n) + ".bin";
}

TfjsArtifacts make_tfjs_artifacts(const nn::Mlp& model, const json& user_defined_metadata, std::size_t shard_bytes) {
  check_model(model);
  if (shard_bytes == 0 || shard_bytes % 4 != 0) throw std::invalid_argument("tfjs export: shard size must be a positive multiple of 4");
  if (!user_defined_metadata.is_object()) throw std::invalid_argument("tfjs export: userDefinedMetadata must be a JSON object");

  ordered_json layers = ordered_json::array();
  ordered_json weights = ordered_json::array();
  std::string data;
  for (std::size_t l = 0; l < model.layers.size(); ++l) {
    const nn::Dense& d = model.layers[l];
    const std::string name = layer_name("dense", l);
    layers.push_back(dense_config(d, name, l == 0));
    const bool hidden = l + 1 < model.layers.size();
    if (hidden && model.dropout_rate > 0.0F) layers.push_back(dropout_config(model.dropout_rate, layer_name("dropout", l)));

    weights.push_back({{"name", name + "/kernel"}, {"shape", {d.kernel.rows(), d.kernel.cols()}}, {"dtype", "float32"}});
    weights.push_back({{"name", name + "/bias"}, {"shape", {d.bias.size()}}, {"dtype", "float32"}});
    // Keras kernels are [inputs][units] row-major; Eigen is column-major.
    for (Eigen::Index i = 0; i < d.kernel.rows(); ++i) {
      for (Eigen::Index j = 0; j < d.kernel.cols(); ++j) append_le(data, d.kernel(i, j));
    }
    for (Eigen::Index j = 0; j < d.bias.size(); ++j) append_le(data, d.bias(j));
  }

  TfjsArtifacts out;
  const std::size_t n = std::max<std::size_t>(1, (data.size() + shard_bytes - 1) / shard_bytes);
  ordered_json paths = ordered_json::array();
  for (std::size_t k = 0; k < n; ++k) {
    out.shards.push_back(data.substr(k * shard_bytes, shard_bytes));
    paths.push_back(tfjs_shard_name(k + 1, n));
  }

  const std::string producer = std::string("exertrack ") + EXERTRACK_VERSION;
  ordered_json model_json;
  model_json["format"] = "layers-model";
  model_json["generatedBy"] = producer;
  model_json["convertedBy"] = producer;
  model_json["modelTopology"] = {
      // The Keras 2 config schema these layers follow (what tfjs-layers parses).
      {"keras_version", "2.15.0"},
      {"backend", "tensorflow"},
      {"model_config", {{"class_name", "Sequential"}, {"config", {{"name", "sequential"}, {"layers", layers}}}}},
  };
  model_json["weightsManifest"] = ordered_json::array({{{"paths", paths}, {"weights", weights}}});
  // nlohmann::json keeps keys sorted, so this is deterministic too.
  model_json["userDefinedMetadata"] = ordered_json::parse(user_defined_metadata.dump());
  out.model_json = model_json.dump(1) + "\n";
  return out;
}

void write_tfjs_model(const std::filesystem::path& model_dir, const nn::Mlp& model, const json& user_defined_metadata,
                      std::size_t shard_bytes) {
  const TfjsArtifacts a = make_tfjs_artifacts(model, user_defined_metadata, shard_bytes);
  std::filesystem::create_directories(model_dir);
  std::set<std::string> names;
  for (std::size_t k = 0; k < a.shards.size(); ++k) {
    names.insert(tfjs_shard_name(k + 1, a.shards.size()));
    write_file_atomic(model_dir / tfjs_shard_name(k + 1, a.shards.size()), a.shards[k]);
  }
  write_file_atomic(model_dir / "model.json", a.model_json);
  // Shards an earlier export left behind would only confuse a reader of the directory.
  for (const auto& entry : std::filesystem::directory_iterator(model_dir)) {
    const std::string f = entry.path().filename().string();
    if (f.starts_with("group1-shard") && f.ends_with(".bin") && !names.contains(f)) {
      std::error_code ec;
      std::filesystem::remove(entry.path(), ec);
    }
  }
}

LoadedModel read_tfjs_model(const std::filesystem::path& model_dir) {
  const std::filesystem::path model_path = model_dir / "model.json";
  const Reader r{model_path.string()};
  const std::string text = read_file(model_path);
  json root;
  try {
    root = json::parse(text);
  } catch (const json::parse_error& e) {
    r.fail(std::string("not valid JSON: ") + e.what());
  }
  if (!root.is_object()) r.fail("not a JSON object");
  const json& format = r.need(root, "format", "model.json");
  if (format != "layers-model") r.fail("format is " + format.dump() + ", expected \"layers-model\"");
  const Topology topology = read_topology(r, root);
  LoadedModel out;
  out.model = assemble_layers(r, topology, read_weights(r, root, model_dir));
  read_metadata(r, root, out);
  return out;
}

}  // namespace exertrack::notebook::export_
