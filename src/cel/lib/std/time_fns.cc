#include "cel/internal/std_lib_shorthands.h"
#include "cel/lib/std/std_lib.h"
#include "value/result.h"

namespace kro::cel::lib {

using detail::param_kind;
using A = std::span<const Value>;

namespace {

using Field = int64_t (*)(const CivilTime&);

Value timestamp_field(A a, Field field) {
  Timestamp t = a[0].as_timestamp();
  int64_t offset = 0;
  if (a.size() > 1) {
    auto off = zone_offset(a[1].as_string(), t);
    if (!off) return Value::error(off.error().message);
    offset = *off;
  }
  return Value::integer(field(to_civil(t, offset)));
}

struct TimestampAccessor {
  const char* name;
  const char* id;
  Field field;
};

constexpr int64_t kNanosPerMilli = 1'000'000;
constexpr int64_t kNanosPerSecond = 1'000'000'000;

}  // namespace

Status register_time_functions(FunctionRegistry& reg) {
  const Kind T = Kind::kTimestamp;
  const Kind S = Kind::kString;
  const Kind Du = Kind::kDuration;
  static const TimestampAccessor kAccessors[] = {
      {"getFullYear", "timestamp_to_year", [](const CivilTime& c) { return c.year; }},
      {"getMonth", "timestamp_to_month",
       [](const CivilTime& c) { return static_cast<int64_t>(c.month - 1); }},
      {"getDayOfYear", "timestamp_to_day_of_year",
       [](const CivilTime& c) { return static_cast<int64_t>(c.day_of_year); }},
      {"getDayOfMonth", "timestamp_to_day_of_month",
       [](const CivilTime& c) { return static_cast<int64_t>(c.day - 1); }},
      {"getDate", "timestamp_to_day_of_month_1_based",
       [](const CivilTime& c) { return static_cast<int64_t>(c.day); }},
      {"getDayOfWeek", "timestamp_to_day_of_week",
       [](const CivilTime& c) { return static_cast<int64_t>(c.day_of_week); }},
      {"getHours", "timestamp_to_hours",
       [](const CivilTime& c) { return static_cast<int64_t>(c.hour); }},
      {"getMinutes", "timestamp_to_minutes",
       [](const CivilTime& c) { return static_cast<int64_t>(c.minute); }},
      {"getSeconds", "timestamp_to_seconds",
       [](const CivilTime& c) { return static_cast<int64_t>(c.second); }},
      {"getMilliseconds", "timestamp_to_milliseconds",
       [](const CivilTime& c) { return static_cast<int64_t>(c.nanos / kNanosPerMilli); }},
  };
  for (const auto& acc : kAccessors) {
    Field f = acc.field;
    KRO_RETURN_IF_ERROR(reg.add_receiver(acc.name, acc.id, {param_kind(T)},
                                         [f](A a) { return timestamp_field(a, f); }));
    KRO_RETURN_IF_ERROR(reg.add_receiver(acc.name, std::string(acc.id) + "_with_tz",
                                         {param_kind(T), param_kind(S)},
                                         [f](A a) { return timestamp_field(a, f); }));
  }
  KRO_RETURN_IF_ERROR(reg.add_receiver("getHours", "duration_to_hours", {param_kind(Du)}, [](A a) {
    return Value::integer(a[0].as_duration().nanos / (3600 * kNanosPerSecond));
  }));
  KRO_RETURN_IF_ERROR(reg.add_receiver(
      "getMinutes", "duration_to_minutes", {param_kind(Du)},
      [](A a) { return Value::integer(a[0].as_duration().nanos / (60 * kNanosPerSecond)); }));
  KRO_RETURN_IF_ERROR(reg.add_receiver(
      "getSeconds", "duration_to_seconds", {param_kind(Du)},
      [](A a) { return Value::integer(a[0].as_duration().nanos / kNanosPerSecond); }));
  // The millisecond component (0..999), as the cel-spec conformance data expects.
  KRO_RETURN_IF_ERROR(
      reg.add_receiver("getMilliseconds", "duration_to_milliseconds", {param_kind(Du)}, [](A a) {
        return Value::integer(a[0].as_duration().nanos % kNanosPerSecond / kNanosPerMilli);
      }));
  return {};
}

}  // namespace kro::cel::lib
