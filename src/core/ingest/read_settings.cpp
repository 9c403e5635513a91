#include "core/ingest/read_settings.hpp"

#include <algorithm>

#include "core/ingest/formats.hpp"
#include "core/util/error.hpp"

using exertrack::core::util::InputError;
using exertrack::core::util::InputKind;
using exertrack::core::util::printable;

namespace exertrack::core::ingest {
namespace {

std::vector<std::string> auto_or(const std::vector<std::string>& values) {
  std::vector<std::string> out{"auto"};
  out.insert(out.end(), values.begin(), values.end());
  return out;
}

// "a, b or c"
std::string one_of(const std::vector<std::string>& values) {
  std::string out;
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (i > 0) out += i + 1 == values.size() ? " or " : ", ";
    out += values[i];
  }
  return out;
}

[[noreturn]] void refuse(std::string_view as_named, const std::string& allowed, std::string_view text) {
  throw InputError(std::string(as_named) + ": must be " + allowed + ", got '" + printable(text) + "'", InputKind::bad_setting);
}

}  // namespace

const std::vector<ReadSetting>& read_settings() {
  static const std::vector<ReadSetting> settings = {
      {"weight_unit", "--weight-unit",
       "Unit of a weight column that does not name one: auto decides from the loads (pounds, as the notebook assumed, "
       "when they do not tell); kg or lb says it",
       {"auto", "kg", "lb"}, &ReadSettings::weight_unit},
      {"format", "--format", "Export format: auto detects it", auto_or(known_formats()), &ReadSettings::format},
      {"date_order", "--date-order",
       "Day/month order of a spreadsheet-saved export's slash dates (1/2/2021): auto takes it from the file's values "
       "and refuses a file where none tells",
       date_orders(), &ReadSettings::date_order},
      {"strict", "--strict", "Fail on any row that would be dropped and any cell that cannot be read, naming its line",
       {}, nullptr, &ReadSettings::strict},
  };
  return settings;
}

const ReadSetting* read_setting(std::string_view name) {
  const auto& all = read_settings();
  const auto it = std::find_if(all.begin(), all.end(), [&](const ReadSetting& s) { return s.name == name; });
  return it == all.end() ? nullptr : &*it;
}

std::optional<bool> switch_value(std::string_view text) {
  if (text == "true" || text == "1") return true;
  if (text == "false" || text == "0") return false;
  return std::nullopt;
}

std::string ReadSetting::value_in(const ReadSettings& settings) const {
  if (is_switch()) return settings.*on ? "true" : "false";
  return settings.*choice;
}

bool ReadSetting::allows(std::string_view text) const {
  return std::find(values.begin(), values.end(), text) != values.end();
}

void ReadSetting::set(ReadSettings& settings, std::string_view text, std::string_view as_named) const {
  if (is_switch()) {
    const std::optional<bool> value = switch_value(text);
    if (!value) refuse(as_named, "true or false", text);
    settings.*on = *value;
    return;
  }
  if (!allows(text)) refuse(as_named, one_of(values), text);
  settings.*choice = std::string(text);
}

ReadOptions read_options(const ReadSettings& settings) {
  for (const ReadSetting& s : read_settings()) {
    if (!s.is_switch() && !s.allows(settings.*s.choice)) refuse(s.name, one_of(s.values), settings.*s.choice);
  }
  ReadOptions read;
  read.detect_unit = settings.weight_unit == "auto";
  read.default_unit = settings.weight_unit == "kg" ? WeightUnit::kg : WeightUnit::lb;
  read.format = settings.format;
  read.date_order = settings.date_order;
  read.strict = settings.strict;
  return read;
}

std::string command_line(const ReadSettings& settings) {
  std::string out;
  for (const ReadSetting& s : read_settings()) {
    if (s.is_switch() && !(settings.*s.on)) continue;
    if (!out.empty()) out += ' ';
    out += s.flag;
    if (!s.is_switch()) out += " " + settings.*s.choice;
  }
  return out;
}

}  // namespace exertrack::core::ingest
