#!/usr/bin/env python3
"""PyTorch reference of a whole TorchAe experiment: greedy sparse-autoencoder pretraining, a softmax head on the last
code, end-to-end fine-tuning — each stage full batch with torch.optim.LBFGS(history_size=100,
line_search_fn="strong_wolfe"), PyTorch's own defaults otherwise, all cores unless --threads says otherwise.

It is what `torchae mnist` / `torchae shapes` are timed against (docs/benchmarks.md), so it computes the same model:
  layer l:   Y = sigmoid(X W1^T + b1), Z = sigmoid(Y W2^T + b2)
             J = (1/R) sum_k 1/2 ||x_k - z_k||^2 + alpha/2 (||W1||^2 + ||W2||^2) + beta sum_i KL(rho || rho_hat_i),
             rho_hat = mean_k y_k clamped into [1e-6, 1 - 1e-6]    (TorchAe objective `mean`, UFLDL sparseAutoencoderCost.m)
             W uniform in +-sqrt(6 / (N + H + 1)), b = 0          (UFLDL initializeParameters.m)
  head:      J = (1/R) sum_k -log softmax(y_k W^T + b)[t_k] + lambda/2 ||W||^2, W ~ 0.005 N(0, 1), b = 0 (softmaxCost.m)
  fine-tune: the same J through the whole stack (decay on the head only, stackedAECost.m).

Data: --mnist DIR (the four IDX files, raw or .gz; pixels / 255), --folder DIR (DIR/train/<class>/*.png and
DIR/test/<class>/*.png, 8-bit grey PNGs / 255, as `torchae dataset shapes --export DIR` writes the lecture's shapes), or
--csv TRAIN.csv --test-csv TEST.csv (no header: features, then the label as the last column).
--train-count / --test-count keep the first N samples.

Prints one line per stage (iterations, function evaluations, seconds, peak RSS so far) and the test accuracies, and
with --json FILE writes them as JSON.

Debian 12:  apt-get install -y python3-torch libopenblas0-openmp
            /usr/bin/python3 tools/pytorch_stack.py --mnist ../shared/data/mnist --train-count 10000
"""
import argparse
import gzip
import json
import math
import os
import resource
import struct
import time
import zlib

# OpenBLAS 0.3.21 (Debian 12) does not know recent CPUs and falls back to slow generic kernels; it reads
# OPENBLAS_CORETYPE when it loads (at `import torch`). Same rule as tools/pytorch_bench.py.
if "OPENBLAS_CORETYPE" not in os.environ:
    with open("/proc/cpuinfo") as cpuinfo:
        if " avx512f " in cpuinfo.read():
            os.environ["OPENBLAS_CORETYPE"] = "SKYLAKEX"

import torch  # noqa: E402  (after OPENBLAS_CORETYPE)
import torch.nn.functional as F  # noqa: E402

EPS = 1e-6


def read_idx(path):
    """An IDX file (raw or .gz) as a uint8 tensor of its stated shape."""
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rb") as f:
        data = f.read()
    dims = data[3]
    shape = struct.unpack(">" + "I" * dims, data[4:4 + 4 * dims])
    return torch.frombuffer(bytearray(data[4 + 4 * dims:]), dtype=torch.uint8).reshape(shape)


def find(folder, stem):
    for name in (stem, stem + ".gz"):
        if os.path.exists(os.path.join(folder, name)):
            return os.path.join(folder, name)
    raise SystemExit(f"--mnist {folder}: no {stem}[.gz]")


def load_mnist(folder):
    def images(stem):
        x = read_idx(find(folder, stem))
        return x.reshape(x.shape[0], -1).to(torch.float32) / 255.0

    def labels(stem):
        return read_idx(find(folder, stem)).to(torch.int64)

    return (images("train-images-idx3-ubyte"), labels("train-labels-idx1-ubyte"),
            images("t10k-images-idx3-ubyte"), labels("t10k-labels-idx1-ubyte"))


