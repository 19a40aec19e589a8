#!/bin/sh
# Issue 10 §2, §5 and §6 in one session: MusicGenre with its CPU fast paths on and off, ONNX Runtime on the
# reference musicnn ONNX (inside BenchmarkDotNet), then PyTorch 1.13 on OpenBLAS on the same seed CNN-LSTM work.
# Load averages are printed before and after each part: the figures are only comparable within a quiet session.
#
#   benchmarks/peers/issue10.sh            (from the repository root; needs ../shared, python3-torch, libopenblas0-openmp)
set -eu
cd "$(dirname "$0")/../.."
bench() { dotnet run -c Release --project benchmarks/MusicGenre.Benchmarks -- "$@" --job short --inProcess; }
echo "== $(date -u +%FT%TZ) load: $(cut -d' ' -f1-3 /proc/loadavg)"
bench --filter '*MusicnnBenchmarks.Patch*'
echo "== $(date -u +%FT%TZ) load: $(cut -d' ' -f1-3 /proc/loadavg)"
bench --filter '*TrainingBenchmarks*' '*InferenceBenchmarks*'
echo "== $(date -u +%FT%TZ) load: $(cut -d' ' -f1-3 /proc/loadavg)"
# Debian's python3 (the one with python3-torch), not a python3 earlier on PATH. OpenBLAS 0.3.21 does not know
# every newer CPU and then runs its slowest kernels ("Prescott"); SkylakeX is the right set on AVX-512 machines.
OPENBLAS_CORETYPE=SkylakeX /usr/bin/python3 benchmarks/peers/seed_cnn_lstm.py
echo "== $(date -u +%FT%TZ) load: $(cut -d' ' -f1-3 /proc/loadavg)"
/usr/bin/python3 benchmarks/peers/seed_cnn_lstm.py
echo "== $(date -u +%FT%TZ) load: $(cut -d' ' -f1-3 /proc/loadavg)"
