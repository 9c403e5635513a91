#pragma once
// Files built into the binary at build time (src/serve/CMakeLists.txt): the
// web page GET / answers with (web/, bundled by esbuild) and the API's
// contract (docs/openapi.yaml), so `exertrack serve` needs no files beside
// it and the page works with no network.
#include <string_view>

namespace exertrack::serve {

struct WebAsset {
  std::string_view path;          // as requested: "/", "/app.js", ...
  std::string_view content_type;
  std::string_view body;
};

// Every embedded file: the page (/), its script and style, /openapi.yaml.
[[nodiscard]] const WebAsset* web_assets_begin();
[[nodiscard]] const WebAsset* web_assets_end();

}  // namespace exertrack::serve
