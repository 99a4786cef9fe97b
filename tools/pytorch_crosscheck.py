#!/usr/bin/env python3
"""Cross-checks TorchAe against PyTorch itself: loads weights that TorchAe exported, evaluates the sparse autoencoder
objective with PyTorch's own ops (nn.Linear, F.mse_loss, the Bernoulli KL of torch.distributions) and its gradient
(PyTorch's autograd) for each normalisation, the stack's logits and predictions and the fine-tuning objective's
gradient, and prints everything as one JSON object on stdout.

Usage: python3 tools/pytorch_crosscheck.py MANIFEST.json

MANIFEST.json (paths relative to the manifest's folder):
{
  "rho": 0.1, "beta": 3.0, "alpha": 0.001,
  "normalisations": ["mean", "sum", "msesparse"],
  "autoencoders": [ {"name": "sigmoid", "weights": "ae-sigmoid.pt", "encoder": "sigmoid", "decoder": "sigmoid",
                     "batch": "batch.pt"} ],            # weights: encoder.weight/bias, decoder.weight/bias
  "stack": { "weights": "model.pt",                      # encoders.<l>.weight/bias, classifier.weight/bias
             "safetensors": "model.safetensors",         # optional: the same weights as safetensors
             "activations": ["sigmoid", "tanh"],
             "batch": "batch.pt",
             "snippet": "../docs/interop.md",            # optional: the ```python block defining TorchAeStack
             "save_to": "from-python.pt",                # optional: torch.save the snippet model's state_dict here
             "targets": "stack-targets.pt",              # optional, with lambda/encoder_lambda: the fine-tuning
             "lambda": 1e-4, "encoder_lambda": 1e-3 },   #   objective's gradient at these weights
  "model": { "weights": "full/model.pt",                 # a whole exported model: its stack and autoencoders.<l>.*,
             "batch": "batch.pt" }                       # activations from the MODEL.pt.json sidecar beside it
}
A batch file is a torch.save'd dict {"x": tensor (R, N)}; a targets file {"t": int64 tensor (R)}.
"""
import json
import os
import re
import struct
import sys

import torch
import torch.nn.functional as F
from torch import nn
from torch.distributions import Bernoulli, kl_divergence

# ρ̂ is clamped into [ε, 1 − ε] before the KL, as TorchAe does (docs/math.md).
RHO_HAT_EPSILON = 1e-6
ACTIVATIONS = {"sigmoid": torch.sigmoid, "tanh": torch.tanh, "linear": lambda p: p}


class SparseAutoencoder(nn.Module):
    """N → H → N: y = φ(x W1ᵀ + b1), z = ψ(y W2ᵀ + b2); the parameter names TorchAe uses."""

    def __init__(self, n, h, encoder, decoder, dtype):
        super().__init__()
        self.encoder = nn.Linear(n, h, dtype=dtype)
        self.decoder = nn.Linear(h, n, dtype=dtype)
        self.phi, self.psi = ACTIVATIONS[encoder], ACTIVATIONS[decoder]

    def forward(self, x):
        y = self.phi(self.encoder(x))   # (R, H)
        return y, self.psi(self.decoder(y))   # (R, H), (R, N)


def objective_terms(model, x, normalisation, encoder, rho, beta, alpha):
    """mean: (1/R) Σ ½‖x−z‖² + αΩ + βS;  sum: Σ ½‖x−z‖² + αΩ + RβS;  msesparse: (1/R) Σ ‖x−z‖² + αΩ + βS.
    Returns (total, reconstruction, weight_decay, sparsity) as tensors with autograd's graph."""
    r = x.shape[0]
    y, z = model(x)
    squared = F.mse_loss(z, x, reduction="sum")            # Σ_k ‖x_k − z_k‖²
    omega = 0.5 * (model.encoder.weight.pow(2).sum() + model.decoder.weight.pow(2).sum())
    activity = y if encoder == "sigmoid" else (y + 1) / 2   # tanh: inactive = −1
    rho_hat = activity.mean(dim=0).clamp(RHO_HAT_EPSILON, 1 - RHO_HAT_EPSILON)
    s = kl_divergence(Bernoulli(probs=torch.full_like(rho_hat, rho)), Bernoulli(probs=rho_hat)).sum()
    reconstruction, sparsity = {
        "mean": (0.5 * squared / r, beta * s),
        "sum": (0.5 * squared, r * beta * s),
        "msesparse": (squared / r, beta * s),
    }[normalisation]
    weight_decay = alpha * omega
    return reconstruction + weight_decay + sparsity, reconstruction, weight_decay, sparsity


