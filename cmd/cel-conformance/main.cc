// cel-conformance [FILE...]: runs CEL conformance data through kro-cpp's parser and interpreter.
//
// Without FILE arguments it reads every cel-spec file in the repository's tests/data/cel-spec
// (an absolute path compiled in as KRO_CEL_SPEC_DIR, so any working directory will do),
// honouring tiers.json there: only the core and kro-ext tiers count. FILEs may be cel-spec
// SimpleTestFile JSON or k8s-cases.json. Prints one line per failing test
// ("FAIL <id>: <reason>") and, last, "N passed, M failed". Exits 1 when the pass rate is below
// --min-pass-rate.
#include <CLI/CLI.hpp>
#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "env.h"
#include "runner.h"

namespace fs = std::filesystem;
using namespace kro::cel::conformance;

namespace {

std::string default_dir() { return KRO_CEL_SPEC_DIR; }

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"Runs CEL conformance tests against kro-cpp's CEL implementation"};
  std::vector<std::string> files;
  double min_rate = 0.0;
  std::string tiers_path;
  bool verbose = false;
  app.add_option("files", files, "conformance JSON files (default: the cel-spec directory)");
  app.add_option("--min-pass-rate", min_rate, "fail (exit 1) below this pass rate, 0..1");
  app.add_option("--tiers", tiers_path, "tiers.json (default: next to the files)");
  app.add_flag("-v,--verbose", verbose, "also list tests that are not counted");
  CLI11_PARSE(app, argc, argv);

  std::string dir = default_dir();
  if (files.empty()) {
    std::error_code ec;
    for (const auto& e : fs::directory_iterator(dir, ec)) {
      auto name = e.path().filename().string();
      // The Kubernetes case files (k8s-*.json) have their own runs.
      if (e.path().extension() == ".json" && name != "tiers.json" && !name.starts_with("k8s-")) {
        files.push_back(e.path().string());
      }
    }
    if (ec || files.empty()) {
      std::fprintf(stderr, "cel-conformance: no conformance files in %s\n", dir.c_str());
      return 2;
    }
    std::sort(files.begin(), files.end());
  }
  if (tiers_path.empty())
    tiers_path = (fs::path(files.front()).parent_path() / "tiers.json").string();
  Tiers tiers;
  if (fs::exists(tiers_path)) {
    auto t = Tiers::load(tiers_path);
    if (!t) {
      std::fprintf(stderr, "cel-conformance: %s\n", t.error().str().c_str());
      return 2;
    }
    tiers = std::move(*t);
  }
  auto env = make_env();
  if (!env) {
    std::fprintf(stderr, "cel-conformance: building the environment: %s\n",
                 env.error().message.c_str());
    return 2;
  }
  Runner runner(*env, &tiers);
  int passed = 0;
  int failed = 0;
  int skipped = 0;
  for (const auto& path : files) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
      std::fprintf(stderr, "cel-conformance: cannot read %s\n", path.c_str());
      return 2;
    }
    std::stringstream ss;
    ss << in.rdbuf();
    auto doc = kro::parse_json(ss.str(), path);
    if (!doc) {
      std::fprintf(stderr, "cel-conformance: %s\n", doc.error().str().c_str());
      return 2;
    }
    for (const auto& o : runner.run_file(*doc, fs::path(path).stem().string())) {
      if (!o.counted) {
        ++skipped;
        if (verbose) std::printf("SKIP %s: %s\n", o.id.c_str(), o.reason.c_str());
      } else if (o.passed) {
        ++passed;
      } else {
        ++failed;
        std::printf("FAIL %s: %s\n", o.id.c_str(), o.reason.c_str());
      }
    }
  }
  int total = passed + failed;
  double rate = total == 0 ? 0.0 : static_cast<double>(passed) / total;
  std::printf("(%d not counted; pass rate %.2f%%)\n", skipped, rate * 100);
  std::printf("%d passed, %d failed\n", passed, failed);
  return rate + 1e-12 < min_rate ? 1 : 0;
}
