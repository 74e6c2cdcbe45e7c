"""The usual way to build a voice assistant, as the yardstick for mend's response time.

A long-lived worker process (so model loading is not counted) holding a Vosk recognizer and a pyttsx3 engine.
For each trial it streams the person's answer into the recognizer, then at the moment the turn is over it calls
FinalResult() and pyttsx3 say() + runAndWait(), which plays through aplay on the default device. It prints that
moment (monotonic clock, shared by every process on the machine) so the benchmark can find the first audible
sample of the reply in its own recording.

Protocol on stdin/stdout, one JSON object per line: {"wav": path, "reply": text} -> {"t0": ..., "text": ...}.
"""

from __future__ import annotations

import json
import sys
import time
import wave


def serve(model_dir: str) -> None:
    import pyttsx3
    import vosk

    vosk.SetLogLevel(-2)
    model = vosk.Model(model_dir)
    recognizer = vosk.KaldiRecognizer(model, 16000)
    engine = pyttsx3.init()
    engine.setProperty("rate", 165)
    print(json.dumps({"ready": True}), flush=True)
    for line in sys.stdin:
        request = json.loads(line)
        with wave.open(request["wav"], "rb") as handle:
            pcm = handle.readframes(handle.getnframes())
        recognizer.Reset()
        for start in range(0, len(pcm), 640):
            recognizer.AcceptWaveform(pcm[start:start + 640])
        t0 = time.monotonic()   # the turn is over: the usual path starts here
        text = json.loads(recognizer.FinalResult()).get("text", "")
        engine.say(request["reply"])
        engine.runAndWait()
        print(json.dumps({"t0": t0, "text": text, "done": time.monotonic()}), flush=True)


class UsualWorker:
    """Parent-side handle: start the worker, ask for one reply, close it (by its own pid)."""

    def __init__(self, model_dir: str, env: dict) -> None:
        import subprocess

        self.process = subprocess.Popen([sys.executable, "-m", "benchmarks.usual_approach", model_dir],
                                        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, env=env,
                                        stderr=subprocess.DEVNULL)
        ready = self.process.stdout.readline()
        if not ready:
            raise RuntimeError("the usual-approach worker did not start")

    def reply(self, wav: str, text: str) -> dict:
        self.process.stdin.write(json.dumps({"wav": wav, "reply": text}) + "\n")
        self.process.stdin.flush()
        line = self.process.stdout.readline()
        if not line:
            raise RuntimeError("the usual-approach worker stopped")
        return json.loads(line)

    def close(self) -> None:
        if self.process.poll() is None:
            self.process.stdin.close()
            try:
                self.process.wait(timeout=10)
            except Exception:
                self.process.kill()


if __name__ == "__main__":
    serve(sys.argv[1])
