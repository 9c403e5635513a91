#pragma once
// Classification metrics as scikit-learn defines them: precision, recall and
// F1 per class, macro and weighted averages, support, the confusion matrix,
// and classification_report's text layout.
#include <span>
#include <string>
#include <vector>

namespace exertrack::core::eval {

struct ClassMetrics {
  std::string name;
  double precision = 0, recall = 0, f1 = 0;
  std::size_t support = 0;
};

struct ClassificationMetrics {
  std::vector<ClassMetrics> per_class;
  double accuracy = 0;
  double precision_macro = 0, recall_macro = 0, f1_macro = 0;
  double precision_weighted = 0, recall_weighted = 0, f1_weighted = 0;
  std::size_t total = 0;
  std::vector<std::vector<std::size_t>> confusion;  // [true][predicted]
};

// A class never predicted has precision 0 and one never present recall 0
// (sklearn's zero_division=0 with a warning; here without the warning).
[[nodiscard]] ClassificationMetrics classification_metrics(std::span<const int> truth, std::span<const int> predicted,
                                                           std::span<const std::string> class_names);

// sklearn.metrics.classification_report(digits=2) text.
[[nodiscard]] std::string classification_report(const ClassificationMetrics& m, int digits = 2);

}  // namespace exertrack::core::eval
