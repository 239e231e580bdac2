#!/usr/bin/env python3
"""Differential harness: the same RGDs and instances on upstream kro and on kro-cpp, compared.

Run through dev/differential, which starts the two clusters and controllers; this part needs
only their kubeconfigs and kubectl:

  differential.py --upstream-kubeconfig A --ours-kubeconfig B --kubectl K [--strict] ...

It builds the corpus (corpus.py), applies it to both clusters, waits until every RGD settled,
compares the RGDs' verdicts and generated CRDs, then creates the instances and compares them and
their children. Each difference is one block on stdout; the last line is `N same, M differ`.
Exit code: 0, or 1 with --strict when a difference is not in the allow-list, 2 on a usage error.
"""
import argparse
import collections
import concurrent.futures
import os
import re
import subprocess
import sys
import tempfile
import time

import compare
import corpus
import kube
import normalize
import yamlish

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))


def log(msg):
    print(f"== {msg} ({time.strftime('%H:%M:%S')})", file=sys.stderr, flush=True)


def both(sides, fn):
    """[fn(0, upstream), fn(1, ours)], run at once (each waits mostly on its own API server)."""
    with concurrent.futures.ThreadPoolExecutor(max_workers=len(sides)) as pool:
        return list(pool.map(fn, range(len(sides)), sides))


# --- RGDs ----------------------------------------------------------------------------------

def _condition(obj, ctype):
    for c in obj.get("status", {}).get("conditions", []) or []:
        if c.get("type") == ctype:
            return c
    return None


# The API server names one of several undeclared fields, picked in map order (random): keep
# the error, not the field, or the same typo would differ from run to run.
_UNDECLARED = re.compile(r"\): \S+: field not declared in schema")


def apply_result(error):
    if error is None:
        return "applied"
    return _UNDECLARED.sub("): <field>: field not declared in schema", error)


def rgd_verdict(obj):
    """What is compared of an RGD: its state and the GraphAccepted and Ready conditions."""
    if obj is None:
        return None
    verdict = {"state": obj.get("status", {}).get("state", compare.ABSENT)}
    for ctype in ("GraphAccepted", "Ready"):
        c = _condition(obj, ctype)
        verdict[ctype] = compare.ABSENT if c is None else {
            k: c.get(k, compare.ABSENT) for k in ("status", "reason", "message")}
    return normalize.scrub(verdict)


def _rgd_settled(obj):
    accepted = _condition(obj, "GraphAccepted")
    return accepted is not None and \
        accepted.get("observedGeneration") == obj.get("metadata", {}).get("generation")


def wait_rgds(side, names, timeout, polls=2, interval=2.0):
    """Polls until each named RGD has GraphAccepted for its generation and a verdict unchanged
    over `polls` polls. Returns ({name: live object}, [names that did not settle])."""
    deadline = time.monotonic() + timeout
    stable = collections.Counter()
    last = {}
    while True:
        live = {o["metadata"]["name"]: o for o in side.items("resourcegraphdefinitions.kro.run")}
        pending = []
        for name in names:
            obj = live.get(name)
            verdict = rgd_verdict(obj) if obj is not None and _rgd_settled(obj) else None
            if verdict is not None and verdict == last.get(name):
                stable[name] += 1
            else:
                stable[name] = 0
            last[name] = verdict
            if stable[name] < polls:
                pending.append(name)
        if not pending or time.monotonic() > deadline:
            return live, pending
        time.sleep(interval)


def crd_index(side):
    """Generated CRDs by (group, kind)."""
    out = {}
    for crd in side.items("customresourcedefinitions.apiextensions.k8s.io"):
        spec = crd.get("spec", {})
        out[(spec.get("group"), spec.get("names", {}).get("kind"))] = crd
    return out


def crd_view(crd):
    if crd is None:
        return None
    return normalize.scrub({"labels": crd["metadata"].get("labels", {}), "spec": crd["spec"]})


def schema_key(rgd):
    schema = (rgd or {}).get("spec", {}).get("schema", {})
    return (schema.get("group", "kro.run"), schema.get("kind"))


