#pragma once
// Runs an external program (the plotting tool) without a shell, with a time
// limit, and reports failures as exceptions that say what went wrong.
#include <chrono>
#include <cstddef>
#include <filesystem>
#include <string>
#include <vector>

namespace exertrack::report {

struct ProcessResult {
  int exit_code = -1;     // valid when !signalled
  bool signalled = false;
  std::string output;     // stdout and stderr, merged (the first output_cap bytes)
};

// Runs argv[0] (looked up in PATH) with argv in `cwd`, stdin from /dev/null.
// Throws std::runtime_error if it cannot be started or runs longer than
// `timeout` (the child and its process group are killed then).
[[nodiscard]] ProcessResult run_process(const std::vector<std::string>& argv, const std::filesystem::path& cwd,
                                        std::chrono::milliseconds timeout, std::size_t output_cap = 64 * 1024);

// The full path of `program` in $PATH, or empty when it is not installed.
[[nodiscard]] std::filesystem::path find_program(const std::string& program);

}  // namespace exertrack::report
