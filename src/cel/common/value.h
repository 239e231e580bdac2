// The CEL runtime value: one 24-byte tagged handle for every CEL kind.
//
// Layout: a kind tag, a 4-byte auxiliary slot, an 8-byte payload (scalar bits or a pointer) and an
// intrusive reference to a shared heap object. Scalars (null, bool, int, uint, double, timestamp,
// duration) never allocate. Strings, bytes, lists and maps come in two representations that the
// API hides:
//   - native: built by CEL (literals, results of functions), held by a ref-counted heap object;
//   - JSON view: a pointer into an immutable kro::Json tree plus a reference that keeps its
//     Document alive. Kubernetes objects are bound once and read in place: selecting a field of a
//     view yields another view, never a copy of the object.
// Lists and maps are read by index (list_at, map_key_at/map_value_at) so both representations are
// served by the same loops. Values are immutable; copying one is a reference-count increment.
//
// Errors and unknowns are values too (CEL's evaluation model): functions receive and return them
// like any other value, and strict functions propagate them. Error messages follow cel-go's
// wording (see errors.h).
//
// Equality and ordering follow the CEL specification's heterogeneous semantics: 1 == 1u == 1.0,
// NaN is unequal to everything, lists and maps compare element-wise, a map lookup with 1.0 finds
// the key 1. Opaque values (library types such as kubernetes.Quantity or net.IP) implement their
// own equality through OpaqueValue.
#pragma once

#include <atomic>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "cel/common/time.h"
#include "value/json.h"

namespace kro::cel {

enum class Kind : uint8_t {
  kNull,
  kBool,
  kInt,
  kUint,
  kDouble,
  kString,
  kBytes,
  kList,
  kMap,
  kType,
  kTimestamp,
  kDuration,
  kOptional,
  kOpaque,  // a library-defined value (OpaqueValue), e.g. kubernetes.Quantity
  kError,
  kUnknown,
};

// The CEL name of a kind's type: "int", "list", "google.protobuf.Timestamp", "optional_type" ...
// (kOpaque has no single name; ask the value).
std::string_view kind_type_name(Kind k);

// Base of every shared heap object behind a Value. The count is atomic because compiled programs
// (and their constants) are shared by worker threads.
class RefCounted {
 public:
  RefCounted() = default;
  RefCounted(const RefCounted&) = delete;
  RefCounted& operator=(const RefCounted&) = delete;
  virtual ~RefCounted() = default;

  void ref() const { refs_.fetch_add(1, std::memory_order_relaxed); }
  void unref() const {
    if (refs_.fetch_sub(1, std::memory_order_acq_rel) == 1) delete this;
  }

 private:
  mutable std::atomic<int32_t> refs_{1};
};

class Value;

// A value kind defined by a library (celext: Quantity, IP, CIDR, URL, Semver, kro's Condition,
// the omit sentinel). Subclasses are immutable.
class OpaqueValue : public RefCounted {
 public:
  // The CEL type name, e.g. "kubernetes.Quantity", "net.IP".
  virtual std::string_view type_name() const = 0;
  // Equality against another opaque value; the default is identity. Called only when both have
  // the same type_name().
  virtual bool equals(const OpaqueValue& other) const { return this == &other; }
  // Whether `==` with this value on the left and a non-null value of another type is a "no such
  // overload" error instead of false (the Kubernetes library types' Equal works that way).
  virtual bool equality_needs_same_type() const { return false; }
  // Hash consistent with equals(), used when such a value is a map key or in distinct().
  virtual std::size_t hash() const { return reinterpret_cast<std::uintptr_t>(this); }
  // The JSON form written into Kubernetes objects; an error when there is none.
  virtual Result<Json> to_json() const;
  // Human-readable form for diagnostics (and string() where a library allows it).
  virtual std::string debug_string() const { return std::string(type_name()); }
  // Field selection on the value (e.g. kro.run.Condition's `type`); nullopt when the type has no
  // such field.
  virtual std::optional<Value> select(std::string_view field) const;
};

class Value {
 public:
  // null
  Value() noexcept : kind_(Kind::kNull) { payload_.i = 0; }
  Value(const Value& o) noexcept;
  Value(Value&& o) noexcept;
  Value& operator=(const Value& o) noexcept;
  Value& operator=(Value&& o) noexcept;
  ~Value() {
    if (ref_ != nullptr) ref_->unref();
  }

  // --- construction ---
  static Value null() { return Value(); }
  static Value boolean(bool b);
  static Value integer(int64_t i);
  static Value uinteger(uint64_t u);
  static Value dbl(double d);
  static Value string(std::string s);
  static Value bytes(std::string s);
  static Value list(std::vector<Value> elems);
  // A map from (key, value) pairs in order. Keys must be bool, int, uint or string (doubles are
  // accepted when integral, as cel-go does for lookups, but not as literal keys: the planner
  // rejects those); a repeated key is an error value ("Failed with repeated key").
  static Value map(std::vector<std::pair<Value, Value>> entries);
  static Value timestamp(Timestamp t);  // caller checks the range (see time.h)
  static Value duration(Duration d);
  // A type value named as CEL names it: "int", "list", "map", "type", "null_type",
  // "google.protobuf.Timestamp", "optional_type", "kubernetes.Quantity" ...
  static Value type(std::string_view name);
  static Value optional_of(Value v);
  static Value optional_none();
  static Value error(std::string message);
  static Value unknown(std::vector<int64_t> expr_ids);
  // Takes over one reference of `v` (which starts with a count of 1).
  static Value opaque(const OpaqueValue* v);

