#include "cel/common/time.h"

#include <gtest/gtest.h>

namespace kro::cel {
namespace {

TEST(TimeTest, ParseAndFormatTimestamps) {
  auto t = parse_timestamp("2009-02-13T23:31:30Z");
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(t->seconds, 1234567890);
  EXPECT_EQ(format_timestamp(*t), "2009-02-13T23:31:30Z");
  auto frac = parse_timestamp("2009-02-13T23:31:20.123456789Z");
  ASSERT_TRUE(frac.ok());
  EXPECT_EQ(frac->nanos, 123456789);
  EXPECT_EQ(format_timestamp(Timestamp{0, 120000000}), "1970-01-01T00:00:00.12Z");
  auto off = parse_timestamp("2009-02-14T01:31:30+02:00");
  ASSERT_TRUE(off.ok());
  EXPECT_EQ(off->seconds, 1234567890);
  EXPECT_EQ(format_timestamp_seconds(Timestamp{1234567890, 999}), "2009-02-13T23:31:30Z");
  EXPECT_EQ(format_timestamp(*parse_timestamp("9999-12-31T23:59:59.999999999Z")),
            "9999-12-31T23:59:59.999999999Z");
  EXPECT_EQ(parse_timestamp("0001-01-01T00:00:00Z")->seconds, kMinTimestampSeconds);
}

TEST(TimeTest, TimestampErrors) {
  EXPECT_FALSE(parse_timestamp("0000-01-01T00:00:00Z").ok());
  EXPECT_FALSE(parse_timestamp("10000-01-01T00:00:00Z").ok());
  EXPECT_FALSE(parse_timestamp("2009-02-30T00:00:00Z").ok());
  EXPECT_FALSE(parse_timestamp("2009-02-13 23:31:30Z").ok());
  EXPECT_FALSE(parse_timestamp("2009-02-13T23:31:30").ok());
  EXPECT_FALSE(parse_timestamp("").ok());
}

TEST(TimeTest, Durations) {
  EXPECT_EQ(parse_duration("1h30m")->nanos, 5400'000'000'000);
  EXPECT_EQ(parse_duration("-1.5s")->nanos, -1'500'000'000);
  EXPECT_EQ(parse_duration("300ms")->nanos, 300'000'000);
  EXPECT_EQ(parse_duration("1us")->nanos, 1000);
  EXPECT_EQ(parse_duration("1\xc2\xb5s")->nanos, 1000);
  EXPECT_EQ(parse_duration("2ns")->nanos, 2);
  EXPECT_EQ(parse_duration("0")->nanos, 0);
  EXPECT_FALSE(parse_duration("").ok());
  EXPECT_FALSE(parse_duration("1").ok());
  EXPECT_FALSE(parse_duration("1d").ok());
  EXPECT_FALSE(parse_duration("320000000000s").ok());
  EXPECT_EQ(format_duration(Duration{1000000'000'000'000}), "1000000s");
  EXPECT_EQ(format_duration(Duration{1'500'000'000}), "1.5s");
  EXPECT_EQ(format_duration(Duration{-1}), "-0.000000001s");
  EXPECT_EQ(format_go_duration(Duration{3600'000'000'000}), "1h0m0s");
  EXPECT_EQ(format_go_duration(Duration{1'500'000'000}), "1.5s");
  EXPECT_EQ(format_go_duration(Duration{300'000'000}), "300ms");
  EXPECT_EQ(format_go_duration(Duration{1500}), "1.5\xc2\xb5s");
  EXPECT_EQ(format_go_duration(Duration{0}), "0s");
  EXPECT_EQ(format_go_duration(Duration{-90'000'000'000}), "-1m30s");
}

TEST(TimeTest, CheckedArithmetic) {
  Timestamp max{kMaxTimestampSeconds, 999999999};
  EXPECT_FALSE(add(max, Duration{1}).ok());
  EXPECT_FALSE(sub(Timestamp{kMinTimestampSeconds, 0}, Duration{1}).ok());
  EXPECT_EQ(add(Timestamp{1, 1}, Duration{-999999999})->nanos, 2);
  EXPECT_EQ(sub(Timestamp{10, 0}, Timestamp{4, 0})->nanos, 6'000'000'000);
  EXPECT_FALSE(sub(max, Timestamp{kMinTimestampSeconds, 0}).ok());
  EXPECT_FALSE(add(Duration{INT64_MAX}, Duration{1}).ok());
}

TEST(TimeTest, CivilTime) {
  CivilTime c = to_civil(Timestamp{1234567890, 0}, 0);
  EXPECT_EQ(c.year, 2009);
  EXPECT_EQ(c.month, 2);
  EXPECT_EQ(c.day, 13);
  EXPECT_EQ(c.hour, 23);
  EXPECT_EQ(c.day_of_week, 5);
  EXPECT_EQ(c.day_of_year, 43);
  CivilTime old = to_civil(Timestamp{kMinTimestampSeconds, 0}, 0);
  EXPECT_EQ(old.year, 1);
  EXPECT_EQ(old.day_of_week, 1);  // 0001-01-01 was a Monday
}

TEST(TimeTest, ZoneOffsets) {
  Timestamp t{1234567890, 0};  // February 2009
  EXPECT_EQ(*zone_offset("UTC", t), 0);
  EXPECT_EQ(*zone_offset("+11:00", t), 11 * 3600);
  EXPECT_EQ(*zone_offset("-02:30", t), -(2 * 3600 + 1800));
  EXPECT_EQ(*zone_offset("02:00", t), 2 * 3600);
  EXPECT_EQ(*zone_offset("Australia/Sydney", t), 11 * 3600);  // daylight time
  EXPECT_EQ(*zone_offset("US/Central", t), -6 * 3600);
  EXPECT_EQ(*zone_offset("Asia/Kathmandu", t), 5 * 3600 + 45 * 60);
  EXPECT_EQ(*zone_offset("America/St_Johns", t), -(3 * 3600 + 1800));
  // Summer in Chicago, and far beyond the TZif transition table (the POSIX footer rule).
  EXPECT_EQ(*zone_offset("America/Chicago", Timestamp{1246406400, 0}), -5 * 3600);
  EXPECT_EQ(*zone_offset("America/Chicago", Timestamp{civil_to_seconds(2100, 7, 1, 12, 0, 0), 0}),
            -5 * 3600);
  EXPECT_EQ(*zone_offset("America/Chicago", Timestamp{civil_to_seconds(2100, 1, 1, 12, 0, 0), 0}),
            -6 * 3600);
  EXPECT_EQ(*zone_offset("Australia/Sydney", Timestamp{civil_to_seconds(2100, 7, 1, 0, 0, 0), 0}),
            10 * 3600);
  EXPECT_FALSE(zone_offset("Mars/Olympus", t).ok());
  EXPECT_FALSE(zone_offset("../etc/passwd", t).ok());
  EXPECT_FALSE(zone_offset("25:00", t).ok());
}

}  // namespace
}  // namespace kro::cel
