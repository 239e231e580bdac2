// Static checks of an externalRef's `metadata.selector` object, as upstream's validateSelector
// (pkg/graph/validation.go) does when an RGD is admitted:
//   1. the object is walked against Kubernetes' LabelSelector schema (matchLabels: map of
//      strings; matchExpressions: list of {key, operator, values: list of strings}), with
//      upstream's typed-walk messages: "expected object type for path
//      metadata.selector.matchLabels, got string", "error getting field schema for path
//      metadata.selector.bogus: schema not found for field bogus";
//   2. a selector holding no `${...}` is validated as Kubernetes' ValidateLabelSelector does
//      (operators, values per operator, label key and value syntax), reported as
//      "invalid label selector: [<field errors>]". A selector with expressions is left to the
//      list at reconcile time, whose values are only known then.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "value/json.h"

namespace kro::graph {

// The first problem of `selector` (an object), or nothing when upstream admits it.
std::optional<std::string> selector_problem(const Json& selector);

// Kubernetes' label key syntax (IsLabelKey) and label value syntax (IsLabelValue): every
// violation, with Kubernetes' wording; empty when valid.
std::vector<std::string> label_key_problems(std::string_view key);
std::vector<std::string> label_value_problems(std::string_view value);

}  // namespace kro::graph
