// Helpers shared by the schema layer's tests.
#pragma once

#include <gtest/gtest.h>

#include <string>

#include "schema/openapi_schema.h"
#include "value/json.h"
#include "value/yaml.h"

namespace kro::schema::testing {

// Parses a YAML snippet; fails the test on a syntax error.
inline Json yaml(const std::string& text) {
  auto doc = parse_yaml(text);
  EXPECT_TRUE(doc.ok()) << (doc.ok() ? "" : doc.error().str());
  return doc.ok() ? doc->value : Json();
}

// Deep-compares a schema's JSON form against expected YAML, printing both on mismatch.
inline ::testing::AssertionResult schema_is(const Schema& s, const std::string& expected_yaml) {
  Json got = to_json(s);
  Json want = yaml(expected_yaml);
  if (deep_equal(got, want)) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure() << "got:\n" << to_yaml(got) << "want:\n" << to_yaml(want);
}

}  // namespace kro::schema::testing
