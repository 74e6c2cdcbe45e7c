#!/usr/bin/env bash
# Stop the processes scripts/start-pulse.sh started: give it the ids it printed in MEND_PULSE_STARTED.
#   scripts/stop-pulse.sh $MEND_PULSE_STARTED
# Only a pulseaudio or pacat process is stopped, so an id that has since been reused by something else is left
# alone; anything start-pulse.sh did not start (someone else's audio server) is never touched.
set -uo pipefail
stopping=()
for pid in "$@"; do
    case "$(cat "/proc/$pid/comm" 2>/dev/null)" in
        pulseaudio|pacat) kill -TERM "$pid" 2>/dev/null && stopping+=("$pid") ;;
    esac
done
for _ in $(seq 50); do
    left=0
    for pid in "${stopping[@]}"; do
        kill -0 "$pid" 2>/dev/null && left=1
    done
    (( left )) || exit 0
    sleep 0.1
done
for pid in "${stopping[@]}"; do
    kill -KILL "$pid" 2>/dev/null
done
exit 0
