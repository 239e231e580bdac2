#include "cel/syntax/parser.h"

#include <gtest/gtest.h>

#include <set>

#include "cel/syntax/test_util.h"

namespace kro::cel::syntax {
namespace {

using testing::parse_debug;

TEST(ParserTest, Precedence) {
  EXPECT_EQ(parse_debug("a + b * c"), "_+_(a, _*_(b, c))");
  EXPECT_EQ(parse_debug("a * b + c"), "_+_(_*_(a, b), c)");
  EXPECT_EQ(parse_debug("a - b - c"), "_-_(_-_(a, b), c)");
  EXPECT_EQ(parse_debug("a / b % c"), "_%_(_/_(a, b), c)");
  EXPECT_EQ(parse_debug("(a + b) * c"), "_*_(_+_(a, b), c)");
  EXPECT_EQ(parse_debug("a < b == c"), "_==_(_<_(a, b), c)");
  EXPECT_EQ(parse_debug("a + 1 < b"), "_<_(_+_(a, 1), b)");
  EXPECT_EQ(parse_debug("a in b && c"), "_&&_(@in(a, b), c)");
  EXPECT_EQ(parse_debug("a || b && c"), "_||_(a, _&&_(b, c))");
  EXPECT_EQ(parse_debug("a && b || c"), "_||_(_&&_(a, b), c)");
  EXPECT_EQ(parse_debug("a != b >= c <= d > e"), "_>_(_<=_(_>=_(_!=_(a, b), c), d), e)");
  EXPECT_EQ(parse_debug("a ? b : c"), "_?_:_(a, b, c)");
  EXPECT_EQ(parse_debug("a || b ? c + 1 : d"), "_?_:_(_||_(a, b), _+_(c, 1), d)");
  EXPECT_EQ(parse_debug("a ? b : c ? d : e"), "_?_:_(a, b, _?_:_(c, d, e))");
  EXPECT_EQ(parse_debug("a ? (b ? c : d) : e"), "_?_:_(a, _?_:_(b, c, d), e)");
}

TEST(ParserTest, LogicalChainsAreBalanced) {
  EXPECT_EQ(parse_debug("a && b && c"), "_&&_(_&&_(a, b), c)");
  EXPECT_EQ(parse_debug("a && b && c && d"), "_&&_(_&&_(a, b), _&&_(c, d))");
  EXPECT_EQ(parse_debug("a || b || c || d || e"), "_||_(_||_(_||_(a, b), c), _||_(d, e))");
}

TEST(ParserTest, Unary) {
  EXPECT_EQ(parse_debug("!a"), "!_(a)");
  EXPECT_EQ(parse_debug("!!a"), "a");
  EXPECT_EQ(parse_debug("!!!a"), "!_(a)");
  EXPECT_EQ(parse_debug("-a"), "-_(a)");
  EXPECT_EQ(parse_debug("--a"), "a");
  EXPECT_EQ(parse_debug("-a.b"), "-_(a.b)");
  EXPECT_EQ(parse_debug("-5"), "-5");
  EXPECT_EQ(parse_debug("--5"), "5");
  EXPECT_EQ(parse_debug("---5"), "-_(5)");  // only a lone '-' joins the literal (cel-go)
  EXPECT_EQ(parse_debug("-(5)"), "-_(5)");
  EXPECT_EQ(parse_debug("!-5"), "!_(-5)");
  EXPECT_EQ(parse_debug("-!a"), "-_(!_(a))");
  EXPECT_EQ(parse_debug("-5.size()"), "-5.size()");
  EXPECT_EQ(parse_debug("a - -5"), "_-_(a, -5)");
}

TEST(ParserTest, MemberAndIndex) {
  EXPECT_EQ(parse_debug("a.b.c"), "a.b.c");
  EXPECT_EQ(parse_debug("a.b(c, d)"), "a.b(c, d)");
  EXPECT_EQ(parse_debug("f(x)"), "f(x)");
  EXPECT_EQ(parse_debug("f()"), "f()");
  EXPECT_EQ(parse_debug("a[0][b]"), "_[_](_[_](a, 0), b)");
  EXPECT_EQ(parse_debug("a.b[1].c()"), "_[_](a.b, 1).c()");
  EXPECT_EQ(parse_debug(".a.b"), ".a.b");
  EXPECT_EQ(parse_debug(".f(1)"), ".f(1)");
  EXPECT_EQ(parse_debug("[1, 2][0]"), "_[_]([1, 2], 0)");
  EXPECT_EQ(parse_debug("'abc'.size()"), "\"abc\".size()");
}

TEST(ParserTest, Aggregates) {
  EXPECT_EQ(parse_debug("[]"), "[]");
  EXPECT_EQ(parse_debug("[1, 'a', ]"), "[1, \"a\"]");
  EXPECT_EQ(parse_debug("{}"), "{}");
  EXPECT_EQ(parse_debug("{'a': 1, b: [2],}"), "{\"a\": 1, b: [2]}");
  EXPECT_EQ(parse_debug("Msg{}"), "Msg{}");
  EXPECT_EQ(parse_debug("a.b.Msg{f: 1, g: x}"), "a.b.Msg{f: 1, g: x}");
  EXPECT_EQ(parse_debug(".a.Msg{f: 1}"), ".a.Msg{f: 1}");
  EXPECT_EQ(parse_debug("Msg{f: 1}.f"), "Msg{f: 1}.f");
}

TEST(ParserTest, OptionalSyntax) {
  EXPECT_EQ(parse_debug("a.?b"), "_?._(a, \"b\")");
  EXPECT_EQ(parse_debug("a.?b.?c"), "_?._(_?._(a, \"b\"), \"c\")");
  EXPECT_EQ(parse_debug("a[?0]"), "_[?_](a, 0)");
  EXPECT_EQ(parse_debug("[?a, b, ?c]"), "[?a, b, ?c]");
  EXPECT_EQ(parse_debug("{?'k': v}"), "{?\"k\": v}");
  EXPECT_EQ(parse_debug("Msg{?f: v}"), "Msg{?f: v}");
  ParserOptions opts;
  opts.enable_optional_syntax = false;
  Parser strict(MacroRegistry(generic_macros()), opts);
  EXPECT_NE(parse_debug("a.?b", strict).find("unsupported syntax '.?'"), std::string::npos);
  EXPECT_NE(parse_debug("a[?b]", strict).find("unsupported syntax '?'"), std::string::npos);
  EXPECT_NE(parse_debug("[?a]", strict).find("unsupported syntax '?'"), std::string::npos);
}

TEST(ParserTest, QuotedAndReservedNames) {
  EXPECT_EQ(parse_debug("a.`b-c`"), "a.b-c");
  EXPECT_EQ(parse_debug("a.`b.c/d e`"), "a.b.c/d e");
  EXPECT_EQ(parse_debug("a.?`b-c`"), "_?._(a, \"b-c\")");
  EXPECT_EQ(parse_debug("Msg{`f-g`: 1}"), "Msg{f-g: 1}");
  EXPECT_EQ(parse_debug("a.namespace"), "a.namespace");
  EXPECT_EQ(parse_debug("a.if.while"), "a.if.while");
  EXPECT_EQ(parse_debug("a.as()"), "a.as()");
  EXPECT_EQ(parse_debug("Msg{if: 1}"), "Msg{if: 1}");
  EXPECT_NE(parse_debug("`a`").find("unexpected quoted identifier"), std::string::npos);
  EXPECT_NE(parse_debug("a.`b`()").find("unexpected quoted identifier"), std::string::npos);
  EXPECT_NE(parse_debug("a.`b@c`").find("unexpected quoted identifier"), std::string::npos);
  EXPECT_NE(parse_debug("a.``").find("unexpected quoted identifier"), std::string::npos);
  for (const char* w :
       {"as", "break", "const", "continue", "else", "for", "function", "if", "import", "let",
        "loop", "package", "namespace", "return", "var", "void", "while"}) {
    EXPECT_EQ(parse_debug(w), std::string("ERROR: <input>:1:1: reserved identifier: ") + w +
                                  "\n | " + w + "\n | ^");
  }
  EXPECT_NE(parse_debug("if(x)").find("reserved identifier: if"), std::string::npos);
  EXPECT_NE(parse_debug("a.true").find("Syntax error"), std::string::npos);
}

TEST(ParserTest, Comments) {
  EXPECT_EQ(parse_debug("a // comment\n + b"), "_+_(a, b)");
  EXPECT_EQ(parse_debug("// only\n1"), "1");
}

TEST(ParserTest, ErrorFormat) {
  // cel-go prints ANTLR's messages; the expected texts are cel-go v0.31.0's output.
  const std::string operand =
      "{'[', '{', '(', '.', '-', '!', 'true', 'false', 'null', NUM_FLOAT, NUM_INT, NUM_UINT, "
      "STRING, BYTES, IDENTIFIER}";
  EXPECT_EQ(parse_debug("a + "),
            "ERROR: <input>:1:5: Syntax error: mismatched input '<EOF>' expecting " + operand +
                "\n | a + \n | ....^");
  // One stray token before a valid operand is deleted: one error, nothing after it.
  EXPECT_EQ(parse_debug("a +\n  * b"),
            "ERROR: <input>:2:3: Syntax error: extraneous input '*' expecting " + operand +
                "\n |   * b\n | ..^");
  EXPECT_EQ(parse_debug("a b"),
            "ERROR: <input>:1:3: Syntax error: extraneous input 'b' expecting <EOF>\n"
            " | a b\n"
            " | ..^");
  EXPECT_EQ(parse_debug("a b c"),
            "ERROR: <input>:1:3: Syntax error: mismatched input 'b' expecting <EOF>\n"
            " | a b c\n"
            " | ..^");
  EXPECT_EQ(parse_debug("f(a"),
            "ERROR: <input>:1:4: Syntax error: missing ')' at '<EOF>'\n"
            " | f(a\n"
            " | ...^");
  EXPECT_EQ(parse_debug("a ? b"),
            "ERROR: <input>:1:6: Syntax error: mismatched input '<EOF>' expecting ':'\n"
            " | a ? b\n"
            " | .....^");
}

TEST(ParserTest, ErrorWordingFollowsAntlr) {
  auto first_line = [](const std::string& text) {
    std::string out = parse_debug(text);
    return out.substr(0, out.find('\n'));
  };
  const std::string p = "ERROR: <input>:1:";
  EXPECT_EQ(first_line("(schema.spec.name"), p + "18: Syntax error: missing ')' at '<EOF>'");
  EXPECT_EQ(first_line("a[1"), p + "4: Syntax error: missing ']' at '<EOF>'");
  EXPECT_EQ(first_line("[1,"), p + "4: Syntax error: missing ']' at '<EOF>'");
  // After a deleted stray token the operand is parsed whole, unary operators included.
  for (const char* text : {"a + * - b", "a + * !b.c"}) {
    EXPECT_EQ(parse_debug(text).find("ERROR", 1), std::string::npos) << parse_debug(text);
    EXPECT_EQ(first_line(text).rfind(p + "5: Syntax error: extraneous input '*' expecting {", 0),
              0u)
        << text;
  }
  EXPECT_EQ(first_line("(a,b)"), p + "3: Syntax error: mismatched input ',' expecting ')'");
  EXPECT_EQ(first_line("(a b)"), p + "4: Syntax error: extraneous input 'b' expecting ')'");
  EXPECT_EQ(first_line("(a ? b)"), p + "7: Syntax error: mismatched input ')' expecting ':'");
  EXPECT_EQ(first_line("a)"), p + "2: Syntax error: extraneous input ')' expecting <EOF>");
  EXPECT_EQ(first_line("[a"), p + "3: Syntax error: mismatched input '<EOF>' expecting {']', ','}");
  EXPECT_EQ(first_line("[a b]"), p + "4: Syntax error: extraneous input 'b' expecting {']', ','}");
  EXPECT_EQ(first_line("{a: 1"),
            p + "6: Syntax error: mismatched input '<EOF>' expecting {'}', ','}");
  EXPECT_EQ(first_line("{a"), p + "3: Syntax error: mismatched input '<EOF>' expecting ':'");
  EXPECT_EQ(first_line("a."), p + "3: Syntax error: no viable alternative at input '.'");
  EXPECT_EQ(first_line("f("),
            p + "3: Syntax error: mismatched input '<EOF>' expecting {'[', '{', '(', ')', '.', "
                "'-', '!', 'true', 'false', 'null', NUM_FLOAT, NUM_INT, NUM_UINT, STRING, BYTES, "
                "IDENTIFIER}");
  EXPECT_EQ(first_line("a["),
            p + "3: Syntax error: mismatched input '<EOF>' expecting {'[', '{', '(', '.', '-', "
                "'!', '?', 'true', 'false', 'null', NUM_FLOAT, NUM_INT, NUM_UINT, STRING, BYTES, "
                "IDENTIFIER}");
  EXPECT_EQ(
      first_line("["),
      p + "2: Syntax error: mismatched input '<EOF>' expecting {'[', ']', '{', '(', '.', "
          "',', '-', '!', '?', 'true', 'false', 'null', NUM_FLOAT, NUM_INT, NUM_UINT, STRING, "
          "BYTES, IDENTIFIER}");
}

TEST(ParserTest, ErrorColumnsCountCodePoints) {
  // 'é' is one code point (two bytes): the caret column counts it once and marks it wide.
  EXPECT_EQ(parse_debug("'é' + = 1"),
            "ERROR: <input>:1:7: Syntax error: token recognition error at: '='\n"
            " | 'é' + = 1\n"
            " | .\xEF\xBC\x8E....^\n"
            "ERROR: <input>:1:9: Syntax error: extraneous input '1' expecting <EOF>\n"
            " | 'é' + = 1\n"
            " | .\xEF\xBC\x8E......^");
}

TEST(ParserTest, ErrorPositionInResult) {
  auto r = Parser().parse("x &&\n  y ||\n  )", "rule.cel");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().pos.file, "rule.cel");
  EXPECT_EQ(r.error().pos.line, 3);
  EXPECT_EQ(r.error().pos.column, 3);
  EXPECT_EQ(r.error().message.rfind("ERROR: rule.cel:3:3: Syntax error", 0), 0u)
      << r.error().message;
}

TEST(ParserTest, SeveralErrorsAreAllReported) {
  auto o = Parser().parse_with_issues("[a +, b *, c]");
  EXPECT_EQ(o.parsed.expr, nullptr);
  ASSERT_EQ(o.issues.size(), 2u);
  EXPECT_EQ(o.issues[0].location.column, 5);
  EXPECT_EQ(o.issues[1].location.column, 10);
}

TEST(ParserTest, Limits) {
  ParserOptions opts;
  opts.expression_size_code_point_limit = 2;
  Parser small(MacroRegistry(), opts);
  auto r = small.parse("foo");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().message,
            "ERROR: <input>:-1:0: expression code point size exceeds limit: size: 3, limit 2");

