#!/usr/bin/env bash
# Usage series benchmark (bench/README.md, "Usage series"): GET /api/v1/workloads/{key}/usage over one
# workload with 1,000,000 raw samples (sent through POST /api/v1/telemetry/samples, so the rollups are
# the ingestion's own), next to the same aggregate computed from the raw samples table and a trivial
# HTTP round trip in the same run. Needs a built jar (./mvnw -q package -DskipTests) and a PostgreSQL
# server (default 127.0.0.1:5432, user postgres; see PG* below) on which it creates, and afterwards
# drops, the database costwise_bench_usage. Extra options go to the runner:
#   bench/usage/run.sh --nodes=64 --runs=9 --samples=200000 --readme= --keep-database
set -euo pipefail
cd "$(dirname "$0")/../.."

JAR=${COSTWISE_JAR:-$(ls target/costwise-*.jar 2>/dev/null | grep -v '\.original$' | head -n 1 || true)}
if [ -z "$JAR" ] || [ ! -f "$JAR" ]; then
  echo "No target/costwise-*.jar: build it first with ./mvnw -q package -DskipTests" >&2
  exit 1
fi

WORK=$(mktemp -d "${TMPDIR:-/tmp}/costwise-bench-usage.XXXXXX")
cleanup() {
  status=$?
  # The runner stops the app itself (also on Ctrl-C); this only catches a runner that died hard.
  if [ -s "$WORK/app.pid" ]; then
    pid=$(cat "$WORK/app.pid")
    if [ -r "/proc/$pid/cmdline" ] && tr '\0' ' ' < "/proc/$pid/cmdline" | grep -q -- "$WORK/app.jar"; then
      kill "$pid" 2>/dev/null || true
      for _ in $(seq 1 30); do kill -0 "$pid" 2>/dev/null || break; sleep 1; done
      kill -9 "$pid" 2>/dev/null || true
    fi
  fi
  if [ "$status" -ne 0 ] && [ -f "$WORK/app.log" ]; then
    echo "--- last lines of the application's log ---" >&2
    tail -n 40 "$WORK/app.log" >&2
  fi
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# A private copy of the jar, so that a rebuild of target/ during the run changes nothing; the runner
# checks its copy of the app's SQL against the jar's own classes and uses the jar's PgJDBC.
cp "$JAR" "$WORK/app.jar"
mkdir -p "$WORK/jar"
(cd "$WORK/jar" && jar xf ../app.jar BOOT-INF/lib BOOT-INF/classes)
CP="$WORK/jar/BOOT-INF/classes:$WORK/jar/BOOT-INF/lib/*"

java -Xmx1g -cp "$CP" -Dbench.command="$*" bench/usage/UsageBenchmark.java \
  --jar="$WORK/app.jar" --app-log="$WORK/app.log" --pid-file="$WORK/app.pid" \
  --pg-host="${PGHOST:-127.0.0.1}" --pg-port="${PGPORT:-5432}" --pg-user="${PGUSER:-postgres}" \
  --pg-password="${PGPASSWORD:-}" --readme=bench/README.md "$@"
