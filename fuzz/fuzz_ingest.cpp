// libFuzzer target for the export reader.
//
// 1. parse_workout_log on any bytes either returns a log or throws
//    InputError; anything else (a crash, another exception, a sanitizer
//    report, a hang) is a bug. The returned log must be consistent.
// 2. Differential: CsvStream (hand-written for speed) must split the bytes
//    into exactly the records libcsv does (non-strict, no space trimming,
//    all newlines reported), and fail exactly when libcsv ends inside a quote.
#include <csv.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "core/ingest/csv_stream.hpp"
#include "core/ingest/workout_log.hpp"
#include "core/util/error.hpp"

namespace ingest = exertrack::core::ingest;
using exertrack::core::util::InputError;

namespace {

using Records = std::vector<std::vector<std::string>>;

struct LibcsvCollector {
  Records records;
  std::vector<std::string> row;
  bool any_field = false;
};

void on_field(void* data, std::size_t len, void* self) {
  auto& c = *static_cast<LibcsvCollector*>(self);
  c.row.emplace_back(static_cast<const char*>(data), len);
}

void on_row(int, void* self) {
  auto& c = *static_cast<LibcsvCollector*>(self);
  // CsvStream's rules: a row without fields is a blank line, a row of one
  // empty field ("") is blank too.
  if (!c.row.empty() && !(c.row.size() == 1 && c.row[0].empty())) c.records.push_back(c.row);
  c.row.clear();
}

// libcsv's records, or nullopt-like flag when the input ends inside a quoted field.
bool libcsv_records(std::string_view text, char delimiter, Records& out) {
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  csv_parser parser{};
  csv_init(&parser, CSV_REPALL_NL);
  csv_set_delim(&parser, static_cast<unsigned char>(delimiter));
  csv_set_space_func(&parser, [](unsigned char) { return 0; });
  LibcsvCollector collector;
  csv_parse(&parser, text.data(), text.size(), on_field, on_row, &collector);
  const bool unterminated = parser.pstate == 2 /* FIELD_BEGUN */ && parser.quoted != 0;
  csv_fini(&parser, on_field, on_row, &collector);
  csv_free(&parser);
  out = std::move(collector.records);
  return !unterminated;
}

void check_tokenizer(std::string_view text, char delimiter, std::size_t chunk) {
  Records expected;
  const bool ok = libcsv_records(text, delimiter, expected);
  Records got;
  bool threw = false;
  try {
    ingest::CsvStream stream("fuzz", delimiter, [&](const ingest::CsvRecord& r) {
      got.emplace_back(r.fields.begin(), r.fields.end());
    });
    for (std::size_t i = 0; i < text.size(); i += chunk) stream.feed(text.substr(i, chunk));
    stream.finish();
  } catch (const InputError&) {
    threw = true;
  }
  if (threw != !ok) std::abort();
  if (ok && got != expected) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const std::size_t chunk = size == 0 ? 1 : 1 + data[0] % 16;
  check_tokenizer(text, ',', chunk);
  check_tokenizer(text, ';', size);

  // The unit given, the unit detected from the loads, and --strict (every
  // unreadable cell an error), found by detection; and the layouts read
  // whole (JEFIT's sections, Alpha Progression's blocks) chosen with
  // --format, whatever the bytes: each path either reads or reports.
  struct Variant {
    ingest::WeightUnit unit;
    bool detect;
    bool strict;
    const char* format;
  };
  for (const Variant v : {Variant{ingest::WeightUnit::lb, false, false, "auto"},
                          Variant{ingest::WeightUnit::kg, true, false, "auto"},
                          Variant{ingest::WeightUnit::lb, true, true, "auto"},
                          Variant{ingest::WeightUnit::lb, true, false, "jefit"},
                          Variant{ingest::WeightUnit::lb, true, false, "alpha-progression"}}) {
    ingest::ReadOptions options;
    options.default_unit = v.unit;
    options.detect_unit = v.detect;
    options.strict = v.strict;
    options.format = v.format;
    try {
      const ingest::WorkoutLog log = ingest::parse_workout_log(text, "fuzz.csv", options);
      if (log.sets.size() != log.summary.rows_kept || log.sets.size() > log.summary.rows_read) std::abort();
      if (log.sets.empty()) std::abort();  // no row left is an InputError
      if (log.unit_source.empty() || (log.unit_source != "column") != log.weight_unit.has_value()) std::abort();
      for (std::size_t i = 0; i < log.sets.size(); ++i) {
        const auto& s = log.sets[i];
        if (s.exercise >= log.exercises.size() || s.workout >= log.workouts.size() || s.notes >= log.notes.size()) {
          std::abort();
        }
        if (i > 0 && log.sets[i - 1].time > s.time) std::abort();
      }
      if (std::string_view(v.format) != "auto" && log.format != v.format) std::abort();
      (void)ingest::format_cleaning_summary(log.summary);
    } catch (const InputError&) {
      // unreadable input is reported, which is the point
    }
  }
  return 0;
}
