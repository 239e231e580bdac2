#include "cel/common/time.h"

#include <charconv>
#include <cstdio>
#include <limits>

#include "value/strings.h"

namespace kro::cel {

namespace {

constexpr int64_t kNanosPerSecond = 1'000'000'000;

// Days from 1970-01-01 to a proleptic-Gregorian date (Howard Hinnant's days_from_civil).
int64_t days_from_civil(int64_t y, int m, int d) {
  y -= m <= 2 ? 1 : 0;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const auto yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy =
      (153 * static_cast<unsigned>(m + (m > 2 ? -3 : 9)) + 2) / 5 + static_cast<unsigned>(d) - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

void civil_from_days(int64_t z, int64_t& y, int& m, int& d) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const auto doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  d = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  m = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  y = static_cast<int64_t>(yoe) + era * 400 + (m <= 2 ? 1 : 0);
}

bool is_leap(int64_t y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int days_in_month(int64_t y, int m) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && is_leap(y) ? 29 : kDays[m - 1];
}

// Reads exactly `n` digits at text[pos].
bool digits(std::string_view text, std::size_t& pos, int n, int& out) {
  if (pos + static_cast<std::size_t>(n) > text.size()) return false;
  int v = 0;
  for (int i = 0; i < n; ++i) {
    char c = text[pos + static_cast<std::size_t>(i)];
    if (c < '0' || c > '9') return false;
    v = v * 10 + (c - '0');
  }
  pos += static_cast<std::size_t>(n);
  out = v;
  return true;
}

bool expect(std::string_view text, std::size_t& pos, char c) {
  if (pos < text.size() && text[pos] == c) {
    ++pos;
    return true;
  }
  return false;
}

std::string format_date_time(Timestamp t) {
  CivilTime c = to_civil(t, 0);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%04lld-%02d-%02dT%02d:%02d:%02d", static_cast<long long>(c.year),
                c.month, c.day, c.hour, c.minute, c.second);
  return buf;
}

}  // namespace

bool timestamp_in_range(Timestamp t) {
  return t.seconds >= kMinTimestampSeconds && t.seconds <= kMaxTimestampSeconds && t.nanos >= 0 &&
         t.nanos < kNanosPerSecond;
}

int64_t civil_to_seconds(int64_t year, int month, int day, int hour, int minute, int second) {
  return days_from_civil(year, month, day) * 86400 + int64_t{hour} * 3600 + int64_t{minute} * 60 +
         second;
}

CivilTime to_civil(Timestamp t, int64_t offset_seconds) {
  int64_t s = t.seconds + offset_seconds;
  int64_t days = s >= 0 ? s / 86400 : -((-s + 86399) / 86400);
  int64_t rem = s - days * 86400;
  CivilTime c;
  civil_from_days(days, c.year, c.month, c.day);
  c.hour = static_cast<int>(rem / 3600);
  c.minute = static_cast<int>(rem % 3600 / 60);
  c.second = static_cast<int>(rem % 60);
  c.nanos = t.nanos;
  int64_t wd = (days + 4) % 7;  // 1970-01-01 was a Thursday
  c.day_of_week = static_cast<int>(wd < 0 ? wd + 7 : wd);
  c.day_of_year = static_cast<int>(days - days_from_civil(c.year, 1, 1));
  return c;
}

Result<Timestamp> parse_timestamp(std::string_view text) {
  auto bad = [&]() {
    return Error("timestamp validation failed: cannot parse \"" + std::string(text) +
                 "\" as RFC 3339");
  };
  std::size_t pos = 0;
  int year = 0;
  int month = 0;
  int day = 0;
  int hour = 0;
  int minute = 0;
  int second = 0;
  if (!digits(text, pos, 4, year) || !expect(text, pos, '-') || !digits(text, pos, 2, month) ||
      !expect(text, pos, '-') || !digits(text, pos, 2, day)) {
    return bad();
  }
  if (!(expect(text, pos, 'T') || expect(text, pos, 't'))) return bad();
  if (!digits(text, pos, 2, hour) || !expect(text, pos, ':') || !digits(text, pos, 2, minute) ||
      !expect(text, pos, ':') || !digits(text, pos, 2, second)) {
    return bad();
  }
  int32_t nanos = 0;
  if (expect(text, pos, '.')) {
    int n = 0;
    while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') {
      if (n < 9) nanos = nanos * 10 + (text[pos] - '0');
      ++n;
      ++pos;
    }
    if (n == 0) return bad();
    for (int i = n; i < 9; ++i) nanos *= 10;
  }
  int64_t offset = 0;
  if (expect(text, pos, 'Z') || expect(text, pos, 'z')) {
  } else if (pos < text.size() && (text[pos] == '+' || text[pos] == '-')) {
    int sign = text[pos] == '-' ? -1 : 1;
    ++pos;
    int oh = 0;
    int om = 0;
    if (!digits(text, pos, 2, oh) || !expect(text, pos, ':') || !digits(text, pos, 2, om) ||
        oh > 23 || om > 59) {
      return bad();
    }
    offset = sign * (int64_t{oh} * 3600 + int64_t{om} * 60);
  } else {
    return bad();
  }
  if (pos != text.size()) return bad();
  if (month < 1 || month > 12 || day < 1 || day > days_in_month(year, month) || hour > 23 ||
      minute > 59 || second > 59) {
    return Error("timestamp validation failed: \"" + std::string(text) + "\": field out of range");
  }
  Timestamp t{civil_to_seconds(year, month, day, hour, minute, second) - offset, nanos};
  if (!timestamp_in_range(t)) return Error("timestamp out of range");
  return t;
}

