#!/usr/bin/env python3
"""PyTorch reference for `torchae bench`: the same sparse autoencoder Adam step, timed the same way.

AE 900 -> 100 -> 900 (sigmoid/sigmoid), objective `mean` with rho = 0.05, beta = 3, alpha = 1e-4 (rho-hat clamped
into [1e-6, 1 - 1e-6]), Adam lr 1e-3, 1000 random samples in [0, 1):
  - full batch: one step on all 1000 samples; 20 warm-up + 200 timed steps;
  - batch 64: one epoch = a shuffled pass over the 1000 samples (15 steps of 64, one of 40); 3 + 40 epochs.
Every step reads the loss back (loss.item()), as TorchAe's loop does. Prints median and p90 per row.
On a CPU with AVX-512 the script sets OPENBLAS_CORETYPE=SKYLAKEX unless it is set (see below).
--device cuda (or auto) runs on the GPU, as `torchae bench --device cuda`: weights, data and the shuffle are drawn on the
CPU and moved, and every clock read waits for the GPU (torch.cuda.synchronize()).

Debian 12:  apt-get install -y python3-torch libopenblas0-openmp
            LD_LIBRARY_PATH=/usr/lib/x86_64-linux-gnu/openblas-openmp /usr/bin/python3 tools/pytorch_bench.py --threads 2
"""
import argparse
import os
import statistics
import time

# OpenBLAS 0.3.21 (Debian 12) does not know this CPU and falls back to its "Prescott" kernels: 17 GFLOP/s for the
# 1000x900x100 product instead of 98 with the AVX-512 ones. It reads OPENBLAS_CORETYPE when it loads, i.e. at import.
if "OPENBLAS_CORETYPE" not in os.environ:
    with open("/proc/cpuinfo") as cpuinfo:
        if " avx512f " in cpuinfo.read():
            os.environ["OPENBLAS_CORETYPE"] = "SKYLAKEX"

import torch  # noqa: E402  (after OPENBLAS_CORETYPE)
import torch.nn.functional as F  # noqa: E402

RHO, BETA, ALPHA, EPS = 0.05, 3.0, 1e-4, 1e-6


class SparseAutoencoder(torch.nn.Module):
    def __init__(self, n, h):
        super().__init__()
        self.encoder = torch.nn.Linear(n, h)
        self.decoder = torch.nn.Linear(h, n)

    def forward(self, x):
        y = torch.sigmoid(self.encoder(x))          # (R, H)
        return y, torch.sigmoid(self.decoder(y))    # (R, N)


def loss_fn(model, x):
    """J = (1/R) sum_k 1/2 ||x_k - z_k||^2 + alpha/2 (||W1||^2 + ||W2||^2) + beta sum_i KL(rho || rho_hat_i)."""
    y, z = model(x)
    r = x.shape[0]
    reconstruction = F.mse_loss(z, x, reduction="sum") * (0.5 / r)
    decay = (model.encoder.weight.square().sum() + model.decoder.weight.square().sum()) * (0.5 * ALPHA)
    rho_hat = y.mean(0).clamp(EPS, 1 - EPS)
    kl = (RHO * torch.log(RHO / rho_hat) + (1 - RHO) * torch.log((1 - RHO) / (1 - rho_hat))).sum()
    return reconstruction + decay + BETA * kl


def step(model, optimizer, x):
    optimizer.zero_grad(set_to_none=True)
    loss = loss_fn(model, x)
    loss.backward()
    optimizer.step()
    return loss.item()


def percentile(samples, q):
    s = sorted(samples)
    pos = q * (len(s) - 1)
    lo = int(pos)
    hi = min(lo + 1, len(s) - 1)
    return s[lo] + (pos - lo) * (s[hi] - s[lo])


def clock(device):
    """time.perf_counter() once the device has finished its queued work (CUDA kernels run asynchronously)."""
    if device.type == "cuda":
        torch.cuda.synchronize(device)
    return time.perf_counter()


def time_rows(dtype, samples, batch, warmup_steps, steps, warmup_epochs, epochs, device):
    torch.manual_seed(1)
    model = SparseAutoencoder(900, 100).to(dtype).to(device)
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    x = torch.rand(samples, 900, dtype=dtype).to(device)

    full = []
    for i in range(warmup_steps + steps):
        start = clock(device)
        step(model, optimizer, x)
        if i >= warmup_steps:
            full.append(clock(device) - start)

    mini = []
    for e in range(warmup_epochs + epochs):
        start = clock(device)
        order = torch.randperm(samples).to(device)
        for b in range(0, samples, batch):
            step(model, optimizer, x.index_select(0, order[b:b + batch]))
        if e >= warmup_epochs:
            mini.append(clock(device) - start)
    return full, mini


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--threads", type=int, default=2, help="torch.set_num_threads (default 2)")
    parser.add_argument("--quick", action="store_true", help="5 + 20 steps and 1 + 4 epochs")
    parser.add_argument("--dtype", choices=["float32", "float64", "both"], default="both")
    parser.add_argument("--device", choices=["cpu", "cuda", "auto"], default="cpu",
                        help="cpu (default), cuda, or auto = cuda when torch.cuda.is_available()")
    args = parser.parse_args()
    if args.device == "cuda" and not torch.cuda.is_available():
        parser.error("--device cuda: CUDA is not available")
    device = torch.device("cuda" if args.device == "cuda" or (args.device == "auto" and torch.cuda.is_available()) else "cpu")
    torch.set_num_threads(args.threads)
    counts = (5, 20, 1, 4) if args.quick else (20, 200, 3, 40)
    with open("/proc/loadavg") as f:
        load = " ".join(f.read().split()[:3])
    gpu = f" ({torch.cuda.get_device_name(device)}, CUDA {torch.version.cuda})" if device.type == "cuda" else ""
    print(f"torch {torch.__version__}, device {device}{gpu}, threads {torch.get_num_threads()}, CPU capability "
          f"{torch.backends.cpu.get_cpu_capability() if hasattr(torch.backends, 'cpu') else 'n/a'}, "
          f"LD_LIBRARY_PATH={os.environ.get('LD_LIBRARY_PATH', '')}, OPENBLAS_CORETYPE={os.environ.get('OPENBLAS_CORETYPE', '')}, "
          f"load average {load}")
    print(f"{'workload':<12} {'dtype':<8} {'batch':>5} {'median ms':>10} {'p90 ms':>9}  (batch 64: one epoch of 1000 samples)")
    for name in (["float32", "float64"] if args.dtype == "both" else [args.dtype]):
        dtype = getattr(torch, name)
        full, mini = time_rows(dtype, 1000, 64, *counts, device)
        for batch, t in ((1000, full), (64, mini)):
            print(f"{'ae-900-100':<12} {name:<8} {batch:>5} {statistics.median(t) * 1e3:>10.3f} {percentile(t, 0.9) * 1e3:>9.3f}")
    with open("/proc/loadavg") as f:
        print(f"load average at the end {' '.join(f.read().split()[:3])}")


if __name__ == "__main__":
    main()
