// Planning and evaluation time of kro-typical CEL expressions over real Kubernetes objects: a
// Deployment with status, a Service, a ConfigMap, an instance (`schema`) and a 100-element list
// (`items`), all under data/. Each expression of data/expressions.tsv gets four benchmarks:
//
//   eval/<name>          Program::eval with kro's default cost limit (cost tracked)
//   eval_nolimit/<name>  Program::eval without cost tracking (as cel-go without OptTrackCost)
//   parse_plan/<name>    parse + plan (no type check)
//   compile/<name>       cel::compile: parse + check + plan (variables declared dyn)
//
// Each reports ns/op and allocs/op (global operator new calls per operation). The eval label
// is the result, so bench/cel-compare can check that cel-go computed the same thing.
//
//   build/release/bin/cel_eval_bench [--benchmark_filter=eval/] [--data=DIR]
// The data folder defaults to the source tree's (KRO_CEL_BENCH_DATA overrides it).
#include <benchmark/benchmark.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iostream>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "alloc_counter.h"
#include "cel/common/value.h"
#include "cel/compiler.h"
#include "cel/eval/program.h"
#include "cel/lib/kro/library_sets.h"
#include "cel/syntax/parser.h"
#include "value/json.h"

namespace {

using kro::cel::Value;

const char* const kVariables[] = {"schema", "deployment", "service", "configmap", "items"};

struct Expression {
  std::string name;
  std::string text;
};

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    std::cerr << "cel_eval_bench: cannot read " << path << "\n";
    std::exit(2);
  }
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

std::vector<Expression> read_expressions(const std::string& path) {
  std::vector<Expression> out;
  std::istringstream in(read_file(path));
  std::string line;
  for (int n = 1; std::getline(in, line); ++n) {
    if (line.empty() || line[0] == '#') continue;
    auto tab = line.find('\t');
    if (tab == std::string::npos) {
      std::cerr << path << ":" << n << ": expected <name><TAB><expression>\n";
      std::exit(2);
    }
    out.push_back({line.substr(0, tab), line.substr(tab + 1)});
  }
  return out;
}

struct Fixture {
  std::shared_ptr<const kro::cel::BaseEnv> base = kro::cel::BaseEnv::kro();
  kro::cel::eval::MapActivation activation;
  kro::cel::CompileEnv compile_env;
  std::vector<Expression> expressions;
};

Fixture& fixture() {
  static Fixture* f = nullptr;
  if (f == nullptr) f = new Fixture();
  return *f;
}

std::optional<kro::cel::eval::Program> plan(const Expression& e, bool limit) {
  auto& f = fixture();
  kro::cel::syntax::Parser parser(f.base->macros());
  auto parsed = parser.parse(e.text);
  if (!parsed.ok()) return std::nullopt;
  kro::cel::eval::PlanOptions opts;
  opts.type_names = f.base->type_names();
  if (!limit) opts.cost_limit = std::nullopt;
  auto p = kro::cel::eval::plan(*parsed->expr, f.base->registry(), opts);
  if (!p.ok()) return std::nullopt;
  return std::move(*p);
}

std::string label_of(const Value& v) {
  std::string s = v.is_error() ? "error: " + v.error_message() : kro::cel::debug_string(v);
  if (s.size() > 60) s = s.substr(0, 57) + "...";
  return s;
}

void report_allocs(benchmark::State& state, uint64_t before) {
  state.counters["allocs/op"] =
      benchmark::Counter(static_cast<double>(kro::bench::allocation_count() - before),
                         benchmark::Counter::kAvgIterations);
}

void bm_eval(benchmark::State& state, const Expression* e, bool limit) {
  auto program = plan(*e, limit);
  if (!program) {
    state.SkipWithError("does not parse or plan");
    return;
  }
  const auto& act = fixture().activation;
  state.SetLabel(label_of(program->eval(act)));
  const uint64_t before = kro::bench::allocation_count();
  for (auto _ : state) {
    Value v = program->eval(act);
    benchmark::DoNotOptimize(v);
  }
  report_allocs(state, before);
}

void bm_parse_plan(benchmark::State& state, const Expression* e) {
  if (!plan(*e, true)) {
    state.SkipWithError("does not parse or plan");
    return;
  }
  const uint64_t before = kro::bench::allocation_count();
  for (auto _ : state) {
    auto p = plan(*e, true);
    benchmark::DoNotOptimize(p);
  }
  report_allocs(state, before);
}

void bm_compile(benchmark::State& state, const Expression* e) {
  const auto& env = fixture().compile_env;
  auto first = kro::cel::compile(e->text, env);
  if (!first.ok()) {
    state.SkipWithError(("compile: " + first.error().message).c_str());
    return;
  }
  const uint64_t before = kro::bench::allocation_count();
  for (auto _ : state) {
    auto c = kro::cel::compile(e->text, env);
    benchmark::DoNotOptimize(c);
  }
  report_allocs(state, before);
}

std::string data_dir(int argc, char** argv) {
  for (int i = 1; i < argc; ++i) {
    if (std::strncmp(argv[i], "--data=", 7) == 0) return argv[i] + 7;
  }
  if (const char* env = std::getenv("KRO_CEL_BENCH_DATA")) return env;
  return KRO_CEL_BENCH_DATA;
}

}  // namespace

int main(int argc, char** argv) {
  const std::string dir = data_dir(argc, argv);
  auto& f = fixture();
  f.compile_env.base = f.base;
  for (const char* name : kVariables) {
    const std::string path = dir + "/" + name + ".json";
    auto json = kro::parse_json(read_file(path), path);
    if (!json.ok()) {
      std::cerr << "cel_eval_bench: " << json.error().message << "\n";
      return 2;
    }
    f.activation.bind(name, Value::from_json_copy(std::move(*json)));
    f.compile_env.variables[name] = kro::cel::types::Type::dyn();
  }
  f.expressions = read_expressions(dir + "/expressions.tsv");
  for (const auto& e : f.expressions) {
    benchmark::RegisterBenchmark(("eval/" + e.name).c_str(), bm_eval, &e, true);
    benchmark::RegisterBenchmark(("eval_nolimit/" + e.name).c_str(), bm_eval, &e, false);
    benchmark::RegisterBenchmark(("parse_plan/" + e.name).c_str(), bm_parse_plan, &e);
    benchmark::RegisterBenchmark(("compile/" + e.name).c_str(), bm_compile, &e);
  }
  // --data is ours; hide it from Google Benchmark's flag parser.
  std::vector<char*> args;
  for (int i = 0; i < argc; ++i) {
    if (std::strncmp(argv[i], "--data=", 7) != 0) args.push_back(argv[i]);
  }
  int n = static_cast<int>(args.size());
  benchmark::Initialize(&n, args.data());
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
