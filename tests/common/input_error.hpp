#pragma once
// The message of the InputError that `f` throws, or a test failure when it
// throws none: for tests that check what a user would read.
#include <gtest/gtest.h>

#include <string>

#include "core/util/error.hpp"

namespace exertrack::testing {

template <class F>
std::string input_error(F&& f) {
  try {
    f();
  } catch (const core::util::InputError& e) {
    return e.what();
  }
  ADD_FAILURE() << "no InputError thrown";
  return {};
}

}  // namespace exertrack::testing
