#include "controller/cache_compaction.h"

#include <gtest/gtest.h>

namespace kro::controller {
namespace {

Document doc(std::string_view text) { return make_document(parse_json(text).value()); }

const char* kWithFields =
    R"({"metadata":{"name":"a","resourceVersion":"7",
        "managedFields":[{"manager":"kubectl","operation":"Apply"}]},"data":{"k":"v"}})";

// Lists one object with managedFields; watching is refused.
class ListOnlySource final : public kube::ListerWatcher {
 public:
  kube::ApiResult<kube::ListSnapshot> list() override {
    return kube::ListSnapshot{{doc(kWithFields)}, "7"};
  }
  kube::ApiResult<std::unique_ptr<kube::EventSource>> watch(const std::string&) override {
    return kube::transport_error("watch refused");
  }
  std::string describe() const override { return "configmaps"; }
};

TEST(CacheCompaction, RemovesManagedFieldsOnly) {
  Document d = for_cache(doc(kWithFields));
  EXPECT_EQ(find_path(*d, "metadata.managedFields"), nullptr);
  EXPECT_EQ(to_json(*find_path(*d, "metadata")), R"({"name":"a","resourceVersion":"7"})");
  EXPECT_EQ(to_json(*find_path(*d, "data")), R"({"k":"v"})");
  Document plain = doc(R"({"metadata":{"name":"b"},"spec":{"x":[1,"two"]}})");
  EXPECT_EQ(*for_cache(plain), *plain);
  EXPECT_EQ(for_cache(nullptr), nullptr);
}

TEST(CacheCompaction, WithoutManagedFieldsCopiesOnlyWhenThereAreSome) {
  Document d = without_managed_fields(doc(kWithFields));
  EXPECT_EQ(find_path(*d, "metadata.managedFields"), nullptr);
  EXPECT_EQ(to_json(*find_path(*d, "data")), R"({"k":"v"})");
  Document plain = doc(R"({"metadata":{"name":"b"}})");
  EXPECT_EQ(without_managed_fields(plain), plain);  // the same Document, not a copy
  auto s = drop_managed_fields(std::make_shared<ListOnlySource>());
  auto snap = s->list();
  ASSERT_TRUE(snap.ok());
  EXPECT_EQ(find_path(*snap->items[0], "metadata.managedFields"), nullptr);
}

TEST(CacheCompaction, TheSourceDeliversCompactedObjects) {
  auto s = compact_for_cache(std::make_shared<ListOnlySource>());
  EXPECT_EQ(s->describe(), "configmaps");
  auto snap = s->list();
  ASSERT_TRUE(snap.ok());
  ASSERT_EQ(snap->items.size(), 1U);
  EXPECT_EQ(find_path(*snap->items[0], "metadata.managedFields"), nullptr);
  EXPECT_EQ(to_json(*find_path(*snap->items[0], "data")), R"({"k":"v"})");
  EXPECT_FALSE(s->watch("7").ok());
}

}  // namespace
}  // namespace kro::controller
