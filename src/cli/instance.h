// The instance `kro render` evaluates, prepared the way the API server would store it: its kind
// checked against the RGD, the CRD's defaults applied (structural defaulting, as
// apiextensions-apiserver does on create), and the namespace defaulted like kubectl does.
#pragma once

#include "graph/compiled.h"
#include "schema/openapi_schema.h"
#include "value/json.h"
#include "value/result.h"
#include "value/yaml.h"

namespace kro::cli {

// Fills absent (or null) fields that have a default in the schema, then recurses into every
// field, defaulted ones included.
void apply_defaults(const schema::Schema& schema, Json& value);

// Checks apiVersion/kind/metadata.name of the instance against the compiled RGD (errors carry
// the document's positions), applies the spec defaults and, for a namespaced kind, defaults
// metadata.namespace to "default".
Result<Json> prepare_instance(const YamlDocument& doc, const graph::CompiledGraph& compiled);

}  // namespace kro::cli
