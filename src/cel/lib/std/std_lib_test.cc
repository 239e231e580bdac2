// The standard library and the interpreter, end to end: parse, plan, evaluate.
#include "cel/lib/std/std_lib.h"

#include <gtest/gtest.h>

#include "cel/eval/program.h"
#include "cel/syntax/parser.h"

namespace kro::cel {
namespace {

class StdLibTest : public ::testing::Test {
 protected:
  StdLibTest() {
    auto reg = std::make_shared<FunctionRegistry>();
    Status st = lib::register_standard_library(*reg);
    EXPECT_TRUE(st.ok());
    reg_ = reg;
  }

  Value eval(std::string_view expr, const eval::Activation& act, std::string container = "") {
    auto parsed = parser_.parse(expr);
    EXPECT_TRUE(parsed.ok()) << expr << ": " << (parsed.ok() ? "" : parsed.error().message);
    if (!parsed.ok()) return Value::error("parse");
    eval::PlanOptions opts;
    opts.container = std::move(container);
    auto program = eval::plan(*parsed->expr, reg_, opts);
    EXPECT_TRUE(program.ok());
    if (!program.ok()) return Value::error("plan");
    return program->eval(act);
  }
  Value eval(std::string_view expr) { return eval(expr, eval::MapActivation()); }

  // Evaluates and renders: errors as "error: <message>".
  std::string show(std::string_view expr) {
    Value v = eval(expr);
    if (v.is_error()) return "error: " + v.error_message();
    return debug_string(v);
  }

