// Kubernetes' own validation of a literal metav1.LabelSelector (apimachinery's
// ValidateLabelSelector with default options), worded as upstream kro v0.9.4 reports it when an
// RGD's externalRef.metadata.selector holds no CEL expression: checked when the RGD is admitted,
// not when the collection is first listed.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "value/json.h"

namespace kro::graph {

// Why `value` (a JSON label key or value) is not a valid label key / value, in apimachinery's
// words (content.IsLabelKey / content.IsLabelValue); empty when valid.
std::vector<std::string> label_key_problems(std::string_view key);
std::vector<std::string> label_value_problems(std::string_view value);

// nullopt when `selector` (an object without CEL) is a valid LabelSelector; else upstream's
// message: "invalid label selector: [<field>: <problem> ...]", or "invalid selector object: ..."
// when it does not even decode as one.
std::optional<std::string> validate_literal_label_selector(const Json& selector);

}  // namespace kro::graph
