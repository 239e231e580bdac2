// The one environment every conformance test runs in (as cel-go's runner does): the standard
// library, OptionalTypes, the cel-go extension libraries kro enables (strings, lists, encoders)
// and the Kubernetes libraries, with their checker declarations.
#pragma once

#include <memory>

#include "cel/compiler.h"
#include "cel/syntax/parser.h"

namespace kro::cel::conformance {

Result<std::shared_ptr<const BaseEnv>> make_env();

// Parser with every macro kro enables; `macros` false gives one without macros.
const syntax::Parser& parser(bool macros);

}  // namespace kro::cel::conformance
