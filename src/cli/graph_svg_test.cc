#include <gtest/gtest.h>

#include "cli/graph_view.h"

namespace kro::cli {
namespace {

// The development machine has Graphviz (dev/deps installs libgraphviz-dev, which brings libgvc6).
TEST(GraphSvg, RendersThroughTheLoadedGraphvizLibrary) {
  auto svg = dot_to_svg("digraph g { a -> b }");
  ASSERT_TRUE(svg.ok()) << svg.error().str();
  EXPECT_NE(svg->find("<svg"), std::string::npos);
  EXPECT_NE(svg->find(">a</text>"), std::string::npos);
}

// Where Graphviz is absent (the container image), SVG fails with a message naming the library
// and the way round it, and nothing else breaks.
TEST(GraphSvg, MissingLibrarySaysWhatIsUnavailable) {
  auto svg = dot_to_svg("digraph g { a -> b }", "libkro-test-no-such-graphviz.so.6");
  ASSERT_FALSE(svg.ok());
  const std::string& msg = svg.error().message;
  EXPECT_NE(msg.find("Graphviz library libkro-test-no-such-graphviz.so.6"), std::string::npos)
      << msg;
  EXPECT_NE(msg.find("-o dot"), std::string::npos) << msg;
}

TEST(GraphSvg, BadDotIsAnError) {
  EXPECT_FALSE(dot_to_svg("digraph g { a -> ").ok());
}

}  // namespace
}  // namespace kro::cli
