// Reading and editing an object's metadata (ObjectMeta) in its JSON form: finalizers, whether
// the object is terminating, labels and annotations. Absent or ill-typed fields read as empty.
#pragma once

#include <string>
#include <string_view>

#include "value/json.h"

namespace kro::kube {

// True when metadata.finalizers lists `finalizer`.
bool has_finalizer(const Json& object, std::string_view finalizer);
// metadata.finalizers with `finalizer` appended unless already there (the other entries, in
// order, even non-strings), ready to be patched in.
JsonArray finalizers_with(const Json& object, std::string_view finalizer);
// metadata.finalizers without any `finalizer` entry.
JsonArray finalizers_without(const Json& object, std::string_view finalizer);

// True when metadata.deletionTimestamp is set: the object is being deleted and waits only for
// its finalizers.
bool is_terminating(const Json& object);

// The string value of one label / annotation; "" when absent or not a string.
std::string label(const Json& object, std::string_view key);
std::string annotation(const Json& object, std::string_view key);

}  // namespace kro::kube