# --- instances -----------------------------------------------------------------------------

def _resource_arg(api_version, kind):
    """kubectl's name for a kind: `kind.group` (the core group has no suffix)."""
    group = api_version.split("/")[0] if "/" in api_version else ""
    return f"{kind.lower()}.{group}" if group else kind.lower()


def instance_ref(case):
    inst = case.instance
    meta = inst["metadata"]
    args = [_resource_arg(inst["apiVersion"], inst["kind"]), meta["name"]]
    if meta.get("namespace"):
        args += ["-n", meta["namespace"]]
    return args


def instance_file(case):
    return case.units[0].name.replace(".yaml", "-instance.yaml")


def apply_instances(side, cases, folder, crds):
    """Namespaces, externalRef targets and the instance of each case (in one file per case),
    once the instance's CRD, where it exists, is Established."""
    for case in cases:
        crd = crds.get((case.instance["apiVersion"].split("/")[0], case.instance["kind"]))
        if crd is not None:
            side.run("wait", "--for=condition=established", "--timeout=60s",
                     f"crd/{crd['metadata']['name']}")
    return side.apply_files(folder, [instance_file(c) for c in cases])


def write_instance_files(cases, folder):
    for case in cases:
        docs = [{"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": ns}}
                for ns in case.namespaces] + case.observed + [case.instance]
        with open(os.path.join(folder, instance_file(case)), "w", encoding="utf-8") as f:
            f.write(yamlish.dump_all(docs))


def instance_view(obj):
    return None if obj is None else normalize.object_view(obj)


def wait_instances(side, cases, timeout, polls=3, interval=3.0):
    """Polls every instance until its normalised view is unchanged over `polls` polls."""
    deadline = time.monotonic() + timeout
    stable = collections.Counter()
    last = {}
    while True:
        pending = []
        for case in cases:
            obj = side.get_json(*instance_ref(case))
            view = instance_view(obj)
            stable[case.name] = stable[case.name] + 1 if view == last.get(case.name) else 0
            last[case.name] = view
            if stable[case.name] < polls:
                pending.append(case.name)
        if not pending or time.monotonic() > deadline:
            return last, pending
        time.sleep(interval)


def children(side, case):
    """kro's children of a case's instances, found by the instance-kind label (kinds are unique
    per case), keyed child/<Kind>/<namespace>/<name>."""
    kinds = sorted({case.instance["kind"]} | {rgd["spec"]["schema"]["kind"] for rgd in case.rgds})
    resources = set()
    for rgd in case.rgds:
        for res in rgd.get("spec", {}).get("resources", []) or []:
            t = res.get("template")
            if isinstance(t, dict) and t.get("apiVersion") and t.get("kind"):
                resources.add(_resource_arg(t["apiVersion"], t["kind"]))
    selector = f"kro.run/instance-kind in ({','.join(kinds)})"
    out = {}
    for resource in sorted(resources):
        for obj in side.items(resource, "-A", "-l", selector):
            meta = obj["metadata"]
            key = f"child/{obj['kind']}/{meta.get('namespace', '')}/{meta['name']}"
            out[key] = normalize.object_view(obj)
    return out


# --- the report ----------------------------------------------------------------------------

class Report:
    def __init__(self, allow, notes):
        self.allow = allow
        self.notes = notes  # case name -> what a mutant changed
        self.same = 0
        self.differences = []
        self.differing_items = 0

    def item(self, case, obj, upstream, ours):
        """One compared item: counted once, with every differing path recorded."""
        found = compare.diff(upstream, ours)
        if not found:
            self.same += 1
            return
        self.differing_items += 1
        for path, a, b in found:
            d = compare.Difference(case, obj, path, a, b, note=self.notes.get(case, ""))
            d.allowed = compare.allowed_reason(self.allow, d)
            self.differences.append(d)

    def groups(self):
        """Differences grouped by object type and path, indices and names generalised."""
        counts = collections.Counter()
        for d in self.differences:
            path = re.sub(r"\[\d+\]", "[*]", d.path)
            counts[(d.obj.split("/")[0], path, bool(d.allowed))] += 1
        return counts


