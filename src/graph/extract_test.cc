#include "graph/extract.h"

#include <gtest/gtest.h>

#include "graph/field_path.h"

namespace kro::graph {
namespace {

std::vector<std::string> inner(std::string_view s) {
  auto spans = scan_expressions(s);
  EXPECT_TRUE(spans.ok()) << spans.error().message;
  std::vector<std::string> out;
  if (spans.ok())
    for (const auto& sp : *spans) out.emplace_back(sp.inner(s));
  return out;
}

TEST(Scan, FindsExpressionsInOrder) {
  EXPECT_EQ(inner("${a}"), (std::vector<std::string>{"a"}));
  EXPECT_EQ(inner("x-${a.b}-y-${c[0]}"), (std::vector<std::string>{"a.b", "c[0]"}));
  EXPECT_TRUE(inner("no expressions here").empty());
  EXPECT_TRUE(inner("$ {a} and {b} and $").empty());
}

TEST(Scan, CountsBracesOfMapLiterals) {
  EXPECT_EQ(inner("${ {\"a\": {\"b\": 1}} }"), (std::vector<std::string>{" {\"a\": {\"b\": 1}} "}));
}

TEST(Scan, IgnoresBracesInsideDoubleQuotedStrings) {
  EXPECT_EQ(inner("${\"}\" + x}"), (std::vector<std::string>{"\"}\" + x"}));
  EXPECT_EQ(inner("${\"a\\\"}\" + x}"), (std::vector<std::string>{"\"a\\\"}\" + x"}));
}

TEST(Scan, CountsBracesInsideSingleQuotedStrings) {
  // Single quotes are no string delimiters for upstream's scanner: '}' closes the expression.
  EXPECT_EQ(inner("${'}' + x}"), (std::vector<std::string>{"'"}));
}

TEST(Scan, AllowsNestedExpressionOnlyInsideStringLiterals) {
  EXPECT_EQ(inner("${outer(\"${inner}\")}"), (std::vector<std::string>{"outer(\"${inner}\")"}));
  EXPECT_EQ(inner("${\"${VAR}\"}"), (std::vector<std::string>{"\"${VAR}\""}));
  auto bad = scan_expressions("${outer(${inner})}");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().message,
            "nested expressions are not allowed unless inside string literals");
}

TEST(Scan, UnterminatedExpressionIsPlainText) {
  std::vector<std::size_t> unterminated;
  auto spans = scan_expressions("a-${b", &unterminated);
  ASSERT_TRUE(spans.ok());
  EXPECT_TRUE(spans->empty());
  EXPECT_EQ(unterminated, (std::vector<std::size_t>{2}));
  // After an unterminated `${` the scan resumes one character later and finds the next one.
  unterminated.clear();
  auto later = scan_expressions("${{a} and ${b}", &unterminated);
  EXPECT_FALSE(later.ok());  // upstream meets the second `${` while scanning the first: nested
  unterminated.clear();
  auto tail = scan_expressions("${b} then ${{a}", &unterminated);
  ASSERT_TRUE(tail.ok());
  ASSERT_EQ(tail->size(), 1u);
  EXPECT_EQ(unterminated, (std::vector<std::size_t>{10}));
}

TEST(Standalone, WholeStringIsOneExpression) {
  EXPECT_TRUE(*is_standalone_expression("${a.b}"));
  EXPECT_FALSE(*is_standalone_expression(" ${a.b}"));
  EXPECT_FALSE(*is_standalone_expression("${a}${b}"));
  EXPECT_FALSE(*is_standalone_expression("${a}\n"));
  EXPECT_FALSE(*is_standalone_expression("plain"));
  EXPECT_EQ(*parse_standalone("${x > 1}"), "x > 1");
  auto e = parse_standalone("${x}-suffix");
  ASSERT_FALSE(e.ok());
  EXPECT_EQ(e.error().message, "only standalone expressions are allowed");
}

TEST(Template, CompilesToOneConcatenation) {
  auto e = expression_from_string("prefix-${a}-${b}");
  ASSERT_TRUE(e.ok());
  ASSERT_TRUE(e->has_value());
  EXPECT_EQ((*e)->kind, ExpressionKind::kTemplate);
  EXPECT_EQ((*e)->cel, "\"prefix-\" + (a) + \"-\" + (b)");
  EXPECT_EQ((*e)->parts, (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ((*e)->original, "prefix-${a}-${b}");
  auto tail = expression_from_string("${a}:${b}/\"q\"\n");
  EXPECT_EQ((*tail)->cel, "(a) + \":\" + (b) + \"/\\\"q\\\"\\n\"");
  auto standalone = expression_from_string("${x + 1}");
  EXPECT_EQ((*standalone)->kind, ExpressionKind::kStandalone);
  EXPECT_EQ((*standalone)->cel, "x + 1");
  EXPECT_FALSE(expression_from_string("plain")->has_value());
}

TEST(GoQuote, EscapesLikeStrconvQuote) {
  EXPECT_EQ(go_quote("a\tb\\c\"d"), "\"a\\tb\\\\c\\\"d\"");
  EXPECT_EQ(go_quote("\x01\x7f"), "\"\\x01\\x7f\"");
  EXPECT_EQ(go_quote("héllo ✓"), "\"héllo ✓\"");
  EXPECT_EQ(go_quote("\xff"), "\"\\xff\"");
  EXPECT_EQ(go_quote("\u00a0\u200b"), "\"\\u00a0\\u200b\"");
}

TEST(FieldPath, SpellsPathsLikeUpstream) {
  EXPECT_EQ(join_field("", "spec"), "spec");
  EXPECT_EQ(join_field("spec", "replicas"), "spec.replicas");
  EXPECT_EQ(join_index("spec.containers", 0), "spec.containers[0]");
  EXPECT_EQ(join_field("metadata.annotations", "example.com/x"),
            "metadata.annotations[\"example.com/x\"]");
  EXPECT_EQ(join_field("a", ""), "a[\"\"]");
  Json root = json::parse(R"({"spec":{"resources":[{"id":"x"}],"0":{"a":1}}})");
  EXPECT_EQ(pointer_to_path("/spec/resources/0/id", root), "spec.resources[0].id");
  EXPECT_EQ(pointer_to_path("/spec/0/a", root), "spec.0.a");
  EXPECT_EQ(pointer_to_path("/a~1b/c.d", Json(nullptr)), "a/b[\"c.d\"]");
}

TEST(Schemaless, WalksInDocumentOrderWithPathsAndPositions) {
  auto doc = parse_yaml(R"(metadata:
  name: ${schema.spec.name}
  annotations:
    example.com/owner: team-${schema.spec.team}
spec:
  replicas: 3
  containers:
    - image: ${schema.spec.image}
      args: ["--port", "${string(schema.spec.port)}"]
)",
                        "t.yaml");
  ASSERT_TRUE(doc.ok());
  std::vector<std::string> plain;
  std::vector<Error> warnings;
  ExtractOptions o;
  o.positions = &doc->positions;
  o.plain_paths = &plain;
  o.warnings = &warnings;
  auto fields = extract_schemaless(doc->value, o);
  ASSERT_TRUE(fields.ok()) << fields.error().str();
  ASSERT_EQ(fields->size(), 4u);
  EXPECT_EQ((*fields)[0].path, "metadata.name");
  EXPECT_EQ((*fields)[0].expr.kind, ExpressionKind::kStandalone);
  EXPECT_EQ((*fields)[0].expr.pos.line, 2);
  EXPECT_EQ((*fields)[0].expr.pos.column, 9);
  EXPECT_EQ((*fields)[1].path, "metadata.annotations[\"example.com/owner\"]");
  EXPECT_EQ((*fields)[1].expr.kind, ExpressionKind::kTemplate);
  EXPECT_EQ((*fields)[1].expr.pointer, "/metadata/annotations/example.com~1owner");
  EXPECT_EQ((*fields)[2].path, "spec.containers[0].image");
  EXPECT_EQ((*fields)[2].expr.pos.line, 8);
  EXPECT_EQ((*fields)[3].path, "spec.containers[0].args[1]");
  EXPECT_EQ(plain, (std::vector<std::string>{"spec.replicas", "spec.containers[0].args[0]"}));
  EXPECT_TRUE(warnings.empty());
}

TEST(Schemaless, ErrorsNameTheFieldAndPosition) {
  auto doc = parse_yaml("spec:\n  x: ok\n  y: ${f(${g})}\n", "bad.yaml");
  ASSERT_TRUE(doc.ok());
  ExtractOptions o;
  o.positions = &doc->positions;
  auto fields = extract_schemaless(doc->value, o);
  ASSERT_FALSE(fields.ok());
  EXPECT_EQ(fields.error().path, "spec.y");
  EXPECT_EQ(fields.error().pos.line, 3);
  EXPECT_EQ(
      fields.error().str(),
      "bad.yaml:3:6: spec.y: nested expressions are not allowed unless inside string literals");
}

TEST(Schemaless, WarnsAboutUnterminatedExpressions) {
  auto doc = parse_yaml("name: app-${schema.spec.name\n", "w.yaml");
  std::vector<Error> warnings;
  std::vector<std::string> plain;
  ExtractOptions o;
  o.positions = &doc->positions;
  o.warnings = &warnings;
  o.plain_paths = &plain;
  auto fields = extract_schemaless(doc->value, o);
  ASSERT_TRUE(fields.ok());
  EXPECT_TRUE(fields->empty());
  ASSERT_EQ(warnings.size(), 1u);
  EXPECT_EQ(warnings[0].path, "name");
  EXPECT_EQ(warnings[0].pos.line, 1);
  EXPECT_EQ(plain, (std::vector<std::string>{"name"}));
}

TEST(Schemaless, KeysAreNeverScanned) {
  Json v = json::parse(R"({"${notAnExpression}": "plain"})");
  auto fields = extract_schemaless(v, {});
  ASSERT_TRUE(fields.ok());
  EXPECT_TRUE(fields->empty());
}

}  // namespace
}  // namespace kro::graph