def objective(model, x, normalisation, encoder, rho, beta, alpha):
    """The terms as numbers and autograd's gradient of the total for every parameter."""
    model.zero_grad()
    total, reconstruction, weight_decay, sparsity = objective_terms(model, x, normalisation, encoder, rho, beta, alpha)
    total.backward()
    return {"total": total.item(), "reconstruction": reconstruction.item(), "weight_decay": weight_decay.item(),
            "sparsity": sparsity.item(), "gradients": {name: plain(p.grad) for name, p in model.named_parameters()}}


class Stack(nn.Module):
    """This script's own stack: encoders (sigmoid/tanh) and a linear head giving logits."""

    def __init__(self, sizes, classes, activations, dtype):
        super().__init__()
        self.encoders = nn.ModuleList(nn.Linear(a, b, dtype=dtype) for a, b in zip(sizes, sizes[1:]))
        self.classifier = nn.Linear(sizes[-1], classes, dtype=dtype)
        self.activations = [ACTIVATIONS[a] for a in activations]

    def forward(self, x):
        for layer, f in zip(self.encoders, self.activations):
            x = f(layer(x))
        return self.classifier(x)


def load_safetensors(path):
    """safetensors.torch.load_file when the package is installed; otherwise the format read by its specification:
    an 8-byte little-endian header length, a JSON header {name: {dtype, shape, data_offsets}}, then the raw bytes."""
    try:
        from safetensors.torch import load_file
        return load_file(path), "safetensors package"
    except ImportError:
        pass
    dtypes = {"F64": torch.float64, "F32": torch.float32, "I64": torch.int64, "I32": torch.int32}
    with open(path, "rb") as f:
        data = f.read()
    (length,) = struct.unpack("<Q", data[:8])
    header = json.loads(data[8:8 + length])
    body = data[8 + length:]
    tensors = {}
    for name, entry in header.items():
        if name == "__metadata__":
            continue
        start, end = entry["data_offsets"]
        chunk = bytearray(body[start:end])
        tensors[name] = torch.frombuffer(chunk, dtype=dtypes[entry["dtype"]]).reshape(entry["shape"]).clone()
    return tensors, "built-in reader (safetensors package not installed)"


def snippet_namespace(markdown_path):
    """Runs the ```python block of the docs that defines TorchAeStack, so the README text is what gets tested."""
    text = open(markdown_path, encoding="utf-8").read()
    blocks = [b for b in re.findall(r"^```python\n(.*?)^```", text, re.S | re.M) if "class TorchAeStack" in b]
    if not blocks:
        raise SystemExit(f"{markdown_path}: no ```python block defines TorchAeStack")
    namespace = {}
    exec(compile(blocks[0], markdown_path, "exec"), namespace)
    return namespace


def plain(t):
    return t.detach().tolist()


