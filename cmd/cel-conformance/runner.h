// Runs conformance tests: the cel-spec SimpleTestFile JSON shape and the k8s-cases.json shape
// (docs/behaviour/cel-conformance-runner.md). One Outcome per test; tests outside the counted
// tiers are reported as not counted.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "cel/compiler.h"
#include "value/json.h"

namespace kro::cel::conformance {

struct Outcome {
  std::string id;       // file/section/test, or k8s-cases/<name>
  bool counted = true;  // false: outside the gated tiers (e.g. skip-proto)
  bool passed = false;
  std::string reason;  // why it failed or was not counted
};

// tiers.json: test identity -> tier ("core", "kro-ext", "skip-proto").
class Tiers {
 public:
  static Result<Tiers> load(const std::string& path);
  // The tier of a test; empty when tiers.json does not list it.
  std::string_view tier(const std::string& id) const;
  bool empty() const { return by_id_.empty(); }

 private:
  std::map<std::string, std::string, std::less<>> by_id_;
};

class Runner {
 public:
  Runner(std::shared_ptr<const BaseEnv> env, const Tiers* tiers)
      : env_(std::move(env)), tiers_(tiers) {}

  // `doc` is one parsed file; `file_name` its base name without ".json".
  std::vector<Outcome> run_file(const Json& doc, const std::string& file_name) const;

 private:
  std::vector<Outcome> run_spec_file(const JsonObject& doc, const std::string& file_name) const;
  std::vector<Outcome> run_k8s_cases(const JsonArray& cases, const std::string& file_name) const;
  Outcome run_spec_test(const JsonObject& test, const std::string& id) const;
  Outcome run_k8s_case(const JsonObject& c, const std::string& id) const;

  std::shared_ptr<const BaseEnv> env_;
  const Tiers* tiers_;
};

}  // namespace kro::cel::conformance
