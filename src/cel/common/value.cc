#include "cel/common/value.h"

#include <cassert>
#include <cmath>
#include <unordered_map>

#include "cel/common/errors.h"
#include "cel/internal/value_compare.h"

namespace kro::cel {

namespace {

struct StrRep final : RefCounted {
  explicit StrRep(std::string v) : s(std::move(v)) {}
  std::string s;
};

struct DocAnchor final : RefCounted {
  explicit DocAnchor(Document d) : doc(std::move(d)) {}
  Document doc;
};

struct ListRep final : RefCounted {
  explicit ListRep(std::vector<Value> v) : elems(std::move(v)) {}
  std::vector<Value> elems;
};

// Small maps are scanned; larger ones get a hash index from key hash to entry positions.
struct MapRep final : RefCounted {
  std::vector<std::pair<Value, Value>> entries;
  std::unordered_multimap<std::size_t, std::size_t> index;
};
constexpr std::size_t kMapIndexThreshold = 8;

// A present optional whose wrapped value is itself an optional (optional.of(optional.none())).
struct OptRep final : RefCounted {
  explicit OptRep(Value val) : v(std::move(val)) {}
  Value v;
};

constexpr uint8_t kOptHas = 1;
constexpr uint8_t kOptInnerView = 2;

struct ErrRep final : RefCounted {
  explicit ErrRep(std::string m) : msg(std::move(m)) {}
  std::string msg;
};

struct UnkRep final : RefCounted {
  explicit UnkRep(std::vector<int64_t> i) : ids(std::move(i)) {}
  std::vector<int64_t> ids;
};

}  // namespace

// Internal access to the representation (kept out of the public header).
class ValueAccess {
 public:
  static Value make(Kind k, const RefCounted* ref) {
    Value v;
    v.kind_ = k;
    v.ref_ = ref;
    return v;
  }
  static Value view(Kind k, const RefCounted* anchor, const Json* node) {
    Value v;
    v.kind_ = k;
    v.json_view_ = true;
    v.payload_.p = node;
    anchor->ref();
    v.ref_ = anchor;
    return v;
  }
  static const Json& node(const Value& v) { return *static_cast<const Json*>(v.payload_.p); }
  // The i-th member (document order) of a map that views a JSON object.
  static const auto& object_member(const Value& v, std::size_t i) {
    return *(node(v).get_object().begin() + static_cast<std::ptrdiff_t>(i));
  }
  static const RefCounted* ref(const Value& v) { return v.ref_; }
  template <typename T>
  static const T& rep(const Value& v) {
    return *static_cast<const T*>(v.ref_);
  }
  static Value scalar_from_json(const Json& j) {
    switch (j.kind()) {
      case json::kind::null:
        return Value();
      case json::kind::bool_:
        return Value::boolean(j.get_bool());
      case json::kind::int64:
        return Value::integer(j.get_int64());
      case json::kind::uint64:
        return Value::uinteger(j.get_uint64());
      case json::kind::double_:
        return Value::dbl(j.get_double());
      default:
        return Value();
    }
  }
  static Value child(const Value& parent, const Json& j) {
    switch (j.kind()) {
      case json::kind::string:
        return view(Kind::kString, parent.ref_, &j);
      case json::kind::array:
        return view(Kind::kList, parent.ref_, &j);
      case json::kind::object:
        return view(Kind::kMap, parent.ref_, &j);
      default:
        return scalar_from_json(j);
    }
  }
};

namespace {
using VA = ValueAccess;
using detail::compare_numeric;
using detail::is_numeric;

bool valid_key_kind(Kind k) {
  return k == Kind::kBool || k == Kind::kInt || k == Kind::kUint || k == Kind::kString;
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// OpaqueValue defaults

Result<Json> OpaqueValue::to_json() const {
  return Error("a value of type " + std::string(type_name()) + " has no JSON form");
}

std::optional<Value> OpaqueValue::select(std::string_view /*field*/) const { return std::nullopt; }

// ---------------------------------------------------------------------------------------------
// Value: copy/move

Value::Value(const Value& o) noexcept
    : kind_(o.kind_),
      json_view_(o.json_view_),
      opt_inner_(o.opt_inner_),
      opt_bits_(o.opt_bits_),
      aux_(o.aux_),
      payload_(o.payload_),
      ref_(o.ref_) {
  if (ref_ != nullptr) ref_->ref();
}

Value::Value(Value&& o) noexcept
    : kind_(o.kind_),
      json_view_(o.json_view_),
      opt_inner_(o.opt_inner_),
      opt_bits_(o.opt_bits_),
      aux_(o.aux_),
      payload_(o.payload_),
      ref_(o.ref_) {
  o.ref_ = nullptr;
  o.kind_ = Kind::kNull;
  o.json_view_ = false;
}

Value& Value::operator=(const Value& o) noexcept {
  if (this != &o) {
    if (o.ref_ != nullptr) o.ref_->ref();
    if (ref_ != nullptr) ref_->unref();
    kind_ = o.kind_;
    json_view_ = o.json_view_;
    opt_inner_ = o.opt_inner_;
    opt_bits_ = o.opt_bits_;
    aux_ = o.aux_;
    payload_ = o.payload_;
    ref_ = o.ref_;
  }
  return *this;
}

Value& Value::operator=(Value&& o) noexcept {
  if (this != &o) {
    if (ref_ != nullptr) ref_->unref();
    kind_ = o.kind_;
    json_view_ = o.json_view_;
    opt_inner_ = o.opt_inner_;
    opt_bits_ = o.opt_bits_;
    aux_ = o.aux_;
    payload_ = o.payload_;
    ref_ = o.ref_;
    o.ref_ = nullptr;
    o.kind_ = Kind::kNull;
    o.json_view_ = false;
  }
  return *this;
}

// ---------------------------------------------------------------------------------------------
// construction

Value Value::boolean(bool b) {
  Value v(Kind::kBool, Payload{.i = 0});  // the bytes past `b` stay zero
  v.payload_.b = b;
  return v;
}

Value Value::integer(int64_t i) { return Value(Kind::kInt, Payload{.i = i}); }

Value Value::uinteger(uint64_t u) { return Value(Kind::kUint, Payload{.u = u}); }

Value Value::dbl(double d) { return Value(Kind::kDouble, Payload{.d = d}); }

Value Value::string(std::string s) { return VA::make(Kind::kString, new StrRep(std::move(s))); }
Value Value::bytes(std::string s) { return VA::make(Kind::kBytes, new StrRep(std::move(s))); }
Value Value::list(std::vector<Value> elems) {
  return VA::make(Kind::kList, new ListRep(std::move(elems)));
}

Value Value::map(std::vector<std::pair<Value, Value>> entries) {
  for (const auto& [k, val] : entries) {
    if (k.is_error_or_unknown()) return k;
    if (val.is_error_or_unknown()) return val;
    if (!valid_key_kind(k.kind())) {
      return Value::error("unsupported key type: " + std::string(k.cel_type_name()));
    }
  }
  auto* rep = new MapRep();
  Value result = VA::make(Kind::kMap, rep);
  rep->entries.reserve(entries.size());
  const bool indexed = entries.size() > kMapIndexThreshold;
  for (auto& e : entries) {
    if (result.map_find(e.first).has_value()) {
      return Value::error("Failed with repeated key: " + debug_string(e.first));
    }
    if (indexed) rep->index.emplace(hash_value(e.first), rep->entries.size());
    rep->entries.push_back(std::move(e));
  }
  return result;
}

Value Value::timestamp(Timestamp t) {
  return Value(Kind::kTimestamp, Payload{.i = t.seconds}, static_cast<uint32_t>(t.nanos));
}

Value Value::duration(Duration d) { return Value(Kind::kDuration, Payload{.i = d.nanos}); }

Value Value::type(std::string_view name) {
  return VA::make(Kind::kType, new StrRep(std::string(name)));
}

Value Value::optional_of(Value v) {
  if (v.kind_ == Kind::kOptional) {
    Value boxed = VA::make(Kind::kOptional, new OptRep(std::move(v)));
    boxed.opt_inner_ = Kind::kOptional;
    boxed.opt_bits_ = kOptHas;
    return boxed;
  }
  v.opt_inner_ = v.kind_;
  v.opt_bits_ = static_cast<uint8_t>(kOptHas | (v.json_view_ ? kOptInnerView : 0));
  v.kind_ = Kind::kOptional;
  v.json_view_ = false;
  return v;
}
Value Value::optional_none() {
  Value v;
  v.kind_ = Kind::kOptional;
  return v;
}
Value Value::error(std::string message) {
  return VA::make(Kind::kError, new ErrRep(std::move(message)));
}
Value Value::unknown(std::vector<int64_t> expr_ids) {
  return VA::make(Kind::kUnknown, new UnkRep(std::move(expr_ids)));
}
Value Value::opaque(const OpaqueValue* v) { return VA::make(Kind::kOpaque, v); }

Value Value::from_json(const Document& doc, const Json& node) {
  switch (node.kind()) {
    case json::kind::string:
    case json::kind::array:
    case json::kind::object: {
      auto* anchor = new DocAnchor(doc);
      Value v =
          VA::view(node.is_string() ? Kind::kString : (node.is_array() ? Kind::kList : Kind::kMap),
                   anchor, &node);
      anchor->unref();  // the view holds its own reference
      return v;
    }
    default:
      return VA::scalar_from_json(node);
  }
}

Value Value::json_value_of(const Json& node) const& {
  assert(json_view_);
  return VA::child(*this, node);
}

Value Value::json_value_of(const Json& node) && {
  assert(json_view_);
  if (!node.is_string() && !node.is_array() && !node.is_object()) return VA::scalar_from_json(node);
  kind_ = node.is_string() ? Kind::kString : (node.is_array() ? Kind::kList : Kind::kMap);
  payload_.p = &node;
  return std::move(*this);
}

Value Value::from_json_copy(Json j) {
  Document doc = make_document(std::move(j));
  return from_json(doc, *doc);
}

// ---------------------------------------------------------------------------------------------
// accessors

bool Value::as_bool() const {
  assert(kind_ == Kind::kBool);
  return payload_.b;
}
int64_t Value::as_int() const {
  assert(kind_ == Kind::kInt);
  return payload_.i;
}
uint64_t Value::as_uint() const {
  assert(kind_ == Kind::kUint);
  return payload_.u;
}
double Value::as_double() const {
  assert(kind_ == Kind::kDouble);
  return payload_.d;
}
std::string_view Value::as_string() const {
  assert(kind_ == Kind::kString || kind_ == Kind::kBytes);
  if (json_view_) {
    const auto& s = VA::node(*this).get_string();
    return {s.data(), s.size()};
  }
  return VA::rep<StrRep>(*this).s;
}
Timestamp Value::as_timestamp() const {
  assert(kind_ == Kind::kTimestamp);
  return Timestamp{payload_.i, static_cast<int32_t>(aux_)};
}
Duration Value::as_duration() const {
  assert(kind_ == Kind::kDuration);
  return Duration{payload_.i};
}
std::string_view Value::type_name() const {
  assert(kind_ == Kind::kType);
  return VA::rep<StrRep>(*this).s;
}
const std::string& Value::error_message() const {
  assert(kind_ == Kind::kError);
  return VA::rep<ErrRep>(*this).msg;
}
const std::vector<int64_t>& Value::unknown_ids() const {
  assert(kind_ == Kind::kUnknown);
  return VA::rep<UnkRep>(*this).ids;
}
const OpaqueValue& Value::as_opaque() const {
  assert(kind_ == Kind::kOpaque);
  return VA::rep<OpaqueValue>(*this);
}
bool Value::optional_has_value() const {
  assert(kind_ == Kind::kOptional);
  return (opt_bits_ & kOptHas) != 0;
}
Value Value::optional_value() const& { return Value(*this).optional_value(); }

Value Value::optional_value() && {
  assert(kind_ == Kind::kOptional);
  if ((opt_bits_ & kOptHas) == 0) return Value();
  if (opt_inner_ == Kind::kOptional) return VA::rep<OptRep>(*this).v;
  kind_ = opt_inner_;
  json_view_ = (opt_bits_ & kOptInnerView) != 0;
  opt_inner_ = Kind::kNull;
  opt_bits_ = 0;
  return std::move(*this);
}

std::size_t Value::list_size() const {
  assert(kind_ == Kind::kList);
  if (json_view_) return VA::node(*this).get_array().size();
  return VA::rep<ListRep>(*this).elems.size();
}

Value Value::list_at(std::size_t i) const {
  assert(kind_ == Kind::kList);
  if (json_view_) return VA::child(*this, VA::node(*this).get_array()[i]);
  return VA::rep<ListRep>(*this).elems[i];
}

std::size_t Value::map_size() const {
  assert(kind_ == Kind::kMap);
  if (json_view_) return VA::node(*this).get_object().size();
  return VA::rep<MapRep>(*this).entries.size();
}

Value Value::map_key_at(std::size_t i) const {
  assert(kind_ == Kind::kMap);
  if (json_view_) return Value::string(std::string(VA::object_member(*this, i).key()));
  return VA::rep<MapRep>(*this).entries[i].first;
}

Value Value::map_value_at(std::size_t i) const {
  assert(kind_ == Kind::kMap);
  if (json_view_) return VA::child(*this, VA::object_member(*this, i).value());
  return VA::rep<MapRep>(*this).entries[i].second;
}

namespace {
// Key equality for lookups: like CEL equality, restricted to key kinds (and doubles probing
// integer keys).
bool key_equal(const Value& stored, const Value& probe) {
  if (stored.kind() == probe.kind()) {
    switch (stored.kind()) {
      case Kind::kBool:
        return stored.as_bool() == probe.as_bool();
      case Kind::kInt:
        return stored.as_int() == probe.as_int();
      case Kind::kUint:
        return stored.as_uint() == probe.as_uint();
      case Kind::kString:
        return stored.as_string() == probe.as_string();
      default:
        return equal_values(stored, probe);
    }
  }
  if (is_numeric(stored.kind()) && is_numeric(probe.kind())) {
    auto c = compare_numeric(stored, probe);
    return c.has_value() && *c == 0;
  }
  return false;
}
}  // namespace

std::optional<Value> Value::map_find(const Value& key) const {
  assert(kind_ == Kind::kMap);
  if (json_view_) {
    if (key.kind() != Kind::kString) return std::nullopt;
    return map_find(key.as_string());
  }
  const auto& rep = VA::rep<MapRep>(*this);
  if (!rep.index.empty()) {
    auto [b, e] = rep.index.equal_range(hash_value(key));
    for (auto it = b; it != e; ++it) {
      const auto& entry = rep.entries[it->second];
      if (key_equal(entry.first, key)) return entry.second;
    }
    return std::nullopt;
  }
  for (const auto& entry : rep.entries) {
    if (key_equal(entry.first, key)) return entry.second;
  }
  return std::nullopt;
}

std::optional<Value> Value::map_find(std::string_view key) const {
  assert(kind_ == Kind::kMap);
  if (json_view_) {
    const auto& obj = VA::node(*this).get_object();
    auto it = obj.find(key);
    if (it == obj.end()) return std::nullopt;
    return VA::child(*this, it->value());
  }
  const auto& rep = VA::rep<MapRep>(*this);
  if (!rep.index.empty()) {
    auto [b, e] = rep.index.equal_range(std::hash<std::string_view>{}(key));
    for (auto it = b; it != e; ++it) {
      const auto& entry = rep.entries[it->second];
      if (entry.first.kind() == Kind::kString && entry.first.as_string() == key) {
        return entry.second;
      }
    }
    return std::nullopt;
  }
  for (const auto& entry : rep.entries) {
    if (entry.first.kind() == Kind::kString && entry.first.as_string() == key) return entry.second;
  }
  return std::nullopt;
}

std::string_view kind_type_name(Kind k) {
  switch (k) {
    case Kind::kNull:
      return "null_type";
    case Kind::kBool:
      return "bool";
    case Kind::kInt:
      return "int";
    case Kind::kUint:
      return "uint";
    case Kind::kDouble:
      return "double";
    case Kind::kString:
      return "string";
    case Kind::kBytes:
      return "bytes";
    case Kind::kList:
      return "list";
    case Kind::kMap:
      return "map";
    case Kind::kType:
      return "type";
    case Kind::kTimestamp:
      return "google.protobuf.Timestamp";
    case Kind::kDuration:
      return "google.protobuf.Duration";
    case Kind::kOptional:
      return "optional_type";
    case Kind::kOpaque:
      return "opaque";
    case Kind::kError:
      return "error";
    case Kind::kUnknown:
      return "unknown";
  }
  return "unknown";
}

std::string_view Value::cel_type_name() const {
  if (kind_ == Kind::kOpaque) return as_opaque().type_name();
  return kind_type_name(kind_);
}

Value Value::type_of() const { return Value::type(cel_type_name()); }

}  // namespace kro::cel
