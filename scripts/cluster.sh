#!/usr/bin/env bash
# A local cluster of three instances on one Redis (docs/cluster.md), for trying cluster mode:
# redis-server on 6390, instances a, b, c on http://127.0.0.1:8787, 8788, 8789. Ctrl-C stops all.
# Needs redis-server (Debian: apt-get install redis-server) and `bash scripts/setup.sh` done once.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

command -v redis-server >/dev/null || { echo "cluster.sh: redis-server is not installed" >&2; exit 1; }
# Each runs in its own session (setsid), so Ctrl-C reaches only this script: it then stops the
# instances (SIGTERM: they drain, close their sessions and workers), and Redis after them.
instances=()
stop() {
  trap - INT TERM EXIT
  for pid in "${instances[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${instances[@]}"; do wait "$pid" 2>/dev/null || true; done
  kill -TERM "$redis" 2>/dev/null || true
  wait "$redis" 2>/dev/null || true
}
trap stop INT TERM EXIT

setsid redis-server --port 6390 --bind 127.0.0.1 --save '' --appendonly no >/dev/null &
redis=$!

export SFU_REDIS_URL=redis://127.0.0.1:6390
export SFU_CLUSTER_SECRET="${SFU_CLUSTER_SECRET:-local-cluster-secret-123}"
export SFU_APPS="${SFU_APPS:-demo:demo-secret-123}"
export SFU_HOST=127.0.0.1 SFU_RTC_LISTEN_IP=127.0.0.1
for i in 0 1 2; do
  id=$(printf "\\x$(printf %x $((97 + i)))")
  SFU_PORT=$((8787 + i)) SFU_RTC_MIN_PORT=$((40000 + i * 1000)) SFU_RTC_MAX_PORT=$((40999 + i * 1000)) SFU_INSTANCE_ID=$id \
    setsid node --import tsx src/server/main.ts &
  instances+=($!)
done
echo "cluster.sh: instances a, b, c on http://127.0.0.1:8787, 8788, 8789 (app ${SFU_APPS%%:*}); Ctrl-C stops them"
wait "${instances[@]}"

