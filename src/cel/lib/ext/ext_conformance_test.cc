// Runs the cel-spec conformance files of the cel-go extensions kro enables (string_ext,
// encoders_ext, bindings_ext) through the parser and interpreter with kro's libraries, skipping
// the protobuf tier (tiers.json). Values are compared with CEL equality; eval_error cases pass
// on any error, as the reference runner matches them.
#include <gtest/gtest.h>

#include <fstream>
#include <set>
#include <sstream>

#include "cel/eval/program.h"
#include "cel/lib/ext/base64.h"
#include "cel/lib/kro/library_sets.h"
#include "cel/syntax/parser.h"
#include "cel/test_util.h"

namespace kro::cel {
namespace {

Json load(const std::string& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  auto doc = parse_json(ss.str());
  return doc.ok() ? *doc : Json();
}

// A conformance Value as a runtime value; nullopt for kinds this test does not model.
std::optional<Value> decode(const Json& v) {
  const auto& o = v.as_object();
  if (o.contains("null_value")) return Value::null();
  if (const auto* b = o.if_contains("bool_value")) return Value::boolean(b->as_bool());
  if (const auto* i = o.if_contains("int64_value")) return Value::integer(i->to_number<int64_t>());
  if (const auto* u = o.if_contains("uint64_value")) {
    return Value::uinteger(u->to_number<uint64_t>());
  }
  if (const auto* d = o.if_contains("double_value")) {
    if (d->is_string()) {
      const std::string s(d->as_string());
      return Value::dbl(s == "NaN" ? std::nan("") : (s == "Infinity" ? HUGE_VAL : -HUGE_VAL));
    }
    return Value::dbl(d->to_number<double>());
  }
  if (const auto* s = o.if_contains("string_value"))
    return Value::string(std::string(s->as_string()));
  if (const auto* b = o.if_contains("bytes_value")) {
    auto raw = ext::base64_decode(std::string(b->as_string()));
    if (!raw.ok()) return std::nullopt;
    return Value::bytes(*raw);
  }
  if (const auto* l = o.if_contains("list_value")) {
    std::vector<Value> out;
    if (const auto* vs = l->as_object().if_contains("values")) {
      for (const auto& e : vs->as_array()) {
        auto d = decode(e);
        if (!d) return std::nullopt;
        out.push_back(*d);
      }
    }
    return Value::list(std::move(out));
  }
  if (const auto* m = o.if_contains("map_value")) {
    std::vector<std::pair<Value, Value>> out;
    if (const auto* es = m->as_object().if_contains("entries")) {
      for (const auto& e : es->as_array()) {
        auto k = decode(e.at("key"));
        auto val = decode(e.at("value"));
        if (!k || !val) return std::nullopt;
        out.emplace_back(*k, *val);
      }
    }
    return Value::map(std::move(out));
  }
  return std::nullopt;
}

class ExtConformance : public ::testing::TestWithParam<std::string> {};

TEST_P(ExtConformance, File) {
  const std::string file = GetParam();
  const Json doc = load(KRO_CEL_SPEC_DIR "/" + file + ".json");
  ASSERT_TRUE(doc.is_object()) << file;
  std::set<std::string> skipped;
  const Json tiers = load(KRO_CEL_SPEC_DIR "/tiers.json");
  for (const auto& t : tiers.at("tests").as_array()) {
    if (t.at("file").as_string() == file && t.at("tier").as_string() == "skip-proto") {
      skipped.insert(std::string(t.at("section").as_string()) + "/" +
                     std::string(t.at("test").as_string()));
    }
  }

  int passed = 0;
  int failed = 0;
  std::string report;
  for (const auto& section : doc.at("section").as_array()) {
    for (const auto& t : section.at("test").as_array()) {
      const std::string id =
          std::string(section.at("name").as_string()) + "/" + std::string(t.at("name").as_string());
      if (skipped.count(id) != 0) continue;
      const std::string expr(t.at("expr").as_string());
      eval::MapActivation act;
      if (const auto* b = t.as_object().if_contains("bindings")) {
        for (const auto& [name, v] : b->as_object()) {
          auto d = decode(v.at("value"));
          if (d) act.bind(std::string(name), *d);
        }
      }
      Value got = testing::parse_plan_eval(expr, act);
      bool ok = false;
      const auto& o = t.as_object();
      if (o.contains("eval_error")) {
        ok = got.is_error();
      } else if (const auto* v = o.if_contains("value")) {
        auto want = decode(*v);
        ok = want && !got.is_error() && equal_values(got, *want);
      } else {
        ok = got.is(Kind::kBool) && got.as_bool();
      }
      if (ok) {
        passed++;
      } else {
        failed++;
        report.append("  ").append(file).append("/").append(id).append(": ").append(expr);
        report.append("  ->  ")
            .append(got.is_error() ? "error: " + got.error_message() : debug_string(got))
            .append("\n");
      }
    }
  }
  std::cout << file << ": " << passed << " passed, " << failed << " failed\n" << report;
  EXPECT_EQ(failed, 0) << report;
}

INSTANTIATE_TEST_SUITE_P(CelSpec, ExtConformance,
                         ::testing::Values("string_ext", "encoders_ext", "bindings_ext"));

}  // namespace
}  // namespace kro::cel
