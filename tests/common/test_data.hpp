#pragma once
// Where the shared, never-copied data set lives: $EXERTRACK_DATA_DIR, or
// ../shared/data next to the source tree.
#include <cstdlib>
#include <filesystem>
#include <string>

namespace exertrack::testing {

inline std::filesystem::path data_dir() {
  if (const char* env = std::getenv("EXERTRACK_DATA_DIR"); env != nullptr && *env != '\0') return env;
  return EXERTRACK_DEFAULT_DATA_DIR;
}

inline std::filesystem::path data_file(const std::string& name) { return data_dir() / name; }

inline std::filesystem::path source_dir() { return EXERTRACK_SOURCE_DIR; }

inline std::filesystem::path binary_dir() { return EXERTRACK_BINARY_DIR; }

// A fresh, empty directory under the build tree for one test's outputs.
inline std::filesystem::path scratch_dir(const std::string& name) {
  auto dir = std::filesystem::path(EXERTRACK_BINARY_DIR) / "test-scratch" / name;
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
}

}  // namespace exertrack::testing
