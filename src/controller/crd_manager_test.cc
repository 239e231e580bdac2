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

TEST(NamesPatchTest, RemovedShortNamesAndCategoriesAreNulled) {
  Json live = parse(R"({"spec":{"names":{"kind":"K","shortNames":["tn2"],"categories":["p"]}}})");
  auto patch = names_patch(live, parse(R"({"spec":{"names":{"kind":"K"}}})"));
  ASSERT_TRUE(patch.has_value());
  EXPECT_EQ(*patch, parse(R"({"spec":{"names":{"shortNames":null,"categories":null}}})"));
}

TEST(NamesPatchTest, ChangedListsAreSetAndEqualOnesNeedNoPatch) {
  Json live = parse(R"({"spec":{"names":{"shortNames":["tn","tname"],"categories":["kro"]}}})");
  auto patch =
      names_patch(live, parse(R"({"spec":{"names":{"shortNames":["tn2"],"categories":["kro"]}}})"));
  ASSERT_TRUE(patch.has_value());
  EXPECT_EQ(*patch, parse(R"({"spec":{"names":{"shortNames":["tn2"],"categories":["kro"]}}})"));
  EXPECT_FALSE(names_patch(live, live).has_value());
  // Absent and empty are the same list.
  EXPECT_FALSE(names_patch(parse(R"({"spec":{"names":{"shortNames":[]}}})"),
                           parse(R"({"spec":{"names":{}}})"))
                   .has_value());
}

}  // namespace
}  // namespace kro::controller
