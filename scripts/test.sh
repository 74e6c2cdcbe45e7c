#!/usr/bin/env bash
# Set up everything the tests need (system packages, virtual environment, a private PulseAudio with a virtual
# device, the small English test model), then run the whole test suite. Extra arguments go to pytest.
# When it ends (passed, failed or interrupted) it stops the PulseAudio daemon and the pacat streams it started
# itself, and nothing else.
#
# --fast: the quick lane (about a minute). Sets up the environment only, and runs every test that needs neither the
# PulseAudio device nor a Vosk model, nor is marked slow; no audio server is started and no model is fetched.
set -euo pipefail
cd "$(dirname "$0")/.."
fast=0
if [[ "${1:-}" == "--fast" ]]; then
    fast=1
    shift
fi
scripts/setup.sh --test
if (( fast )); then
    exec .venv/bin/python -m pytest -q -p no:cacheprovider -m "not audio and not model and not slow" "$@"
fi
MEND_PULSE_STARTED=""
stop_pulse() {
    # shellcheck disable=SC2086  # the ids are separate words
    [ -z "$MEND_PULSE_STARTED" ] || scripts/stop-pulse.sh $MEND_PULSE_STARTED
}
trap stop_pulse EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
eval "$(scripts/start-pulse.sh)"
eval "$(scripts/fetch-test-model.sh)"
export MEND_REQUIRE_ALL=1
status=0
.venv/bin/python -m pytest -q -p no:cacheprovider "$@" || status=$?
exit "$status"
