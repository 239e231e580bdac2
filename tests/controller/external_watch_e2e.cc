// External references are watched, not polled: kro-controller runs with
// --instance-requeue-interval=0 (no safety-net timer at all), so every step below can only be
// driven by a watch event of the referenced objects. Runs on any control plane named by
// $KRO_E2E_KUBECONFIG (the minimal tier is enough: ConfigMaps only).
//
//  - externalRef by name: an instance waits for a ConfigMap that does not exist yet and becomes
//    ACTIVE soon after it is created; a data change reaches the child that copies it;
//  - externalRef by selector: a newly labelled object joins the collection, one whose label is
//    removed leaves it;
//  - the steady state makes no writes and no reconciles, and a reconcile caused by a change of
//    the external object reads it from the controller's cache (the API server's own request
//    counters show no GET of ConfigMaps meanwhile);
//  - the external object deleted: the instance waits again; recreated: ACTIVE again;
//  - an external kind only one instance reads (a CRD of this run) gets its informer with that
//    instance and loses it with the instance.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <httplib.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <functional>
#include <iostream>
#include <sstream>
#include <thread>

#include "controller_process.h"
#include "e2e_support.h"
#include "kube/config.h"
#include "kube/rest_client.h"
#include "schema/pluralize.h"
#include "value/yaml.h"

namespace kro::e2e {
namespace {

using namespace std::chrono_literals;
using kube::GroupVersionResource;

using Clock = std::chrono::steady_clock;

long long ms_since(Clock::time_point t0) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - t0).count();
}

// Sum of the samples of one Prometheus metric whose labels contain every `want` pair
// (`key="value"`), from a text exposition.
double metric_sum(const std::string& text, std::string_view name,
                  const std::vector<std::string>& want = {}) {
  double total = 0;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#' || line.compare(0, name.size(), name) != 0) continue;
    if (line.size() > name.size() && line[name.size()] != '{' && line[name.size()] != ' ') {
      continue;  // a longer metric name
    }
    bool all = true;
    for (const auto& w : want) all = all && line.find(w) != std::string::npos;
    if (!all) continue;
    auto sp = line.rfind(' ');
    if (sp == std::string::npos) continue;
    total += std::strtod(line.c_str() + sp + 1, nullptr);
  }
  return total;
}

