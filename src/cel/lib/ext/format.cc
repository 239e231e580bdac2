#include "cel/lib/ext/format.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <vector>

#include "value/result.h"

namespace kro::cel::ext {

namespace {

constexpr int kMaxPrecision = 100;

Error during(const std::string& msg) { return Error("error during formatting: " + msg); }

std::string type_of(const Value& v) { return std::string(v.cel_type_name()); }

std::string non_finite(double d) {
  if (std::isnan(d)) return "NaN";
  return d > 0 ? "Infinity" : "-Infinity";
}

// The shortest fixed-notation text that reads back as `d` (Go's FormatFloat(d, 'f', -1, 64)).
std::string shortest_fixed(double d) {
  if (!std::isfinite(d)) return non_finite(d);
  char buf[400];
  auto r = std::to_chars(buf, buf + sizeof buf, d, std::chars_format::fixed);
  return std::string(buf, r.ptr);
}

Result<std::string> as_string(const Value& v) {
  switch (v.kind()) {
    case Kind::kNull:
      return std::string("null");
    case Kind::kBool:
      return std::string(v.as_bool() ? "true" : "false");
    case Kind::kInt:
      return std::to_string(v.as_int());
    case Kind::kUint:
      return std::to_string(v.as_uint());
    case Kind::kDouble:
      return shortest_fixed(v.as_double());
    case Kind::kString:
    case Kind::kBytes:
      return std::string(v.as_string());
    case Kind::kType:
      return std::string(v.type_name());
    case Kind::kTimestamp:
      return format_timestamp(v.as_timestamp());
    case Kind::kDuration:
      return format_duration(v.as_duration());
    case Kind::kList: {
      std::string out = "[";
      for (std::size_t i = 0, n = v.list_size(); i < n; i++) {
        KRO_ASSIGN_OR_RETURN(auto e, as_string(v.list_at(i)));
        if (i > 0) out += ", ";
        out += e;
      }
      return out + "]";
    }
    case Kind::kMap: {
      std::vector<std::pair<std::string, std::string>> entries;
      for (std::size_t i = 0, n = v.map_size(); i < n; i++) {
        KRO_ASSIGN_OR_RETURN(auto k, as_string(v.map_key_at(i)));
        KRO_ASSIGN_OR_RETURN(auto e, as_string(v.map_value_at(i)));
        entries.emplace_back(k, e);
      }
      std::sort(entries.begin(), entries.end());
      std::string out = "{";
      for (std::size_t i = 0; i < entries.size(); i++) {
        if (i > 0) out += ", ";
        out += entries[i].first + ": " + entries[i].second;
      }
      return out + "}";
    }
    default:
      return during(
          "string clause can only be used on strings, bools, bytes, ints, doubles, maps, lists, "
          "types, durations, and timestamps, was given " +
          type_of(v));
  }
}

std::string to_base(uint64_t v, int base, bool upper) {
  if (v == 0) return "0";
  const char* digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
  std::string out;
  while (v > 0) {
    out.push_back(digits[v % static_cast<uint64_t>(base)]);
    v /= static_cast<uint64_t>(base);
  }
  std::reverse(out.begin(), out.end());
  return out;
}

std::string signed_base(int64_t v, int base, bool upper) {
  const uint64_t mag = v < 0 ? 0 - static_cast<uint64_t>(v) : static_cast<uint64_t>(v);
  return (v < 0 ? "-" : "") + to_base(mag, base, upper);
}

Result<std::string> integer_clause(const Value& v, int base, bool upper, const std::string& err) {
  if (v.is(Kind::kInt)) return signed_base(v.as_int(), base, upper);
  if (v.is(Kind::kUint)) return to_base(v.as_uint(), base, upper);
  return during(err + type_of(v));
}

Result<double> as_double(const Value& v, const std::string& err) {
  if (v.is(Kind::kDouble)) return v.as_double();
  if (v.is(Kind::kInt)) return static_cast<double>(v.as_int());
  if (v.is(Kind::kUint)) return static_cast<double>(v.as_uint());
  return during(err + type_of(v));
}

Result<std::string> apply(char verb, int precision, const Value& v) {
  char buf[512];
  switch (verb) {
    case 's':
      return as_string(v);
    case 'd':
      if (v.is(Kind::kDouble) && !std::isfinite(v.as_double())) return non_finite(v.as_double());
      return integer_clause(v, 10, false,
                            "decimal clause can only be used on integers, was given ");
    case 'o':
      return integer_clause(v, 8, false, "octal clause can only be used on integers, was given ");
    case 'b':
      if (v.is(Kind::kBool)) return std::string(v.as_bool() ? "1" : "0");
      return integer_clause(v, 2, false,
                            "only integers and bools can be formatted as binary, was given ");
    case 'x':
    case 'X': {
      const bool upper = verb == 'X';
      if (v.is(Kind::kString) || v.is(Kind::kBytes)) {
        std::string out;
        for (char c : v.as_string()) {
          std::snprintf(buf, sizeof buf, upper ? "%02X" : "%02x", static_cast<unsigned char>(c));
          out += buf;
        }
        return out;
      }
      return integer_clause(
          v, 16, upper,
          "only integers, byte buffers, and strings can be formatted as hex, was given ");
    }
    case 'f':
    case 'e': {
      KRO_ASSIGN_OR_RETURN(
          const double d,
          as_double(v, verb == 'f' ? "fixed-point clause can only be used on doubles, was given "
                                   : "scientific clause can only be used on doubles, was given "));
      if (!std::isfinite(d)) return non_finite(d);
      const int p = precision < 0 ? 6 : precision;
      std::snprintf(buf, sizeof buf, verb == 'f' ? "%.*f" : "%.*e", p, d);
      return std::string(buf);
    }
    default:
      return Error("could not parse formatting clause: unrecognized formatting clause \"" +
                   std::string(1, verb) + "\"");
  }
}

}  // namespace

Result<std::string> format(std::string_view fmt, const Value& args) {
  std::string out;
  std::size_t arg = 0;
  for (std::size_t i = 0; i < fmt.size(); i++) {
    const char c = fmt[i];
    if (c != '%') {
      out.push_back(c);
      continue;
    }
    if (i + 1 < fmt.size() && fmt[i + 1] == '%') {
      out.push_back('%');
      i++;
      continue;
    }
    std::size_t j = i + 1;
    int precision = -1;
    if (j < fmt.size() && fmt[j] == '.') {
      j++;
      precision = 0;
      const std::size_t digits_start = j;
      while (j < fmt.size() && fmt[j] >= '0' && fmt[j] <= '9') {
        precision = std::min(precision * 10 + (fmt[j] - '0'), 100000);
        j++;
      }
      if (j == digits_start) {
        return Error("could not parse formatting clause: error while parsing precision");
      }
      if (precision > kMaxPrecision) {
        return Error("could not parse formatting clause: precision exceeds maximum of " +
                     std::to_string(kMaxPrecision));
      }
    }
    if (j >= fmt.size()) {
      return Error("could not parse formatting clause: unexpected end of string");
    }
    const char verb = fmt[j];
    if (std::string_view("sdfebxXo").find(verb) == std::string_view::npos) {
      return Error("could not parse formatting clause: unrecognized formatting clause \"" +
                   std::string(1, verb) + "\"");
    }
    if (arg >= args.list_size()) return Error("index " + std::to_string(arg) + " out of range");
    KRO_ASSIGN_OR_RETURN(auto piece, apply(verb, precision, args.list_at(arg++)));
    out += piece;
    i = j;
  }
  return out;
}

}  // namespace kro::cel::ext
