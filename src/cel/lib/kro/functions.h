// The pure cores of kro's own CEL libraries (kro pkg/cel/library): deterministic random values
// (random.go), hashes (hash.go) and JSON text (json.go). Outputs match kro byte for byte.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "value/json.h"
#include "value/result.h"

namespace kro::cel::kro_lib {

// random.seededString(length, seed): `length` characters of [0-9a-z], character i chosen by the
// big-endian uint32 at byte (4*i) mod 32 of SHA-256(seed), modulo 36.
Result<std::string> seeded_string(int64_t length, std::string_view seed);
// random.seededInt(min, max, seed): min + (first 8 bytes of SHA-256(seed), big-endian) mod
// (max - min).
Result<int64_t> seeded_int(int64_t min, int64_t max, std::string_view seed);

// Raw digests (as bytes): FNV-1a 64 (big-endian, 8 bytes), SHA-256 (32), MD5 (16).
std::string fnv64a(std::string_view s);
std::string sha256(std::string_view s);
std::string md5(std::string_view s);

// Go's encoding/json Marshal of a JSON tree: object keys sorted, `<`, `>`, `&`, U+2028 and
// U+2029 escaped as \u003c ..., floats in Go's format (1e+21, 1e-07, 0.000001, 3.5).
std::string go_json_marshal(const Json& v);
// Go's json.Unmarshal into `any`: every number becomes a float64 (so 1 reads as 1.0).
Result<Json> go_json_unmarshal(std::string_view text);

}  // namespace kro::cel::kro_lib
