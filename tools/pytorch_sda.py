#!/usr/bin/env python3
"""PyTorch reference of the stacked denoising autoencoder (SdA) protocol of Vincent et al. (JMLR 2010) as the Theano
DeepLearningTutorials SdA runs it: greedy pretraining of denoising autoencoders by SGD at batch size 1, a logistic
(softmax) layer on the last code, then the whole network fine-tuned by SGD with early stopping on validation error.
Written with PyTorch's usual parts (nn.Linear, torch.optim.SGD, backward()), all cores unless --threads says otherwise.

It is what TorchAe's SdA runs are timed against (docs/benchmarks.md), so it computes the same model:
  data:      MNIST train images 1..50,000 train, 50,001..60,000 validation (the tutorial's mnist.pkl.gz), t10k test;
             pixels / 255. --train-count / --validation-count / --test-count keep the first N of each.
  layer l:   x~ = x with a fraction nu_l of its inputs set to 0 (each input dropped where u < nu_l, u ~ U[0, 1), a fresh
             draw per mini-batch); Y = sigmoid(x~ W^T + b), Z = sigmoid(Y W + b')   (tied: the decoder is W^T)
             J = (1/R) sum_k sum_i -[x_ki log z_ki + (1 - x_ki) log(1 - z_ki)]   (from the logits, finite everywhere)
             W ~ U(+-4 sqrt(6 / (n_in + n_out))), b = b' = 0                    (the tutorial's sigmoid init)
             SGD, batch --batch-size (1), learning rate 0.001, --pretrain-epochs (15) epochs, shuffled every epoch
  head:      softmax regression on layer L's code, W = 0, b = 0; J = (1/R) sum_k -log softmax(.)[t_k]
  fine-tune: the whole stack and the head, SGD batch 1, learning rate 0.1, up to --finetune-epochs (1000) epochs;
             validation error after every epoch, the tutorial's patience rule (patience 10 epochs' worth of steps,
             doubled past every best that improves the last by more than 0.5 %), the best validation epoch's weights.

Prints one line per stage (epochs, seconds, seconds per sample and epoch, peak RSS so far), the validation and test
error, and with --json FILE writes them as JSON.

Debian 12:  apt-get install -y python3-torch
            /usr/bin/python3 tools/pytorch_sda.py --mnist ../shared/data/mnist --train-count 10000 \
                --pretrain-epochs 1 --finetune-epochs 1 --threads 1
"""
import argparse
import copy
import json
import math
import os
import resource
import time

# OpenBLAS 0.3.21 (Debian 12) does not know recent CPUs and falls back to slow generic kernels; it reads
# OPENBLAS_CORETYPE when it loads (at `import torch`). Same rule as tools/pytorch_bench.py and tools/pytorch_stack.py.
if "OPENBLAS_CORETYPE" not in os.environ:
    with open("/proc/cpuinfo") as cpuinfo:
        if " avx512f " in cpuinfo.read():
            os.environ["OPENBLAS_CORETYPE"] = "SKYLAKEX"

import torch  # noqa: E402  (after OPENBLAS_CORETYPE)
import torch.nn.functional as F  # noqa: E402

from pytorch_stack import load_mnist, peak_rss_bytes  # noqa: E402  (the same IDX reader and RSS probe)


class DenoisingAutoencoder(torch.nn.Module):
    """A tied denoising autoencoder: encoder Linear(n, h), decoder W^T with its own bias."""

    def __init__(self, n, h, generator):
        super().__init__()
        self.encoder = torch.nn.Linear(n, h)
        self.visible_bias = torch.nn.Parameter(torch.zeros(n))
        r = 4 * math.sqrt(6.0 / (n + h))
        with torch.no_grad():
            self.encoder.weight.copy_(torch.rand(h, n, generator=generator) * (2 * r) - r)
            self.encoder.bias.zero_()

    def encode(self, x):
        return torch.sigmoid(self.encoder(x))                                    # (R, H)

    def loss(self, clean, corrupted):
        y = self.encode(corrupted)
        logits = F.linear(y, self.encoder.weight.t(), self.visible_bias)         # (R, N)
        return F.binary_cross_entropy_with_logits(logits, clean, reduction="sum") / clean.shape[0]


def sgd_epoch(parameters, samples, batch, lr, generator, step):
    """One shuffled pass of mini-batches; step(index) returns the loss of that batch. Returns the mean loss."""
    optimizer = torch.optim.SGD(parameters, lr=lr)
    order = torch.randperm(samples, generator=generator)
    total = torch.zeros(())
    for start in range(0, samples, batch):
        index = order[start:start + batch]
        optimizer.zero_grad(set_to_none=True)
        loss = step(index)
        loss.backward()
        optimizer.step()
        total += loss.detach() * len(index)
    return total.item() / samples


