// CEL timestamps and durations, with cel-go's ranges and text forms, and time zones.
//
// A duration is an int64 count of nanoseconds (cel-go uses Go's time.Duration, so roughly ±292
// years; larger values are range errors). A timestamp is seconds since the Unix epoch plus
// nanoseconds, limited to 0001-01-01T00:00:00Z .. 9999-12-31T23:59:59.999999999Z.
//
// Time zones are what cel-go accepts: "UTC", an IANA name read from the system tzdata
// (/usr/share/zoneinfo, TZif files, parsed here because libstdc++ 12 has no <chrono> tz
// database), or a fixed offset "+hh:mm" / "-hh:mm" / "hh:mm".
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "value/result.h"

namespace kro::cel {

struct Duration {
  int64_t nanos = 0;
  friend bool operator==(Duration, Duration) = default;
};

struct Timestamp {
  int64_t seconds = 0;  // since 1970-01-01T00:00:00Z
  int32_t nanos = 0;    // [0, 1e9)
  friend bool operator==(Timestamp, Timestamp) = default;
};

inline constexpr int64_t kMinTimestampSeconds = -62135596800;  // 0001-01-01T00:00:00Z
inline constexpr int64_t kMaxTimestampSeconds = 253402300799;  // 9999-12-31T23:59:59Z

bool timestamp_in_range(Timestamp t);

// RFC 3339 text as Go's time.Parse(time.RFC3339, ...) accepts it ("2009-02-13T23:31:30Z",
// "...T23:31:30.123+01:00"); out-of-range years are errors whose message says "range".
Result<Timestamp> parse_timestamp(std::string_view text);
// RFC 3339 in UTC with as many fractional digits as needed (Go's RFC3339Nano), as
// cel-go's string(timestamp) prints it.
std::string format_timestamp(Timestamp t);
// RFC 3339 in UTC at second precision (metav1.Time), as kro writes timestamps into objects.
std::string format_timestamp_seconds(Timestamp t);

// Go's time.ParseDuration syntax: "1h30m", "-1.5s", "300ms", "1us", "1µs", "2ns".
Result<Duration> parse_duration(std::string_view text);
// cel-go's string(duration): seconds with the shortest exact fraction, "1000000s", "1.5s".
std::string format_duration(Duration d);
// Go's time.Duration.String(): "1h0m0s", "1.5s", "300ms", "0s" (metav1.Duration in objects).
std::string format_go_duration(Duration d);

// Checked arithmetic; errors carry cel-go's messages ("timestamp out of range",
// "duration out of range", "integer overflow").
Result<Timestamp> add(Timestamp t, Duration d);
Result<Timestamp> sub(Timestamp t, Duration d);
Result<Duration> sub(Timestamp a, Timestamp b);
Result<Duration> add(Duration a, Duration b);
Result<Duration> sub(Duration a, Duration b);

// A broken-down time in some zone.
struct CivilTime {
  int64_t year = 1970;
  int month = 1;  // 1..12
  int day = 1;    // 1..31
  int hour = 0;
  int minute = 0;
  int second = 0;
  int32_t nanos = 0;
  int day_of_week = 4;  // 0 = Sunday
  int day_of_year = 0;  // 0-based
};

// The offset from UTC, in seconds, of zone `tz` at instant `t`. Errors name the zone.
Result<int64_t> zone_offset(std::string_view tz, Timestamp t);
// `t` shifted by `offset_seconds` and broken down.
CivilTime to_civil(Timestamp t, int64_t offset_seconds);
// Seconds since the epoch of a proleptic-Gregorian UTC date-time.
int64_t civil_to_seconds(int64_t year, int month, int day, int hour, int minute, int second);

}  // namespace kro::cel
