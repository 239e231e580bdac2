// kro's libraries evaluated end to end (parse, plan, evaluate) in kro's environment.
#include "cel/lib/kro/kro_lib.h"

#include <gtest/gtest.h>

#include "cel/eval/program.h"
#include "cel/lib/kro/functions.h"
#include "cel/lib/kro/library_sets.h"
#include "cel/syntax/parser.h"

namespace kro::cel {
namespace {

Value eval(std::string_view expr) {
  static const auto reg = [] {
    auto r = std::make_shared<FunctionRegistry>();
    auto st = lib::register_kro_environment(*r);
    EXPECT_TRUE(st.ok()) << (st.ok() ? "" : st.error().message);
    return r;
  }();
  syntax::Parser parser;
  auto parsed = parser.parse(expr);
  if (!parsed.ok()) return Value::error(parsed.error().message);
  eval::PlanOptions opts;
  opts.type_names = lib::kro_type_names();
  auto program = eval::plan(*parsed->expr, reg, opts);
  if (!program.ok()) return Value::error(program.error().message);
  eval::MapActivation act;
  return program->eval(act);
}

std::string str(std::string_view expr) {
  Value v = eval(expr);
  if (v.is_error()) return "error: " + v.error_message();
  if (v.is(Kind::kString)) return std::string(v.as_string());
  return debug_string(v);
}

bool truth(std::string_view expr) {
  Value v = eval(expr);
  EXPECT_TRUE(v.is(Kind::kBool)) << expr << " -> "
                                 << (v.is_error() ? v.error_message() : debug_string(v));
  return v.is(Kind::kBool) && v.as_bool();
}

TEST(KroRandom, MatchesKroByteForByte) {
  // Expected outputs computed independently from kro's algorithm (SHA-256 based).
  EXPECT_EQ(str("random.seededString(10, 'test-seed')"), "5czheg3o5c");
  EXPECT_EQ(str("random.seededString(20, 'abc')"), "r6qfjs5dr6qfjs5dr6qf");
  EXPECT_TRUE(truth("random.seededInt(30000, 32768, 'my-uid') == 31603"));
  EXPECT_TRUE(truth("random.seededInt(-5, 5, 'x') == 1"));
  EXPECT_EQ(str("random.seededString(0, 'a')"),
            "error: random.seededString length must be positive");
  EXPECT_EQ(str("random.seededInt(5, 5, 'a')"),
            "error: random.seededInt min must be less than max");
}

TEST(KroRandom, GeneratedSizeIsBoundedBeforeAllocating) {
  // Cost is charged after a call returns, so the size check must come first: a billion
  // characters would be allocated before the budget could stop the evaluation.
  EXPECT_EQ(str("random.seededString(1000000000, 'a')"),
            "error: random.seededString length 1000000000 exceeds the evaluation cost limit "
            "(1000000)");
  EXPECT_EQ(str("random.seededString(1000000, 'a').size()"), "1000000");
  EXPECT_EQ(str("lists.range(10000000000)"),
            "error: lists.range(10000000000): more elements than the evaluation cost limit "
            "allows (1000000)");
  EXPECT_TRUE(truth("lists.range(3) == [0, 1, 2]"));
}

TEST(KroHash, Digests) {
  EXPECT_EQ(str("base64.encode(hash.md5('hello world'))"), "XrY7u+Ae7tCTyyK7j1rNww==");
  EXPECT_EQ(str("base64.encode(hash.sha256('hello world'))"),
            "uU0nuZNNPgilLlLX2n2r+sSE7+N6U4DukIj3rOLvzek=");
  // FNV-1a 64 test vectors: "" -> cbf29ce484222325, "a" -> af63dc4c8601ec8c.
  EXPECT_EQ(kro_lib::fnv64a(""), std::string("\xcb\xf2\x9c\xe4\x84\x22\x23\x25", 8));
  EXPECT_EQ(kro_lib::fnv64a("a"), std::string("\xaf\x63\xdc\x4c\x86\x01\xec\x8c", 8));
  EXPECT_TRUE(truth("size(hash.fnv64a('x')) == 8"));
}

TEST(KroJson, MarshalLikeGo) {
  EXPECT_EQ(str("json.marshal({'b': 1, 'a': [true, null, 'x<y&z>'], 'c': 2.5})"),
            R"({"a":[true,null,"x\u003cy\u0026z\u003e"],"b":1,"c":2.5})");
  EXPECT_EQ(str("json.marshal(1e21)"), "1e+21");
  EXPECT_EQ(str("json.marshal(0.0000001)"), "1e-7");
  EXPECT_EQ(str("json.marshal(100000.0)"), "100000");
  EXPECT_EQ(str("json.marshal(b'hi')"), "\"aGk=\"");
  EXPECT_EQ(str("json.marshal({1: 2})").rfind("error: json.marshal failed", 0), 0u);
  EXPECT_EQ(str("json.marshal(double('NaN'))").rfind("error: json.marshal failed", 0), 0u);
}

TEST(KroJson, UnmarshalNumbersAreDoubles) {
  EXPECT_TRUE(truth("json.unmarshal('{\"name\": \"test\"}').name == 'test'"));
  EXPECT_TRUE(truth("type(json.unmarshal('[1,2,3]')[0]) == double"));
  EXPECT_TRUE(truth("json.unmarshal('[1,2,3]')[2] == 3.0"));
  EXPECT_TRUE(truth("json.unmarshal('null') == null"));
  EXPECT_EQ(str("json.unmarshal('{')").rfind("error: json.unmarshal failed to parse JSON", 0), 0u);
}

TEST(KroMaps, MergeAndDeepMerge) {
  EXPECT_TRUE(truth("{'a': 1}.merge({'a': 2, 'b': 2}) == {'a': 2, 'b': 2}"));
  EXPECT_TRUE(truth("{}.merge({}) == {}"));
  EXPECT_TRUE(truth("{'a': 1}.merge({}) == {'a': 1}"));
  EXPECT_TRUE(
      truth("{'a': {'x': 1, 'y': [1]}, 'b': 1}.deepMerge({'a': {'y': [2], 'z': 3}}) == "
            "{'a': {'x': 1, 'y': [2], 'z': 3}, 'b': 1}"));
  EXPECT_TRUE(truth("dyn(1).deepMerge(2) == 2"));
}

TEST(KroLists, IndexMutation) {
  EXPECT_TRUE(truth("lists.setAtIndex([1, 2, 3], 1, 99) == [1, 99, 3]"));
  EXPECT_TRUE(truth("lists.insertAtIndex([1, 2, 3], 3, 99) == [1, 2, 3, 99]"));
  EXPECT_TRUE(truth("lists.insertAtIndex([1, 2, 3], 0, 99) == [99, 1, 2, 3]"));
  EXPECT_TRUE(truth("lists.removeAtIndex([1, 2, 3], 0) == [2, 3]"));
  EXPECT_EQ(str("lists.setAtIndex([1], 1, 2)"),
            "error: lists.setAtIndex: index 1 out of bounds [0, 1)");
  EXPECT_EQ(str("lists.insertAtIndex([1], 2, 2)"),
            "error: lists.insertAtIndex: index 2 out of bounds [0, 1]");
  EXPECT_EQ(str("lists.removeAtIndex([], 0)"),
            "error: lists.removeAtIndex: index 0 out of bounds [0, 0)");
}

TEST(KroOmit, Sentinel) {
  Value v = eval("omit()");
  EXPECT_TRUE(lib::is_omit(v));
  EXPECT_FALSE(lib::is_omit(eval("1")));
  EXPECT_TRUE(truth("type(omit()) == kro.omit"));
}

}  // namespace
}  // namespace kro::cel
