#pragma once
// A command run as a user runs it, for the tests that drive the CLI: its
// exit status and what it printed.
#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <string>

namespace exertrack::testing {

struct ShellResult {
  int exit_code = -1;  // -1: the command could not be started or was killed
  std::string out;     // stdout, with stderr unless left out
};

// `s` as one /bin/sh word.
inline std::string shell_quote(const std::string& s) {
  std::string q = "'";
  for (char c : s) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return q + "'";
}

// Runs `cmd` with /bin/sh; its stderr goes into `out` too, or is discarded.
inline ShellResult shell(const std::string& cmd, bool with_stderr = true) {
  ShellResult r;
  FILE* p = popen((cmd + (with_stderr ? " 2>&1" : " 2>/dev/null")).c_str(), "r");
  if (p == nullptr) return r;
  std::array<char, 4096> buf{};
  std::size_t n = 0;
  while ((n = std::fread(buf.data(), 1, buf.size(), p)) > 0) r.out.append(buf.data(), n);
  const int status = pclose(p);
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return r;
}

}  // namespace exertrack::testing
