"""A cycle the person names: their move and the other person's, each feeding the other ("when I pull back, she
pushes", "I go quiet and he gets louder", "the more she criticises the more defensive I get").

mend says such a cycle back in the person's own words, turned to "you" ("you pull back, she pushes"), so the
loop, not either person, is what gets looked at. A reply is read as a cycle only when it has the shape of one:

- two clauses, one with the person as subject ("I", "I'd") and one with someone else ("she", "they", "my mum",
  a name), joined by "and", "so", "then", "but", "until" or by nothing at all;
- said as something that keeps happening: the present tense ("she nags and I withdraw"), "would" or "used to",
  or a habit word in front ("whenever", "every time", "the more ... the more"). One past event ("she yelled at
  me and I left", "when he left I cried") is a story, not a cycle;
- a clause inside another ("if I ask where she's been", "she says I'm controlling") belongs to the clause around
  it, and "my cooking" is not a person.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from mend.assistant.understanding.matching import normalize
from mend.assistant.understanding.phrasebook import RELATIONSHIP_WORDS

__all__ = ["Cycle", "read_cycle"]

_MAX_CLAUSE_WORDS = 12
_HABIT = re.compile(r"^(?:whenever|every time|each time|any time|anytime|every single time|each and every time) ")
_WHEN = re.compile(r"^(?:when|if|as soon as|once|the moment|the minute|as soon) ")
_MORE = r"(?:more|less|fewer|worse|better|[a-z]{2,}er)"
_COMPARATIVE = re.compile(rf"^the {_MORE} (.+?) the {_MORE} (.+)$")
_LEAD = re.compile(r"^(?:(?:um|uh|er|erm|well|so|honestly|basically|like|i think|i guess|i feel like|i mean|"
                   r"it is like|usually|always|it is always|typically|normally|yeah|okay|and|our thing is|"
                   r"the pattern is|what happens is|it goes like this|it is|it is that) )+")
_JOINERS = ("and then", "and so", "so then", "which makes", "and that makes", "and", "so", "then", "but",
            "until", "till")
# a subject right after these words opens a clause inside the clause before it ("where she has been")
_INNER = frozenset("where what why how whether that who while because though although since as about if when "
                   "say says said think thinks thought tell tells told feel feels felt know knows knew like "
                   "than whatever wonder wonders".split())
_PEOPLE = sorted({normalize(word) for table in RELATIONSHIP_WORDS.values() for word in table}
                 | {"other half", "partner", "ex", "folks", "parents", "mother in law", "father in law"},
                 key=len, reverse=True)
_PEOPLE_WORDS = frozenset(w for phrase in _PEOPLE for w in phrase.split())
_OTHER = re.compile(r"(?:he|she|they|(?:my|our) (?:(?:older|younger|little|big|best|eldest|oldest|youngest|"
                    r"step|new|ex) )?(?:" + "|".join(map(re.escape, _PEOPLE)) + r")s?)(?= |$)")
_PAST = frozenset("was were did had went said got left took told kept gave made came ran felt thought stood sat "
                  "put let lost forgot became blew hung cut hit spoke sent brought caught fought heard knew met "
                  "paid read saw sent shook slept sold spent stuck swore taught threw tore understood woke wore "
                  "won wrote began broke chose drove fell froze hid rode rose shrank sang sank stole struck".split())
_NOT_PAST = frozenset("need needed feed speed bleed proceed succeed exceed breed heed seed".split()) - {"needed"}
_JOIN_WORDS = frozenset("and or but so then until till".split())
_NOT_NAMES = frozenset("i im id ive ill monday tuesday wednesday thursday friday saturday sunday christmas "
                       "god mum mom dad".split())
_OPENING_WORDS = re.compile(r"^(?:(?:whenever|every|each|any|time|when|if|as|soon|once|the|moment|minute|single|"
                            r"and|so|then|but|until|till|which|makes|that|more|less|fewer|worse|better|"
                            r"[a-z]{2,}er) )+")
_ADVERBS = frozenset("just really always usually often then also still even immediately instantly automatically "
                     "kind sort of totally completely actually basically sometimes never normally start starts "
                     "tend tends to again straight away right".split())
_TO_YOU = {"i": "you", "me": "you", "my": "your", "mine": "yours", "myself": "yourself", "am": "are",
           "was": "were"}


@dataclass(frozen=True)
class Cycle:
    """A loop in the person's words turned to "you": `said` as mend says it back, `mine` and `theirs` the moves."""

    said: str
    mine: str
    theirs: str


def read_cycle(text: str) -> Cycle | None:
    """The cycle a reply names, or None."""
    if not isinstance(text, str):
        return None
    names = _names(text)
    tokens, marks = _tokens(text)
    lead = _LEAD.match(" ".join(tokens) + " ")
    skip = len(lead.group(0).split()) if lead else 0
    tokens, marks = tokens[skip:], {i - skip for i in marks if i > skip}
    words = " ".join(tokens)
    if not words or len(tokens) > 2 * _MAX_CLAUSE_WORDS + 4:
        return None
    if _COMPARATIVE.match(words):
        return _cycle(list(_split_comparative(words)), names, habitual=True)
    opener = _HABIT.match(words) or _WHEN.match(words)
    size = len(opener.group(0).split()) if opener else 0
    clauses = _split(tokens[size:], {i - size for i in marks}, names, after_opener=bool(opener))
    if len(clauses) < 2:
        return None
    return _cycle(clauses, names, habitual=bool(_HABIT.match(words)))


