#pragma once
// Alpha Progression's Workouts export has no header line: sessions, newest
// first, each a block of lines (three real exports of one lifter:
// Ayush-Kaushik/alpha-progression-data-parser@f89edbab data/2023_03_26 Workouts.csv,
// 2023_03_24 Workouts.csv and 2023_02_28 Workouts.csv):
//   <byte-order mark>
//   Arms                                      the session's title (quoted or not)
//   "2023-03-24 7:26 pm",51 min               its start and length; the space before
//                                             pm and min is U+00A0 (no-break space)
//   "Day 3 · Week 1 · Plan_002"               where it sits in the plan (not always there)
//   "1. Twist Curls with Rope Cable","Superset 1"   an exercise, and the app's note on it
//   "10 reps"                                 the target
//   #,LBS,REPS                                the unit of the weights below, or #,REPS
//                                             for sets of reps alone. #,KG,REPS is read as
//                                             kilograms: no such export was found, but
//                                             metric accounts write KG in that place of
//                                             the semicolon variant (below)
//   1,27.5,20                                 set number, weight, reps ("1,-,-": a set
//                                             of the plan left empty, never lifted)
// and two blank lines between sessions. The exercise line's second field is
// the app's ("Superset 1", "1 dropset", "2 dropsets") or the lifter's own
// note, which can run over lines ("Used machine\nanchor: 3").
//
// What the export does not say: which sets were warm-ups (no line marks one;
// the lifter's notes sometimes do, in words), which sets were drops (the app
// writes "1 dropset" on the exercise, but its last set is heavier than the
// one before in 7 of the 10 such exercises of the 2023_03_24 export, so no
// set is marked a drop), or
// supersets as anything but the note. Those notes are kept with the sets.
//
// Alpha Progression also exports, in other locales, a semicolon-separated
// variant ("#;KG;REPS;RIR", "2026-02-19 4:54 h", warm-ups as "WU1 · 37,5 kg ·
// 9 reps", as parsers such as meltforce/FreeReps@39de7f1b
// internal/ingest/alpha/parser.go read it), and a Plans export. No real file
// of the semicolon variant was found to check a reader against, so both are
// refused with a message saying what is read.
#include <array>
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "core/ingest/unpacked_sets.hpp"

namespace exertrack::core::ingest {

namespace alpha_progression {
inline constexpr std::size_t kTime = 0, kWorkout = 1, kExercise = 2, kSet = 3, kWeight = 4, kUnit = 5, kReps = 6,
                             kNote = 7, kFieldCount = 8;
}  // namespace alpha_progression

enum class AlphaProgressionExport : unsigned char { none, workouts, semicolon_workouts, plans };

// Which of Alpha Progression's exports the first bytes are, if any.
[[nodiscard]] AlphaProgressionExport alpha_progression_export(std::string_view head);

// Each set at its line; dropped: empty sets, sets under a sub-header this
// reader does not know (nothing is flagged).
using AlphaProgressionSets = UnpackedSets<alpha_progression::kFieldCount>;

// The sets of a Workouts export. Throws InputError naming the file, the line
// and what was expected at a line that fits none of the block's lines, and
// for the semicolon variant and the Plans export.
[[nodiscard]] AlphaProgressionSets read_alpha_progression(std::string_view bytes, const std::string& source);

}  // namespace exertrack::core::ingest
