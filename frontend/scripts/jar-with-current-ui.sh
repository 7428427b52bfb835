#!/usr/bin/env sh
# Builds the web UI as it is in this checkout and puts it into a COPY of the application jar, so that the
# Playwright e2e tests exercise the current UI without a Maven build:
#
#   scripts/jar-with-current-ui.sh [source jar] [target jar]
#   COSTWISE_JAR=/tmp/e2e-costwise.jar PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npx playwright test
#
# The application serves the UI from classpath:/static/ only (WebConfiguration), so a static-locations
# override cannot point it elsewhere; replacing BOOT-INF/classes/static/ in a copy of the jar can.
set -eu
cd "$(dirname "$0")/.."
SOURCE="${1:-../target/costwise-0.1.0-SNAPSHOT.jar}"
TARGET="${2:-/tmp/e2e-costwise.jar}"
DIST="$(mktemp -d)"
STAGE="$(mktemp -d)"
trap 'rm -rf "$DIST" "$STAGE"' EXIT

npm run generate:api >/dev/null
npx vite build --outDir "$DIST" --emptyOutDir >/dev/null
cp "$SOURCE" "$TARGET"
TARGET="$(cd "$(dirname "$TARGET")" && pwd)/$(basename "$TARGET")"
mkdir -p "$STAGE/BOOT-INF/classes/static"
cp -R "$DIST/." "$STAGE/BOOT-INF/classes/static/"
zip -q -d "$TARGET" 'BOOT-INF/classes/static/*' >/dev/null || true
(cd "$STAGE" && zip -q -r "$TARGET" BOOT-INF/classes/static)
echo "$TARGET now serves the UI built from $(pwd)"