std::string format_timestamp(Timestamp t) {
  std::string out = format_date_time(t);
  if (t.nanos != 0) {
    char buf[16];
    std::snprintf(buf, sizeof buf, ".%09d", t.nanos);
    std::string frac = buf;
    while (frac.back() == '0') frac.pop_back();
    out += frac;
  }
  out += 'Z';
  return out;
}

std::string format_timestamp_seconds(Timestamp t) { return format_date_time(t) + "Z"; }

Result<Duration> parse_duration(std::string_view text) {
  auto nanos = parse_go_duration(text);
  if (!nanos.ok()) return Error("invalid duration \"" + std::string(text) + "\"");
  return Duration{*nanos};
}

std::string format_duration(Duration d) {
  // Go: float64(sec) + float64(nsec)/1e9, printed with the shortest 'f' form.
  int64_t sec = d.nanos / kNanosPerSecond;
  int64_t nsec = d.nanos % kNanosPerSecond;
  double v = static_cast<double>(sec) + static_cast<double>(nsec) / 1e9;
  char buf[64];
  auto r = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::fixed);
  return std::string(buf, r.ptr) + "s";
}

std::string format_go_duration(Duration d) {
  if (d.nanos == 0) return "0s";
  bool neg = d.nanos < 0;
  uint64_t u = neg ? static_cast<uint64_t>(-(d.nanos + 1)) + 1 : static_cast<uint64_t>(d.nanos);
  auto frac = [](uint64_t v, int prec) {
    // The last `prec` digits of v as a fraction, trailing zeros (and a bare point) dropped.
    uint64_t p = 1;
    for (int i = 0; i < prec; ++i) p *= 10;
    std::string digits = std::to_string(v % p);
    while (static_cast<int>(digits.size()) < prec) digits.insert(digits.begin(), '0');
    while (!digits.empty() && digits.back() == '0') digits.pop_back();
    return digits.empty() ? std::string() : "." + digits;
  };
  std::string out;
  if (u < static_cast<uint64_t>(kNanosPerSecond)) {
    // Sub-second: the largest unit that keeps a non-zero integer part.
    if (u < 1000) {
      out = std::to_string(u) + "ns";
    } else if (u < 1'000'000) {
      out = std::to_string(u / 1000) + frac(u, 3) + "\xc2\xb5s";
    } else {
      out = std::to_string(u / 1'000'000) + frac(u, 6) + "ms";
    }
  } else {
    uint64_t secs = u / kNanosPerSecond;
    std::string s = std::to_string(secs % 60) + frac(u, 9) + "s";
    uint64_t mins = secs / 60;
    if (mins > 0) {
      s = std::to_string(mins % 60) + "m" + s;
      uint64_t hours = mins / 60;
      if (hours > 0) s = std::to_string(hours) + "h" + s;
    }
    out = s;
  }
  return neg ? "-" + out : out;
}

// ---------------------------------------------------------------------------------------------
// arithmetic

namespace {
Result<Timestamp> from_nanos(__int128 total) {
  __int128 sec = total / kNanosPerSecond;
  __int128 ns = total % kNanosPerSecond;
  if (ns < 0) {
    ns += kNanosPerSecond;
    sec -= 1;
  }
  if (sec < kMinTimestampSeconds || sec > kMaxTimestampSeconds) {
    return Error("timestamp out of range");
  }
  return Timestamp{static_cast<int64_t>(sec), static_cast<int32_t>(ns)};
}

__int128 to_nanos(Timestamp t) {
  return static_cast<__int128>(t.seconds) * kNanosPerSecond + t.nanos;
}

Result<Duration> checked_duration(__int128 n) {
  if (n < std::numeric_limits<int64_t>::min() || n > std::numeric_limits<int64_t>::max()) {
    return Error("duration out of range");
  }
  return Duration{static_cast<int64_t>(n)};
}
}  // namespace

Result<Timestamp> add(Timestamp t, Duration d) { return from_nanos(to_nanos(t) + d.nanos); }
Result<Timestamp> sub(Timestamp t, Duration d) { return from_nanos(to_nanos(t) - d.nanos); }
Result<Duration> sub(Timestamp a, Timestamp b) {
  return checked_duration(to_nanos(a) - to_nanos(b));
}
Result<Duration> add(Duration a, Duration b) {
  return checked_duration(static_cast<__int128>(a.nanos) + b.nanos);
}
Result<Duration> sub(Duration a, Duration b) {
  return checked_duration(static_cast<__int128>(a.nanos) - b.nanos);
}

}  // namespace kro::cel
