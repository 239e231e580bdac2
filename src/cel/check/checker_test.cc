#include "cel/check/checker.h"

#include <gtest/gtest.h>

#include "cel/check/unify.h"
#include "cel/lib/library.h"
#include "cel/syntax/parser.h"
#include "cel/test_util.h"

namespace kro::cel::check {
namespace {

using types::Type;

using cel::testing::kro_decls;

syntax::ParsedExpr parse(std::string_view src) {
  static const syntax::Parser parser;
  auto p = parser.parse(src);
  EXPECT_TRUE(p.ok()) << src << ": " << (p.ok() ? "" : p.error().message);
  return p.ok() ? std::move(*p) : syntax::ParsedExpr{};
}

// The result type of `src` in `env`, or "ERROR: ..." with the rendered issues.
std::string type_of(std::string_view src, const CheckEnv& env) {
  auto r = check(parse(src), env);
  if (!r) return r.error().message;
  return r->result_type.to_string();
}

std::string type_of(std::string_view src) { return type_of(src, CheckEnv(kro_decls())); }

TEST(CheckerTest, Literals) {
  EXPECT_EQ(type_of("true"), "bool");
  EXPECT_EQ(type_of("42"), "int");
  EXPECT_EQ(type_of("42u"), "uint");
  EXPECT_EQ(type_of("0.5"), "double");
  EXPECT_EQ(type_of("'s'"), "string");
  EXPECT_EQ(type_of("b'x'"), "bytes");
  EXPECT_EQ(type_of("null"), "null_type");
}

TEST(CheckerTest, Aggregates) {
  EXPECT_EQ(type_of("[1, 2]"), "list(int)");
  EXPECT_EQ(type_of("[]"), "list(dyn)");
  EXPECT_EQ(type_of("[1, 'a']"), "list(dyn)");  // mixed literals are list(dyn) in kro
  EXPECT_EQ(type_of("{'a': 1}"), "map(string, int)");
  EXPECT_EQ(type_of("{'a': 1}['a']"), "int");
  EXPECT_EQ(type_of("[[], [[1]]]"), "list(list(list(int)))");
  EXPECT_EQ(type_of("[1][0]"), "int");
}

TEST(CheckerTest, HomogeneousLiteralsWhenAsked) {
  CheckEnv env(kro_decls());
  env.homogeneous_aggregate_literals = true;
  EXPECT_NE(type_of("[1, 'a']", env).find("expected type 'int' but found 'string'"),
            std::string::npos);
}

TEST(CheckerTest, Operators) {
  EXPECT_EQ(type_of("1 + 2 * 3"), "int");
  EXPECT_EQ(type_of("'a' + 'b'"), "string");
  EXPECT_EQ(type_of("[1] + [2]"), "list(int)");
  EXPECT_EQ(type_of("timestamp('2020-01-01T00:00:00Z') - duration('1s')"),
            "google.protobuf.Timestamp");
  EXPECT_EQ(type_of("1 == 1 && 'a' != 'b' || !false"), "bool");
  EXPECT_EQ(type_of("true ? 1 : 2"), "int");
  EXPECT_EQ(type_of("true ? 1 : dyn('a')"), "dyn");
  EXPECT_EQ(type_of("1 in [1, 2]"), "bool");
  EXPECT_EQ(type_of("'k' in {'k': 1}"), "bool");
}

TEST(CheckerTest, NoMatchingOverloadWording) {
  EXPECT_EQ(type_of("1 + 'a'"),
            "ERROR: <input>:1:3: found no matching overload for '_+_' applied to '(int, string)'\n"
            " | 1 + 'a'\n"
            " | ..^");
  EXPECT_EQ(type_of("'abc'.startsWith(1)"),
            "ERROR: <input>:1:17: found no matching overload for 'startsWith' applied to "
            "'string.(int)'\n"
            " | 'abc'.startsWith(1)\n"
            " | ................^");
}

TEST(CheckerTest, CrossTypeNumericComparisonsAreOffByDefault) {
  EXPECT_NE(type_of("1 < 2.0").find("found no matching overload for '_<_' applied to "
                                    "'(int, double)'"),
            std::string::npos);
  EXPECT_EQ(type_of("dyn(1) < 2.0"), "bool");
  CheckEnv env(kro_decls());
  env.cross_type_numeric_comparisons = true;
  EXPECT_EQ(type_of("1 < 2.0", env), "bool");
}

TEST(CheckerTest, UndeclaredReference) {
  EXPECT_EQ(type_of("x + 1"),
            "ERROR: <input>:1:1: undeclared reference to 'x' (in container '')\n"
            " | x + 1\n"
            " | ^");
  CheckEnv env(kro_decls());
  env.container = "a.b";
  EXPECT_NE(type_of("nope(1)", env).find("undeclared reference to 'nope' (in container 'a.b')"),
            std::string::npos);
}

TEST(CheckerTest, EveryIssueIsReported) {
  auto r = check(parse("x + y"), CheckEnv(kro_decls()));
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("'x'"), std::string::npos);
  EXPECT_NE(r.error().message.find("'y'"), std::string::npos);
  EXPECT_EQ(r.error().pos.line, 1);
  EXPECT_EQ(r.error().pos.column, 1);
}

TEST(CheckerTest, ContainerResolutionAndReferences) {
  CheckEnv env(kro_decls());
  env.container = "a.b";
  env.add_variable("a.b.x", Type::integer());
  env.add_variable("y.z", Type::string());
  auto r = check(parse("x + 1 == 2 && y.z == 'q'"), env);
  ASSERT_TRUE(r.ok()) << r.error().message;
  std::vector<std::string> names;
  for (const auto& [id, ref] : r->references) {
    if (ref.overload_ids.empty()) names.push_back(ref.name);
  }
  std::sort(names.begin(), names.end());
  EXPECT_EQ(names, (std::vector<std::string>{"a.b.x", "y.z"}));
}

TEST(CheckerTest, CallReferencesCarryOverloadIds) {
  auto r = check(parse("size('abc') + base64.encode(b'x').size()"), CheckEnv(kro_decls()));
  ASSERT_TRUE(r.ok()) << r.error().message;
  std::map<std::string, std::vector<std::string>> calls;
  for (const auto& [id, ref] : r->references) {
    if (!ref.overload_ids.empty()) calls[ref.name] = ref.overload_ids;
  }
  EXPECT_EQ(calls["size"].size(), 1u);
  EXPECT_EQ(calls["base64.encode"], std::vector<std::string>{"base64_encode_bytes"});
  EXPECT_EQ(calls["_+_"], std::vector<std::string>{"add_int64"});
}

TEST(CheckerTest, DynArgumentsKeepEveryMatchingOverload) {
  CheckEnv env(kro_decls());
  env.add_variable("d", Type::dyn());
  auto r = check(parse("d + d"), env);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->result_type, Type::dyn());
  const Reference& ref = r->references.at(r->parsed.expr->id);
  EXPECT_GT(ref.overload_ids.size(), 5u);
}