  // A view of `*node` inside `doc`: scalars are read at once, strings/arrays/objects stay views.
  static Value from_json(const Document& doc, const Json& node);
  static Value from_json(const Document& doc) { return from_json(doc, *doc); }
  // Copies `j` into a new document and views it.
  static Value from_json_copy(Json j);

  // --- inspection ---
  Kind kind() const { return kind_; }
  bool is(Kind k) const { return kind_ == k; }
  bool is_error() const { return kind_ == Kind::kError; }
  bool is_unknown() const { return kind_ == Kind::kUnknown; }
  // Error or unknown: what a strict function propagates instead of calling its implementation.
  bool is_error_or_unknown() const { return kind_ >= Kind::kError; }

  // Accessors assert the kind (programming error otherwise).
  bool as_bool() const;
  int64_t as_int() const;
  uint64_t as_uint() const;
  double as_double() const;
  std::string_view as_string() const;  // kString or kBytes
  Timestamp as_timestamp() const;
  Duration as_duration() const;
  std::string_view type_name() const;  // kType: the type's name
  const std::string& error_message() const;
  const std::vector<int64_t>& unknown_ids() const;
  const OpaqueValue& as_opaque() const;
  // kOptional
  bool optional_has_value() const;
  // The wrapped value; null for none. The rvalue form hands over this value's reference instead
  // of taking another one.
  Value optional_value() const&;
  Value optional_value() &&;

  // Lists.
  std::size_t list_size() const;
  Value list_at(std::size_t i) const;

  // Maps: entries by index in insertion (or JSON member) order, and lookup by key.
  std::size_t map_size() const;
  Value map_key_at(std::size_t i) const;
  Value map_value_at(std::size_t i) const;
  // The value under `key`; nullopt when absent. Numeric keys match across int/uint/double
  // (1 finds 1u and 1.0 finds 1).
  std::optional<Value> map_find(const Value& key) const;
  // Fast path for field selection on string-keyed maps (JSON objects in particular).
  std::optional<Value> map_find(std::string_view key) const;

  // The CEL type value of this value (type(x)).
  Value type_of() const;
  // The CEL type name of this value ("int", "list", "kubernetes.Quantity" ...).
  std::string_view cel_type_name() const;

  // True when this is a view into a JSON document (a string, list or map read in place).
  bool is_json_view() const { return json_view_; }
  // JSON views only: the node viewed (nullptr for any other value), so that a path of fields can
  // be walked in the tree without a Value per step; and the value of another node of the same
  // document (a view, or a scalar read at once). `node` must belong to this view's document. The
  // rvalue form passes this view's document reference on to the result (no count update).
  const Json* json_node() const {
    return json_view_ ? static_cast<const Json*>(payload_.p) : nullptr;
  }
  Value json_value_of(const Json& node) const&;
  Value json_value_of(const Json& node) &&;

 private:
  friend class ValueAccess;
  Kind kind_;
  bool json_view_ = false;
  // kOptional holds its wrapped value in place (no heap object per optional): the other fields are
  // the wrapped value's, with its kind and view flag kept here. An optional wrapping another
  // optional is boxed instead (opt_inner_ == kOptional, ref_ is an OptRep).
  Kind opt_inner_ = Kind::kNull;
  uint8_t opt_bits_ = 0;  // kOptHas | kOptInnerView
  uint32_t aux_ = 0;      // timestamp/duration nanoseconds
  union Payload {
    bool b;
    int64_t i;
    uint64_t u;
    double d;
    const void* p;
  } payload_;

  // A scalar of kind `k` (no shared rep).
  Value(Kind k, Payload p, uint32_t aux = 0) noexcept : kind_(k), aux_(aux), payload_(p) {}

  const RefCounted* ref_ = nullptr;
};

static_assert(sizeof(Value) <= 24, "Value must stay a small handle");

// CEL equality (the `==` operator): heterogeneous numeric equality, deep list/map equality.
// Returns an error value when either side is an error; returns bool otherwise. Values of unrelated
// kinds are unequal (false), as in cel-go.
Value equals(const Value& a, const Value& b);
// Plain boolean form of equals() for values without errors (errors compare unequal).
bool equal_values(const Value& a, const Value& b);

// CEL ordering (<, <=, >, >=) for bool, int, uint, double (cross-type numeric), string, bytes,
// timestamp and duration. Returns -1/0/1, or nullopt when the two are not comparable (NaN, or
// kinds without an ordering): callers turn that into "no matching overload".
std::optional<int> compare(const Value& a, const Value& b);

// Hash consistent with equal_values() for valid map keys and for scalars in general (1, 1u and
// 1.0 hash alike).
std::size_t hash_value(const Value& v);

// kro's conversion of a result to JSON for writing into Kubernetes objects: null/bool/int/double/
// string map directly; uint becomes an int64 (error when it does not fit); timestamps become RFC
// 3339 UTC strings at second precision; durations Go duration strings ("1h0m0s"); lists and maps
// recursively (map keys must be strings); optional.of(x) is x; none is null; bytes, types, errors
// and unknowns are errors.
Result<Json> to_json(const Value& v);
// kro::to_json(const Json&) stays visible next to the overload above.
using kro::to_json;

// A debugging rendering in CEL-literal style ("[1, 'a']", "{'k': 2u}"), used in messages and test
// failures.
std::string debug_string(const Value& v);

}  // namespace kro::cel
