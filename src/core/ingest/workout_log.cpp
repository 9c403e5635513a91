#include "core/ingest/workout_log.hpp"

#include <algorithm>
#include <array>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <memory>
#include <optional>
#include <unordered_map>

#include "core/ingest/alpha_progression.hpp"
#include "core/ingest/csv_stream.hpp"
#include "core/ingest/formats.hpp"
#include "core/ingest/gymbook.hpp"
#include "core/ingest/gymbook_csv.hpp"
#include "core/ingest/jefit.hpp"
#include "core/ingest/units.hpp"
#include "core/ingest/values.hpp"
#include "core/util/error.hpp"

namespace ingest = exertrack::core::ingest;
using exertrack::core::util::describe;
using exertrack::core::util::InputError;
using exertrack::core::util::InputKind;
using exertrack::core::util::printable;
using exertrack::core::util::SourceLocation;
using exertrack::core::util::throw_input_error;

namespace exertrack::core::ingest {
namespace {

using ingest::Column;

constexpr std::size_t kFirstLinesKept = 5;
constexpr std::size_t kChunkBytes = 1 << 20;

// Names seen in the file -> index in the name table. Lookups by string_view
// (C++20 heterogeneous lookup) so the common case, a known name, allocates nothing.
class Interner {
 public:
  explicit Interner(std::vector<std::string>& table) : table_(table) {
    for (std::uint32_t i = 0; i < table_.size(); ++i) index_.emplace(table_[i], i);
  }
  std::uint32_t operator()(std::string_view name) {
    if (!table_.empty() && last_ < table_.size() && table_[last_] == name) return last_;  // runs of one name
    if (auto it = index_.find(name); it != index_.end()) return last_ = it->second;
    const auto id = static_cast<std::uint32_t>(table_.size());
    table_.emplace_back(name);
    index_.emplace(table_.back(), id);
    return last_ = id;
  }

 private:
  struct Hash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  std::vector<std::string>& table_;
  std::unordered_map<std::string, std::uint32_t, Hash, std::equal_to<>> index_;
  std::uint32_t last_ = 0;
};

void count(std::map<std::string, DropStats>& stats, const std::string& reason, std::size_t line,
           const std::string& problem = {}) {
  DropStats& s = stats[reason];
  ++s.count;
  if (s.first_lines.size() < kFirstLinesKept) s.first_lines.push_back(line);
  if (s.first_problem.empty()) s.first_problem = problem;
}

// "line 12: column 'RPE': value 'x' is not a number", for the cleaning summary.
std::string cell_problem(const SourceLocation& where, const std::string& problem) {
  return printable("line " + std::to_string(where.line) + ": column '" + where.column + "': " + problem);
}

std::string quoted_value(std::string_view v) {
  std::string out(v.substr(0, 80));
  if (v.size() > 80) out += "...";
  return "'" + out + "'";
}

// Turns the records of one file into set records.
class LogBuilder {
  static WorkoutLog empty_log(std::string source);

 public:
  LogBuilder(std::string source, const ReadOptions& options);

  // The first record decides the layout (and the unit, where the file says
  // it); every data record becomes a set through convert().
  void on_record(const ingest::CsvRecord& record);

  // A layout known before any record (a file without a CSV header of its
  // own: JEFIT's, Alpha Progression's), and the unit where it says it.
  void start(ingest::Layout layout);

  // A value a reader found to be no set (`dropped`: the row is counted as
  // read and dropped) or a questionable one (flagged), with where it is;
  // --strict makes either an error naming file, line, column and value.
  void problem(std::size_t line, const std::string& column, std::string_view value, const std::string& problem,
               const std::string& reason, bool dropped);

  void attach(ingest::CsvStream* stream, char delimiter) {
    stream_ = stream;
    delimiter_ = delimiter;
  }
  void reserve(std::size_t sets) { log_.sets.reserve(sets); }

  // After the last record: the date order and the unit are settled, the sets
  // put in time order, and an empty result is an error naming the first drop.
  WorkoutLog finish();

 private:
  // The loads were kept as written: decide their unit, then convert them
  // (and bare distances) and judge outliers as read_load() and flag_set() do for a known unit.
  void decide_unit();

  static bool is_outlier(const SetRecord& set) {
    return set.reps < 0 || set.reps > kMaxPlausibleReps || set.weight_kg > kMaxPlausibleWeightKg ||
           set.weight_kg < -kMaxPlausibleWeightKg;
  }

  // Names reach tables, JSON and terminals: control bytes (a NUL, a tab, a
  // line break) are no part of one. Tabs and line breaks become spaces, the
  // rest go; the common case, a clean name, is returned as it is.
  static std::string_view without_controls(std::string_view name, std::string& buffer);

  // Sets dated before 1970 or after next year are typos or a wrong clock.
  static int latest_plausible_year();
  static std::int64_t latest_plausible_time() {
    return ingest::parse_date_time(std::to_string(latest_plausible_year()) + "-01-01").value_or(std::numeric_limits<std::int64_t>::max());
  }

  std::string details(const ingest::Layout& layout) const;

  // A date with slashes ("13/09/2021 10:41" or "9/13/2021 10:41 AM", as a
  // spreadsheet re-saves Strong's export) is day or month first for the whole
  // file: the first value with a number over 12 tells which, a value telling
  // the other order is an error. Until one tells, dates read day first and
  // their sets are kept in undecided_sets_ (`undecided` set), to be put right
  // when a value tells; none telling by the end is an error (finish()). ISO
  // dates never come here.
  std::optional<std::int64_t> slash_date_time(const ingest::CsvRecord& r, std::string_view text,
                                              std::optional<ingest::SlashDate>& undecided);

  [[noreturn]] void fail(const ingest::CsvRecord& r, Column c, std::string_view value, const std::string& problem) const {
    throw_input_error({log_.source, r.line, layout_->name(c)}, "value " + quoted_value(value) + " " + problem, std::string(value));
  }

  void drop(const ingest::CsvRecord& r, Column c, std::string_view value, const std::string& reason);

  // A cell that cannot be read. One bad cell must not lose a file (issue 14:
  // 15 rows with 'kg' under Distance Unit cost a FitNotes user all 11,493):
  // in a column the set needs (date, exercise, weight and its unit, reps)
  // it drops the row; elsewhere (distance and its unit, duration, RPE, set
  // markers) the set is kept without that value and flagged. --strict makes
  // either an error naming file, line, column and value.
  // `problem` and `reason` outlive the row (literals or members) and `value`
  // lives as long as the record: a flag is kept as views and its message
  // written only if it is the first of its reason (see flag_set()).
  void bad_cell(const ingest::CsvRecord& r, Column c, std::string_view value, std::string_view problem,
                std::string_view reason, bool needed);

