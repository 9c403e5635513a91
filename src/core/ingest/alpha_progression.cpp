#include "core/ingest/alpha_progression.hpp"

#include <algorithm>
#include <optional>

#include "core/ingest/csv_stream.hpp"
#include "core/ingest/values.hpp"
#include "core/util/error.hpp"

using exertrack::core::util::throw_input_error;

namespace exertrack::core::ingest {
namespace {

constexpr std::string_view kNoBreakSpace = "\xC2\xA0";

struct Line {
  std::size_t line = 0;
  std::vector<std::string> fields;
};

bool digits(std::string_view s) {
  return !s.empty() && s.find_first_not_of("0123456789") == std::string_view::npos;
}

std::string shown(std::string_view v) {
  std::string out(v.substr(0, 80));
  if (v.size() > 80) out += "...";
  return "'" + out + "'";
}

// "2023-03-24 7:26 pm" (U+00A0 or a space before am/pm) -> "2023-03-24 19:26:00".
std::optional<std::string> start_time(std::string_view text) {
  if (text.size() < 16 || !digits(text.substr(0, 4)) || text[4] != '-' || !digits(text.substr(5, 2)) || text[7] != '-' ||
      !digits(text.substr(8, 2)) || text[10] != ' ') {
    return std::nullopt;
  }
  std::string_view rest = text.substr(11);
  const std::size_t colon = rest.find(':');
  if (colon == std::string_view::npos || colon == 0 || colon > 2 || !digits(rest.substr(0, colon)) ||
      rest.size() < colon + 3 || !digits(rest.substr(colon + 1, 2))) {
    return std::nullopt;
  }
  int hour = std::stoi(std::string(rest.substr(0, colon)));
  const std::string minutes(rest.substr(colon + 1, 2));
  rest.remove_prefix(colon + 3);
  if (rest.substr(0, kNoBreakSpace.size()) == kNoBreakSpace) {
    rest.remove_prefix(kNoBreakSpace.size());
  } else if (!rest.empty() && rest.front() == ' ') {
    rest.remove_prefix(1);
  } else {
    return std::nullopt;
  }
  if (hour < 1 || hour > 12 || std::stoi(minutes) > 59) return std::nullopt;
  if (iequals(rest, "pm")) {
    hour = hour % 12 + 12;
  } else if (iequals(rest, "am")) {
    hour %= 12;
  } else {
    return std::nullopt;
  }
  std::string out(text.substr(0, 10));
  out += ' ';
  if (hour < 10) out += '0';
  out += std::to_string(hour) + ":" + minutes + ":00";
  return out;
}

bool is_start(const Line& l) { return l.fields.size() == 2 && start_time(l.fields[0]).has_value(); }

// "12. Curls Dumbbells" -> "Curls Dumbbells"; nullopt for other text.
std::optional<std::string_view> exercise_name(std::string_view text) {
  const std::size_t dot = text.find(". ");
  if (dot == std::string_view::npos || !digits(text.substr(0, dot))) return std::nullopt;
  const std::string_view name = trim(text.substr(dot + 2));
  if (name.empty()) return std::nullopt;
  return name;
}

// The first non-blank lines of `head` (BOM dropped), as written.
std::vector<std::string_view> first_lines(std::string_view head, std::size_t count) {
  if (head.substr(0, 3) == "\xEF\xBB\xBF") head.remove_prefix(3);
  std::vector<std::string_view> lines;
  while (!head.empty() && lines.size() < count) {
    const std::size_t end = std::min(head.find('\n'), head.size());
    std::string_view line = head.substr(0, end);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (!trim(line).empty()) lines.push_back(line);
    head.remove_prefix(std::min(end + 1, head.size()));
  }
  return lines;
}

}  // namespace

AlphaProgressionExport alpha_progression_export(std::string_view head) {
  const std::vector<std::string_view> lines = first_lines(head, 2);
  if (lines.size() < 2) return AlphaProgressionExport::none;
  // Workouts: a title, then "2023-03-24 7:26 pm",51 min.
  const std::string_view second = lines[1];
  if (second.size() > 2 && second.front() == '"') {
    const std::size_t close = second.find('"', 1);
    if (close != std::string_view::npos && close + 1 < second.size() && second[close + 1] == ',' &&
        start_time(second.substr(1, close - 1))) {
      return AlphaProgressionExport::workouts;
    }
  }
  // The semicolon variant's session line: "Legs · Day 2";"2026-02-19 4:54 h";"1:02 hr".
  for (const std::string_view line : lines) {
    const std::size_t at = line.find("\";\"");
    if (at == std::string_view::npos) continue;
    const std::string_view date = line.substr(at + 3);
    if (date.size() >= 14 && digits(date.substr(0, 4)) && date[4] == '-' && date.substr(10, 1) == " " &&
        date.find(" h\";\"") != std::string_view::npos) {
      return AlphaProgressionExport::semicolon_workouts;
    }
  }
  // Plans: "Second Plan",2023-02-02 then "4 weeks".
  const std::string_view first = lines[0];
  if (first.size() > 12 && first.front() == '"' && digits(first.substr(first.size() - 10, 4)) &&
      first.substr(first.size() - 12, 2) == "\"," && trim(second).find(" week") != std::string_view::npos) {
    return AlphaProgressionExport::plans;
  }
  return AlphaProgressionExport::none;
}

AlphaProgressionSets read_alpha_progression(std::string_view bytes, const std::string& source) {
  switch (alpha_progression_export(bytes.substr(0, 4096))) {
    case AlphaProgressionExport::semicolon_workouts:
      throw_input_error({source, 1, ""},
                        "this is Alpha Progression's semicolon-separated export (\"#;KG;REPS;RIR\", times as \"4:54 h\"), "
                        "which is not read: no real export of that variant was available to check a reader against. "
                        "Expected the comma-separated Workouts export (sub-headers #,KG,REPS, #,LBS,REPS or #,REPS, "
                        "times as \"7:26 pm\")");
    case AlphaProgressionExport::plans:
      throw_input_error({source, 1, ""},
                        "this is Alpha Progression's Plans export (EXERCISE,SETS,REPS), which holds plans, not the sets "
                        "lifted: export Workouts instead");
    case AlphaProgressionExport::none:
      throw_input_error({source, 1, ""},
                        "not an Alpha Progression Workouts export: expected a session's title, then its start such as "
                        "\"2023-03-24 7:26 pm\",51 min, within its first lines");
    case AlphaProgressionExport::workouts:
      break;
  }
  std::vector<Line> lines;
  CsvStream stream(source, ',', [&](const CsvRecord& r) { lines.push_back({r.line, {r.fields.begin(), r.fields.end()}}); });
  stream.feed(bytes);
  stream.finish();

  namespace ap = alpha_progression;
  AlphaProgressionSets out;
  std::string time;
  std::string workout;
  const auto expected = [&](const Line& l, const std::string& what) {
    throw_input_error({source, l.line, ""}, "value " + shown(l.fields.empty() ? "" : l.fields.front()) + " is not " + what);
  };
  for (std::size_t i = 0; i < lines.size();) {
    const Line& l = lines[i];
    if (i + 1 < lines.size() && is_start(lines[i + 1])) {
      if (l.fields.size() != 1) expected(l, "a session's title (one field, before the session's start line)");
      workout = std::string(trim(l.fields[0]));
      time = *start_time(lines[i + 1].fields[0]);
      i += 2;
      // Where the session sits in the plan ("Day 3 · Week 1 · Plan_002"); absent for a free workout.
      if (i < lines.size() && lines[i].fields.size() == 1 && !exercise_name(lines[i].fields[0]) &&
          lines[i].fields[0] != "#" && !(i + 1 < lines.size() && is_start(lines[i + 1]))) {
        ++i;
      }
      continue;
    }
    if (time.empty()) expected(l, "a session's title followed by its start, such as \"2023-03-24 7:26 pm\",51 min");
    const auto name = l.fields.empty() ? std::nullopt : exercise_name(l.fields[0]);
    if (!name) {
      expected(l, "an exercise line (\"1. Curls Dumbbells\"), a set under an exercise's #,LBS,REPS line, or a "
                  "session's title and start");
    }
    std::string note;
    for (std::size_t f = 1; f < l.fields.size(); ++f) {
      const std::string_view text = trim(l.fields[f]);
      if (text.empty()) continue;
      if (!note.empty()) note += "; ";
      note += text;
    }
    const std::string exercise(*name);
    ++i;
    // The target ("10 reps"), then the sub-header.
    if (i < lines.size() && lines[i].fields.size() == 1 && lines[i].fields[0] != "#") ++i;
    if (i >= lines.size() || lines[i].fields.empty() || lines[i].fields[0] != "#") {
      throw_input_error({source, i < lines.size() ? lines[i].line : l.line, ""},
                        "exercise '" + exercise + "' (line " + std::to_string(l.line) +
                            ") has no sub-header: expected #,LBS,REPS, #,KG,REPS or #,REPS before its sets");
    }
    const Line& sub = lines[i];
    std::string unit;
    bool known = true;
    if (sub.fields.size() == 3 && iequals(sub.fields[1], "LBS") && iequals(sub.fields[2], "REPS")) {
      unit = "lb";
    } else if (sub.fields.size() == 3 && iequals(sub.fields[1], "KG") && iequals(sub.fields[2], "REPS")) {
      unit = "kg";
    } else if (sub.fields.size() == 2 && iequals(sub.fields[1], "REPS")) {
      unit = "";
    } else {
      known = false;
    }
    ++i;
    for (; i < lines.size() && !lines[i].fields.empty() && digits(lines[i].fields[0]) &&
           !(i + 1 < lines.size() && is_start(lines[i + 1]));
         ++i) {
      const Line& s = lines[i];
      if (!known) {
        std::string header;
        for (const std::string& f : sub.fields) header += (header.empty() ? "" : ",") + f;
        out.dropped.push_back({s.line, header, s.fields.size() > 1 ? s.fields[1] : "",
                               "is under a sub-header this reader does not know (" + header +
                                   "; expected #,LBS,REPS, #,KG,REPS or #,REPS)",
                               "unknown-sub-header"});
        continue;
      }
      if (s.fields.size() != sub.fields.size()) {
        out.dropped.push_back({s.line, "field " + std::to_string(std::min(s.fields.size(), sub.fields.size()) + 1),
                               s.fields.back(),
                               "ends the set line: it has " + std::to_string(s.fields.size()) + " fields, its sub-header " +
                                   std::to_string(sub.fields.size()),
                               "field-count"});
        continue;
      }
      // "1,-,-": a set of the plan left empty, never lifted (24 in the
      // 2023_02_28 export).
      if (std::all_of(s.fields.begin() + 1, s.fields.end(), [](const std::string& f) { return trim(f) == "-"; })) {
        std::string line = s.fields[0];
        for (std::size_t f = 1; f < s.fields.size(); ++f) line += "," + s.fields[f];
        out.dropped.push_back({s.line, "#", line, "is a set of the plan left empty ('-'), never lifted", "not-started"});
        continue;
      }
      std::array<std::string, ap::kFieldCount> set;
      set[ap::kTime] = time;
      set[ap::kWorkout] = workout;
      set[ap::kExercise] = exercise;
      set[ap::kSet] = s.fields[0];
      set[ap::kWeight] = unit.empty() && sub.fields.size() == 2 ? "0" : s.fields[1];
      set[ap::kUnit] = unit;
      set[ap::kReps] = s.fields.back();
      set[ap::kNote] = note;
      out.rows.push_back(std::move(set));
      out.lines.push_back(s.line);
    }
  }
  return out;
}

}  // namespace exertrack::core::ingest
