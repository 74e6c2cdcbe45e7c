#!/usr/bin/env bash
# Set up everything the tests need (system packages, virtual environment, a private PulseAudio with a virtual
# device, the small English test model), then run the whole test suite. Extra arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --test
eval "$(scripts/start-pulse.sh)"
eval "$(scripts/fetch-test-model.sh)"
export MEND_REQUIRE_ALL=1
exec .venv/bin/python -m pytest -q -p no:cacheprovider "$@"
