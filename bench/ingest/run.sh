#!/usr/bin/env bash
# Telemetry ingestion benchmark (bench/README.md): 1,000,000 samples through the packaged jar's
# POST /api/v1/telemetry/samples into real PostgreSQL, next to raw COPY and JPA saveAll of the same
# rows in the same run. Needs a built jar (./mvnw -q package -DskipTests) and a PostgreSQL server
# (default 127.0.0.1:5432, user postgres; see PG* below) on which it creates, and afterwards drops,
# the database costwise_bench_ingest. Extra options go to the runner, e.g.:
#   bench/ingest/run.sh --senders=4 --format=csv --samples=200000 --saveall-rows=20000 --readme=
set -euo pipefail
cd "$(dirname "$0")/../.."

JAR=${COSTWISE_JAR:-$(ls target/costwise-*.jar 2>/dev/null | grep -v '\.original$' | head -n 1 || true)}
if [ -z "$JAR" ] || [ ! -f "$JAR" ]; then
  echo "No target/costwise-*.jar: build it first with ./mvnw -q package -DskipTests" >&2
  exit 1
fi

WORK=$(mktemp -d "${TMPDIR:-/tmp}/costwise-bench-ingest.XXXXXX")
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

# A private copy of the jar, so that a rebuild of target/ during the run changes nothing; the
# runner compiles against the jar's own libraries (Hibernate, Spring Data JPA, PgJDBC, HikariCP).
cp "$JAR" "$WORK/app.jar"
mkdir -p "$WORK/jar" "$WORK/classes"
(cd "$WORK/jar" && jar xf ../app.jar BOOT-INF/lib BOOT-INF/classes)
CP="$WORK/jar/BOOT-INF/classes:$WORK/jar/BOOT-INF/lib/*"
javac -nowarn -proc:none -d "$WORK/classes" -cp "$CP" bench/ingest/IngestBenchmark.java

java -Xmx3g -XX:+UseParallelGC -Dlogback.configurationFile=bench/ingest/logback.xml \
  -Dbench.command="$*" \
  -cp "$WORK/classes:$CP" IngestBenchmark \
  --jar="$WORK/app.jar" --app-log="$WORK/app.log" --pid-file="$WORK/app.pid" \
  --pg-host="${PGHOST:-127.0.0.1}" --pg-port="${PGPORT:-5432}" --pg-user="${PGUSER:-postgres}" \
  --pg-password="${PGPASSWORD:-}" --readme=bench/README.md "$@"
