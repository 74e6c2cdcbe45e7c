#!/usr/bin/env bash
# Set up what the benchmarks need (the same as the tests: packages, PulseAudio, the small English test model),
# then run every benchmark and print the table of figures and targets. Extra arguments go to run_all.py
# (--quick for a shorter run, --only NAME[,NAME] for some of them, --verbose for their logs).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --test
eval "$(scripts/start-pulse.sh)"
eval "$(scripts/fetch-test-model.sh)"
exec .venv/bin/python benchmarks/run_all.py "$@"
