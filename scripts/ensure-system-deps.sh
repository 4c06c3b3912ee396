#!/usr/bin/env bash
# Makes sure the system libraries Anbu links are present: OpenBLAS (cblas.h) and LAPACKE (lapacke.h), found
# through pkg-config. Installs them with apt-get when missing: directly as root, through sudo when it is there
# without a password; otherwise stops with the exact command to run.
set -eu
packages="libopenblas-dev liblapacke-dev pkg-config"
if ! command -v swift >/dev/null 2>&1; then
    echo "error: the Swift toolchain (swift) is not on PATH; install Swift 6.1 or later first." >&2
    exit 1
fi
if command -v pkg-config >/dev/null 2>&1 && pkg-config --exists openblas lapacke; then
    exit 0
fi
echo "OpenBLAS or LAPACKE is missing; installing: $packages"
if ! command -v apt-get >/dev/null 2>&1; then
    echo "error: no apt-get here. Install OpenBLAS and LAPACKE development files (with pkg-config files" >&2
    echo "       'openblas.pc' and 'lapacke.pc') with this system's package manager, then run make again." >&2
    exit 1
fi
if [ "$(id -u)" = 0 ]; then
    run=""
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    run="sudo"
else
    echo "error: installing needs root. Run:" >&2
    echo "    sudo apt-get update && sudo apt-get install -y $packages" >&2
    exit 1
fi
export DEBIAN_FRONTEND=noninteractive
$run apt-get update -qq
$run apt-get install -y -qq --no-install-recommends $packages >/dev/null
pkg-config --exists openblas lapacke || {
    echo "error: installed $packages but pkg-config still cannot find openblas and lapacke" >&2
    exit 1
}
echo "installed: $packages"
