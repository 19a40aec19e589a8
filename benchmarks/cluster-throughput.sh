#!/usr/bin/env bash
# The figures of docs/scale.md in one command, from the repository root:
#
#   benchmarks/cluster-throughput.sh                        # everything: 8.5 min on the busy 2-core machine (+2 min the first time: training)
#   benchmarks/cluster-throughput.sh MODEL INPUT [SILOS...] # one model file over one folder/manifest, e.g. ... 1 2 3
#
# Everything = (1) build the CLI and the benchmarks (Release) if needed; (2) train the two models of the page
# (cnn-lstm 1 epoch, musicnn-linear, on ../shared/data/gtzan-mini; throughput does not depend on accuracy) into
# $MUSICGENRE_SCALE_MODELS (default /tmp/musicgenre-scale-models; kept, so a re-run skips this); (3) for each model
# and 1, 2, 3 silos: a private redis-server on 127.0.0.1 (a free port), N `musicgenre silo` processes (default
# workers: one per core each) and one `musicgenre batch` over the 70 GTZAN clips, printing the batch's own figure
# (tracks written / wall time of the run, from the first track sent to the last row flushed; silo start-up not
# included); (4) the per-track cost split (TrackCostBenchmarks: read, decode, features, network).
# Prints the machine's cores and load average before each part: figures taken under load need a quiet re-run.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cli="$root/src/MusicGenre.Cli/bin/Release/net10.0/MusicGenre.Cli.dll"
shared=$(realpath -m "$root/../shared")
started=$(date +%s)

work=$(mktemp -d /tmp/musicgenre-throughput.XXXXXX)
pids=()
cleanup() { for p in "${pids[@]}"; do { kill -9 "$p" && wait "$p"; } 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT
machine() { echo "($(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg))"; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

[ -f "$cli" ] || dotnet build "$root/src/MusicGenre.Cli" -c Release -v q

redis_port=$(free_port)
redis-server --port "$redis_port" --bind 127.0.0.1 --save "" --appendonly no >"$work/redis.log" 2>&1 & pids+=($!)
timeout 20 bash -c "until grep -qs 'Ready to accept' '$work/redis.log'; do sleep 0.2; done" || { cat "$work/redis.log"; exit 1; }

# Tracks/s of MODEL over INPUT with each silo count in the remaining arguments.
throughput() {
  local model=$1 input=$2; shift 2
  echo "model $(basename "$model"), input $input $(machine)"
  for n in "$@"; do
    local id="throughput-$n-$RANDOM" silo_pids=() i
    for i in $(seq 1 "$n"); do
      dotnet "$cli" silo --model "$model" --cluster "redis://127.0.0.1:$redis_port" --cluster-id "$id" --name "silo-$i" \
        --silo-port "$(free_port)" --gateway-port "$(free_port)" >"$work/silo-$n-$i.log" 2>&1 & silo_pids+=($!); pids+=($!)
    done
    for i in $(seq 1 "$n"); do
      timeout 300 bash -c "until grep -qs 'is up' '$work/silo-$n-$i.log'; do sleep 0.5; done" || { cat "$work/silo-$n-$i.log"; exit 1; }
    done
    rm -f "$work/results.csv"
    dotnet "$cli" batch --cluster "redis://127.0.0.1:$redis_port" --cluster-id "$id" --input "$input" --out "$work/results.csv" --progress-every 30 >"$work/batch-$n.log" 2>&1 || true
    echo "  $n silo(s): $(grep -o 'Done: .*tracks/s)' "$work/batch-$n.log" || { echo "batch failed:"; cat "$work/batch-$n.log"; })"
    grep -h "^Silos:" "$work/batch-$n.log" | sed 's/^/      /' || true
    for p in "${silo_pids[@]}"; do kill -TERM "$p" 2>/dev/null || true; done
    for p in "${silo_pids[@]}"; do wait "$p" 2>/dev/null || true; done
  done
}

if [ $# -ge 2 ]; then
  model=$(realpath "$1"); input=$(realpath "$2"); shift 2
  [ $# -gt 0 ] || set -- 1 2 3
  throughput "$model" "$input" "$@"
  exit 0
fi
[ $# -eq 0 ] || { echo "usage: $0 [MODEL INPUT [SILOS...]]" >&2; exit 2; }

gtzan="$shared/data/gtzan-mini"
weights="$shared/models/musicnn/MSD_musicnn.h5"
[ -d "$gtzan" ] && [ -f "$weights" ] || { echo "needs $gtzan and $weights" >&2; exit 2; }
models=${MUSICGENRE_SCALE_MODELS:-/tmp/musicgenre-scale-models}
mkdir -p "$models"
train() { # KIND EXTRA...
  local kind=$1; shift
  [ -f "$models/$kind.mgmodel" ] && return
  echo "training $kind $(machine)"
  dotnet "$cli" train --data "$gtzan" --model "$kind" --test-fraction 0 --valid-fraction 0 --no-cache --device cpu \
    --report "$work/train-$kind" --out "$models/$kind.mgmodel" "$@" >"$work/train-$kind.log" 2>&1 || { cat "$work/train-$kind.log"; exit 1; }
}
train cnn-lstm --epochs 1
train musicnn-linear --musicnn-weights "$weights"

echo "== tracks/s of the cluster (70 GTZAN clips of 30 s) =="
throughput "$models/cnn-lstm.mgmodel" "$gtzan" 1 2 3
throughput "$models/musicnn-linear.mgmodel" "$gtzan" 1 2 3

echo "== per-track cost split (TrackCostBenchmarks, BenchmarkDotNet short job, in process) $(machine) =="
(cd "$root" && MUSICGENRE_SCALE_MODELS="$models" dotnet run -c Release --project benchmarks/MusicGenre.Benchmarks -- \
  --filter '*TrackCostBenchmarks*' --job short --inProcess --artifacts "$work/bdn" >"$work/costs.log" 2>&1) || { tail -40 "$work/costs.log"; exit 1; }
sed -n '/^| *Method/,/^$/p' "$work/costs.log"
echo "== done in $(( ($(date +%s) - started) / 60 )) min $(( ($(date +%s) - started) % 60 )) s $(machine) =="
