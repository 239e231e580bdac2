#include "controller/crd_manager.h"

#include <gtest/gtest.h>

namespace kro::controller {
namespace {

Json parse(std::string_view s) { return *parse_json(s); }

TEST(HoldsAllTest, ExtraLiveFieldsAreFine) {
  EXPECT_TRUE(holds_all(parse(R"({"a":1,"b":{"c":"x","d":2},"status":{}})"),
                        parse(R"({"a":1,"b":{"c":"x"}})")));
}

TEST(HoldsAllTest, ChangedOrMissingFieldsAreNot) {
  EXPECT_FALSE(holds_all(parse(R"({"a":1})"), parse(R"({"a":2})")));
  EXPECT_FALSE(holds_all(parse(R"({"a":1})"), parse(R"({"b":1})")));
  EXPECT_FALSE(holds_all(parse(R"({"a":{"b":1}})"), parse(R"({"a":"x"})")));
}

TEST(HoldsAllTest, ArraysMustBeEqualAndNumbersCompareByValue) {
  EXPECT_TRUE(holds_all(parse(R"({"l":[1,2]})"), parse(R"({"l":[1.0,2]})")));
  EXPECT_FALSE(holds_all(parse(R"({"l":[1,2,3]})"), parse(R"({"l":[1,2]})")));
}

}  // namespace
}  // namespace kro::controller
