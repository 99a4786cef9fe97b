#!/usr/bin/env python3
"""Runs the documentation's PyTorch code as written against real `torchae export` files, so the docs cannot drift.

Usage: python3 tools/interop_docs_check.py CASE_DIR DOC.md [DOC.md …]

CASE_DIR holds runs/my-run/ (an exported run or imported archive: model.pt, model.pt.json, model.safetensors) and
x.pt (a torch.save'd dict {"x": tensor (R, N)}). In CASE_DIR, with `x` defined, every ```python block of the first
document runs in order in one namespace (it defines load_torchae and TorchAeStack and uses them); each further
document's blocks run after it in a copy of that namespace with the results of the first removed (README.md shows the
usage only). After each document its `logits`, `predicted`, `code` and `reconstruction` are recorded. Then the
documented functions rebuild the model from model.pt and from model.safetensors and give every autoencoder's
reconstruction (autoencoder l on the code of autoencoders < l). Prints one JSON object on stdout."""
import json
import os
import re
import sys

import torch

RESULTS = ("logits", "predicted", "code", "reconstruction")


def blocks(markdown_path):
    text = open(markdown_path, encoding="utf-8").read()
    found = re.findall(r"^```python\n(.*?)^```", text, re.S | re.M)
    if not found:
        raise SystemExit(f"{markdown_path}: no ```python block")
    return found


def plain(value):
    return value.tolist() if isinstance(value, torch.Tensor) else value


def every_layer(model, x):
    """Each autoencoder's reconstruction of its own input, as torchae trains them: layer l reads the code of l − 1."""
    out = []
    for l in range(len(model.autoencoders)):
        y, z = model.reconstruct(x, l)
        out.append(z)
        x = y
    return out


def main(case_dir, docs):
    docs = [os.path.abspath(d) for d in docs]
    os.chdir(case_dir)
    x = torch.load("x.pt")["x"]
    result = {"torch": torch.__version__, "docs": {}}
    namespace = None
    for doc in docs:
        if namespace is None:
            namespace = {"x": x, "__name__": "docs"}
        else:
            namespace = {k: v for k, v in namespace.items() if k not in RESULTS}
        with torch.no_grad():
            for i, block in enumerate(blocks(doc)):
                exec(compile(block, f"{doc} (python block {i + 1})", "exec"), namespace)
        result["docs"][os.path.basename(doc)] = {k: plain(namespace[k]) for k in RESULTS if k in namespace}

    load, stack = namespace["load_torchae"], namespace["TorchAeStack"]
    models = {}
    for name in ("model.pt", "model.safetensors"):
        state_dict, metadata = load(os.path.join("runs", "my-run", name))
        model = stack(state_dict, metadata).eval()
        with torch.no_grad():
            models[name] = (model, model(x), every_layer(model, x))
        result[name] = {"keys": list(state_dict), "dtype": str(state_dict["classifier.weight"].dtype).replace("torch.", ""),
                        "metadata": metadata, "class_names": model.class_names, "activations": model.activations,
                        "reconstructions": [plain(z) for z in models[name][2]]}
    (pt, pt_logits, pt_z), (st, st_logits, st_z) = models["model.pt"], models["model.safetensors"]
    result["metadata_identical"] = result["model.pt"]["metadata"] == result["model.safetensors"]["metadata"]
    result["safetensors_identical"] = (
        torch.equal(pt_logits, st_logits) and len(pt_z) == len(st_z) and all(torch.equal(a, b) for a, b in zip(pt_z, st_z))
        and list(pt.state_dict()) == list(st.state_dict())
        and all(torch.equal(a, st.state_dict()[k]) for k, a in pt.state_dict().items()))
    json.dump(result, sys.stdout)
    print()


if __name__ == "__main__":
    if len(sys.argv) < 3:
        raise SystemExit(__doc__)
    main(sys.argv[1], sys.argv[2:])
