#include "controller/http_server.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <httplib.h>

#include <atomic>

namespace kro::controller {
namespace {

using ::testing::HasSubstr;

BindAddress local_any_port() { return BindAddress{"127.0.0.1", 0, false}; }

TEST(HttpServerTest, ServesMetricsAndProbesOnSeparatePorts) {
  MetricsRegistry registry;
  registry.counter("rgd_graph_build_total", "builds").inc(3);
  std::atomic<bool> ready{false};
  HttpServer server({&registry, [] { return std::string(); },
                     [&] { return ready ? std::string() : std::string("informers not synced"); }},
                    local_any_port(), local_any_port());
  ASSERT_TRUE(server.start());
  ASSERT_GT(server.metrics_port(), 0);
  ASSERT_GT(server.probes_port(), 0);
  ASSERT_NE(server.metrics_port(), server.probes_port());

  httplib::Client metrics("127.0.0.1", server.metrics_port());
  auto m = metrics.Get("/metrics");
  ASSERT_TRUE(m);
  EXPECT_EQ(m->status, 200);
  EXPECT_THAT(m->body, HasSubstr("rgd_graph_build_total 3"));
  EXPECT_THAT(m->get_header_value("Content-Type"), HasSubstr("text/plain; version=0.0.4"));
  EXPECT_EQ(metrics.Get("/healthz")->status, 404);  // probes live on their own port

  httplib::Client probes("127.0.0.1", server.probes_port());
  EXPECT_EQ(probes.Get("/healthz")->status, 200);
  auto not_ready = probes.Get("/readyz");
  EXPECT_EQ(not_ready->status, 503);
  EXPECT_THAT(not_ready->body, HasSubstr("informers not synced"));
  ready = true;
  EXPECT_EQ(probes.Get("/readyz")->status, 200);
  server.stop();
}

TEST(HttpServerTest, DisabledAddressesServeNothing) {
  HttpServer server({}, BindAddress{"", 0, true}, BindAddress{"", 0, true});
  ASSERT_TRUE(server.start());
  EXPECT_EQ(server.metrics_port(), 0);
  EXPECT_EQ(server.probes_port(), 0);
}

TEST(HttpServerTest, PortInUseIsAClearError) {
  HttpServer first({}, local_any_port(), BindAddress{"", 0, true});
  ASSERT_TRUE(first.start());
  HttpServer second({}, BindAddress{"127.0.0.1", first.metrics_port(), false},
                    BindAddress{"", 0, true});
  auto st = second.start();
  ASSERT_FALSE(st);
  EXPECT_THAT(st.error().message, HasSubstr("--metrics-bind-address"));
}

}  // namespace
}  // namespace kro::controller
