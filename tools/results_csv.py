#!/usr/bin/env python3
"""Per-seed values of a finished `torchae sweep` for docs/results/: its sweep.csv without the wall time (which depends on
the machine's load), with each run's thread count (config.json), the CPU it ran on (lscpu's model name, family and
vector instruction set) and the sweep's command line. Usage: tools/results_csv.py SWEEP_DIR [COLUMN=VALUE] > docs/results/NAME.csv;
COLUMN=VALUE puts a first column COLUMN holding VALUE in every row (several sweeps in one file: the second's rows without
its header, `| tail -n +2`)."""
import csv, json, os, subprocess, sys

sweep = sys.argv[1]
label = dict([sys.argv[2].split("=", 1)]) if len(sys.argv) > 2 else {}
command = json.load(open(os.path.join(sweep, "sweep.json")))["command_line"]
command = command.replace(f"--out {sweep.rstrip('/')}", f"--out sweeps/{os.path.basename(sweep.rstrip('/'))}")
lscpu = subprocess.run(["lscpu"], capture_output=True, text=True).stdout
model = next(l.split(":", 1)[1].strip() for l in lscpu.splitlines() if l.startswith("Model name"))
flags = next(l.split(":", 1)[1].split() for l in lscpu.splitlines() if l.startswith("Flags"))
family = next((l.split(":", 1)[1].strip() for l in lscpu.splitlines() if l.startswith("CPU family")), "")
isa = "avx512" if "avx512f" in flags else "avx2" if "avx2" in flags else "sse"
rows = list(csv.DictReader(open(os.path.join(sweep, "sweep.csv"))))
columns = list(label) + [c for c in rows[0] if c not in ("seconds_total", "run")] + ["threads", "cpu_model", "cpu_family", "cpu_isa", "command"]
out = csv.DictWriter(sys.stdout, columns, lineterminator="\n")
out.writeheader()
for row in rows:
    config = json.load(open(os.path.join(sweep, "runs", row["run"], "config.json")))
    row = label | {c: row[c] for c in columns[len(label):-5]}
    out.writerow(row | {"threads": config["threads"], "cpu_model": model, "cpu_family": family, "cpu_isa": isa, "command": command})
