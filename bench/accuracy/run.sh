#!/usr/bin/env bash
# Recommendation accuracy (bench/README.md, "Recommendation accuracy"): the engine's precision-speedup
# and batch-size predictions against public, measured GPU benchmarks (bench/accuracy/cases.csv, each
# case with its source at a fixed commit). Predictions come from the packaged jar's own classes, called
# reflectively; no database and no running app are needed. Extra options go to the runner, e.g.:
#   bench/accuracy/run.sh --gpu-util=0.8 --readme=
set -euo pipefail
cd "$(dirname "$0")/../.."

JAR=${COSTWISE_JAR:-$(ls target/costwise-*.jar 2>/dev/null | grep -v '\.original$' | head -n 1 || true)}
if [ -z "$JAR" ] || [ ! -f "$JAR" ]; then
  echo "No target/costwise-*.jar: build it first with ./mvnw -q package -DskipTests" >&2
  exit 1
fi

WORK=$(mktemp -d "${TMPDIR:-/tmp}/costwise-bench-accuracy.XXXXXX")
trap 'rm -rf "$WORK"' EXIT

# A private copy of the jar's classes, so that a rebuild of target/ during the run changes nothing.
cp "$JAR" "$WORK/app.jar"
mkdir -p "$WORK/jar"
(cd "$WORK/jar" && jar xf ../app.jar BOOT-INF/lib BOOT-INF/classes)
CP="$WORK/jar/BOOT-INF/classes:$WORK/jar/BOOT-INF/lib/*"

java -Xmx512m -cp "$CP" bench/accuracy/AccuracyBenchmark.java \
  --cases=bench/accuracy/cases.csv --readme=bench/README.md "$@"
