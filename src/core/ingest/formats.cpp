#include "core/ingest/formats.hpp"

#include <algorithm>
#include <initializer_list>
#include <utility>

#include "core/ingest/alpha_progression.hpp"
#include "core/ingest/gymbook_csv.hpp"
#include "core/ingest/jefit.hpp"
#include "core/ingest/values.hpp"
#include "core/util/error.hpp"

using exertrack::core::util::InputError;
using exertrack::core::util::InputKind;
using exertrack::core::util::throw_input_error;

namespace exertrack::core::ingest {
namespace {

constexpr double kMetresPerMile = 1609.344;

struct Alias {
  std::string_view normalised;  // as normalise_header() leaves it
  Column column;
  std::optional<WeightUnit> weight_unit = std::nullopt;
  std::optional<double> metres = std::nullopt;
};

// Header names of the supported apps. Strong localises its export header;
// French and Chinese names other than those below, and the German names
// other than those of the real exports below (Übungsname, Satzreihenfolge,
// Wiederholungen, Trainingsname...), are the app's wording as users have
// reported it, kept beside the real ones; a header in another wording still
// works through the positional fallback below. German from three real
// exports with the same header (ShutCoffee/Health-Dashboard@02adb03f
// strong.csv, patrickzim/Wellbeing_23@e40d75a8 strong.csv,
// Eliah3/sports-tracking@4fc546c4 strong_workouts.csv): Datum, Workout-Name,
// Dauer, Name der Übung, Reihenfolge festlegen, Gewicht, Wiederh., Entfernung,
// Sekunden, Notizen, Workout-Notizen, RPE ("Set Order" machine-translated as
// "Reihenfolge festlegen", set the order; Dauer is the workout's duration,
// "1h 2min", and Workout-Notizen its notes, neither a set's). French from a
// real export (SebastienRdgs/stronger@18cf3c8e strong.csv): Date, Nom de
// l'entraînement, Durée, Nom de l'exercice, Ordre de la série, Poids, Réps,
// Distance, Secondes, Notes, Notes d'entraînement, RPE. Chinese from a real
// export (DericMei/My-WorkOut-Project@7702a117 strong.csv): 日期, 锻炼名称,
// 时长, 运动名称, 设置顺序, 重量, 次, 距离, 秒, 备注, 锻炼备注, RPE ("Set
// Order" machine-translated as 设置顺序, "Reps" as 次). Durée, 时长 (the
// workout's duration) and the workout notes are not a set's and stay unread. The Portuguese names are those of a real
// 12-column export (Data, Nome do treino, Duração, Nome do exercício, Ordem da
// série, Peso, Reps, Distância, Segundos, Notas, Notas do treino, RPE), as
// read by gustavosinacio/ada11@6fed1456:scripts/import-strong.ts and listed in
// gustavosinacio/ada11@6fed1456:docs/runs/2026-05-20_0127_import-strong-csv/discovery.md; "Duração" is
// the workout's duration and "Notas do treino" its notes, neither a set's.
// Spanish from a real export (cuyakonwu/cuyakonwu-landing-page@2860a212
// strong.csv): Fecha, Nombre de entrenamiento, Duración, Nombre del
// ejercicio, Orden de la serie, Peso, Rep., Distancia, Segundos, Notas, Notas
// del entrenamiento, RPE ("1 h 46 min" durations, the workout's); "Nombre del
// entrenamiento" and "Repeticiones" as users have reported them.
const std::vector<Alias>& aliases() {
  static const std::vector<Alias> table = {
      // date
      {"date", Column::date}, {"starttime", Column::date}, {"datum", Column::date}, {"data", Column::date},
      {"日期", Column::date}, {"fecha", Column::date},
      {"时间", Column::date},
      // workout
      {"workoutname", Column::workout}, {"title", Column::workout}, {"workout", Column::workout},
      {"trainingsname", Column::workout}, {"trainingname", Column::workout}, {"nomdelentraînement", Column::workout},
      {"nomdelentrainement", Column::workout}, {"nomdelaséance", Column::workout}, {"entraînement", Column::workout},
      {"nomedotreino", Column::workout}, {"nombredeentrenamiento", Column::workout},
      {"nombredelentrenamiento", Column::workout}, {"训练名称", Column::workout}, {"锻炼名称", Column::workout}, {"训练", Column::workout},
      // exercise
      {"exercisename", Column::exercise}, {"exercisetitle", Column::exercise}, {"exercise", Column::exercise},
      {"übungsname", Column::exercise}, {"namederübung", Column::exercise}, {"übung", Column::exercise},
      {"nomdelexercice", Column::exercise}, {"exercice", Column::exercise}, {"nomedoexercício", Column::exercise},
      {"nombredelejercicio", Column::exercise}, {"动作名称", Column::exercise},
      {"练习名称", Column::exercise}, {"运动名称", Column::exercise}, {"动作", Column::exercise},
      // set order
      {"setorder", Column::set_order}, {"setindex", Column::set_order}, {"setnumber", Column::set_order},
      {"satzreihenfolge", Column::set_order}, {"reihenfolgedersätze", Column::set_order}, {"satz", Column::set_order},
      {"reihenfolgefestlegen", Column::set_order},
      {"ordredesséries", Column::set_order}, {"ordredelasérie", Column::set_order}, {"série", Column::set_order},
      {"ordemdasérie", Column::set_order}, {"ordendelaserie", Column::set_order}, {"设置顺序", Column::set_order},
      {"组序", Column::set_order}, {"组顺序", Column::set_order}, {"组", Column::set_order},
      // weight
      {"weight", Column::weight}, {"gewicht", Column::weight}, {"poids", Column::weight}, {"peso", Column::weight},
      {"重量", Column::weight},
      {"weightkg", Column::weight, WeightUnit::kg}, {"weightkgs", Column::weight, WeightUnit::kg},
      {"kg", Column::weight, WeightUnit::kg}, {"kgs", Column::weight, WeightUnit::kg},
      {"gewichtkg", Column::weight, WeightUnit::kg}, {"poidskg", Column::weight, WeightUnit::kg},
      {"重量kg", Column::weight, WeightUnit::kg}, {"weightlbs", Column::weight, WeightUnit::lb},
      {"weightlb", Column::weight, WeightUnit::lb}, {"lb", Column::weight, WeightUnit::lb},
      {"lbs", Column::weight, WeightUnit::lb}, {"gewichtlbs", Column::weight, WeightUnit::lb},
      {"poidslbs", Column::weight, WeightUnit::lb}, {"重量lbs", Column::weight, WeightUnit::lb},
      {"weightunit", Column::weight_unit}, {"unit", Column::weight_unit}, {"gewichtseinheit", Column::weight_unit},
      {"unitédepoids", Column::weight_unit}, {"重量单位", Column::weight_unit},
      // reps
      {"reps", Column::reps}, {"repetitions", Column::reps}, {"répétitions", Column::reps}, {"réps", Column::reps},
      {"次", Column::reps}, {"rep", Column::reps}, {"repeticiones", Column::reps},
      {"wiederholungen", Column::reps}, {"wiederh", Column::reps}, {"wdh", Column::reps}, {"次数", Column::reps},
      // rpe
      {"rpe", Column::rpe},
      // distance
      {"distance", Column::distance}, {"distanz", Column::distance}, {"entfernung", Column::distance},
      {"距离", Column::distance}, {"distância", Column::distance}, {"distancia", Column::distance}, {"distancemeters", Column::distance, std::nullopt, 1.0},
      {"distancem", Column::distance, std::nullopt, 1.0}, {"distancekm", Column::distance, std::nullopt, 1000.0},
      {"km", Column::distance, std::nullopt, 1000.0}, {"distancemiles", Column::distance, std::nullopt, kMetresPerMile},
      {"distancemi", Column::distance, std::nullopt, kMetresPerMile}, {"mi", Column::distance, std::nullopt, kMetresPerMile},
      {"miles", Column::distance, std::nullopt, kMetresPerMile}, {"distanceunit", Column::distance_unit},
      {"distanzeinheit", Column::distance_unit}, {"unitédedistance", Column::distance_unit},
      {"距离单位", Column::distance_unit},
      // seconds of the set (not the workout's "Duration")
      {"seconds", Column::seconds}, {"durationseconds", Column::seconds}, {"durations", Column::seconds},
      {"time", Column::seconds}, {"sekunden", Column::seconds}, {"secondes", Column::seconds}, {"segundos", Column::seconds},
      {"秒", Column::seconds},
      {"秒数", Column::seconds},
      // set notes (workout notes are not per set and are not kept)
      {"notes", Column::notes}, {"note", Column::notes}, {"exercisenotes", Column::notes}, {"comment", Column::notes},
      {"notizen", Column::notes}, {"notas", Column::notes}, {"备注", Column::notes}, {"笔记", Column::notes},
      // set kind
      {"settype", Column::set_type}, {"iswarmup", Column::is_warmup},
      // whether a planned set was lifted (FitNotes' Name,StartTime,... export)
      {"status", Column::status},
  };
  return table;
}

// Header names that only one language's exports use (not "Data", "Peso",
// "Segundos" or "Notas", which Portuguese, Spanish and Italian share, nor
// words English shares), from the exports cited above, each with its
// language: the header's language is evidence for the weight unit.
struct LanguageName {
  std::string_view normalised;
  std::string_view language;
};
constexpr LanguageName kLanguageNames[] = {
    {"nomdelentraînement", "French"}, {"nomdelentrainement", "French"}, {"nomdelaséance", "French"},
    {"durée", "French"}, {"nomdelexercice", "French"}, {"exercice", "French"}, {"ordredesséries", "French"},
    {"ordredelasérie", "French"}, {"poids", "French"}, {"réps", "French"}, {"répétitions", "French"},
    {"secondes", "French"}, {"notesdentraînement", "French"}, {"unitédepoids", "French"},
    {"datum", "German"}, {"trainingsname", "German"}, {"dauer", "German"}, {"übungsname", "German"},
    {"namederübung", "German"}, {"übung", "German"}, {"satzreihenfolge", "German"},
    {"reihenfolgedersätze", "German"}, {"reihenfolgefestlegen", "German"}, {"gewicht", "German"},
    {"wiederholungen", "German"}, {"wiederh", "German"}, {"wdh", "German"}, {"distanz", "German"},
    {"entfernung", "German"}, {"sekunden", "German"}, {"notizen", "German"}, {"workoutnotizen", "German"},
    {"fecha", "Spanish"}, {"nombredeentrenamiento", "Spanish"}, {"nombredelentrenamiento", "Spanish"},
    {"duración", "Spanish"}, {"repeticiones", "Spanish"},
    {"nombredelejercicio", "Spanish"}, {"ordendelaserie", "Spanish"}, {"distancia", "Spanish"},
    {"notasdelentrenamiento", "Spanish"},
    {"nomedotreino", "Portuguese"}, {"duração", "Portuguese"}, {"nomedoexercício", "Portuguese"},
    {"ordemdasérie", "Portuguese"}, {"distância", "Portuguese"}, {"notasdotreino", "Portuguese"},
    {"日期", "Chinese"}, {"锻炼名称", "Chinese"}, {"训练名称", "Chinese"}, {"时长", "Chinese"}, {"运动名称", "Chinese"},
    {"动作名称", "Chinese"}, {"练习名称", "Chinese"}, {"设置顺序", "Chinese"}, {"重量", "Chinese"}, {"次", "Chinese"},
    {"次数", "Chinese"}, {"距离", "Chinese"}, {"秒", "Chinese"}, {"备注", "Chinese"}, {"锻炼备注", "Chinese"},
};

// The language at least two of the header's names are own to, the most
// of them; "" when none is.
std::string_view header_language(const std::vector<std::string_view>& first) {
  std::vector<std::pair<std::string_view, int>> counts;
  for (const std::string_view f : first) {
    const std::string key = normalise_header(f);
    for (const LanguageName& n : kLanguageNames) {
      if (n.normalised != key) continue;
      auto it = std::find_if(counts.begin(), counts.end(), [&](const auto& c) { return c.first == n.language; });
      if (it == counts.end()) {
        counts.emplace_back(n.language, 1);
      } else {
        ++it->second;
      }
      break;
    }
  }
  std::string_view best;
  int most = 1;
  for (const auto& [language, count] : counts) {
    if (count > most) {
      best = language;
      most = count;
    }
  }
  return best;
}

// Strong's own column names, for files without a header line.
constexpr std::string_view kStrongNames14[] = {"Date",     "Workout Name",  "Exercise Name", "Set Order", "Weight",
                                               "Weight Unit", "Reps",       "RPE",           "Distance",  "Distance Unit",
                                               "Seconds",  "Notes",         "Workout Notes", "Workout Duration"};
constexpr std::string_view kStrongNames13[] = {"Workout #", "Date",  "Workout Name", "Duration (sec)", "Exercise Name",
                                               "Set Order", "Weight (kg)", "Reps", "RPE", "Distance (meters)",
                                               "Seconds",   "Notes", "Workout Notes"};
constexpr std::string_view kStrongNames12[] = {"Date",     "Workout Name", "Duration", "Exercise Name",
                                               "Set Order", "Weight",      "Reps",     "Distance",
                                               "Seconds",  "Notes",        "Workout Notes", "RPE"};
constexpr std::string_view kStrongNames10[] = {"Date",   "Workout Name", "Exercise Name", "Set Order", "Weight",
                                               "Reps",   "Distance",     "Seconds",       "Notes",     "Workout Notes"};

std::vector<std::string> strong_names(std::size_t count) {
  std::vector<std::string> names;
  auto take = [&](auto& arr, std::size_t n) {
    for (std::size_t i = 0; i < n; ++i) names.emplace_back(arr[i]);
  };
  switch (count) {
    case 10: take(kStrongNames10, 10); break;
    case 11: take(kStrongNames12, 11); break;
    case 12: take(kStrongNames12, 12); break;
    case 13: take(kStrongNames13, 13); break;
    case 14: take(kStrongNames14, 14); break;
    default: break;
  }
  return names;
}

// Either order of a slash date will do here: the reader decides it per file.
bool looks_like_date(std::string_view field) {
  if (parse_date_time(field)) return true;
  const auto slash = parse_slash_date(field);
  return slash && (slash_date_time(*slash, true) || slash_date_time(*slash, false));
}

void map_names(Layout& layout, const std::string& source) {
  layout.index.fill(-1);
  for (std::size_t i = 0; i < layout.names.size(); ++i) {
    const std::string key = normalise_header(layout.names[i]);
    for (const Alias& alias : aliases()) {
      if (alias.normalised != key) continue;
      auto& slot = layout.index[static_cast<std::size_t>(alias.column)];
      if (slot >= 0) {
        // The same name twice: which one holds the sets is a guess, so say so.
        // (Another name for the same role, "Weight" beside "kg", leaves the first.)
        if (normalise_header(layout.names[static_cast<std::size_t>(slot)]) == key) {
          throw_input_error({source, 1, layout.names[i]},
                            "the header names this column twice (fields " + std::to_string(slot + 1) + " and " +
                                std::to_string(i + 1) + "); rename or remove one");
        }
        break;  // first occurrence wins
      }
      slot = static_cast<int>(i);
      if (alias.column == Column::weight) layout.weight_unit = alias.weight_unit;
      if (alias.column == Column::distance) layout.metres_per_distance_unit = alias.metres;
      if (alias.column == Column::seconds && key == "time") layout.seconds_is_clock = true;
      break;
    }
  }
}

// Strong's header-less layouts and the --format name that forces each.
struct HeaderlessLayout {
  std::string format;
  std::vector<std::string_view> names;
};
const std::vector<HeaderlessLayout>& headerless_layouts() {
  static const std::vector<HeaderlessLayout> layouts = {
      {"strong", {std::begin(kStrongNames10), std::end(kStrongNames10)}},
      {"strong", {std::begin(kStrongNames12), std::begin(kStrongNames12) + 11}},
      {"strong", {std::begin(kStrongNames12), std::end(kStrongNames12)}},
      {"strong-2024", {std::begin(kStrongNames13), std::end(kStrongNames13)}},
      {"strong-13", {std::begin(kStrongNames14), std::begin(kStrongNames14) + 13}},
      {"strong", {std::begin(kStrongNames14), std::end(kStrongNames14)}},
  };
  return layouts;
}

// Why a data record does not fit a layout ("" = it fits): the date must be
// a date-time, numbers numbers (or empty), units units (or empty).
std::string headerless_misfit(const Layout& layout, const std::vector<std::string_view>& record) {
  const auto cell = [&](Column c) { return trim(record[static_cast<std::size_t>(layout.at(c))]); };
  if (!looks_like_date(cell(Column::date))) return "'" + std::string(cell(Column::date)) + "' under Date is not a date";
  for (const Column c : {Column::weight, Column::reps, Column::rpe, Column::distance}) {
    if (!layout.has(c) || cell(c).empty() || parse_number(cell(c))) continue;
    return "'" + std::string(cell(c)) + "' under " + layout.name(c) + " is not a number";
  }
  if (layout.has(Column::weight_unit) && !cell(Column::weight_unit).empty() && !weight_unit_from(cell(Column::weight_unit))) {
    return "'" + std::string(cell(Column::weight_unit)) + "' under Weight Unit is not kg or lb";
  }
  if (layout.has(Column::distance_unit) && !cell(Column::distance_unit).empty() &&
      !metres_per(cell(Column::distance_unit))) {
    return "'" + std::string(cell(Column::distance_unit)) + "' under Distance Unit is not a distance unit";
  }
  if (layout.has_header == false && layout.names.front() == "Workout #" && !parse_number(trim(record.front()))) {
    return "'" + std::string(trim(record.front())) + "' under Workout # is not a number";
  }
  return "";
}

std::size_t recognised(const Layout& layout) {
  return static_cast<std::size_t>(std::count_if(layout.index.begin(), layout.index.end(), [](int i) { return i >= 0; }));
}

std::string joined(const std::vector<std::string_view>& fields, char sep) {
  std::string out;
  for (std::size_t i = 0; i < fields.size(); ++i) {
    if (i > 0) out += sep;
    out += fields[i];
  }
  return out.size() > 200 ? out.substr(0, 200) + "..." : out;
}

}  // namespace

const std::string& Layout::name(Column c) const {
  static const std::array<std::string, kColumnCount> kRoleNames = {
      "Date", "Workout Name", "Exercise Name", "Set Order", "Weight", "Weight Unit", "Reps",
      "RPE",  "Distance",     "Distance Unit", "Seconds",   "Notes",  "set_type",    "isWarmup", "time", "skipped", "Status"};
  const int i = at(c);
  if (i >= 0 && static_cast<std::size_t>(i) < names.size()) return names[static_cast<std::size_t>(i)];
  return kRoleNames[static_cast<std::size_t>(c)];
}

const std::vector<std::string>& known_formats() {
  static const std::vector<std::string> formats = {"strong", "strong-13", "strong-2024", "hevy",      "fitnotes",
                                                   "fitbod", "gymbook",   "jefit",       "alpha-progression"};
  return formats;
}

namespace {

// The layout of records a reader unpacked from a file without a CSV header
// of its own: which of their fields holds each column, and the names
// messages give the fields.
Layout unpacked_layout(std::string format, std::vector<std::string> names,
                       std::initializer_list<std::pair<Column, std::size_t>> fields, std::string description) {
  Layout layout;
  layout.format = std::move(format);
  layout.has_header = false;
  layout.index.fill(-1);
  layout.names = std::move(names);
  for (const auto& [column, at] : fields) layout.index[static_cast<std::size_t>(column)] = static_cast<int>(at);
  layout.description = std::move(description);
  return layout;
}

}  // namespace

Layout jefit_layout(WeightUnit unit, const std::string& evidence) {
  // Messages name the column of the export the value came from.
  std::vector<std::string> names(jefit::kFieldCount, "logs");
  names[jefit::kTime] = "mydate";
  names[jefit::kDay] = "mydate";
  names[jefit::kExercise] = "ename";
  names[jefit::kSetType] = "set_type";
  Layout layout = unpacked_layout(
      "jefit", std::move(names),
      {{Column::date, jefit::kTime}, {Column::workout, jefit::kDay}, {Column::exercise, jefit::kExercise},
       {Column::set_order, jefit::kSet}, {Column::weight, jefit::kWeight}, {Column::reps, jefit::kReps},
       {Column::seconds, jefit::kSeconds}, {Column::set_type, jefit::kSetType}},
      "JEFIT's export (sets unpacked from EXERCISE LOGS; warm-ups from EXERCISE SET LOGS)");
  layout.weight_unit = unit;
  layout.unit_evidence = evidence;
  return layout;
}

Layout alpha_progression_layout() {
  namespace ap = alpha_progression;
  std::vector<std::string> names(ap::kFieldCount);
  names[ap::kTime] = "session start";
  names[ap::kWorkout] = "session title";
  names[ap::kExercise] = "exercise";
  names[ap::kSet] = "#";
  names[ap::kWeight] = "LBS/KG";
  names[ap::kUnit] = "#,LBS,REPS";
  names[ap::kReps] = "REPS";
  names[ap::kNote] = "exercise note";
  Layout layout = unpacked_layout(
      "alpha-progression", std::move(names),
      {{Column::date, ap::kTime}, {Column::workout, ap::kWorkout}, {Column::exercise, ap::kExercise},
       {Column::set_order, ap::kSet}, {Column::weight, ap::kWeight}, {Column::weight_unit, ap::kUnit},
       {Column::reps, ap::kReps}, {Column::notes, ap::kNote}},
      "Alpha Progression's Workouts export (blocks of session, exercise and set lines)");
  layout.unit_evidence = "#,LBS,REPS or #,KG,REPS above each exercise's sets";
  return layout;
}


std::optional<double> metres_per(std::string_view unit) {
  const std::string u = normalise_header(unit);
  if (u == "m" || u == "meters" || u == "metres" || u == "meter") return 1.0;
  if (u == "km" || u == "kms" || u == "kilometers" || u == "kilometres") return 1000.0;
  if (u == "mi" || u == "mile" || u == "miles") return kMetresPerMile;
  if (u == "ft" || u == "feet") return 0.3048;
  if (u == "yd" || u == "yds" || u == "yards") return 0.9144;
  return std::nullopt;
}

std::optional<WeightUnit> weight_unit_from(std::string_view unit) {
  const std::string u = normalise_header(unit);
  if (u == "kg" || u == "kgs" || u == "kilograms") return WeightUnit::kg;
  if (u == "lb" || u == "lbs" || u == "pounds") return WeightUnit::lb;
  return std::nullopt;
}

namespace {

// GymBook's exports, known by their header: its XML logs' field names or its
// Italian CSV's. nullopt for any other file (an error when --format gymbook
// was asked for).
std::optional<Layout> gymbook_layout(const std::vector<std::string_view>& first, const std::string& forced_format,
                                     const std::string& source) {
  Layout layout;
  // GymBook's fields (core/ingest/gymbook.hpp) by their own names: "time" is the
  // time of day there, not FitNotes' duration, so they are not aliases.
  static const std::vector<std::pair<std::string_view, Column>> kGymBook = {
      {"date", Column::date},   {"workout", Column::workout}, {"time", Column::time_of_day},
      {"exercise", Column::exercise}, {"type", Column::set_type}, {"reps", Column::reps},
      {"weight", Column::weight}, {"notes", Column::notes},   {"skipped", Column::skipped}};
  const bool gymbook_names =
      first.size() == kGymBook.size() &&
      std::equal(first.begin(), first.end(), kGymBook.begin(),
                 [](std::string_view f, const auto& g) { return normalise_header(f) == g.first; });
  if (gymbook_names && (forced_format == "auto" || forced_format == "gymbook")) {
    layout.format = "gymbook";
    layout.names.assign(first.begin(), first.end());
    layout.index.fill(-1);
    for (std::size_t i = 0; i < kGymBook.size(); ++i) layout.index[static_cast<std::size_t>(kGymBook[i].second)] = static_cast<int>(i);
    layout.date_is_day_month_year = true;
    layout.weight_carries_unit = true;
    return layout;
  }
  if (is_gymbook_csv_header(first) && (forced_format == "auto" || forced_format == "gymbook")) {
    // GymBook's Italian CSV export, its records rewritten on the way in
    // (core/ingest/gymbook_csv.hpp): the weight's unit, the distance in metres
    // and the seconds split out of their cells into the muscle columns.
    namespace g = gymbook_csv;
    layout.format = "gymbook";
    layout.names.assign(first.begin(), first.end());
    layout.index.fill(-1);
    const std::pair<Column, std::size_t> kFields[] = {
        {Column::date, g::kDate},          {Column::workout, g::kWorkout},
        {Column::time_of_day, g::kTime},   {Column::exercise, g::kExercise},
        {Column::set_type, g::kSetKind},   {Column::reps, g::kRepsOrTime},
        {Column::weight, g::kWeightOrDistance}, {Column::notes, g::kNotes},
        {Column::skipped, g::kSkipped},    {Column::weight_unit, g::kWeightUnit},
        {Column::distance, g::kMetres},    {Column::seconds, g::kSeconds}};
    for (const auto& [column, at] : kFields) layout.index[static_cast<std::size_t>(column)] = static_cast<int>(at);
    // Messages about the split-out values name the cell they came from.
    layout.names[g::kWeightUnit] = first[g::kWeightOrDistance];
    layout.names[g::kMetres] = first[g::kWeightOrDistance];
    layout.names[g::kSeconds] = first[g::kRepsOrTime];
    layout.date_is_day_month_year = true;
    layout.metres_per_distance_unit = 1.0;
    return layout;
  }
  if (forced_format == "gymbook") {
    throw_input_error({source, 1, ""}, "--format gymbook reads GymBook's XML logs export (<logs><log>...) or its "
                                       "Italian CSV export (Data,Programma,Orario,Esercizio,...); this file's first "
                                       "line '" + joined(first, ',') + "' is neither");
  }
  return std::nullopt;
}

// A file whose first line is data: the header-less Strong layout its values
// fit, or an error naming what each candidate disagreed with.
Layout headerless_layout(const std::vector<std::string_view>& first, const std::string& forced_format, const std::string& source) {
  if (forced_format != "auto" && !forced_format.starts_with("strong")) {
    throw_input_error({source, 1, ""}, "the first line '" + joined(first, ',') + "' is data, not a header: a " +
                                           forced_format + " export needs its header line");
  }
  // The field count alone does not tell Strong's layouts apart: 13 fields
  // are the "Workout #" layout (date second) or the Weight Unit layout
  // without its Workout Duration (date first). The values do.
  std::string tried;
  for (const HeaderlessLayout& candidate : headerless_layouts()) {
    if (candidate.names.size() != first.size()) continue;
    if (forced_format != "auto" && forced_format != candidate.format) continue;
    Layout trial;
    trial.has_header = false;
    trial.names.assign(candidate.names.begin(), candidate.names.end());
    map_names(trial, source);
    const std::string misfit = headerless_misfit(trial, first);
    if (misfit.empty()) {
      trial.format = candidate.format;
      return trial;
    }
    tried += "; " + candidate.format + " (" + std::to_string(candidate.names.size()) + " columns): " + misfit;
  }
  throw_input_error({source, 1, ""}, "the first line '" + joined(first, ',') + "' is data, not a header, and its " +
                                         std::to_string(first.size()) +
                                         " fields fit none of Strong's header-less layouts (10, 11, 12, 13 or 14 "
                                         "columns" + tried + "); add the app's header line");
}

// A header line: its names, or Strong's layout by column count when most
// names are in a language this reader has none for.
Layout header_layout(const std::vector<std::string_view>& first, const std::string& source) {
  Layout layout;
  layout.names.assign(first.begin(), first.end());
  map_names(layout, source);
  // A header in a language we have no names for: Strong's layouts by column
  // count. Only when most names are unknown, so that a header with one
  // misspelt or missing column still fails naming that column.
  const bool required_missing = !layout.has(Column::date) || !layout.has(Column::exercise) ||
                                !layout.has(Column::weight) || !layout.has(Column::reps);
  if (required_missing && recognised(layout) * 2 <= first.size() && !strong_names(first.size()).empty()) {
    Layout positional;
    positional.names = strong_names(first.size());
    map_names(positional, source);
    // Only with a warning that names each assumption: a CSV from another
    // app with as many columns would otherwise be misread in silence.
    std::string assumed;
    for (std::size_t i = 0; i < first.size(); ++i) {
      if (normalise_header(first[i]) == normalise_header(positional.names[i])) continue;
      assumed += (assumed.empty() ? "" : ", ") + std::string("'") + std::string(first[i]) + "' as " + positional.names[i];
    }
    positional.assumed_by_position = "the header's names are not ones this reader knows; read by position as Strong's " +
                                     std::to_string(first.size()) + "-column layout: " + assumed;
    positional.names.assign(first.begin(), first.end());  // messages quote the file's own names
    layout = std::move(positional);
  }
  layout.header_language = std::string(header_language(first));
  return layout;
}

// The app a header names, by the columns only it has.
std::string format_of_header(const Layout& layout, const std::vector<std::string_view>& first) {
  const auto has_name = [&](std::string_view key) {
    return std::any_of(first.begin(), first.end(), [&](std::string_view f) { return normalise_header(f) == key; });
  };
  if (has_name("workout#")) return "strong-2024";
  // FitNotes' newer export: Name,StartTime,EndTime,BodyWeight,Exercise,
  // Equipment,Reps,Weight,Time,Distance,Status[,IsWarmup,RPE,RIR],Categories,
  // Note (melvinrdn/intervals-icu-fitnotes@3c178dfc data/FitNotesWorkouts.csv,
  // 16 columns; jphavill/prism@b06c2c09 data/FitNotesWorkouts.csv, 13). Its
  // StartTime and IsWarmup are Hevy's and Fitbod's names: the Status column,
  // which neither has, tells it first.
  if (layout.has(Column::status) && has_name("starttime")) return "fitnotes";
  if (layout.has(Column::set_type) || has_name("exercisetitle") || has_name("starttime")) return "hevy";
  if (layout.has(Column::is_warmup) || has_name("multiplier")) return "fitbod";
  if (has_name("category") || (!layout.has(Column::set_order) && !layout.has(Column::workout))) return "fitnotes";
  return "strong";
}

// Refuses a file saved as UTF-16, with or without its byte-order mark.
void refuse_utf16(const std::vector<std::string_view>& first, const std::string& source) {
  if (!first.empty() && first[0].size() >= 2 &&
      (first[0].substr(0, 2) == "\xFF\xFE" || first[0].substr(0, 2) == "\xFE\xFF")) {
    // Excel's "Unicode text" and some Windows tools write UTF-16.
    throw_input_error({source, 1, ""}, "the file is UTF-16 encoded; export or save it as UTF-8 CSV");
  }
  // UTF-16 without a byte-order mark: ASCII text with a NUL beside every
  // character. Said as such, not as a header whose quoting would stop at
  // the first NUL.
  std::size_t bytes = 0;
  std::size_t nuls = 0;
  for (const std::string_view f : first) {
    bytes += f.size();
    nuls += static_cast<std::size_t>(std::count(f.begin(), f.end(), '\0'));
  }
  if (nuls > 0 && nuls * 3 >= bytes) {
    throw_input_error({source, 1, ""},
                      "the file looks UTF-16 encoded (every other byte is NUL, no byte-order mark); export or save it "
                      "as UTF-8 CSV");
  }
}

}  // namespace

Layout detect_layout(const std::vector<std::string_view>& first, const std::string& forced_format, const std::string& source) {
  if (forced_format != "auto" &&
      std::find(known_formats().begin(), known_formats().end(), forced_format) == known_formats().end()) {
    std::string list;
    for (const auto& f : known_formats()) list += (list.empty() ? "" : ", ") + f;
    throw InputError(source + ": unknown format '" + forced_format + "' (expected auto, " + list + ")", InputKind::bad_setting);
  }
  refuse_utf16(first, source);
  if (std::optional<Layout> gymbook = gymbook_layout(first, forced_format, source)) return *std::move(gymbook);
  // A data record always holds a date-time; a header line never does.
  const bool headerless = std::any_of(first.begin(), first.end(), [](std::string_view f) { return looks_like_date(f); });
  Layout layout = headerless ? headerless_layout(first, forced_format, source) : header_layout(first, source);
  // A header-less layout carries its format (under --format, only that
  // format's layouts were tried).
  if (!headerless) layout.format = forced_format != "auto" ? forced_format : format_of_header(layout, first);
  // The older FitNotes export leaves commas in names unquoted; the newer one
  // (with Status) quotes its fields ("Pectorals,Triceps").
  layout.exercise_absorbs_extra_fields = layout.format == "fitnotes" && !layout.has(Column::status);
  // Strong writes its set markers in the export's language. A Portuguese
  // export has "A", "D" and "F" beside set numbers
  // (gustavosinacio/ada11@6fed1456:docs/runs/2026-05-21_2330_strong-import-setnumber/retro.md, where that
  // importer's author read "A" as "alternate"): Strong's set kinds are
  // warm-up, drop and failure, so "A" is Aquecimento, warm-up, as D is drop
  // and F Falha, failure. Only under a Portuguese header: elsewhere "A" is
  // no marker and stays a flagged bad-set-order.
  if (layout.has(Column::set_order) && normalise_header(layout.names[static_cast<std::size_t>(layout.at(Column::set_order))]) ==
                                           "ordemdasérie") {
    layout.warmup_marker = "A";
  }

  for (const Column required : {Column::date, Column::exercise, Column::weight, Column::reps}) {
    if (layout.has(required)) continue;
    static const std::array<std::string_view, kColumnCount> kExpected = {
        "Date", "", "Exercise Name", "", "Weight (or Weight (kg), weight_lbs, kg, lb)", "", "Reps"};
    throw_input_error({source, 1, std::string(kExpected[static_cast<std::size_t>(required)])},
                      "missing column: the header '" + joined(first, ',') + "' has no such column");
  }
  return layout;
}

}  // namespace exertrack::core::ingest
