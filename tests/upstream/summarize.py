#!/usr/bin/env python3
"""Summarises a Ginkgo JSON report of upstream kro's integration suite.

    summarize.py REPORT.json [REPORT.json...]

Prints one line per spec file (passed, failed, skipped), the name and first
failure line of every spec that did not pass, and last the line
`N passed, M failed, K skipped`. Failed counts every state Ginkgo reports as a
failure (failed, panicked, timed out, interrupted, aborted); skipped counts
skipped and pending specs. Setup and teardown nodes (the suite's
SynchronizedBeforeSuite) are reported only when they failed. Exits 1 when the
report holds no specs, which means the suite did not run. Several reports (runs of parts
of the suite, e.g. by --focus-file) are summed; a spec in more than one counts once, as its
last report has it.
"""
import collections
import json
import os
import sys

FAILED = {"failed", "panicked", "timedout", "interrupted", "aborted"}
SKIPPED = {"skipped", "pending"}


def full_name(spec):
    parts = list(spec.get("ContainerHierarchyTexts") or [])
    parts.append(spec.get("LeafNodeText", ""))
    return " ".join(p for p in parts if p)


def first_line(text):
    for line in (text or "").splitlines():
        if line.strip():
            return line.strip()
    return ""


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    specs = {}
    for path in sys.argv[1:]:
        with open(path, encoding="utf-8") as f:
            for suite in json.load(f):
                for spec in suite.get("SpecReports") or []:
                    loc = spec.get("LeafNodeLocation") or {}
                    key = (spec.get("LeafNodeType", ""), loc.get("FileName", "?"),
                           loc.get("LineNumber", 0))
                    if spec.get("State") in ("skipped", "pending") and key in specs:
                        continue  # not run in this part; keep the part that ran it
                    specs[key] = spec
    per_file = collections.OrderedDict()
    problems = []
    for spec in specs.values():
        state = spec.get("State", "")
        node = spec.get("LeafNodeType", "")
        loc = spec.get("LeafNodeLocation") or {}
        name = os.path.basename(loc.get("FileName", "?"))
        if node != "It":
            if state in FAILED:
                problems.append((name, node, state, spec))
            continue
        counts = per_file.setdefault(name, [0, 0, 0])
        if state == "passed":
            counts[0] += 1
        elif state in FAILED:
            counts[1] += 1
            problems.append((name, full_name(spec), state, spec))
        elif state in SKIPPED:
            counts[2] += 1
            problems.append((name, full_name(spec), state, spec))
    total = [sum(c[i] for c in per_file.values()) for i in range(3)]
    if sum(total) == 0:
        print("no specs in the report: the suite did not run", file=sys.stderr)
        return 1
    width = max(len(n) for n in per_file)
    print(f"{'file':<{width}}  passed  failed  skipped")
    for name in sorted(per_file):
        p, f, s = per_file[name]
        print(f"{name:<{width}}  {p:>6}  {f:>6}  {s:>7}")
    if problems:
        print("\nnot passed:")
        for name, spec, state, report in sorted(problems, key=lambda x: (x[0], x[1])):
            failure = report.get("Failure") or {}
            line = first_line(failure.get("Message"))
            print(f"  [{state}] {name}: {spec}")
            if line:
                print(f"      {line[:200]}")
    print(f"{total[0]} passed, {total[1]} failed, {total[2]} skipped")
    return 0


if __name__ == "__main__":
    sys.exit(main())
