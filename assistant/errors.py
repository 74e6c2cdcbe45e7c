"""Typed errors of the application layer (journal, configuration, resources).

Like the flow and audio errors, each has a one-line message and a hint; the CLI is the only place that prints them.
The shape (message, hint, a default hint per class) is `audio.errors.HintedError`, shared with the audio errors.
"""

from __future__ import annotations

from mend.audio.errors import HintedError


class MendError(HintedError):
    default_hint = "Run `mend doctor` for a check of the whole set-up."


class JournalError(MendError):
    default_hint = "Check that mend's data directory is writable (see `mend doctor`); use --summary-json PATH to keep the summary elsewhere."


class JournalLockedError(JournalError):
    default_hint = "Give the journal passphrase (MEND_PASSPHRASE or the prompt); without it nothing can be read."


class ConfigError(MendError):
    default_hint = "Fix or remove the config file (`mend config path` shows where it is)."


class ResourcesError(MendError):
    default_hint = "Fix the crisis resources file or remove it to use the built-in US resources."


class LinesError(MendError):
    default_hint = "Fix assistant/lines.toml (each line: a text, a list of texts, or {say = [...], fills = [...]})."
