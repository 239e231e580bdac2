// cel-oracle evaluates CEL expressions with cel-go and the Kubernetes CEL libraries (the real
// implementations kro-cpp re-implements) and prints each outcome as a case of the
// tests/data/cel-spec/k8s-cases.json shape, so that cel-conformance can replay them:
//
//	cd dev/cel-oracle && go run . cases.txt > ../../tests/data/cel-spec/k8s-audit-cases.json
//
// The input has one case a line, "name|expression"; blank lines and lines starting with '#' are
// skipped. Every expression is compiled (type-checked) and evaluated without variables. Results
// must be bool, int, string, net.IP or net.CIDR; compile errors keep only the first issue's text.
package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"regexp"
	"strings"

	"github.com/google/cel-go/cel"
	"github.com/google/cel-go/common/types"
	"github.com/google/cel-go/common/types/ref"
	apiservercel "k8s.io/apiserver/pkg/cel"
	"k8s.io/apiserver/pkg/cel/library"
)

const (
	envName = "stdlib+optional+IP+CIDR+Quantity+Semver+URLs"
	source  = "cel-go v0.31.0 + k8s.io/apiserver v0.36.3 (dev/cel-oracle/%s:%d)"
)

var issuePrefix = regexp.MustCompile(`^ERROR: <input>:\d+:\d+: `)

type input struct {
	name, expr string
	line       int
}

func readCases(path string) ([]input, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var out []input
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		if strings.TrimSpace(line) == "" || strings.HasPrefix(line, "#") {
			continue
		}
		name, expr, ok := strings.Cut(line, "|")
		if !ok {
			return nil, fmt.Errorf("%s:%d: want name|expression", path, n)
		}
		out = append(out, input{name, expr, n})
	}
	return out, sc.Err()
}

func encode(v ref.Val) (map[string]any, error) {
	switch x := v.(type) {
	case types.Bool:
		return map[string]any{"bool_value": bool(x)}, nil
	case types.Int:
		return map[string]any{"int64_value": int64(x)}, nil
	case types.String:
		return map[string]any{"string_value": string(x)}, nil
	case apiservercel.IP:
		return opaque("net.IP", x.Addr.String()), nil
	case apiservercel.CIDR:
		return opaque("net.CIDR", x.Prefix.String()), nil
	}
	return nil, fmt.Errorf("unsupported result type %v", v.Type())
}

func opaque(typ, repr string) map[string]any {
	return map[string]any{"object_value": map[string]any{"@opaque": typ, "repr": repr}}
}

// compileMessage keeps the first issue's text without its location and source excerpt, so that
// a substring match does not depend on how a checker draws the caret.
func compileMessage(s string) string {
	line, _, _ := strings.Cut(s, "\n")
	return issuePrefix.ReplaceAllString(line, "")
}

func evaluate(env *cel.Env, expr string, c map[string]any) error {
	fail := func(kind, msg, match string) error {
		c["error"], c["error_kind"], c["error_match"] = msg, kind, match
		return nil
	}
	ast, iss := env.Compile(expr)
	if iss.Err() != nil {
		return fail("compile", compileMessage(iss.Err().Error()), "substring")
	}
	prg, err := env.Program(ast)
	if err != nil {
		return fail("compile", err.Error(), "substring")
	}
	v, _, err := prg.Eval(cel.NoVars())
	if err != nil {
		return fail("runtime", err.Error(), "exact")
	}
	e, err := encode(v)
	if err != nil {
		return err
	}
	c["expected"] = e
	return nil
}

func run(path string) error {
	ins, err := readCases(path)
	if err != nil {
		return err
	}
	env, err := cel.NewEnv(cel.OptionalTypes(), library.IP(), library.CIDR(), library.Quantity(),
		library.SemverLib(), library.URLs())
	if err != nil {
		return err
	}
	out := []map[string]any{}
	for _, in := range ins {
		c := map[string]any{"name": in.name, "expr": in.expr, "env": envName,
			"source": fmt.Sprintf(source, path, in.line)}
		if err := evaluate(env, in.expr, c); err != nil {
			return fmt.Errorf("%s:%d: %s: %v", path, in.line, in.expr, err)
		}
		out = append(out, c)
	}
	enc := json.NewEncoder(os.Stdout)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(out)
}

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: cel-oracle CASES.txt")
		os.Exit(2)
	}
	if err := run(os.Args[1]); err != nil {
		fmt.Fprintln(os.Stderr, "cel-oracle:", err)
		os.Exit(1)
	}
}
