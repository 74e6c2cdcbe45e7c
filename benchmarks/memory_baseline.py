"""The memory yardstick: a bare Python that imports vosk, loads the model, creates one recognizer and decodes a
second of audio, then reports its peak resident memory (VmHWM, MB). Nothing else is imported (not even numpy).

`python -m benchmarks.memory_baseline MODEL_DIR AUDIO_WAV [MORE_WAV ...]`: with one WAV, its first second is
decoded (the yardstick of the target); with several, each is decoded whole as one utterance, Reset() between
(the same recognition work a session does, to separate Vosk's decoder memory from mend's own).
"""

from __future__ import annotations

import json
import sys
import wave


def main(model_dir: str, wav_paths: list[str]) -> None:
    import vosk

    vosk.SetLogLevel(-2)
    model = vosk.Model(model_dir)
    recognizer = vosk.KaldiRecognizer(model, 16000)
    text = ""
    for wav_path in wav_paths:
        with wave.open(wav_path, "rb") as handle:
            pcm = handle.readframes(16000 if len(wav_paths) == 1 else handle.getnframes())
        recognizer.Reset()
        for start in range(0, len(pcm), 640):
            recognizer.AcceptWaveform(pcm[start:start + 640])
        text = json.loads(recognizer.FinalResult()).get("text", "")
    with open("/proc/self/status") as status:
        hwm = next(int(line.split()[1]) for line in status if line.startswith("VmHWM:"))
    print(json.dumps({"vm_hwm_mb": hwm / 1024.0, "text": text}))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2:])
