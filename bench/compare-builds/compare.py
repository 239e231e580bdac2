#!/usr/bin/env python3
"""Compares the Google Benchmark binaries of two builds of kro-cpp, benchmark by benchmark.

    bench/compare-builds/compare.py BEFORE_BIN AFTER_BIN [bench ...]

Runs each benchmark binary of both builds in turn, ROUNDS times (interleaved, so that a change of
machine load hits both sides alike), keeps each benchmark's lowest CPU time per side and prints,
per binary, the median, lowest and highest after/before ratio, then every benchmark whose ratio
exceeds 1.1. A ratio below 1 means the after build is faster. Figures only; it never fails on
them. Run from the repository root (some benchmarks read test data by relative path).
"""
import json
import statistics
import subprocess
import sys

ROUNDS = 3
DEFAULT = ["cel_eval_bench", "cel_parse_bench", "cel_check_bench", "compile_bench",
           "runtime_eval_bench"]


def run(binary):
    out = subprocess.run([binary, "--benchmark_format=json", "--benchmark_min_time=0.05"],
                         capture_output=True, text=True, check=True).stdout
    return {b["name"]: b["cpu_time"] for b in json.loads(out)["benchmarks"]}


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    before_dir, after_dir = sys.argv[1], sys.argv[2]
    for name in sys.argv[3:] or DEFAULT:
        best = {"before": {}, "after": {}}
        for _ in range(ROUNDS):
            for side, folder in (("before", before_dir), ("after", after_dir)):
                for bench, cpu in run(f"{folder}/{name}").items():
                    best[side][bench] = min(cpu, best[side].get(bench, cpu))
        ratios = sorted((best["after"][b] / best["before"][b], b)
                        for b in best["after"] if b in best["before"])
        if not ratios:
            print(f"{name}: no benchmark in common")
            continue
        median = statistics.median(r for r, _ in ratios)
        print(f"{name}: {len(ratios)} benchmarks, after/before CPU time: median {median:.3f}, "
              f"lowest {ratios[0][0]:.3f} ({ratios[0][1]}), highest {ratios[-1][0]:.3f} "
              f"({ratios[-1][1]})")
        for ratio, bench in ratios:
            if ratio > 1.1:
                print(f"   above 1.1: {bench} {ratio:.3f}")


if __name__ == "__main__":
    main()
