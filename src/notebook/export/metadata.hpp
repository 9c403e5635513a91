#pragma once
// The self-description every exported model carries in model.json's
// userDefinedMetadata: what a consumer (C++ predictor, Node.js package)
// needs so it never has to guess how inputs were made or outputs are named.
#include <nlohmann/json.hpp>
#include <string>

#include "notebook/dataset/dataset.hpp"
#include "notebook/features/features.hpp"

namespace exertrack::notebook::export_ {

// Every field of the definition, under its C++ name. An infinite change_cap
// is written as null (JSON has no infinity); the reader also accepts the
// strings "inf" / "Infinity".
[[nodiscard]] nlohmann::json feature_definition_to_json(const notebook::features::FeatureDefinition& def);
// Inverse of the above. Missing keys take the FeatureDefinition defaults of
// the named definition ("notebook"/"v2"); a wrong type or an impossible value
// (window < 1, negative iqr_k, NaN, cap <= 0) throws InputError naming the key.
[[nodiscard]] notebook::features::FeatureDefinition feature_definition_from_json(const nlohmann::json& j);

// {"mean": [...], "scale": [...]}.
[[nodiscard]] nlohmann::json standardizer_to_json(const notebook::dataset::Standardizer& s);
// Throws InputError when the arrays are missing, differ in length, or hold a
// non-finite value or a scale <= 0.
[[nodiscard]] notebook::dataset::Standardizer standardizer_from_json(const nlohmann::json& j);

// How the standardization is applied by every model this stage writes.
inline constexpr const char* kStandardizationFolded = "folded into first Dense layer";

// The standard userDefinedMetadata object:
//   classes               kClassNames, in output order
//   feature_names         kFeatureNames, in input order
//   feature_definition    feature_definition_to_json(def)
//   standardization       {mean, scale, applied: kStandardizationFolded,
//                          formula: "..."} (the model takes RAW features)
//   input                 {features: "raw", weight_unit: "kg", ...}
//   training_data_sha256  data_sha256
//   test_metrics          test_metrics as given (e.g. {accuracy, loss, ...})
//   exertrack_version     the project version
// `extra` (an object, may be empty) is merged on top, e.g. hyperparameters,
// seed, split; keys of `extra` win.
[[nodiscard]] nlohmann::json make_model_metadata(const notebook::features::FeatureDefinition& def, const notebook::dataset::Standardizer& standardization,
                                                 const std::string& data_sha256, const nlohmann::json& test_metrics,
                                                 const nlohmann::json& extra = nlohmann::json::object());

}  // namespace exertrack::notebook::export_