  // The cleaning summary's entry for a flag reason, without building a key
  // string and searching the map for every flagged row (map nodes do not move).
  DropStats& flagged(std::string_view reason);
  static void tally(DropStats& stats, std::size_t line) {
    ++stats.count;
    if (stats.first_lines.size() < kFirstLinesKept) stats.first_lines.push_back(line);
  }

  void note_first_drop(const ingest::CsvRecord& r, Column c, std::string_view value, const std::string& problem) {
    if (!first_drop_) first_drop_ = FirstDrop{{log_.source, r.line, layout_->name(c)}, problem, std::string(value)};
  }

  std::string_view field(const ingest::CsvRecord& r, Column c) const;

  // Empty -> fallback; garbage -> nullopt, the row dropped (bad_cell).
  std::optional<double> needed_number(const ingest::CsvRecord& r, Column c, double fallback, const char* reason);
  // Empty or garbage -> NaN; garbage flags the row (bad_cell).
  double optional_number(const ingest::CsvRecord& r, Column c, const char* reason);

  const std::vector<std::string_view>& fields_of(const ingest::CsvRecord& r);

  // One row becomes one set in named steps: convert() takes the row's cells
  // and, unless a step drops the row, runs read_time, read_set_kind,
  // read_load, read_distance_and_duration, flag_set, name_set and keep.
  void convert(const ingest::CsvRecord& raw);

  // The set's date-time; false when the row is dropped. The sets of one
  // workout share its date-time text: it is parsed once.
  bool read_time(const ingest::CsvRecord& rec, std::string_view date_text, SetRecord& set);

  // Skipped, warm-up, drop and failure sets, rest timers and notes, and the
  // set's number; false when the row is dropped.
  bool read_set_kind(const ingest::CsvRecord& rec, std::string_view exercise, SetRecord& set);

  // Weight in kg (the header's unit, else the row's unit column, else
  // --weight-unit), reps and RPE; false when the row is dropped.
  bool read_load(const ingest::CsvRecord& rec, SetRecord& set);

  // Distance in metres and duration in seconds; true when the distance is
  // in the unit system decide_unit() will find.
  bool read_distance_and_duration(const ingest::CsvRecord& rec, SetRecord& set);

  // Timed, negative-rep, outlier and warm-up flags, and the flags the cells
  // raised, counted by reason.
  void flag_set(const ingest::CsvRecord& rec, SetRecord& set);

  // The set's exercise, workout and notes.
  void name_set(const ingest::CsvRecord& rec, std::string_view exercise, SetRecord& set);

  // The set joins the log; what the next row's set number and the unit and
  // date decisions need is kept.
  void keep(const ingest::CsvRecord& rec, std::string_view exercise, std::string_view date_text, bool distance_deferred,
            const SetRecord& set);