class ExternalWatchE2E : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    connect_and_install_rgd_crd(client_, KRO_RGD_CRD, "external-watch-e2e");
    if (HasFatalFailure()) return;
    run_ = "w" + std::to_string(::getpid());
    group_ = run_ + ".extwatch.kro.run";
    ns_ = "extwatch-" + run_;
    auto created = client_->create(
        kNamespaces, "",
        parse_json(R"({"apiVersion":"v1","kind":"Namespace","metadata":{"name":")" + ns_ + "\"}}")
            .value());
    ASSERT_TRUE(created.ok()) << created.error().str();

    // No safety net: with an interval of 0 only watch events make progress.
    start_controller(controller_, KRO_CONTROLLER_BIN,
                     {"--dynamic-controller-concurrent-reconciles", "2",
                      "--instance-requeue-interval", "0", "--log-level", "debug"},
                     "/tmp/external-watch-e2e-" + run_ + ".log", ports_);
  }

  static void TearDownTestSuite() {
    stop_controller(controller_);
    if (client_ != nullptr) {
      (void)client_->remove(kNamespaces, "", ns_);
      delete client_;
      client_ = nullptr;
    }
  }

  void TearDown() override {
    if (HasFailure() && controller_ != nullptr) {
      std::cerr << "--- kro-controller log (tail) ---\n" << controller_->log_tail(8000) << "\n";
    }
  }

  static std::string name(const std::string& suffix) { return "xw-" + run_ + "-" + suffix; }

  static void apply_rgd(const std::string& rgd_name, std::string text) {
    text = replace_all(text, "NAME", rgd_name);
    text = replace_all(text, "GROUP", group_);
    auto doc = parse_yaml(text, rgd_name + ".yaml");
    ASSERT_TRUE(doc.ok()) << doc.error().str();
    auto r =
        client_->apply(kRgds, "", doc->value,
                       {.field_manager = "external-watch-e2e", .force = true, .dry_run = false});
    ASSERT_TRUE(r.ok()) << r.error().str();
    ASSERT_TRUE(wait_until(
        [&] {
          auto got = client_->get(kRgds, "", rgd_name);
          return got.ok() && str_at(*got, "status.state") == "Active";
        },
        60s))
        << "RGD " << rgd_name << " did not become Active";
  }

  static GroupVersionResource instances(std::string_view kind) {
    return {group_, "v1alpha1", schema::kind_plural(kind)};
  }

  static void create_instance(std::string_view kind, const std::string& iname,
                              const std::string& spec_json) {
    std::string text = R"({"apiVersion":")" + group_ + R"(/v1alpha1","kind":")" +
                       std::string(kind) + R"(","metadata":{"name":")" + iname + R"("},"spec":)" +
                       spec_json + "}";
    auto r = client_->create(instances(kind), ns_, parse_json(text).value());
    ASSERT_TRUE(r.ok()) << r.error().str();
  }

  static Json get_instance(std::string_view kind, const std::string& n) {
    auto r = client_->get(instances(kind), ns_, n);
    return r.ok() ? *r : Json();
  }

  static std::string cm_data(const std::string& n, std::string_view key) {
    auto r = client_->get(kConfigMaps, ns_, n);
    if (!r.ok()) return "<absent>";
    return str_at(*r, "data." + std::string(key));
  }

  static void put_cm(const std::string& n, const std::string& labels_json,
                     const std::string& data_json) {
    std::string text = R"({"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":")" + n +
                       R"(","labels":)" + labels_json + R"(},"data":)" + data_json + "}";
    auto r = client_->apply(kConfigMaps, ns_, parse_json(text).value(),
                            {.field_manager = "external-watch-e2e", .force = true});
    ASSERT_TRUE(r.ok()) << r.error().str();
  }

  static void merge_patch_cm(const std::string& n, const std::string& patch) {
    auto r = client_->patch(kConfigMaps, ns_, n, kube::PatchType::kMerge, patch);
    ASSERT_TRUE(r.ok()) << r.error().str();
  }

  static void delete_instance_and_rgd(std::string_view kind, const std::string& iname,
                                      const std::string& rgd_name) {
    (void)client_->remove(instances(kind), ns_, iname);
    EXPECT_TRUE(wait_until([&] { return !client_->get(instances(kind), ns_, iname).ok(); }, 30s))
        << kind << " " << iname << " not deleted";
    (void)client_->remove(kRgds, "", rgd_name);
    EXPECT_TRUE(wait_until([&] { return !client_->get(kRgds, "", rgd_name).ok(); }, 30s))
        << "RGD " << rgd_name << " kept its finalizer";
  }

  static std::string controller_metrics() {
    httplib::Client c("127.0.0.1", ports_.metrics);
    auto r = c.Get("/metrics");
    return r && r->status == 200 ? r->body : std::string();
  }

  static std::string apiserver_metrics() {
    kube::HttpRequest req;
    req.path = "/metrics";
    req.accept = "text/plain";
    auto r = client_->request(req);
    return r.ok() ? r->body : std::string();
  }

  // GETs of single ConfigMaps the API server has answered so far (any client, any code).
  static double configmap_gets() {
    return metric_sum(apiserver_metrics(), "apiserver_request_total",
                      {R"(resource="configmaps")", R"(verb="GET")", R"(scope="resource")"});
  }

  static inline kube::RestClient* client_ = nullptr;
  static inline ControllerProcess* controller_ = nullptr;
  static inline std::string run_, group_, ns_;
  static inline ControllerProcess::ServedPorts ports_{};
};

constexpr const char* kByNameRgd = R"(
apiVersion: kro.run/v1alpha1
kind: ResourceGraphDefinition
metadata:
  name: NAME
spec:
  schema:
    apiVersion: v1alpha1
    kind: SettingsReader
    group: GROUP
    spec:
      source: string
    status:
      greeting: ${settings.data.greeting}
  resources:
    - id: settings
      externalRef:
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: ${schema.spec.source}
    - id: copy
      template:
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: ${schema.metadata.name + "-copy"}
        data:
          greeting: ${settings.data.greeting}
)";

