"""Turning prompt text with {placeholders} into lines that can be spoken.

A voice assistant must never read out "{relationship}" or "None", so filling is all-or-nothing per line: a line
whose placeholders cannot all be filled is skipped, and a prompt falls back to another variant that can be.
Slot values are spoken through the flow's `labels` ("partner" -> "your partner") when a label exists.
"""

from __future__ import annotations

import re
from typing import Any, Iterable, Mapping, Optional

PLACEHOLDER = re.compile(r"\{([a-z][a-z0-9_]*)\}")


def placeholders(text: str) -> list[str]:
    """Slot names used as {placeholders} in text, in order of appearance."""
    return PLACEHOLDER.findall(text)


def stray_braces(text: str) -> bool:
    """True when braces remain that are not a well-formed {slot_name} placeholder (a typo like "{ name}")."""
    rest = PLACEHOLDER.sub("", text)
    return "{" in rest or "}" in rest


def join_spoken(items: Iterable[str]) -> str:
    """Join items the way people say lists: "a", "a and b", "a, b and c"."""
    words = [item for item in items if item]
    if len(words) <= 1:
        return "".join(words)
    return ", ".join(words[:-1]) + " and " + words[-1]


def _label_key(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def spoken_value(slot: str, value: Any, labels: Mapping[str, Mapping[str, str]]) -> Optional[str]:
    """The phrase to say for a slot value, or None when there is nothing sayable (missing, empty, odd type)."""
    table = labels.get(slot, {})
    if value is None:
        return None
    if isinstance(value, (list, tuple)):
        parts = [spoken_value(slot, item, labels) for item in value]
        parts = [part for part in parts if part]
        return join_spoken(parts) or None
    if isinstance(value, (str, int, float, bool)):
        key = _label_key(value)
        text = table.get(key, table.get(key.casefold(), key))
        text = " ".join(text.split())
        return text or None
    return None


DOUBLE_STOP = re.compile(r"([.!?])\.(?=\s|$)")

# A verb right beside a slot that names more than one person agrees with it: "Has {relationship} asked" becomes
# "Have your parents asked". The slot `<name>_plural` (set by the application) says the value is plural.
PLURAL_VERBS = {"has": "have", "is": "are", "was": "were", "does": "do", "hasn't": "haven't", "isn't": "aren't",
                "wasn't": "weren't", "doesn't": "don't", "seems": "seem", "feels": "feel", "needs": "need",
                "wants": "want"}
_VERB = "|".join(sorted(map(re.escape, PLURAL_VERBS), key=len, reverse=True))


def _agreeing(text: str, slots: Mapping[str, Any]) -> str:
    """The template with each verb beside a plural slot's placeholder in its plural form (case kept)."""
    def plural(match: re.Match[str]) -> str:
        verb = match.group(0)
        agreed = PLURAL_VERBS[verb.casefold()]
        return agreed[0].upper() + agreed[1:] if verb[0].isupper() else agreed

    for name in set(placeholders(text)):
        if slots.get(f"{name}_plural") is True:
            slot = re.escape("{" + name + "}")
            text = re.sub(rf"(?<![\w'])(?:{_VERB})(?= {slot})|(?<={slot} )(?:{_VERB})(?![\w'])", plural, text,
                          flags=re.IGNORECASE)
    return text


def fill(text: str, slots: Mapping[str, Any], labels: Mapping[str, Mapping[str, str]]) -> Optional[str]:
    """Text with every placeholder filled, or None if any placeholder has no sayable value."""
    missing = False

    def replace(match: re.Match[str]) -> str:
        nonlocal missing
        spoken = spoken_value(match.group(1), slots.get(match.group(1)), labels)
        if spoken is None:
            missing = True
            return ""
        return spoken

    result = PLACEHOLDER.sub(replace, _agreeing(text, slots))
    if missing:
        return None
    # a person's words often end with their own full stop: "...your day was." must not become "was.."
    return DOUBLE_STOP.sub(r"\1", result)


def fill_lines(lines: Iterable[str], slots: Mapping[str, Any], labels: Mapping[str, Mapping[str, str]]) -> list[str]:
    """Every line that can be filled, in order; the others are skipped."""
    out = []
    for line in lines:
        filled = fill(line, slots, labels)
        if filled:
            out.append(filled)
    return out


def pick_variant(
    variants: list[str], variant: int, slots: Mapping[str, Any], labels: Mapping[str, Mapping[str, str]]
) -> Optional[str]:
    """The requested variant (mod count) if it can be filled, else the next one that can; None if none can."""
    if not variants:
        return None
    count = len(variants)
    for offset in range(count):
        filled = fill(variants[(variant + offset) % count], slots, labels)
        if filled:
            return filled
    return None