  ReadOptions options_;
  WorkoutLog log_;
  Interner exercises_;
  Interner workouts_;
  Interner notes_;
  std::optional<ingest::Layout> layout_;
  ingest::CsvStream* stream_ = nullptr;
  char delimiter_ = ',';
  std::string last_date_text_;
  std::int64_t last_time_ = 0;
  // Slash dates (slash_date_time()): the order the file's values told, the
  // value that told it, and the sets read day first before any value told.
  struct DateExample {
    std::size_t line = 0;
    std::string value;
  };
  std::optional<bool> day_first_;
  DateExample order_example_;
  std::optional<ingest::SlashDate> last_undecided_;  // the cached date's, if its order is still unknown
  std::vector<std::pair<std::uint32_t, ingest::SlashDate>> undecided_sets_;
  DateExample first_undecided_;
  ingest::CsvRecord current_;
  std::vector<std::string_view> merged_;
  const std::vector<std::string_view> nothing_;
  std::string merged_name_;
  bool have_previous_ = false;
  std::int64_t previous_time_day_ = 0;
  std::string previous_exercise_;
  std::int32_t previous_set_order_ = 0;
  bool deferred_unit_ = false;
  std::array<std::size_t, 2> rows_in_{};  // loaded rows naming their unit, by WeightUnit
  std::vector<std::uint32_t> bare_distance_sets_;  // distances in the user's unit system, converted by decide_unit()
  std::string exercise_buffer_;
  std::string workout_buffer_;
  std::int64_t latest_plausible_time_;
  std::string implausible_date_problem_;
  struct PendingFlag {
    std::string_view reason;
    Column column;
    std::string_view value;  // a view into the record being converted
    std::string_view problem;
  };
  std::vector<PendingFlag> pending_flags_;  // counted if the set is kept
  std::vector<std::pair<std::string_view, DropStats*>> flag_stats_;  // reason -> its entry in summary.flagged
  // The first dropped row, for an empty result: its place, the problem and the value.
  struct FirstDrop {
    SourceLocation where;
    std::string problem;
    std::string value;
  };
  std::optional<FirstDrop> first_drop_;
};

WorkoutLog LogBuilder::empty_log(std::string source) {
  WorkoutLog log;
  log.source = std::move(source);
  log.notes.emplace_back();  // notes[0] = no notes
  return log;
}

LogBuilder::LogBuilder(std::string source, const ReadOptions& options)
                : options_(options),
                  log_(empty_log(std::move(source))),
                  exercises_(log_.exercises),
                  workouts_(log_.workouts),
                  notes_(log_.notes),
                  latest_plausible_time_(latest_plausible_time()),
                  implausible_date_problem_("is not a plausible date (before 1970 or after " +
                                            std::to_string(latest_plausible_year() - 1) + ")") {
  const auto& orders = date_orders();
  if (std::find(orders.begin(), orders.end(), options_.date_order) == orders.end()) {
    std::string list;
    for (const auto& o : orders) list += (list.empty() ? "" : ", ") + o;
    throw InputError(log_.source + ": date order '" + options_.date_order + "' is none of " + list, InputKind::bad_setting);
  }
  if (options_.date_order != "auto") day_first_ = options_.date_order == "day-first";
}

void LogBuilder::on_record(const ingest::CsvRecord& record) {
  if (!layout_) {
    start(ingest::detect_layout(record.fields, options_.format, log_.source));
    if (layout_->has_header) {
      if (stream_ != nullptr) stream_->set_column_names(layout_->names);
      return;
    }
  }
  convert(record);
}

void LogBuilder::start(ingest::Layout layout) {
  layout_ = std::move(layout);
  log_.format = layout_->format;
  deferred_unit_ = options_.detect_unit && !layout_->weight_unit && !layout_->has(Column::weight_unit) &&
                   !layout_->weight_carries_unit;
  if (layout_->weight_carries_unit) {
    log_.unit_source = "column";
    log_.unit_reason = "each weight names its unit ('25.00 kg'); --weight-unit for one that does not";
  } else if (layout_->weight_unit) {
    log_.weight_unit = layout_->weight_unit;
    log_.unit_source = "header";
    log_.unit_reason = !layout_->unit_evidence.empty() ? layout_->unit_evidence
                                                       : "the header says so ('" + layout_->name(Column::weight) + "')";
  } else if (layout_->has(Column::weight_unit)) {
    log_.unit_source = "column";
    log_.unit_reason = !layout_->unit_evidence.empty() ? layout_->unit_evidence
                                                       : "the " + layout_->name(Column::weight_unit) + " column, row by row";
  } else if (!deferred_unit_) {
    log_.weight_unit = options_.default_unit;
    log_.unit_source = "option";
    log_.unit_reason = "not in the file: --weight-unit";
  }
  log_.format_details = details(*layout_);
  if (!layout_->assumed_by_position.empty()) log_.warnings.push_back(printable(layout_->assumed_by_position));
}

void LogBuilder::problem(std::size_t line, const std::string& column, std::string_view value, const std::string& problem,
                         const std::string& reason, bool dropped) {
  const std::string message = "value " + quoted_value(value) + " " + problem;
  if (options_.strict) throw_input_error({log_.source, line, column}, message);
  if (dropped) {
    ++log_.summary.rows_read;
    count(log_.summary.dropped, reason, line, cell_problem({"", line, column}, message));
    if (!first_drop_) first_drop_ = FirstDrop{{log_.source, line, column}, message, std::string(value)};
  } else {
    count(log_.summary.flagged, reason, line, cell_problem({"", line, column}, message));
  }
}

WorkoutLog LogBuilder::finish() {
  if (!layout_) throw_input_error({log_.source, 0, ""}, "the file is empty: expected a CSV export with a header line");
  if (log_.summary.rows_read == 0) {
    throw_input_error({log_.source, 1, ""}, "the file has a header but no data rows");
  }
  if (!undecided_sets_.empty()) {
    throw_input_error({log_.source, first_undecided_.line, layout_->name(Column::date)},
                      "value " + quoted_value(first_undecided_.value) +
                          " could be day first (day/month/year) or month first (month/day/year), and no date in "
                          "the file has a number over 12 to tell which: the day/month order cannot be told from the "
                          "file; re-export it from the app (Strong writes 2021-09-13 10:41:07), or give the order, "
                          "day-first or month-first (--date-order; date_order in the HTTP API)",
                      first_undecided_.value, InputKind::date_order_undecidable);
  }
  if (deferred_unit_) decide_unit();
  if (rows_in_[0] + rows_in_[1] > 0) {
    log_.rows_unit = rows_in_[static_cast<std::size_t>(WeightUnit::lb)] > rows_in_[static_cast<std::size_t>(WeightUnit::kg)]
                         ? WeightUnit::lb
                         : WeightUnit::kg;
    log_.format_details = details(*layout_);
  }
  auto& sets = log_.sets;
  // Exports such as Hevy and Fitbod are newest first; a stable sort on time
  // keeps the file's order among equal times, i.e. the sets of one session.
  const auto by_time = [](const SetRecord& a, const SetRecord& b) { return a.time < b.time; };
  const auto newer = [](const SetRecord& a, const SetRecord& b) { return a.time > b.time; };
  if (std::is_sorted(sets.begin(), sets.end(), by_time)) {
    // already in time order (Strong, FitNotes)
  } else if (std::is_sorted(sets.begin(), sets.end(), newer)) {
    // Newest first throughout (Hevy, Fitbod): reverse, then put each
    // session's sets back in file order; in place, where stable_sort would
    // need a second copy of the log.
    std::reverse(sets.begin(), sets.end());
    for (auto run = sets.begin(); run != sets.end();) {
      const auto end = std::find_if(run, sets.end(), [&](const SetRecord& s) { return s.time != run->time; });
      std::reverse(run, end);
      run = end;
    }
  } else {
    std::stable_sort(sets.begin(), sets.end(), by_time);
  }
  log_.summary.rows_kept = sets.size();
  if (sets.empty()) {
    // Nothing left to learn from is an error, not an empty success: name
    // the first row that went and why, and what became of the others.
    std::string reasons;
    for (const auto& [reason, stats] : log_.summary.dropped) {
      reasons += (reasons.empty() ? "" : ", ") + reason + " " + std::to_string(stats.count);
    }
    const std::string none_left =
        "no rows left: all " + std::to_string(log_.summary.rows_read) + " data rows were dropped (" + reasons + ")";
    if (!first_drop_) throw_input_error({log_.source, 0, ""}, none_left);
    throw_input_error(first_drop_->where, first_drop_->problem + "; " + none_left, first_drop_->value);
  }
  return std::move(log_);
}

void LogBuilder::decide_unit() {
  std::vector<double> loads;
  loads.reserve(log_.sets.size());
  for (const SetRecord& s : log_.sets) loads.push_back(s.weight_kg);
  const ingest::UnitGuess guess = ingest::guess_weight_unit(loads, layout_->header_language);
  const WeightUnit unit = guess.unit.value_or(options_.default_unit);
  log_.weight_unit = unit;
  log_.unit_source = guess.unit ? "detected" : "assumed";
  log_.unit_reason = guess.unit ? guess.reason
                                : guess.reason + "; assumed " + (unit == WeightUnit::kg ? "kg" : "lb") +
                                      ", pass --weight-unit kg|lb if that is wrong";
  const double metres = unit == WeightUnit::kg ? 1000.0 : 1609.344;
  for (const std::uint32_t i : bare_distance_sets_) log_.sets[i].distance_m *= metres;
  DropStats outliers;
  for (SetRecord& set : log_.sets) {
    if (unit == WeightUnit::lb) set.weight_kg /= kPoundsPerKilogram;  // the notebook's division, as in read_load()
    set.unit = unit;
    set.outlier = is_outlier(set);
    if (set.outlier) {  // sets are still in file order
      ++outliers.count;
      if (outliers.first_lines.size() < kFirstLinesKept) outliers.first_lines.push_back(set.line);
    }
  }
  if (outliers.count > 0) log_.summary.flagged["outlier"] = outliers;
  log_.format_details = details(*layout_);
}

std::string_view LogBuilder::without_controls(std::string_view name, std::string& buffer) {
  const auto control = [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == '\x7F'; };
  if (std::none_of(name.begin(), name.end(), control)) return name;
  buffer.clear();
  for (const char c : name) {
    if (!control(c)) {
      buffer.push_back(c);
    } else if (c == '\t' || c == '\n' || c == '\r') {
      buffer.push_back(' ');
    }
  }
  return buffer;
}

int LogBuilder::latest_plausible_year() {
  const std::time_t now = std::time(nullptr);
  std::tm utc{};
  gmtime_r(&now, &utc);
  return utc.tm_year + 1900 + 2;
}

std::string LogBuilder::details(const ingest::Layout& layout) const {
  // "mostly kg": the rows' unit, for targets.
  const std::string mostly = log_.rows_unit ? std::string("; mostly ") + (*log_.rows_unit == WeightUnit::kg ? "kg" : "lb") : "";
  if (!layout.description.empty()) {
    if (layout.weight_unit) {
      return layout.description + ", weight in " + (*layout.weight_unit == WeightUnit::kg ? "kg" : "lb") + " (" +
             layout.unit_evidence + ")";
    }
    return layout.description + ", weight unit per exercise (" + layout.unit_evidence + mostly + ")";
  }
  if (layout.weight_carries_unit) {
    return "GymBook XML logs (the n-th <log> is reported as line n), day/month/year dates with a separate time, "
           "each weight with its unit" + mostly;
  }
  std::string text = delimiter_ == '\t' ? std::string("tab-separated") : "'" + std::string(1, delimiter_) + "'-separated";
  text += layout.has_header ? ", header line" : ", no header line (Strong's " + std::to_string(layout.names.size()) + "-column layout)";
  const char* unit = options_.default_unit == WeightUnit::kg ? "kg" : "lb";
  if (layout.weight_unit) {
    text += std::string(", weight in ") + (*layout.weight_unit == WeightUnit::kg ? "kg" : "lb") + " (header)";
  } else if (layout.has(Column::weight_unit)) {
    text += std::string(", weight unit per row (") + layout.name(Column::weight_unit) + " column; empty: " + unit + mostly + ")";
  } else if (!log_.weight_unit) {
    text += ", weight unit to be decided from the loads";
  } else if (log_.unit_source == "option") {
    text += std::string(", weight in ") + unit + " (not in the file: --weight-unit)";
  } else {
    text += std::string(", weight in ") + (*log_.weight_unit == WeightUnit::kg ? "kg" : "lb") + " (" +
            log_.unit_source + ": " + log_.unit_reason + ")";
  }
  return text;
}

std::optional<std::int64_t> LogBuilder::slash_date_time(const ingest::CsvRecord& r, std::string_view text,
                                                        std::optional<ingest::SlashDate>& undecided) {
  const auto date = ingest::parse_slash_date(text, layout_->format == "fitnotes");
  if (!date) return std::nullopt;
  const bool day_first = date->first > 12;
  if (!day_first && date->second <= 12) {  // either order
    if (day_first_) return ingest::slash_date_time(*date, *day_first_);
    if (date->first != date->second) undecided = date;  // "5/5/2021" reads the same either way
    return ingest::slash_date_time(*date, true);
  }
  const auto time = ingest::slash_date_time(*date, day_first);
  if (!time) return std::nullopt;  // "31/04/2021", "13/13/2021": no date, and no evidence either
  if (!day_first_) {
    day_first_ = day_first;
    order_example_ = {r.line, std::string(text)};
    for (auto& [index, earlier] : undecided_sets_) {
      SetRecord& set = log_.sets[index];
      set.time = *ingest::slash_date_time(earlier, day_first);
      if (!layout_->has(Column::workout)) set.workout = workouts_(ingest::format_date(set.time));
    }
    undecided_sets_ = {};
  } else if (*day_first_ != day_first) {
    const auto order = [](bool first) { return first ? "day first (day/month/year)" : "month first (month/day/year)"; };
    const std::string other = order_example_.line == 0
                                  ? "the date order given is " + options_.date_order
                                  : "line " + std::to_string(order_example_.line) + " has " +
                                        quoted_value(order_example_.value) + ", " + order(!day_first);
    throw_input_error({log_.source, r.line, layout_->name(Column::date)},
                      "value " + quoted_value(text) + " is written " + order(day_first) + ", but " + other +
                          ": the day/month order of this file's dates cannot be told; re-export it from the app",
                      std::string(text), InputKind::date_order_inconsistent);
  }
  return time;
}

void LogBuilder::drop(const ingest::CsvRecord& r, Column c, std::string_view value, const std::string& reason) {
  if (options_.strict) {
    fail(r, c, value, "is not a set (" + reason + "); --strict turns dropped rows into errors");
  }
  count(log_.summary.dropped, reason, r.line);
  note_first_drop(r, c, value, "value " + quoted_value(value) + " is not a set (" + reason + ")");
}

void LogBuilder::bad_cell(const ingest::CsvRecord& r, Column c, std::string_view value, std::string_view problem,
                          std::string_view reason, bool needed) {
  if (options_.strict) fail(r, c, value, std::string(problem));
  if (needed) {
    const std::string message = "value " + quoted_value(value) + " " + std::string(problem);
    count(log_.summary.dropped, std::string(reason), r.line, cell_problem({"", r.line, layout_->name(c)}, message));
    note_first_drop(r, c, value, message);
  } else {
    pending_flags_.push_back({reason, c, value, problem});
  }
}

DropStats& LogBuilder::flagged(std::string_view reason) {
  for (const auto& [name, stats] : flag_stats_) {
    if (name == reason) return *stats;
  }
  DropStats& stats = log_.summary.flagged[std::string(reason)];
  flag_stats_.emplace_back(reason, &stats);
  return stats;
}

std::string_view LogBuilder::field(const ingest::CsvRecord& r, Column c) const {
  const int i = layout_->at(c);
  return i >= 0 && static_cast<std::size_t>(i) < r.fields.size() ? r.fields[static_cast<std::size_t>(i)]
                                                                  : std::string_view();
}

std::optional<double> LogBuilder::needed_number(const ingest::CsvRecord& r, Column c, double fallback, const char* reason) {
  const std::string_view text = field(r, c);
  if (ingest::trim(text).empty()) return fallback;
  if (auto v = ingest::parse_number(text)) return *v;
  bad_cell(r, c, text, "is not a number", reason, true);
  return std::nullopt;
}

double LogBuilder::optional_number(const ingest::CsvRecord& r, Column c, const char* reason) {
  const std::string_view text = field(r, c);
  if (ingest::trim(text).empty()) return std::numeric_limits<double>::quiet_NaN();
  if (auto v = ingest::parse_number(text)) return *v;
  bad_cell(r, c, text, "is not a number", reason, false);
  return std::numeric_limits<double>::quiet_NaN();
}

const std::vector<std::string_view>& LogBuilder::fields_of(const ingest::CsvRecord& r) {
  const std::size_t expected = layout_->names.size();
  if (r.fields.size() == expected) return r.fields;
  if (r.fields.size() < expected) {
    const std::string problem = "is missing: the record has " + std::to_string(r.fields.size()) +
                                " fields, the header has " + std::to_string(expected);
    const SourceLocation where{log_.source, r.line, layout_->names[r.fields.size()]};
    if (options_.strict) throw_input_error(where, "value '' " + problem, "");
    count(log_.summary.dropped, "field-count", r.line, cell_problem({"", r.line, where.column}, "value '' " + problem));
    if (!first_drop_) first_drop_ = FirstDrop{where, "value '' " + problem, ""};
    return nothing_;
  }
  if (layout_->exercise_absorbs_extra_fields) {
    // FitNotes does not quote names such as "Curl, Hammer": the fields past the
    // header's count belong to the exercise name.
    const std::size_t extra = r.fields.size() - expected;
    const auto at = static_cast<std::size_t>(layout_->at(Column::exercise));
    merged_name_.clear();
    for (std::size_t i = at; i <= at + extra; ++i) {
      if (i > at) merged_name_ += ',';
      merged_name_ += r.fields[i];
    }
    merged_.clear();
    for (std::size_t i = 0; i < r.fields.size(); ++i) {
      if (i == at) merged_.emplace_back(merged_name_);
      if (i >= at && i <= at + extra) continue;
      merged_.push_back(r.fields[i]);
    }
    return merged_;
  }
  const SourceLocation where{log_.source, r.line, "field " + std::to_string(expected + 1)};
  const std::string problem = "value " + quoted_value(r.fields[expected]) + " is extra: the record has " +
                              std::to_string(r.fields.size()) + " fields, the header has " +
                              std::to_string(expected) + " (an unquoted delimiter inside a value?)";
  if (options_.strict) throw_input_error(where, problem, std::string(r.fields[expected]));
  count(log_.summary.dropped, "field-count", r.line, cell_problem({"", r.line, where.column}, problem));
  if (!first_drop_) first_drop_ = FirstDrop{where, problem, std::string(r.fields[expected])};
  return nothing_;
}

void LogBuilder::convert(const ingest::CsvRecord& raw) {
  const std::size_t row = log_.summary.rows_read++;
  current_.line = raw.line;
  current_.index = raw.index;
  current_.fields = fields_of(raw);  // copies views only, into reused capacity
  if (current_.fields.empty()) return;  // dropped: the wrong number of fields
  const ingest::CsvRecord& rec = current_;

  if (std::all_of(rec.fields.begin(), rec.fields.end(), [](std::string_view f) { return ingest::trim(f).empty(); })) {
    drop(rec, Column::date, "", "empty-record");
    return;
  }

  pending_flags_.clear();
  SetRecord set;
  set.source_row = static_cast<std::uint32_t>(row);
  set.line = static_cast<std::uint32_t>(rec.line);

  const std::string_view date_text = field(rec, Column::date);
  if (!read_time(rec, date_text, set)) return;

  std::string_view exercise = without_controls(field(rec, Column::exercise), exercise_buffer_);
  if (options_.trim_names) exercise = ingest::trim(exercise);
  if (ingest::trim(exercise).empty()) {
    drop(rec, Column::exercise, exercise, "no-exercise");
    return;
  }

  if (!read_set_kind(rec, exercise, set) || !read_load(rec, set)) return;
  const bool distance_deferred = read_distance_and_duration(rec, set);
  // Strong's "Intensity" pseudo-exercise is a 1-10 effort rating, not a set.
  if (ingest::iequals(ingest::trim(exercise), "Intensity") && set.weight_kg == 0) {
    drop(rec, Column::exercise, exercise, "rating");
    return;
  }

  flag_set(rec, set);
  name_set(rec, exercise, set);
  keep(rec, exercise, date_text, distance_deferred, set);
}

bool LogBuilder::read_time(const ingest::CsvRecord& rec, std::string_view date_text, SetRecord& set) {
  if (layout_->date_is_day_month_year) {
    const auto time = ingest::parse_day_month_year(date_text, field(rec, Column::time_of_day));
    if (!time) {
      const bool date_ok = ingest::parse_day_month_year(date_text, "").has_value();
      bad_cell(rec, date_ok ? Column::time_of_day : Column::date,
               date_ok ? field(rec, Column::time_of_day) : date_text,
               date_ok ? "is not a time of day (expected e.g. 12:05)" : "is not a date (expected day/month/year, e.g. 01/07/2026)",
               "bad-date", true);
      return false;
    }
    last_time_ = *time;
  } else if (date_text != last_date_text_ || last_date_text_.empty()) {
    auto time = ingest::parse_date_time(date_text);
    std::optional<ingest::SlashDate> undecided;
    if (!time) time = slash_date_time(rec, date_text, undecided);
    if (!time) {
      bad_cell(rec, Column::date, date_text, "is not a date-time (expected e.g. 2015-10-23 17:06:37)", "bad-date", true);
      return false;
    }
    last_date_text_.assign(date_text);
    last_time_ = *time;
    last_undecided_ = undecided;
  }
  set.time = last_time_;
  if (set.time < 0 || set.time >= latest_plausible_time_) {
    bad_cell(rec, Column::date, date_text, implausible_date_problem_, "implausible-date", false);
  }
  return true;
}

bool LogBuilder::read_set_kind(const ingest::CsvRecord& rec, std::string_view exercise, SetRecord& set) {
  // GymBook keeps the sets of a plan the lifter skipped, marked as such.
  if (layout_->has(Column::skipped)) {
    const std::string_view text = ingest::trim(field(rec, Column::skipped));
    if (ingest::iequals(text, "yes")) {
      drop(rec, Column::skipped, text, "skipped");
      return false;
    }
    if (!(text.empty() || ingest::iequals(text, "no"))) {
      bad_cell(rec, Column::skipped, text, "is not Yes or No", "bad-skipped", false);
    }
  }

  if (layout_->has(Column::set_order)) {
    const std::string_view text = ingest::trim(field(rec, Column::set_order));
    if (!text.empty()) {
      if (auto n = ingest::parse_number(text); n && *n == std::floor(*n) && std::abs(*n) < 1e6) {
        set.set_order = static_cast<std::int32_t>(*n);
      } else if (ingest::iequals(text, "W") || ingest::iequals(text, "WARM_UP") || ingest::iequals(text, "warmup") ||
                 ingest::iequals(text, "Warm Up") ||
                 (!layout_->warmup_marker.empty() && ingest::iequals(text, layout_->warmup_marker))) {
        set.kind = SetKind::warmup;
      } else if (ingest::iequals(text, "F") || ingest::iequals(text, "FAILURE")) {
        set.kind = SetKind::failure;
      } else if (ingest::iequals(text, "D") || ingest::iequals(text, "DROP") || ingest::iequals(text, "DROP_SET") ||
                 ingest::iequals(text, "dropset")) {
        set.kind = SetKind::drop;
      } else if (ingest::iequals(text, "Rest Timer") || ingest::iequals(text, "REST_TIMER") ||
                 // German Strong's rest timer (docs/formats.md: a real export
                 // holds 180 such rows among 364).
                 ingest::iequals(text, "Ruhezeit")) {
        drop(rec, Column::set_order, text, "rest-timer");
        return false;
      } else if (ingest::iequals(text, "Note") || ingest::iequals(text, "NOTE") || ingest::iequals(text, "Notes")) {
        drop(rec, Column::set_order, text, "note");
        return false;
      } else {
        bad_cell(rec, Column::set_order, text, "is not a set number or a set marker (W, F, D, WARM_UP, FAILURE, Rest Timer, Ruhezeit)",
                 "bad-set-order", false);
      }
    }
  } else {
    // No set numbers in the file (FitNotes, Fitbod): count the sets of one
    // exercise within one session.
    const bool same = have_previous_ && previous_time_day_ == set.time / 86400 && previous_exercise_ == exercise;
    set.set_order = same ? previous_set_order_ + 1 : 1;
  }
  if (layout_->has(Column::set_type)) {
    const std::string_view text = ingest::trim(field(rec, Column::set_type));
    if (text.empty() || ingest::iequals(text, "normal") || ingest::iequals(text, "default")) {
    } else if (ingest::iequals(text, "warmup") || ingest::iequals(text, "warm_up") ||
                 ingest::iequals(text, "warm-up")) {
      set.kind = SetKind::warmup;
    } else if (ingest::iequals(text, "failure")) {
      set.kind = SetKind::failure;
    } else if (ingest::iequals(text, "dropset") || ingest::iequals(text, "drop")) {
      set.kind = SetKind::drop;
    } else {
      bad_cell(rec, Column::set_type, text, "is not a set type (normal, warmup, failure, dropset)", "bad-set-type", false);
    }
  }
  // FitNotes' newer export keeps the sets of the plan the lifter did not
  // do (NotStarted: dropped, counted) beside those done and those failed.
  if (layout_->has(Column::status)) {
    const std::string_view text = ingest::trim(field(rec, Column::status));
    if (text.empty() || ingest::iequals(text, "Done")) {
    } else if (ingest::iequals(text, "Failed")) {
      set.kind = SetKind::failure;
    } else if (ingest::iequals(text, "NotStarted")) {
      drop(rec, Column::status, text, "not-started");
      return false;
    } else {
      bad_cell(rec, Column::status, text, "is not a set status (Done, Failed, NotStarted)", "bad-status", false);
    }
  }
  if (layout_->has(Column::is_warmup)) {
    const std::string_view text = ingest::trim(field(rec, Column::is_warmup));
    if (ingest::iequals(text, "true") || text == "1" || ingest::iequals(text, "yes")) {
      set.kind = SetKind::warmup;
    } else if (!(text.empty() || ingest::iequals(text, "false") || text == "0" || ingest::iequals(text, "no"))) {
      bad_cell(rec, Column::is_warmup, text, "is not true or false", "bad-warm-up", false);
    }
  }
  return true;
}

bool LogBuilder::read_load(const ingest::CsvRecord& rec, SetRecord& set) {
  std::optional<WeightUnit> written_unit;  // GymBook: "25.00 kg"
  std::optional<double> weight;
  if (layout_->weight_carries_unit) {
    const std::string_view text = ingest::trim(field(rec, Column::weight));
    const std::size_t space = text.rfind(' ');
    const std::string_view number = space == std::string_view::npos ? text : ingest::trim(text.substr(0, space));
    if (space != std::string_view::npos) written_unit = ingest::weight_unit_from(text.substr(space + 1));
    if (text.empty()) {
      weight = 0.0;
    } else if (space != std::string_view::npos && !written_unit) {
      bad_cell(rec, Column::weight, text, "does not end in a weight unit (kg, lb)", "bad-weight-unit", true);
      return false;
    } else if (auto v = ingest::parse_number(number)) {
      weight = *v;
    } else {
      bad_cell(rec, Column::weight, text, "is not a weight (expected e.g. 25.00 kg)", "bad-weight", true);
      return false;
    }
  } else {
    weight = needed_number(rec, Column::weight, 0.0, "bad-weight");
    if (!weight) return false;
  }
  WeightUnit unit = options_.default_unit;
  if (written_unit) {
    unit = *written_unit;
    if (*weight != 0) ++rows_in_[static_cast<std::size_t>(unit)];
  } else if (layout_->weight_unit) {
    unit = *layout_->weight_unit;
  } else if (layout_->has(Column::weight_unit)) {
    const std::string_view text = ingest::trim(field(rec, Column::weight_unit));
    if (!text.empty()) {
      auto u = ingest::weight_unit_from(text);
      if (!u) {
        bad_cell(rec, Column::weight_unit, text, "is not a weight unit (kg, kgs, lb, lbs)", "bad-weight-unit", true);
        return false;
      }
      unit = *u;
      if (*weight != 0) ++rows_in_[static_cast<std::size_t>(unit)];
    }
  }
  // The notebook's conversion, a division (docs/notebook.md step 1); as
  // written while the unit is still to be decided (decide_unit()).
  set.weight_kg = unit == WeightUnit::lb && !deferred_unit_ ? *weight / kPoundsPerKilogram : *weight;
  set.unit = unit;  // decide_unit() sets it again for a deferred unit
  const auto reps = needed_number(rec, Column::reps, 0.0, "bad-reps");
  if (!reps) return false;
  set.reps = *reps;
  set.rpe = optional_number(rec, Column::rpe, "bad-rpe");
  return true;
}

bool LogBuilder::read_distance_and_duration(const ingest::CsvRecord& rec, SetRecord& set) {
  const double distance = optional_number(rec, Column::distance, "bad-distance");
  bool distance_deferred = false;
  if (!std::isnan(distance)) {
    // A bare "Distance" holds the user's unit system, which the file does not
    // name: km with --weight-unit kg, miles with lb.
    double metres = options_.default_unit == WeightUnit::kg ? 1000.0 : 1609.344;
    bool bare = true;
    if (layout_->metres_per_distance_unit) {
      bare = false;
      metres = *layout_->metres_per_distance_unit;
    } else if (layout_->has(Column::distance_unit)) {
      const std::string_view text = ingest::trim(field(rec, Column::distance_unit));
      if (!text.empty()) {
        bare = false;
        auto m = ingest::metres_per(text);
        if (m) {
          metres = *m;
        } else {
          bad_cell(rec, Column::distance_unit, text, "is not a distance unit (m, km, mi, ft, yd)", "bad-distance-unit",
                   false);
          metres = std::numeric_limits<double>::quiet_NaN();
        }
      }
    }
    if (bare && deferred_unit_) {
      distance_deferred = true;
      metres = 1.0;
    }
    set.distance_m = distance * metres;
  }
  if (layout_->seconds_is_clock) {
    const std::string_view text = field(rec, Column::seconds);
    if (!ingest::trim(text).empty()) {
      auto s = ingest::parse_duration(text);
      if (s) {
        set.duration_s = *s;
      } else {
        bad_cell(rec, Column::seconds, text, "is not a duration (seconds or h:mm:ss)", "bad-duration", false);
      }
    }
  } else {
    set.duration_s = optional_number(rec, Column::seconds, "bad-duration");
  }
  return distance_deferred;
}

void LogBuilder::flag_set(const ingest::CsvRecord& rec, SetRecord& set) {
  set.timed = set.reps == 0 && ((set.distance_m > 0) || (set.duration_s > 0));
  if (set.reps < 0) bad_cell(rec, Column::reps, field(rec, Column::reps), "is negative", "negative-reps", false);
  set.outlier = is_outlier(set);
  if (set.kind == SetKind::warmup) tally(flagged("warm-up"), rec.line);
  if (set.timed) tally(flagged("timed"), rec.line);
  if (set.outlier && !deferred_unit_) tally(flagged("outlier"), rec.line);
  for (const PendingFlag& flag : pending_flags_) {
    DropStats& stats = flagged(flag.reason);
    tally(stats, rec.line);
    // The message is written for the first flagged row of each reason only:
    // a file can flag every row (dates in the future), and a message per
    // row made reading 3x slower.
    if (stats.first_problem.empty()) {
      stats.first_problem = cell_problem({"", rec.line, layout_->name(flag.column)},
                                         "value " + quoted_value(flag.value) + " " + std::string(flag.problem));
    }
  }
}

void LogBuilder::name_set(const ingest::CsvRecord& rec, std::string_view exercise, SetRecord& set) {
  set.exercise = exercises_(exercise);
  if (layout_->has(Column::workout)) {
    const std::string_view workout = without_controls(field(rec, Column::workout), workout_buffer_);
    set.workout = workouts_(options_.trim_names ? ingest::trim(workout) : workout);
  } else if (!last_undecided_) {
    // FitNotes and Fitbod have no workout name: the session is the day
    // (named once it is known, for an undecided slash date).
    set.workout = workouts_(ingest::format_date(set.time));
  }
  const std::string_view note = ingest::trim(field(rec, Column::notes));
  if (!note.empty()) {
    if (note.find("\\n") != std::string_view::npos) {
      // Some exports write line breaks in notes as a literal backslash-n.
      std::string text;
      text.reserve(note.size());
      for (std::size_t i = 0; i < note.size(); ++i) {
        if (note[i] == '\\' && i + 1 < note.size() && note[i + 1] == 'n') {
          text += '\n';
          ++i;
        } else {
          text += note[i];
        }
      }
      set.notes = notes_(text);
    } else {
      set.notes = notes_(note);
    }
  }
}

void LogBuilder::keep(const ingest::CsvRecord& rec, std::string_view exercise, std::string_view date_text, bool distance_deferred,
                      const SetRecord& set) {
  have_previous_ = true;
  previous_time_day_ = set.time / 86400;
  previous_exercise_.assign(exercise);
  previous_set_order_ = set.set_order;
  if (distance_deferred) bare_distance_sets_.push_back(static_cast<std::uint32_t>(log_.sets.size()));
  if (last_undecided_) {
    if (undecided_sets_.empty()) first_undecided_ = {rec.line, std::string(date_text)};
    undecided_sets_.emplace_back(static_cast<std::uint32_t>(log_.sets.size()), *last_undecided_);
  }
  log_.sets.push_back(set);
}

// A GymBook XML export: each <log> becomes a record under GymBook's field
// names, numbered as its line, and is read like a CSV record from there.
WorkoutLog read_gymbook(std::string_view bytes, const std::string& source, const ReadOptions& options) {
  if (options.format != "auto" && options.format != "gymbook") {
    throw InputError(source + ": the file is a GymBook XML export; --format " + options.format + " cannot read it "
                     "(use --format gymbook or auto)");
  }
  const std::vector<std::vector<std::string>> logs = ingest::read_gymbook_logs(bytes, source);
  LogBuilder builder(source, options);
  builder.reserve(logs.size());
  ingest::CsvRecord record;
  for (const std::string& name : ingest::kGymBookFields) record.fields.emplace_back(name);
  builder.on_record(record);
  for (std::size_t i = 0; i < logs.size(); ++i) {
    record.fields.assign(logs[i].begin(), logs[i].end());
    record.line = i + 1;
    record.index = i + 1;
    builder.on_record(record);
  }
  return builder.finish();
}

// The first line of a text, for messages.
std::string first_line(std::string_view text) {
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  std::string line(text.substr(0, std::min(text.find_first_of("\r\n"), std::size_t{120})));
  return printable(line);
}

// Files read whole rather than streamed: their records are not the file's
// lines (GymBook's XML, JEFIT's sections, Alpha Progression's blocks), and
// they are a few MB at most.
bool read_whole(std::string_view head, const ReadOptions& options) {
  return ingest::looks_like_xml(head.substr(0, 64)) || ingest::looks_like_jefit(head) || options.format == "jefit" ||
         ingest::alpha_progression_export(head) != ingest::AlphaProgressionExport::none ||
         options.format == "alpha-progression";
}

// The sets a reader of a whole file unpacked, read as records of `layout`
// (one without a header line), each reported at its line in the file.
template <std::size_t Fields>
WorkoutLog read_unpacked(const ingest::UnpackedSets<Fields>& sets, ingest::Layout layout, const std::string& source,
                         const ReadOptions& options) {
  LogBuilder builder(source, options);
  builder.reserve(sets.rows.size());
  builder.start(std::move(layout));
  for (const ingest::SetProblem& p : sets.dropped) builder.problem(p.line, p.column, p.value, p.problem, p.reason, true);
  for (const ingest::SetProblem& p : sets.flagged) builder.problem(p.line, p.column, p.value, p.problem, p.reason, false);
  ingest::CsvRecord record;
  for (std::size_t i = 0; i < sets.rows.size(); ++i) {
    record.fields.assign(sets.rows[i].begin(), sets.rows[i].end());
    record.line = sets.lines[i];
    record.index = i + 1;
    builder.on_record(record);
  }
  return builder.finish();
}

// A JEFIT export: its sets, unpacked by read_jefit(), read as records of
// jefit_layout(), each reported at its EXERCISE LOGS line.
WorkoutLog read_jefit_log(std::string_view bytes, const std::string& source, const ReadOptions& options) {
  const bool jefit = ingest::looks_like_jefit(bytes.substr(0, 4096));
  if (!jefit) {
    throw_input_error({source, 1, ""}, "--format jefit reads JEFIT's export, whose first line is a section banner such as "
                                       "'### SETTING ####...'; this file's first line is '" + first_line(bytes) + "'");
  }
  if (options.format != "auto" && options.format != "jefit") {
    throw InputError(source + ": the file is JEFIT's export ('### SETTING ###' and other sections); --format " +
                     options.format + " cannot read it (use --format jefit or auto)");
  }
  const ingest::JefitSets sets = ingest::read_jefit(bytes, source);
  return read_unpacked(sets, ingest::jefit_layout(sets.unit, sets.unit_evidence), source, options);
}

// An Alpha Progression Workouts export: its sets, found in its blocks by
// read_alpha_progression(), read as records of alpha_progression_layout().
WorkoutLog read_alpha_progression_log(std::string_view bytes, const std::string& source, const ReadOptions& options) {
  if (ingest::alpha_progression_export(bytes.substr(0, 4096)) == ingest::AlphaProgressionExport::none) {
    throw InputError(source + ":1: --format alpha-progression reads Alpha Progression's Workouts export, whose first "
                     "lines are a session's title and its start, such as \"2023-03-24 7:26 pm\",51 min; this file's "
                     "first line is '" + first_line(bytes) + "'");
  }
  if (options.format != "auto" && options.format != "alpha-progression") {
    throw InputError(source + ": the file is an Alpha Progression export (blocks of session, exercise and set lines); "
                     "--format " + options.format + " cannot read it (use --format alpha-progression or auto)");
  }
  return read_unpacked(ingest::read_alpha_progression(bytes, source), ingest::alpha_progression_layout(), source,
                       options);
}

WorkoutLog read_whole_file(std::string_view bytes, const std::string& source, const ReadOptions& options) {
  if (ingest::looks_like_xml(bytes.substr(0, 64))) return read_gymbook(bytes, source, options);
  if (ingest::looks_like_jefit(bytes.substr(0, 4096)) || options.format == "jefit") {
    return read_jefit_log(bytes, source, options);
  }
  return read_alpha_progression_log(bytes, source, options);
}

}  // namespace

const std::vector<std::string>& date_orders() {
  static const std::vector<std::string> orders = {"auto", "day-first", "month-first"};
  return orders;
}

WorkoutLog parse_workout_log(std::string_view text, const std::string& source, const ReadOptions& options) {
  if (read_whole(text.substr(0, 4096), options)) return read_whole_file(text, source, options);
  LogBuilder builder(source, options);
  builder.reserve(text.size() / 64);
  const char delimiter = ingest::sniff_delimiter(text.substr(0, 1 << 16));
  ingest::GymBookCsvRewriter gymbook_csv(options.format);  // GymBook's CSV export: its cells made readable
  ingest::CsvStream stream(source, delimiter, [&](const ingest::CsvRecord& r) { builder.on_record(gymbook_csv(r)); });
  builder.attach(&stream, delimiter);
  stream.feed(text);
  stream.finish();
  return builder.finish();
}

WorkoutLog read_workout_log(const std::filesystem::path& path, const ReadOptions& options) {
  namespace fs = std::filesystem;
  const std::string source = path.string();
  std::error_code ec;
  const auto status = fs::status(path, ec);
  if (ec || !fs::exists(status)) throw_input_error({source, 0, ""}, "no such file");
  if (fs::is_directory(status)) throw_input_error({source, 0, ""}, "is a directory, expected a CSV file");
  const std::unique_ptr<std::FILE, int (*)(std::FILE*)> file(std::fopen(path.c_str(), "rb"), &std::fclose);
  if (!file) throw_input_error({source, 0, ""}, std::string("cannot open: ") + std::strerror(errno));

  // Streaming: one chunk in memory at a time; the first one also decides the delimiter.
  std::string chunk(kChunkBytes, '\0');
  std::size_t n = std::fread(chunk.data(), 1, chunk.size(), file.get());
  if (read_whole(std::string_view(chunk.data(), std::min<std::size_t>(n, 4096)), options)) {
    std::string all(chunk.data(), n);
    while ((n = std::fread(chunk.data(), 1, chunk.size(), file.get())) > 0) all.append(chunk.data(), n);
    if (std::ferror(file.get()) != 0) throw_input_error({source, 0, ""}, std::string("read error: ") + std::strerror(errno));
    return read_whole_file(all, source, options);
  }
  LogBuilder builder(source, options);
  // Exports run 60-80 bytes a set: reserving for the file's size spares the
  // copies (and the 3x transient peak) of a growing vector on large files.
  builder.reserve(static_cast<std::size_t>(fs::file_size(path, ec) / 64));
  const char delimiter = ingest::sniff_delimiter(std::string_view(chunk.data(), n));
  ingest::GymBookCsvRewriter gymbook_csv(options.format);  // GymBook's CSV export: its cells made readable
  ingest::CsvStream stream(source, delimiter, [&](const ingest::CsvRecord& r) { builder.on_record(gymbook_csv(r)); });
  builder.attach(&stream, delimiter);
  while (n > 0) {
    stream.feed(std::string_view(chunk.data(), n));
    n = std::fread(chunk.data(), 1, chunk.size(), file.get());
  }
  if (std::ferror(file.get()) != 0) throw_input_error({source, 0, ""}, std::string("read error: ") + std::strerror(errno));
  stream.finish();
  return builder.finish();
}

std::string format_cleaning_summary(const CleaningSummary& summary) {
  std::size_t dropped = 0;
  for (const auto& [reason, stats] : summary.dropped) dropped += stats.count;
  std::string out = "rows read " + std::to_string(summary.rows_read) + ", kept " + std::to_string(summary.rows_kept) +
                    ", dropped " + std::to_string(dropped) + "\n";
  const auto lines = [](const DropStats& s) {
    std::string text;
    for (const std::size_t l : s.first_lines) text += (text.empty() ? "" : ", ") + std::to_string(l);
    return text + (s.count > s.first_lines.size() ? ", ..." : "");
  };
  const auto first = [](const DropStats& s) { return s.first_problem.empty() ? "" : "; first: " + s.first_problem; };
  for (const auto& [reason, stats] : summary.dropped) {
    out += "  dropped " + reason + ": " + std::to_string(stats.count) + " (lines " + lines(stats) + first(stats) + ")\n";
  }
  for (const auto& [reason, stats] : summary.flagged) {
    out += "  flagged " + reason + ": " + std::to_string(stats.count) + " (lines " + lines(stats) + first(stats) + ")\n";
  }
  return out;
}

}  // namespace exertrack::core::ingest
