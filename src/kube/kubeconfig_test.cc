#include "kube/kubeconfig.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

namespace kro::kube {
namespace {

namespace fs = std::filesystem;

class KubeconfigTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("kro-kubeconfig-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  std::string write(const std::string& name, const std::string& text) {
    auto p = dir_ / name;
    fs::create_directories(p.parent_path());
    std::ofstream(p) << text;
    return p.string();
  }
  fs::path dir_;
};

// "hello-ca" and "hello-cert" in base64.
constexpr const char* kMain = R"(apiVersion: v1
kind: Config
current-context: dev
clusters:
- name: dev-cluster
  cluster:
    server: https://127.0.0.1:6443/
    certificate-authority-data: aGVsbG8tY2E=
- name: file-cluster
  cluster:
    server: https://10.0.0.1
    certificate-authority: certs/ca.pem
    insecure-skip-tls-verify: false
users:
- name: dev-user
  user:
    client-certificate-data: aGVsbG8tY2VydA==
    client-key: keys/key.pem
- name: token-user
  user:
    tokenFile: tok
contexts:
- name: dev
  context:
    cluster: dev-cluster
    user: dev-user
    namespace: team-a
- name: other
  context:
    cluster: file-cluster
    user: token-user
)";

TEST_F(KubeconfigTest, ResolvesCurrentContextWithInlineAndFileCredentials) {
  write("keys/key.pem", "KEY PEM");
  auto path = write("config", kMain);
  auto kc = load_kubeconfig_files({path});
  ASSERT_TRUE(kc.ok()) << kc.error().str();
  auto rc = kc->rest_config();
  ASSERT_TRUE(rc.ok()) << rc.error().str();
  EXPECT_EQ(rc->server, "https://127.0.0.1:6443");
  EXPECT_EQ(rc->ca_pem, "hello-ca");
  EXPECT_EQ(rc->client_cert_pem, "hello-cert");
  EXPECT_EQ(rc->client_key_pem, "KEY PEM");
  EXPECT_EQ(rc->namespace_name, "team-a");
  EXPECT_FALSE(rc->insecure_skip_tls_verify);
}

TEST_F(KubeconfigTest, RelativePathsResolveAgainstTheFile) {
  write("certs/ca.pem", "CA PEM");
  auto path = write("config", kMain);
  auto kc = load_kubeconfig_files({path});
  ASSERT_TRUE(kc.ok());
  auto rc = kc->rest_config("other");
  ASSERT_TRUE(rc.ok()) << rc.error().str();
  EXPECT_EQ(rc->ca_pem, "CA PEM");
  EXPECT_EQ(rc->bearer_token_file, (dir_ / "tok").string());
  EXPECT_EQ(rc->namespace_name, "default");
}

TEST_F(KubeconfigTest, UnreadableFileNamesFieldAndLine) {
  auto path = write("config", kMain);
  auto kc = load_kubeconfig_files({path});
  ASSERT_TRUE(kc.ok());
  auto rc = kc->rest_config();  // keys/key.pem does not exist
  ASSERT_FALSE(rc.ok());
  EXPECT_EQ(rc.error().path, "users[0].user.client-key");
  EXPECT_EQ(rc.error().pos.file, path);
  EXPECT_EQ(rc.error().pos.line, 18);
  EXPECT_NE(rc.error().message.find("keys/key.pem"), std::string::npos);
}

TEST_F(KubeconfigTest, MalformedFieldsAreErrorsWithPositions) {
  auto bad_type = write("a", "clusters:\n- name: c\n  cluster:\n    server: [1, 2]\n");
  auto r = load_kubeconfig_files({bad_type});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().path, "clusters[0].cluster.server");
  EXPECT_EQ(r.error().pos.line, 4);
  EXPECT_NE(r.error().str().find(bad_type + ":4:"), std::string::npos) << r.error().str();

  auto bad_b64 = write("b", "users:\n- name: u\n  user:\n    client-key-data: '%%%'\n");
  r = load_kubeconfig_files({bad_b64});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().path, "users[0].user.client-key-data");
  EXPECT_NE(r.error().message.find("base64"), std::string::npos);

  auto no_name = write("c", "contexts:\n- context: {cluster: x}\n");
  r = load_kubeconfig_files({no_name});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().path, "contexts[0].name");

  auto not_list = write("d", "clusters: {a: b}\n");
  r = load_kubeconfig_files({not_list});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().path, "clusters");

  auto bad_yaml = write("e", "clusters: [\n");
  r = load_kubeconfig_files({bad_yaml});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().pos.file, bad_yaml);
}

