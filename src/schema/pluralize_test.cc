#include "schema/pluralize.h"

#include <gtest/gtest.h>

namespace kro::schema {
namespace {

struct Case {
  const char* singular;
  const char* plural;
};

// Expected values follow flect v1.0.3's tables and rule order (see pluralize.h).
TEST(Pluralize, KubernetesStyleKinds) {
  const Case cases[] = {
      {"application", "applications"},
      {"policy", "policies"},
      {"clusterpolicy", "clusterpolicies"},
      {"proxy", "proxies"},
      {"status", "statuses"},
      {"ingress", "ingresses"},
      {"index", "indices"},
      {"person", "people"},
      {"mouse", "mice"},
      {"data", "data"},
      {"series", "series"},
      {"bus", "buses"},
      {"quiz", "quizzes"},
      {"gateway", "gateways"},
      {"database", "databases"},
      {"service", "services"},
      {"deployment", "deployments"},
      {"configmap", "configmaps"},
      {"webapp", "webapps"},
      {"cronjob", "cronjobs"},
      {"address", "addresses"},
      {"cluster", "clusters"},
      {"endpoints", "endpoints"},
      {"bucket", "buckets"},
      {"entity", "entities"},
      {"key", "keys"},
      {"cache", "caches"},
      {"virus", "viruses"},
      {"campus", "campuses"},
      {"user", "users"},
  };
  for (const auto& c : cases) EXPECT_EQ(pluralize(c.singular), c.plural) << c.singular;
}

TEST(Pluralize, IrregularsAndUncountables) {
  const Case cases[] = {
      {"child", "children"},   {"man", "men"},           {"woman", "women"},
      {"human", "humans"},     {"superman", "supermen"}, {"foot", "feet"},
      {"tooth", "teeth"},      {"goose", "geese"},       {"criterion", "criteria"},
      {"sheep", "sheep"},      {"news", "news"},         {"equipment", "equipment"},
      {"alias", "aliases"},    {"potato", "potatoes"},   {"cookie", "cookies"},
      {"movie", "movies"},     {"media", "media"},       {"stadium", "stadiums"},
      {"aquarium", "aquaria"}, {"medium", "media"},      {"octopus", "octupuses"},
      {"ox", "oxen"},          {"die", "dice"},          {"axis", "axes"},
  };
  for (const auto& c : cases) EXPECT_EQ(pluralize(c.singular), c.plural) << c.singular;
}

TEST(Pluralize, SuffixRules) {
  const Case cases[] = {
      {"knife", "knives"},
      {"wife", "wives"},
      {"leaf", "leaves"},
      {"half", "halves"},
      {"bookshelf", "bookshelves"},
      {"roof", "roofs"},
      {"box", "boxes"},
      {"matrix", "matrices"},
      {"analysis", "analyses"},
      {"photo", "photos"},
      {"hero", "heroes"},
      {"radio", "radios"},
      {"toy", "toys"},
      {"city", "cities"},
      {"museum", "museums"},
      {"watch", "watches"},
      {"wish", "wishes"},
      {"buzz", "buzzes"},
      {"waltz", "waltzes"},
      {"fez", "fezzes"},
      {"zoo", "zoos"},
      {"piano", "pianos"},
      {"solo", "solos"},
      {"premium", "premia"},
      {"minimum", "minima"},
      {"datum", "data"},
      {"soliloquy", "soliloquies"},
      {"diagnosis", "diagnoses"},
      {"synopsis", "synopses"},
      {"polyhedron", "polyhedra"},
  };
  for (const auto& c : cases) EXPECT_EQ(pluralize(c.singular), c.plural) << c.singular;
}

TEST(Pluralize, AlreadyPluralStaysPlural) {
  EXPECT_EQ(pluralize("people"), "people");
  EXPECT_EQ(pluralize("indices"), "indices");
  EXPECT_EQ(pluralize("policies"), "policies");
  EXPECT_EQ(pluralize("knives"), "knives");
  EXPECT_EQ(pluralize("things"), "things");
}

TEST(Pluralize, Acronyms) {
  EXPECT_EQ(pluralize("api"), "apis");
  EXPECT_EQ(pluralize("vm"), "vms");
  EXPECT_EQ(pluralize("id"), "ids");
  EXPECT_EQ(pluralize("ID"), "IDs");
  // flect upper-cases a whole-word acronym before matching, so its "S" → "Ses" rule fires and
  // the case-sensitive suffix replacement appends: upstream names such a CRD this way too.
  EXPECT_EQ(pluralize("dns"), "dnsDNSes");
}

TEST(Pluralize, EmptyInput) { EXPECT_EQ(pluralize(""), ""); }

TEST(KindPlural, LowercasesTheKindFirst) {
  EXPECT_EQ(kind_plural("ClusterPolicy"), "clusterpolicies");
  EXPECT_EQ(kind_plural("Application"), "applications");
  EXPECT_EQ(kind_plural("WebApplication"), "webapplications");
  EXPECT_EQ(kind_plural("Proxy"), "proxies");
  EXPECT_EQ(kind_plural("Index"), "indices");
  EXPECT_EQ(kind_plural("Person"), "people");
  EXPECT_EQ(kind_plural("Status"), "statuses");
  EXPECT_EQ(kind_plural("Data"), "data");
  EXPECT_EQ(kind_plural("App2"), "app2s");
}

}  // namespace
}  // namespace kro::schema