  std::string deep(300, '[');
  deep += std::string(300, ']');
  auto d = Parser().parse(deep);
  ASSERT_FALSE(d.ok());
  EXPECT_EQ(d.error().message, "ERROR: <input>:-1:0: expression recursion limit exceeded: 250");

  // The issue keeps cel-go's missing location; the outcome says where the parser stopped: at
  // the token that would have been one level too deep (the 251st '[', column 251).
  auto outcome = Parser().parse_with_issues(deep);
  ASSERT_EQ(outcome.issues.size(), 1u);
  EXPECT_EQ(outcome.issues[0].location.line, 0);
  EXPECT_EQ(outcome.stopped_at.line, 1);
  EXPECT_EQ(outcome.stopped_at.column, 251);
  EXPECT_EQ(Parser().parse_with_issues("a.b").stopped_at.line, 0);

  std::string ok_depth(200, '[');
  ok_depth += std::string(200, ']');
  EXPECT_TRUE(Parser().parse(ok_depth).ok());

  std::string chain = "a";
  for (int i = 0; i < 5000; ++i) chain += " + a";
  auto c = Parser().parse(chain);
  ASSERT_FALSE(c.ok());
  EXPECT_NE(c.error().message.find("expression nesting exceeds limit: 1000"), std::string::npos);
  std::string selects = "a";
  for (int i = 0; i < 5000; ++i) selects += ".b";
  EXPECT_FALSE(Parser().parse(selects).ok());
  std::string ands = "a";
  for (int i = 0; i < 5000; ++i) ands += " && a";
  EXPECT_TRUE(Parser().parse(ands).ok());  // balanced: shallow
}

