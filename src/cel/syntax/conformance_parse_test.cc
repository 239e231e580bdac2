// Data-driven: every expression in the cel-spec conformance files (tests/data/cel-spec) must
// parse, and string/bytes literal tests must decode to exactly the expected value. The corpus
// has no test that expects a parse error (its error tests fail at check or evaluation time).
// Each tree is also unparsed and parsed again, which must give the same tree (ids aside).
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

#include "cel/syntax/parser.h"
#include "cel/syntax/unparser.h"
#include "value/json.h"

namespace kro::cel::syntax {
namespace {

std::string spec_dir() {
  if (const char* d = std::getenv("KRO_CEL_SPEC_DIR")) return d;
  return KRO_CEL_SPEC_DIR;  // absolute, from CMake
}

Json load_spec(const std::string& name) {
  std::string path = spec_dir() + "/" + name + ".json";
  std::ifstream in(path, std::ios::binary);
  EXPECT_TRUE(in.good()) << "cannot read " << path;
  std::stringstream ss;
  ss << in.rdbuf();
  auto j = parse_json(ss.str(), path);
  EXPECT_TRUE(j.ok()) << path;
  return j.ok() ? *j : Json();
}

std::string base64_decode(std::string_view in) {
  auto val = [](char c) -> int {
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (c >= '0' && c <= '9') return c - '0' + 52;
    if (c == '+') return 62;
    if (c == '/') return 63;
    return -1;
  };
  std::string out;
  int bits = 0, acc = 0;
  for (char c : in) {
    int v = val(c);
    if (v < 0) continue;
    acc = (acc << 6) | v;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<char>((acc >> bits) & 0xFF));
    }
  }
  return out;
}

struct Counts {
  int parsed = 0;
  int literal_checked = 0;
  int round_tripped = 0;
};

void run_file(const std::string& name, Counts& counts) {
  Json doc = load_spec(name);
  if (!doc.is_object()) return;
  Parser parser;
  const auto* sections = doc.as_object().if_contains("section");
  if (!sections) return;
  for (const auto& section : sections->as_array()) {
    const auto& sec = section.as_object();
    std::string sec_name(sec.at("name").as_string());
    const auto* tests = sec.if_contains("test");
    if (!tests) continue;
    for (const auto& test : tests->as_array()) {
      const auto& t = test.as_object();
      std::string id = name;
      id.append("/").append(sec_name).append("/").append(t.at("name").as_string());
      const auto& expr = t.at("expr").as_string();
      auto r = parser.parse(std::string_view(expr.data(), expr.size()));
      if (!r.ok()) {
        ADD_FAILURE() << id << " failed to parse:\n" << r.error().message;
        continue;
      }
      ++counts.parsed;
      auto text = unparse(*r);
      if (!text.ok()) {
        ADD_FAILURE() << id << ": " << text.error().message;
      } else {
        auto again = parser.parse(*text);
        if (!again.ok()) {
          ADD_FAILURE() << id << ": unparsed text does not parse: " << *text << "\n"
                        << again.error().message;
        } else if (!equal(*r->expr, *again->expr, /*compare_ids=*/false)) {
          ADD_FAILURE() << id << ": round trip changed the tree: " << *text;
        } else {
          ++counts.round_tripped;
        }
      }
      // A lone literal with an expected string/bytes value: compare the decoded literal.
      const auto* value = t.if_contains("value");
      if (!value || !r->expr->is(ExprKind::kConstant)) continue;
      const Constant& c = r->expr->constant();
      if (const auto* s = value->as_object().if_contains("string_value")) {
        EXPECT_EQ(c.kind, Constant::Kind::kString) << id;
        EXPECT_EQ(c.string_value, std::string(s->as_string())) << id;
        ++counts.literal_checked;
      } else if (const auto* b = value->as_object().if_contains("bytes_value")) {
        EXPECT_EQ(c.kind, Constant::Kind::kBytes) << id;
        EXPECT_EQ(c.string_value, base64_decode(b->as_string())) << id;
        ++counts.literal_checked;
      }
    }
  }
}

TEST(ConformanceParseTest, ParseFileAllExpressionsParseAndLiteralsDecode) {
  Counts counts;
  run_file("parse", counts);
  EXPECT_EQ(counts.parsed, 219);
  // string_literals and bytes_literals sections (one constant each).
  EXPECT_EQ(counts.literal_checked, 144);
  EXPECT_EQ(counts.round_tripped, 219);
}

TEST(ConformanceParseTest, EveryConformanceExpressionParses) {
  Counts counts;
  for (const char* f :
       {"basic", "bindings_ext", "comparisons", "conversions", "encoders_ext", "fields", "fp_math",
        "integer_math", "lists", "logic", "macros", "macros2", "namespace", "optionals", "plumbing",
        "string", "string_ext", "timestamps", "type_deduction"}) {
    run_file(f, counts);
  }
  EXPECT_GT(counts.parsed, 1300);
  EXPECT_EQ(counts.round_tripped, counts.parsed);
}

}  // namespace
}  // namespace kro::cel::syntax
