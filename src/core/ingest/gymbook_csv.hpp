#pragma once
// GymBook (iOS) exports its logs as XML (core/ingest/gymbook.hpp) or as CSV, the
// CSV's header and values in the app's language. The Italian CSV (a real
// 5,632-row one: GB1609/GymBookToStrong@761a2ca1 GymBook-Logs-2025-01-16.csv,
// read by that repository's parse.py; no CSV in another language was found) is
// comma-separated, UTF-8, one set a line, under the header
//   Data,Programma,Orario,Esercizio,Zona,Gruppi muscolari (Primari),
//   Gruppi muscolari (Secondari),Set / Set di riscaldamento / Set di
//   defaticamento,Ripetizioni / Tempo,Peso / Distanza,Appunti,Saltato
// with day/month/two-digit-year dates ("09/01/25") and the time in its own
// column ("19:30"); the set kind "Set", "Set di riscaldamento" (warm-up) or
// "Set di defaticamento" (cool-down); reps or a time in one column ("20
// ripetizioni", "60 secondi", "14 minuti"), a weight or a distance in another
// with a decimal comma ("20,00 kg", "0,55 km"); skipped "No" or "Si".
//
// The reader takes such a file like GymBook's XML: the header is recognised
// by its names (detect_layout, core/ingest/formats.cpp) and each data record is
// rewritten here, before it is read, into values the reader knows. A cell
// holding two kinds of value is split: the reps or weight stay in their
// column, the seconds, the distance in metres and the weight's unit go to the
// three muscle columns, which exertrack does not read. A value not of the
// export's forms is left as written, so the reader reports it in its own
// column.
#include <array>
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "core/ingest/csv_stream.hpp"

namespace exertrack::core::ingest {

// The Italian export's header, in order.
inline constexpr std::array<std::string_view, 12> kGymBookCsvItalian = {
    "Data",  "Programma",
    "Orario", "Esercizio",
    "Zona",  "Gruppi muscolari (Primari)",
    "Gruppi muscolari (Secondari)", "Set / Set di riscaldamento / Set di defaticamento",
    "Ripetizioni / Tempo", "Peso / Distanza",
    "Appunti", "Saltato"};

// Field positions in that header.
namespace gymbook_csv {
inline constexpr std::size_t kDate = 0, kWorkout = 1, kTime = 2, kExercise = 3, kSetKind = 7, kRepsOrTime = 8,
                             kWeightOrDistance = 9, kNotes = 10, kSkipped = 11;
// Where a rewritten record puts the values split out of a cell (the columns
// of the muscle region and groups, which the reader leaves unread).
inline constexpr std::size_t kWeightUnit = 4, kMetres = 5, kSeconds = 6;
}  // namespace gymbook_csv

// True when a first record is the header of GymBook's Italian CSV export
// (names compared as normalise_header leaves them).
[[nodiscard]] bool is_gymbook_csv_header(const std::vector<std::string_view>& first);

// Rewrites the data records of a GymBook CSV export as described above and
// passes every other record, and every record of any other file, unchanged.
// Decides from the first record (the header) whether the file is one;
// `format` is ReadOptions::format: a file forced to be read as another app's
// is not rewritten.
class GymBookCsvRewriter {
 public:
  explicit GymBookCsvRewriter(std::string_view format) : enabled_(format == "auto" || format == "gymbook") {}

  // The record to read: `record` itself, or a rewritten copy valid until the next call.
  [[nodiscard]] const CsvRecord& operator()(const CsvRecord& record) {
    if (record.index == 0) active_ = enabled_ && is_gymbook_csv_header(record.fields);
    if (!active_ || record.index == 0 || record.fields.size() != kGymBookCsvItalian.size()) return record;
    return rewrite(record);
  }

 private:
  const CsvRecord& rewrite(const CsvRecord& record);

  bool enabled_;
  bool active_ = false;
  CsvRecord out_;
  std::string metres_;   // the distance in metres, as text
  std::string seconds_;  // the time in seconds, as text
};

}  // namespace exertrack::core::ingest