// (a) waits for a missing object, (b) follows its data, (d) steady state and cached reads.
TEST_F(ExternalWatchE2E, ExternalRefByNameIsDrivenByEvents) {
  const std::string rgd_name = name("byname");
  ASSERT_NO_FATAL_FAILURE(apply_rgd(rgd_name, kByNameRgd));
  const std::string iname = rgd_name + "-i";
  const std::string source = rgd_name + "-settings";
  create_instance("SettingsReader", iname, R"({"source":")" + source + "\"}");

  // (a) The ConfigMap does not exist: the instance waits, and nothing else will wake it.
  ASSERT_TRUE(wait_until(
      [&] { return !str_at(get_instance("SettingsReader", iname), "status.state").empty(); }, 30s))
      << get_instance("SettingsReader", iname);
  std::this_thread::sleep_for(2s);
  Json waiting = get_instance("SettingsReader", iname);
  EXPECT_NE(str_at(waiting, "status.state"), "ACTIVE") << waiting;
  EXPECT_EQ(cm_data(iname + "-copy", "greeting"), "<absent>");

  auto t0 = Clock::now();
  put_cm(source, "{}", R"({"greeting":"hello"})");
  ASSERT_TRUE(wait_until(
      [&] {
        Json inst = get_instance("SettingsReader", iname);
        return str_at(inst, "status.state") == "ACTIVE" &&
               str_at(inst, "status.greeting") == "hello";
      },
      10s))
      << get_instance("SettingsReader", iname);
  long long appeared_ms = ms_since(t0);
  EXPECT_EQ(cm_data(iname + "-copy", "greeting"), "hello");

  // (b) A data change reaches the child.
  t0 = Clock::now();
  put_cm(source, "{}", R"({"greeting":"bonjour"})");
  ASSERT_TRUE(wait_until([&] { return cm_data(iname + "-copy", "greeting") == "bonjour"; }, 10s))
      << cm_data(iname + "-copy", "greeting");
  long long changed_ms = ms_since(t0);
  EXPECT_TRUE(wait_until(
      [&] { return str_at(get_instance("SettingsReader", iname), "status.greeting") == "bonjour"; },
      10s));

  // (d) Steady state: no reconcile, no write, no GET of ConfigMaps over a quiet period. The
  // API server's counters are shared with whatever else runs against it, so a window in which
  // some other client read a ConfigMap is tried again (up to 3 windows); ours must be flat in all.
  std::this_thread::sleep_for(1s);  // let the last status write's echo settle
  bool quiet = false;
  for (int attempt = 0; attempt < 3 && !quiet; ++attempt) {
    std::string before = controller_metrics();
    ASSERT_FALSE(before.empty()) << "no /metrics from kro-controller";
    double gets_before = configmap_gets();
    std::this_thread::sleep_for(5s);
    std::string after = controller_metrics();
    quiet = configmap_gets() == gets_before;
    for (const char* m : {"dynamic_controller_reconcile_total", "kro_child_applies_total",
                          "kro_instance_status_writes_total", "kro_child_deletes_total"}) {
      EXPECT_EQ(metric_sum(before, m), metric_sum(after, m)) << m << " moved in the steady state";
    }
  }
  EXPECT_TRUE(quiet) << "ConfigMaps were read in every quiet window while nothing changed";

  // A change of the external object costs a reconcile but no GET: it is read from the cache.
  long long status_ms = 0;
  bool cached = false;
  for (int attempt = 0; attempt < 3 && !cached; ++attempt) {
    double reconciles_before =
        metric_sum(controller_metrics(), "dynamic_controller_reconcile_total");
    double gets_before = configmap_gets();
    const std::string greeting = "hola-" + std::to_string(attempt);
    t0 = Clock::now();
    put_cm(source, "{}", R"({"greeting":")" + greeting + R"("})");
    ASSERT_TRUE(wait_until(
        [&] {
          return str_at(get_instance("SettingsReader", iname), "status.greeting") == greeting;
        },
        10s))
        << get_instance("SettingsReader", iname);
    status_ms = ms_since(t0);
    cached = configmap_gets() == gets_before;
    EXPECT_GT(metric_sum(controller_metrics(), "dynamic_controller_reconcile_total"),
              reconciles_before);
  }
  EXPECT_TRUE(cached) << "the external ConfigMap was read live after every change";
  const std::string last_greeting =
      str_at(get_instance("SettingsReader", iname), "status.greeting");
  std::cout << "[ measured ] created→ACTIVE " << appeared_ms << " ms; data change→child "
            << changed_ms << " ms; data change→status " << status_ms << " ms; "
            << "steady state 5 s: 0 reconciles, 0 writes, 0 ConfigMap GETs\n";

  // The external object goes away (a Delete event): the instance waits again, its child stays;
  // it comes back: ACTIVE again.
  ASSERT_TRUE(client_->remove(kConfigMaps, ns_, source).ok());
  EXPECT_TRUE(wait_until(
      [&] { return str_at(get_instance("SettingsReader", iname), "status.state") != "ACTIVE"; },
      10s))
      << get_instance("SettingsReader", iname);
  EXPECT_EQ(cm_data(iname + "-copy", "greeting"), last_greeting);
  put_cm(source, "{}", R"({"greeting":"again"})");
  EXPECT_TRUE(wait_until(
      [&] {
        Json inst = get_instance("SettingsReader", iname);
        return str_at(inst, "status.state") == "ACTIVE" &&
               str_at(inst, "status.greeting") == "again";
      },
      10s))
      << get_instance("SettingsReader", iname);

  delete_instance_and_rgd("SettingsReader", iname, rgd_name);
  // External objects are never adopted nor deleted.
  EXPECT_EQ(cm_data(source, "greeting"), "again");
}

