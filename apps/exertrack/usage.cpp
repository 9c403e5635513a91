#include "usage.hpp"

#include <algorithm>
#include <iostream>
#include <string>
#include <vector>

namespace exertrack::cli {
namespace {

// Levenshtein distance: a few dozen short names, so the textbook two-row
// version; no Debian package offers it for C++ without a larger dependency.
std::size_t edit_distance(const std::string& a, const std::string& b) {
  std::vector<std::size_t> prev(b.size() + 1), cur(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) prev[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    cur[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)});
    }
    std::swap(prev, cur);
  }
  return prev[b.size()];
}

std::vector<std::string> subcommand_names(const CLI::App& app) {
  std::vector<std::string> names;
  for (const CLI::App* sub : app.get_subcommands([](const CLI::App*) { return true; })) names.push_back(sub->get_name());
  return names;
}

// Every spelling of every flag of `cmd` and its parents ("--out", "-o").
std::vector<std::string> flag_names(const CLI::App* cmd) {
  std::vector<std::string> names;
  for (; cmd != nullptr; cmd = cmd->get_parent()) {
    for (const CLI::Option* opt : cmd->get_options()) {
      for (const std::string& l : opt->get_lnames()) names.push_back("--" + l);
      for (const std::string& s : opt->get_snames()) names.push_back("-" + s);
    }
  }
  return names;
}

bool looks_like_flag(const std::string& token) {
  if (token.size() < 2 || token[0] != '-') return false;
  if (token[1] == '-') return token.size() > 2;
  return std::isalpha(static_cast<unsigned char>(token[1])) != 0;  // "-20" is a value
}

std::string usage_line(const CLI::App& cmd) {
  std::string name = cmd.get_name();
  for (const CLI::App* p = cmd.get_parent(); p != nullptr; p = p->get_parent()) name = p->get_name() + " " + name;
  // CLI11's own usage line ("Usage: exertrack train [OPTIONS]"), as --help prints it.
  std::string usage = CLI::Formatter().make_usage(&cmd, name);
  while (!usage.empty() && (usage.back() == '\n' || usage.back() == ' ')) usage.pop_back();
  return usage;
}

}  // namespace

std::string closest(const std::string& typed, const std::vector<std::string>& candidates) {
  std::string best;
  std::size_t best_d = std::max<std::size_t>(2, typed.size() / 3) + 1;
  for (const std::string& c : candidates) {
    const std::size_t d = edit_distance(typed, c);
    const bool prefix = c.size() > typed.size() && c.compare(0, typed.size(), typed) == 0 && typed.size() >= 3;
    if (prefix && best.empty()) best = c;
    if (d < best_d) {
      best_d = d;
      best = c;
    }
  }
  return best;
}

int report_parse_error(const CLI::App& app, const CLI::ParseError& e, int argc, const char* const* argv) {
  if (e.get_exit_code() == 0) {  // --help, --version: CLI11 prints them
    return const_cast<CLI::App&>(app).exit(e);
  }
  // The command the user named, if it is one.
  const CLI::App* cmd = nullptr;
  int first = 1;
  if (argc > 1 && !looks_like_flag(argv[1])) {
    const std::string named = argv[1];
    try {
      cmd = app.get_subcommand(named);
    } catch (const CLI::OptionNotFound&) {
      const std::string guess = closest(named, subcommand_names(app));
      std::cerr << "exertrack: error: unknown command '" << named << "'";
      if (!guess.empty()) std::cerr << "; did you mean '" << guess << "'?";
      std::cerr << "\n" << usage_line(app) << "\nRun 'exertrack --help' for the commands.\n";
      return kUsageExit;
    }
    first = 2;
  }
  const CLI::App& where = cmd != nullptr ? *cmd : app;
  // An unknown flag is the real mistake even when CLI11 first complains that
  // a required flag is missing.
  const std::vector<std::string> known = flag_names(&where);
  for (int i = first; i < argc; ++i) {
    std::string token = argv[i];
    if (token == "--") break;
    if (!looks_like_flag(token)) continue;
    token = token.substr(0, token.find('='));
    if (std::find(known.begin(), known.end(), token) != known.end()) continue;
    const std::string guess = closest(token, known);
    std::cerr << "exertrack: error: unknown flag '" << token << "'";
    if (cmd != nullptr) std::cerr << " for '" << cmd->get_name() << "'";
    if (!guess.empty()) std::cerr << "; did you mean '" << guess << "'?";
    std::cerr << "\n" << usage_line(where) << "\n";
    std::cerr << "Run '" << (cmd != nullptr ? "exertrack " + cmd->get_name() : std::string("exertrack")) << " --help' for the flags.\n";
    return kUsageExit;
  }
  std::cerr << "exertrack: error: " << e.what() << "\n" << usage_line(where) << "\n";
  std::cerr << "Run '" << (cmd != nullptr ? "exertrack " + cmd->get_name() : std::string("exertrack")) << " --help' for "
            << (cmd != nullptr ? "the flags" : "the commands") << ".\n";
  return kUsageExit;
}

}  // namespace exertrack::cli
