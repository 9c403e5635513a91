#include <gtest/gtest.h>

#include "core/eval/metrics.hpp"

namespace exertrack::core::eval {
namespace {

const std::vector<std::string> kNames{"a", "b", "c"};

TEST(Metrics, PerClassMacroWeightedAndConfusion) {
  // truth:     a a a b b c
  // predicted: a a b b b a
  const std::vector<int> t{0, 0, 0, 1, 1, 2};
  const std::vector<int> p{0, 0, 1, 1, 1, 0};
  const auto m = classification_metrics(t, p, kNames);
  EXPECT_DOUBLE_EQ(m.accuracy, 4.0 / 6.0);
  EXPECT_DOUBLE_EQ(m.per_class[0].precision, 2.0 / 3.0);
  EXPECT_DOUBLE_EQ(m.per_class[0].recall, 2.0 / 3.0);
  EXPECT_DOUBLE_EQ(m.per_class[1].precision, 2.0 / 3.0);
  EXPECT_DOUBLE_EQ(m.per_class[1].recall, 1.0);
  EXPECT_DOUBLE_EQ(m.per_class[1].f1, 0.8);
  EXPECT_EQ(m.per_class[2].precision, 0.0);  // never predicted: zero_division = 0
  EXPECT_EQ(m.per_class[2].f1, 0.0);
  EXPECT_EQ(m.per_class[2].support, 1U);
  EXPECT_DOUBLE_EQ(m.f1_macro, (2.0 / 3.0 + 0.8 + 0) / 3.0);
  EXPECT_DOUBLE_EQ(m.f1_weighted, (2.0 / 3.0) * 0.5 + 0.8 * (2.0 / 6.0));
  EXPECT_EQ(m.confusion[0], (std::vector<std::size_t>{2, 1, 0}));
  EXPECT_EQ(m.confusion[2], (std::vector<std::size_t>{1, 0, 0}));
}

TEST(Metrics, RejectsMismatchedLengthsAndBadClasses) {
  const std::vector<int> t{0, 1};
  const std::vector<int> p{0};
  EXPECT_THROW((void)classification_metrics(t, p, kNames), std::invalid_argument);
  const std::vector<int> q{0, 5};
  EXPECT_THROW((void)classification_metrics(t, q, kNames), std::invalid_argument);
}

TEST(Report, SklearnLayout) {
  const std::vector<std::string> names{"increase reps", "increase weight", "increase weight, decrease reps"};
  const std::vector<int> t{0, 0, 1, 1, 1, 2};
  const std::vector<int> p{0, 1, 1, 1, 1, 2};
  const auto text = classification_report(classification_metrics(t, p, names));
  // Same text sklearn prints for these labels (checked by hand against its format).
  const std::string expected =
      "                                precision    recall  f1-score   support\n"
      "\n"
      "                 increase reps       1.00      0.50      0.67         2\n"
      "               increase weight       0.75      1.00      0.86         3\n"
      "increase weight, decrease reps       1.00      1.00      1.00         1\n"
      "\n"
      "                      accuracy                           0.83         6\n"
      "                     macro avg       0.92      0.83      0.84         6\n"
      "                  weighted avg       0.88      0.83      0.82         6\n";
  EXPECT_EQ(text, expected);
}

}  // namespace
}  // namespace exertrack::core::eval