def _tokens(text: str) -> tuple[list[str], set[int]]:
    """Normalised words, and the indexes of those that follow a comma, a semicolon or a dash in typed text."""
    tokens: list[str] = []
    marks: set[int] = set()
    for part in re.split(r"[,;:\u2013\u2014]|\s-\s", text):
        words = normalize(part).split()
        if words and tokens:
            marks.add(len(tokens))
        tokens += words
    return tokens, marks


def _names(text: str) -> frozenset[str]:
    """Capitalised words inside a typed sentence: names ("Priya"), said back as they were written."""
    found = re.findall(r"(?<=[a-z,] )([A-Z][a-z]+)\b", text)
    return frozenset(word.lower() for word in found if word.lower() not in _NOT_NAMES)


def _split_comparative(words: str) -> tuple[str, str]:
    second = list(re.finditer(rf"(?<= )the {_MORE} ", words))
    cut = second[-1].start() if second else len(words)
    return words[:cut].strip(), words[cut:].strip()


def _split(tokens: list[str], marks: set[int], names: frozenset[str], after_opener: bool) -> list[str]:
    """Clauses at each new subject that does not open an inner clause, the joiner kept with the clause it opens.

    "I", "he", "she" and "they" can only be subjects; "my sister" or a name can be an object too ("I avoid my
    sister"), so it starts a clause only after a joiner, a comma, or the clause an opener began."""
    cuts = [0]
    for i in range(1, len(tokens)):
        size = _subject_size(tokens, i, names)
        if not size or tokens[i - 1] in _INNER or i + size >= len(tokens) or tokens[i + size] in _JOIN_WORDS:
            continue
        if not _has_verb(tokens[cuts[-1]:i], names):
            continue
        joiner = next((j for j in _JOINERS if tokens[max(0, i - len(j.split())):i] == j.split()), "")
        pronoun = tokens[i] in ("i", "he", "she", "they")
        first_after_opener = after_opener and len(cuts) == 1
        alone = tokens[i] == "i" and len(tokens) - i - size >= 2
        if joiner or i in marks or first_after_opener or (pronoun and alone):
            cuts.append(i - len(joiner.split()) if joiner else i)
    return [" ".join(tokens[a:b]) for a, b in zip(cuts, cuts[1:] + [len(tokens)]) if a < b]


def _has_verb(chunk: list[str], names: frozenset[str]) -> bool:
    """Whether a clause so far has its subject and a word after it that is not a joiner ("my wife and" has not)."""
    text = " ".join(chunk)
    if _subject(text, names) is None:
        return False
    rest = _OPENING_WORDS.sub("", text + " ").split()
    return any(word not in _JOIN_WORDS and word not in _PEOPLE_WORDS and word not in ("my", "our", "i")
               for word in rest[1:])


def _subject_size(tokens: list[str], i: int, names: frozenset[str]) -> int:
    """How many words the subject starting at `tokens[i]` takes (0: none starts there)."""
    if tokens[i] == "i" or tokens[i] in names:
        return 1
    other = _OTHER.match(" ".join(tokens[i:i + 5]))
    return len(other.group(0).split()) if other else 0


def _subject(clause: str, names: frozenset[str]) -> str | None:
    """"mine" or "theirs" for the clause's subject (after an opener, a joiner or "the more"), None for anyone
    else; the subject may follow one word ("the more defensive I get")."""
    tokens = _OPENING_WORDS.sub("", clause + " ").split()
    for start in (0, 1):
        if start < len(tokens) and (start == 0 or tokens[start] == "i"):
            size = _subject_size(tokens, start, names)
            if size:
                return "mine" if tokens[start] == "i" else "theirs"
    return None


def _tense_is_past(clause: str) -> bool:
    """Whether the clause's first verb is in the past tense ("she yelled", "I went"); "would" and "used to" are
    habits, not events."""
    words = _OPENING_WORDS.sub("", clause + " ").split()
    for word in words[1:]:
        if word in _ADVERBS or word in ("my", "our") or word in _PEOPLE_WORDS:
            continue
        if word in ("would", "will", "used"):
            return False
        return word in _PAST or (word.endswith("ed") and word not in _NOT_PAST)
    return False


def _cycle(clauses: list[str], names: frozenset[str], habitual: bool) -> Cycle | None:
    moves = [(clause, _subject(clause, names)) for clause in clauses]
    if any(who is None for _, who in moves) or {who for _, who in moves} != {"mine", "theirs"}:
        return None
    if any(len(clause.split()) > _MAX_CLAUSE_WORDS for clause, _ in moves):
        return None
    if not habitual and any(_tense_is_past(clause) for clause, _ in moves):
        return None
    said = [_to_you(_plain(clause), names) for clause, _ in moves]
    return Cycle(said=", ".join(said),
                 mine=" ".join(s for s, (_, who) in zip(said, moves) if who == "mine"),
                 theirs=" ".join(s for s, (_, who) in zip(said, moves) if who == "theirs"))


def _plain(clause: str) -> str:
    """A clause without the joiner that linked it ("and then she pushes" -> "she pushes")."""
    for joiner in _JOINERS:
        if clause.startswith(joiner + " "):
            return clause[len(joiner) + 1:]
    return clause


def _to_you(clause: str, names: frozenset[str]) -> str:
    """The clause turned to the person ("I pull back" -> "you pull back", "she chases me" -> "she chases you"),
    names capitalised as written."""
    words = clause.split()
    out = []
    for i, word in enumerate(words):
        if word in ("am", "was"):
            out.append(_TO_YOU[word] if i and words[i - 1] == "i" else word)
        else:
            out.append(word.capitalize() if word in names else _TO_YOU.get(word, word))
    return " ".join(out)
