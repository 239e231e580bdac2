// Static cost estimates: hand-computed figures for small expressions, size hints from OpenAPI,
// and the property that matters: min <= actual run-time cost <= max on data within the hints.
#include "cel/cost/estimate.h"

#include <gtest/gtest.h>

#include <string>

#include "cel/compiler.h"
#include "cel/cost/cost_model.h"
#include "cel/eval/program.h"
#include "cel/lib/kro/library_sets.h"
#include "cel/syntax/parser.h"
#include "cel/test_util.h"

namespace kro::cel::cost {

// gtest prints estimates as [min, max].
void PrintTo(const CostEstimate& c, std::ostream* os);
void PrintTo(const CostEstimate& c, std::ostream* os) {
  *os << "[" << c.min << ", " << c.max << "]";
}

namespace {

Json json(std::string_view text) { return Json(boost::json::parse(text)); }

// The instance schema of a small web application, with the bounds kro's SimpleSchema markers
// (maxLength, maxItems, maxProperties) put into the CRD.
const Json& schema() {
  static const Json s = json(R"({
    "type": "object",
    "properties": {
      "spec": {
        "type": "object",
        "properties": {
          "name": {"type": "string", "maxLength": 63, "minLength": 1},
          "image": {"type": "string", "maxLength": 200},
          "replicas": {"type": "integer"},
          "ports": {
            "type": "array", "maxItems": 10,
            "items": {"type": "object", "properties": {
              "name": {"type": "string", "maxLength": 15},
              "port": {"type": "integer"}}}},
          "tags": {"type": "object", "maxProperties": 8,
                   "additionalProperties": {"type": "string", "maxLength": 32}}
        }
      }
    }
  })");
  return s;
}

const Json& instance() {
  static const Json s = json(R"({"spec": {
    "name": "web-app", "image": "registry.example.com/shop/web:1.8.2", "replicas": 3,
    "ports": [{"name": "http", "port": 80}, {"name": "https", "port": 443},
              {"name": "metrics", "port": 9090}],
    "tags": {"owner": "Checkout-Team", "tier": "Frontend"}}})");
  return s;
}

CostEstimate estimate(std::string_view expr, bool hints = true) {
  auto parsed = syntax::Parser().parse(expr);
  EXPECT_TRUE(parsed.ok()) << expr;
  if (!parsed.ok()) return {};
  EstimateOptions opts;
  if (hints) opts.size_hints = openapi_size_hints({{"schema", schema()}});
  return estimate_cost(*parsed->expr, opts);
}

uint64_t actual(std::string_view expr) {
  static const auto reg = cel::testing::kro_registry();
  auto parsed = syntax::Parser().parse(expr);
  EXPECT_TRUE(parsed.ok()) << expr;
  eval::PlanOptions opts;
  opts.type_names = lib::kro_type_names();
  auto program = eval::plan(*parsed->expr, reg, opts);
  EXPECT_TRUE(program.ok()) << expr;
  eval::MapActivation act;
  act.bind("schema", Value::from_json_copy(instance()));
  uint64_t cost = 0;
  Value v = program->eval(act, &cost);
  EXPECT_FALSE(v.is_error()) << expr << ": " << v.error_message();
  return cost;
}

TEST(Estimate, SmallExpressions) {
  EXPECT_EQ(estimate("1 + 2"), (CostEstimate{1, 1}));
  EXPECT_EQ(estimate("'abc' == 'abc'"), (CostEstimate{1, 1}));
  EXPECT_EQ(estimate("x.y.z"), (CostEstimate{3, 3}));
  EXPECT_EQ(estimate("a && b"), (CostEstimate{1, 2}));         // the right may not run
  EXPECT_EQ(estimate("a ? 'x' : b.c"), (CostEstimate{1, 3}));  // the costlier branch
  EXPECT_EQ(estimate("[1, 2, 3]"), (CostEstimate{10, 10}));
  EXPECT_EQ(estimate("{'a': x}"), (CostEstimate{31, 31}));
}

TEST(Estimate, SizeHintsBoundStringCosts) {
  // 3 for the selections; the concatenation costs ceil(0.1 * (|name| + 4)), |name| in [1, 63].
  EXPECT_EQ(estimate("schema.spec.name + '-svc'"), (CostEstimate{4, 10}));
  // Without hints a string may be as long as a request (3 MiB).
  EXPECT_EQ(estimate("schema.spec.name + '-svc'", false).max,
            3 + scale_ceil(kDefaultMaxSize + 4, 0.1));
}

TEST(Estimate, LoopsMultiplyByTheRangeSize) {
  // Per element: loop condition @not_strictly_false(@result) 2, step `@result && p.port > 0`
  // 1..4; 10 elements at most; plus the range (3) and the result (1). all() can stop after one.
  EXPECT_EQ(estimate("schema.spec.ports.all(p, p.port > 0)"), (CostEstimate{4, 3 + 10 * 6 + 1}));
  // A map over a literal knows its element count exactly.
  EXPECT_EQ(estimate("[1, 2, 3].map(x, x * 2)"), (CostEstimate{63, 63}));
}

