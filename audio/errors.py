"""Typed errors for sound, devices, speech engines and models.

Library code raises these; only the CLI turns them into one line plus a hint. Each carries the fix a person can
apply (install a model, pick another device, continue in text mode).
"""

from __future__ import annotations


class HintedError(Exception):
    """The shape every typed error of mend shares (audio's here, the application's in `assistant.errors`): a
    one-line message saying what is wrong and a hint saying what to do, the class's default when none is given.
    It lives in this leaf package so that `assistant` can build on it without `audio` ever importing `assistant`."""

    default_hint = "Run `mend doctor` for a check of the whole set-up."

    def __init__(self, message: str, hint: str | None = None) -> None:
        self.message = message
        self.hint = hint or self.default_hint
        super().__init__(message)


class AudioError(HintedError):
    """Base of every audio-side failure: a message saying what is wrong and a hint saying what to do."""

    default_hint = "Run `mend doctor` to check audio, speech and the model, or use `mend session --text`."


class ModelError(AudioError):
    default_hint = "Install a model with `mend model download` or `mend model install PATH`, or use `mend session --text`."


class ArchiveError(ModelError):
    default_hint = "Use a model archive from a trusted source (zip, tar.gz or AAR holding a Vosk model)."


class DeviceError(AudioError):
    default_hint = "List devices with `mend devices`, pick one with --input-device/--output-device, or use `mend session --text`."


class SynthesisError(AudioError):
    default_hint = "Install espeak-ng (`sudo apt-get install espeak-ng`); mend can continue with captions only."


class RecognizerInputError(AudioError):
    default_hint = "This is a bug in the caller: audio must be 16-bit mono bytes of even length at a positive integer rate."


class AudioFileError(AudioError):
    default_hint = "Give a readable WAV file (any rate or channel count, 16-bit, 24-bit, 32-bit or 8-bit PCM)."
