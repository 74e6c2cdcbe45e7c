"""Spoken-form normalisation for text that mend hands to espeak-ng.

Why: espeak-ng reads digits as quantities, so "988" becomes "nine hundred
eighty-eight", "911" becomes "nine hundred eleven" and a hotline such as
"1-800-799-7233" becomes "one dash eight hundred dash seven hundred
ninety-nine dash ...".  Nobody says crisis numbers that way, and a listener
in distress cannot be expected to decode them.  It also reads "(US)" with a
pause for the brackets.  Captions keep the original text; only the copy sent
to the synthesiser goes through ``spoken_form``, which rewrites numbers that
people say digit by digit (phone numbers, short codes, service numbers, web
addresses), plus ranges, scores, clock times, "&" and the "US" abbreviation.
Ordinary quantities and years are left for espeak-ng to read as numbers.

The output contains no digits in any rewritten span, so applying
``spoken_form`` twice gives the same result as applying it once.
"""

from __future__ import annotations

import re
import subprocess

__all__ = ["spoken_form", "phonemes"]

_DIGITS = ("zero", "one", "two", "three", "four",
           "five", "six", "seven", "eight", "nine")
_TEENS = ("ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen",
          "sixteen", "seventeen", "eighteen", "nineteen")
_TENS = ("", "", "twenty", "thirty", "forty", "fifty",
         "sixty", "seventy", "eighty", "ninety")

# Service numbers that are always said digit by digit wherever they stand.
_SERVICE = r"988|911|[2-8]11"
# Words that, directly before a 3-6 digit number, mark it as a code to dial.
_TRIGGER = r"call|text|txt|dial|ring|to|or"
# Words showing that a sentence is about getting in touch.
_CONTACT = re.compile(
    r"\b(?:call|text|txt|dial|phone|ring|contact|reach|message|hotline|helpline|sms)\b", re.I)
# Nouns after which a number is a quantity even in a contact sentence.
_UNITS = (r"%|percent|people|persons|times|minutes?|mins?|hours?|days?|weeks?"
          r"|months?|years?|calls|texts|messages|dollars|miles|feet|km")
# Compound domain labels said as separate words.
_DOMAIN_WORDS = {
    "thehotline": "the hotline",
    "crisistextline": "crisis text line",
    "loveisrespect": "love is respect",
    "veteranscrisisline": "veterans crisis line",
    "translifeline": "trans lifeline",
    "thetrevorproject": "the trevor project",
    "findahelpline": "find a helpline",
    "www": "w w w",
}

_URL = re.compile(
    r"(?<![\w@.])(?:https?://)?(?:[A-Za-z0-9-]+\.)+"
    r"(?:org|com|net|gov|edu|info|io|us|uk|ca|au)\b(?:/[\w/-]*)?", re.I)
_PHONE = re.compile(
    r"(?<![\w+])(?:\+?1[-. ]?)?(?:\((\d{3})\) ?|(\d{3})[-. ]?)(\d{3})[-. ]?(\d{4})(?![\w]|-\d)")
_CLOCK = re.compile(
    r"(?<![\w:.])(\d{1,2}):(\d{2})(?:\s*([ap])\.?m\b\.?)?(?![\w:]|\.\d)", re.I)
_HOUR_AMPM = re.compile(r"(?<![\w:.])(\d{1,2})\s*([ap])\.?m\b\.?", re.I)
_SCORE = re.compile(r"(?<![\w/.,])(\d{1,3})\s*/\s*(5|10|100)(?![\w/]|[.,]\d)")
_RANGE = re.compile(
    r"(?<![\w.,/:$+-])(\d{1,3})(\s*[-\u2013\u2014]\s*|\s+to\s+)(\d{1,3})(?![\w%]|[-\u2013/:.,]\d)")
_CODE = re.compile(
    rf"\b(?i:({_TRIGGER}))\b[\s:,]+(\d{{3,6}})(?![\w/$]|[.,:]\d|\s*(?i:{_UNITS})\b)")
_SERVICE_RE = re.compile(rf"(?<![\w.,/$:-])({_SERVICE})(?![\w%]|[-.,:/]\d)")
_US = re.compile(r"\(\s*(?:US|U\.S\.?)\s*\)|(?<![\w.])US(?!\w|\.\w)|(?<![\w.])U\.S(?!\.\w)\.?")
_SENTENCE = re.compile(r"((?<=[.!?])\s+)")


def _number_words(n: int) -> str:
    """Cardinal words for 0 <= n <= 999."""
    if n < 10:
        return _DIGITS[n]
    if n < 20:
        return _TEENS[n - 10]
    if n < 100:
        tens, unit = divmod(n, 10)
        return _TENS[tens] + (f"-{_DIGITS[unit]}" if unit else "")
    hundreds, rest = divmod(n, 100)
    head = f"{_DIGITS[hundreds]} hundred"
    return f"{head} {_number_words(rest)}" if rest else head