TEST(Estimate, UnboundedLoopsExceedTheBudget) {
  const auto e = estimate("lists.range(1000).map(x, lists.range(1000).map(y, x + y))");
  EXPECT_GT(e.max, kDefaultCostLimit);
}

TEST(Estimate, BindUsesTheBoundValue) {
  // cel.bind(n, <name>, ...): the macro's empty range literal (10, charged at run time too), the
  // name once (3), n twice (2), and n + n over sizes [2, 126].
  const auto e = estimate("cel.bind(n, schema.spec.name, n + n)");
  EXPECT_EQ(e, (CostEstimate{10 + 3 + 2 + 1, 10 + 3 + 2 + 13}));
}

TEST(Estimate, BoundsTheActualCost) {
  const char* const kExprs[] = {
      "schema.spec.name + '-svc'",
      "schema.spec.image.startsWith('registry.example.com/')",
      "schema.spec.replicas > 0 && schema.spec.replicas <= 10",
      "schema.spec.ports.all(p, p.port > 0 && p.name.size() < 16)",
      "schema.spec.ports.exists(p, p.name == 'metrics')",
      "schema.spec.ports.map(p, p.name + ':' + string(p.port))",
      "schema.spec.ports.filter(p, p.port < 1024).size()",
      "schema.spec.tags.all(k, schema.spec.tags[k].size() <= 32)",
      "schema.spec.tags.transformMap(k, v, v.lowerAscii())",
      "schema.spec.name.matches('^[a-z-]+$')",
      "'%s-%d'.format([schema.spec.name, schema.spec.replicas])",
      "schema.spec.ports.map(p, p.name).join(',')",
      "has(schema.spec.tags) ? schema.spec.tags.size() : 0",
      "cel.bind(n, schema.spec.name, n.size() > 3 ? n.substring(0, 3) : n)",
      "schema.spec.?tags.?owner.orValue('nobody')",
      "80 in schema.spec.ports.map(p, p.port)",
  };
  for (const char* e : kExprs) {
    const CostEstimate est = estimate(e);
    const uint64_t cost = actual(e);
    EXPECT_LE(est.min, cost) << e;
    EXPECT_GE(est.max, cost) << e;
  }
}

TEST(Estimate, UsesTheCheckersOverloadsAndTypes) {
  CompileEnv env;
  env.variables["a"] = types::Type::integer();
  env.variables["b"] = types::Type::integer();
  env.variables["s"] = types::Type::string();
  env.variables["l"] = types::Type::list(types::Type::integer());
  auto estimate_checked = [&](std::string_view expr) {
    auto checked = check_source(expr, env);
    EXPECT_TRUE(checked.ok()) << expr;
    EstimateOptions opts;
    opts.checked = &*checked;
    return estimate_cost(*checked->parsed.expr, opts);
  };
  // Without types `a + b` might concatenate two unbounded strings; typed, it is add_int64.
  EXPECT_EQ(estimate_checked("a + b"), (CostEstimate{3, 3}));
  EXPECT_GT(estimate("a + b").max, 3U);
  // A string variable without a hint may be as long as a request.
  EXPECT_EQ(estimate_checked("s + s").max, 2 + scale_ceil(2 * kDefaultMaxSize, 0.1));
  // Elements of a list of ints are scalars, so `x == 1` costs 1: per element the condition
  // @not_strictly_false(!@result) 3 and the step `@result || x == 1` at most 3; plus the range
  // and the result, 1 each.
  EXPECT_EQ(estimate_checked("l.exists(x, x == 1)").max, 2 + mul_sat(kDefaultMaxSize, 3 + 3));
}

TEST(OpenApiSizeHints, WalksPropertiesItemsAndAdditionalProperties) {
  auto hints = openapi_size_hints({{"schema", schema()}});
  auto at = [&](const FieldPath& p) { return hints(p); };
  ASSERT_TRUE(at({"schema", "spec", "name"}));
  EXPECT_EQ(at({"schema", "spec", "name"})->min, 1U);
  EXPECT_EQ(at({"schema", "spec", "name"})->max, 63U);
  EXPECT_EQ(at({"schema", "spec", "ports"})->max, 10U);
  EXPECT_EQ(at({"schema", "spec", "ports", "@items", "name"})->max, 15U);
  EXPECT_EQ(at({"schema", "spec", "tags"})->max, 8U);
  EXPECT_EQ(at({"schema", "spec", "tags", "@values"})->max, 32U);
  EXPECT_FALSE(at({"schema", "spec", "replicas"}));  // no bound on an integer
  EXPECT_FALSE(at({"schema", "spec", "missing"}));
  EXPECT_FALSE(at({"other", "spec"}));
}

}  // namespace
}  // namespace kro::cel::cost
