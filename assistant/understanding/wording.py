"""Gentler words for owning a part without punishment, and a first line for the repair conversation.

Repair goes better when a person names their part without putting themselves down, speaks about this time rather
than "always", and lets what mattered matter. So the notes here point at self-deprecating, absolute and minimising
phrases and offer a kinder phrasing; the person decides whether to use it. `compose_opening_line` builds a draft
from their own words, turned towards the other person ("she felt ignored" -> "you felt ignored").
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from mend.assistant.understanding.receiving import usable_own_part

__all__ = ["WordingNote", "review_wording", "kinder_version", "compose_opening_line", "FALLBACK_OPENING"]

FALLBACK_OPENING = "I've been thinking about what happened between us, and I'd like to talk about it when you're ready."
MAX_CHARS = 2000


@dataclass(frozen=True)
class WordingNote:
    kind: str  # "self_deprecating" | "absolute" | "minimising"
    found: str  # the words as the person said them
    kinder: str  # a kinder way to say it


_A = "['\u2019]?"  # an apostrophe that speech recognition and quick typing often leave out
_IM = rf"i(?:{_A}m| am)"
_ROLES = ("friend|partner|wife|husband|mother|mom|mum|father|dad|parent|sister|brother|daughter|son|person|"
          "girlfriend|boyfriend|colleague|boss|human|human being|fianc[eé]e?|spouse")
_FELT = {
    "ignore": "ignored", "ignores": "ignored", "dismiss": "dismissed", "dismisses": "dismissed", "interrupt":
    "interrupted", "interrupts": "interrupted", "criticize": "criticized", "criticise": "criticised", "criticizes":
    "criticized", "criticises": "criticised", "blame": "blamed", "blames": "blamed", "forget": "forgotten", "forgets":
    "forgotten", "judge": "judged", "judges": "judged", "reject": "rejected", "rejects": "rejected", "leave":
    "left out", "leaves": "left out", "yell": "yelled at", "yells": "yelled at", "shout": "shouted at", "shouts":
    "shouted at", "belittle": "belittled", "belittles": "belittled", "nag": "nagged", "nags": "nagged", "listen":
    "unheard", "listens": "unheard", "care": "uncared for", "cares": "uncared for", "help": "unsupported", "helps":
    "unsupported", "understand": "misunderstood", "understands": "misunderstood", "notice": "unseen", "notices":
    "unseen", "ask": "left out", "asks": "left out", "support": "unsupported", "supports": "unsupported",
}


_CLAUSE_ENDS = {"", "and", "but", "so", "when", "because", "anymore", "again", "then", "or", "though", "at", "all"}


def _cap_like(found: str, kinder: str) -> str:
    return kinder[:1].upper() + kinder[1:] if found[:1].isupper() else kinder


def _fit_case(text: str, start: int, kinder: str) -> str:
    """Capital letter at the start of a sentence, lower case inside one (but "I" stays "I")."""
    if not text[:start].strip() or text[:start].rstrip()[-1:] in ".!?":
        return kinder[:1].upper() + kinder[1:]
    return kinder if re.match(r"I\b", kinder) else kinder[:1].lower() + kinder[1:]


def _absolute(m: re.Match) -> str:
    verb = m.group("verb").lower()
    felt = _FELT.get(verb)
    after = re.match(r"\s*([a-z]*)", m.string[m.end(0):], re.IGNORECASE).group(1).lower()
    said_to_me = m.end("verb") != m.end(0) or after in _CLAUSE_ENDS
    if felt and said_to_me:
        return f"when I felt {felt}"
    rest = m.group(0)[m.start("verb") - m.start(0):]
    return ("when you didn't " if m.group("how").lower() == "never" else "when you ") + rest


_Rule = tuple[str, str, "str | Callable[[re.Match], str]"]
_RULES: list[_Rule] = [
    ("self_deprecating", rf"\b{_IM} (?:such |so |a |an |the |just |really )*(?:terrible|horrible|awful|bad|useless|"
     rf"worthless|pathetic|lousy|rubbish|crap|shit|crappy|shitty|failure of a) (?:{_ROLES})\b",
     "I didn't show up the way I wanted to"),
    ("self_deprecating", rf"\b{_IM} (?:such |so |a |an |the |just |really |complete |total |absolute |an absolute |"
     rf"a complete |a total )*(?:idiot|stupid|moron|fool|failure|loser|disaster|joke|screw[- ]?up|mess|dumb|hopeless|"
     r"worthless|useless|pathetic)\b", "I made a mistake"),
    ("self_deprecating", r"\bI (?:always |constantly |just )?(?:ruin|ruined|mess up|messed up|screw up|screwed up|"
     r"wreck|wrecked|spoil|spoiled|spoilt|destroy|destroyed) (?:everything|every single thing|it all|all of it)\b",
     "this didn't go the way I hoped"),
    ("self_deprecating", rf"\b(?:{_IM}|I was) (?:the|a) (?:problem|worst)\b", "I played a part in this"),
    ("self_deprecating", rf"\bit{_A}s (?:all )?my fault\b|\bit (?:is|was) (?:all )?my fault\b",
     "I played a part in what happened"),
    ("self_deprecating", rf"\bwhat{_A}s wrong with me\b|\bwhat is wrong with me\b", "this is hard for me"),
    ("self_deprecating", rf"\bI (?:can{_A}t|cannot|never) do anything right\b", "this one didn't go well"),
    ("self_deprecating", r"\bI hate myself\b", "I'm disappointed in how I acted"),
    ("absolute", r"\b(?:you|he|she|they) (?P<how>always|never) (?P<verb>[a-z]+)(?: (?:me|to me|about me|my \w+))?",
     _absolute),
    ("absolute", rf"\byou(?:{_A}re| are) always (?P<what>\w+)", lambda m: f"you were {m.group('what')} this time"),
    ("absolute", r"\bevery (?:single )?time\b", "this time"),
    ("absolute", r"\b(?:nobody|no one|no-one) ever\b", "it felt like no one"),
    ("minimising", rf"\bit(?:{_A}s| is| was) (?:really |just |probably |honestly )?(?:nothing|no big deal|not a big "
     rf"deal|not that big a deal)\b", "it mattered to me"),
    ("minimising", rf"\b(?:I (?:just |probably |totally )?overreacted|{_IM} (?:just |probably )?overreacting|I was "
     r"(?:just |probably )?overreacting)\b", "I had a strong reaction"),
    ("minimising", rf"\bit(?:{_A}s| is| was|{_A}s probably| is probably) (?:a bit |kind of |kinda |really |so )?(?:silly|"
     r"stupid|dumb|petty|ridiculous),? but\b", "this matters to me, and"),
    ("minimising", rf"\b{_IM} (?:being )?(?:too |so |overly )?(?:sensitive|dramatic|silly|petty)\b",
     "my feelings make sense"),
    ("minimising", rf"\bit (?:doesn{_A}t|does not|didn{_A}t|did not) (?:really )?matter\b", "it mattered to me"),
    ("minimising", rf"\bI (?:shouldn{_A}t|should not) (?:be|have been|feel|have felt) (?P<feel>upset|hurt|bothered|sad|"
     r"angry|annoyed)\b", lambda m: f"it's okay that I felt {m.group('feel').lower()}"),
]
_COMPILED = [(kind, re.compile(rx, re.IGNORECASE), kinder) for kind, rx, kinder in _RULES]
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def _clean(text: str) -> str:
    if not isinstance(text, str):
        return ""
    text = unicodedata.normalize("NFC", text[:MAX_CHARS])[:MAX_CHARS]
    return _CONTROL.sub(" ", text).replace("\u2019", "'")


def _spans(text: str) -> list[tuple[int, int, WordingNote]]:
    found: list[tuple[int, int, WordingNote]] = []
    for kind, rx, kinder in _COMPILED:
        for m in rx.finditer(text):
            if m.end() == m.start() or any(s < m.end() and m.start() < e for s, e, _ in found):
                continue
            words = kinder(m) if callable(kinder) else kinder
            found.append((m.start(), m.end(), WordingNote(kind, m.group(0), _fit_case(text, m.start(), words))))
    return sorted(found, key=lambda item: item[0])


def review_wording(text: str) -> list[WordingNote]:
    """Notes on self-deprecating, absolute and minimising phrases, in the order they were said."""
    return [note for _, _, note in _spans(_clean(text))]


def kinder_version(text: str) -> str:
    """The text with each noted phrase replaced by its kinder wording; unchanged when nothing was noted."""
    cleaned = _clean(text)
    out, last = [], 0
    for start, end, note in _spans(cleaned):
        out.append(cleaned[last:start])
        out.append(note.kinder)
        last = end
    out.append(cleaned[last:])
    return "".join(out)


# --- opening line -------------------------------------------------------------------------------------------------

_SUBJECTS = {"he", "she"}
_TO_YOU = {"qqyour": "your", "him": "you", "his": "your", "hers": "yours", "himself": "yourself", "herself": "yourself"}
_THEY = {"they": "you", "them": "you", "their": "your", "theirs": "yours", "themselves": "yourself"}
_AGREE = {"is": "are", "was": "were", "has": "have", "does": "do", "isn't": "aren't", "wasn't": "weren't",
          "hasn't": "haven't", "doesn't": "don't", "isnt": "aren't", "wasnt": "weren't", "doesnt": "don't"}
_ADVERBS = {"always", "never", "really", "just", "still", "probably", "often", "sometimes", "also", "even",
            "actually", "maybe", "clearly", "obviously", "kind", "of"}
_CLAUSE_START = {"and", "but", "so", "because", "when", "that", "if", "think", "thought", "felt", "feel", "know",
                 "knew", "guess", "maybe", "how", "why", "what", "where", "whether", "while", "as", "like", "then",
                 "realise", "realize", "see", "saw", "understand", "whom", "who", "since", "until", "though"}
_OBJECT_FOLLOWERS = set(
    "feel feeling think know down out up off away back over and or but to for at with in on about because when that "
    "so like a an the i was is too very really again alone anymore enough more less believe wait cry stay go want see "
    "hear look understand sad upset angry small unheard ignored hurt left lonely worse bad uncomfortable it this much "
    "felt feels sure by from as if after before while until".split())
_PARTNERS = ("(?:wife|husband|partner|boyfriend|girlfriend|friend|best friend|mom|mum|mother|dad|father|sister|"
             "brother|son|daughter|boss|colleague|coworker|manager|fiance|fiancee|fiancé|spouse|parent|kid|"
             "grandparent|cousin|flatmate|roommate)s?|children|folks|in-laws|in laws")
_WORD = re.compile(r"[A-Za-z\u00C0-\u024F]+(?:'[A-Za-z]+)?|[^A-Za-z\u00C0-\u024F]+")


def _verb_base(word: str) -> str:
    low = word.lower()
    if low in _AGREE:
        return _AGREE[low]
    if len(low) > 3 and low.endswith("ies"):
        return word[:-3] + "y"
    if low.endswith(("sses", "shes", "ches", "xes", "zes", "oes")):
        return word[:-2]
    if len(low) > 2 and low.endswith("s") and not low.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def to_second_person(text: str) -> str:
    """Turn he/she (and they, when no he/she is used) towards the listener, keeping first person as it is."""
    text = re.sub(rf"\bmy (?:{_PARTNERS})'s\b", "qqyour", text, flags=re.IGNORECASE)
    text = re.sub(rf"\bmy (?:{_PARTNERS})\b", "qqyou", text, flags=re.IGNORECASE)
    tokens = _WORD.findall(text)
    words = [i for i, tok in enumerate(tokens) if tok[:1].isalpha()]
    lowered = {tokens[i].lower() for i in words}
    use_they = not (lowered & ({"he", "she", "her", "hers", "him", "his", "he's", "she's"}))
    subjects = _SUBJECTS | {"qqyou"} | ({"they"} if use_they else set())
    agree_next = False
    for n, i in enumerate(words):
        tok, low = tokens[i], tokens[i].lower()
        prev = tokens[words[n - 1]].lower() if n else None
        nxt = tokens[words[n + 1]].lower() if n + 1 < len(words) else None
        gap = "".join(tokens[(words[n - 1] + 1 if n else 0):i])
        clause_start = prev is None or prev in _CLAUSE_START or any(ch in gap for ch in ",;:.!?")
        new = tok
        if agree_next and low not in _ADVERBS:
            new, agree_next = _verb_base(tok), False
        elif low in subjects:
            new, agree_next = "you", clause_start
        elif low in ("he's", "she's") or (use_they and low == "they're"):
            new = "you've" if nxt in {"been", "got", "gotten", "had", "done", "said", "told", "made"} else "you're"
        elif low in ("he'd", "she'd") or (use_they and low == "they'd"):
            new = "you'd"
        elif low in ("he'll", "she'll") or (use_they and low == "they'll"):
            new = "you'll"
        elif low == "her":
            new = "you" if nxt is None or nxt in _OBJECT_FOLLOWERS else "your"
        elif low in _TO_YOU:
            new = _TO_YOU[low] if not (low == "his" and nxt is None) else "yours"
        elif use_they and low in _THEY:
            new = _THEY[low]
        tokens[i] = _cap_like(tok, new) if tok[:1].isupper() and n == 0 else new
    return "".join(tokens)


_PAST = set("got went said was did made left took told kept shut ran yelled snapped stopped ignored brought thought "
            "felt gave put let forgot lost had became blew hung stormed walked tried acted were could should would "
            "might may can will never always just really also probably maybe raised cut hit spoke sent stayed "
            "started argued apologized apologised blamed called didn't wasn't couldn't wouldn't shouldn't "
            "interrupted dismissed missed avoided pulled".split())
_PRONOUNS = {"i", "you", "he", "she", "they", "we", "it", "that", "this", "there"}
_WH = ("why ", "how ", "what ", "whether ", "if ", "where ", "when ", "who ")


def _slot_text(value: object) -> str:
    if isinstance(value, (list, tuple)):
        value = " and ".join(str(item) for item in value if isinstance(item, str) and item.strip())
    if not isinstance(value, str):
        return ""
    text = kinder_version(value).strip()
    text = re.split(r"(?<=[.!?])\s+|\n", text)[0].strip()
    text = " ".join(text.split()[:30]).rstrip(" .!?,;:")
    text = re.sub(r"\bi(?=\b|'|\u2019)", "I", text)
    return to_second_person(text) if text else ""


def _lower_first(text: str) -> str:
    first = text.split(" ", 1)[0]
    return text if first in ("I", "I'm", "I've", "I'd", "I'll") or first.isupper() and len(first) > 1 \
        else text[:1].lower() + text[1:]


def _impact(text: str) -> str:
    low = _lower_first(text)
    first = low.split()[0].lower()
    if first == "i" or first.startswith("i'"):
        return f"I know {low}"
    if first in _PRONOUNS or first in ("your", "it's", "you're", "you've"):
        return f"I think {low}"
    if len(low.split()) <= 3:
        return f"I think you felt {low}"
    return f"I think {low}"


def _own_part(text: str) -> str:
    low = re.sub(r"^I (?:think|guess|reali[sz]e|know|suppose) (?:that )?(?=I\b)", "", _lower_first(text))
    first = low.split()[0].lower()
    if first == "i" or first.startswith("i'"):
        return f"I'm sorry {low}"
    if first == "my":
        return f"I'm sorry for {low}"
    if first in _PAST or first.endswith("ed"):
        return f"I'm sorry I {low}"
    if first.endswith("ing") or first == "not" or len(low.split()) <= 3:
        return f"I'm sorry I was {low}"
    return f"I'm sorry I {low}"


def _curiosity(text: str) -> str:
    low = _lower_first(text)
    if re.match(r"i (?:want|would like|'d like|wonder|need)\b", low, re.IGNORECASE) or low.startswith(("I want",
                                                                                                        "I'd like")):
        return low
    if low.lower().startswith(_WH):
        return f"I'd like to understand {low}"
    if low.lower().startswith(("your ", "you ")):
        return f"I'd like to hear {low}" if low.lower().startswith("your ") else f"I'd like to understand how {low}"
    return f"I'm curious about {low}"


def _happened(text: str) -> str:
    low = _lower_first(text)
    first = low.split()[0].lower()
    return f"how {low}" if first in _PRONOUNS and first not in ("that", "this", "there") else low


def _sentence(text: str) -> str:
    text = text.strip().rstrip(" ,;:")
    return text[:1].upper() + text[1:] + ("" if text.endswith(("?", ".", "!")) else ".")


def compose_opening_line(slots: dict) -> str:
    """One or two sentences the person could open with, built from their own answers; never empty."""
    try:
        get = slots.get if isinstance(slots, dict) else (lambda key: None)
        impact, own, curiosity, happened = (_slot_text(get(key)) for key in
                                            ("impact", "own_part", "curiosity", "what_happened"))
    except Exception:  # a strange slot value must never cost the person their draft
        return FALLBACK_OPENING
    own = own if usable_own_part(get("own_part")) and usable_own_part(own) else ""
    impact = impact if usable_own_part(impact) else ""
    parts = [part for part in (own and _own_part(own), impact and _impact(impact)) if part]
    if parts:
        first = ", and ".join(parts)
        if happened and len(happened.split()) <= 12:
            first = f"Thinking about {_happened(happened)}, {first}"
    elif happened:
        first = f"I've been thinking about {_happened(happened)}"
    else:
        first = ""
    if curiosity:
        second = _curiosity(curiosity)
        if not first:
            return _sentence(f"I've been thinking about what happened between us, and {_lower_first(second)}")
        return f"{_sentence(first)} {_sentence(second)}"
    if first and not parts:
        return _sentence(f"{first}, and I'd like to talk about it when you're ready")
    if first:
        return f"{_sentence(first)} Could we talk about it when you're ready?"
    return FALLBACK_OPENING
