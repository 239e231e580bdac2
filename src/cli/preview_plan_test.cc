// preview_instance against an in-memory cluster: which objects are created, changed, pruned or
// kept, and that an apply is asked with the object exactly as the controller stamps it.
#include "cli/preview_plan.h"

#include <gtest/gtest.h>

#include <map>

#include "cli/observed.h"
#include "controller/labels.h"
#include "graph/compiled.h"

namespace kro::cli {
namespace {

Json parse(std::string_view text) { return parse_json(text).value(); }

std::shared_ptr<const runtime::Executable> executable(const std::string& yaml) {
  auto doc = parse_yaml(yaml, "rgd.yaml");
  EXPECT_TRUE(doc.ok()) << doc.error().str();
  auto rgd = graph::read_rgd(*doc);
  EXPECT_TRUE(rgd.ok()) << rgd.error().str();
  auto compiled = graph::compile_rgd(*rgd);
  EXPECT_TRUE(compiled.ok()) << compiled.error().str();
  auto exe =
      runtime::make_executable(std::make_shared<const graph::CompiledGraph>(std::move(*compiled)));
  EXPECT_TRUE(exe.ok()) << exe.error().str();
  return *exe;
}

// Objects in memory; after_apply answers with the object applied onto live (a stand-in for the
// server) and records what it was asked.
class FakeCluster : public PreviewCluster {
 public:
  ObservedPool pool;
  std::vector<Json> members_;
  std::vector<Json> applied;

  const Document* find(const runtime::ObjectIdentity& id) const override { return pool.find(id); }
  std::vector<Document> select(std::string_view av, std::string_view kind, std::string_view ns,
                               const Json& selector) const override {
    return pool.select(av, kind, ns, selector);
  }
  bool dry_run() const override { return true; }
  Result<std::vector<Json>> members(const Json&) override { return members_; }
  Result<Json> after_apply(const Json& object, const Json& live, const Json*) override {
    applied.push_back(object);
    return apply_offline(live, object, nullptr);
  }
};

const char* kRgd = R"(
apiVersion: kro.run/v1alpha1
kind: ResourceGraphDefinition
metadata: {name: app}
spec:
  schema:
    apiVersion: v1alpha1
    kind: App
    spec:
      greeting: string | default="hi"
      extra: boolean | default=false
  resources:
    - id: config
      template:
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: "${schema.metadata.name}-config"}
        data: {greeting: "${schema.spec.greeting}"}
    - id: extra
      includeWhen: ["${schema.spec.extra}"]
      template:
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: "${schema.metadata.name}-extra"}
    - id: later
      template:
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: "${config.data.missing}"}
)";

Json instance() {
  return parse(R"({"apiVersion":"kro.run/v1alpha1","kind":"App",
    "metadata":{"name":"demo","namespace":"ns","uid":"u-1"},"spec":{}})");
}

Json config_map(const std::string& name, const std::string& node, const std::string& data) {
  return parse(R"({"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":")" + name +
               R"(","namespace":"ns","labels":{"kro.run/node-id":")" + node + R"("}},"data":)" +
               data + "}");
}

TEST(PreviewPlan, CreatesWhatIsMissingAndAsksTheApplyWithTheControllersStamp) {
  FakeCluster cluster;
  InstancePreview p = preview_instance(instance(), {executable(kRgd), nullptr}, cluster, "v9");
  ASSERT_EQ(p.objects.size(), 1u);
  EXPECT_EQ(p.objects[0].action, Action::kCreate);
  EXPECT_EQ(p.objects[0].name, "demo-config");
  EXPECT_EQ(p.objects[0].node_id, "config");
  EXPECT_TRUE(cluster.applied.empty());  // nothing to apply onto
  // `later` reads a key no object has: the preview says it cannot tell.
  ASSERT_EQ(p.notes.size(), 1u);
  EXPECT_EQ(p.notes[0].rfind("resource later is pending", 0), 0u) << p.notes[0];
  EXPECT_TRUE(p.changed());

  cluster.pool.add(config_map("demo-config", "config", R"({"greeting":"hello"})"));
  p = preview_instance(instance(), {executable(kRgd), nullptr}, cluster, "v9");
  ASSERT_EQ(cluster.applied.size(), 1u);
  const Json& sent = cluster.applied[0];
  EXPECT_EQ(controller::label_of(sent, controller::kNodeIdLabel), "config");
  EXPECT_EQ(controller::label_of(sent, controller::kInstanceIdLabel), "u-1");
  EXPECT_EQ(controller::label_of(sent, controller::kKroVersionLabel), "v9");
  EXPECT_EQ(controller::label_of(sent, "applyset.kubernetes.io/part-of").rfind("applyset-", 0), 0u);
  EXPECT_EQ(controller::annotation_of(sent, controller::kApplyOrderAnnotation), "1");
  ASSERT_EQ(p.objects.size(), 1u);
  EXPECT_EQ(p.objects[0].action, Action::kUpdate);
  bool greeting = false;
  for (const auto& c : p.objects[0].changes) {
    if (c.path == "data.greeting") {
      greeting = true;
      EXPECT_EQ(*c.before, Json("hello"));
      EXPECT_EQ(*c.after, Json("hi"));  // the new CRD's default, applied to the instance
    }
  }
  EXPECT_TRUE(greeting);
}

