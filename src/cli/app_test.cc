// The command line itself: usage errors, help and version, without touching any file.
#include "cli/app.h"

#include <gtest/gtest.h>

#include <sstream>

#include "value/json.h"

namespace kro::cli {
namespace {

struct Outcome {
  int code;
  std::string out;
  std::string err;
};

Outcome run_kro(const std::vector<std::string>& args) {
  std::ostringstream out;
  std::ostringstream err;
  int code = run(args, out, err);
  return {code, out.str(), err.str()};
}

TEST(App, VersionPrintsTheVersion) {
  Outcome r = run_kro({"version"});
  EXPECT_EQ(r.code, 0);
  EXPECT_EQ(r.out.rfind("kro ", 0), 0u) << r.out;
}

TEST(App, HelpListsEveryCommand) {
  Outcome r = run_kro({"--help"});
  EXPECT_EQ(r.code, 0);
  for (const char* cmd : {"validate", "crd", "render", "graph", "preview", "version"}) {
    EXPECT_NE(r.out.find(cmd), std::string::npos) << cmd;
  }
  Outcome sub = run_kro({"render", "--help"});
  EXPECT_EQ(sub.code, 0);
  EXPECT_NE(sub.out.find("--observed"), std::string::npos) << sub.out;
}

TEST(App, UsageErrorsExitWithTwo) {
  EXPECT_EQ(run_kro({}).code, 2);
  EXPECT_EQ(run_kro({"frobnicate"}).code, 2);
  EXPECT_EQ(run_kro({"validate"}).code, 2);
  Outcome r = run_kro({"crd", "x.yaml", "-o", "toml"});
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("toml"), std::string::npos) << r.err;
}

TEST(App, MissingFileIsAnErrorNamingIt) {
  Outcome r = run_kro({"validate", "/nonexistent/rgd.yaml"});
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.err.find("/nonexistent/rgd.yaml: error: cannot open file"), std::string::npos)
      << r.err;
}

}  // namespace
}  // namespace kro::cli

namespace kro::cli {
namespace {

std::string golden(const std::string& rel) { return std::string(KRO_CLI_TESTDATA) + "/" + rel; }

// An RGD may instantiate the kind another RGD on the same command line defines.
TEST(Validate, RgdsGivenTogetherResolveEachOthersKinds) {
  std::ostringstream out;
  std::ostringstream err;
  int code = run({"validate", golden("cases/nested-rgd/rgd.yaml"),
                  golden("cases/nested-rgd/crds/database-rgd.yaml")},
                 out, err);
  EXPECT_EQ(code, 0) << err.str();
  EXPECT_NE(out.str().find("ok: 2 ResourceGraphDefinitions valid"), std::string::npos) << out.str();
}

TEST(Validate, UnknownKindWithoutItsRgdIsSchemaNotFound) {
  std::ostringstream out;
  std::ostringstream err;
  int code = run({"validate", golden("cases/nested-rgd/rgd.yaml")}, out, err);
  EXPECT_EQ(code, 1);
  EXPECT_NE(err.str().find("cannot resolve group version kind \"kro.run/v1alpha1, "
                           "Kind=Database\": schema not found"),
            std::string::npos)
      << err.str();
}

TEST(Render, JsonOutputIsAListAndNotesGoToStderr) {
  std::ostringstream out;
  std::ostringstream err;
  int code = run({"render", "-o", "json", golden("cases/seed-application/rgd.yaml"),
                  golden("cases/seed-application/instance.yaml")},
                 out, err);
  EXPECT_EQ(code, 0) << err.str();
  auto list = parse_json(out.str());
  ASSERT_TRUE(list.ok()) << out.str();
  EXPECT_EQ(list->at("kind"), "List");
  EXPECT_EQ(list->at("items").as_array().size(), 3u);
  EXPECT_NE(err.str().find("pending status fields"), std::string::npos) << err.str();
}

TEST(Render, InstanceOfAnotherKindIsAnErrorAtItsPosition) {
  std::ostringstream out;
  std::ostringstream err;
  int code = run(
      {"render", golden("cases/seed-application/rgd.yaml"), golden("cases/webapp/instance.yaml")},
      out, err);
  EXPECT_EQ(code, 1);
  EXPECT_NE(err.str().find("webapp/instance.yaml:2:7: error: instance kind \"WebApp\" does not "
                           "match the RGD's \"Application\""),
            std::string::npos)
      << err.str();
}

}  // namespace
}  // namespace kro::cli
