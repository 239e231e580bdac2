// The one environment every conformance test runs in (as cel-go's runner does): the standard
// library, OptionalTypes and whatever extension libraries are built into kro_cel.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "cel/common/function_registry.h"
#include "cel/syntax/parser.h"

namespace kro::cel::conformance {

Result<std::shared_ptr<const FunctionRegistry>> make_registry();

// Type names the extension libraries define (net.IP, kubernetes.Quantity ...).
std::vector<std::string> extension_type_names();

// Parser with every macro kro enables; `macros` false gives one without macros.
const syntax::Parser& parser(bool macros);

}  // namespace kro::cel::conformance