TEST(ParserTest, ErrorRecoveryLimit) {
  std::string bad;
  for (int i = 0; i < 100; ++i) bad += "#";
  auto o = Parser().parse_with_issues(bad);
  EXPECT_EQ(o.issues.size(), 31u);  // error_recovery_limit 30, then the parse stops
}

TEST(ParserTest, BadInputNeverCrashes) {
  for (const char* s :
       {"",    " ",  ")",      "(",     "[",   "{",    "}",    "a.",   "a.?",    "a[",
        "a[?", "{a", "{a:",    "M{",    "M{f", "M{f:", ".",    "..",   "?",      "a ? : b",
        "1 2", "'",  "\"\"\"", "b'",    "`",   "a.`",  "!",    "-",    "x.all(", "has(",
        "@",   "#",  "\xff",   "a\x01", "[,]", "{,}",  "f(,)", "f(a,)"}) {
    auto r = Parser().parse(s);
    EXPECT_FALSE(r.ok()) << "'" << s << "' parsed";
    if (!r.ok()) {
      EXPECT_FALSE(r.error().message.empty());
    }
  }
}

TEST(ParserTest, Positions) {
  auto r = Parser().parse("a +\n  b.c");
  ASSERT_TRUE(r.ok());
  const Expr& add = *r->expr;
  const SourceInfo& info = r->source_info;
  EXPECT_EQ(info.location_of_id(add.id).line, 1);
  EXPECT_EQ(info.location_of_id(add.id).column, 3);
  const Expr& sel = *add.call().args[1];
  EXPECT_EQ(info.location_of_id(sel.id).line, 2);
  EXPECT_EQ(info.location_of_id(sel.id).column, 4);  // the '.'
  EXPECT_EQ(info.location_of_id(sel.select().operand->id).column, 3);
  EXPECT_EQ(info.line_offsets, std::vector<int32_t>{4});
}

TEST(ParserTest, IdsAreUnique) {
  auto r = Parser().parse("[a.b, {'k': v}, M{f: 1}].exists(x, x == a.all(y, y > 1))");
  ASSERT_TRUE(r.ok());
  std::set<int64_t> ids;
  walk(*r->expr, [&](const Expr& e) {
    EXPECT_TRUE(ids.insert(e.id).second) << "duplicate id " << e.id;
    EXPECT_LE(e.id, r->max_id);
    EXPECT_GE(r->source_info.offset_of(e.id), 0) << "no position for " << e.id;
    return true;
  });
}

}  // namespace
}  // namespace kro::cel::syntax
