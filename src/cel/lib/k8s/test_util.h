// Helpers shared by the Kubernetes CEL library tests.
#pragma once

#include <gtest/gtest.h>

#include <string_view>

#include "value/result.h"

namespace kro::cel::k8s::testing {

// The value `r` parsed from `text`, expected to have parsed: a failure is reported and a
// default-constructed T returned so that the test goes on.
template <typename T>
T parsed(std::string_view text, const Result<T>& r) {
  EXPECT_TRUE(r.ok()) << text << ": " << (r.ok() ? "" : r.error().message);
  return r.ok() ? *r : T();
}

}  // namespace kro::cel::k8s::testing
