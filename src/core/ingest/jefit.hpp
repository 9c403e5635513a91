#pragma once
// JEFIT's CSV export ("Export Data" at jefit.com) is the app's database
// tables in one file, each as
//   ### EXERCISE LOGS ##################################
//   <blank>
//   USERID,TIMESTAMP,belongSys,logs,_id,record,mydate,eid,ename,day_item_id,belongsession,logTime,...
//   19597,"2019-10-07 21:02:27",1,"50.0x15,50.0x15,50.0x15",1,75,2010-11-28,26,"Dumbbell Bench Press",...
//   <blank>
//   ######################################################
// (a real export: walkshard/ai-jefit-cleaner@cd23e100 input/Walkshard_20260607.csv,
// 15 years of one lifter, twelve sections; the settings row of a metric
// account, mass " kg": michaeldmussel/GainSight@438e7b61 test.js).
//
// What carries sets, and what only repeats them (measured on that export):
// - EXERCISE LOGS: the whole history, one row per exercise per session, its
//   sets packed into one field, "weight x reps" comma-separated. A set the
//   app filled in from the plan and the lifter never did has 0 reps ("80x0").
//   Timed and cardio exercises pack five numbers a set, the first three
//   zero, the fifth the seconds ("0x0,0x0,0x0,0x0,0x1200", a 20-minute ride);
//   the fourth is not explained by any other section and is not read.
// - EXERCISE SET LOGS (the app since 2024): one row per set of a recent
//   exercise log (exercise_log_id, set_index from 0), the same sets again
//   (560 of 600 logs identical, the rest differing only by an empty weight
//   for a bodyweight set). It alone marks warm-ups (set_type "warm-up"), so
//   it is read for that and nothing else: its sets are not counted twice.
// - CARDIO LOGS: the old app's cardio, 48 of its 49 rows repeating an
//   EXERCISE LOGS row (the 49th is empty): not read.
// - ROUTINES: the plans, whose "logs" are targets, not sets lifted: not read.
// The weight unit is the SETTING section's mass (" kg" or " lbs"); a session's
// time is WORKOUT SESSIONS' starttime (UTC seconds) shifted by SETTING's
// zonedifference (hours), which puts 2654 of 2666 exercise logs on their own
// mydate (the rest are sessions that ran past midnight).
#include <array>
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "core/ingest/unpacked_sets.hpp"
#include "core/ingest/workout_log.hpp"

namespace exertrack::core::ingest {

// The fields each set becomes, read by jefit_layout() (formats.hpp).
namespace jefit {
inline constexpr std::size_t kTime = 0, kDay = 1, kExercise = 2, kSet = 3, kWeight = 4, kReps = 5, kSeconds = 6,
                             kSetType = 7, kFieldCount = 8;
}  // namespace jefit

// Each packed set, at its EXERCISE LOGS line. Dropped: a packed set that is
// no set (0 reps: filled in from the plan, never lifted; not weight x reps);
// flagged: a set log that disagrees with its packed set.
struct JefitSets : UnpackedSets<jefit::kFieldCount> {
  WeightUnit unit = WeightUnit::kg;
  std::string unit_evidence;  // "the SETTING section (line 5): mass ' lbs'"
};

// True when the first non-blank line of `head` is a JEFIT section banner ("### SETTING ####...").
[[nodiscard]] bool looks_like_jefit(std::string_view head);

// The sets of a JEFIT export. Throws InputError naming the file, the line and
// what was expected when the file is not one JEFIT writes: no SETTING section
// or no mass in it, no EXERCISE LOGS section or a column of it missing, a
// section never closed (the file cut short), a quote never closed.
[[nodiscard]] JefitSets read_jefit(std::string_view bytes, const std::string& source);

}  // namespace exertrack::core::ingest