def compare_rgds(report, cases, outcomes, live, crds):
    for case in cases:
        for unit in case.units:
            up_err, our_err = outcomes[0][unit.name], outcomes[1][unit.name]
            if not unit.rgd_name:
                report.item(case.name, f"file/{unit.name}", {"apply": apply_result(up_err)},
                            {"apply": apply_result(our_err)})
                continue
            up_rgd, our_rgd = live[0].get(unit.rgd_name), live[1].get(unit.rgd_name)
            report.item(case.name, f"rgd/{unit.rgd_name}",
                        {"apply": apply_result(up_err), "verdict": rgd_verdict(up_rgd)},
                        {"apply": apply_result(our_err), "verdict": rgd_verdict(our_rgd)})
            key = schema_key(up_rgd or our_rgd)
            up_crd, our_crd = crds[0].get(key), crds[1].get(key)
            if up_crd is not None or our_crd is not None:
                report.item(case.name, f"crd/{key[1]}.{key[0]}", crd_view(up_crd),
                            crd_view(our_crd))


VERDICT_MESSAGES = ("verdict.GraphAccepted.message", "verdict.Ready.message")
PROBLEM_HEADER = re.compile(r"^.+?:\d+:\d+: error: (.*)$")


def our_problems(kro, kubeconfig, path):
    """Every problem `kro validate` finds in an RGD file, typed against our cluster: the
    message of each `file:line:col: error:` line with its ` | ` continuation lines."""
    run = subprocess.run([kro, "validate", "--kubeconfig", kubeconfig, path],
                         capture_output=True, text=True, timeout=120, check=False)
    return parse_problems(run.stdout + run.stderr)


def parse_problems(text):
    """The messages of `kro validate`'s diagnostics (source excerpts left out)."""
    problems = []
    for line in text.splitlines():
        m = PROBLEM_HEADER.match(line)
        if m:
            problems.append(m.group(1))
        elif problems and line.startswith(" | "):
            problems[-1] += "\n" + line
    return problems


def explain_several_problems(report, kro, kubeconfig, rgd_files):
    """Upstream type-checks resources in Go map order and reports one problem of several at
    random. A differing verdict message is accepted when upstream's message is one of the
    problems kro-cpp's own `kro validate` reports for the same file."""
    cache = {}
    for d in report.differences:
        if d.allowed or d.path not in VERDICT_MESSAGES or not isinstance(d.upstream, str):
            continue
        path = rgd_files.get(d.obj)
        if path is None:
            continue
        if path not in cache:
            cache[path] = our_problems(kro, kubeconfig, path)
        if d.upstream in cache[path]:
            d.allowed = "upstream reported another of the problems kro-cpp finds (Go map order)"


def run_instances(report, cases, sides, folder, crds, timeout):
    cases = [c for c in cases if c.instance is not None]
    write_instance_files(cases, folder)
    log(f"applying {len(cases)} instances")
    outcomes = both(sides, lambda i, s: apply_instances(s, cases, folder, crds[i]))
    log("waiting for the instances to settle")
    settled = both(sides, lambda _, s: wait_instances(s, cases, timeout))
    for side, (_, pending) in zip(sides, settled):
        for name in pending:
            print(f"unsettled: {side.label}: instance of {name}")
    for case in cases:
        meta = case.instance["metadata"]
        obj = f"instance/{meta.get('namespace', '')}/{meta['name']}"
        views = [{"apply": apply_result(outcomes[i][instance_file(case)]),
                  "object": settled[i][0][case.name]} for i in range(2)]
        report.item(case.name, obj, views[0], views[1])
        kids = both(sides, lambda _, s, c=case: children(s, c))
        for key in sorted(set(kids[0]) | set(kids[1])):
            report.item(case.name, key, kids[0].get(key), kids[1].get(key))


def side_summary(outcomes, live, units):
    """How the corpus fared on one side: rejected files and the RGDs' states."""
    rejected = sum(1 for error in outcomes.values() if error is not None)
    states = collections.Counter(
        live[u.rgd_name].get("status", {}).get("state", "none")
        for u in units if u.rgd_name in live)
    return f"{rejected} files rejected by the API server; RGD states " + \
        ", ".join(f"{k} {v}" for k, v in sorted(states.items()))


