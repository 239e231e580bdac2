#include "graph/references.h"

#include <gtest/gtest.h>

namespace kro::graph {
namespace {

namespace syn = cel::syntax;
using syn::ExprPtr;

// Hand-built trees, shaped as the parser builds them (macros expanded).
int64_t next_id = 1;

ExprPtr node(auto kind) {
  auto e = std::make_unique<syn::Expr>();
  e->id = next_id++;
  e->kind = std::move(kind);
  return e;
}
ExprPtr ident(std::string name) { return node(syn::Ident{std::move(name)}); }
ExprPtr sel(ExprPtr operand, std::string field) {
  return node(syn::Select{std::move(operand), std::move(field), false});
}
ExprPtr constant(int64_t v) {
  syn::Constant c;
  c.kind = syn::Constant::Kind::kInt;
  c.int_value = v;
  return node(c);
}
template <typename... Args>
std::vector<ExprPtr> list(Args... args) {
  std::vector<ExprPtr> v;
  (v.push_back(std::move(args)), ...);
  return v;
}
ExprPtr call(std::string fn, std::vector<ExprPtr> args, ExprPtr target = nullptr) {
  return node(syn::Call{std::move(target), std::move(fn), std::move(args)});
}
ExprPtr comprehension(std::string iter, ExprPtr range, ExprPtr cond, ExprPtr step, ExprPtr result,
                      std::string accu = "@result", ExprPtr init = nullptr,
                      std::string iter2 = "") {
  if (!init) init = node(syn::List{});
  return node(syn::Comprehension{std::move(iter), std::move(iter2), std::move(range),
                                 std::move(accu), std::move(init), std::move(cond), std::move(step),
                                 std::move(result)});
}

TEST(References, SelectChainsReferenceTheirRoot) {
  // deployment.spec.replicas + schema.spec.extra
  auto e = call("_+_", list(sel(sel(ident("deployment"), "spec"), "replicas"),
                            sel(sel(ident("schema"), "spec"), "extra")));
  auto refs = find_references(*e);
  ASSERT_EQ(refs.size(), 2u);
  EXPECT_EQ(refs[0].name, "deployment");
  EXPECT_EQ(refs[0].path, "deployment.spec.replicas");
  EXPECT_FALSE(refs[0].call_target);
  EXPECT_EQ(refs[1].path, "schema.spec.extra");
  EXPECT_EQ(referenced_names(*e), (std::vector<std::string>{"deployment", "schema"}));
}

TEST(References, IndexesAndCallsAreWalked) {
  // service.spec.ports[0].port, size(a), b.filter-free call: c.startsWith(d)
  auto e =
      call("_&&_",
           list(call("_==_", list(sel(call("_[_]", list(sel(sel(ident("service"), "spec"), "ports"),
                                                        constant(0))),
                                      "port"),
                                  call("size", list(ident("a"))))),
                call("startsWith", list(ident("d")), ident("c"))));
  auto names = referenced_names(*e);
  EXPECT_EQ(names, (std::vector<std::string>{"service", "a", "c", "d"}));
  auto refs = find_references(*e);
  EXPECT_EQ(refs[0].path, "service.spec.ports");
  EXPECT_TRUE(refs[2].call_target);   // c
  EXPECT_FALSE(refs[3].call_target);  // d
}

TEST(References, QualifiedFunctionNamespacesAreCallTargets) {
  // json.marshal(x)  → Call{target Ident json, "marshal", [x]}
  auto e = call("marshal", list(ident("x")), ident("json"));
  auto refs = find_references(*e);
  ASSERT_EQ(refs.size(), 2u);
  EXPECT_EQ(refs[0].name, "json");
  EXPECT_TRUE(refs[0].call_target);
  EXPECT_EQ(refs[1].name, "x");
}

TEST(References, ComprehensionVariablesAreNotReferences) {
  // schema.spec.items.map(x, x + y): range reads schema; step reads x (bound) and y (free).
  auto range = sel(sel(ident("schema"), "spec"), "items");
  auto step = call(
      "_+_",
      list(ident("@result"), node(syn::List{list(call("_+_", list(ident("x"), ident("y")))), {}})));
  auto e = comprehension("x", std::move(range), node(syn::Constant{[] {
                           syn::Constant c;
                           c.kind = syn::Constant::Kind::kBool;
                           c.bool_value = true;
                           return c;
                         }()}),
                         std::move(step), ident("@result"));
  EXPECT_EQ(referenced_names(*e), (std::vector<std::string>{"schema", "y"}));
}

TEST(References, IteratorIsFreeOutsideItsLoopAndInTheResult) {
  // [1].all(x, x > 0) && x : the trailing x is free; the result sees only the accumulator.
  auto loop = comprehension(
      "x", node(syn::List{list(constant(1)), {}}), ident("@result"),
      call("_&&_", list(ident("@result"), call("_>_", list(ident("x"), constant(0))))), ident("x"));
  auto e = call("_&&_", list(std::move(loop), ident("x")));
  auto refs = find_references(*e);
  ASSERT_EQ(refs.size(), 2u);  // the x in the result and the x outside
  EXPECT_EQ(refs[0].name, "x");
  EXPECT_EQ(refs[1].name, "x");
}

TEST(References, BindAndTwoVariableComprehensions) {
  // cel.bind(v, deployment.spec, v.replicas): accu var v bound in the result.
  auto bind = comprehension("#unused", node(syn::List{}), constant(0), ident("v"),
                            sel(ident("v"), "replicas"), "v", sel(ident("deployment"), "spec"));
  EXPECT_EQ(referenced_names(*bind), (std::vector<std::string>{"deployment"}));
  // m.all(k, v, k == v && z)
  auto two =
      comprehension("k", ident("m"), ident("@result"),
                    call("_&&_", list(call("_==_", list(ident("k"), ident("v"))), ident("z"))),
                    ident("@result"), "@result", nullptr, "v");
  EXPECT_EQ(referenced_names(*two), (std::vector<std::string>{"m", "z"}));
}

TEST(References, LeadingDotIsRemovedAndMapsStructsWalked) {
  syn::Map m;
  syn::MapEntry entry;
  entry.key = node(syn::Constant{});
  entry.value = ident(".service");
  m.entries.push_back(std::move(entry));
  auto map_expr = node(std::move(m));
  syn::Struct st;
  st.message_name = "google.protobuf.Value";
  syn::StructField f;
  f.name = "x";
  f.value = ident("schema");
  st.fields.push_back(std::move(f));
  auto e = call("_+_", list(std::move(map_expr), node(std::move(st))));
  EXPECT_EQ(referenced_names(*e), (std::vector<std::string>{"service", "schema"}));
}

}  // namespace
}  // namespace kro::graph
