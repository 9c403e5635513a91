#include "core/ingest/jefit.hpp"

#include <algorithm>
#include <cmath>
#include <ctime>
#include <map>
#include <optional>
#include <unordered_map>

#include "core/ingest/csv_stream.hpp"
#include "core/ingest/values.hpp"
#include "core/util/error.hpp"

using exertrack::core::util::throw_input_error;

namespace exertrack::core::ingest {
namespace {

struct Row {
  std::size_t line = 0;
  std::vector<std::string> fields;
};

struct Section {
  std::string name;
  std::size_t banner_line = 0;
  std::size_t header_line = 0;
  std::vector<std::string> header;
  std::vector<Row> rows;
  bool closed = false;
};

// Sections whose rows the reader needs; the others are skipped unread.
bool wanted(std::string_view name) {
  return name == "SETTING" || name == "WORKOUT SESSIONS" || name == "EXERCISE LOGS" || name == "EXERCISE SET LOGS";
}

// "### EXERCISE LOGS ####": the name; nullopt for any other text.
std::optional<std::string_view> banner_name(std::string_view text) {
  if (text.substr(0, 4) != "### ") return std::nullopt;
  text.remove_prefix(4);
  const std::size_t end = text.find(" #");
  if (end == std::string_view::npos || end == 0) return std::nullopt;
  const std::string_view name = text.substr(0, end);
  if (text.find_first_not_of('#', end + 1) != std::string_view::npos) return std::nullopt;
  return name;
}

bool closing_banner(std::string_view text) {
  return text.size() >= 3 && text.find_first_not_of('#') == std::string_view::npos;
}

std::string shown(std::string_view v) {
  std::string out(v.substr(0, 80));
  if (v.size() > 80) out += "...";
  return "'" + out + "'";
}

// The file's sections, in order, with the rows of the wanted ones.
std::vector<Section> read_sections(std::string_view bytes, const std::string& source) {
  std::vector<Section> sections;
  Section* open = nullptr;
  std::size_t last_line = 0;
  CsvStream stream(source, ',', [&](const CsvRecord& r) {
    last_line = r.line;
    const std::string_view first = r.fields.empty() ? std::string_view() : r.fields.front();
    if (r.fields.size() == 1) {
      if (const auto name = banner_name(first)) {
        if (open != nullptr) {
          throw_input_error({source, r.line, ""}, "section '" + open->name + "' (line " + std::to_string(open->banner_line) +
                                                     ") is not closed before this one: expected its closing '" +
                                                     "######' line");
        }
        sections.push_back({std::string(*name), r.line, 0, {}, {}, false});
        open = &sections.back();
        return;
      }
      if (closing_banner(first)) {
        if (open == nullptr) {
          throw_input_error({source, r.line, ""}, "a closing '######' line with no section open: expected a "
                                                  "'### NAME ###' banner before it");
        }
        open->closed = true;
        open = nullptr;
        return;
      }
    }
    if (open == nullptr) {
      throw_input_error({source, r.line, ""}, "value " + shown(first) +
                                                  " is outside any section: expected a '### NAME ###' banner (JEFIT's "
                                                  "export is sections such as '### EXERCISE LOGS ###')");
    }
    if (open->header.empty()) {
      open->header_line = r.line;
      open->header.assign(r.fields.begin(), r.fields.end());
      return;
    }
    if (wanted(open->name)) open->rows.push_back({r.line, {r.fields.begin(), r.fields.end()}});
  });
  stream.feed(bytes);
  stream.finish();
  if (open != nullptr) {
    throw_input_error({source, last_line + 1, ""},
                      "the file ends inside section '" + open->name + "' (opened at line " +
                          std::to_string(open->banner_line) + "): expected its closing '######' line; the export "
                          "was cut short");
  }
  return sections;
}

const Section* find(const std::vector<Section>& sections, std::string_view name) {
  for (const Section& s : sections) {
    if (s.name == name) return &s;
  }
  return nullptr;
}

// Column index by name; -1 when absent.
int column(const Section& s, std::string_view name) {
  const auto it = std::find(s.header.begin(), s.header.end(), name);
  return it == s.header.end() ? -1 : static_cast<int>(it - s.header.begin());
}

int required_column(const Section& s, std::string_view name, const std::string& source) {
  const int i = column(s, name);
  if (i < 0) {
    throw_input_error({source, s.header_line, std::string(name)},
                      "the " + s.name + " section's header has no such column: expected JEFIT's '" + std::string(name) +
                          "' among its names");
  }
  return i;
}

std::string_view cell(const Row& row, int i) {
  return i >= 0 && static_cast<std::size_t>(i) < row.fields.size() ? std::string_view(row.fields[static_cast<std::size_t>(i)])
                                                                    : std::string_view();
}

// "2026-02-16 17:28:51" for seconds since 1970.
std::string date_time_text(std::int64_t t) {
  const std::time_t tt = static_cast<std::time_t>(t);
  std::tm tm{};
  gmtime_r(&tt, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M:%S", &tm);
  return buf;
}

struct Unit {
  WeightUnit unit;
  std::string evidence;
  std::int64_t zone_seconds;
};

Unit read_settings(const std::vector<Section>& sections, const std::string& source) {
  const Section* settings = find(sections, "SETTING");
  if (settings == nullptr) {
    const std::size_t line = sections.empty() ? 1 : sections.front().banner_line;
    throw_input_error({source, line, ""},
                      "no SETTING section: expected '### SETTING ###' (JEFIT writes it first; its mass, ' kg' or ' lbs', "
                      "is the unit of every weight in the file)" +
                          (sections.empty() ? std::string() : ", found '" + sections.front().name + "' first"));
  }
  const int mass = required_column(*settings, "mass", source);
  if (settings->rows.empty()) {
    throw_input_error({source, settings->header_line + 1, "mass"},
                      "the SETTING section has no row: expected one, whose mass (' kg' or ' lbs') is the file's weight unit");
  }
  const Row& row = settings->rows.front();
  const std::string_view text = cell(row, mass);
  const std::string_view unit = trim(text);
  Unit out{};
  if (iequals(unit, "lbs") || iequals(unit, "lb")) {
    out.unit = WeightUnit::lb;
  } else if (iequals(unit, "kg") || iequals(unit, "kgs")) {
    out.unit = WeightUnit::kg;
  } else {
    throw_input_error({source, row.line, "mass"},
                      "value " + shown(text) + " is not a weight unit: expected ' kg' or ' lbs', the unit of the file's weights");
  }
  out.evidence = "the SETTING section (line " + std::to_string(row.line) + "): mass '" + std::string(text) + "'";
  const std::string_view zone = trim(cell(row, column(*settings, "zonedifference")));
  if (const auto hours = parse_number(zone); hours && std::abs(*hours) <= 14) {
    out.zone_seconds = static_cast<std::int64_t>(std::llround(*hours * 3600));
  } else {
    out.zone_seconds = 0;  // no zone given: the sessions' times stay UTC
  }
  return out;
}

bool zero_set(std::string_view token) { return token == "0x0" || token == "0x0.0" || token == "0.0x0" || token == "0.0x0.0"; }

// "50.0x15" -> ("50.0", "15"); nullopt when the token is no weight x reps.
std::optional<std::pair<std::string_view, std::string_view>> split_set(std::string_view token) {
  const std::size_t x = token.find('x');
  if (x == std::string_view::npos || x == 0 || x + 1 == token.size()) return std::nullopt;
  const std::string_view weight = token.substr(0, x);
  const std::string_view reps = token.substr(x + 1);
  const auto w = parse_number(weight);
  const auto r = parse_number(reps);
  if (!w || !r || *w < 0 || *r < 0) return std::nullopt;
  return std::pair{weight, reps};
}

struct SetLog {
  std::size_t line = 0;
  std::string set_type;
  std::string reps;
  std::string duration;
  bool used = false;
};

}  // namespace

bool looks_like_jefit(std::string_view head) {
  if (head.substr(0, 3) == "\xEF\xBB\xBF") head.remove_prefix(3);
  while (!head.empty() && (head.front() == '\n' || head.front() == '\r' || head.front() == ' ' || head.front() == '\t')) {
    head.remove_prefix(1);
  }
  const std::size_t end = head.find_first_of("\r\n");
  return banner_name(head.substr(0, end)).has_value();
}

JefitSets read_jefit(std::string_view bytes, const std::string& source) {
  const std::vector<Section> sections = read_sections(bytes, source);
  const Unit unit = read_settings(sections, source);
  JefitSets out;
  out.unit = unit.unit;
  out.unit_evidence = unit.evidence;

  // Session id -> start, in local time.
  std::unordered_map<std::string, std::int64_t> starts;
  if (const Section* sessions = find(sections, "WORKOUT SESSIONS")) {
    const int id = column(*sessions, "_id");
    const int start = column(*sessions, "starttime");
    if (id >= 0 && start >= 0) {
      for (const Row& row : sessions->rows) {
        const auto t = parse_number(trim(cell(row, start)));
        if (t && *t > 0 && *t < 1e11) starts.emplace(std::string(trim(cell(row, id))), static_cast<std::int64_t>(*t) + unit.zone_seconds);
      }
    }
  }

  const Section* logs = find(sections, "EXERCISE LOGS");
  if (logs == nullptr) {
    // Where JEFIT writes it: after WORKOUT SESSIONS, else at the end.
    std::size_t at = sections.size() - 1;
    for (std::size_t i = 0; i + 1 < sections.size(); ++i) {
      if (sections[i].name == "WORKOUT SESSIONS") at = i + 1;
    }
    throw_input_error({source, sections[at].banner_line, ""},
                      "no EXERCISE LOGS section: expected '### EXERCISE LOGS ###', the section that holds every set, "
                      "after WORKOUT SESSIONS; found '" + sections[at].name + "'");
  }
  const int c_logs = required_column(*logs, "logs", source);
  const int c_id = required_column(*logs, "_id", source);
  const int c_date = required_column(*logs, "mydate", source);
  const int c_name = required_column(*logs, "ename", source);
  const int c_session = required_column(*logs, "belongsession", source);

  // (exercise log id, set index) -> its row in EXERCISE SET LOGS.
  std::map<std::pair<std::string, long>, SetLog> set_logs;
  const Section* per_set = find(sections, "EXERCISE SET LOGS");
  if (per_set != nullptr && !per_set->header.empty()) {
    const int c_parent = required_column(*per_set, "exercise_log_id", source);
    const int c_index = required_column(*per_set, "set_index", source);
    const int c_type = required_column(*per_set, "set_type", source);
    const int c_reps = column(*per_set, "reps");
    const int c_duration = column(*per_set, "duration");
    for (const Row& row : per_set->rows) {
      const auto index = parse_number(trim(cell(row, c_index)));
      if (!index || *index < 0 || *index != std::floor(*index)) {
        out.dropped.push_back({row.line, "set_index", std::string(cell(row, c_index)),
                               "is not a set index (0, 1, 2 ...)", "bad-set-log"});
        continue;
      }
      set_logs[{std::string(trim(cell(row, c_parent))), static_cast<long>(*index)}] =
          SetLog{row.line, std::string(trim(cell(row, c_type))), std::string(trim(cell(row, c_reps))),
                 std::string(trim(cell(row, c_duration))), false};
    }
  }

  std::vector<std::string_view> tokens;
  for (const Row& row : logs->rows) {
    if (row.fields.size() != logs->header.size()) {
      out.dropped.push_back({row.line, "field " + std::to_string(std::min(row.fields.size(), logs->header.size()) + 1),
                             std::string(row.fields.empty() ? "" : row.fields.back()),
                             "is where the record ends: it has " + std::to_string(row.fields.size()) + " fields, the header " +
                                 std::to_string(logs->header.size()),
                             "field-count"});
      continue;
    }
    const std::string id(trim(cell(row, c_id)));
    // The session's start; the day alone when JEFIT kept no session for it.
    std::string time;
    if (const auto it = starts.find(std::string(trim(cell(row, c_session)))); it != starts.end()) {
      time = date_time_text(it->second);
    } else {
      time = std::string(trim(cell(row, c_date)));
    }
    const std::string day = time.substr(0, std::min<std::size_t>(time.size(), 10));

    tokens.clear();
    const std::string_view packed = cell(row, c_logs);
    for (std::size_t at = 0; at <= packed.size();) {
      const std::size_t comma = std::min(packed.find(',', at), packed.size());
      const std::string_view token = trim(packed.substr(at, comma - at));
      if (!token.empty()) tokens.push_back(token);  // a trailing comma leaves an empty one
      at = comma + 1;
    }
    if (tokens.empty()) {
      out.dropped.push_back({row.line, "logs", std::string(packed), "holds no set", "no-sets"});
      continue;
    }
    bool timed = tokens.size() % 5 == 0;
    for (std::size_t g = 0; timed && g < tokens.size(); g += 5) {
      timed = zero_set(tokens[g]) && zero_set(tokens[g + 1]) && zero_set(tokens[g + 2]) &&
              tokens[g + 4].substr(0, 2) == "0x" && split_set(tokens[g + 4]).has_value();
    }
    const std::size_t sets = timed ? tokens.size() / 5 : tokens.size();
    for (std::size_t i = 0; i < sets; ++i) {
      // The set's row in EXERCISE SET LOGS, if any: the same set again, read
      // for its type only.
      SetLog* set_log = nullptr;
      if (const auto it = set_logs.find({id, static_cast<long>(i)}); it != set_logs.end()) {
        set_log = &it->second;
        set_log->used = true;
      }
      std::array<std::string, jefit::kFieldCount> set;
      set[jefit::kTime] = time;
      set[jefit::kDay] = day;
      set[jefit::kExercise] = cell(row, c_name);
      set[jefit::kSet] = std::to_string(i + 1);
      double reps = 0;
      if (timed) {
        const auto seconds = split_set(tokens[i * 5 + 4])->second;
        set[jefit::kWeight] = "0";
        set[jefit::kReps] = "0";
        set[jefit::kSeconds] = seconds;
        if (*parse_number(seconds) == 0) {
          std::string group(tokens[i * 5]);
          for (std::size_t k = 1; k < 5; ++k) group += "," + std::string(tokens[i * 5 + k]);
          out.dropped.push_back({row.line, "logs", group, "is a timed set of 0 seconds: filled in from the plan, never done",
                                 "not-started"});
          continue;
        }
      } else {
        const auto pair = split_set(tokens[i]);
        if (!pair) {
          out.dropped.push_back({row.line, "logs", std::string(tokens[i]),
                                 "is not a set: expected weight x reps, e.g. 50.0x15", "bad-set"});
          continue;
        }
        set[jefit::kWeight] = pair->first;
        set[jefit::kReps] = pair->second;
        reps = *parse_number(pair->second);
        // The app fills a session's sets in from the plan; one left at 0
        // reps was never lifted.
        if (reps == 0) {
          out.dropped.push_back({row.line, "logs", std::string(tokens[i]),
                                 "has 0 reps: a set filled in from the plan, never lifted", "not-started"});
          continue;
        }
      }
      if (set_log != nullptr) {
        const SetLog& log = *set_log;
        const auto logged = parse_number(timed ? log.duration : log.reps);
        const double expected = timed ? *parse_number(set[jefit::kSeconds]) : reps;
        if (logged && *logged == expected) {
          set[jefit::kSetType] = log.set_type;
        } else {
          out.flagged.push_back({log.line, timed ? "duration" : "reps", timed ? log.duration : log.reps,
                                 "differs from set " + std::to_string(i + 1) + " of exercise log " + id + " (line " +
                                     std::to_string(row.line) + "): its set type is not used",
                                 "set-log-differs"});
        }
      }
      out.rows.push_back(std::move(set));
      out.lines.push_back(row.line);
    }
  }
  for (const auto& [key, log] : set_logs) {
    if (log.used) continue;
    out.dropped.push_back({log.line, "exercise_log_id", key.first,
                           "names no set of the EXERCISE LOGS section (set " + std::to_string(key.second + 1) + ")",
                           "orphan-set-log"});
  }
  return out;
}

}  // namespace exertrack::core::ingest
