#!/usr/bin/env python3
"""PyTorch's own L-BFGS on TorchAe's sparse autoencoder objective, for a trace to compare TorchAe's Lbfgs with.

Usage: python3 tools/pytorch_lbfgs_trace.py MANIFEST.json

MANIFEST.json (paths relative to the manifest's folder):
{ "weights": "start.pt",              # encoder.weight/bias, decoder.weight/bias: the starting point (float64)
  "batch": "batch.pt",                # {"x": tensor (R, N)}
  "encoder": "sigmoid", "decoder": "sigmoid", "normalisation": "mean", "rho": 0.1, "beta": 3.0, "alpha": 0.001,
  "lbfgs": { "lr": 1, "max_iter": 30, "max_eval": 1000000, "tolerance_grad": 1e-5, "tolerance_change": 1e-9,
             "history_size": 10, "line_search_fn": "strong_wolfe" } }

Every keyword of torch.optim.LBFGS comes from the manifest, so the caller pins them all. One optimizer.step runs up to
max_iter iterations; every evaluation of the closure is recorded: {"evaluations": [{"loss": f, "x": [θ flattened in
named_parameters order]}, ...], "iterations": n_iter, "torch": version} on stdout.
"""
import json
import os
import sys

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from pytorch_crosscheck import SparseAutoencoder, objective_terms  # noqa: E402


def main(manifest_path):
    m = json.load(open(manifest_path, encoding="utf-8"))
    at = lambda p: os.path.join(os.path.dirname(os.path.abspath(manifest_path)), p)
    state = torch.load(at(m["weights"]))
    h, n = state["encoder.weight"].shape
    model = SparseAutoencoder(n, h, m["encoder"], m["decoder"], state["encoder.weight"].dtype)
    model.load_state_dict(state, strict=True)
    x = torch.load(at(m["batch"]))["x"]
    optimizer = torch.optim.LBFGS(model.parameters(), **m["lbfgs"])
    evaluations = []

    def closure():
        optimizer.zero_grad()
        total = objective_terms(model, x, m["normalisation"], m["encoder"], m["rho"], m["beta"], m["alpha"])[0]
        total.backward()
        flat = torch.cat([p.detach().flatten() for _, p in model.named_parameters()])
        evaluations.append({"loss": total.item(), "x": flat.tolist()})
        return total

    optimizer.step(closure)
    iterations = optimizer.state[optimizer._params[0]]["n_iter"]
    json.dump({"torch": torch.__version__, "iterations": iterations, "evaluations": evaluations}, sys.stdout)
    print()


if __name__ == "__main__":
    if len(sys.argv) != 2:
        raise SystemExit(__doc__)
    main(sys.argv[1])
