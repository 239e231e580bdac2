// Transport and RestClient against a local plain-HTTP server (cpp-httplib): retries,
// Retry-After, error decoding, token rotation, watch streaming and cancellation. No Kubernetes
// needed; the integration tests in tests/kube cover the real API server.
#include <gtest/gtest.h>
#include <httplib.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <thread>

#include "kube/rest_client.h"

namespace kro::kube {
namespace {

class LocalServer {
 public:
  LocalServer() {
    port_ = server_.bind_to_any_port("127.0.0.1");
    thread_ = std::thread([this] { server_.listen_after_bind(); });
    while (!server_.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  ~LocalServer() {
    stopping = true;
    server_.stop();
    thread_.join();
  }
  httplib::Server& http() { return server_; }
  RestConfig config() const {
    RestConfig c;
    c.server = "http://127.0.0.1:" + std::to_string(port_);
    c.qps = 0;  // unlimited: these tests are about retries, not pacing
    c.max_retries = 3;
    c.timeout = std::chrono::milliseconds(5000);
    return c;
  }
  std::atomic<bool> stopping{false};

 private:
  httplib::Server server_;
  int port_ = 0;
  std::thread thread_;
};

const GroupVersionResource kConfigMaps{"", "v1", "configmaps"};

TEST(Transport, RetriesTooManyRequestsHonouringRetryAfter) {
  LocalServer s;
  std::atomic<int> calls{0};
  s.http().Get("/api/v1/namespaces/d/configmaps/a", [&](const auto&, auto& res) {
    if (calls++ == 0) {
      res.status = 429;
      res.set_header("Retry-After", "1");
      res.set_content(R"({"kind":"Status","reason":"TooManyRequests","code":429})",
                      "application/json");
      return;
    }
    res.set_content(R"({"kind":"ConfigMap","metadata":{"name":"a"}})", "application/json");
  });
  auto client = RestClient::create(s.config());
  ASSERT_TRUE(client.ok());
  auto start = std::chrono::steady_clock::now();
  auto got = client->get(kConfigMaps, "d", "a");
  auto waited = std::chrono::steady_clock::now() - start;
  ASSERT_TRUE(got.ok()) << got.error().str();
  EXPECT_EQ(calls.load(), 2);
  EXPECT_EQ(client->transport()->retries(), 1u);
  // The Retry-After of one second was honoured (backoff alone would have been ~100ms).
  EXPECT_GE(waited, std::chrono::milliseconds(900));
}

TEST(Transport, RetriesUnavailableThenGivesUpWithTypedError) {
  LocalServer s;
  std::atomic<int> calls{0};
  s.http().Get("/api/v1/namespaces/d/configmaps", [&](const auto&, auto& res) {
    ++calls;
    res.status = 503;
    res.set_content("backend down", "text/plain");
  });
  auto client = RestClient::create(s.config());
  ASSERT_TRUE(client.ok());
  auto got = client->list(kConfigMaps, "d");
  ASSERT_FALSE(got.ok());
  EXPECT_EQ(got.error().reason, Reason::kServiceUnavailable);
  EXPECT_EQ(calls.load(), 4);  // first try + max_retries
  EXPECT_NE(got.error().message.find("backend down"), std::string::npos);
}

TEST(Transport, NonIdempotentPostIsNotRetriedOnInternalError) {
  LocalServer s;
  std::atomic<int> calls{0};
  s.http().Post("/api/v1/namespaces/d/configmaps", [&](const auto&, auto& res) {
    ++calls;
    res.status = 500;
    res.set_content(R"({"kind":"Status","reason":"InternalError","code":500,"message":"boom"})",
                    "application/json");
  });
  auto client = RestClient::create(s.config());
  ASSERT_TRUE(client.ok());
  auto obj = parse_json(R"({"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"x"}})");
  auto got = client->create(kConfigMaps, "d", *obj);
  ASSERT_FALSE(got.ok());
  EXPECT_EQ(got.error().reason, Reason::kInternalError);
  EXPECT_EQ(got.error().message, "boom");
  EXPECT_EQ(calls.load(), 1);
}

TEST(Transport, SendsVerbsQueriesAndBodies) {
  LocalServer s;
  std::string seen_query, seen_type, seen_body;
  s.http().Patch("/apis/apps/v1/namespaces/d/deployments/web/status",
                 [&](const httplib::Request& req, auto& res) {
                   seen_query =
                       req.get_param_value("fieldManager") + "|" + req.get_param_value("force");
                   seen_type = req.get_header_value("Content-Type");
                   seen_body = req.body;
                   res.set_content(R"({"kind":"Deployment"})", "application/json");
                 });
  s.http().Delete("/api/v1/namespaces/d/configmaps/x", [&](const httplib::Request& req, auto& res) {
    seen_body = req.body;
    res.status = 409;
    res.set_content(R"({"kind":"Status","reason":"Conflict","code":409,"message":"precondition"})",
                    "application/json");
  });
  auto client = RestClient::create(s.config());
  ASSERT_TRUE(client.ok());
  auto obj = parse_json(R"({"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web"},
                            "status":{"replicas":1}})");
  auto r = client->apply_status({"apps", "v1", "deployments"}, "d", *obj,
                                {.field_manager = "kro", .force = true});
  ASSERT_TRUE(r.ok()) << r.error().str();
  EXPECT_EQ(seen_query, "kro|true");
  EXPECT_EQ(seen_type, "application/apply-patch+yaml");
  EXPECT_EQ(*parse_json(seen_body), *obj);

