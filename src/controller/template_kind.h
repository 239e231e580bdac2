// The kind a resource or collection template names literally: known before anything is
// evaluated, so the controller can start the children's informers when a kind is registered and
// record a new instance's ApplySet group-kinds in one write.
#pragma once

#include <optional>

#include "graph/builder.h"
#include "kube/gvk.h"

namespace kro::controller {

// The template's apiVersion and kind when both are non-empty strings without `${`; nullopt for
// external references and for templated or missing ones (known only after evaluation).
std::optional<kube::GroupVersionKind> literal_template_kind(const graph::Node& node);

}  // namespace kro::controller
