// The defaults the docs state, checked against where they are defined: the
// server's limits and timeouts (ApiLimits, ServerOptions) in the OpenAPI
// file, and the loadable steps (default_increment) wherever a doc lists
// them. A default changed in code and not in the docs fails here.
#include <gtest/gtest.h>

#include <regex>
#include <set>
#include <string>

#include "common/test_data.hpp"
#include "core/units/loads.hpp"
#include "core/util/files.hpp"
#include "core/util/js_number.hpp"
#include "serve/api.hpp"
#include "serve/server.hpp"

using exertrack::core::ingest::WeightUnit;
using exertrack::core::units::equipment_by_name;
using exertrack::core::util::js_number;
using exertrack::core::util::read_file;

namespace exertrack::serve {
namespace {

// The file with every run of whitespace (line breaks, YAML indentation)
// made one space, so a sentence wrapped across lines still matches.
std::string flat(const std::string& relative) {
  const std::string text = read_file(testing::source_dir() / relative);
  return std::regex_replace(text, std::regex(R"(\s+)"), " ");
}

std::string thousands(std::size_t n) {
  std::string s = std::to_string(n);
  for (int i = static_cast<int>(s.size()) - 3; i > 0; i -= 3) s.insert(static_cast<std::size_t>(i), ",");
  return s;
}

void expect_says(const std::string& doc, const std::string& text, const std::string& phrase) {
  EXPECT_NE(text.find(phrase), std::string::npos) << doc << " should say \"" << phrase << "\"";
}

TEST(DocumentedDefaults, OpenApiStatesTheServersLimitsAndTimeouts) {
  const std::string doc = "docs/openapi.yaml";
  const std::string text = flat(doc);
  const serve::ApiLimits limits;
  const serve::ServerOptions server;
  expect_says(doc, text, "JSON body " + std::to_string(limits.max_json_body_bytes >> 20) + " MiB (`--max-body-bytes`)");
  expect_says(doc, text, "CSV upload " + std::to_string(limits.max_csv_body_bytes >> 20) + " MiB (`--max-csv-bytes`)");
  expect_says(doc, text, thousands(limits.max_exercises) + " exercises per request (`--max-exercises`)");
  expect_says(doc, text, "maxItems: " + std::to_string(limits.max_exercises));
  expect_says(doc, text, thousands(limits.max_sets_per_exercise) + " sets per exercise (`--max-sets`)");
  expect_says(doc, text, thousands(limits.max_total_sets) + " sets per request");
  expect_says(doc, text, "names up to " + std::to_string(limits.max_name_bytes) + " bytes");
  expect_says(doc, text, "waits at most " + js_number(static_cast<double>(server.read_timeout.count()) / 1000) + " s (`--read-timeout-ms`)");
  expect_says(doc, text, "close after " + std::to_string(server.keep_alive_timeout.count()) + " s (`--keep-alive-timeout-s`)");
  expect_says(doc, text, "url: http://" + server.host + ":" + std::to_string(server.port));
}

// The error codes the API answers with are the ones docs/openapi.yaml lists
// (the Error schema's enum), no more and no fewer, each explained there.
TEST(DocumentedDefaults, OpenApiListsEveryErrorCode) {
  const std::string doc = "docs/openapi.yaml";
  const std::string text = flat(doc);
  std::smatch m;
  ASSERT_TRUE(std::regex_search(text, m, std::regex(R"(code: \{type: string, enum: \[([a-z_, ]+)\])"))) << doc << " has no code enum";
  std::set<std::string> listed;
  const std::string names = m[1].str();
  const std::regex name(R"([a-z_]+)");
  for (auto it = std::sregex_iterator(names.begin(), names.end(), name); it != std::sregex_iterator(); ++it) {
    listed.insert(it->str());
  }
  std::set<std::string> answered;
  for (std::size_t i = 0; i < serve::kErrorCodeCount; ++i) {
    const std::string name(serve::error_code_name(static_cast<serve::ErrorCode>(i)));
    answered.insert(name);
    expect_says(doc, text, "`" + name + "`");
  }
  EXPECT_EQ(listed, answered);
}

// Every "<equipment> X kg / Y lb" in a doc is default_increment's step.
TEST(DocumentedDefaults, LoadableStepsAreDefaultIncrement) {
  const std::regex step(R"(\b(barbell|dumbbell|machine(?: or cable)?|kettlebell|other) (\d+(?:\.\d+)?) kg / (\d+(?:\.\d+)?) lb)");
  for (const char* doc : {"docs/openapi.yaml", "docs/forecast.md", "README.md"}) {
    const std::string text = flat(doc);
    int found = 0;
    for (auto it = std::sregex_iterator(text.begin(), text.end(), step); it != std::sregex_iterator(); ++it) {
      const std::smatch& m = *it;
      const std::string name = m[1].str().substr(0, m[1].str().find(' '));
      const auto equipment = equipment_by_name(name);
      ASSERT_TRUE(equipment.has_value()) << name;
      EXPECT_EQ(std::stod(m[2].str()), default_increment(WeightUnit::kg, *equipment)) << doc << ": " << m[0];
      EXPECT_EQ(std::stod(m[3].str()), default_increment(WeightUnit::lb, *equipment)) << doc << ": " << m[0];
      ++found;
    }
    EXPECT_GE(found, 3) << doc << " lists the steps";
  }
}

}  // namespace
}  // namespace exertrack::serve
