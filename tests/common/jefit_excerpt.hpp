#pragma once
// Lines cut from a real JEFIT export, walkshard/ai-jefit-cleaner@cd23e100
// input/Walkshard_20260607.csv (line numbers below are that file's): the
// four sections the reader uses and one it skips, for the reader's tests
// (tests/core/ingest/jefit_test.cpp) and the command line's.
#include <string>

namespace exertrack::testing::jefit {

// Lines 1-8: the SETTING section, whose mass is the unit of every weight.
inline const std::string kSetting =
    "\n"
    "### SETTING ##########################################\n"
    "\n"
    "row_id,USERID,TIMESTAMP,gender,currentRoutine,DOB,name,length,mass,dbversion,vibration,alarm,timer,sets,targetrep,"
    "age,zonedifference,location,use_location,screenon,auto_lock,lastlogs,preloadreps,exp_level,fit_goal,audio_reminder,"
    "audio_exercise_tips,audio_personal_tips,week_start\n"
    "9819,19597,\"2026-06-02 07:59:33\",M,4,1980-01-01,,\" inches\",\" lbs\",,,,120,5,5,0,-4,,0,1,1,0,0,1,4,0,0,0,7\n"
    "\n"
    "\n"
    "######################################################\n";

// Lines 1847-1849 with the sessions of the logs below (lines 1863, 1940,
// 2040, 2469): starttime is UTC, zonedifference -4 makes it local.
inline const std::string kSessions =
    "\n"
    "### WORKOUT SESSIONS #################################\n"
    "\n"
    "rowid,_id,USERID,edit_time,day_id,total_time,workout_time,rest_time,wasted_time,total_exercise,total_weight,"
    "recordbreak,starttime,endtime,workout_mode,TIMESTAMP,calories,avg_heart_rate\n"
    "172164988,14,19597,1571085575,27,3161,0,1919,612,7,14306.72,3,1502918068,1502921229,0,\"2021-03-15 22:17:34\",0,\n"
    "251055406,91,19597,1571085576,100006,4057,0,1898,1529,7,20110,4,1535660982,1535665039,0,\"2021-03-15 22:17:34\",0,\n"
    "415953511,191,19597,1571085577,0,3600,0,0,3420,2,3000,2,1290920400,1290924000,0,\"2021-03-15 22:17:34\",0,\n"
    "3957531724,620,19597,1771262941,38,3068,35,540,2313,2,3045,1,1771259866,1771262934,0,\"2026-02-16 17:29:01\",0,0\n"
    "\n"
    "######################################################\n";

// Lines 2524-2527, 2697, 3075 and 5029: plain sets; four sets the app filled
// in from the plan and the lifter never did (0 reps); a ride packed as five
// numbers a set; the bench press whose sets EXERCISE SET LOGS repeats.
inline const std::string kLogs =
    "\n"
    "### EXERCISE LOGS ####################################\n"
    "\n"
    "USERID,TIMESTAMP,belongSys,logs,_id,record,mydate,eid,ename,day_item_id,belongsession,logTime,interval_logs,"
    "auto_generated\n"
    "19597,\"2019-10-07 21:02:27\",1,\"50.0x15,50.0x15,50.0x15\",1,75,2010-11-28,26,\"Dumbbell Bench Press\",0,191,"
    "1290920400,,\n"
    "19597,\"2019-10-07 21:02:27\",1,\"80x0,80x0,80x0,80x0\",171,80,2017-08-16,112,\"Barbell Curl\",149,14,1502856000,,\n"
    "19597,\"2019-10-07 21:02:28\",1,\"0x0,0x0,0x0,0x0,0x900\",549,0,2018-08-30,318,\"Stationary Bike\",199,91,"
    "1535601600,,\n"
    "19597,\"2026-02-16 17:28:51\",1,\"135x1,225x1,315x1,425x1\",100010,439.16,2026-02-16,2,\"Barbell Bench Press\","
    "100135,620,1771262435,,No\n"
    "\n"
    "######################################################\n";

// Lines 5197-5199 and 7005-7008: the bench press's four sets again, the
// first two marked warm-ups (the packed sets do not say it).
inline const std::string kSetLogs =
    "\n"
    "### EXERCISE SET LOGS ################################\n"
    "\n"
    "_id,userid,exercise_log_id,set_index,weight_lbs,reps,calories,distance_mi,speed_mph,laps,duration,set_type,"
    "log_time,TIMESTAMP\n"
    "1806,19597,100010,0,135.0000,1,,,,,,warm-up,1771262435,\"2026-02-16 17:28:51\"\n"
    "1807,19597,100010,1,225.0000,1,,,,,,warm-up,1771262439,\"2026-02-16 17:28:51\"\n"
    "1808,19597,100010,2,315.0000,1,,,,,,default,1771262586,\"2026-02-16 17:28:51\"\n"
    "1809,19597,100010,3,425.0000,1,,,,,,default,1771262931,\"2026-02-16 17:28:51\"\n"
    "\n"
    "######################################################\n";

// Line 7736-7738: a section the reader skips (its 48 of 49 rows repeat
// EXERCISE LOGS' cardio).
inline const std::string kCardio =
    "\n"
    "### CARDIO LOGS ######################################\n"
    "\n"
    "row_id,TIMESTAMP,USERID,_id,weeklyLogId,eid,belongSys,lap,duration,speed,distance,calorie,mydate\n"
    "9104172,\"2019-10-07 21:02:30\",19597,2,0,322,1,0,1200,0,0,0,2018-01-20\n"
    "\n"
    "######################################################\n";

inline std::string export_text() { return kSetting + kSessions + kLogs + kSetLogs + kCardio + "\n"; }

}  // namespace exertrack::testing::jefit
