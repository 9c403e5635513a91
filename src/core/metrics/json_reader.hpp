#pragma once
// The strict reader behind every metrics.json type: each key is read through
// it, so a missing key or a mistyped value throws InputError naming the file
// and the key's dotted path.
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "core/util/error.hpp"

namespace exertrack::core::metrics::detail {

using json = nlohmann::json;

// A JSON object being read, with the dotted path of where it sits so errors
// name the exact key.
class Reader {
 public:
  Reader(const json& j, std::string source, std::string path) : j_(j), source_(std::move(source)), path_(std::move(path)) {
    if (!j_.is_object()) fail(path_.empty() ? "(top level)" : path_, "expected an object, got " + std::string(j_.type_name()));
  }

  [[nodiscard]] const json& at(const std::string& key) const {
    const auto it = j_.find(key);
    if (it == j_.end()) fail(full(key), "missing");
    return *it;
  }

  template <typename T>
  [[nodiscard]] T get(const std::string& key) const {
    const json& v = at(key);
    try {
      return v.get<T>();
    } catch (const json::exception& e) {
      fail(full(key), std::string("wrong type (") + v.type_name() + "): " + e.what());
    }
  }

  [[nodiscard]] Reader child(const std::string& key) const { return {at(key), source_, full(key)}; }

  [[nodiscard]] const json& object(const std::string& key) const {
    const json& v = at(key);
    if (!v.is_object()) fail(full(key), std::string("expected an object, got ") + v.type_name());
    return v;
  }

  // A key that must be present, holding null or an object.
  [[nodiscard]] std::optional<json> nullable_object(const std::string& key) const {
    const json& v = at(key);
    if (v.is_null()) return std::nullopt;
    if (!v.is_object()) fail(full(key), std::string("expected an object or null, got ") + v.type_name());
    return v;
  }

  [[nodiscard]] const json& value() const { return j_; }
  [[nodiscard]] std::string full(const std::string& key) const { return path_.empty() ? key : path_ + "." + key; }

  [[noreturn]] void fail(const std::string& where, const std::string& what) const {
    throw core::util::InputError(source_ + ": key \"" + where + "\": " + what);
  }

 private:
  const json& j_;
  std::string source_;
  std::string path_;
};

}  // namespace exertrack::core::metrics::detail
