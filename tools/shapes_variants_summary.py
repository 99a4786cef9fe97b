#!/usr/bin/env python3
"""The validation table of the variants study (tools/shapes_variants_protocol.sh OUT_DIR, step 1): per setting, over the
seeds finished, the validation accuracy after fine-tuning (metrics.csv's last fine-tuning row: 200 validation images
per seed) as mean (lowest), the validation accuracy of the softmax head before fine-tuning (the classifier stage's last
row), and layer 1's training reconstruction RMSE at the end of pretraining, √(2·reconstruction/N) under the `mean`
objective (on the 800 training images; for a denoising layer the reconstruction of the clean images from the corrupted
ones). It reads metrics.csv and config.json only: the test figures of summary.json stay unread.
With --csv, the per-seed values instead (docs/results/shapes-variants-validation.csv), with each run's thread count
and the CPU as tools/results_csv.py writes them.
Usage: tools/shapes_variants_summary.py OUT_DIR [--csv]"""
import csv, glob, json, math, os, re, statistics, subprocess, sys

out = sys.argv[1]
rows = {}
for run in sorted(glob.glob(os.path.join(out, "validation-*-s*"))):
    match = re.fullmatch(r"validation-(.+)-s(\d+)", os.path.basename(run))
    if not match or not os.path.exists(os.path.join(run, "summary.json")):
        continue
    metrics = list(csv.DictReader(open(os.path.join(run, "metrics.csv"))))
    config = json.load(open(os.path.join(run, "config.json")))
    layer1 = config["pipeline"]["layers"][0]
    assert layer1["loss"]["objective"] == "mean" and config["data"]["validation_fraction"] == 0.2
    inputs = config["pipeline"]["input_size"] or config["data"]["shapes"]["size"] ** 2
    last = lambda stage, layer=None: [r for r in metrics if r["stage"] == stage and (layer is None or r["layer"] == layer)][-1]
    rows.setdefault(match[1], []).append({
        "seed": int(match[2]),
        "threads": config["threads"],
        "before": float(last("classifier")["validation_accuracy"]),
        "after": float(last("finetune")["validation_accuracy"]),
        "rmse": math.sqrt(2 * float(last("pretrain", "1")["reconstruction"]) / inputs),
        "rho": float(last("pretrain", "1")["rho_hat_mean"]),
    })

def order(name):
    kind, *values = name.split("-")
    return (kind, [float(v) for v in values if re.fullmatch(r"[0-9.]+", v)])

if "--csv" in sys.argv:
    w = csv.writer(sys.stdout, lineterminator="\n")
    lscpu = subprocess.run(["lscpu"], capture_output=True, text=True).stdout
    model = next(l.split(":", 1)[1].strip() for l in lscpu.splitlines() if l.startswith("Model name"))
    flags = next(l.split(":", 1)[1].split() for l in lscpu.splitlines() if l.startswith("Flags"))
    family = next((l.split(":", 1)[1].strip() for l in lscpu.splitlines() if l.startswith("CPU family")), "")
    isa = "avx512" if "avx512f" in flags else "avx2" if "avx2" in flags else "sse"
    w.writerow(["setting", "seed", "validation_accuracy_before_finetune", "validation_accuracy_after_finetune", "layer1_train_rmse",
                "layer1_rho_hat_mean", "threads", "cpu_model", "cpu_family", "cpu_isa", "command"])
    for name in sorted(rows, key=order):
        for r in sorted(rows[name], key=lambda r: r["seed"]):
            w.writerow([name, r["seed"], r["before"], r["after"], r["rmse"], r["rho"], r["threads"], model, family, isa,
                        "tools/shapes_variants_protocol.sh sweeps"])
    sys.exit()
print("| setting | seeds | validation accuracy after fine-tuning: mean (lowest) | before fine-tuning | layer-1 training RMSE | mean ρ̂ layer 1 |")
print("|---|---|---|---|---|---|")
for name in sorted(rows, key=order):
    r = rows[name]
    mean = lambda k: statistics.mean(x[k] for x in r)
    print(f"| {name} | {len(r)} | {100 * mean('after'):.2f} ({100 * min(x['after'] for x in r):.1f}) % | {100 * mean('before'):.2f} % | {mean('rmse'):.4f} | {mean('rho'):.3f} |")
