#!/usr/bin/env bash
# Installs Debian's chromium for the browser tests (tests/Taskcluster.Browser.Tests) when it is missing.
# Playwright cannot download its own browsers on every machine; the tests launch this one by its path.
set -euo pipefail
if command -v chromium >/dev/null 2>&1; then
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then SUDO=sudo; else SUDO=; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq chromium >/dev/null
command -v chromium
