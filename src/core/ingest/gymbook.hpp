#pragma once
// GymBook (iOS) exports its logs as XML or as CSV, the user's pick. The XML:
// UTF-16LE with a byte-order mark, one line, <logs><log><date>01/07/2026</date><workout>..</workout>
// <time>12:00</time><exercise>..</exercise><targetRegion/>
// <targetMusclesPrimary/><targetMusclesSecondary/><type>default</type>
// <reps>10</reps><weight>25.00 kg</weight><notes/><skipped>No</skipped></log>
// ...</logs>. (Evidence: a real 2,971-row export described in
// Brotherhood-of-Ghisa/BOGA3, docs/tasks/T-20260604-01-boga-import-json-
// contract-and-gymbook-digester.md, and read by its
// apps/mobile/scripts/import/gymbook-digester.ts @99d217f2.) The reader
// turns each <log> into a record of kGymBookFields, which the CSV path then
// reads like any other layout. (The CSV, read from its Italian UI only:
// core/ingest/gymbook_csv.hpp.)
#include <string>
#include <string_view>
#include <vector>

namespace exertrack::core::ingest {

// The record fields, in order, named as the export's tags.
inline const std::vector<std::string> kGymBookFields = {"date", "workout", "time", "exercise", "type",
                                                        "reps", "weight", "notes", "skipped"};

// True when the first bytes are an XML document (UTF-8, or UTF-16 with a
// byte-order mark) rather than CSV text.
[[nodiscard]] bool looks_like_xml(std::string_view head);

// The <log> elements of a GymBook export, each as kGymBookFields values
// (UTF-8, entities decoded, a missing or self-closing tag empty). Throws
// InputError naming `source` when the text is not a GymBook <logs> document.
[[nodiscard]] std::vector<std::vector<std::string>> read_gymbook_logs(std::string_view bytes, const std::string& source);

}  // namespace exertrack::core::ingest