def read_grey_png(path):
    """An 8-bit greyscale, non-interlaced PNG (colour type 0) as a flat list of bytes (row-major)."""
    with open(path, "rb") as f:
        data = f.read()
    pos, idat, width = 8, b"", 0
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        chunk = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            width, height, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", chunk)
            if (depth, colour, interlace) != (8, 0, 0):
                raise SystemExit(f"{path}: only 8-bit grey non-interlaced PNGs are read")
        elif kind == b"IDAT":
            idat += chunk
        pos += 12 + length
    raw, rows, previous = zlib.decompress(idat), [], bytearray(width)
    for r in range(height):
        kind, line = raw[r * (width + 1)], bytearray(raw[r * (width + 1) + 1:(r + 1) * (width + 1)])
        for i in range(width):   # PNG filters 0-4 with one byte per pixel
            a, b = line[i - 1] if i else 0, previous[i]
            c = previous[i - 1] if i else 0
            if kind == 1: line[i] = (line[i] + a) & 255
            elif kind == 2: line[i] = (line[i] + b) & 255
            elif kind == 3: line[i] = (line[i] + (a + b) // 2) & 255
            elif kind == 4:
                pa, pb, pc = abs(b - c), abs(a - c), abs(a + b - 2 * c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        rows.append(line)
        previous = line
    return b"".join(rows)


def load_folder(folder):
    """DIR/<class>/*.png with classes in name order."""
    classes = sorted(os.listdir(folder))
    images, labels = [], []
    for k, name in enumerate(classes):
        for file in sorted(os.listdir(os.path.join(folder, name))):
            images.append(read_grey_png(os.path.join(folder, name, file)))
            labels.append(k)
    x = torch.frombuffer(bytearray(b"".join(images)), dtype=torch.uint8).reshape(len(images), -1)
    return x.to(torch.float32) / 255.0, torch.tensor(labels, dtype=torch.int64)


def load_csv(path):
    rows = []
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rt") as f:
        for line in f:
            if line.strip():
                rows.append([float(v) for v in line.split(",")])
    table = torch.tensor(rows, dtype=torch.float64)
    return table[:, :-1].to(torch.float32), table[:, -1].to(torch.int64)


class SparseAutoencoder(torch.nn.Module):
    def __init__(self, n, h, generator):
        super().__init__()
        self.encoder = torch.nn.Linear(n, h)
        self.decoder = torch.nn.Linear(h, n)
        r = math.sqrt(6.0 / (n + h + 1))
        with torch.no_grad():
            for layer in (self.encoder, self.decoder):
                layer.weight.copy_(torch.rand(layer.weight.shape, generator=generator, dtype=torch.float64) * (2 * r) - r)
                layer.bias.zero_()

    def encode(self, x):
        return torch.sigmoid(self.encoder(x))                    # (R, H)

    def loss(self, x, rho, beta, alpha):
        y = self.encode(x)
        z = torch.sigmoid(self.decoder(y))                       # (R, N)
        reconstruction = (z - x).square().sum() * (0.5 / x.shape[0])
        decay = (self.encoder.weight.square().sum() + self.decoder.weight.square().sum()) * (0.5 * alpha)
        rho_hat = y.mean(0).clamp(EPS, 1 - EPS)
        kl = (rho * torch.log(rho / rho_hat) + (1 - rho) * torch.log((1 - rho) / (1 - rho_hat))).sum()
        return reconstruction + decay + beta * kl


def softmax_loss(logits, targets, weight, lam):
    return F.cross_entropy(logits, targets) + weight.square().sum() * (0.5 * lam)


def peak_rss_bytes():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024   # Linux reports KiB


def lbfgs(parameters, closure, iterations, history):
    """One full-batch L-BFGS run; returns (iterations done, function evaluations)."""
    optimizer = torch.optim.LBFGS(parameters, lr=1, max_iter=iterations, history_size=history,
                                  line_search_fn="strong_wolfe")

    def full_closure():
        optimizer.zero_grad(set_to_none=True)
        loss = closure()
        loss.backward()
        return loss

    optimizer.step(full_closure)
    state = optimizer.state[optimizer._params[0]]
    return state.get("n_iter", 0), state.get("func_evals", 0)


def accuracy(encoders, head, x, t):
    with torch.no_grad():
        for e in encoders:
            x = e.encode(x)
        return (head(x).argmax(1) == t).double().mean().item()


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--mnist", help="folder of the four MNIST IDX files")
    p.add_argument("--folder", help="folder with train/<class>/*.png and test/<class>/*.png")
    p.add_argument("--csv", help="training CSV (features, label last)")
    p.add_argument("--test-csv", help="test CSV (features, label last)")
    p.add_argument("--train-count", type=int)
    p.add_argument("--test-count", type=int)
    p.add_argument("--hidden", default="200,200", help="hidden sizes, comma-separated (mnist: 200,200; shapes: 100,50)")
    p.add_argument("--rho", type=float, default=0.1)
    p.add_argument("--beta", type=float, default=3.0)
    p.add_argument("--alpha", type=float, default=3e-3)
    p.add_argument("--classifier-lambda", type=float, default=1e-4)
    p.add_argument("--pretrain-iterations", type=int, default=400)
    p.add_argument("--classifier-iterations", type=int, default=100)
    p.add_argument("--finetune-iterations", type=int, default=400)
    p.add_argument("--history", type=int, default=100, help="L-BFGS correction pairs (PyTorch and minFunc: 100)")
    p.add_argument("--threads", type=int, default=0, help="0 = every core (os.cpu_count())")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--dtype", choices=["float32", "float64"], default="float32")
    p.add_argument("--json", help="also write the results here")
    a = p.parse_args()

    threads = a.threads or os.cpu_count()
    torch.set_num_threads(threads)
    dtype = getattr(torch, a.dtype)
    if a.mnist:
        x_train, t_train, x_test, t_test = load_mnist(a.mnist)
    elif a.folder:
        x_train, t_train = load_folder(os.path.join(a.folder, "train"))
        x_test, t_test = load_folder(os.path.join(a.folder, "test"))
    elif a.csv and a.test_csv:
        x_train, t_train = load_csv(a.csv)
        x_test, t_test = load_csv(a.test_csv)
    else:
        raise SystemExit("give --mnist DIR, --folder DIR, or --csv TRAIN --test-csv TEST")
    if a.train_count:
        x_train, t_train = x_train[:a.train_count], t_train[:a.train_count]
    if a.test_count:
        x_test, t_test = x_test[:a.test_count], t_test[:a.test_count]
    x_train, x_test = x_train.to(dtype), x_test.to(dtype)
    classes = int(max(t_train.max(), t_test.max())) + 1

    generator = torch.Generator().manual_seed(a.seed)
    hidden = [int(h) for h in a.hidden.split(",")]
    stages, started = [], time.perf_counter()

    def record(name, layer, clock, its, evals):
        stages.append({"stage": name, "layer": layer, "iterations": its, "evaluations": evals,
                       "seconds": round(time.perf_counter() - clock, 3), "peak_rss_bytes": peak_rss_bytes()})
        s = stages[-1]
        print(f"{name} layer {layer}: {its} iterations, {evals} evaluations, {s['seconds']:.1f} s, "
              f"peak RSS {s['peak_rss_bytes'] / 2**20:.0f} MiB", flush=True)

    encoders, codes = [], x_train
    for layer, h in enumerate(hidden, start=1):
        ae = SparseAutoencoder(codes.shape[1], h, generator).to(dtype)
        clock = time.perf_counter()
        its, evals = lbfgs(list(ae.parameters()), lambda: ae.loss(codes, a.rho, a.beta, a.alpha),
                           a.pretrain_iterations, a.history)
        record("pretrain", layer, clock, its, evals)
        encoders.append(ae)
        with torch.no_grad():
            codes = ae.encode(codes)

    head = torch.nn.Linear(hidden[-1], classes).to(dtype)
    with torch.no_grad():
        head.weight.copy_(torch.randn(head.weight.shape, generator=generator, dtype=torch.float64) * 0.005)
        head.bias.zero_()
    clock = time.perf_counter()
    its, evals = lbfgs(list(head.parameters()), lambda: softmax_loss(head(codes), t_train, head.weight, a.classifier_lambda),
                       a.classifier_iterations, a.history)
    record("classifier", len(hidden) + 1, clock, its, evals)
    before = accuracy(encoders, head, x_test, t_test)

    def stack_loss():
        y = x_train
        for e in encoders:
            y = e.encode(y)
        return softmax_loss(head(y), t_train, head.weight, a.classifier_lambda)

    parameters = [q for e in encoders for q in e.encoder.parameters()] + list(head.parameters())
    clock = time.perf_counter()
    its, evals = lbfgs(parameters, stack_loss, a.finetune_iterations, a.history)
    record("finetune", len(hidden), clock, its, evals)
    after = accuracy(encoders, head, x_test, t_test)
    total = time.perf_counter() - started
    print(f"test accuracy {100 * before:.2f} % -> {100 * after:.2f} % ({len(t_test)} images); "
          f"{total:.1f} s; {threads} threads; torch {torch.__version__}")
    if a.json:
        with open(a.json, "w") as f:
            json.dump({"accuracy_before_finetune": before, "accuracy_after_finetune": after, "seconds_total": total,
                       "threads": threads, "torch_version": torch.__version__, "stages": stages}, f, indent=2)


if __name__ == "__main__":
    main()