TEST(CheckerTest, Macros) {
  EXPECT_EQ(type_of("[1, 2].map(x, x * 2)"), "list(int)");
  EXPECT_EQ(type_of("[1, 2].map(x, x > 1, string(x))"), "list(string)");
  EXPECT_EQ(type_of("[1, 2].filter(x, x > 1)"), "list(int)");
  EXPECT_EQ(type_of("[1, 2].all(x, x > 0)"), "bool");
  EXPECT_EQ(type_of("{'a': 1}.exists(k, k == 'a')"), "bool");
  EXPECT_EQ(type_of("{'a': 1}.transformMap(k, v, v + 1)"), "map(string, int)");
  EXPECT_EQ(type_of("[1].transformList(i, v, i + v)"), "list(int)");
  EXPECT_EQ(type_of("cel.bind(x, 'a', x + x)"), "string");
  EXPECT_EQ(type_of("['b', 'a'].sortBy(s, s)"), "list(string)");
  EXPECT_EQ(type_of("([].map(x, x))[0].foo"), "dyn");
}

TEST(CheckerTest, ComprehensionRangeMustBeIterable) {
  EXPECT_NE(type_of("1.all(x, x > 0)")
                .find("expression of type 'int' cannot be range of a comprehension (must be "
                      "list, map, or dynamic)"),
            std::string::npos);
  EXPECT_NE(type_of("[1].all(x, x)").find("expected type 'bool' but found 'int'"),
            std::string::npos);
}

TEST(CheckerTest, Optionals) {
  EXPECT_EQ(type_of("optional.of(1)"), "optional_type(int)");
  EXPECT_EQ(type_of("optional.of(1).orValue(2)"), "int");
  EXPECT_EQ(type_of("[optional.none(), optional.of(1)]"), "list(optional_type(int))");
  EXPECT_EQ(type_of("[optional.of(1), null][0]"), "optional_type(int)");
  EXPECT_EQ(type_of("{'a': 1}[?'a']"), "optional_type(int)");
  EXPECT_EQ(type_of("{'a': {'b': 1}}.?a.b"), "optional_type(int)");
  EXPECT_EQ(type_of("[?optional.of(1), 2]"), "list(int)");
  EXPECT_NE(type_of("[?1]").find("expected type 'optional_type(int)' but found 'int'"),
            std::string::npos);
}