def number_words(n: int) -> str:
    """A whole number from 0 to 999 as people say it: "twenty", "twenty-five", "one hundred twenty"."""
    return _number_words(n)


def _digit_words(digits: str) -> str:
    """Say each digit: '988' -> 'nine eight eight'."""
    return " ".join(_DIGITS[int(d)] for d in digits)


def _code_words(digits: str) -> str:
    """Short codes: six digits in two groups of three, others one by one."""
    if len(digits) == 6:
        return f"{_digit_words(digits[:3])}, {_digit_words(digits[3:])}"
    return _digit_words(digits)


def _phone(match: re.Match[str]) -> str:
    area = match.group(1) or match.group(2)
    groups = ["eight hundred" if area == "800" else _digit_words(area),
              _digit_words(match.group(3)), _digit_words(match.group(4))]
    if re.match(r"\+?1", match.group(0)) and len(re.sub(r"\D", "", match.group(0))) == 11:
        groups.insert(0, "one")
    return ", ".join(groups)


def _clock(hour: int, minute: int, half: str | None) -> str | None:
    """US reading of a clock time, or None if it is not a valid time."""
    if minute > 59 or hour > 23 or (half and not 1 <= hour <= 12):
        return None
    if half is None and (hour == 0 or hour > 12):
        half, hour = ("a" if hour == 0 else "p"), (hour - 12 if hour > 12 else 12)
    words = _number_words(hour)
    if minute:
        words += " " + (f"oh {_DIGITS[minute]}" if minute < 10 else _number_words(minute))
    elif half is None:
        words += " o'clock"
    return f"{words} {half.lower()}.m." if half else words


def _clock_sub(match: re.Match[str]) -> str:
    said = _clock(int(match.group(1)), int(match.group(2)), match.group(3))
    return said if said is not None else match.group(0)


def _hour_sub(match: re.Match[str]) -> str:
    said = _clock(int(match.group(1)), 0, match.group(2))
    return said if said is not None else match.group(0)


def _url(match: re.Match[str]) -> str:
    text = re.sub(r"^https?://", "", match.group(0), flags=re.I).rstrip("/")
    out: list[str] = []
    for piece in re.findall(r"[A-Za-z]+|\d+|[./-]", text):
        if piece.isdigit():
            out.append(_digit_words(piece))
        elif piece in "./-":
            out.append({".": "dot", "/": "slash", "-": "dash"}[piece])
        else:
            out.append(_DOMAIN_WORDS.get(piece.lower(), piece))
    return " ".join(out)


def _score(match: re.Match[str]) -> str:
    top, bottom = int(match.group(1)), int(match.group(2))
    if top > bottom:
        return match.group(0)
    return f"{_number_words(top)} out of {_number_words(bottom)}"


def _range(match: re.Match[str]) -> str:
    return f"{_number_words(int(match.group(1)))} to {_number_words(int(match.group(3)))}"


def _us(match: re.Match[str]) -> str:
    text, start, end = match.string, match.start(), match.end()
    if match.group(0) == "US":
        before = re.findall(r"[A-Za-z]+", text[:start])[-1:]
        after = re.findall(r"[A-Za-z]+", text[end:])[:1]
        if any(len(w) > 1 and w.isupper() for w in before + after):
            return match.group(0)
    return "U.S."


def _code_sub(match: re.Match[str]) -> str:
    trigger, digits = match.group(1).lower(), match.group(2)
    if trigger in ("to", "or") and re.fullmatch(r"(?:19|20)\d\d", digits):
        return match.group(0)
    return match.group(0)[: match.start(2) - match.start(0)] + _code_words(digits)


def _contact_codes(sentence: str) -> str:
    if not _CONTACT.search(sentence):
        return sentence
    return _CODE.sub(_code_sub, sentence)


def spoken_form(text: str) -> str:
    """Return ``text`` rewritten so a speech synthesiser says it naturally."""
    out = re.sub(r"\s*&\s*", " and ", text)
    out = _URL.sub(_url, out)
    out = _PHONE.sub(_phone, out)
    out = _CLOCK.sub(_clock_sub, out)
    out = _HOUR_AMPM.sub(_hour_sub, out)
    out = _SCORE.sub(_score, out)
    out = _RANGE.sub(_range, out)
    out = "".join(_contact_codes(part) for part in _SENTENCE.split(out))
    out = _SERVICE_RE.sub(lambda m: _digit_words(m.group(1)), out)
    out = _US.sub(_us, out)
    out = re.sub(r"\b((?:U\.S|[ap]\.m)\.)\.", r"\1", out)
    out = re.sub(r"[ \t]{2,}", " ", out)
    return re.sub(r" +([,.;:!?])", r"\1", out).strip()


def phonemes(text: str, voice: str = "en-us") -> str:
    """espeak-ng ASCII phoneme mnemonics for ``text``, clauses joined by spaces."""
    result = subprocess.run(
        ["espeak-ng", "-q", "-x", "-v", voice, "--", text],
        capture_output=True, text=True, check=True, timeout=30,
    )
    return " ".join(result.stdout.split())