  auto del = client->remove(kConfigMaps, "d", "x",
                            {.precondition_uid = "u-1", .propagation_policy = "Foreground"});
  ASSERT_FALSE(del.ok());
  EXPECT_TRUE(del.error().is_conflict());
  auto body = parse_json(seen_body);
  ASSERT_TRUE(body.ok());
  EXPECT_EQ(to_json(*find_path(*body, "preconditions.uid")), "\"u-1\"");
  EXPECT_EQ(to_json(*find_path(*body, "propagationPolicy")), "\"Foreground\"");

  // Missing field manager is refused before any request.
  auto no_fm = client->apply(kConfigMaps, "d", *obj, {});
  ASSERT_FALSE(no_fm.ok());
  EXPECT_NE(no_fm.error().message.find("field manager"), std::string::npos);
}

TEST(Transport, ReReadsRotatedTokenAfterUnauthorized) {
  LocalServer s;
  s.http().Get("/version", [&](const httplib::Request& req, auto& res) {
    if (req.get_header_value("Authorization") != "Bearer new-token") {
      res.status = 401;
      res.set_content(R"({"kind":"Status","reason":"Unauthorized","code":401})",
                      "application/json");
      return;
    }
    res.set_content(R"({"gitVersion":"v1.36.3"})", "application/json");
  });
  auto dir = std::filesystem::temp_directory_path() / ("kro-token-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  auto token = (dir / "token").string();
  std::ofstream(token) << "old-token\n";
  auto cfg = s.config();
  cfg.bearer_token_file = token;
  auto client = RestClient::create(cfg);
  ASSERT_TRUE(client.ok());
  auto first = client->get_path("/version");
  ASSERT_FALSE(first.ok());
  EXPECT_TRUE(first.error().is_unauthorized());
  std::ofstream(token) << "new-token\n";  // rotation
  auto second = client->get_path("/version");
  ASSERT_TRUE(second.ok()) << second.error().str();
  std::filesystem::remove_all(dir);
}

TEST(Transport, ConnectionRefusedIsTransportError) {
  RestConfig c;
  {
    LocalServer s;  // take a free port, then close it
    c = s.config();
  }
  c.max_retries = 1;
  auto client = RestClient::create(c);
  ASSERT_TRUE(client.ok());
  auto got = client->get_path("/version");
  ASSERT_FALSE(got.ok());
  EXPECT_TRUE(got.error().is_transport());
  EXPECT_EQ(client->transport()->retries(), 1u);
  EXPECT_FALSE(RestClient::create(RestConfig{.server = "ftp://x"}).ok());
}

TEST(Transport, WatchStreamsEventsAndCancelsFromAnotherThread) {
  LocalServer s;
  std::string seen_query;
  s.http().Get("/api/v1/namespaces/d/configmaps", [&](const httplib::Request& req, auto& res) {
    seen_query = req.get_param_value("watch") + "|" + req.get_param_value("resourceVersion") + "|" +
                 req.get_param_value("allowWatchBookmarks");
    res.set_chunked_content_provider("application/json", [&](size_t, httplib::DataSink& sink) {
      std::string e1 =
          R"({"type":"ADDED","object":{"kind":"ConfigMap","metadata":{"name":"a","resourceVersion":"8"}}})"
          "\n";
      std::string e2 =
          R"({"type":"BOOKMARK","object":{"kind":"ConfigMap","metadata":{"resourceVersion":"9"}}})"
          "\n";
      sink.write(e1.data(), e1.size());
      sink.write(e2.data(), e2.size());
      // Then stay open and idle, as a quiet watch does, until the client goes away.
      while (!s.stopping && sink.is_writable())
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
      sink.done();
      return true;
    });
  });
  auto client = RestClient::create(s.config());
  ASSERT_TRUE(client.ok());
  auto w =
      client->watch(kConfigMaps, "d", {.resource_version = "7", .allow_watch_bookmarks = true});
  ASSERT_TRUE(w.ok()) << w.error().str();
  EXPECT_EQ(seen_query, "true|7|true");
  auto& stream = **w;
  auto e1 = stream.next();
  ASSERT_TRUE(e1.ok()) << e1.error().str();
  EXPECT_EQ((*e1)->type, WatchEventType::kAdded);
  auto e2 = stream.next();
  ASSERT_TRUE(e2.ok());
  EXPECT_EQ((*e2)->type, WatchEventType::kBookmark);
  EXPECT_EQ(stream.resource_version(), "9");
  std::thread canceller([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    stream.cancel();
  });
  auto e3 = stream.next();  // blocks until cancelled
  canceller.join();
  ASSERT_FALSE(e3.ok());
  EXPECT_TRUE(e3.error().is_transport());
  EXPECT_NE(e3.error().message.find("cancelled"), std::string::npos);
}

TEST(Transport, RefusedWatchIsDecoded) {
  LocalServer s;
  s.http().Get("/api/v1/configmaps", [&](const auto&, auto& res) {
    res.status = 410;
    res.set_content(R"({"kind":"Status","reason":"Expired","code":410,"message":"too old"})",
                    "application/json");
  });
  auto client = RestClient::create(s.config());
  ASSERT_TRUE(client.ok());
  auto w = client->watch(kConfigMaps, "", {.resource_version = "1"});
  ASSERT_FALSE(w.ok());
  EXPECT_TRUE(w.error().is_gone());
  EXPECT_EQ(w.error().message, "too old");
}

}  // namespace
}  // namespace kro::kube
