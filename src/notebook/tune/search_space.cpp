#include "notebook/tune/search_space.hpp"

#include <charconv>
#include <cmath>
#include <fstream>
#include <sstream>

#include "core/util/error.hpp"

using exertrack::core::util::InputError;

namespace exertrack::notebook::tune {
namespace {

std::string where(const std::string& path) { return "search space: " + path + ": "; }

[[noreturn]] void fail(const std::string& path, const std::string& problem) {
  throw InputError(where(path) + problem);
}

std::string shown(const nlohmann::json& j) {
  std::string s = j.dump();
  if (s.size() > 60) s = s.substr(0, 57) + "...";
  return s;
}

int get_int(const nlohmann::json& j, const std::string& path) {
  if (j.is_number_integer()) {
    const auto v = j.get<std::int64_t>();
    if (v < -1'000'000'000 || v > 1'000'000'000) fail(path, "integer out of range: " + shown(j));
    return static_cast<int>(v);
  }
  if (j.is_number_float()) {
    const double d = j.get<double>();
    if (std::isfinite(d) && d == std::floor(d) && std::abs(d) <= 1e9) return static_cast<int>(d);
  }
  fail(path, "expected an integer, got " + shown(j));
}

double get_number(const nlohmann::json& j, const std::string& path) {
  if (!j.is_number()) fail(path, "expected a number, got " + shown(j));
  return j.get<double>();
}

IntRange range_from_json(const nlohmann::json& j, const std::string& path) {
  if (j.is_number()) {
    const int v = get_int(j, path);
    return IntRange{v, v, 1};
  }
  if (!j.is_object()) fail(path, "expected {\"min\", \"max\", \"step\"} or an integer, got " + shown(j));
  IntRange r;
  bool has_min = false;
  bool has_max = false;
  r.step = 1;
  for (const auto& [key, value] : j.items()) {
    if (key == "min") {
      r.min = get_int(value, path + ".min");
      has_min = true;
    } else if (key == "max") {
      r.max = get_int(value, path + ".max");
      has_max = true;
    } else if (key == "step") {
      r.step = get_int(value, path + ".step");
    } else {
      fail(path, "unknown key \"" + key + "\" (expected min, max, step)");
    }
  }
  if (!has_min || !has_max) fail(path, "needs both \"min\" and \"max\"");
  return r;
}

template <typename T, typename Get>
std::vector<T> list_from_json(const nlohmann::json& j, const std::string& path, Get get) {
  std::vector<T> out;
  if (!j.is_array()) {
    // A single value is a fixed dimension.
    out.push_back(get(j, path));
    return out;
  }
  for (std::size_t i = 0; i < j.size(); ++i) out.push_back(get(j[i], path + "[" + std::to_string(i) + "]"));
  return out;
}

std::string trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return std::string(s);
}

int parse_int(std::string_view text, std::string_view whole) {
  const std::string t = trim(text);
  int v = 0;
  const auto [ptr, ec] = std::from_chars(t.data(), t.data() + t.size(), v);
  if (ec != std::errc() || ptr != t.data() + t.size() || t.empty()) {
    throw InputError("'" + std::string(whole) + "': '" + t + "' is not an integer (expected MIN:MAX:STEP or N)");
  }
  return v;
}

}  // namespace

std::vector<int> IntRange::values() const {
  std::vector<int> out;
  if (step <= 0) return out;
  for (long long v = min; v <= max; v += step) out.push_back(static_cast<int>(v));
  return out;
}

void validate(const SearchSpace& space) {
  if (space.units.empty()) throw InputError("search space: units: at least one hidden layer is needed");
  for (std::size_t i = 0; i < space.units.size(); ++i) {
    const IntRange& r = space.units[i];
    const std::string name = "units[" + std::to_string(i) + "]";
    if (r.step <= 0) fail(name, "step must be positive, got " + std::to_string(r.step));
    if (r.min <= 0) fail(name, "min must be positive, got " + std::to_string(r.min));
    if (r.min > r.max) fail(name, "min " + std::to_string(r.min) + " is above max " + std::to_string(r.max));
    if (r.max > 65536) fail(name, "max " + std::to_string(r.max) + " is above 65536 units");
  }
  if (space.learning_rates.empty()) fail("learning_rate", "needs at least one value");
  for (std::size_t i = 0; i < space.learning_rates.size(); ++i) {
    const double lr = space.learning_rates[i];
    if (!std::isfinite(lr) || lr <= 0.0) {
      fail("learning_rate[" + std::to_string(i) + "]", "must be a positive number, got " + std::to_string(lr));
    }
  }
  if (space.dropout.empty()) fail("dropout", "needs at least one value");
  for (std::size_t i = 0; i < space.dropout.size(); ++i) {
    const double d = space.dropout[i];
    if (!std::isfinite(d) || d < 0.0 || d >= 1.0) {
      fail("dropout[" + std::to_string(i) + "]", "must be in [0, 1), got " + std::to_string(d));
    }
  }
  if (space.batch_sizes.empty()) fail("batch_size", "needs at least one value");
  for (std::size_t i = 0; i < space.batch_sizes.size(); ++i) {
    if (space.batch_sizes[i] <= 0) {
      fail("batch_size[" + std::to_string(i) + "]", "must be positive, got " + std::to_string(space.batch_sizes[i]));
    }
  }
}

