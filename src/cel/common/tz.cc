// zone_offset(): UTC, fixed offsets and IANA zones from the system tzdata (TZif files, with the
// POSIX TZ footer rule for instants after the last listed transition).
#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <fstream>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <sstream>
#include <vector>

#include "cel/common/time.h"
#include "value/result.h"

namespace kro::cel {

namespace {

// A POSIX TZ rule date: Mm.w.d, Jn (1..365, no Feb 29) or n (0..365).
struct RuleDate {
  char form = 'M';
  int month = 0;
  int week = 0;
  int day = 0;  // weekday for M, day number for J/n
  int64_t time = 7200;
};

struct PosixRule {
  int64_t std_offset = 0;  // seconds east of UTC
  bool has_dst = false;
  int64_t dst_offset = 0;
  RuleDate start;
  RuleDate end;
};

struct Zone {
  std::vector<int64_t> transitions;
  std::vector<uint8_t> types;     // per transition
  std::vector<int32_t> offsets;   // per ttinfo
  std::optional<PosixRule> rule;  // footer
};

class Reader {
 public:
  explicit Reader(std::string_view s) : s_(s) {}
  bool take(std::size_t n, std::string_view& out) {
    if (pos_ + n > s_.size()) return false;
    out = s_.substr(pos_, n);
    pos_ += n;
    return true;
  }
  bool be(int bytes, int64_t& out) {
    std::string_view b;
    if (!take(static_cast<std::size_t>(bytes), b)) return false;
    uint64_t v = 0;
    for (char c : b) v = (v << 8) | static_cast<uint8_t>(c);
    if (bytes == 4) {
      out = static_cast<int32_t>(static_cast<uint32_t>(v));
    } else {
      out = static_cast<int64_t>(v);
    }
    return true;
  }
  std::string_view rest() const { return s_.substr(pos_); }

