// Equality, ordering and hashing of CEL values (value.h: equal_values, equals, compare,
// hash_value), and the numeric comparison they share with map lookups (internal/value_compare.h).
#include "cel/internal/value_compare.h"

#include <cmath>
#include <functional>

#include "cel/common/errors.h"
#include "cel/common/value.h"

namespace kro::cel {

namespace detail {

// Numeric comparison across int/uint/double; nullopt when a NaN is involved.
std::optional<int> compare_numeric(const Value& a, const Value& b) {
  auto cmp = [](auto x, auto y) { return x < y ? -1 : (x > y ? 1 : 0); };
  Kind ka = a.kind();
  Kind kb = b.kind();
  if (ka == Kind::kInt && kb == Kind::kInt) return cmp(a.as_int(), b.as_int());
  if (ka == Kind::kUint && kb == Kind::kUint) return cmp(a.as_uint(), b.as_uint());
  if (ka == Kind::kInt && kb == Kind::kUint) {
    if (a.as_int() < 0) return -1;
    return cmp(static_cast<uint64_t>(a.as_int()), b.as_uint());
  }
  if (ka == Kind::kUint && kb == Kind::kInt) {
    if (b.as_int() < 0) return 1;
    return cmp(a.as_uint(), static_cast<uint64_t>(b.as_int()));
  }
  // At least one double: as cel-go, an integer within range is converted to double (lossy for
  // magnitudes above 2^53), so 9223372036854775807 == 9223372036854775808.0.
  auto dbl_vs = [&](double d, const Value& other) -> std::optional<int> {
    if (std::isnan(d)) return std::nullopt;
    if (other.kind() == Kind::kDouble) {
      double o = other.as_double();
      if (std::isnan(o)) return std::nullopt;
      return cmp(d, o);
    }
    if (other.kind() == Kind::kInt) {
      if (d < -9223372036854775808.0) return -1;
      if (d > 9223372036854775808.0) return 1;
      return cmp(d, static_cast<double>(other.as_int()));
    }
    if (d < 0) return -1;
    if (d > 18446744073709551616.0) return 1;
    return cmp(d, static_cast<double>(other.as_uint()));
  };
  if (ka == Kind::kDouble) return dbl_vs(a.as_double(), b);
  auto r = dbl_vs(b.as_double(), a);
  if (!r) return r;
  return -*r;
}

}  // namespace detail

namespace {

using detail::compare_numeric;
using detail::is_numeric;

int compare_strings(std::string_view a, std::string_view b) {
  int c = a.compare(b);
  return c < 0 ? -1 : (c > 0 ? 1 : 0);
}

std::size_t mix(std::size_t h, std::size_t v) {
  return h ^ (v + 0x9e3779b97f4a7c15ULL + (h << 6) + (h >> 2));
}

}  // namespace

bool equal_values(const Value& a, const Value& b) {
  Kind ka = a.kind();
  Kind kb = b.kind();
  if (ka != kb) {
    if (is_numeric(ka) && is_numeric(kb)) {
      auto c = compare_numeric(a, b);
      return c.has_value() && *c == 0;
    }
    return false;
  }
  switch (ka) {
    case Kind::kNull:
      return true;
    case Kind::kBool:
      return a.as_bool() == b.as_bool();
    case Kind::kInt:
      return a.as_int() == b.as_int();
    case Kind::kUint:
      return a.as_uint() == b.as_uint();
    case Kind::kDouble:
      return a.as_double() == b.as_double();
    case Kind::kString:
    case Kind::kBytes:
      return a.as_string() == b.as_string();
    case Kind::kTimestamp:
      return a.as_timestamp() == b.as_timestamp();
    case Kind::kDuration:
      return a.as_duration() == b.as_duration();
    case Kind::kType:
      return a.type_name() == b.type_name();
    case Kind::kList: {
      std::size_t n = a.list_size();
      if (n != b.list_size()) return false;
      for (std::size_t i = 0; i < n; ++i) {
        if (!equal_values(a.list_at(i), b.list_at(i))) return false;
      }
      return true;
    }
    case Kind::kMap: {
      std::size_t n = a.map_size();
      if (n != b.map_size()) return false;
      for (std::size_t i = 0; i < n; ++i) {
        auto other = b.map_find(a.map_key_at(i));
        if (!other || !equal_values(a.map_value_at(i), *other)) return false;
      }
      return true;
    }
    case Kind::kOptional: {
      bool ha = a.optional_has_value();
      if (ha != b.optional_has_value()) return false;
      return !ha || equal_values(a.optional_value(), b.optional_value());
    }
    case Kind::kOpaque: {
      const auto& oa = a.as_opaque();
      const auto& ob = b.as_opaque();
      return oa.type_name() == ob.type_name() && oa.equals(ob);
    }
    case Kind::kError:
    case Kind::kUnknown:
      return false;
  }
  return false;
}

Value equals(const Value& a, const Value& b) {
  if (a.is_error_or_unknown()) return a;
  if (b.is_error_or_unknown()) return b;
  return Value::boolean(equal_values(a, b));
}

std::optional<int> compare(const Value& a, const Value& b) {
  Kind ka = a.kind();
  Kind kb = b.kind();
  if (is_numeric(ka) && is_numeric(kb)) return compare_numeric(a, b);
  if (ka != kb) return std::nullopt;
  auto cmp = [](auto x, auto y) { return x < y ? -1 : (x > y ? 1 : 0); };
  switch (ka) {
    case Kind::kBool:
      return cmp(static_cast<int>(a.as_bool()), static_cast<int>(b.as_bool()));
    case Kind::kString:
    case Kind::kBytes:
      return compare_strings(a.as_string(), b.as_string());
    case Kind::kTimestamp: {
      auto ta = a.as_timestamp();
      auto tb = b.as_timestamp();
      if (ta.seconds != tb.seconds) return cmp(ta.seconds, tb.seconds);
      return cmp(ta.nanos, tb.nanos);
    }
    case Kind::kDuration:
      return cmp(a.as_duration().nanos, b.as_duration().nanos);
    default:
      return std::nullopt;
  }
}

std::size_t hash_value(const Value& v) {
  switch (v.kind()) {
    case Kind::kNull:
      return 0x51ed27;
    case Kind::kBool:
      return v.as_bool() ? 0x1231 : 0x1237;
    case Kind::kInt:
      return std::hash<int64_t>{}(v.as_int());
    case Kind::kUint: {
      uint64_t u = v.as_uint();
      if (u <= static_cast<uint64_t>(INT64_MAX))
        return std::hash<int64_t>{}(static_cast<int64_t>(u));
      return std::hash<uint64_t>{}(u);
    }
    case Kind::kDouble: {
      double d = v.as_double();
      if (d == std::trunc(d) && d >= -9223372036854775808.0 && d < 9223372036854775808.0) {
        return std::hash<int64_t>{}(static_cast<int64_t>(d));
      }
      if (d == std::trunc(d) && d >= 0 && d < 18446744073709551616.0) {
        return std::hash<uint64_t>{}(static_cast<uint64_t>(d));
      }
      return std::hash<double>{}(d);
    }
    case Kind::kString:
    case Kind::kBytes:
      return std::hash<std::string_view>{}(v.as_string());
    case Kind::kTimestamp:
      return mix(std::hash<int64_t>{}(v.as_timestamp().seconds),
                 static_cast<std::size_t>(v.as_timestamp().nanos));
    case Kind::kDuration:
      return std::hash<int64_t>{}(v.as_duration().nanos) ^ 0xd0;
    case Kind::kType:
      return std::hash<std::string_view>{}(v.type_name()) ^ 0x7e;
    case Kind::kList: {
      std::size_t h = 0x115;
      for (std::size_t i = 0; i < v.list_size(); ++i) h = mix(h, hash_value(v.list_at(i)));
      return h;
    }
    case Kind::kMap: {
      // Order-independent: maps are equal regardless of entry order.
      std::size_t h = 0x3a9;
      for (std::size_t i = 0; i < v.map_size(); ++i) {
        h += mix(hash_value(v.map_key_at(i)), hash_value(v.map_value_at(i)));
      }
      return h;
    }
    case Kind::kOptional:
      return v.optional_has_value() ? mix(0x0b7, hash_value(v.optional_value())) : 0x0b6;
    case Kind::kOpaque:
      return v.as_opaque().hash();
    case Kind::kError:
    case Kind::kUnknown:
      return 0xe77;
  }
  return 0;
}

}  // namespace kro::cel
