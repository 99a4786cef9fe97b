#!/usr/bin/env python3
"""Summarises the runs of tools/shapes_protocol.sh: the validation accuracy after each fine-tuning budget (seeds 1-10,
choice) and the test accuracy, mean ρ̂ and wall time of the untouched seeds 11-20 (report), as Markdown tables.

Usage: python3 tools/shapes_protocol_summary.py OUT_DIR"""
import csv
import json
import os
import statistics
import sys

BUDGETS = [10, 20, 30, 40, 50, 60, 75, 100, 125, 150]


def validation(out, history):
    """Mean and lowest validation accuracy over seeds 1-10 after each fine-tuning budget (a run that converged earlier
    keeps its last value)."""
    by_budget = {b: [] for b in BUDGETS}
    for seed in range(1, 11):
        rows = [r for r in csv.DictReader(open(os.path.join(out, f"validation-h{history}-s{seed}", "metrics.csv")))
                if r["stage"] == "finetune" and r["validation_accuracy"]]
        accuracy = {int(r["epoch"]): float(r["validation_accuracy"]) for r in rows}
        last = max(accuracy)
        for b in BUDGETS:
            by_budget[b].append(accuracy[min(b, last)])
    return by_budget


def main(out):
    print("| fine-tuning iterations | " + " | ".join(str(b) for b in BUDGETS) + " |")
    print("|---|" + "---|" * len(BUDGETS))
    for history in (20, 100):
        v = validation(out, history)
        print(f"| history {history}: mean (lowest) validation accuracy, % | "
              + " | ".join(f"{100 * statistics.mean(v[b]):.2f} ({100 * min(v[b]):.1f})" for b in BUDGETS) + " |")
    print()
    print("| seeds 11-20 | before fine-tuning | after fine-tuning | lowest after | mean ρ̂ layer 1 | mean ρ̂ layer 2 | wall s |")
    print("|---|---|---|---|---|---|---|")
    for variant in ("mean", "sum", "msesparse", "jitter0"):
        runs = [json.load(open(os.path.join(out, f"test-{variant}-s{s}", "summary.json"))) for s in range(11, 21)
                if os.path.exists(os.path.join(out, f"test-{variant}-s{s}", "summary.json"))]
        if not runs:
            continue
        before = [100 * r["accuracy_before_finetune"] for r in runs]
        after = [100 * r["accuracy_after_finetune"] for r in runs]
        rho = [statistics.mean(r["layers"][l]["rho_hat_mean"] for r in runs) for l in (0, 1)]
        seconds = [r["seconds_total"] for r in runs]
        print(f"| {variant} ({len(runs)} seeds) | {statistics.mean(before):.1f} ± {statistics.stdev(before):.1f} % "
              f"| {statistics.mean(after):.1f} ± {statistics.stdev(after):.1f} % | {min(after):.1f} % "
              f"| {rho[0]:.4f} | {rho[1]:.4f} | {min(seconds):.0f}-{max(seconds):.0f} |")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        raise SystemExit(__doc__)
    main(sys.argv[1])
