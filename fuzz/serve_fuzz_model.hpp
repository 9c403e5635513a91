#pragma once
// The predictor the serve fuzz targets drive: a small random network with
// exertrack's metadata, built in memory (no files) and deterministic.
#include "export/metadata.hpp"
#include "export/tfjs.hpp"
#include "nn/mlp.hpp"
#include "predict/predictor.hpp"

namespace exertrack::fuzzing {

inline const Predictor& fuzz_predictor() {
  static const Predictor predictor = [] {
    nn::Rng rng(42);
    const int hidden[] = {16, 8};
    LoadedModel m;
    m.model = nn::make_mlp(kFeatureCount, hidden, kClassCount, 0.0F, rng);
    m.definition = notebook_definition();
    m.metadata = make_model_metadata(m.definition, identity_standardizer(kFeatureCount), "fuzz", nlohmann::json::object());
    m.classes.assign(kClassNames.begin(), kClassNames.end());
    m.feature_names.assign(kFeatureNames.begin(), kFeatureNames.end());
    return Predictor(std::move(m));
  }();
  return predictor;
}

}  // namespace exertrack::fuzzing