SearchSpace search_space_from_json(const nlohmann::json& j) {
  if (!j.is_object()) throw InputError("search space: expected a JSON object, got " + shown(j));
  SearchSpace s;
  for (const auto& [key, value] : j.items()) {
    if (key == "units") {
      if (!value.is_array()) fail("units", "expected an array with one range per hidden layer, got " + shown(value));
      s.units.clear();
      for (std::size_t i = 0; i < value.size(); ++i) {
        s.units.push_back(range_from_json(value[i], "units[" + std::to_string(i) + "]"));
      }
    } else if (key == "learning_rate") {
      s.learning_rates = list_from_json<double>(value, key, get_number);
    } else if (key == "dropout") {
      s.dropout = list_from_json<double>(value, key, get_number);
    } else if (key == "batch_size") {
      s.batch_sizes = list_from_json<int>(value, key, get_int);
    } else {
      throw InputError("search space: unknown key \"" + key +
                       "\" (expected units, learning_rate, dropout, batch_size)");
    }
  }
  validate(s);
  return s;
}

SearchSpace load_search_space(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError(path.string() + ": cannot open the search-space file");
  std::ostringstream text;
  text << in.rdbuf();
  nlohmann::json j;
  try {
    j = nlohmann::json::parse(text.str());
  } catch (const nlohmann::json::parse_error& e) {
    throw InputError(path.string() + ": not valid JSON: " + e.what());
  }
  try {
    return search_space_from_json(j);
  } catch (const InputError& e) {
    throw InputError(path.string() + ": " + e.what());
  }
}

nlohmann::json to_json(const SearchSpace& space) {
  nlohmann::json units = nlohmann::json::array();
  for (const IntRange& r : space.units) units.push_back({{"min", r.min}, {"max", r.max}, {"step", r.step}});
  return nlohmann::json{{"units", units},
                        {"learning_rate", space.learning_rates},
                        {"dropout", space.dropout},
                        {"batch_size", space.batch_sizes}};
}

IntRange parse_int_range(std::string_view text) {
  std::vector<std::string_view> parts;
  std::size_t start = 0;
  for (std::size_t i = 0; i <= text.size(); ++i) {
    if (i == text.size() || text[i] == ':') {
      parts.push_back(text.substr(start, i - start));
      start = i + 1;
    }
  }
  IntRange r;
  if (parts.size() == 1) {
    r.min = r.max = parse_int(parts[0], text);
    r.step = 1;
  } else if (parts.size() == 3) {
    r.min = parse_int(parts[0], text);
    r.max = parse_int(parts[1], text);
    r.step = parse_int(parts[2], text);
  } else {
    throw InputError("'" + std::string(text) + "': expected MIN:MAX:STEP (e.g. 32:512:32) or a single integer");
  }
  SearchSpace probe;
  probe.units = {r};
  validate(probe);
  return r;
}

std::vector<double> parse_number_list(std::string_view text) {
  std::vector<double> out;
  std::size_t start = 0;
  for (std::size_t i = 0; i <= text.size(); ++i) {
    if (i == text.size() || text[i] == ',') {
      const std::string item = trim(text.substr(start, i - start));
      double v = 0.0;
      const auto [ptr, ec] = std::from_chars(item.data(), item.data() + item.size(), v);
      if (item.empty() || ec != std::errc() || ptr != item.data() + item.size()) {
        throw InputError("'" + std::string(text) + "': '" + item + "' is not a number (expected e.g. 0.01,0.001)");
      }
      out.push_back(v);
      start = i + 1;
    }
  }
  return out;
}

void to_json(nlohmann::json& j, const Hyperparameters& hp) {
  j = nlohmann::json::object();
  j["units"] = hp.units;
  for (std::size_t i = 0; i < hp.units.size(); ++i) j["units_" + std::to_string(i + 1)] = hp.units[i];
  j["learning_rate"] = hp.learning_rate;
  j["dropout"] = hp.dropout;
  j["batch_size"] = hp.batch_size;
}

}  // namespace exertrack::notebook::tune