constexpr const char* kWidgetCrd = R"(
apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: widgets.GROUP
spec:
  group: GROUP
  scope: Namespaced
  names: {plural: widgets, singular: widget, kind: Widget, listKind: WidgetList}
  versions:
    - name: v1
      served: true
      storage: true
      schema:
        openAPIV3Schema:
          type: object
          properties:
            spec:
              type: object
              properties:
                size: {type: string}
)";

constexpr const char* kWidgetReaderRgd = R"(
apiVersion: kro.run/v1alpha1
kind: ResourceGraphDefinition
metadata:
  name: NAME
spec:
  schema:
    apiVersion: v1alpha1
    kind: WidgetReader
    group: GROUP
    spec:
      widget: string
    status:
      size: ${widget.spec.size}
  resources:
    - id: widget
      externalRef:
        apiVersion: GROUP/v1
        kind: Widget
        metadata:
          name: ${schema.spec.widget}
    - id: copy
      template:
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: ${schema.metadata.name + "-size"}
        data:
          size: ${widget.spec.size}
)";

// A kind no one else reads (a CRD of this run): its external informer starts with the first
// instance that reads it and stops with the last; while it runs, reads of it cost no GET.
TEST_F(ExternalWatchE2E, ExternalInformerLivesAsLongAsItsWatchers) {
  auto crd_doc = parse_yaml(replace_all(kWidgetCrd, "GROUP", group_), "widgets.yaml");
  ASSERT_TRUE(crd_doc.ok()) << crd_doc.error().str();
  auto crd = client_->apply(kCrds, "", crd_doc->value,
                            {.field_manager = "external-watch-e2e", .force = true});
  ASSERT_TRUE(crd.ok()) << crd.error().str();
  const std::string crd_name = "widgets." + group_;
  ASSERT_TRUE(wait_until(
      [&] {
        auto got = client_->get(kCrds, "", crd_name);
        return got.ok() && condition(*got, "Established") != nullptr &&
               str_at(*condition(*got, "Established"), "status") == "True";
      },
      30s));
  const GroupVersionResource widgets{group_, "v1", "widgets"};
  auto put_widget = [&](const std::string& n, const std::string& size) {
    std::string text = R"({"apiVersion":")" + group_ +
                       R"(/v1","kind":"Widget","metadata":{"name":")" + n +
                       R"("},"spec":{"size":")" + size + R"("}})";
    auto r = client_->apply(widgets, ns_, parse_json(text).value(),
                            {.field_manager = "external-watch-e2e", .force = true});
    ASSERT_TRUE(r.ok()) << r.error().str();
  };
  auto widget_gets = [&] {
    return metric_sum(apiserver_metrics(), "apiserver_request_total",
                      {R"(resource="widgets")", R"(verb="GET")", R"(scope="resource")"});
  };
  auto informers = [&] {
    return metric_sum(controller_metrics(), "dynamic_controller_watch_count");
  };

  const std::string rgd_name = name("widgets");
  ASSERT_NO_FATAL_FAILURE(apply_rgd(rgd_name, kWidgetReaderRgd));
  put_widget("w1", "small");
  // The kind's instance and child informers are up once the RGD is Active and has served.
  ASSERT_TRUE(wait_until([&] { return informers() > 0; }, 10s));
  std::this_thread::sleep_for(500ms);
  const double without_watchers = informers();

  const std::string iname = rgd_name + "-i";
  create_instance("WidgetReader", iname, R"({"widget":"w1"})");
  ASSERT_TRUE(wait_until(
      [&] { return str_at(get_instance("WidgetReader", iname), "status.size") == "small"; }, 30s))
      << get_instance("WidgetReader", iname);
  EXPECT_TRUE(wait_until([&] { return informers() == without_watchers + 1; }, 10s))
      << informers() << " informers, " << without_watchers << " before the instance";

  // A change of the widget is read from that informer's cache.
  const double gets_before = widget_gets();
  put_widget("w1", "large");
  ASSERT_TRUE(wait_until(
      [&] { return str_at(get_instance("WidgetReader", iname), "status.size") == "large"; }, 10s))
      << get_instance("WidgetReader", iname);
  EXPECT_EQ(cm_data(iname + "-size", "size"), "large");
  EXPECT_EQ(widget_gets(), gets_before) << "the external Widget was read live";

  // The instance goes: no one reads widgets any more, the informer stops.
  ASSERT_TRUE(client_->remove(instances("WidgetReader"), ns_, iname).ok());
  EXPECT_TRUE(wait_until([&] { return informers() == without_watchers; }, 20s))
      << informers() << " informers, " << without_watchers << " before the instance";

  delete_instance_and_rgd("WidgetReader", iname, rgd_name);
  (void)client_->remove(kCrds, "", crd_name);
}

