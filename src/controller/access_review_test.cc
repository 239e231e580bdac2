#include "controller/access_review.h"

#include <gtest/gtest.h>

#include <set>

namespace kro::controller {
namespace {

const kube::GroupVersionResource kApps{"kro.run", "v1alpha1", "applications"};
const kube::GroupVersionResource kDeployments{"apps", "v1", "deployments"};
const kube::GroupVersionResource kServices{"", "v1", "services"};

// Allows everything except the "verb resource" strings it is given; counts the reviews.
class FakeReviewer final : public AccessReviewer {
 public:
  explicit FakeReviewer(std::set<std::string> denied) : denied_(std::move(denied)) {}
  Result<bool> allowed(const kube::GroupVersionResource& gvr, std::string_view subresource,
                       std::string_view verb) override {
    ++reviews;
    if (fail) return Error("connection refused");
    return !denied_.contains(std::string(verb) + " " + resource_name(gvr, subresource));
  }
  int reviews = 0;
  bool fail = false;

 private:
  std::set<std::string> denied_;
};

TEST(AccessNeedsTest, InstanceStatusAndEachChildKindOnce) {
  auto needs = access_needs(kApps, {kDeployments, kServices, {"apps", "v1beta1", "deployments"}});
  ASSERT_EQ(needs.size(), 4U);
  EXPECT_EQ(needs[0].gvr, kApps);
  EXPECT_EQ(needs[0].verbs, (std::vector<std::string>{"list", "watch", "patch", "update"}));
  EXPECT_EQ(needs[1].subresource, "status");
  EXPECT_EQ(needs[1].verbs, (std::vector<std::string>{"patch", "update"}));
  EXPECT_EQ(needs[2].gvr, kDeployments);
  EXPECT_EQ(needs[2].verbs,
            (std::vector<std::string>{"get", "list", "watch", "create", "patch", "delete"}));
  EXPECT_EQ(needs[3].gvr, kServices);
}

TEST(AccessNeedsTest, AChildOfTheInstanceKindIsNotAskedTwice) {
  EXPECT_EQ(access_needs(kApps, {kApps}).size(), 2U);
}

TEST(ResourceNameTest, KubectlSpelling) {
  EXPECT_EQ(resource_name(kDeployments, ""), "deployments.apps");
  EXPECT_EQ(resource_name(kServices, ""), "services");
  EXPECT_EQ(resource_name(kApps, "status"), "applications.kro.run/status");
}

TEST(MissingAccessTest, EverythingAllowedIsEmpty) {
  FakeReviewer r({});
  auto missing = missing_access(r, access_needs(kApps, {kDeployments}));
  ASSERT_TRUE(missing.ok());
  EXPECT_EQ(*missing, "");
  EXPECT_EQ(r.reviews, 12);
}

TEST(MissingAccessTest, NamesEachDeniedVerbAndResourceAndTheFix) {
  FakeReviewer r({"list applications.kro.run", "watch applications.kro.run",
                  "create deployments.apps", "update applications.kro.run/status"});
  auto missing = missing_access(r, access_needs(kApps, {kDeployments, kServices}));
  ASSERT_TRUE(missing.ok());
  EXPECT_EQ(*missing,
            "kro-controller is not allowed to list, watch applications.kro.run; update "
            "applications.kro.run/status; create deployments.apps (grant it with a ClusterRole "
            "labelled rbac.kro.run/aggregate-to-controller: \"true\")");
}

TEST(MissingAccessTest, AFailedReviewIsAnError) {
  FakeReviewer r({});
  r.fail = true;
  auto missing = missing_access(r, access_needs(kApps, {}));
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.error().message.find("connection refused"), std::string::npos);
}

}  // namespace
}  // namespace kro::controller
