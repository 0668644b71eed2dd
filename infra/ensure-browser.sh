#!/usr/bin/env bash
# Browser tests drive Debian's Chromium through Playwright (no browser download works here).
# Install it when missing and we are allowed to (root with apt); otherwise say so loudly:
# the browser tests then fail rather than skip.
set -euo pipefail
if command -v chromium >/dev/null 2>&1; then
  exit 0
fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "ensure-browser: installing Debian's chromium package"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
else
  echo "ensure-browser: chromium is missing and cannot be installed here (need root and apt-get)" >&2
fi