def error(encoders, head, x, t):
    with torch.no_grad():
        for e in encoders:
            x = e.encode(x)
        return (head(x).argmax(1) != t).double().mean().item()


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--mnist", required=True, help="folder of the four MNIST IDX files")
    p.add_argument("--train-count", type=int, default=50000, help="training images (the first N of the 50,000)")
    p.add_argument("--validation-count", type=int, default=10000, help="validation images (the first N of the last 10,000)")
    p.add_argument("--test-count", type=int)
    p.add_argument("--hidden", default="1000,1000,1000", help="hidden sizes, comma-separated")
    p.add_argument("--noise", help="masking fraction nu per layer, or one value for every layer "
                   "(default: the tutorial's 0.1,0.2,0.3, the first L of them for L layers)")
    p.add_argument("--pretrain-epochs", type=int, default=15)
    p.add_argument("--pretrain-lr", type=float, default=0.001)
    p.add_argument("--finetune-epochs", type=int, default=1000)
    p.add_argument("--finetune-lr", type=float, default=0.1)
    p.add_argument("--batch-size", type=int, default=1)
    p.add_argument("--threads", type=int, default=0, help="0 = every core (os.cpu_count())")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--json", help="also write the results here")
    a = p.parse_args()

    threads = a.threads or os.cpu_count()
    torch.set_num_threads(threads)
    x_all, t_all, x_test, t_test = load_mnist(a.mnist)
    x_train, t_train = x_all[:50000][:a.train_count], t_all[:50000][:a.train_count]
    x_valid, t_valid = x_all[50000:][:a.validation_count], t_all[50000:][:a.validation_count]
    if a.test_count:
        x_test, t_test = x_test[:a.test_count], t_test[:a.test_count]
    hidden = [int(h) for h in a.hidden.split(",")]
    noise = [float(v) for v in a.noise.split(",")] if a.noise else [0.1, 0.2, 0.3][:len(hidden)]
    noise = noise * len(hidden) if len(noise) == 1 else noise
    if len(noise) != len(hidden):
        raise SystemExit(f"--noise gives {len(noise)} values for {len(hidden)} layers")

    generator = torch.Generator().manual_seed(a.seed)            # initialisation
    shuffle = torch.Generator().manual_seed(a.seed + 1)          # mini-batch order
    corruption = torch.Generator().manual_seed(a.seed + 2)       # masking draws
    samples = len(x_train)
    stages, started = [], time.perf_counter()

    def record(name, layer, clock, epochs, loss):
        # clock = (wall, process CPU) at the stage's start; CPU time (all threads) leaves out the waits for a busy core
        seconds, cpu = time.perf_counter() - clock[0], time.process_time() - clock[1]
        stages.append({"stage": name, "layer": layer, "epochs": epochs, "loss": loss, "seconds": round(seconds, 3),
                       "cpu_seconds": round(cpu, 3), "ms_per_sample_epoch": round(1e3 * seconds / (epochs * samples), 4),
                       "peak_rss_bytes": peak_rss_bytes()})
        s = stages[-1]
        print(f"{name} layer {layer}: {epochs} epochs, loss {loss:.4f}, {seconds:.1f} s, CPU {cpu:.1f} s "
              f"({s['ms_per_sample_epoch']:.3f} ms per sample and epoch), peak RSS {s['peak_rss_bytes'] / 2**20:.0f} MiB",
              flush=True)

    encoders, codes = [], x_train
    for layer, (h, nu) in enumerate(zip(hidden, noise), start=1):
        dae = DenoisingAutoencoder(codes.shape[1], h, generator)
        clock, loss = (time.perf_counter(), time.process_time()), float("nan")

        def pretrain_step(index):
            clean = codes[index]
            kept = torch.rand(clean.shape, generator=corruption) >= nu
            return dae.loss(clean, clean * kept)

        for _ in range(a.pretrain_epochs):
            loss = sgd_epoch(list(dae.parameters()), samples, a.batch_size, a.pretrain_lr, shuffle, pretrain_step)
        record("pretrain", layer, clock, a.pretrain_epochs, loss)
        encoders.append(dae)
        with torch.no_grad():
            codes = dae.encode(codes)

    head = torch.nn.Linear(hidden[-1], 10)
    with torch.no_grad():
        head.weight.zero_()
        head.bias.zero_()
    parameters = [q for e in encoders for q in e.encoder.parameters()] + list(head.parameters())

    def finetune_step(index):
        y = x_train[index]
        for e in encoders:
            y = e.encode(y)
        return F.cross_entropy(head(y), t_train[index])

    # The tutorial's early stopping, counted in mini-batch steps: patience 10 epochs, doubled on a clear improvement.
    steps_per_epoch = math.ceil(samples / a.batch_size)
    patience, best, best_epoch, best_state = 10 * steps_per_epoch, math.inf, 0, None
    clock, loss, epoch = (time.perf_counter(), time.process_time()), float("nan"), 0
    while epoch < a.finetune_epochs and epoch * steps_per_epoch < patience:
        epoch += 1
        loss = sgd_epoch(parameters, samples, a.batch_size, a.finetune_lr, shuffle, finetune_step)
        validation = error(encoders, head, x_valid, t_valid)
        if validation < best:
            if validation < best * 0.995:
                patience = max(patience, 2 * epoch * steps_per_epoch)
            best, best_epoch = validation, epoch
            best_state = copy.deepcopy(([e.state_dict() for e in encoders], head.state_dict()))
    record("finetune", len(hidden), clock, epoch, loss)
    for e, state in zip(encoders, best_state[0]):
        e.load_state_dict(state)
    head.load_state_dict(best_state[1])
    test = error(encoders, head, x_test, t_test)
    total = time.perf_counter() - started
    print(f"validation error {100 * best:.2f} % (epoch {best_epoch}), test error {100 * test:.2f} % "
          f"({len(t_test)} images); {total:.1f} s; {threads} threads; torch {torch.__version__}")
    if a.json:
        with open(a.json, "w") as f:
            json.dump({"validation_error": best, "best_epoch": best_epoch, "test_error": test, "seconds_total": total,
                       "threads": threads, "torch_version": torch.__version__, "stages": stages}, f, indent=2)


if __name__ == "__main__":
    main()
