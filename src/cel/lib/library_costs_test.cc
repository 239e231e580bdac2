// The cost rules the libraries export (LibraryDefinition::call_costs) and cost::classify_call,
// which reads them: every overload of every library keeps the charge it had when the rules lived
// in cost/, and no library's rule claims another library's overload.
#include <gtest/gtest.h>

#include <array>
#include <optional>
#include <set>
#include <span>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include "cel/check/decls.h"
#include "cel/common/function_registry.h"
#include "cel/cost/cost_model.h"
#include "cel/lib/library.h"

namespace kro::cel::lib {
namespace {

using C = cost::CallCost;

struct Expected {
  std::string_view library;
  std::string_view function;
  std::string_view overload_id;
  C cost;
};

// Every overload (checker and run-time ids) charged more than one unit, written out by hand.
constexpr auto kNonUnit = std::to_array<Expected>({
    {"std", "@in", "in_list", C::kInList},
    {"std", "_!=_", "not_equals", C::kCompareMin},
    {"std", "_+_", "add_string", C::kConcat},
    {"std", "_+_", "add_bytes", C::kConcat},
    {"std", "_<=_", "less_equals_string", C::kCompareMin},
    {"std", "_<=_", "less_equals_bytes", C::kCompareMin},
    {"std", "_<_", "less_string", C::kCompareMin},
    {"std", "_<_", "less_bytes", C::kCompareMin},
    {"std", "_==_", "equals", C::kCompareMin},
    {"std", "_>=_", "greater_equals_string", C::kCompareMin},
    {"std", "_>=_", "greater_equals_bytes", C::kCompareMin},
    {"std", "_>_", "greater_string", C::kCompareMin},
    {"std", "_>_", "greater_bytes", C::kCompareMin},
    {"std", "bytes", "string_to_bytes", C::kTraverseFirst},
    {"std", "contains", "contains_string", C::kContains},
    {"std", "endsWith", "ends_with_string", C::kTraverseFirst},
    {"std", "matches", "matches_string", C::kRegex},
    {"std", "startsWith", "starts_with_string", C::kTraverseFirst},
    {"std", "string", "bytes_to_string", C::kTraverseFirst},
    {"ext.strings", "indexOf", "string_index_of_string", C::kTraverseTree},
    {"ext.strings", "indexOf", "string_index_of_string_int", C::kTraverseTree},
    {"ext.strings", "join", "list_join", C::kJoin},
    {"ext.strings", "join", "list_join_string", C::kJoin},
    {"ext.strings", "lastIndexOf", "string_last_index_of_string", C::kTraverseTree},
    {"ext.strings", "lastIndexOf", "string_last_index_of_string_int", C::kTraverseTree},
    {"ext.strings", "lowerAscii", "string_lower_ascii", C::kTraverseFirst},
    {"ext.strings", "replace", "string_replace_string_string", C::kTraverseFirst2x},
    {"ext.strings", "replace", "string_replace_string_string_int", C::kTraverseFirst2x},
    {"ext.strings", "split", "string_split_string", C::kTraverseFirst2x},
    {"ext.strings", "split", "string_split_string_int", C::kTraverseFirst2x},
    {"ext.strings", "substring", "string_substring_int", C::kTraverseFirst},
    {"ext.strings", "substring", "string_substring_int_int", C::kTraverseFirst},
    {"ext.strings", "trim", "string_trim", C::kTraverseFirst},
    {"ext.strings", "upperAscii", "string_upper_ascii", C::kTraverseFirst},
    {"k8s.lists", "indexOf", "list_a_index_of_int", C::kTraverseTree},
    {"k8s.lists", "isSorted", "list_int_is_sorted_bool", C::kTraverseTree},
    {"k8s.lists", "isSorted", "list_uint_is_sorted_bool", C::kTraverseTree},
    {"k8s.lists", "isSorted", "list_double_is_sorted_bool", C::kTraverseTree},
    {"k8s.lists", "isSorted", "list_bool_is_sorted_bool", C::kTraverseTree},
    {"k8s.lists", "isSorted", "list_google.protobuf.Duration_is_sorted_bool", C::kTraverseTree},
    {"k8s.lists", "isSorted", "list_google.protobuf.Timestamp_is_sorted_bool", C::kTraverseTree},
    {"k8s.lists", "isSorted", "list_string_is_sorted_bool", C::kTraverseTree},
    {"k8s.lists", "isSorted", "list_bytes_is_sorted_bool", C::kTraverseTree},
    {"k8s.lists", "lastIndexOf", "list_a_last_index_of_int", C::kTraverseTree},
    {"k8s.lists", "max", "list_int_max_int", C::kTraverseTree},
    {"k8s.lists", "max", "list_uint_max_uint", C::kTraverseTree},
    {"k8s.lists", "max", "list_double_max_double", C::kTraverseTree},
    {"k8s.lists", "max", "list_bool_max_bool", C::kTraverseTree},
    {"k8s.lists", "max", "list_google.protobuf.Duration_max_google.protobuf.Duration",
     C::kTraverseTree},
    {"k8s.lists", "max", "list_google.protobuf.Timestamp_max_google.protobuf.Timestamp",
     C::kTraverseTree},
    {"k8s.lists", "max", "list_string_max_string", C::kTraverseTree},
    {"k8s.lists", "max", "list_bytes_max_bytes", C::kTraverseTree},
    {"k8s.lists", "min", "list_int_min_int", C::kTraverseTree},
    {"k8s.lists", "min", "list_uint_min_uint", C::kTraverseTree},
    {"k8s.lists", "min", "list_double_min_double", C::kTraverseTree},
    {"k8s.lists", "min", "list_bool_min_bool", C::kTraverseTree},
    {"k8s.lists", "min", "list_google.protobuf.Duration_min_google.protobuf.Duration",
     C::kTraverseTree},
    {"k8s.lists", "min", "list_google.protobuf.Timestamp_min_google.protobuf.Timestamp",
     C::kTraverseTree},
    {"k8s.lists", "min", "list_string_min_string", C::kTraverseTree},
    {"k8s.lists", "min", "list_bytes_min_bytes", C::kTraverseTree},
    {"k8s.lists", "sum", "list_int_sum_int", C::kTraverseTree},
    {"k8s.lists", "sum", "list_uint_sum_uint", C::kTraverseTree},
    {"k8s.lists", "sum", "list_double_sum_double", C::kTraverseTree},
    {"k8s.lists", "sum", "list_google.protobuf.Duration_sum_google.protobuf.Duration",
     C::kTraverseTree},
    {"k8s.urls", "url", "string_to_url", C::kTraverseFirst},
    {"k8s.regex", "find", "string_find_string", C::kRegex},
    {"k8s.regex", "findAll", "string_find_all_string", C::kRegex},
    {"k8s.regex", "findAll", "string_find_all_string_int", C::kRegex},
    {"k8s.quantity", "isQuantity", "is_quantity_string", C::kTraverseFirst},
    {"k8s.quantity", "quantity", "string_to_quantity", C::kTraverseFirst},
    {"k8s.ip", "ip", "string_to_ip", C::kTraverseFirst},
    {"k8s.ip", "ip.isCanonical", "ip_is_canonical", C::kTraverseFirst2x},
    {"k8s.ip", "isIP", "is_ip", C::kTraverseFirst},
    {"k8s.cidr", "cidr", "string_to_cidr", C::kTraverseFirst},
    {"k8s.cidr", "containsCIDR", "cidr_contains_cidr_string", C::kContainsCIDRString},
    {"k8s.cidr", "containsCIDR", "cidr_contains_cidr", C::kContainsCIDR},
    {"k8s.cidr", "containsIP", "cidr_contains_ip_string", C::kContainsIPString},
    {"k8s.cidr", "containsIP", "cidr_contains_ip_ip", C::kContainsIP},
    {"k8s.cidr", "isCIDR", "is_cidr", C::kTraverseFirst},
});

struct OverloadRef {
  std::string library;
  std::string function;
  std::string id;
  bool operator<(const OverloadRef& o) const {
    return std::tie(library, function, id) < std::tie(o.library, o.function, o.id);
  }
};

// Every overload each library declares to the checker or registers for run time.
std::set<OverloadRef> all_overloads() {
  std::set<OverloadRef> out;
  for (const LibraryDefinition& l : libraries()) {
    check::Declarations decls;
    EXPECT_TRUE(l.declare(decls).ok()) << l.name;
    FunctionRegistry reg;
    EXPECT_TRUE(l.register_functions(reg).ok()) << l.name;
    for (const auto& [name, fn] : decls.functions()) {
      for (const auto& o : fn.overloads) out.insert({std::string(l.name), name, o.id});
      if (const FunctionDecl* rt = reg.find(name)) {
        for (const auto& o : rt->overloads) out.insert({std::string(l.name), name, o->id});
      }
    }
  }
  return out;
}

TEST(LibraryCosts, EveryNonUnitOverloadKeepsItsCharge) {
  const std::set<OverloadRef> overloads = all_overloads();
  for (const Expected& e : kNonUnit) {
    SCOPED_TRACE(std::string(e.library) + " " + std::string(e.function) + " " +
                 std::string(e.overload_id));
    EXPECT_EQ(cost::classify_call(e.function, e.overload_id), e.cost);
    // The table names real overloads of the library it names.
    EXPECT_EQ(overloads.count(
                  {std::string(e.library), std::string(e.function), std::string(e.overload_id)}),
              1U);
  }
}

TEST(LibraryCosts, EveryOtherOverloadCostsOneUnit) {
  std::set<OverloadRef> listed;
  for (const Expected& e : kNonUnit) {
    listed.insert({std::string(e.library), std::string(e.function), std::string(e.overload_id)});
  }
  int unit = 0;
  for (const OverloadRef& o : all_overloads()) {
    if (listed.count(o) != 0) continue;
    EXPECT_EQ(cost::classify_call(o.function, o.id), C::kUnit)
        << o.library << " " << o.function << " " << o.id;
    ++unit;
  }
  // cidr_ip among them: its rule in k8s.cidr says one unit, unlike ip(string) in k8s.ip.
  EXPECT_EQ(cost::classify_call("ip", "cidr_ip"), C::kUnit);
  EXPECT_GT(unit, 100);
}

TEST(LibraryCosts, RulesClaimOnlyTheirLibrarysOverloads) {
  const std::set<OverloadRef> overloads = all_overloads();
  int checked = 0;
  for (const LibraryDefinition& l : libraries()) {
    if (l.call_costs == nullptr) continue;
    const std::span<const cost::CallCostRule> rules = l.call_costs();
    EXPECT_FALSE(rules.empty()) << l.name;
    for (const OverloadRef& o : overloads) {
      if (o.library == l.name) continue;
      EXPECT_EQ(cost::find_call_cost(rules, o.function, o.id), std::nullopt)
          << l.name << " claims " << o.library << " " << o.function << " " << o.id;
      ++checked;
    }
    // And every rule matches an overload of its own library: none is dead.
    for (const cost::CallCostRule& r : rules) {
      bool used = false;
      for (const OverloadRef& o : overloads) {
        if (o.library == l.name &&
            cost::find_call_cost(std::span(&r, 1), o.function, o.id).has_value()) {
          used = true;
        }
      }
      EXPECT_TRUE(used) << l.name << " rule " << r.function << " " << r.overload_id;
    }
  }
  EXPECT_GT(checked, 1000);
}

TEST(LibraryCosts, OnlyTheseLibrariesExportRules) {
  std::vector<std::string_view> with_rules;
  for (const LibraryDefinition& l : libraries()) {
    if (l.call_costs != nullptr) with_rules.push_back(l.name);
  }
  EXPECT_EQ(with_rules,
            (std::vector<std::string_view>{"std", "ext.strings", "k8s.lists", "k8s.urls",
                                           "k8s.regex", "k8s.quantity", "k8s.ip", "k8s.cidr"}));
}

TEST(LibraryCosts, FirstMatchingRuleWinsAndEmptyMatchesAny) {
  constexpr auto kRules = std::to_array<cost::CallCostRule>({
      {"containsIP", "cidr_contains_ip_string", C::kContainsIPString},
      {"containsIP", "", C::kContainsIP},
      {"", "add_string", C::kConcat},
  });
  EXPECT_EQ(cost::find_call_cost(kRules, "containsIP", "cidr_contains_ip_string"),
            C::kContainsIPString);
  EXPECT_EQ(cost::find_call_cost(kRules, "containsIP", "cidr_contains_ip_ip"), C::kContainsIP);
  EXPECT_EQ(cost::find_call_cost(kRules, "_+_", "add_string"), C::kConcat);
  EXPECT_EQ(cost::find_call_cost(kRules, "_+_", "add_bytes"), std::nullopt);
  EXPECT_EQ(cost::find_call_cost(kRules, "containsCIDR", "cidr_contains_ip_string"), std::nullopt);
  EXPECT_EQ(cost::classify_call("noSuchFunction", "no_such_overload"), C::kUnit);
}

}  // namespace
}  // namespace kro::cel::lib
