#!/usr/bin/env bash
# Serves the built studio on the given port for the e2e suite; builds first if no build exists,
# so `npx playwright test` also works on its own.
set -euo pipefail
port="$1"
cd "$(dirname "$0")/../.."
if [ ! -f .next/BUILD_ID ]; then
  flock .next-build.lock bash -c '[ -f .next/BUILD_ID ] || npx --no-install next build'
fi
if [ -n "${STUDIO_DATA_DIR:-}" ]; then rm -rf "$STUDIO_DATA_DIR"; fi
exec npx --no-install next start --hostname 127.0.0.1 --port "$port"
