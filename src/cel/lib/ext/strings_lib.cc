// Binding of cel-go's Strings extension.
#include "cel/common/errors.h"
#include "cel/lib/ext/ext_lib.h"
#include "cel/lib/ext/format.h"
#include "cel/lib/ext/strings.h"
#include "value/result.h"

namespace kro::cel::lib {

using A = std::span<const Value>;

namespace {

ParamKind str_kind() { return ParamKind::of(Kind::kString); }
ParamKind int_kind() { return ParamKind::of(Kind::kInt); }

template <typename T>
Value str_result(const Result<T>& r) {
  if (!r.ok()) return Value::error(r.error().message);
  if constexpr (std::is_same_v<T, std::string>) {
    return Value::string(*r);
  } else {
    return Value::integer(*r);
  }
}

Value string_list(const std::vector<std::string>& items) {
  std::vector<Value> out;
  out.reserve(items.size());
  for (const auto& s : items) out.push_back(Value::string(s));
  return Value::list(std::move(out));
}

Value join_list(const Value& list, std::string_view sep) {
  std::vector<std::string> parts;
  parts.reserve(list.list_size());
  for (std::size_t i = 0, n = list.list_size(); i < n; i++) {
    Value e = list.list_at(i);
    if (!e.is(Kind::kString)) return errors::no_such_overload();
    parts.emplace_back(e.as_string());
  }
  return Value::string(ext::join(parts, sep));
}

}  // namespace

Status register_ext_strings(FunctionRegistry& reg) {
  KRO_RETURN_IF_ERROR(reg.add_receiver(
      "charAt", "string_char_at_int", {str_kind(), int_kind()},
      [](A a) { return str_result(ext::char_at(a[0].as_string(), a[1].as_int())); }));
  KRO_RETURN_IF_ERROR(reg.add_receiver(
      "indexOf", "string_index_of_string", {str_kind(), str_kind()},
      [](A a) { return str_result(ext::index_of(a[0].as_string(), a[1].as_string())); }));
  KRO_RETURN_IF_ERROR(reg.add_receiver(
      "indexOf", "string_index_of_string_int", {str_kind(), str_kind(), int_kind()}, [](A a) {
        return str_result(ext::index_of(a[0].as_string(), a[1].as_string(), a[2].as_int()));
      }));
  KRO_RETURN_IF_ERROR(reg.add_receiver(
      "lastIndexOf", "string_last_index_of_string", {str_kind(), str_kind()},
      [](A a) { return str_result(ext::last_index_of(a[0].as_string(), a[1].as_string())); }));
  KRO_RETURN_IF_ERROR(reg.add_receiver("lastIndexOf", "string_last_index_of_string_int",
                                       {str_kind(), str_kind(), int_kind()}, [](A a) {
                                         return str_result(ext::last_index_of(
                                             a[0].as_string(), a[1].as_string(), a[2].as_int()));
                                       }));
  KRO_RETURN_IF_ERROR(reg.add_receiver("lowerAscii", "string_lower_ascii", {str_kind()}, [](A a) {
    return Value::string(ext::lower_ascii(a[0].as_string()));
  }));
  KRO_RETURN_IF_ERROR(reg.add_receiver("upperAscii", "string_upper_ascii", {str_kind()}, [](A a) {
    return Value::string(ext::upper_ascii(a[0].as_string()));
  }));
  KRO_RETURN_IF_ERROR(reg.add_receiver(
      "replace", "string_replace_string_string", {str_kind(), str_kind(), str_kind()}, [](A a) {
        return Value::string(ext::replace(a[0].as_string(), a[1].as_string(), a[2].as_string()));
      }));
  KRO_RETURN_IF_ERROR(reg.add_receiver("replace", "string_replace_string_string_int",
                                       {str_kind(), str_kind(), str_kind(), int_kind()}, [](A a) {
                                         return Value::string(
                                             ext::replace(a[0].as_string(), a[1].as_string(),
                                                          a[2].as_string(), a[3].as_int()));
                                       }));
  KRO_RETURN_IF_ERROR(reg.add_receiver(
      "split", "string_split_string", {str_kind(), str_kind()},
      [](A a) { return string_list(ext::split(a[0].as_string(), a[1].as_string())); }));
  KRO_RETURN_IF_ERROR(reg.add_receiver(
      "split", "string_split_string_int", {str_kind(), str_kind(), int_kind()}, [](A a) {
        return string_list(ext::split(a[0].as_string(), a[1].as_string(), a[2].as_int()));
      }));
  KRO_RETURN_IF_ERROR(reg.add_receiver(
      "substring", "string_substring_int", {str_kind(), int_kind()},
      [](A a) { return str_result(ext::substring(a[0].as_string(), a[1].as_int())); }));
  KRO_RETURN_IF_ERROR(reg.add_receiver(
      "substring", "string_substring_int_int", {str_kind(), int_kind(), int_kind()}, [](A a) {
        return str_result(ext::substring(a[0].as_string(), a[1].as_int(), a[2].as_int()));
      }));
  KRO_RETURN_IF_ERROR(reg.add_receiver("trim", "string_trim", {str_kind()}, [](A a) {
    return Value::string(ext::trim(a[0].as_string()));
  }));
  KRO_RETURN_IF_ERROR(reg.add_receiver("join", "list_join", {ParamKind::of(Kind::kList)},
                                       [](A a) { return join_list(a[0], ""); }));
  KRO_RETURN_IF_ERROR(reg.add_receiver("join", "list_join_string",
                                       {ParamKind::of(Kind::kList), str_kind()},
                                       [](A a) { return join_list(a[0], a[1].as_string()); }));
  KRO_RETURN_IF_ERROR(reg.add_receiver("reverse", "string_reverse", {str_kind()}, [](A a) {
    return Value::string(ext::reverse(a[0].as_string()));
  }));
  KRO_RETURN_IF_ERROR(reg.add_global("strings.quote", "strings_quote", {str_kind()}, [](A a) {
    return Value::string(ext::quote(a[0].as_string()));
  }));
  return reg.add_receiver("format", "string_format", {str_kind(), ParamKind::of(Kind::kList)},
                          [](A a) {
                            auto r = ext::format(a[0].as_string(), a[1]);
                            return r.ok() ? Value::string(*r) : Value::error(r.error().message);
                          });
}

}  // namespace kro::cel::lib
