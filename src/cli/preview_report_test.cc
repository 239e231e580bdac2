#include "cli/preview_report.h"

#include <gtest/gtest.h>

namespace kro::cli {
namespace {

Preview sample() {
  Preview p;
  p.rgd_name = "web";
  p.rgd_exists = true;
  p.schema.crd_name = "webs.kro.run";
  p.schema.exists = true;
  InstancePreview i;
  i.namespace_ = "default";
  i.name = "demo";
  ObjectPreview keep;
  keep.node_id = "config";
  keep.api_version = "v1";
  keep.kind = "ConfigMap";
  keep.namespace_ = "default";
  keep.name = "demo-config";
  i.objects.push_back(keep);
  p.instances.push_back(i);
  return p;
}

TEST(PreviewReport, NothingChangesWhenEveryObjectIsUnchanged) {
  Preview p = sample();
  EXPECT_FALSE(p.has_changes());
  std::string text = preview_text(p);
  EXPECT_NE(text.find("ResourceGraphDefinition web: spec unchanged\n"), std::string::npos);
  EXPECT_NE(text.find("CustomResourceDefinition webs.kro.run: schema unchanged\n"),
            std::string::npos);
  EXPECT_NE(text.find("instances: 1, affected: 0\n"), std::string::npos) << text;
  EXPECT_NE(text.find("UNCHANGED: ConfigMap default/demo-config (v1) resource config "
                      "[instance: default/demo]\n"),
            std::string::npos)
      << text;
  EXPECT_EQ(to_json(preview_json(p).at("summary")),
            R"({"instances":1,"affected":0,"create":0,"update":0,"delete":0,"unchanged":1,)"
            R"("changes":false})");
}

TEST(PreviewReport, EveryKindOfChangeCounts) {
  Preview created = sample();
  created.rgd_exists = false;
  EXPECT_TRUE(created.has_changes());
  EXPECT_NE(preview_text(created).find("ResourceGraphDefinition web: would be created"),
            std::string::npos);

  Preview schema = sample();
  schema.schema.breaking.emplace_back(".properties.spec.properties.x: Property x was removed");
  EXPECT_TRUE(schema.has_changes());
  std::string text = preview_text(schema);
  EXPECT_NE(text.find("BREAKING schema change (1 breaking, 0 compatible)"), std::string::npos);
  EXPECT_NE(text.find("kro.run/allow-breaking-changes"), std::string::npos) << text;
  EXPECT_NE(text.find("changes no instance"), std::string::npos) << text;
  schema.schema.breaking_allowed = true;
  EXPECT_NE(preview_text(schema).find("allowed by the RGD's annotation"), std::string::npos);
  EXPECT_EQ(preview_json(schema).at("schema").at("compatible"), Json(false));

  Preview update = sample();
  ObjectPreview& o = update.instances[0].objects[0];
  o.action = Action::kUpdate;
  o.changes.push_back({"data.k", Json("a"), Json("b")});
  o.changes.push_back({"data.gone", Json(1), std::nullopt});
  EXPECT_TRUE(update.has_changes());
  text = preview_text(update);
  EXPECT_NE(text.find("objects: 0 to create, 1 to change, 0 to delete, 0 unchanged\n"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("UPDATE: ConfigMap default/demo-config (v1) resource config [instance: "
                      "default/demo]\n  - data.k: \"a\"\n  + data.k: \"b\"\n  - data.gone: 1\n"),
            std::string::npos)
      << text;
  Json j = preview_json(update);
  EXPECT_EQ(to_json(j.at("instances").at(0).at("objects").at(0).at("changes")),
            R"([{"path":"data.k","before":"a","after":"b"},{"path":"data.gone","before":1}])");
}

TEST(PreviewReport, DeletionsAndNotesAreShownWithTheirReason) {
  Preview p = sample();
  ObjectPreview& o = p.instances[0].objects[0];
  o.action = Action::kDelete;
  o.note = "resource config is no longer in the RGD";
  p.instances[0].notes.emplace_back(
      "resource web is pending (waiting): its objects are not previewed");
  std::string text = preview_text(p);
  EXPECT_NE(text.find("DELETE: ConfigMap default/demo-config (v1) resource config [instance: "
                      "default/demo]\n  resource config is no longer in the RGD\n"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("NOTE: resource web is pending (waiting): its objects are not previewed "
                      "[instance: default/demo]"),
            std::string::npos)
      << text;
  EXPECT_EQ(preview_json(p).at("summary").at("delete"), Json(1));
}

TEST(PreviewReport, SaysWhereTheChangesComeFrom) {
  Preview p = sample();
  EXPECT_NE(preview_text(p).find("no dry-run"), std::string::npos);
  p.dry_run = true;
  EXPECT_NE(preview_text(p).find("server-side dry-run apply"), std::string::npos);
  EXPECT_EQ(preview_json(p).at("dryRun"), Json(true));
}

}  // namespace
}  // namespace kro::cli
