#!/bin/bash
cd "$(dirname "${BASH_SOURCE[0]}")/.."
# The node beside the Aeron floor at 10k/s (docs/PERFORMANCE.md, issue 15), then the 100k/s and step runs; about 3 minutes.
run() { echo "### $*"; "$@" 2>&1 | grep -E "µs|sustainable|kept up" ; }
for t in ipc udp; do
  for idle in backoff busy-spin; do
    run ./poolbook bench floor --transport $t --idle $idle --seconds 5 --warmup-seconds 2
    run ./poolbook bench load --workload exchange --transport $t --idle $idle --rate 10000 --seconds 5 --warmup-seconds 2 --fsync interval_ms --client-process --out target/bench-compact
  done
done
run ./poolbook bench load --workload exchange --transport ipc --idle backoff --rate 10000 --seconds 5 --warmup-seconds 2 --fsync none --client-process --out target/bench-compact
run ./poolbook bench load --workload exchange --transport ipc --idle backoff --rate 10000 --seconds 5 --warmup-seconds 2 --fsync interval_ms --client-process --layout pipelined --out target/bench-compact
run taskset -c 0 ./poolbook bench load --workload exchange --transport ipc --idle busy-spin --rate 100000 --seconds 5 --warmup-seconds 2 --fsync interval_ms --client-process --client-cpus 1 --out target/bench-compact
run ./poolbook bench load --workload exchange --mode step --rate 50000 --step-factor 2 --max-steps 6 --step-seconds 2 --step-warmup-seconds 1 --to-capacity --p99-bound-us 10000 --fsync interval_ms --client-process --out target/bench-compact
run ./poolbook bench load --workload exchange --mode step --rate 50000 --step-factor 2 --max-steps 6 --step-seconds 2 --step-warmup-seconds 1 --to-capacity --p99-bound-us 10000 --fsync interval_ms --client-process --layout pipelined --out target/bench-compact
