#include "controller/instance_reconciler.h"

#include <gtest/gtest.h>

namespace kro::controller {
namespace {

TEST(InstanceMemos, ResourceVersionOrder) {
  EXPECT_TRUE(resource_version_newer("1001", "999"));
  EXPECT_FALSE(resource_version_newer("999", "1001"));
  EXPECT_FALSE(resource_version_newer("5", "5"));
  EXPECT_FALSE(resource_version_newer("abc", "1"));  // opaque: never assumed newer
  EXPECT_FALSE(resource_version_newer("", "1"));
}

TEST(InstanceMemos, AppliedMemo) {
  AppliedMemo memo;
  EXPECT_TRUE(memo.unchanged_or_unknown("u", 1));
  memo.remember("u", 1, "20");
  EXPECT_TRUE(memo.unchanged_or_unknown("u", 1));
  EXPECT_FALSE(memo.unchanged_or_unknown("u", 2));  // the template changed since
  EXPECT_TRUE(memo.cache_behind("u", 1, "19"));     // cache has not seen our apply yet
  EXPECT_FALSE(memo.cache_behind("u", 1, "20"));
  EXPECT_FALSE(memo.cache_behind("u", 2, "19"));
  memo.forget("u");
  EXPECT_FALSE(memo.cache_behind("u", 1, "19"));
}

Document object(const char* uid, const char* rv) {
  return make_document(parse_json(std::string(R"({"metadata":{"uid":")") + uid +
                                  R"(","resourceVersion":")" + rv + "\"}}")
                           .value());
}

TEST(InstanceMemos, InstanceMemoPrefersTheNewer) {
  InstanceMemo memo;
  Document cached = object("a", "10");
  EXPECT_EQ(memo.newest("ns/x", cached), cached);
  Document ours = object("a", "12");
  memo.remember("ns/x", ours);
  EXPECT_EQ(memo.newest("ns/x", cached), ours);
  EXPECT_EQ(memo.size(), 1u);
  Document fresher = object("a", "15");
  EXPECT_EQ(memo.newest("ns/x", fresher), fresher);
  EXPECT_EQ(memo.size(), 0u) << "kept a copy the cache had caught up with";
  memo.remember("ns/x", ours);
  Document recreated = object("b", "3");  // another object under the same name
  EXPECT_EQ(memo.newest("ns/x", recreated), recreated);
  EXPECT_EQ(memo.size(), 0u);
}

}  // namespace
}  // namespace kro::controller
