#!/usr/bin/env bash
# Serves the built studio on the given port for the e2e suite; builds first if no build exists,
# so `npx playwright test` also works on its own. It builds as `npm test` does, with the canary key
# that e2e/key-secrecy.spec.ts looks for.
set -euo pipefail
port="$1"
cd "$(dirname "$0")/../.."
dist="${NEXT_DIST_DIR:-.next}"
if [ ! -f "$dist/BUILD_ID" ]; then
  flock "$dist.lock" bash -c "[ -f '$dist/BUILD_ID' ] || npm run --silent build:canary"
fi
if [ -n "${STUDIO_DATA_DIR:-}" ]; then rm -rf "$STUDIO_DATA_DIR"; fi
exec node --import tsx server/main.ts --hostname 127.0.0.1 --port "$port"
