#!/usr/bin/env bash
# Makes sure the e2e suite has a browser. Playwright cannot download its own here, so it uses
# Debian's chromium; when none is present and we are root on Debian, it installs the package.
set -euo pipefail
cd "$(dirname "$0")/../.."

if [ -n "${PLAYWRIGHT_CHROMIUM_EXECUTABLE:-}" ]; then
  [ -x "$PLAYWRIGHT_CHROMIUM_EXECUTABLE" ] && exit 0
  echo "PLAYWRIGHT_CHROMIUM_EXECUTABLE=$PLAYWRIGHT_CHROMIUM_EXECUTABLE is not an executable file." >&2
  exit 1
fi
[ -x /usr/bin/chromium ] && exit 0
if node -e 'process.exit(require("fs").existsSync(require("@playwright/test").chromium.executablePath()) ? 0 : 1)'; then
  exit 0
fi
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "No browser for the e2e tests: installing Debian's chromium package…"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  exit 0
fi
echo "No Chromium found. Install one (Debian: apt-get install chromium) or set PLAYWRIGHT_CHROMIUM_EXECUTABLE." >&2
exit 1
