#!/usr/bin/env bash
# Start a private, headless PulseAudio with a 16 kHz mono null sink ("vsink") whose monitor is the default source,
# a second sink "micsink" whose monitor can stand in for a separate microphone (as with headphones: no echo),
# plus a silent low-latency stream per sink that keeps playback running at real time. Prints the PULSE_SERVER
# value, and in MEND_PULSE_STARTED the process ids this call started (none when everything was already running),
# so the caller can stop exactly those with scripts/stop-pulse.sh and nothing that someone else started.
# Usage: eval "$(scripts/start-pulse.sh)"
set -euo pipefail
run_dir="${MEND_PULSE_DIR:-/tmp/mend-pulse}"
mkdir -p "$run_dir"
sock="$run_dir/native"
export PULSE_SERVER="unix:$sock"
started=()

alive() {  # alive PIDFILE NAME: the process in PIDFILE is running and is NAME
    local pid
    pid="$(cat "$1" 2>/dev/null)" || return 1
    [ -n "$pid" ] && [ "$(cat "/proc/$pid/comm" 2>/dev/null)" = "$2" ]
}

if ! pactl info >/dev/null 2>&1; then
    rm -f "$sock"
    export PULSE_RUNTIME_PATH="$run_dir/runtime"
    mkdir -p "$PULSE_RUNTIME_PATH"
    pulseaudio -n --daemonize=yes --use-pid-file=yes --exit-idle-time=-1 --system=false \
        -L "module-native-protocol-unix auth-anonymous=1 socket=$sock" \
        -L "module-null-sink sink_name=vsink rate=16000 channels=1" \
        -L "module-always-sink" >/dev/null 2>&1 || true
    for _ in $(seq 50); do pactl info >/dev/null 2>&1 && break; sleep 0.1; done
    pactl info >/dev/null 2>&1 || { echo "echo 'PulseAudio did not start' >&2; false"; exit 1; }
    if alive "$PULSE_RUNTIME_PATH/pid" pulseaudio; then
        started+=("$(cat "$PULSE_RUNTIME_PATH/pid")")
    fi
    pactl set-default-sink vsink
    pactl set-default-source vsink.monitor
fi
if ! pactl list short sinks | grep -q micsink; then
    pactl load-module module-null-sink sink_name=micsink rate=16000 channels=1 >/dev/null
fi
for sink in vsink micsink; do
    pid_file="$run_dir/pacat-$sink.pid"
    if ! alive "$pid_file" pacat; then
        nohup pacat --playback --latency-msec=20 --raw --rate=16000 --channels=1 -d "$sink" /dev/zero \
            >/dev/null 2>&1 &
        echo $! > "$pid_file"
        started+=("$!")
    fi
done
echo "export PULSE_SERVER=unix:$sock"
echo "export MEND_PULSE_STARTED='${started[*]}'"
