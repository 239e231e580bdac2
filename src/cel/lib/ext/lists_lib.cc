// Binding of cel-go's Lists extension (slice, flatten, sort, @sortByAssociatedKeys behind the
// sortBy macro, distinct, reverse, lists.range) and of the Encoders extension.
#include <algorithm>
#include <numeric>

#include "cel/common/errors.h"
#include "cel/cost/cost_model.h"
#include "cel/lib/ext/base64.h"
#include "cel/lib/ext/ext_lib.h"
#include "value/result.h"

namespace kro::cel::lib {

using A = std::span<const Value>;

namespace {

ParamKind list_kind() { return ParamKind::of(Kind::kList); }
ParamKind int_kind() { return ParamKind::of(Kind::kInt); }

std::vector<Value> elements(const Value& list) {
  std::vector<Value> out;
  out.reserve(list.list_size());
  for (std::size_t i = 0, n = list.list_size(); i < n; i++) out.push_back(list.list_at(i));
  return out;
}

bool orderable(Kind k) {
  switch (k) {
    case Kind::kInt:
    case Kind::kUint:
    case Kind::kDouble:
    case Kind::kBool:
    case Kind::kString:
    case Kind::kBytes:
    case Kind::kTimestamp:
    case Kind::kDuration:
      return true;
    default:
      return false;
  }
}

// Sorts `order` (indices into `keys`) stably by key; an error when two keys cannot be compared.
Value sort_indices(const std::vector<Value>& keys, std::vector<std::size_t>* order) {
  for (const Value& k : keys) {
    if (!orderable(k.kind()) || (k.kind() != keys[0].kind())) {
      return errors::no_matching_overload("sort", std::span<const Value>(&k, 1));
    }
  }
  order->resize(keys.size());
  std::iota(order->begin(), order->end(), std::size_t{0});
  std::stable_sort(order->begin(), order->end(), [&](std::size_t a, std::size_t b) {
    auto c = compare(keys[a], keys[b]);
    return c && *c < 0;
  });
  return Value();
}

Value flatten(const Value& list, int64_t depth, std::vector<Value>* out) {
  for (std::size_t i = 0, n = list.list_size(); i < n; i++) {
    Value e = list.list_at(i);
    if (e.is(Kind::kList) && depth > 0) {
      Value r = flatten(e, depth - 1, out);
      if (r.is_error()) return r;
    } else {
      out->push_back(std::move(e));
    }
  }
  return Value();
}

// list.slice(start, end): the elements in [start, end).
Value slice_list(A a) {
  const int64_t start = a[1].as_int();
  const int64_t end = a[2].as_int();
  const auto size = static_cast<int64_t>(a[0].list_size());
  const std::string call =
      "cannot slice(" + std::to_string(start) + ", " + std::to_string(end) + ")";
  if (start < 0 || end < 0) return Value::error(call + ", negative indexes not supported");
  if (start > end) {
    return Value::error(call + ", start index must be less than or equal to end index");
  }
  if (end > size) return Value::error(call + ", list is length " + std::to_string(size));
  std::vector<Value> out;
  for (int64_t i = start; i < end; i++) out.push_back(a[0].list_at(static_cast<std::size_t>(i)));
  return Value::list(std::move(out));
}

// The list of `items` in the order that sorts `keys` (as many); the error of keys that do not
// compare.
Value in_key_order(const std::vector<Value>& items, const std::vector<Value>& keys) {
  std::vector<std::size_t> order;
  Value err = sort_indices(keys, &order);
  if (err.is_error()) return err;
  std::vector<Value> out;
  out.reserve(items.size());
  for (std::size_t i : order) out.push_back(items[i]);
  return Value::list(std::move(out));
}

// @sortByAssociatedKeys(items, keys): the items, in the order that sorts their keys (sortBy's
// expansion).
Value sort_by_associated_keys(A a) {
  std::vector<Value> items = elements(a[0]);
  std::vector<Value> keys = elements(a[1]);
  if (items.size() != keys.size()) {
    return Value::error(
        "@sortByAssociatedKeys() expected a list of the same size as the associated keys "
        "list, but got " +
        std::to_string(items.size()) + " and " + std::to_string(keys.size()) + " elements");
  }
  return in_key_order(items, keys);
}

}  // namespace

Status register_ext_lists(FunctionRegistry& reg) {
  KRO_RETURN_IF_ERROR(
      reg.add_receiver("slice", "list_slice", {list_kind(), int_kind(), int_kind()}, slice_list));
  KRO_RETURN_IF_ERROR(reg.add_receiver("flatten", "list_flatten", {list_kind()}, [](A a) {
    std::vector<Value> out;
    flatten(a[0], 1, &out);
    return Value::list(std::move(out));
  }));
  KRO_RETURN_IF_ERROR(
      reg.add_receiver("flatten", "list_flatten_int", {list_kind(), int_kind()}, [](A a) {
        if (a[1].as_int() < 0) return Value::error("level must be non-negative");
        std::vector<Value> out;
        flatten(a[0], a[1].as_int(), &out);
        return Value::list(std::move(out));
      }));
  KRO_RETURN_IF_ERROR(reg.add_global("lists.range", "lists_range", {int_kind()}, [](A a) {
    if (a[0].as_int() > cost::kMaxGeneratedSize) {
      return Value::error("lists.range(" + std::to_string(a[0].as_int()) +
                          "): more elements than the evaluation cost limit allows (" +
                          std::to_string(cost::kMaxGeneratedSize) + ")");
    }
    std::vector<Value> out;
    for (int64_t i = 0; i < a[0].as_int(); i++) out.push_back(Value::integer(i));
    return Value::list(std::move(out));
  }));
  KRO_RETURN_IF_ERROR(reg.add_receiver("reverse", "list_reverse", {list_kind()}, [](A a) {
    std::vector<Value> out = elements(a[0]);
    std::reverse(out.begin(), out.end());
    return Value::list(std::move(out));
  }));
  KRO_RETURN_IF_ERROR(reg.add_receiver("distinct", "list_distinct", {list_kind()}, [](A a) {
    std::vector<Value> out;
    for (std::size_t i = 0, n = a[0].list_size(); i < n; i++) {
      Value e = a[0].list_at(i);
      const bool seen =
          std::any_of(out.begin(), out.end(), [&](const Value& o) { return equal_values(o, e); });
      if (!seen) out.push_back(std::move(e));
    }
    return Value::list(std::move(out));
  }));
  KRO_RETURN_IF_ERROR(reg.add_receiver("sort", "list_int_sort", {list_kind()}, [](A a) {
    std::vector<Value> items = elements(a[0]);
    return in_key_order(items, items);
  }));
  return reg.add_receiver("@sortByAssociatedKeys", "list_int_sortByAssociatedKeys",
                          {list_kind(), list_kind()}, sort_by_associated_keys);
}

Status register_ext_encoders(FunctionRegistry& reg) {
  KRO_RETURN_IF_ERROR(
      reg.add_global("base64.encode", "base64_encode_bytes", {ParamKind::of(Kind::kBytes)},
                     [](A a) { return Value::string(ext::base64_encode(a[0].as_string())); }));
  return reg.add_global("base64.decode", "base64_decode_string", {ParamKind::of(Kind::kString)},
                        [](A a) {
                          auto r = ext::base64_decode(a[0].as_string());
                          return r.ok() ? Value::bytes(*r) : Value::error(r.error().message);
                        });
}

}  // namespace kro::cel::lib
