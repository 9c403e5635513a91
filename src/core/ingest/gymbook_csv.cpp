#include "core/ingest/gymbook_csv.hpp"

#include <charconv>
#include <initializer_list>
#include <optional>

#include "core/ingest/formats.hpp"
#include "core/ingest/values.hpp"

namespace exertrack::core::ingest {
namespace {

struct Amount {
  std::string_view number;  // as written ("20,00"), read by parse_number
  double value = 0;
  std::string_view word;    // "kg", "ripetizioni"
};

// "20,00 kg" -> {"20,00", 20, "kg"}; nullopt unless a number, one space and a word.
std::optional<Amount> amount(std::string_view cell) {
  const std::string_view text = trim(cell);
  const std::size_t space = text.rfind(' ');
  if (space == std::string_view::npos) return std::nullopt;
  Amount a;
  a.number = trim(text.substr(0, space));
  a.word = text.substr(space + 1);
  const auto v = parse_number(a.number);
  if (!v || a.word.empty()) return std::nullopt;
  a.value = *v;
  return a;
}

bool any_of(std::string_view word, std::initializer_list<std::string_view> words) {
  for (const std::string_view w : words) {
    if (iequals(word, w)) return true;
  }
  return false;
}

void write_number(std::string& out, double v) {
  char buf[32];
  const auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
  out.assign(buf, ec == std::errc() ? end : buf);
}

}  // namespace

bool is_gymbook_csv_header(const std::vector<std::string_view>& first) {
  if (first.size() != kGymBookCsvItalian.size()) return false;
  for (std::size_t i = 0; i < first.size(); ++i) {
    if (normalise_header(first[i]) != normalise_header(kGymBookCsvItalian[i])) return false;
  }
  return true;
}

const CsvRecord& GymBookCsvRewriter::rewrite(const CsvRecord& record) {
  namespace f = gymbook_csv;
  out_.line = record.line;
  out_.index = record.index;
  out_.fields.assign(record.fields.begin(), record.fields.end());
  out_.fields[f::kWeightUnit] = {};
  out_.fields[f::kMetres] = {};
  out_.fields[f::kSeconds] = {};

  // "20 ripetizioni" are reps; "60 secondi" and "14 minuti" a timed set's
  // time. (The singular forms are Italian's for one; the export shows plurals.)
  if (const auto a = amount(record.fields[f::kRepsOrTime])) {
    if (any_of(a->word, {"ripetizioni", "ripetizione"})) {
      out_.fields[f::kRepsOrTime] = a->number;
    } else if (any_of(a->word, {"secondi", "secondo"})) {
      write_number(seconds_, a->value);
      out_.fields[f::kRepsOrTime] = {};
      out_.fields[f::kSeconds] = seconds_;
    } else if (any_of(a->word, {"minuti", "minuto"})) {
      write_number(seconds_, a->value * 60);
      out_.fields[f::kRepsOrTime] = {};
      out_.fields[f::kSeconds] = seconds_;
    }
  }

  // "20,00 kg" is a load with its unit; "0,55 km" a cardio set's distance.
  if (const auto a = amount(record.fields[f::kWeightOrDistance])) {
    if (weight_unit_from(a->word)) {
      out_.fields[f::kWeightOrDistance] = a->number;
      out_.fields[f::kWeightUnit] = a->word;
    } else if (const auto metres = metres_per(a->word)) {
      write_number(metres_, a->value * *metres);
      out_.fields[f::kWeightOrDistance] = {};
      out_.fields[f::kMetres] = metres_;
    }
  }

  // exertrack's set kinds are normal, warm-up, drop and failure. A cool-down
  // set is, like a warm-up, outside the working sets, and is read as one: it
  // is flagged, and left out wherever warm-ups are.
  const std::string_view kind = trim(record.fields[f::kSetKind]);
  if (iequals(kind, "Set")) {
    out_.fields[f::kSetKind] = {};
  } else if (iequals(kind, "Set di riscaldamento") || iequals(kind, "Set di defaticamento")) {
    out_.fields[f::kSetKind] = "warmup";
  }

  // Saltato: "Si" (also spelt "Sì") for a set of the plan the lifter skipped.
  const std::string_view skipped = trim(record.fields[f::kSkipped]);
  if (iequals(skipped, "Si") || skipped == "S\xC3\xAC" || skipped == "s\xC3\xAC") out_.fields[f::kSkipped] = "Yes";
  return out_;
}

}  // namespace exertrack::core::ingest
