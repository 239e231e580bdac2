#include "cli/diagnostics.h"

#include <gtest/gtest.h>

namespace kro::cli {
namespace {

TEST(Diagnostics, QuotesTheLineWithACaretUnderTheColumn) {
  SourceCache cache;
  cache.add("rgd.yaml", "a: 1\n  name: ${deploymnt.metadata.name}\n");
  Error e("references unknown identifiers: [deploymnt]", SourcePos{"rgd.yaml", 2, 9});
  EXPECT_EQ(format_diagnostic(e, Severity::kError, cache),
            "rgd.yaml:2:9: error: references unknown identifiers: [deploymnt]\n"
            "  name: ${deploymnt.metadata.name}\n"
            "        ^\n");
}

TEST(Diagnostics, KeepsTabsSoTheCaretLinesUp) {
  SourceCache cache;
  cache.add("f", "\tx: y\r\n");
  Error e("bad", SourcePos{"f", 1, 3});
  EXPECT_EQ(format_diagnostic(e, Severity::kWarning, cache), "f:1:3: warning: bad\n\tx: y\n\t ^\n");
}

TEST(Diagnostics, WithoutPositionNamesFileAndPath) {
  SourceCache cache;
  Error e("must be an integer");
  e.path = "spec.replicas";
  e.pos.file = "rgd.yaml";
  EXPECT_EQ(format_diagnostic(e, Severity::kError, cache),
            "rgd.yaml: error: spec.replicas: must be an integer\n");
  EXPECT_EQ(format_diagnostic(Error("no input"), Severity::kError, cache),
            "kro: error: no input\n");
}

TEST(Diagnostics, UnknownFileOrLineQuotesNothing) {
  SourceCache cache;
  cache.add("a.yaml", "one\n");
  EXPECT_EQ(format_diagnostic(Error("x", SourcePos{"a.yaml", 7, 1}), Severity::kNote, cache),
            "a.yaml:7:1: note: x\n");
  EXPECT_EQ(format_diagnostic(Error("x", SourcePos{"b.yaml", 1, 1}), Severity::kError, cache),
            "b.yaml:1:1: error: x\n");
}

TEST(Diagnostics, Summary) {
  EXPECT_EQ(diagnostic_summary(0, 0), "");
  EXPECT_EQ(diagnostic_summary(1, 0), "1 error generated.");
  EXPECT_EQ(diagnostic_summary(3, 1), "3 errors and 1 warning generated.");
  EXPECT_EQ(diagnostic_summary(0, 2), "2 warnings generated.");
}

}  // namespace
}  // namespace kro::cli
