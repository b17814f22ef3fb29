#!/usr/bin/env bash
# Start-up benchmark: time from launching the fat jar to /actuator/health UP, and memory right after, over N runs,
# each on a fresh embedded store. Usage: src/bench/startup.sh [runs]   (builds the jar first if it is missing)
set -euo pipefail
cd "$(dirname "$0")/../.."
runs=${1:-5}
jar=$(ls target/leadgrade-*.jar 2>/dev/null | grep -v original | head -n 1 || true)
if [ -z "$jar" ]; then ./mvnw -B -q package -DskipTests; jar=$(ls target/leadgrade-*.jar | grep -v original | head -n 1); fi
port=18099
key=lg_00000000beef_startup-benchmark-key-not-for-production-00
for run in $(seq 1 "$runs"); do
  data=$(mktemp -d)
  start=$(date +%s%N)
  java -jar "$jar" --server.port=$port --leadgrade.store.embedded.path="$data" --leadgrade.security.initial-admin-key="$key" > "$data/app.log" 2>&1 &
  pid=$!
  until curl -fs "localhost:$port/actuator/health" 2>/dev/null | grep -q '"status":"UP"'; do
    kill -0 $pid 2>/dev/null || { echo "app exited; see $data/app.log"; exit 1; }
    sleep 0.05
  done
  ms=$(( ($(date +%s%N) - start) / 1000000 ))
  rss_kb=$(awk '/VmRSS/ {print $2}' /proc/$pid/status)
  heap=$(curl -fs -H "X-API-Key: $key" "localhost:$port/actuator/metrics/jvm.memory.used?tag=area:heap" | grep -oE '"value":[0-9.E+-]+' | cut -d: -f2)
  printf 'run %d: health UP after %d ms, RSS %d MB, heap used %.0f MB\n' "$run" "$ms" $((rss_kb / 1024)) "$(awk -v h="$heap" 'BEGIN { print h / 1048576 }')"
  kill $pid; wait $pid 2>/dev/null || true
  rm -rf "$data"
done
