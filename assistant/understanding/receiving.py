"""Who was hurt, whether contact is welcome, and how soon: small word lists the repair flow branches on.

A person who was on the receiving end ("he yelled at me", "she called me stupid", their own part "nothing") is not
asked to own a part or apologise. A person whose other has asked for space, or who names an ex, an estrangement or
a block, is not coached toward reaching out. And "tonight" or "right away" while still flooded gets a gentle
question about waiting. The same lists keep drafts and summaries from being built out of a denial or a non-answer.
"""

from __future__ import annotations

import re

from mend.assistant.understanding.matching import normalize

__all__ = ["read_receiving_end", "names_no_contact", "says_soon", "usable_own_part"]

_NOT = r"(?<!not )(?<!never )(?<!did not )(?<!does not )"
_HURT_VERBS = (
    "yelled at|yells at|yelling at|shouted at|shouts at|shouting at|screamed at|screams at|screaming at|called|calls|"
    "insulted|insults|ignored|ignores|ignoring|lied to|lies to|lying to|cheated on|humiliated|humiliates|mocked|"
    "mocks|belittled|belittles|snapped at|snaps at|blamed|blames|criticised|criticized|criticises|criticizes|"
    "made fun of|makes fun of|put down|puts down|hung up on|ghosted|dumped|betrayed|disrespected|embarrassed|"
    "hurt|was mean to|was rude to|is mean to|is rude to|walked out on|stood up|gaslit|gaslighted|laughed at"
)
_RECEIVING = re.compile(
    rf"(?:^| )(?!i )(?:[a-z]+ ){{1,3}}?(?:just |really |always |then |kept |totally )?{_NOT}(?:{_HURT_VERBS}) me\b"
    r"|(?:^| )(?:he|she|they|my [a-z]+) (?:cheated|cheats|has been cheating|was cheating)\b"
    r"|(?:^| )(?:he|she|they|[a-z]+) hurt my feelings\b"
)
_DENIAL = re.compile(
    r"^(?:(?:um|uh|well|honestly|really|i think|just|no|and|so|i mean) |(?:nothing|none|nothing really|nothing at all|no part|"
    r"none of it|i have no part|i had no part|i did nothing|i did not do anything|i did not do anything wrong|"
    r"i did nothing wrong|not my fault|it is not my fault|it was not my fault|it was nothing|it was all (?:him|her|"
    r"them)|that was all (?:him|her|them)|i was the one (?:who got )?hurt)(?: really| at all| honestly| though)?(?: |$))+$"
)
_NO_CONTACT = re.compile(
    r"(?:^| )(?:(?:my )?ex(?: wife| husband| boyfriend| girlfriend| partner)?|estranged|blocked me|has blocked me|"
    r"no contact|not to contact|not contact (?:him|her|them)|stop contacting|cut me off|cut off contact|"
    r"asked for space|wants space|needs space|wanted space|(?:asked|told) me to leave (?:him|her|them) alone|"
    r"we do not speak|we do not talk|not speaking to me|does not want to (?:hear from|see|talk to) me)(?= |$)"
)
_SOON = re.compile(r"(?:^| )(?:tonight|right now|now|right away|straight away|immediately|asap|as soon as "
                   r"(?:possible|i can)|this evening|in a minute|in a bit)(?= |$)")
_NOT_SOON = re.compile(r"(?:^| )(?:not|never) (?:right )?(?:now|tonight|right away|straight away)(?= |$)")
_SELF_ATTACK = re.compile(
    r"(?:^| )i (?:am|was|m) (?:just |such |a |so |really |completely |totally )*(?:nothing|no good|worthless|"
    r"useless|pathetic|stupid|an idiot|a failure|a loser|a waste|the worst|a terrible|a horrible|an awful|"
    r"a bad person|disgusting|hopeless)(?= |$)|(?:^| )i hate myself(?= |$)"
)
_UNCLEAR = re.compile(r"^(?:i do not know|do not know|no idea|not sure|i am not sure|dunno|idk|maybe|i guess|"
                      r"nothing|none|no|n a|na|pass|skip|whatever|not really)$")


def read_receiving_end(text: str) -> dict[str, object]:
    """Slots a what-happened or own-part answer sets: `hurt_by_them` when the person was on the receiving end (or
    says their own part was nothing), `no_contact` when they name an ex, an estrangement, a block or a wish for
    space. Only what was found is returned, so a later answer never unsets an earlier one."""
    norm = normalize(text)
    found: dict[str, object] = {}
    if _RECEIVING.search(norm) or _DENIAL.match(norm):
        found["hurt_by_them"] = True
    if names_no_contact(text):
        found["no_contact"] = True
    return found


def names_no_contact(text: str) -> bool:
    return bool(_NO_CONTACT.search(normalize(text)))


def says_soon(text: str) -> bool:
    """"tonight", "now", "right away": a plan to reach out before there has been time to settle."""
    norm = normalize(text)
    return bool(_SOON.search(norm)) and not _NOT_SOON.search(norm)


def usable_own_part(text: object) -> bool:
    """Whether an own-part answer can be read back or put in a draft: not empty, not a non-answer or a denial
    ("nothing", "I don't know", "not my fault"), not a self-attack ("I was nothing", "I'm worthless")."""
    if not isinstance(text, str):
        return False
    norm = normalize(text)
    return bool(norm) and not (_UNCLEAR.match(norm) or _DENIAL.match(norm) or _SELF_ATTACK.search(norm))