constexpr const char* kBySelectorRgd = R"(
apiVersion: kro.run/v1alpha1
kind: ResourceGraphDefinition
metadata:
  name: NAME
spec:
  schema:
    apiVersion: v1alpha1
    kind: PeerWatcher
    group: GROUP
    spec:
      app: string
    status:
      peers: ${size(peers)}
  resources:
    - id: peers
      externalRef:
        apiVersion: v1
        kind: ConfigMap
        metadata:
          selector:
            matchLabels:
              app: ${schema.spec.app}
    - id: summary
      template:
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: ${schema.metadata.name + "-summary"}
        data:
          count: ${string(size(peers))}
          values: ${peers.map(p, p.data.value).join(",")}
)";

// (c) A selector follows labels being added and removed, by events alone.
TEST_F(ExternalWatchE2E, ExternalRefBySelectorFollowsLabels) {
  const std::string rgd_name = name("bysel");
  ASSERT_NO_FATAL_FAILURE(apply_rgd(rgd_name, kBySelectorRgd));
  const std::string app = run_ + "-peers";
  const std::string labels = R"({"app":")" + app + "\"}";
  put_cm(rgd_name + "-a", labels, R"({"value":"a"})");
  put_cm(rgd_name + "-b", "{}", R"({"value":"b"})");  // not labelled yet

  const std::string iname = rgd_name + "-i";
  create_instance("PeerWatcher", iname, R"({"app":")" + app + "\"}");
  const std::string summary = iname + "-summary";
  ASSERT_TRUE(wait_until([&] { return cm_data(summary, "values") == "a"; }, 30s))
      << cm_data(summary, "values") << "\n"
      << get_instance("PeerWatcher", iname);
  EXPECT_EQ(cm_data(summary, "count"), "1");

  // b gains the label: it joins.
  auto t0 = Clock::now();
  merge_patch_cm(rgd_name + "-b", R"({"metadata":{"labels":{"app":")" + app + "\"}}}");
  ASSERT_TRUE(wait_until([&] { return cm_data(summary, "values") == "a,b"; }, 10s))
      << cm_data(summary, "values");
  long long joined_ms = ms_since(t0);
  EXPECT_EQ(cm_data(summary, "count"), "2");

  // a loses it: only its old labels matched, and that must be enough to wake the instance.
  t0 = Clock::now();
  merge_patch_cm(rgd_name + "-a", R"({"metadata":{"labels":{"app":null}}})");
  ASSERT_TRUE(wait_until([&] { return cm_data(summary, "values") == "b"; }, 10s))
      << cm_data(summary, "values");
  long long left_ms = ms_since(t0);
  EXPECT_EQ(cm_data(summary, "count"), "1");
  EXPECT_TRUE(wait_until(
      [&] {
        const Json inst = get_instance("PeerWatcher", iname);  // outlives the pointer below
        const Json* p = find_path(inst, "status.peers");
        return p != nullptr && p->is_number() && p->to_number<int>() == 1;
      },
      10s))
      << get_instance("PeerWatcher", iname);

  // A matching object created later joins too.
  put_cm(rgd_name + "-c", labels, R"({"value":"c"})");
  ASSERT_TRUE(wait_until([&] { return cm_data(summary, "values") == "b,c"; }, 10s))
      << cm_data(summary, "values");
  std::cout << "[ measured ] label added→joined " << joined_ms << " ms; label removed→left "
            << left_ms << " ms\n";

  delete_instance_and_rgd("PeerWatcher", iname, rgd_name);
  EXPECT_EQ(cm_data(rgd_name + "-a", "value"), "a");
}

}  // namespace
}  // namespace kro::e2e
