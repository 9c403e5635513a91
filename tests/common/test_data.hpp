#pragma once
// Where the shared, never-copied data set lives: $EXERTRACK_DATA_DIR, or
// ../shared/data next to the source tree. The repository ships no third-party
// data, so a clone without it skips the tests that read it
// (EXERTRACK_REQUIRE_DATA); CI, which has the data, fails them instead.
#include <cstdlib>
#include <filesystem>
#include <string>
#include <string_view>

namespace exertrack::testing {

inline std::filesystem::path data_dir() {
  if (const char* env = std::getenv("EXERTRACK_DATA_DIR"); env != nullptr && *env != '\0') return env;
  return EXERTRACK_DEFAULT_DATA_DIR;
}

inline std::filesystem::path data_file(const std::string& name) { return data_dir() / name; }

// CI=true (as GitHub Actions and .ci/run set it): every test must run, so
// missing data is a failure, not a skip.
inline bool data_required() {
  const char* ci = std::getenv("CI");
  return ci != nullptr && std::string_view(ci) == "true";
}

inline std::string missing_data_reason(const std::filesystem::path& path) {
  return "needs " + path.string() + " (the real data set; set EXERTRACK_DATA_DIR)";
}

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

// In a TEST body or a fixture's SetUp(): skip with a one-line reason when
// `file_` (a data_file(...) or data_dir() / ...) does not exist, or fail when
// CI=true. Returns from the enclosing void function either way.
#define EXERTRACK_REQUIRE_DATA(file_)                                                                   \
  do {                                                                                                   \
    const std::filesystem::path exertrack_required_data_ = (file_);                                     \
    if (!std::filesystem::exists(exertrack_required_data_)) {                                            \
      if (::exertrack::testing::data_required()) {                                                       \
        FAIL() << "CI=true: " << ::exertrack::testing::missing_data_reason(exertrack_required_data_);    \
      }                                                                                                  \
      GTEST_SKIP() << ::exertrack::testing::missing_data_reason(exertrack_required_data_);               \
    }                                                                                                    \
  } while (false)
