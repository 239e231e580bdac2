// Test helpers: an Executable from RGD YAML (through read_rgd + compile_rgd, as the controller
// gets it) and JSON documents from YAML snippets.
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <string_view>

#include "graph/compiled.h"
#include "graph/schema_resolver_builtin.h"
#include "runtime/runtime.h"
#include "value/yaml.h"

namespace kro::runtime::testing {

inline Json yaml(std::string_view text) {
  auto doc = parse_yaml(text);
  EXPECT_TRUE(doc.ok()) << doc.error().str();
  return doc.ok() ? doc->value : Json();
}

inline Document doc(std::string_view text) { return make_document(yaml(text)); }

// `typed`: with the built-in Kubernetes schemas, so that expressions are type-checked and the
// runtime runs the checker's programs (as the controller does).
inline Result<std::shared_ptr<const Executable>> try_compile(std::string_view rgd_yaml,
                                                             ExecutableOptions options = {},
                                                             bool typed = false) {
  KRO_ASSIGN_OR_RETURN(auto parsed, parse_yaml(rgd_yaml, "rgd.yaml"));
  KRO_ASSIGN_OR_RETURN(auto rgd, graph::read_rgd(parsed));
  graph::CompileOptions compile_options;
  if (typed) {
    KRO_ASSIGN_OR_RETURN(auto resolver, graph::SnapshotSchemaResolver::builtin());
    compile_options.resolver = resolver;
  }
  KRO_ASSIGN_OR_RETURN(auto compiled, graph::compile_rgd(rgd, compile_options));
  return make_executable(std::make_shared<const graph::CompiledGraph>(std::move(compiled)),
                         std::move(options));
}

inline std::shared_ptr<const Executable> compile(std::string_view rgd_yaml,
                                                 ExecutableOptions options = {},
                                                 bool typed = false) {
  auto exe = try_compile(rgd_yaml, std::move(options), typed);
  EXPECT_TRUE(exe.ok()) << exe.error().str();
  return exe.ok() ? *exe : nullptr;
}

// The messages of every error, joined, for readable failures.
inline std::string messages(const std::vector<Error>& errors) {
  std::string out;
  for (const auto& e : errors) out += e.str() + "\n";
  return out;
}

}  // namespace kro::runtime::testing

namespace kro::runtime::testing {

// An RGD named "t" of kind Test with the given spec SimpleSchema, status block and resources
// (YAML fragments indented as they sit under spec.schema.spec / spec.schema.status /
// spec.resources).
inline std::string rgd(std::string_view spec, std::string_view resources,
                       std::string_view status = "", std::string_view scope = "Namespaced") {
  std::string out = "apiVersion: kro.run/v1alpha1\nkind: ResourceGraphDefinition\n";
  out += "metadata: {name: t}\nspec:\n  schema:\n    apiVersion: v1alpha1\n    kind: Test\n";
  out += "    scope: " + std::string(scope) + "\n";
  out += "    spec:\n" + std::string(spec);
  if (!status.empty()) out += "    status:\n" + std::string(status);
  out += "  resources:\n" + std::string(resources);
  return out;
}

// A Test instance named "inst" in namespace "ns" (none when cluster_scoped) with this spec.
inline Document instance(std::string_view spec_flow, bool cluster_scoped = false) {
  std::string text = "apiVersion: kro.run/v1alpha1\nkind: Test\nmetadata: {name: inst";
  if (!cluster_scoped) text += ", namespace: ns";
  text += "}\nspec: " + std::string(spec_flow) + "\n";
  return doc(text);
}

}  // namespace kro::runtime::testing