def parse_args():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--upstream-kubeconfig", required=True)
    p.add_argument("--ours-kubeconfig", required=True)
    p.add_argument("--kubectl", required=True)
    p.add_argument("--seed", type=int, default=20261207)
    p.add_argument("--mutants", type=int, default=300)
    p.add_argument("--rgd-timeout", type=int, default=300, help="seconds for RGDs to settle")
    p.add_argument("--instance-timeout", type=int, default=180)
    p.add_argument("--no-instances", action="store_true")
    p.add_argument("--allow-list", default=os.path.join(HERE, "expected-differences.txt"))
    p.add_argument("--strict", action="store_true",
                   help="exit 1 when a difference is not in the allow-list")
    p.add_argument("--work-dir", help="where the corpus files go (default: a temp dir)")
    p.add_argument("--kro", help="our `kro` CLI: a differing verdict message is accepted when "
                   "upstream's is one of the problems `kro validate` reports for the file")
    return p.parse_args()


def main():
    args = parse_args()
    t0 = time.monotonic()
    work = args.work_dir or tempfile.mkdtemp(prefix="kro-differential-")
    units_dir = os.path.join(work, "units")
    os.makedirs(units_dir, exist_ok=True)
    sides = [kube.Side(label, args.kubectl, cfg, os.path.join(work, f"cache-{label}"))
             for label, cfg in (("upstream", args.upstream_kubeconfig),
                                ("ours", args.ours_kubeconfig))]
    log(f"building the corpus (seed {args.seed}, {args.mutants} mutants) in {work}")
    cases = corpus.build(ROOT, args.kubectl, args.seed, args.mutants)
    report = Report(compare.load_allow_list(args.allow_list),
                    {c.name: c.mutation for c in cases if c.mutation})
    units = [u for c in cases for u in c.units]
    for u in units:
        with open(os.path.join(units_dir, u.name), "w", encoding="utf-8") as f:
            f.write(u.text)
    log(f"applying {len(units)} files of {len(cases)} cases to both clusters")
    objects = {u.name: u.rgd_name for u in units}
    outcomes = both(sides, lambda _, s: s.apply_files(units_dir, [u.name for u in units],
                                                      objects))
    log("waiting for the RGDs to settle")
    waited = both(sides, lambda i, s: wait_rgds(
        s, [u.rgd_name for u in units if u.rgd_name and outcomes[i][u.name] is None],
        args.rgd_timeout))
    live = [w[0] for w in waited]
    for side, (_, pending) in zip(sides, waited):
        for name in pending:
            print(f"unsettled: {side.label}: rgd/{name}")
    crds = both(sides, lambda _, s: crd_index(s))
    compare_rgds(report, cases, outcomes, live, crds)
    if args.kro:
        rgd_files = {f"rgd/{u.rgd_name}": os.path.join(units_dir, u.name)
                     for u in units if u.rgd_name}
        explain_several_problems(report, args.kro, args.ours_kubeconfig, rgd_files)
    if not args.no_instances:
        run_instances(report, [c for c in cases if not c.name.startswith("mutant/")], sides,
                      units_dir, crds, args.instance_timeout)

    for d in report.differences:
        print(compare.block(d))
    print("\nsummary by object type and path (count, allowed?):")
    for (kind, path, allowed), n in sorted(report.groups().items()):
        print(f"  {n:4d}  {kind:9s} {path}{'  (allowed)' if allowed else ''}")
    for i, side in enumerate(sides):
        print(f"{side.label}: {side_summary(outcomes[i], live[i], units)}")
    unexpected = [d for d in report.differences if not d.allowed]
    print(f"corpus: {len(cases)} cases, {len(units)} files; {len(unexpected)} differences not "
          f"in the allow-list; {time.monotonic() - t0:.0f} s")
    print(f"{report.same} same, {report.differing_items} differ")
    return 1 if args.strict and unexpected else 0


if __name__ == "__main__":
    sys.exit(main())
