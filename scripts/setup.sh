#!/usr/bin/env bash
# Install what mend needs on a Debian/Ubuntu machine, skipping whatever is already there:
# system packages (when run as root or with sudo), a virtual environment in .venv, and mend itself.
# Usage: scripts/setup.sh [--test]   (--test adds what the test suite needs: PulseAudio tools, test packages)
set -euo pipefail
cd "$(dirname "$0")/.."
want_test=0
[ "${1:-}" = "--test" ] && want_test=1

packages=(python3 python3-venv libportaudio2 espeak-ng)
if [ "$want_test" = 1 ]; then
    packages+=(pulseaudio pulseaudio-utils libasound2-plugins alsa-utils sox zsh fish)  # shells: completion tests
fi
missing=()
for pkg in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if [ "${#missing[@]}" -gt 0 ]; then
    sudo_cmd=()
    [ "$(id -u)" = 0 ] || sudo_cmd=(sudo)
    if [ "$(id -u)" = 0 ] || command -v sudo >/dev/null 2>&1; then
        echo "Installing system packages: ${missing[*]}" >&2
        "${sudo_cmd[@]}" apt-get update -qq >&2
        DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq "${missing[@]}" >&2
    else
        echo "Please install these system packages first: ${missing[*]}" >&2
        exit 1
    fi
fi

python=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
    "$python" -m venv .venv
fi
stamp=.venv/.mend-installed
extra=""
[ "$want_test" = 1 ] && extra="[test]"
if [ ! -f "$stamp$extra" ] || [ pyproject.toml -nt "$stamp$extra" ] || [ constraints.txt -nt "$stamp$extra" ]; then
    .venv/bin/python -m pip install -q --upgrade pip >&2
    .venv/bin/python -m pip install -q -e ".$extra" -c constraints.txt >&2
    touch "$stamp$extra"
fi
