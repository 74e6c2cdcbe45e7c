"""The memory yardstick: a bare Python that imports vosk, loads the model, creates one recognizer and decodes a
second of audio, then reports its peak resident memory (VmHWM, MB). Nothing else is imported (not even numpy).

`python -m benchmarks.memory_baseline MODEL_DIR AUDIO_WAV`
"""

from __future__ import annotations

import json
import sys
import wave


def main(model_dir: str, wav_path: str) -> None:
    import vosk

    vosk.SetLogLevel(-2)
    model = vosk.Model(model_dir)
    recognizer = vosk.KaldiRecognizer(model, 16000)
    with wave.open(wav_path, "rb") as handle:
        pcm = handle.readframes(16000)
    for start in range(0, len(pcm), 640):
        recognizer.AcceptWaveform(pcm[start:start + 640])
    text = json.loads(recognizer.FinalResult()).get("text", "")
    with open("/proc/self/status") as status:
        hwm = next(int(line.split()[1]) for line in status if line.startswith("VmHWM:"))
    print(json.dumps({"vm_hwm_mb": hwm / 1024.0, "text": text}))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