TEST(PreviewPlan, UnchangedWhenTheApplyLeavesTheObjectAsItIs) {
  auto exe = executable(kRgd);
  // The cluster holds exactly what the controller applied: the next preview changes nothing.
  FakeCluster seeded;
  seeded.pool.add(config_map("demo-config", "config", R"({"greeting":"hi"})"));
  (void)preview_instance(instance(), {exe, nullptr}, seeded, "v9");
  ASSERT_EQ(seeded.applied.size(), 1u);
  FakeCluster steady;
  steady.pool.add(seeded.applied[0]);
  InstancePreview p = preview_instance(instance(), {exe, nullptr}, steady, "v9");
  ASSERT_EQ(p.objects.size(), 1u);
  EXPECT_EQ(p.objects[0].action, Action::kUnchanged);
  EXPECT_TRUE(p.objects[0].changes.empty());
  EXPECT_FALSE(p.changed());
  // A controller of another version stamps another label value: that is a change.
  FakeCluster upgraded;
  upgraded.pool.add(seeded.applied[0]);
  p = preview_instance(instance(), {exe, nullptr}, upgraded, "v10");
  ASSERT_EQ(p.objects.size(), 1u);
  EXPECT_EQ(p.objects[0].action, Action::kUpdate);
}

TEST(PreviewPlan, PrunesMembersNoLongerRenderedAndKeepsPendingOnes) {
  FakeCluster cluster;
  cluster.pool.add(config_map("demo-config", "config", R"({"greeting":"hi"})"));
  cluster.members_ = {
      config_map("demo-config", "config", "{}"),  // still rendered
      config_map("demo-extra", "extra", "{}"),    // includeWhen false
      config_map("demo-gone", "removed", "{}"),   // resource no longer in the RGD
      config_map("demo-later", "later", "{}"),    // its resource is pending: kept
  };
  Json orphan = config_map("demo-orphan", "removed", "{}");
  orphan.as_object()["metadata"].as_object()["annotations"] =
      parse(R"({"kro.run/deletion-policy":"Orphan"})");
  cluster.members_.push_back(orphan);
  InstancePreview p = preview_instance(instance(), {executable(kRgd), nullptr}, cluster, "v9");
  std::map<std::string, ObjectPreview> by_name;
  for (const auto& o : p.objects) by_name[o.name] = o;
  ASSERT_EQ(by_name.size(), 4u);
  EXPECT_EQ(by_name["demo-extra"].action, Action::kDelete);
  EXPECT_EQ(by_name["demo-extra"].note,
            "resource extra is skipped: includeWhen[0] is false: "
            "${schema.spec.extra}");
  EXPECT_EQ(by_name["demo-gone"].action, Action::kDelete);
  EXPECT_EQ(by_name["demo-gone"].note, "resource removed is no longer in the RGD");
  EXPECT_EQ(by_name["demo-orphan"].note,
            "resource removed is no longer in the RGD; released, not deleted (deletionPolicy: "
            "Orphan)");
  EXPECT_EQ(by_name.count("demo-later"), 0u);
  ASSERT_FALSE(p.notes.empty());
  EXPECT_EQ(p.notes.back(), "the controller prunes only once every resource resolves");
}

TEST(PreviewPlan, SuspendedAndDeletingInstancesAreLeftAlone) {
  FakeCluster cluster;
  Json suspended = instance();
  suspended.as_object()["metadata"].as_object()["annotations"] =
      parse(R"({"kro.run/reconcile":"suspended"})");
  InstancePreview p = preview_instance(suspended, {executable(kRgd), nullptr}, cluster, "v9");
  EXPECT_TRUE(p.objects.empty());
  ASSERT_EQ(p.notes.size(), 1u);
  EXPECT_NE(p.notes[0].find("suspended"), std::string::npos);
  EXPECT_FALSE(p.changed());

  Json deleting = instance();
  deleting.as_object()["metadata"].as_object()["deletionTimestamp"] = "2026-01-01T00:00:00Z";
  p = preview_instance(deleting, {executable(kRgd), nullptr}, cluster, "v9");
  EXPECT_TRUE(p.objects.empty());
  ASSERT_EQ(p.notes.size(), 1u);
  EXPECT_NE(p.notes[0].find("being deleted"), std::string::npos);
}

}  // namespace
}  // namespace kro::cli
