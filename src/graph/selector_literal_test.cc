// Literal LabelSelector validation against apimachinery v0.36.3's own answers: each expected
// message below is what ValidateLabelSelector printed for the input (well-typed selectors; a
// wrongly typed one is caught by the shape walk first, selector_check_test.cc), as upstream kro
// v0.9.4's validateLiteralSelector wraps it.
#include <gtest/gtest.h>

#include "graph/selector_check.h"
#include "value/json.h"

namespace kro::graph {
namespace {

struct Case {
  const char* selector;
  const char* message;  // "" when valid
};

const Case kCases[] = {
    {"{\"matchLabels\":{\"app\":\"web\"}}", ""},
    {"{\"matchLabels\":{\"app\":\"bad value!\"}}",
     "invalid label selector: [metadata.selector.matchLabels: Invalid value: \"bad value!\": a "
     "valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', "
     "and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or "
     "'12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')]"},
    {"{\"matchLabels\":{\"-bad\":\"ok\"}}",
     "invalid label selector: [metadata.selector.matchLabels: Invalid value: \"-bad\": name part "
     "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an "
     "alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for "
     "validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')]"},
    {"{\"matchLabels\":{\"a/b/c\":\"ok\"}}",
     "invalid label selector: [metadata.selector.matchLabels: Invalid value: \"a/b/c\": a valid "
     "label key must consist of alphanumeric characters, '-', '_' or '.', and must start and end "
     "with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for "
     "validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an optional DNS subdomain "
     "prefix and '/' (e.g. 'example.com/MyName')]"},
    {"{\"matchLabels\":{\"Example.com/x\":\"ok\"}}",
     "invalid label selector: [metadata.selector.matchLabels: Invalid value: \"Example.com/x\": "
     "prefix part a lowercase RFC 1123 subdomain must consist of lower case alphanumeric "
     "characters, '-' or '.', and must start and end with an alphanumeric character (e.g. "
     "'example.com', regex used for validation is "
     "'[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')]"},
    {"{\"matchLabels\":{\"/x\":\"ok\"}}",
     "invalid label selector: [metadata.selector.matchLabels: Invalid value: \"/x\": prefix part "
     "must be non-empty]"},
    {"{\"matchLabels\":{\"x/\":\"ok\"}}",
     "invalid label selector: [metadata.selector.matchLabels: Invalid value: \"x/\": name part "
     "must be non-empty metadata.selector.matchLabels: Invalid value: \"x/\": name part must "
     "consist of alphanumeric characters, '-', '_' or '.', and must start and end with an "
     "alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for "
     "validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')]"},
    {"{\"matchLabels\":{\"app\":"
     "\"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\"}}",
     "invalid label selector: [metadata.selector.matchLabels: Invalid value: "
     "\"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\": must be no more than "
     "63 bytes]"},
    {"{\"matchExpressions\":[{\"key\":\"tier\",\"operator\":\"Foo\",\"values\":[\"a\"]}]}",
     "invalid label selector: [metadata.selector.matchExpressions[0].operator: Invalid value: "
     "\"Foo\": not a valid selector operator]"},
    {"{\"matchExpressions\":[{\"key\":\"tier\",\"operator\":\"In\"}]}",
     "invalid label selector: [metadata.selector.matchExpressions[0].values: Required value: must "
     "be specified when `operator` is 'In' or 'NotIn']"},
    {"{\"matchExpressions\":[{\"key\":\"tier\",\"operator\":\"Exists\",\"values\":[\"a\"]}]}",
     "invalid label selector: [metadata.selector.matchExpressions[0].values: Forbidden: may not be "
     "specified when `operator` is 'Exists' or 'DoesNotExist']"},
    {"{\"matchExpressions\":[{\"key\":\"tier\",\"operator\":\"In\",\"values\":[\"ok\",\"not "
     "ok\"]}]}",
     "invalid label selector: [metadata.selector.matchExpressions[0].values[1]: Invalid value: "
     "\"not ok\": a valid label must be an empty string or consist of alphanumeric characters, "
     "'-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or "
     "'my_value',  or '12345', regex used for validation is "
     "'(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')]"},
    {"{\"matchExpressions\":[{\"key\":\"\",\"operator\":\"DoesNotExist\"}]}",
     "invalid label selector: [metadata.selector.matchExpressions[0].key: Invalid value: \"\": "
     "name part must be non-empty metadata.selector.matchExpressions[0].key: Invalid value: \"\": "
     "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end "
     "with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for "
     "validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')]"},
    {"{\"matchExpressions\":[{\"key\":\"tier\",\"operator\":\"in\",\"values\":[\"a\"]},{\"key\":"
     "\"b c\",\"operator\":\"NotIn\",\"values\":[]}]}",
     "invalid label selector: [metadata.selector.matchExpressions[0].operator: Invalid value: "
     "\"in\": not a valid selector operator metadata.selector.matchExpressions[1].values: Required "
     "value: must be specified when `operator` is 'In' or 'NotIn' "
     "metadata.selector.matchExpressions[1].key: Invalid value: \"b c\": name part must consist of "
     "alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric "
     "character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is "
     "'([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')]"},
    {"{\"matchLabels\":{\"x y\":\"a b\"}}",
     "invalid label selector: [metadata.selector.matchLabels: Invalid value: \"x y\": name part "
     "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an "
     "alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for "
     "validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') metadata.selector.matchLabels: "
     "Invalid value: \"a b\": a valid label must be an empty string or consist of alphanumeric "
     "characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. "
     "'MyValue',  or 'my_value',  or '12345', regex used for validation is "
     "'(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')]"},
};

TEST(LabelSelector, MatchesApimachinerysMessages) {
  for (const Case& c : kCases) {
    auto parsed = parse_json(c.selector);
    ASSERT_TRUE(parsed.ok()) << c.selector;
    auto got = selector_problem(*parsed);
    EXPECT_EQ(got.value_or(""), c.message) << c.selector;
  }
}

TEST(LabelSelector, KeyAndValueProblems) {
  EXPECT_TRUE(label_key_problems("app.kubernetes.io/name").empty());
  EXPECT_TRUE(label_value_problems("").empty());
  EXPECT_EQ(label_value_problems(std::string(64, 'a')).size(), 1u);
  EXPECT_EQ(label_key_problems("x/").size(), 2u);
}

}  // namespace
}  // namespace kro::graph
