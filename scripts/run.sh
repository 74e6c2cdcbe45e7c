#!/usr/bin/env bash
# Set up whatever is missing, then run mend with the given arguments (no arguments: a spoken session).
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
"$here/scripts/setup.sh"
exec "$here/.venv/bin/mend" "$@"
