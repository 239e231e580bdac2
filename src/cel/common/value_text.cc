// to_json() and debug_string() for Value.
#include <cmath>

#include "cel/common/format.h"
#include "cel/common/value.h"
#include "value/result.h"

namespace kro::cel {

Result<Json> to_json(const Value& v) {
  switch (v.kind()) {
    case Kind::kNull:
      return Json(nullptr);
    case Kind::kBool:
      return Json(v.as_bool());
    case Kind::kInt:
      return Json(v.as_int());
    case Kind::kUint:
      if (v.as_uint() > static_cast<uint64_t>(INT64_MAX)) {
        return Error("uint value " + std::to_string(v.as_uint()) + " does not fit an int64");
      }
      return Json(static_cast<int64_t>(v.as_uint()));
    case Kind::kDouble:
      if (!std::isfinite(v.as_double())) {
        return Error("double value " + format_double(v.as_double()) + " has no JSON form");
      }
      return Json(v.as_double());
    case Kind::kString:
      return Json(json::string(v.as_string()));
    case Kind::kTimestamp:
      return Json(json::string(format_timestamp_seconds(v.as_timestamp())));
    case Kind::kDuration:
      return Json(json::string(format_go_duration(v.as_duration())));
    case Kind::kList: {
      JsonArray arr;
      arr.reserve(v.list_size());
      for (std::size_t i = 0; i < v.list_size(); ++i) {
        KRO_ASSIGN_OR_RETURN(auto e, to_json(v.list_at(i)));
        arr.push_back(std::move(e));
      }
      return Json(std::move(arr));
    }
    case Kind::kMap: {
      JsonObject obj;
      obj.reserve(v.map_size());
      for (std::size_t i = 0; i < v.map_size(); ++i) {
        Value k = v.map_key_at(i);
        if (!k.is(Kind::kString)) {
          return Error("map key " + debug_string(k) + " is not a string");
        }
        KRO_ASSIGN_OR_RETURN(auto e, to_json(v.map_value_at(i)));
        obj.insert_or_assign(k.as_string(), std::move(e));
      }
      return Json(std::move(obj));
    }
    case Kind::kOptional:
      if (!v.optional_has_value()) return Json(nullptr);
      return to_json(v.optional_value());
    case Kind::kOpaque:
      return v.as_opaque().to_json();
    case Kind::kError:
      return Error(v.error_message());
    case Kind::kBytes:
    case Kind::kType:
    case Kind::kUnknown:
      break;
  }
  return Error("a value of type " + std::string(v.cel_type_name()) + " has no JSON form");
}

namespace {
void quote(std::string& out, std::string_view s, char q) {
  out += q;
  for (char c : s) {
    switch (c) {
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        if (c == q) out += '\\';
        out += c;
    }
  }
  out += q;
}

void render(std::string& out, const Value& v) {
  switch (v.kind()) {
    case Kind::kNull:
      out += "null";
      return;
    case Kind::kBool:
      out += v.as_bool() ? "true" : "false";
      return;
    case Kind::kInt:
      out += std::to_string(v.as_int());
      return;
    case Kind::kUint:
      out += std::to_string(v.as_uint());
      out += 'u';
      return;
    case Kind::kDouble: {
      std::string d = format_double(v.as_double());
      out += d;
      if (d.find_first_of(".eIN") == std::string::npos) out += ".0";
      return;
    }
    case Kind::kString:
      quote(out, v.as_string(), '"');
      return;
    case Kind::kBytes:
      out += 'b';
      quote(out, v.as_string(), '"');
      return;
    case Kind::kList:
      out += '[';
      for (std::size_t i = 0; i < v.list_size(); ++i) {
        if (i > 0) out += ", ";
        render(out, v.list_at(i));
      }
      out += ']';
      return;
    case Kind::kMap:
      out += '{';
      for (std::size_t i = 0; i < v.map_size(); ++i) {
        if (i > 0) out += ", ";
        render(out, v.map_key_at(i));
        out += ": ";
        render(out, v.map_value_at(i));
      }
      out += '}';
      return;
    case Kind::kType:
      out += v.type_name();
      return;
    case Kind::kTimestamp:
      out += "timestamp(\"" + format_timestamp(v.as_timestamp()) + "\")";
      return;
    case Kind::kDuration:
      out += "duration(\"" + format_duration(v.as_duration()) + "\")";
      return;
    case Kind::kOptional:
      if (!v.optional_has_value()) {
        out += "optional.none()";
        return;
      }
      out += "optional.of(";
      render(out, v.optional_value());
      out += ')';
      return;
    case Kind::kOpaque:
      out += v.as_opaque().debug_string();
      return;
    case Kind::kError:
      out += "error(" + v.error_message() + ")";
      return;
    case Kind::kUnknown:
      out += "unknown";
      return;
  }
}
}  // namespace

std::string debug_string(const Value& v) {
  std::string out;
  render(out, v);
  return out;
}

}  // namespace kro::cel
