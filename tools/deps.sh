#!/usr/bin/env bash
# Install the Debian packages the project builds with, if any is missing.
# Fast path: when every package is present it prints nothing and exits 0.
# Usage: tools/deps.sh [--check]   (--check: only report what is missing, exit 1 if any)
set -euo pipefail

packages=(
  cmake g++ make
  ninja-build      # the generator: a no-op build in milliseconds (the edit loop)
  verilator        # 5.006: verilate() CMake function, lint
  catch2           # 2.13 (v2 API)
  libcli11-dev
  libfmt-dev
  nlohmann-json3-dev   # JSON: model recipes and stamps, reports
  libtomlplusplus-dev  # TOML: profiles and model lists
  zlib1g-dev       # FST waveforms (the Verilator runtime)
  iverilog         # cross-check elaboration and the Icarus replay
  libxml2-utils    # xmllint: the tests validate cosim's JUnit reports against tests/junit/JUnit.xsd
  clang            # libFuzzer target
  libclang-rt-dev  # libFuzzer, ASan, UBSan runtimes for clang (only recommended by clang)
  python3          # helper scripts under tools/
  # The tests that look at a view as a person would (tests/core/check_view.py,
  # check_html.py): GTKWave under Xvfb, screenshots, headless Chromium.
  gtkwave xvfb xauth imagemagick chromium fonts-dejavu-core
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "${1:-}" = "--check" ]; then
  echo "deps: missing packages: ${missing[*]}" >&2
  exit 1
fi

echo "deps: installing ${missing[*]}"
if [ "$(id -u)" -eq 0 ]; then
  sudo=()
elif command -v sudo >/dev/null 2>&1; then
  sudo=(sudo)
else
  echo "deps: not root and no sudo; install as root: apt-get install ${missing[*]}" >&2
  exit 2
fi
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -qq
"${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