  syntax::Parser parser_;
  std::shared_ptr<const FunctionRegistry> reg_;
};

TEST_F(StdLibTest, RegistryRejectsDuplicates) {
  FunctionRegistry reg;
  ASSERT_TRUE(lib::register_standard_library(reg).ok());
  EXPECT_FALSE(lib::register_arithmetic(reg).ok());
  EXPECT_NE(reg.find_overload("add_int64"), nullptr);
  EXPECT_NE(reg.find_overload("timestamp_to_year_with_tz"), nullptr);
}

TEST_F(StdLibTest, IntegerArithmeticAndOverflow) {
  EXPECT_EQ(show("1 + 2 * 3 - 4 / 2 % 3"), "5");
  EXPECT_EQ(show("9223372036854775807 + 1"), "error: integer overflow");
  EXPECT_EQ(show("-9223372036854775808 - 1"), "error: integer overflow");
  EXPECT_EQ(show("-9223372036854775808 / -1"), "error: integer overflow");
  EXPECT_EQ(show("-(-9223372036854775808)"), "error: integer overflow");
  EXPECT_EQ(show("4611686018427387904 * 2"), "error: integer overflow");
  EXPECT_EQ(show("1 / 0"), "error: division by zero");
  EXPECT_EQ(show("1 % 0"), "error: modulus by zero");
  EXPECT_EQ(show("-7 / 2"), "-3");
  EXPECT_EQ(show("-7 % 2"), "-1");
  EXPECT_EQ(show("18446744073709551615u + 1u"), "error: unsigned integer overflow");
  EXPECT_EQ(show("0u - 1u"), "error: unsigned integer overflow");
  EXPECT_EQ(show("7u / 2u"), "3u");
  EXPECT_EQ(show("1 + 1u"), "error: no matching overload for '_+_' applied to '(int, uint)'");
}

TEST_F(StdLibTest, DoubleStringListArithmetic) {
  EXPECT_EQ(show("1.5 * 2.0"), "3.0");
  EXPECT_EQ(show("1.0 / 0.0"), "+Inf");
  EXPECT_EQ(show("'ab' + 'cd'"), "\"abcd\"");
  EXPECT_EQ(show("b'a' + b'b'"), "b\"ab\"");
  EXPECT_EQ(show("[1] + [2, 3]"), "[1, 2, 3]");
}

TEST_F(StdLibTest, Comparisons) {
  EXPECT_EQ(show("1 == 1.0 && 1u == 1 && dyn(1) < 1.5 && dyn(2u) > -1"), "true");
  EXPECT_EQ(show("'a' < 'b' && b'a' < b'b' && false < true"), "true");
  EXPECT_EQ(show("[1, 2] == [1, 2.0] && {'a': 1} == {'a': 1u} && [1] != [2]"), "true");
  EXPECT_EQ(show("dyn(1.0/0.0 - 1.0/0.0) < 1"), "false");
  EXPECT_EQ(show("1 < 'a'").substr(0, 29), "error: no matching overload f");
}

TEST_F(StdLibTest, LogicAbsorbsErrors) {
  EXPECT_EQ(show("false && (1 / 0 == 1)"), "false");
  EXPECT_EQ(show("(1 / 0 == 1) && false"), "false");
  EXPECT_EQ(show("true || (1 / 0 == 1)"), "true");
  EXPECT_EQ(show("(1 / 0 == 1) || true"), "true");
  EXPECT_EQ(show("(1 / 0 == 1) || false"), "error: division by zero");
  EXPECT_EQ(show("true && 1"), "error: no such overload");
  EXPECT_EQ(show("!true"), "false");
  EXPECT_EQ(show("true ? 1 : 1 / 0"), "1");
  EXPECT_EQ(show("(1 / 0 == 1) ? 1 : 2"), "error: division by zero");
  EXPECT_EQ(show("x || true"), "true");
  EXPECT_EQ(show("unknown_fn(1) || true"), "true");
  EXPECT_EQ(show("unknown_fn(1)"), "error: unbound function: unknown_fn");
}

TEST_F(StdLibTest, SizeInContainsAndIndex) {
  EXPECT_EQ(show("size('héllo') + 'héllo'.size()"), "10");
  EXPECT_EQ(show("size(b'h\\xc3\\xa9')"), "3");
  EXPECT_EQ(show("size([1, 2]) + size({'a': 1})"), "3");
  EXPECT_EQ(show("2 in [1, 2] && 'a' in {'a': 1} && !(3 in [1, 2]) && 1.0 in {1: 'x'}"), "true");
  EXPECT_EQ(show("[1, 2, 3][1]"), "2");
  EXPECT_EQ(show("[1, 2, 3][3]"), "error: index out of bounds: 3 (list size 3)");
  EXPECT_EQ(show("{'a': 1}['b']"), "error: no such key: b");
  EXPECT_EQ(show("{1: 'x'}[1u]"), "\"x\"");
  EXPECT_EQ(show("{'a': {'b': 2}}.a.b"), "2");
  EXPECT_EQ(show("has({'a': 1}.a) && !has({'a': 1}.b)"), "true");
}

TEST_F(StdLibTest, StringFunctions) {
  EXPECT_EQ(show("'hello'.contains('ell') && 'hello'.startsWith('he') && 'hello'.endsWith('lo')"),
            "true");
  EXPECT_EQ(show("'hello'.matches('^h.*o$') && matches('abc', 'b')"), "true");
  EXPECT_EQ(show("'x'.matches('(')").substr(0, 31), "error: invalid matches argument");
}

TEST_F(StdLibTest, Conversions) {
  EXPECT_EQ(show("int('-42') + int(3.9) + int(2u)"), "-37");
  EXPECT_EQ(show("int('0x10')").substr(0, 22), "error: cannot convert ");
  EXPECT_EQ(show("int(1e99)").substr(0, 18), "error: range error");
  EXPECT_EQ(show("int(18446744073709551615u)").substr(0, 18), "error: range error");
  EXPECT_EQ(show("uint(-1)").substr(0, 18), "error: range error");
  EXPECT_EQ(show("uint('42')"), "42u");
  EXPECT_EQ(show("double('2.5') + double(1) + double(1u)"), "4.5");
  EXPECT_EQ(show("string(-4.5e-3) + string(1e6) + string(true) + string(12u)"),
            "\"-0.00451e+06true12\"");
  EXPECT_EQ(show("string(b'\\xff')").substr(0, 20), "error: invalid UTF-8");
  EXPECT_EQ(show("bytes('é')"), "b\"é\"");
  EXPECT_EQ(show("bool('true') && !bool('F')"), "true");
  EXPECT_EQ(show("bool('yes')").substr(0, 6), "error:");
  EXPECT_EQ(show("type(1) == int && type('a') == string && type([]) == list"), "true");
  EXPECT_EQ(show("type(type(1))"), "type");
  EXPECT_EQ(show("dyn([1])"), "[1]");
}

TEST_F(StdLibTest, TimestampsAndDurations) {
  EXPECT_EQ(show("string(timestamp('2009-02-13T23:31:30Z') + duration('1h'))"),
            "\"2009-02-14T00:31:30Z\"");
  EXPECT_EQ(show("timestamp('2009-02-13T23:31:30Z').getDayOfWeek()"), "5");
  EXPECT_EQ(show("timestamp('2009-02-13T23:31:30Z').getDate('Australia/Sydney')"), "14");
  EXPECT_EQ(show("timestamp('2009-02-13T23:31:30Z').getMinutes('Asia/Kathmandu')"), "16");
  EXPECT_EQ(show("timestamp('2009-02-13T23:31:30Z').getHours('02:00')"), "1");
  EXPECT_EQ(show("timestamp('2009-02-13T23:31:30Z').getMonth() + 1"), "2");
  EXPECT_EQ(show("timestamp('2009-02-13T23:31:30.250Z').getMilliseconds()"), "250");
  EXPECT_EQ(show("timestamp(1)").substr(0, 10), "timestamp(");
  EXPECT_EQ(show("timestamp('2009-02-13T23:31:30Z').getHours('Nowhere/City')").substr(0, 6),
            "error:");
  EXPECT_EQ(show("duration('3730s').getMinutes()"), "62");
  EXPECT_EQ(show("string(duration('1m30s'))"), "\"90s\"");
  EXPECT_EQ(show("timestamp('9999-12-31T23:59:59Z') + duration('1s')"),
            "error: timestamp overflow");
  EXPECT_EQ(show("int(timestamp('2009-02-13T23:31:30Z'))"), "1234567890");
}

TEST_F(StdLibTest, Optionals) {
  EXPECT_EQ(show("optional.of(1).value() + optional.none().orValue(2)"), "3");
  EXPECT_EQ(show("{'a': 1}.?a"), "optional.of(1)");
  EXPECT_EQ(show("{'a': 1}.?b"), "optional.none()");
  EXPECT_EQ(show("{'a': {'b': 1}}.?a.b"), "optional.of(1)");
  EXPECT_EQ(show("[1, 2][?5].orValue(0)"), "0");
  EXPECT_EQ(show("[?optional.none(), ?optional.of(1), 2]"), "[1, 2]");
  EXPECT_EQ(show("{?'a': optional.none(), 'b': 1}"), "{\"b\": 1}");
  EXPECT_EQ(show("optional.none().value()"), "error: optional.none() dereference");
  EXPECT_EQ(show("optional.ofNonZeroValue('').hasValue()"), "false");
  EXPECT_EQ(show("optional.none().or(optional.of(3)).value()"), "3");
  EXPECT_EQ(show("[1, 2].first().value() + [1, 2].last().value()"), "3");
  EXPECT_EQ(show("optional.unwrap([optional.of(1), optional.none()])"), "[1]");
}

// cel-go's zero values (traits.Zeroer): a timestamp is zero at Go's zero time.Time
// (0001-01-01T00:00:00Z), not at the Unix epoch; an optional is not a Zeroer, so even
// optional.none() is wrapped.
TEST_F(StdLibTest, OfNonZeroValueFollowsCelGoZeroValues) {
  EXPECT_EQ(show("optional.ofNonZeroValue(timestamp(0)).hasValue()"), "true");
  EXPECT_EQ(show("optional.ofNonZeroValue(timestamp('0001-01-01T00:00:00Z')).hasValue()"), "false");
  EXPECT_EQ(show("optional.ofNonZeroValue(timestamp('0001-01-01T01:00:00+01:00')).hasValue()"),
            "false");
  EXPECT_EQ(show("optional.ofNonZeroValue(timestamp('0001-01-01T00:00:00.000000001Z'))"
                 ".hasValue()"),
            "true");
  EXPECT_EQ(show("optional.ofNonZeroValue(optional.none()).hasValue()"), "true");
  EXPECT_EQ(show("optional.ofNonZeroValue(optional.none()).value().hasValue()"), "false");
  EXPECT_EQ(show("optional.ofNonZeroValue(duration('0s')).hasValue()"), "false");
  EXPECT_EQ(show("optional.ofNonZeroValue([[]]).hasValue()"), "true");
  EXPECT_EQ(show("optional.ofNonZeroValue({}).hasValue()"), "false");
  EXPECT_EQ(show("optional.ofNonZeroValue(null).hasValue()"), "false");
}

TEST_F(StdLibTest, Comprehensions) {
  EXPECT_EQ(show("[1, 2, 3].map(x, x * 2)"), "[2, 4, 6]");
  EXPECT_EQ(show("[1, 2, 3].filter(x, x > 1)"), "[2, 3]");
  EXPECT_EQ(show("[1, 2, 3].all(x, x > 0) && [1, 2].exists(x, x == 2)"), "true");
  EXPECT_EQ(show("[1, 2, 3].exists_one(x, x > 2)"), "true");
  EXPECT_EQ(show("[0, -1].all(x, 1 / x > 0)"), "false");  // the false absorbs the error
  EXPECT_EQ(show("[1].exists(x, 1 / 0 == x)"), "error: division by zero");
  EXPECT_EQ(show("{'a': 1, 'b': 2}.map(k, k)"), "[\"a\", \"b\"]");
  EXPECT_EQ(show("[1, 2].all(i, v, i < v)"), "true");
  EXPECT_EQ(show("{'a': 1}.transformMap(k, v, v + 1)"), "{\"a\": 2}");
  EXPECT_EQ(show("cel.bind(x, 2, x * x)"), "4");
  EXPECT_EQ(show("[[1], [2]].map(x, x.map(x, x + 1))"), "[[2], [3]]");
}

TEST_F(StdLibTest, VariablesContainersAndJsonViews) {
  eval::MapActivation act;
  auto doc = parse_json(R"({"spec": {"replicas": 3, "ports": [{"port": 80}, {"port": 443}]},
                           "metadata": {"name": "web"}})");
  ASSERT_TRUE(doc.ok());
  act.bind("deployment", Value::from_json(make_document(std::move(*doc))));
  act.bind("com.example.y", Value::integer(1));
  act.bind("y", Value::integer(2));
  EXPECT_EQ(debug_string(eval("deployment.spec.replicas * 2", act)), "6");
  EXPECT_EQ(debug_string(eval("deployment.spec.ports.map(p, p.port)", act)), "[80, 443]");
  EXPECT_EQ(debug_string(eval("deployment.metadata.name + '-svc'", act)), "\"web-svc\"");
  EXPECT_EQ(debug_string(eval("has(deployment.spec.paused)", act)), "false");
  EXPECT_EQ(debug_string(eval("y", act, "com.example")), "1");
  EXPECT_EQ(debug_string(eval(".y", act, "com.example")), "2");
  EXPECT_EQ(debug_string(eval("[5].exists(y, y == 5)", act, "com.example")), "true");
  Value missing = eval("deployment.spec.missing", act);
  ASSERT_TRUE(missing.is_error());
  EXPECT_EQ(missing.error_message(), "no such key: missing");
  Value unbound = eval("nope.x", act);
  ASSERT_TRUE(unbound.is_error());
  EXPECT_EQ(unbound.error_message(), "no such attribute(s): nope.x");
}

}  // namespace
}  // namespace kro::cel
