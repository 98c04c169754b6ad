#!/usr/bin/env bash
# Runs every test of the solution (the README's test command), on a developer machine or a fresh Debian CI box.
#
# Installs what the end-to-end tests need when it is missing: Debian's chromium (Playwright drives it; Playwright's
# own browser download is never used) and a font package so screenshots render text. Extra arguments go to
# `dotnet test` (e.g. --filter, --logger trx).
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -x "${INVERSE_SCALING_BROWSER:-/usr/bin/chromium}" ] || ! fc-list 2>/dev/null | grep -qi liberation; then
  echo "Installing Debian's chromium and fonts for the browser tests..."
  sudo=""
  if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends chromium fonts-liberation fontconfig >/dev/null
fi

# The Playwright NuGet package carries its driver; it must never try to fetch a browser.
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

dotnet test InverseScaling.slnx --nologo "$@"
