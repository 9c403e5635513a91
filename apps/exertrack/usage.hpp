#pragma once
// Usage errors, said once for every command: what was wrong, a "did you
// mean" for a mistyped command or flag, the command's usage line, exit 2.
#include <CLI/CLI.hpp>

namespace exertrack::cli {

// Exit status of every usage error (a flag, a command, a value the parser
// rejects), as POSIX utilities do; input errors found later also exit 2.
inline constexpr int kUsageExit = 2;

// Prints the error for a failed parse of argv to stderr and returns the exit
// status: 0 for --help and --version (printed by CLI11), kUsageExit otherwise.
[[nodiscard]] int report_parse_error(const CLI::App& app, const CLI::ParseError& e, int argc, const char* const* argv);

// The closest candidate to `typed` within a small edit distance, or "".
[[nodiscard]] std::string closest(const std::string& typed, const std::vector<std::string>& candidates);

}  // namespace exertrack::cli