TEST(CheckerTest, TypeValues) {
  EXPECT_EQ(type_of("type(1)"), "type(int)");
  EXPECT_EQ(type_of("int"), "type(int)");
  EXPECT_EQ(type_of("type(1) == int"), "bool");
  EXPECT_EQ(type_of("net.IP"), "type(net.IP)");
  EXPECT_EQ(type_of("type(ip('1.2.3.4')) == net.IP"), "bool");
}

TEST(CheckerTest, LibraryFunctions) {
  EXPECT_EQ(type_of("quantity('1Gi').add(1).isLessThan(quantity('2Gi'))"), "bool");
  EXPECT_EQ(type_of("url('https://x/y').getQuery()"), "map(string, list(string))");
  EXPECT_EQ(type_of("[3, 1].sort()"), "list(int)");
  EXPECT_EQ(type_of("[1.0, 2.0].sum()"), "double");
  EXPECT_EQ(type_of("'a,b'.split(',')"), "list(string)");
  EXPECT_EQ(type_of("{'a': 1}.merge({'b': 2})"), "map(string, int)");
  EXPECT_EQ(type_of("json.unmarshal('{}')"), "dyn");
  EXPECT_EQ(type_of("lists.setAtIndex([1], 0, 2)"), "list(int)");
  EXPECT_EQ(type_of("hash.sha256('x')"), "bytes");
  EXPECT_EQ(type_of("sign(quantity('1'))"), "int");
  // Kubernetes declares sign() global only, so the receiver form does not check.
  EXPECT_NE(type_of("quantity('1').sign()").find("found no matching overload for 'sign'"),
            std::string::npos);
}

TEST(CheckerTest, FunctionDeclaredPerUse) {
  CheckEnv env(kro_decls());
  ASSERT_TRUE(env.add_overload("tuple", "tuple_T_U", false, "T, U -> pair(T, U)").ok());
  EXPECT_EQ(type_of("tuple(1, 'a')", env), "pair(int, string)");
  EXPECT_EQ(type_of("[tuple(1, 2u), tuple(dyn(1), 2u)][0]", env), "pair(dyn, uint)");
}

TEST(CheckerTest, MalformedTreesAreErrorsNotCrashes) {
  syntax::ParsedExpr p;
  std::vector<syntax::ExprPtr> args;
  args.push_back(syntax::make_constant(2, syntax::Constant::integer(1)));
  args.push_back(nullptr);
  p.expr = syntax::make_call(1, "_+_", std::move(args));
  auto r = check(std::move(p), CheckEnv(kro_decls()));
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("malformed expression"), std::string::npos);
  EXPECT_FALSE(check(syntax::ParsedExpr{}, CheckEnv(kro_decls())).ok());
}

TEST(SubstitutionTest, BindsAndPicksTheMoreGeneralType) {
  Substitution s;
  Type a = Type::param("A");
  ASSERT_TRUE(assign(s, Type::integer(), a));
  EXPECT_EQ(s.apply(a, false), Type::integer());
  ASSERT_TRUE(assign(s, Type::dyn(), a));
  EXPECT_EQ(s.apply(a, false), Type::dyn());
  Type b = Type::param("B");
  EXPECT_FALSE(assign(s, Type::list(b), b));  // occurs check
  EXPECT_EQ(s.apply(b, true), Type::dyn());
}

TEST(SubstitutionTest, NullAssignability) {
  Substitution s;
  EXPECT_TRUE(assign(s, Type::null(), Type::optional(Type::integer())));
  EXPECT_TRUE(assign(s, Type::null(), Type::timestamp()));
  EXPECT_TRUE(assign(s, Type::null(), Type::opaque("net.IP")));
  EXPECT_FALSE(assign(s, Type::null(), Type::integer()));
  EXPECT_FALSE(assign(s, Type::string(), Type::integer()));
}

TEST(DeclarationsTest, SignatureText) {
  auto o = parse_signature("x", true, "list(T), map(K, V) -> optional_type(net.IP)");
  ASSERT_TRUE(o.ok());
  EXPECT_EQ(o->params[0].to_string(), "list(T)");
  EXPECT_EQ(o->params[1].to_string(), "map(K, V)");
  EXPECT_EQ(o->result.to_string(), "optional_type(net.IP)");
  EXPECT_FALSE(parse_signature("x", false, "int, -> int").ok());
  EXPECT_FALSE(parse_signature("x", true, "-> int").ok());  // a receiver call needs a receiver
  EXPECT_FALSE(parse_type("list(int").ok());
  Declarations d;
  ASSERT_TRUE(d.add_overload("f", "f_int", false, "int -> int").ok());
  EXPECT_TRUE(d.add_overload("f", "f_int", false, "int -> int").ok());
  EXPECT_FALSE(d.add_overload("f", "f_int", false, "string -> int").ok());
  EXPECT_EQ(d.find_function("f")->overloads[0].type_params.size(), 0u);
}

}  // namespace
}  // namespace kro::cel::check
