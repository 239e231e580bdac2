// cel-go side of the kro-cpp CEL benchmark (see bench/cel-compare and docs/benchmarks.md).
//
// It evaluates the expressions of bench/cel_eval/data/expressions.tsv over the same Kubernetes
// objects as bench/cel_eval (the C++ benchmark), in an environment with the libraries kro enables
// from cel-go and the Kubernetes apiserver (kro's own libraries are Go code inside kro and are not
// used by these expressions), and prints one JSON line per expression and phase:
//
//	{"name": "...", "phase": "eval" | "parse_plan" | "compile", "ns_per_op": ..., "cpu_ns_per_op": ...,
//	 "allocs_per_op": ..., "bytes_per_op": ...}
//
// ns_per_op is wall time (what Go's testing package reports); cpu_ns_per_op is the process's user +
// system CPU time over the same iterations (garbage collection included), comparable with Google
// Benchmark's CPU column on a machine shared with other work.
//
// Phases: "parse_plan" is env.Parse + env.Program (no type check, what kro-cpp's compile does
// until its checker lands), "compile" is env.Compile + env.Program (parse, check, plan), "eval" is
// Program.Eval over a prepared activation.
//
//	go run . -data ../cel_eval/data [-benchtime 1s] [-filter substring]
package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/google/cel-go/cel"
	"github.com/google/cel-go/ext"
	"github.com/google/cel-go/interpreter"
	"k8s.io/apiserver/pkg/cel/library"
)

type expression struct {
	name string
	text string
}

type result struct {
	Name        string  `json:"name"`
	Phase       string  `json:"phase"`
	NsPerOp     float64 `json:"ns_per_op"`
	CPUNsPerOp  float64 `json:"cpu_ns_per_op"`
	AllocsPerOp int64   `json:"allocs_per_op"`
	BytesPerOp  int64   `json:"bytes_per_op"`
	Result      string  `json:"result,omitempty"`
	Error       string  `json:"error,omitempty"`
}

// The objects, read as Kubernetes reads unstructured JSON: integers become int64, other numbers
// float64.
var variables = []string{"schema", "deployment", "service", "configmap", "items"}

func readJSON(path string) (any, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return convertNumbers(v), nil
}

func convertNumbers(v any) any {
	switch t := v.(type) {
	case json.Number:
		if i, err := t.Int64(); err == nil {
			return i
		}
		f, _ := t.Float64()
		return f
	case map[string]any:
		for k, e := range t {
			t[k] = convertNumbers(e)
		}
		return t
	case []any:
		for i, e := range t {
			t[i] = convertNumbers(e)
		}
		return t
	default:
		return v
	}
}

func readExpressions(path string) ([]expression, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var out []expression
	sc := bufio.NewScanner(f)
	for line := 1; sc.Scan(); line++ {
		text := sc.Text()
		if strings.TrimSpace(text) == "" || strings.HasPrefix(text, "#") {
			continue
		}
		name, expr, ok := strings.Cut(text, "\t")
		if !ok {
			return nil, fmt.Errorf("%s:%d: expected <name><TAB><expression>", path, line)
		}
		out = append(out, expression{name, expr})
	}
	return out, sc.Err()
}

// kro's BaseDeclarations, minus kro's own libraries.
func newEnv() (*cel.Env, error) {
	opts := []cel.EnvOption{
		ext.TwoVarComprehensions(), ext.Lists(), ext.Strings(), ext.Bindings(), cel.OptionalTypes(),
		ext.Encoders(),
		library.Lists(), library.URLs(), library.Regex(), library.Quantity(), library.IP(),
		library.CIDR(), library.SemverLib(),
	}
	for _, v := range variables {
		opts = append(opts, cel.Variable(v, cel.DynType))
	}
	return cel.NewEnv(opts...)
}

func main() {
	testing.Init()
	data := flag.String("data", "../cel_eval/data", "folder with expressions.tsv and the objects")
	benchtime := flag.String("benchtime", "1s", "time per benchmark (Go testing syntax)")
	filter := flag.String("filter", "", "only expressions whose name contains this")
	flag.Parse()
	if err := flag.Set("test.benchtime", *benchtime); err != nil {
		fail(err)
	}

	vars := map[string]any{}
	for _, v := range variables {
		obj, err := readJSON(filepath.Join(*data, v+".json"))
		if err != nil {
			fail(err)
		}
		vars[v] = obj
	}
	exprs, err := readExpressions(filepath.Join(*data, "expressions.tsv"))
	if err != nil {
		fail(err)
	}
	env, err := newEnv()
	if err != nil {
		fail(err)
	}
	act, err := interpreter.NewActivation(vars)
	if err != nil {
		fail(err)
	}

	out := json.NewEncoder(os.Stdout)
	for _, e := range exprs {
		if *filter != "" && !strings.Contains(e.name, *filter) {
			continue
		}
		checked, iss := env.Compile(e.text)
		if iss.Err() != nil {
			_ = out.Encode(result{Name: e.name, Phase: "compile", Error: iss.Err().Error()})
			continue
		}
		prg, err := env.Program(checked)
		if err != nil {
			_ = out.Encode(result{Name: e.name, Phase: "compile", Error: err.Error()})
			continue
		}
		val, _, evalErr := prg.Eval(act)
		r := result{Name: e.name, Phase: "eval"}
		if evalErr != nil {
			r.Error = evalErr.Error()
		} else {
			r.Result = fmt.Sprintf("%v", val.Value())
		}
		fill(&r, measure(func(n int) {
			for i := 0; i < n; i++ {
				_, _, _ = prg.Eval(act)
			}
		}))
		_ = out.Encode(r)

		text := e.text
		r = result{Name: e.name, Phase: "parse_plan"}
		fill(&r, measure(func(n int) {
			for i := 0; i < n; i++ {
				parsed, iss := env.Parse(text)
				if iss.Err() != nil {
					fail(iss.Err())
				}
				if _, err := env.Program(parsed); err != nil {
					fail(err)
				}
			}
		}))
		_ = out.Encode(r)

		r = result{Name: e.name, Phase: "compile"}
		fill(&r, measure(func(n int) {
			for i := 0; i < n; i++ {
				c, iss := env.Compile(text)
				if iss.Err() != nil {
					fail(iss.Err())
				}
				if _, err := env.Program(c); err != nil {
					fail(err)
				}
			}
		}))
		_ = out.Encode(r)
	}
}

type measurement struct {
	bench testing.BenchmarkResult
	cpu   time.Duration // CPU time of the final (b.N-sized) round
}

// measure runs body(n) under testing.Benchmark, which grows n until the round lasts benchtime,
// and records the CPU time of the last round too.
func measure(body func(n int)) measurement {
	var m measurement
	m.bench = testing.Benchmark(func(b *testing.B) {
		b.ReportAllocs()
		start := cpuTime()
		body(b.N)
		m.cpu = cpuTime() - start
	})
	return m
}

func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		fail(err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func fill(r *result, m measurement) {
	if m.bench.N > 0 {
		r.NsPerOp = float64(m.bench.T.Nanoseconds()) / float64(m.bench.N)
		r.CPUNsPerOp = float64(m.cpu.Nanoseconds()) / float64(m.bench.N)
	}
	r.AllocsPerOp = m.bench.AllocsPerOp()
	r.BytesPerOp = m.bench.AllocedBytesPerOp()
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "cel-go bench:", err)
	os.Exit(1)
}
