#include "cel/lib/k8s/url.h"

#include <gtest/gtest.h>

#include "cel/lib/k8s/test_util.h"

namespace kro::cel::k8s {
namespace {

URL u(std::string_view s) { return testing::parsed(s, parse_k8s_url(s)); }

TEST(URL, Accessors) {
  EXPECT_EQ(u("/path").scheme, "");
  EXPECT_EQ(u("https://example.com/").host, "example.com");
  EXPECT_EQ(u("https://[::1]:80/").host, "[::1]:80");
  EXPECT_EQ(u("https://[::1]/").host, "[::1]");
  EXPECT_EQ(u("https://[::1]/").hostname(), "::1");
  EXPECT_EQ(u("/path").host, "");
  EXPECT_EQ(u("https://127.0.0.1/").hostname(), "127.0.0.1");
  EXPECT_EQ(u("https://example.com:80/").port(), "80");
  EXPECT_EQ(u("https://example.com/").port(), "");
  EXPECT_EQ(u("HTTPS://Example.com/").scheme, "https");
  EXPECT_EQ(u("https://example.com/with space/").escaped_path(), "/with%20space/");
  EXPECT_EQ(u("https://example.com").escaped_path(), "");
  EXPECT_EQ(u("https://example.com/a%2Fb").escaped_path(), "/a%2Fb");
  EXPECT_EQ(u("https://example.com/a%2Fb").path, "/a/b");
  EXPECT_EQ(u("https://example.com/docs/home#frag").escaped_path(), "/docs/home");
  EXPECT_EQ(u("https://example.com/docs/home#frag").fragment, "frag");
  auto full = u("https://user:pass@example.com:80/path?query=val#fragment");
  EXPECT_EQ(full.username, "user");
  EXPECT_EQ(full.password, "pass");
  EXPECT_EQ(full.raw_query, "query=val");
}

TEST(URL, Query) {
  auto q = u("https://example.com/path?k1=a&k2=b&k2=c").query();
  ASSERT_EQ(q.size(), 2u);
  EXPECT_EQ(q["k1"], std::vector<std::string>{"a"});
  EXPECT_EQ(q["k2"], (std::vector<std::string>{"b", "c"}));
  EXPECT_TRUE(u("https://example.com/path?").query().empty());
  EXPECT_TRUE(u("https://example.com/path").query().empty());
  auto dec = u("/p?a+b=c%20d&bad=%zz&x;y=1&&e").query();
  EXPECT_EQ(dec["a b"], std::vector<std::string>{"c d"});
  EXPECT_EQ(dec["e"], std::vector<std::string>{""});
  EXPECT_EQ(dec.count("bad"), 0u);
  EXPECT_EQ(dec.size(), 2u);
}

TEST(URL, Validity) {
  EXPECT_TRUE(is_k8s_url("https://user:pass@example.com:80/path?query=val#fragment"));
  EXPECT_TRUE(is_k8s_url("/path"));
  EXPECT_TRUE(is_k8s_url("mailto:someone"));
  EXPECT_FALSE(is_k8s_url("https://a:b:c/"));
  EXPECT_FALSE(is_k8s_url("../relative-path"));
  EXPECT_FALSE(is_k8s_url(""));
  EXPECT_FALSE(is_k8s_url("https://exa mple.com/"));
  EXPECT_FALSE(is_k8s_url("/a%zz"));
  EXPECT_FALSE(is_k8s_url("https://[::1/"));
  auto r = parse_k8s_url("https://a:b:c/");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().message,
            "URL parse error during conversion from string: parse \"https://a:b:c/\": invalid "
            "port \":c\" after host");
  EXPECT_EQ(parse_k8s_url("rel").error().message,
            "URL parse error during conversion from string: parse \"rel\": invalid URI for "
            "request");
}

}  // namespace
}  // namespace kro::cel::k8s