def main(manifest_path):
    manifest = json.load(open(manifest_path, encoding="utf-8"))
    here = os.path.dirname(os.path.abspath(manifest_path))
    at = lambda p: os.path.join(here, p)
    rho, beta, alpha = manifest["rho"], manifest["beta"], manifest["alpha"]
    result = {"torch": torch.__version__, "python": sys.version.split()[0], "autoencoders": {}}

    for case in manifest.get("autoencoders", []):
        state = torch.load(at(case["weights"]))
        h, n = state["encoder.weight"].shape
        model = SparseAutoencoder(n, h, case["encoder"], case["decoder"], state["encoder.weight"].dtype)
        model.load_state_dict(state, strict=True)
        x = torch.load(at(case["batch"]))["x"]
        result["autoencoders"][case["name"]] = {
            norm: objective(model, x, norm, case["encoder"], rho, beta, alpha)
            for norm in manifest.get("normalisations", ["mean", "sum", "msesparse"])}

    with torch.no_grad():
        if "stack" in manifest:
            spec = manifest["stack"]
            state = torch.load(at(spec["weights"]))
            count = sum(1 for k in state if k.startswith("encoders.") and k.endswith(".weight"))
            sizes = [state["encoders.0.weight"].shape[1]] + [state[f"encoders.{l}.weight"].shape[0] for l in range(count)]
            dtype = state["classifier.weight"].dtype
            model = Stack(sizes, state["classifier.weight"].shape[0], spec["activations"], dtype)
            model.load_state_dict(state, strict=True)
            x = torch.load(at(spec["batch"]))["x"]
            logits = model(x)
            out = {"keys": list(state.keys()), "dtype": str(dtype).replace("torch.", ""),
                   "logits": plain(logits), "predictions": plain(logits.argmax(1))}
            if spec.get("safetensors"):
                tensors, reader = load_safetensors(at(spec["safetensors"]))
                out["safetensors"] = {"reader": reader, "keys": sorted(tensors),
                                      "identical_to_pt": sorted(tensors) == sorted(state) and
                                      all(torch.equal(tensors[k], state[k]) for k in state)}
            if spec.get("snippet"):
                ns = snippet_namespace(at(spec["snippet"]))
                snippet_model = ns["TorchAeStack"](state, {"activations": ",".join(spec["activations"])}).eval()
                snippet_logits = snippet_model(x)
                out["snippet_logits"] = plain(snippet_logits)
                out["snippet_predictions"] = plain(snippet_logits.argmax(1))
                if spec.get("save_to"):
                    torch.save({k: v.contiguous().clone() for k, v in snippet_model.state_dict().items()}, at(spec["save_to"]))
                    out["saved"] = spec["save_to"]
            result["stack"] = out

        if "model" in manifest:
            spec = manifest["model"]
            state = torch.load(at(spec["weights"]))
            metadata = json.load(open(at(spec["weights"]) + ".json", encoding="utf-8"))
            encoders = metadata["activations"].split(",")
            decoders = metadata["decoder_activations"].split(",")
            x = torch.load(at(spec["batch"]))["x"]
            reconstructions, rmse = [], []
            for l, (encoder, decoder) in enumerate(zip(encoders, decoders)):
                prefix = f"autoencoders.{l}."
                weights = {k[len(prefix):]: v for k, v in state.items() if k.startswith(prefix)}
                h, n = weights["encoder.weight"].shape
                ae = SparseAutoencoder(n, h, encoder, decoder, weights["encoder.weight"].dtype)
                ae.load_state_dict(weights, strict=True)
                y, z = ae(x)
                reconstructions.append(plain(z))
                rmse.append(torch.sqrt(F.mse_loss(z, x)).item())   # √(mean over samples and inputs of (x − z)²)
                x = y   # the next autoencoder was trained on this one's code
            result["model"] = {"keys": list(state.keys()), "metadata": metadata, "reconstructions": reconstructions, "rmse": rmse}

    spec = manifest.get("stack", {})
    if spec.get("targets"):
        # The fine-tuning objective (UFLDL stackedAECost.m): cross-entropy + (λ/2)‖Ws‖² + (λe/2) Σ‖Wl‖², and its gradient
        state = torch.load(at(spec["weights"]))
        count = sum(1 for k in state if k.startswith("encoders.") and k.endswith(".weight"))
        sizes = [state["encoders.0.weight"].shape[1]] + [state[f"encoders.{l}.weight"].shape[0] for l in range(count)]
        model = Stack(sizes, state["classifier.weight"].shape[0], spec["activations"], state["classifier.weight"].dtype)
        model.load_state_dict(state, strict=True)
        x, t = torch.load(at(spec["batch"]))["x"], torch.load(at(spec["targets"]))["t"]
        loss = F.cross_entropy(model(x), t) + 0.5 * spec["lambda"] * model.classifier.weight.pow(2).sum() \
            + 0.5 * spec["encoder_lambda"] * sum(layer.weight.pow(2).sum() for layer in model.encoders)
        loss.backward()
        result["finetune"] = {"loss": loss.item(), "gradients": {name: plain(p.grad) for name, p in model.named_parameters()}}

    json.dump(result, sys.stdout)
    print()


if __name__ == "__main__":
    if len(sys.argv) != 2:
        raise SystemExit(__doc__)
    main(sys.argv[1])
