#pragma once
// The predictor the serve fuzz targets drive: a small random network with
// exertrack's metadata, built in memory (no files) and deterministic.
#include "notebook/export/metadata.hpp"
#include "notebook/export/tfjs.hpp"
#include "notebook/nn/mlp.hpp"
#include "notebook/predict/predictor.hpp"

namespace exertrack::fuzzing {

inline const notebook::predict::Predictor& fuzz_predictor() {
  static const notebook::predict::Predictor predictor = [] {
    notebook::nn::Rng rng(42);
    const int hidden[] = {16, 8};
    notebook::export_::LoadedModel m;
    m.model = notebook::nn::make_mlp(notebook::features::kFeatureCount, hidden, notebook::features::kClassCount, 0.0F, rng);
    m.definition = notebook::features::notebook_definition();
    m.metadata = notebook::export_::make_model_metadata(
        m.definition, notebook::dataset::identity_standardizer(notebook::features::kFeatureCount), "fuzz",
        nlohmann::json::object());
    m.classes.assign(notebook::features::kClassNames.begin(), notebook::features::kClassNames.end());
    m.feature_names.assign(notebook::features::kFeatureNames.begin(), notebook::features::kFeatureNames.end());
    return notebook::predict::Predictor(std::move(m));
  }();
  return predictor;
}

}  // namespace exertrack::fuzzing
