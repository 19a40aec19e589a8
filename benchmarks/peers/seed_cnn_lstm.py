#!/usr/bin/env python3
"""PyTorch peer for MusicGenre's seed CNN-LSTM benchmarks (TrainingBenchmarks, InferenceBenchmarks).

The same network (Conv2d 1->20 5x5, ReLU, MaxPool 2; Conv2d 20->50 5x5, ReLU, MaxPool 2; Flatten; Dense 20;
LSTM 512 over the 20 values as 20 steps; Dense 10; 1,605,440 parameters for 64x173 windows), the same work:
  - one Adam training step (zero_grad, forward, cross-entropy, backward, step) on a batch of 32 random windows;
  - inference of 64 windows in chunks of 16 under no_grad (MusicGenre's GenreNetworkModel.Forward does the same).
Plain PyTorch as a user would write it (NCHW, default backends), on 2 threads.

    python3 benchmarks/peers/seed_cnn_lstm.py [--threads 2] [--repeats 20]

Debian's python3-torch 1.13 takes BLAS from libblas.so.3 (update-alternatives): check that the report below says
openblas, not the reference BLAS. OpenBLAS 0.3.21 does not recognise every newer CPU and then falls back to its
slowest kernels ("Prescott"); the report prints the kernel OpenBLAS chose, and OPENBLAS_CORETYPE (e.g. SkylakeX)
selects one explicitly.
"""
import argparse
import json
import statistics
import sys
import time

import torch
import torch.nn as nn


class SeedCnnLstm(nn.Module):
    def __init__(self, n_mels=64, frames=173, classes=10):
        super().__init__()
        self.front = nn.Sequential(
            nn.Conv2d(1, 20, 5), nn.ReLU(), nn.MaxPool2d(2),
            nn.Conv2d(20, 50, 5), nn.ReLU(), nn.MaxPool2d(2),
            nn.Flatten(),
            nn.Linear(50 * (((n_mels - 4) // 2 - 4) // 2) * (((frames - 4) // 2 - 4) // 2), 20))
        self.lstm = nn.LSTM(1, 512, batch_first=True)
        self.output = nn.Linear(512, classes)

    def forward(self, x):
        sequence = self.front(x).unsqueeze(-1)
        return self.output(self.lstm(sequence)[0][:, -1, :])


def timed(body, repeats):
    for _ in range(3):
        body()
    times, cpu = [], []
    for _ in range(repeats):
        start, start_cpu = time.perf_counter(), time.process_time()
        body()
        times.append((time.perf_counter() - start) * 1e3)
        cpu.append((time.process_time() - start_cpu) * 1e3)
    # Process CPU time (all threads) is what a busy machine inflates least; wall time is what the benchmarks compare.
    return {"mean_ms": statistics.mean(times), "median_ms": statistics.median(times), "min_ms": min(times),
            "stdev_ms": statistics.stdev(times) if len(times) > 1 else 0.0, "min_cpu_ms": min(cpu)}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--repeats", type=int, default=20)
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(1)

    report = {"torch": torch.__version__, "threads": torch.get_num_threads()}
    try:
        import threadpoolctl
        report["threadpools"] = [{k: p.get(k) for k in ("internal_api", "filepath", "architecture", "num_threads")}
                                 for p in threadpoolctl.threadpool_info()]
    except ImportError:
        report["threadpools"] = "threadpoolctl not installed"

    network = SeedCnnLstm()
    report["parameters"] = sum(p.numel() for p in network.parameters())
    optimizer = torch.optim.Adam(network.parameters(), lr=1e-3)
    batch = torch.randn(32, 1, 64, 173)
    target = torch.randint(0, 10, (32,))

    def train_step():
        optimizer.zero_grad()
        loss = nn.functional.cross_entropy(network(batch), target)
        loss.backward()
        optimizer.step()
        return loss.item()

    network.train()
    report["train_step_batch32"] = timed(train_step, args.repeats)

    windows = torch.randn(64, 1, 64, 173)

    def infer():
        with torch.no_grad():
            return [torch.softmax(network(chunk), 1) for chunk in windows.split(16)]

    network.eval()
    inference = timed(infer, args.repeats)
    inference["windows_per_s_from_median"] = 64 / (inference["median_ms"] / 1e3)
    report["inference_64_windows_chunks_of_16"] = inference
    # Loaded now (after the runs), so the report shows the BLAS that actually served them.
    if isinstance(report["threadpools"], list):
        import threadpoolctl
        report["threadpools"] = [{k: p.get(k) for k in ("internal_api", "filepath", "architecture", "num_threads")}
                                 for p in threadpoolctl.threadpool_info()]
    json.dump(report, sys.stdout, indent=1)
    print()


if __name__ == "__main__":
    main()
