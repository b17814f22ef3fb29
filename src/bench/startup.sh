#!/usr/bin/env bash
# Start-up benchmark: time from launching the JVM to /actuator/health UP, CPU and memory right after, over N rounds,
# each start on a fresh embedded store. Every round starts the three ways README "Run it as a service" describes,
# one after the other, so they are compared in the same minutes:
#   jar        java -jar target/leadgrade-*.jar
#   extracted  the same jar extracted (java -Djarmode=tools -jar ... extract): classes from plain jars
#   cds        the extracted jar with a class-data-sharing archive made from a training start
# Usage: src/bench/startup.sh [rounds]   (builds the jar first if it is missing; the extraction and the archive are
# made again for every run of this script, under target/startup/)
set -euo pipefail
cd "$(dirname "$0")/../.."
rounds=${1:-5}
jar=$(ls target/leadgrade-*.jar 2>/dev/null | grep -v original | head -n 1 || true)
if [ -z "$jar" ]; then ./mvnw -B -q package -DskipTests; jar=$(ls target/leadgrade-*.jar | grep -v original | head -n 1); fi
port=18099
key=lg_00000000beef_startup-benchmark-key-not-for-production-00
work=target/startup
rm -rf "$work" && mkdir -p "$work"
java -Djarmode=tools -jar "$jar" extract --destination "$work/extracted" > /dev/null
extracted="$work/extracted/$(basename "$jar")"

# The archive, as in README "Run it as a service": list the classes a start loads, then dump them. The list's
# lambda lines (@lambda-proxy, @lambda-form-invoker) are left out: Debian's OpenJDK 17.0.15 crashes writing them,
# and -XX:ArchiveClassesAtExit crashes the same way.
training=$(mktemp -d)
java -XX:DumpLoadedClassList="$work/classes.all" -Dspring.context.exit=onRefresh -jar "$extracted" \
  --server.port=0 --leadgrade.store.embedded.path="$training" > "$work/training.log" 2>&1
rm -rf "$training"
grep -v '^@' "$work/classes.all" > "$work/classes.lst"
java -Xshare:dump -XX:SharedClassListFile="$work/classes.lst" -XX:SharedArchiveFile="$work/leadgrade.jsa" \
  -jar "$extracted" > "$work/dump.log" 2>&1

start_once() { # label, then the java arguments before the application's own
  local label=$1; shift
  local data; data=$(mktemp -d)
  local start; start=$(date +%s%N)
  java "$@" --server.port=$port --leadgrade.store.embedded.path="$data" --leadgrade.security.initial-admin-key="$key" \
    > "$data/app.log" 2>&1 &
  local pid=$!
  until curl -fs "localhost:$port/actuator/health" 2>/dev/null | grep -q '"status":"UP"'; do
    kill -0 $pid 2>/dev/null || { echo "$label: app exited; see $data/app.log"; exit 1; }
    sleep 0.05
  done
  local ms=$(( ($(date +%s%N) - start) / 1000000 ))
  local cpu; cpu=$(awk '{ printf "%.1f", ($14 + $15) / 100 }' /proc/$pid/stat)
  local rss_kb; rss_kb=$(awk '/VmRSS/ {print $2}' /proc/$pid/status)
  local heap; heap=$(curl -fs -H "X-API-Key: $key" "localhost:$port/actuator/metrics/jvm.memory.used?tag=area:heap" \
    | grep -oE '"value":[0-9.E+-]+' | cut -d: -f2)
  printf '%-10s health UP after %6d ms, CPU %5s s, RSS %4d MB, heap used %4.0f MB\n' "$label" "$ms" "$cpu" \
    $((rss_kb / 1024)) "$(awk -v h="$heap" 'BEGIN { print h / 1048576 }')"
  kill $pid; wait $pid 2>/dev/null || true
  rm -rf "$data"
}

for round in $(seq 1 "$rounds"); do
  echo "round $round (load average $(cut -d' ' -f1 /proc/loadavg))"
  start_once jar -jar "$jar"
  start_once extracted -jar "$extracted"
  # -Xshare:on: the start fails rather than quietly running without the archive.
  start_once cds -Xshare:on -XX:SharedArchiveFile="$work/leadgrade.jsa" -jar "$extracted"
done
