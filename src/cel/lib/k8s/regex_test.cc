#include "cel/lib/k8s/regex.h"

#include <gtest/gtest.h>

namespace kro::cel::k8s {
namespace {

std::shared_ptr<const RE2> re(std::string_view p) {
  auto r = compile_go_regex(p);
  EXPECT_TRUE(r.ok()) << p;
  return r.ok() ? *r : nullptr;
}

using Strings = std::vector<std::string>;

TEST(Regex, GoErrorTexts) {
  auto r = compile_go_regex(")");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().message, "error parsing regexp: unexpected ): `)`");
  auto m = compile_go_regex("(a");
  ASSERT_FALSE(m.ok());
  EXPECT_EQ(m.error().message, "error parsing regexp: missing closing ): `(a`");
  EXPECT_FALSE(compile_go_regex("x**").ok());
  EXPECT_FALSE(compile_go_regex("[z-a]").ok());
}

TEST(Regex, Find) {
  EXPECT_EQ(regex_find(*re("[0-9]+"), "abc 123 def 456"), "123");
  EXPECT_EQ(regex_find(*re("xyz"), "abc 123 def 456"), "");
  EXPECT_EQ(regex_find(*re("a|ab"), "ab"), "a");  // leftmost-first, as Go
}

TEST(Regex, FindAllWithLimit) {
  const std::string s = "abc 123 def 456";
  EXPECT_EQ(regex_find_all(*re("[0-9]+"), s, 0), Strings{});
  EXPECT_EQ(regex_find_all(*re("[0-9]+"), s, 1), Strings{"123"});
  EXPECT_EQ(regex_find_all(*re("[0-9]+"), s, 2), (Strings{"123", "456"}));
  EXPECT_EQ(regex_find_all(*re("[0-9]+"), s, 3), (Strings{"123", "456"}));
  EXPECT_EQ(regex_find_all(*re("[0-9]+"), s, -1), (Strings{"123", "456"}));
  EXPECT_EQ(regex_find_all(*re("xyz"), s, -1), Strings{});
  // Empty matches: Go yields one per position except right after a match.
  EXPECT_EQ(regex_find_all(*re("a*"), "baaab", -1), (Strings{"", "aaa", ""}));
  EXPECT_EQ(regex_find_all(*re(""), "héé", -1), (Strings{"", "", "", ""}));
  EXPECT_EQ(regex_find_all(*re("^a"), "aaa", -1), Strings{"a"});
}

}  // namespace
}  // namespace kro::cel::k8s
