#include "core/eval/metrics.hpp"

#include <algorithm>
#include <cstdio>
#include <stdexcept>

namespace exertrack::core::eval {

ClassificationMetrics classification_metrics(std::span<const int> truth, std::span<const int> predicted,
                                             std::span<const std::string> class_names) {
  if (truth.size() != predicted.size()) throw std::invalid_argument("truth and predictions differ in length");
  const std::size_t k = class_names.size();
  ClassificationMetrics m;
  m.total = truth.size();
  m.confusion.assign(k, std::vector<std::size_t>(k, 0));
  std::size_t correct = 0;
  for (std::size_t i = 0; i < truth.size(); ++i) {
    const auto t = static_cast<std::size_t>(truth[i]);
    const auto p = static_cast<std::size_t>(predicted[i]);
    if (t >= k || p >= k) throw std::invalid_argument("class index out of range");
    ++m.confusion[t][p];
    correct += t == p ? 1 : 0;
  }
  m.accuracy = m.total ? static_cast<double>(correct) / static_cast<double>(m.total) : 0.0;
  for (std::size_t c = 0; c < k; ++c) {
    std::size_t predicted_c = 0;
    for (std::size_t t = 0; t < k; ++t) predicted_c += m.confusion[t][c];
    std::size_t support = 0;
    for (std::size_t p = 0; p < k; ++p) support += m.confusion[c][p];
    const auto tp = static_cast<double>(m.confusion[c][c]);
    ClassMetrics cm;
    cm.name = class_names[c];
    cm.support = support;
    cm.precision = predicted_c ? tp / static_cast<double>(predicted_c) : 0.0;
    cm.recall = support ? tp / static_cast<double>(support) : 0.0;
    cm.f1 = cm.precision + cm.recall > 0 ? 2 * cm.precision * cm.recall / (cm.precision + cm.recall) : 0.0;
    m.per_class.push_back(cm);
  }
  for (const auto& c : m.per_class) {
    m.precision_macro += c.precision / static_cast<double>(k);
    m.recall_macro += c.recall / static_cast<double>(k);
    m.f1_macro += c.f1 / static_cast<double>(k);
    // np.average(values, weights=support): sum(v * w) / sum(w).
    const auto w = static_cast<double>(c.support);
    m.precision_weighted += c.precision * w;
    m.recall_weighted += c.recall * w;
    m.f1_weighted += c.f1 * w;
  }
  if (m.total) {
    const auto n = static_cast<double>(m.total);
    m.precision_weighted /= n;
    m.recall_weighted /= n;
    m.f1_weighted /= n;
  }
  return m;
}

std::string classification_report(const ClassificationMetrics& m, int digits) {
  // Layout of sklearn/metrics/_classification.py classification_report:
  // a right-aligned name column as wide as the longest name (at least
  // "weighted avg"), then each column as " {:>9}" (9 = len("precision")).
  std::size_t width = std::string("weighted avg").size();
  for (const auto& c : m.per_class) width = std::max(width, c.name.size());
  const int w = std::max(9, digits);
  char buf[512];
  std::string out;
  std::snprintf(buf, sizeof buf, "%*s  %*s %*s %*s %*s\n\n", static_cast<int>(width), "", w, "precision", w, "recall", w,
                "f1-score", w, "support");
  out += buf;
  for (const auto& c : m.per_class) {
    std::snprintf(buf, sizeof buf, "%*s  %*.*f %*.*f %*.*f %*zu\n", static_cast<int>(width), c.name.c_str(), w, digits,
                  c.precision, w, digits, c.recall, w, digits, c.f1, w, c.support);
    out += buf;
  }
  out += "\n";
  std::snprintf(buf, sizeof buf, "%*s  %*s %*s %*.*f %*zu\n", static_cast<int>(width), "accuracy", w, "", w, "", w,
                digits, m.accuracy, w, m.total);
  out += buf;
  std::snprintf(buf, sizeof buf, "%*s  %*.*f %*.*f %*.*f %*zu\n", static_cast<int>(width), "macro avg", w, digits,
                m.precision_macro, w, digits, m.recall_macro, w, digits, m.f1_macro, w, m.total);
  out += buf;
  std::snprintf(buf, sizeof buf, "%*s  %*.*f %*.*f %*.*f %*zu\n", static_cast<int>(width), "weighted avg", w, digits,
                m.precision_weighted, w, digits, m.recall_weighted, w, digits, m.f1_weighted, w, m.total);
  out += buf;
  return out;
}

}  // namespace exertrack::core::eval
