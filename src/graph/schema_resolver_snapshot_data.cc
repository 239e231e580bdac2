// The built-in kinds' OpenAPI snapshot, embedded in the binary so that `kro validate` and the
// controller type-check offline without locating data files. KRO_OPENAPI_SNAPSHOT (set by
// src/graph/CMakeLists.txt when data/openapi/k8s-<version>/schemas.json exists) names the file;
// without it the snapshot is empty and SnapshotSchemaResolver::builtin() reports so.
#include <string_view>

namespace kro::graph::internal {

#ifdef KRO_OPENAPI_SNAPSHOT
// .incbin copies the file's bytes into read-only data (gcc and clang alike); ccache knows the
// directive and does not cache this object, so a new snapshot is always picked up.
asm(".pushsection .rodata\n"
    ".global kro_openapi_snapshot_begin\n"
    "kro_openapi_snapshot_begin:\n"
    ".incbin \"" KRO_OPENAPI_SNAPSHOT
    "\"\n"
    ".global kro_openapi_snapshot_end\n"
    "kro_openapi_snapshot_end:\n"
    ".popsection\n");
// The names are the assembly symbols defined just above, not C++ constants of ours.
extern "C" const char kro_openapi_snapshot_begin[];  // NOLINT(readability-identifier-naming)
extern "C" const char kro_openapi_snapshot_end[];    // NOLINT(readability-identifier-naming)

std::string_view embedded_openapi_snapshot() {
  return {kro_openapi_snapshot_begin,
          static_cast<std::size_t>(kro_openapi_snapshot_end - kro_openapi_snapshot_begin)};
}
#else
std::string_view embedded_openapi_snapshot() { return {}; }
#endif

}  // namespace kro::graph::internal