 private:
  std::string_view s_;
  std::size_t pos_ = 0;
};

// --- POSIX TZ strings ---

bool parse_name(std::string_view& s) {
  if (!s.empty() && s[0] == '<') {
    auto e = s.find('>');
    if (e == std::string_view::npos) return false;
    s.remove_prefix(e + 1);
    return true;
  }
  std::size_t i = 0;
  while (i < s.size() && std::isalpha(static_cast<unsigned char>(s[i]))) ++i;
  if (i < 3) return false;
  s.remove_prefix(i);
  return true;
}

bool parse_num(std::string_view& s, int64_t& out) {
  std::size_t i = 0;
  int64_t v = 0;
  while (i < s.size() && s[i] >= '0' && s[i] <= '9') v = v * 10 + (s[i++] - '0');
  if (i == 0) return false;
  s.remove_prefix(i);
  out = v;
  return true;
}

// [+-]hh[:mm[:ss]] in seconds.
bool parse_hms(std::string_view& s, int64_t& out) {
  int64_t sign = 1;
  if (!s.empty() && (s[0] == '+' || s[0] == '-')) {
    sign = s[0] == '-' ? -1 : 1;
    s.remove_prefix(1);
  }
  int64_t h = 0;
  int64_t m = 0;
  int64_t sec = 0;
  if (!parse_num(s, h)) return false;
  if (!s.empty() && s[0] == ':') {
    s.remove_prefix(1);
    if (!parse_num(s, m)) return false;
    if (!s.empty() && s[0] == ':') {
      s.remove_prefix(1);
      if (!parse_num(s, sec)) return false;
    }
  }
  out = sign * (h * 3600 + m * 60 + sec);
  return true;
}

bool parse_rule_date(std::string_view& s, RuleDate& d) {
  int64_t a = 0;
  if (!s.empty() && s[0] == 'M') {
    s.remove_prefix(1);
    int64_t w = 0;
    int64_t wd = 0;
    if (!parse_num(s, a) || s.empty() || s[0] != '.') return false;
    s.remove_prefix(1);
    if (!parse_num(s, w) || s.empty() || s[0] != '.') return false;
    s.remove_prefix(1);
    if (!parse_num(s, wd)) return false;
    if (a < 1 || a > 12 || w < 1 || w > 5 || wd > 6) return false;
    d.form = 'M';
    d.month = static_cast<int>(a);
    d.week = static_cast<int>(w);
    d.day = static_cast<int>(wd);
  } else if (!s.empty() && s[0] == 'J') {
    s.remove_prefix(1);
    if (!parse_num(s, a)) return false;
    if (a < 1 || a > 365) return false;
    d.form = 'J';
    d.day = static_cast<int>(a);
  } else {
    if (!parse_num(s, a)) return false;
    if (a > 365) return false;
    d.form = 'n';
    d.day = static_cast<int>(a);
  }
  if (!s.empty() && s[0] == '/') {
    s.remove_prefix(1);
    if (!parse_hms(s, d.time)) return false;
  }
  return true;
}

std::optional<PosixRule> parse_posix(std::string_view s) {
  PosixRule r;
  int64_t off = 0;
  if (!parse_name(s) || !parse_hms(s, off)) return std::nullopt;
  r.std_offset = -off;
  if (s.empty()) return r;
  if (!parse_name(s)) return std::nullopt;
  r.has_dst = true;
  r.dst_offset = r.std_offset + 3600;
  if (!s.empty() && s[0] != ',') {
    if (!parse_hms(s, off)) return std::nullopt;
    r.dst_offset = -off;
  }
  if (s.empty() || s[0] != ',') return std::nullopt;
  s.remove_prefix(1);
  if (!parse_rule_date(s, r.start) || s.empty() || s[0] != ',') return std::nullopt;
  s.remove_prefix(1);
  if (!parse_rule_date(s, r.end) || !s.empty()) return std::nullopt;
  return r;
}

bool leap(int64_t y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

// Seconds from the start of `year` (local) to the rule date's local time.
int64_t rule_seconds(const RuleDate& d, int64_t year) {
  int64_t day = 0;  // 0-based day of year
  if (d.form == 'J') {
    day = d.day - 1;
    if (leap(year) && d.day >= 60) ++day;
  } else if (d.form == 'n') {
    day = d.day;
  } else {
    int64_t first =
        (civil_to_seconds(year, d.month, 1, 0, 0, 0) - civil_to_seconds(year, 1, 1, 0, 0, 0)) /
        86400;
    // Weekday of the first of the month (0 = Sunday); midnight is a whole number of days.
    int64_t days_since_epoch = civil_to_seconds(year, d.month, 1, 0, 0, 0) / 86400;
    int64_t wd = ((days_since_epoch + 4) % 7 + 7) % 7;
    int64_t dom = (d.day - wd + 7) % 7;  // first matching weekday, 0-based
    static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    int64_t mdays = kDays[d.month - 1] + (d.month == 2 && leap(year) ? 1 : 0);
    dom += int64_t{7} * (d.week - 1);
    while (dom >= mdays) dom -= 7;
    day = first + dom;
  }
  return day * 86400 + d.time;
}

int64_t rule_offset(const PosixRule& r, int64_t t) {
  if (!r.has_dst) return r.std_offset;
  CivilTime c = to_civil(Timestamp{t, 0}, r.std_offset);
  int64_t year_start = civil_to_seconds(c.year, 1, 1, 0, 0, 0);
  int64_t start = year_start + rule_seconds(r.start, c.year) - r.std_offset;
  int64_t end = year_start + rule_seconds(r.end, c.year) - r.dst_offset;
  bool dst = start < end ? (t >= start && t < end) : !(t >= end && t < start);
  return dst ? r.dst_offset : r.std_offset;
}

std::optional<Zone> parse_tzif(std::string_view data) {
  Reader rd(data);
  std::string_view magic;
  std::string_view version;
  std::string_view skip;
  if (!rd.take(4, magic) || magic != "TZif" || !rd.take(1, version) || !rd.take(15, skip)) {
    return std::nullopt;
  }
  int64_t c[6];
  for (auto& v : c) {
    if (!rd.be(4, v) || v < 0) return std::nullopt;
  }
  int time_size = 4;
  if (version[0] >= '2') {
    // Skip the 32-bit block; the 64-bit block follows with its own header.
    std::size_t v1 = static_cast<std::size_t>(c[3] * 5 + c[4] * 6 + c[5] + c[2] * 8 + c[1] + c[0]);
    if (!rd.take(v1, skip) || !rd.take(20, skip)) return std::nullopt;
    for (auto& v : c) {
      if (!rd.be(4, v) || v < 0) return std::nullopt;
    }
    time_size = 8;
  }
  const int64_t isutcnt = c[0];
  const int64_t isstdcnt = c[1];
  const int64_t leapcnt = c[2];
  const int64_t timecnt = c[3];
  const int64_t typecnt = c[4];
  const int64_t charcnt = c[5];
  if (typecnt == 0) return std::nullopt;
  Zone z;
  for (int64_t i = 0; i < timecnt; ++i) {
    int64_t t = 0;
    if (!rd.be(time_size, t)) return std::nullopt;
    z.transitions.push_back(t);
  }
  for (int64_t i = 0; i < timecnt; ++i) {
    int64_t ty = 0;
    if (!rd.be(1, ty) || ty >= typecnt) return std::nullopt;
    z.types.push_back(static_cast<uint8_t>(ty));
  }
  for (int64_t i = 0; i < typecnt; ++i) {
    int64_t off = 0;
    if (!rd.be(4, off) || !rd.take(2, skip)) return std::nullopt;
    z.offsets.push_back(static_cast<int32_t>(off));
  }
  auto rest = static_cast<std::size_t>(charcnt + leapcnt * (time_size + 4) + isstdcnt + isutcnt);
  if (!rd.take(rest, skip)) return std::nullopt;
  std::string_view footer = rd.rest();
  if (time_size == 8 && footer.size() >= 2 && footer[0] == '\n') {
    auto e = footer.find('\n', 1);
    if (e != std::string_view::npos && e > 1) z.rule = parse_posix(footer.substr(1, e - 1));
  }
  return z;
}

int64_t zone_offset_at(const Zone& z, int64_t t) {
  if (z.transitions.empty() || t < z.transitions.front()) {
    if (z.transitions.empty() && z.rule) return rule_offset(*z.rule, t);
    return z.offsets[0];
  }
  if (t >= z.transitions.back() && z.rule) return rule_offset(*z.rule, t);
  auto it = std::upper_bound(z.transitions.begin(), z.transitions.end(), t);
  auto idx = static_cast<std::size_t>(it - z.transitions.begin()) - 1;
  return z.offsets[z.types[idx]];
}

bool safe_zone_name(std::string_view name) {
  if (name.empty() || name.front() == '/' || name.size() > 128) return false;
  if (name.find("..") != std::string_view::npos) return false;
  for (char ch : name) {
    auto c = static_cast<unsigned char>(ch);
    if (!(std::isalnum(c) || c == '/' || c == '_' || c == '-' || c == '+')) return false;
  }
  return true;
}

std::string zoneinfo_dir() {
  const char* env = std::getenv("ZONEINFO");
  return env != nullptr && *env != '\0' ? env : "/usr/share/zoneinfo";
}

// Zones are immutable once loaded and cached for the life of the process.
Result<std::shared_ptr<const Zone>> load_zone(std::string_view name) {
  static std::mutex mu;
  static std::map<std::string, std::shared_ptr<const Zone>, std::less<>> cache;
  std::lock_guard<std::mutex> lock(mu);
  auto it = cache.find(name);
  if (it != cache.end()) return it->second;
  if (!safe_zone_name(name)) return Error("unknown time zone " + std::string(name));
  std::ifstream in(zoneinfo_dir() + "/" + std::string(name), std::ios::binary);
  if (!in) return Error("unknown time zone " + std::string(name));
  std::stringstream ss;
  ss << in.rdbuf();
  auto zone = parse_tzif(ss.str());
  if (!zone) return Error("invalid time zone data for " + std::string(name));
  auto ptr = std::make_shared<const Zone>(std::move(*zone));
  cache.emplace(std::string(name), ptr);
  return ptr;
}

}  // namespace

Result<int64_t> zone_offset(std::string_view tz, Timestamp t) {
  if (tz.empty() || tz == "UTC") return int64_t{0};
  auto colon = tz.find(':');
  if (colon != std::string_view::npos) {
    // cel-go: "[+|-]HH:MM", hours and minutes as integers; a leading '-' negates both.
    std::string_view hs = tz.substr(0, colon);
    std::string_view ms = tz.substr(colon + 1);
    bool neg = !hs.empty() && hs[0] == '-';
    if (!hs.empty() && (hs[0] == '-' || hs[0] == '+')) hs.remove_prefix(1);
    int64_t h = 0;
    int64_t m = 0;
    if (!parse_num(hs, h) || !hs.empty() || !parse_num(ms, m) || !ms.empty() || h > 23 || m > 59) {
      return Error("invalid time zone offset " + std::string(tz));
    }
    int64_t off = h * 3600 + m * 60;
    return neg ? -off : off;
  }
  KRO_ASSIGN_OR_RETURN(auto zone, load_zone(tz));
  return zone_offset_at(*zone, t.seconds);
}

}  // namespace kro::cel
