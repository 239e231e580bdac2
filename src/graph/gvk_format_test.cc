// A resource's apiVersion and kind are checked for form before any schema lookup, with
// upstream's messages (docs/behaviour/compile-and-typing.md "Error messages", structure).
#include <gtest/gtest.h>

#include <string>
#include <string_view>

#include "graph/builder.h"

namespace kro::graph {
namespace {

std::string rgd_with(std::string_view api_version, std::string_view kind, bool external = false) {
  std::string s =
      "apiVersion: kro.run/v1alpha1\nkind: ResourceGraphDefinition\nmetadata: {name: t}\n"
      "spec:\n  schema:\n    apiVersion: v1alpha1\n    kind: App\n    spec: {name: string}\n"
      "  resources:\n    - id: r\n";
  s += external ? "      externalRef:\n" : "      template:\n";
  s += "        apiVersion: \"" + std::string(api_version) + "\"\n        kind: \"" +
       std::string(kind) + "\"\n        metadata:\n          name: x\n";
  return s;
}

std::string error_of(const std::string& text) {
  auto doc = parse_yaml(text, "gvk.yaml");
  if (!doc.ok()) return doc.error().message;
  auto rgd = read_rgd(*doc);
  if (!rgd.ok()) return rgd.error().message;
  auto g = build_graph(*rgd, {});
  return g.ok() ? "<accepted>" : g.error().message;
}

TEST(GvkFormat, WellFormedIsAccepted) {
  EXPECT_EQ(error_of(rgd_with("v1", "ConfigMap")), "<accepted>");
  EXPECT_EQ(error_of(rgd_with("apps/v1", "Deployment")), "<accepted>");
  EXPECT_EQ(error_of(rgd_with("example.com/v1", "My-Thing2")), "<accepted>");
}

TEST(GvkFormat, MoreThanOneSlashIsNoGroupVersion) {
  EXPECT_EQ(error_of(rgd_with("apps/v1/beta", "Deployment")),
            "failed to build resource \"r\": failed to extract GVK from resource r: "
            "invalid apiVersion format \"apps/v1/beta\": "
            "unexpected GroupVersion string: apps/v1/beta");
}

TEST(GvkFormat, KindMustBeADns1035LabelLowercased) {
  const std::string rule =
      "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an "
      "alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or "
      "'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')";
  EXPECT_EQ(error_of(rgd_with("v1", "Config_Map")),
            "failed to build resource \"r\": failed to extract GVK from resource r: invalid kind "
            "\"Config_Map\": " +
                rule + " (must be a valid DNS-1035 label when lowercased)");
  EXPECT_NE(error_of(rgd_with("v1", "2Fast")).find("invalid kind \"2Fast\""), std::string::npos);
  EXPECT_NE(error_of(rgd_with("v1", "Ends-")).find("invalid kind \"Ends-\""), std::string::npos);
  std::string too_long(64, 'A');
  EXPECT_EQ(
      error_of(rgd_with("v1", too_long)),
      "failed to build resource \"r\": failed to extract GVK from resource r: invalid kind \"" +
          too_long +
          "\": must be no more than 63 characters (must be a valid DNS-1035 label when "
          "lowercased)");
}

TEST(GvkFormat, ExternalRefsAreCheckedToo) {
  EXPECT_NE(error_of(rgd_with("a/b/c", "ConfigMap", true)).find("invalid apiVersion format"),
            std::string::npos)
      << error_of(rgd_with("a/b/c", "ConfigMap", true));
}

}  // namespace
}  // namespace kro::graph
