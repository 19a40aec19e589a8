#!/usr/bin/env bash
# Tracks/s of a genre cluster on this machine with 1, 2, 3... silos (docs/scale.md):
#   benchmarks/cluster-throughput.sh MODEL INPUT [SILOS...]      e.g. ... cnn-lstm.mgmodel ../shared/data/gtzan-mini 1 2 3
# Starts a private redis-server on 127.0.0.1 (a free port), N `musicgenre silo` processes (default workers: one per
# core each) and one `musicgenre batch` over INPUT; prints the batch's own figure (tracks written / wall time of the
# run, from the first track sent to the last row flushed; silo start-up not included). Builds the CLI if needed.
set -euo pipefail
[ $# -ge 2 ] || { echo "usage: $0 MODEL INPUT [SILOS...]" >&2; exit 2; }
model=$(realpath "$1"); input=$(realpath "$2"); shift 2
counts=("${@:-1 2 3}"); [ $# -gt 0 ] || counts=(1 2 3)
root=$(cd "$(dirname "$0")/.." && pwd)
cli="$root/src/MusicGenre.Cli/bin/Release/net10.0/MusicGenre.Cli.dll"
[ -f "$cli" ] || dotnet build "$root/src/MusicGenre.Cli" -c Release -v q
work=$(mktemp -d /tmp/musicgenre-throughput.XXXXXX)
pids=()
cleanup() { for p in "${pids[@]}"; do kill -9 "$p" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
redis_port=$(free_port)
redis-server --port "$redis_port" --bind 127.0.0.1 --save "" --appendonly no >"$work/redis.log" 2>&1 & pids+=($!)
sleep 1
echo "model $(basename "$model"), input $input ($(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg))"
for n in "${counts[@]}"; do
  id="throughput-$n-$RANDOM"
  silo_pids=()
  for i in $(seq 1 "$n"); do
    dotnet "$cli" silo --model "$model" --cluster "redis://127.0.0.1:$redis_port" --cluster-id "$id" --name "silo-$i" \
      --silo-port "$(free_port)" --gateway-port "$(free_port)" >"$work/silo-$n-$i.log" 2>&1 & silo_pids+=($!); pids+=($!)
  done
  for i in $(seq 1 "$n"); do
    timeout 180 bash -c "until grep -qs 'is up' '$work/silo-$n-$i.log'; do sleep 0.5; done" || { cat "$work/silo-$n-$i.log"; exit 1; }
  done
  dotnet "$cli" batch --cluster "redis://127.0.0.1:$redis_port" --cluster-id "$id" --input "$input" --out "$work/results-$n.csv" --progress-every 30 >"$work/batch-$n.log" 2>&1 || true
  echo "$n silo(s): $(grep -o 'Done: .*tracks/s)' "$work/batch-$n.log" | tr '\n' ' ')"
  grep -h "Silos:" "$work/batch-$n.log" | sed 's/^/    /'
  for p in "${silo_pids[@]}"; do kill -TERM "$p" 2>/dev/null || true; done
  for p in "${silo_pids[@]}"; do wait "$p" 2>/dev/null || true; done
done
