"""Compares two end-to-end runs (bench/results/e2e-*.json): every variant's median and the issue's paired ratios.

Usage: python3 bench/compare_runs.py BEFORE.json AFTER.json   (prints a Markdown table)
Ratios are paired within each run (the two variants' figures of one run divided), then the median over the runs, as in
the report; the two runs themselves are not paired (they ran at different times, under different loads).
"""
import json
import statistics
import sys


def load(path):
    with open(path) as f:
        return json.load(f)["runs"]


def per_run(runs, workload, variant, pick):
    out = {}
    for r in runs:
        if r["workload"] == workload and r["variant"] == variant:
            v = pick(r)
            if v is not None:
                out.setdefault(r["run"], []).append(v)
    return {k: statistics.median(v) for k, v in out.items()}


def paired(runs, workload, a, b, pick):
    x, y = per_run(runs, workload, a, pick), per_run(runs, workload, b, pick)
    r = [x[k] / y[k] for k in x if k in y and y[k]]
    return statistics.median(r) if r else None


def rate(r):
    return r["result"].get("rate")


def cpu(r):
    res = r["result"]
    return res["cpuMs"] * 1000 / res["count"] if res.get("cpuMs") is not None and res.get("count") else None


def wall(r):
    return r["wallMs"]


def peak(r):
    return r["result"].get("peakExtraBytes")


ROWS = [
    ("receive: core / floor-parse (target ≥ 0.8)", "receive", "core", "floor-parse", rate),
    ("receive: pipeline / core (target ≥ 0.6)", "receive", "pipeline", "core", rate),
    ("receive: core / official", "receive", "core", "official", rate),
    ("receive: core / seed", "receive", "core", "seed", rate),
    ("send: core / floor (target ≥ 0.75)", "send", "core", "floor", rate),
    ("send: pipeline / core (target ≥ 0.6)", "send", "pipeline", "core", rate),
    ("send: core / official", "send", "core", "official", rate),
    ("send: pipeline / official", "send", "pipeline", "official", rate),
    ("send: core / seed", "send", "core", "seed", rate),
    ("upload: official time / core time", "upload", "official", "core", lambda r: r["result"]["seconds"]),
    ("alert / pwsh -c exit (target ≤ 1.25)", "alert", "alert", "pwsh-exit", wall),
]

MEDIANS = [
    ("receive", "messages/s", rate), ("receive", "CPU µs/msg", cpu),
    ("send", "messages/s", rate), ("send", "CPU µs/msg", cpu),
    ("upload", "peak extra MiB", lambda r: peak(r) / 1048576 if peak(r) is not None else None),
    ("alert", "whole process ms", wall),
]


def fmt(v, spec="0.00"):
    if v is None:
        return "–"
    return f"{v:.2f}" if spec == "0.00" else f"{v:,.0f}"


def main():
    before, after = load(sys.argv[1]), load(sys.argv[2])
    print("| paired ratio (median over runs) | before | after |")
    print("|---|---:|---:|")
    for name, w, a, b, pick in ROWS:
        print(f"| {name} | {fmt(paired(before, w, a, b, pick))} | {fmt(paired(after, w, a, b, pick))} |")
    print()
    print("| workload | measure | variant | before | after |")
    print("|---|---|---|---:|---:|")
    for w, measure, pick in MEDIANS:
        variants = []
        for r in before + after:
            if r["workload"] == w and r["variant"] not in variants:
                variants.append(r["variant"])
        for v in variants:
            b = per_run(before, w, v, pick)
            a = per_run(after, w, v, pick)
            bm = statistics.median(b.values()) if b else None
            am = statistics.median(a.values()) if a else None
            print(f"| {w} | {measure} | {v} | {fmt(bm, 'n')} | {fmt(am, 'n')} |")


if __name__ == "__main__":
    main()
