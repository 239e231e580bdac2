// Server-side apply with two field managers: ownership in managedFields, the conflict error
// without force, and taking ownership with force.
#include <set>

#include "itest_env.h"

namespace kro::kube::itest {
namespace {

class Apply : public KubeTest {};

std::set<std::string> managers(const Json& obj) {
  std::set<std::string> out;
  if (const Json* mf = find_path(obj, "metadata.managedFields"); mf != nullptr && mf->is_array())
    for (const auto& e : mf->as_array())
      out.insert(str_at(e, "manager") + ":" + str_at(e, "operation"));
  return out;
}

TEST_F(Apply, TwoManagersConflictAndForce) {
  auto& c = *client_;
  auto a = c.apply(kConfigMaps, ns_, config_map("ssa", R"({"shared":"from-a","only-a":"x"})"),
                   {.field_manager = "kc-a"});
  ASSERT_TRUE(a.ok()) << a.error().str();
  EXPECT_EQ(managers(*a), (std::set<std::string>{"kc-a:Apply"}));

  auto b = c.apply(kConfigMaps, ns_, config_map("ssa", R"({"shared":"from-b"})"),
                   {.field_manager = "kc-b"});
  ASSERT_FALSE(b.ok());
  EXPECT_TRUE(b.error().is_conflict()) << b.error().str();
  ASSERT_EQ(b.error().causes.size(), 1u);
  EXPECT_EQ(b.error().causes[0].type, "FieldManagerConflict");
  EXPECT_EQ(b.error().causes[0].field, ".data.shared");
  EXPECT_NE(b.error().causes[0].message.find("kc-a"), std::string::npos);

  auto dry = c.apply(kConfigMaps, ns_, config_map("ssa", R"({"shared":"dry"})"),
                     {.field_manager = "kc-b", .force = true, .dry_run = true});
  ASSERT_TRUE(dry.ok()) << dry.error().str();
  EXPECT_EQ(str_at(*c.get(kConfigMaps, ns_, "ssa"), "data.shared"), "from-a");

  auto forced = c.apply(kConfigMaps, ns_, config_map("ssa", R"({"shared":"from-b"})"),
                        {.field_manager = "kc-b", .force = true});
  ASSERT_TRUE(forced.ok()) << forced.error().str();
  EXPECT_EQ(str_at(*forced, "data.shared"), "from-b");
  EXPECT_EQ(str_at(*forced, "data.only-a"), "x");
  EXPECT_EQ(managers(*forced), (std::set<std::string>{"kc-a:Apply", "kc-b:Apply"}));

  // kc-a lost "shared": re-applying without it leaves kc-b's value alone; dropping "only-a"
  // from kc-a's configuration deletes the field it alone owned.
  auto a2 = c.apply(kConfigMaps, ns_, config_map("ssa", R"({})"), {.field_manager = "kc-a"});
  ASSERT_TRUE(a2.ok()) << a2.error().str();
  EXPECT_EQ(str_at(*a2, "data.shared"), "from-b");
  EXPECT_EQ(find_path(*a2, "data.only-a"), nullptr);
}

TEST_F(Apply, UpdateIsRecordedAsUpdateOperation) {
  auto& c = *client_;
  auto created = c.create(kConfigMaps, ns_, config_map("ssa-upd", R"({"k":"v"})"),
                          {.field_manager = "kc-writer"});
  ASSERT_TRUE(created.ok()) << created.error().str();
  EXPECT_EQ(managers(*created), (std::set<std::string>{"kc-writer:Update"}));
}

}  // namespace
}  // namespace kro::kube::itest