TEST_F(KubeconfigTest, MergesFirstWins) {
  auto a = write("a", R"(current-context: ctx-a
clusters:
- name: shared
  cluster: {server: "https://a:1"}
contexts:
- name: ctx-a
  context: {cluster: shared}
)");
  auto b = write("b", R"(current-context: ctx-b
clusters:
- name: shared
  cluster: {server: "https://b:2"}
- name: only-b
  cluster: {server: "https://b:3", insecure-skip-tls-verify: true}
contexts:
- name: ctx-b
  context: {cluster: only-b, namespace: nb}
)");
  auto merged = load_kubeconfig_files(split_kubeconfig_env(a + "::" + (dir_ / "missing").string() +
                                                           ":" + b));
  ASSERT_TRUE(merged.ok()) << merged.error().str();
  EXPECT_EQ(merged->current_context, "ctx-a");
  auto rc = merged->rest_config();
  ASSERT_TRUE(rc.ok());
  EXPECT_EQ(rc->server, "https://a:1");
  auto rb = merged->rest_config("ctx-b");
  ASSERT_TRUE(rb.ok());
  EXPECT_EQ(rb->server, "https://b:3");
  EXPECT_TRUE(rb->insecure_skip_tls_verify);
  EXPECT_EQ(rb->namespace_name, "nb");
}

TEST_F(KubeconfigTest, MissingReferencesAreNamed) {
  auto p = write("config", R"(current-context: c
contexts:
- name: c
  context: {cluster: nope, user: u}
)");
  auto kc = load_kubeconfig_files({p});
  ASSERT_TRUE(kc.ok());
  auto rc = kc->rest_config();
  ASSERT_FALSE(rc.ok());
  EXPECT_EQ(rc.error().path, "contexts[0].context.cluster");
  EXPECT_NE(rc.error().message.find("\"nope\""), std::string::npos);
  EXPECT_FALSE(kc->rest_config("absent").ok());
  EXPECT_FALSE(load_kubeconfig_files({(dir_ / "none").string()}).ok());
}

TEST_F(KubeconfigTest, ExecPluginIsRejectedClearly) {
  auto p = write("config", R"(current-context: c
clusters:
- name: k
  cluster: {server: "https://k"}
users:
- name: u
  user:
    exec: {command: aws}
contexts:
- name: c
  context: {cluster: k, user: u}
)");
  auto kc = load_kubeconfig_files({p});
  ASSERT_TRUE(kc.ok());
  auto rc = kc->rest_config();
  ASSERT_FALSE(rc.ok());
  EXPECT_EQ(rc.error().path, "users[0].user.exec");
  EXPECT_EQ(rc.error().pos.line, 8);
}

TEST_F(KubeconfigTest, TokenFileIsReReadAfterRotation) {
  auto p = write("token", "first\n");
  TokenFile tf(p, std::chrono::hours(1));
  auto t = tf.token();
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(*t, "first");
  write("token", "second");
  EXPECT_EQ(*tf.token(), "first");  // cached within max_age
  tf.invalidate();
  EXPECT_EQ(*tf.token(), "second");
  fs::remove(p);
  tf.invalidate();
  EXPECT_EQ(*tf.token(), "second");  // last good token survives a failed read
  TokenFile missing((dir_ / "none").string());
  EXPECT_FALSE(missing.token().ok());
}

TEST_F(KubeconfigTest, InClusterConfig) {
  InClusterPaths paths{write("sa/token", "tok"), write("sa/ca.crt", "CA"),
                       write("sa/namespace", "kro-system\n")};
  ::setenv("KUBERNETES_SERVICE_HOST", "10.96.0.1", 1);
  ::setenv("KUBERNETES_SERVICE_PORT", "443", 1);
  auto rc = in_cluster_config(paths);
  ::unsetenv("KUBERNETES_SERVICE_HOST");
  ::unsetenv("KUBERNETES_SERVICE_PORT");
  ASSERT_TRUE(rc.ok()) << rc.error().str();
  EXPECT_EQ(rc->server, "https://10.96.0.1:443");
  EXPECT_EQ(rc->bearer_token_file, paths.token);
  EXPECT_EQ(rc->ca_pem, "CA");
  EXPECT_EQ(rc->namespace_name, "kro-system");
  EXPECT_FALSE(in_cluster_config(paths).ok());  // env unset now
}

}  // namespace
}  // namespace kro::kube
