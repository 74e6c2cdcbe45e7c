"""Noticing when a reflection exercise is the wrong tool, and saying where real help is.

Every reply is checked before anything else reads it. The rules look for intent and danger, not for scary words:
"I want to kill myself" and "he hits me" are concerns, while "this is killing me to think about", "my mom will kill
me if I'm late", "I killed it at work" and "she hurt my feelings" are ordinary talk about a hard week. When a rule
is unsure it leans towards offering help, because a needless list of helplines costs little and a missed one can
cost a lot. Where to find help is in assistant/safety/resources.py.

Two layers read each reply, both after figures of speech are blanked out and denials are respected
(`risk_figures`): the phrase rules below (direct statements, tuned on speech) and the frames of `risk`, which read
the shape of what is said in wordings no list could hold. A concern is `certain` or not: an uncertain one gets one
kind yes/no question before anything else happens, typed or spoken.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache

from rapidfuzz import fuzz, process

from mend.assistant.safety.danger_now import danger_now
from mend.assistant.safety.risk import DEFINITE, read_frames
from mend.assistant.safety.risk_figures import (
    CHILD_OR_ASLEEP, FIGURATIVE, JOKE, ORDINARY_REASON, PLAY, RESOLVED_PAST, blank_figures, negated,
)
from mend.assistant.understanding.matching import MAX_CHARS
from mend.assistant.understanding.meanings import RELATIONSHIP_WORDS, normalize

__all__ = ["SafetyConcern", "check_safety", "safety_phrases", "check_spotted", "KINDS"]

KINDS = ("self_harm", "harm_others", "abuse")


@dataclass(frozen=True)
class SafetyConcern:
    kind: str  # "self_harm" | "harm_others" | "abuse"
    matched: str  # the normalised words that raised it
    certain: bool = True  # False: asked about first ("Are you thinking of hurting yourself?"), never assumed
    now: bool = False  # the danger is here now or already done: emergency services are named first


_ME = r"(?:myself|my self)"
_PERSON = "|".join(sorted({w for words in RELATIONSHIP_WORDS.values() for w in words} - {"team", "staff", "office",
                          "at work", "family", "friendship"}, key=len, reverse=True)) + "|ex|neighbors?|neighbours?"
_PERSON = rf"(?:(?:{_PERSON})s?|ex)"
_THEM = rf"(?:him|her|them|someone|somebody|everyone|everybody|people|my {_PERSON}|(?:that|this) (?:guy|man|woman|" \
        r"girl|boy|person|kid|idiot|jerk|bastard|bitch|asshole))"
_NOT_THEIR = r"(?! (?:feelings|feeling|pride|ego|heart|chances|career|reputation|trust|confidence|up|out|off|back))"
_SUBJ = rf"(?:he|she|they|(?:my|his|her|their|our) {_PERSON})"
_OFTEN = r"(?:(?:always|sometimes|often|still|keeps|kept|has|have|had|been|once|just|also|even|is|was|will|would|" \
         r"then|again|started|starts|used to|tried to|would|literally|actually|physically) ){0,3}"
_INTENT = r"(?:want to|wanted to|am going to|going to|will|feel like|felt like|am thinking about|am thinking of|" \
          r"was thinking about|have been thinking about|been thinking about|thought about|think about|am about to|" \
          r"plan to|am planning to|planning to|am ready to|would like to|swear i will|swear i am going to|" \
          r"keep thinking about|need to|should)"
_STRIKE = r"(?:kill|killing|murder|murdering|stab|stabbing|shoot|shooting|strangle|strangling|choke|choking|" \
          r"punch|punching|hit|hitting|slap|slapping|attack|attacking|beat up|beat the \S+ out of|smash|hurt|" \
          r"hurting|harm|harming|poison|poisoning)"
_VIOLENT = r"(?:kill|murder|stab|shoot|strangle|choke|punch|hit|slap|attack|beat up|beat the \S+ out of|poison)"
_TO_ME = r"(?:hit|hits|hitting|beat|beats|beating|punch|punched|punches|punching|slap|slapped|slaps|slapping|" \
         r"kick|kicked|kicks|kicking|choke|choked|chokes|choking|strangle|strangled|strangles|strangling|push|" \
         r"pushed|pushes|pushing|shove|shoved|shoves|shoving|threaten|threatened|threatens|threatening|rape|raped|" \
         r"rapes|abuse|abused|abuses|abusing|assault|assaulted|assaults|smack|smacked|smacks|throttle|throttled|" \
         r"grab|grabbed|grabs|burned|burnt|bit|bites|strikes|struck)"
_ME_NOT_IDIOM = r"(?! (?:away|aside|up|off|out|at|in chess|to it|to the|back|a |an |some|for |harder|to do|to be|into doing))"

_RULES: dict[str, list[str]] = {
    "self_harm": [
        rf"(?:kill|killing|killed|hurt|hurting|harm|harming|cut|cutting|burn|burning|starve|starving|hang|hanging|"
        rf"shoot|shooting|drown|poison|poisoning|unalive|unaliving) {_ME}"
        r"(?! (?:laughing|at work|working|trying|to get|to finish|to make|to keep|to please|playing|lifting|running|"
        r"shaving|cooking|chopping|by accident|accidentally|at the gym|when i fell|falling|skiing|on a|on the|on some))",
        r"(?:end|ending|ended|take|taking|took) my (?:own )?life",
        r"(?:end|ending) it all|end everything|ending everything|unalive",
        r"suicide|suicidal|self harm|selfharm|self harming|kill myself",
        r"(?:want|wanted|wanting|wish|wishing|wanna) (?:to|i could|i was|i were|i) (?:just )?"
        r"(?:die|be dead|dead|not exist|not be alive|not wake up|never wake up|disappear forever)"
        r"(?! (?:of embarrassment|of shame|laughing|of laughter|for))",
        r"(?:do not|did not|no longer|never) want to (?:be alive|live|exist|wake up|be here anymore|be around anymore|"
        r"go on living|keep living)(?! (?:with|there|here|in|near|like that|together))",
        r"(?:better off|be better) (?:dead|without me)|(?:no|not any) (?:reason|point) (?:to|in) (?:live|living|being "
        r"alive|going on)|nothing (?:left )?to live for|not worth living|life is not worth (?:it|living)",
        r"(?:slit|cut|cutting) my wrists?|overdose|overdosing|(?:took|take|taking|swallowed) (?:too many|a bunch of|all "
        r"my|all the|a whole bottle of) (?:pills|tablets|sleeping pills)",
        r"jump (?:off|from) (?:a|the) (?:bridge|building|roof|cliff|balcony)|jump in front of (?:a|the) (?:train|car|bus)",
        r"(?:thinking|think|thought) (?:of|about) (?:ending it all|ending my life|dying|killing myself)",
    ],
    "abuse": [
        rf"{_SUBJ} {_OFTEN}{_TO_ME} me{_ME_NOT_IDIOM}",
        rf"{_SUBJ} {_OFTEN}(?:threatened|threatens|threatening) to (?:kill|hurt|hit|beat|harm|take the kids)",
        rf"{_SUBJ} (?:said|says|told me|keeps saying) (?:that )?(?:he|she|they) (?:would|will|is going to|was going to|"
        r"is gonna|might) (?:kill|hurt|hit|beat) me",
        r"(?:afraid|scared|terrified|frightened|fear) (?:that )?(?:(?:he|she|they) (?:will|would|is going to|might|"
        r"could|is gonna|may)|hell|shell|theyll|hed|shed|theyd) (?:hurt|kill|hit|attack|beat|harm|strangle|choke) me",
        r"(?:afraid|scared|terrified|frightened) of (?:him|them|her|my (?:partner|husband|wife|boyfriend|girlfriend|"
        r"dad|father|mom|mum|mother|stepdad|stepfather|stepmom|ex))(?! (?:reaction|reacting|response|being|feelings|"
        r"opinion|anger|getting|finding|judging|thinking|disappointment|leaving|saying|family|friends|mom|dad|mother|"
        r"father|answer|face|words|silence|mood|moods|temper))",
        r"(?:afraid|scared|terrified) (?:to go|of going) home|not safe (?:at home|with|around|here|in my|in the house|"
        r"anymore)|do not feel safe (?:at home|with|around|in my|in the house|anymore)|i am not safe$|unsafe at home|"
        r"feel unsafe (?:at home|with|around)",
        r"domestic (?:violence|abuse)|abusive (?:relationship|partner|husband|wife|boyfriend|girlfriend|marriage|home)",
        rf"{_SUBJ} (?:is|was|has been|gets|can be) (?:abusive|violent)|(?:physically|sexually) (?:hurt|hurts|hurting|"
        r"abused|abuses|assaulted|assaults) me|hurts me physically|hurt me physically|sexually assaulted|raped",
        rf"{_SUBJ} (?:will not|would not|does not|never) let me (?:leave|go out|see my|have money|talk to|call)",
        rf"{_SUBJ} (?:controls|tracks) (?:everything|my money|where i go|who i see|my phone)|locked me (?:in|out)",
    ],
    "harm_others": [
        rf"i (?:really |just |honestly |seriously |actually |literally |so |could )?{_INTENT} "
        rf"(?:(?!have |not |never )\S+ ){{0,2}}{_STRIKE} {_THEM}{_NOT_THEIR}",
        rf"i (?:really |just |honestly |seriously |actually |literally |so )?(?:could|might|am gonna|gonna|am going to) "
        rf"(?:(?!have |not |never )\S+ ){{0,1}}{_VIOLENT} {_THEM}{_NOT_THEIR}",
        rf"i (?:have |had |just )?(?:hit|punched|slapped|choked|strangled|stabbed|kicked|beat up|shoved|attacked|shot|"
        rf"killed) (?:him|her|them|my "
        rf"{_PERSON})(?! (?:up|out|back|off))",
        r"i (?:want|wish|hope) (?:him|her|them|he|she|they) (?:was |were |would be |would )?(?:dead|die|dies)",
    ],
}
_COMPILED = {kind: [re.compile(r"(?<!\S)(?:" + rule + r")(?!\S)") for rule in rules] for kind, rules in _RULES.items()}
_ORDER = ("self_harm", "abuse", "harm_others")  # self-harm first; abuse before anger so the victim gets the DV line
_SAFETY_WORDS = ["suicide", "suicidal", "myself", "overdose", "killing", "strangle", "strangled", "threatened",
                 "threatening", "abusive", "punched", "slapped"]
_REPEATED_WORD = re.compile(r"(?<!\S)(\S+)(?: \1(?!\S))+")
_SLIPS = {"kil": "kill", "myslef": "myself", "mysef": "myself", "sucide": "suicide", "suicidle": "suicidal"}


@lru_cache(maxsize=4096)
def _safety_word(word: str) -> str:
    if word in _SLIPS:
        return _SLIPS[word]
    if len(word) < 5 or len(word) > 20 or not word.isascii() or not word.isalpha():
        return word
    best = process.extractOne(word, _SAFETY_WORDS, scorer=fuzz.ratio, score_cutoff=85)
    return best[0] if best else word


def check_safety(text: str) -> SafetyConcern | None:
    """The most urgent concern the patterns and frames find in a reply, or None: a certain one before an uncertain
    one, and among equals self-harm, then abuse, then harm to others. (The risk model, `risk_model.py`, reads a
    reply only after these and the spoken-reply checks found nothing, and can only ask.)

    Reading a reply stops at MAX_CHARS characters to stay fast, so a longer one (a typed page) is read in
    overlapping pieces: a concern at its end is found like one at its start."""
    if isinstance(text, str) and len(text) > MAX_CHARS:
        step = MAX_CHARS - _OVERLAP
        starts = [*range(0, min(len(text), _LONGEST), step), len(text) - MAX_CHARS]  # and always its end
        found = [concern for start in starts if (concern := _check_piece(text[start:start + MAX_CHARS]))]
        return _most_urgent(found)
    return _check_piece(text)


_OVERLAP = 400  # characters two pieces of a long reply share, so a sentence cut by one is whole in the other
_LONGEST = 16_000  # the most of a reply's beginning read for safety (about eight pages), besides its end


def _most_urgent(found: list[SafetyConcern]) -> SafetyConcern | None:
    return min(found, key=lambda c: (not c.certain, _ORDER.index(c.kind))) if found else None


def _check_piece(text: str) -> SafetyConcern | None:
    norm = normalize(text)
    if not norm:
        return None
    variants = [norm]
    canonical = " ".join(_safety_word(word) for word in norm.split())
    if canonical != norm:
        variants.append(canonical)
    unrepeated = _REPEATED_WORD.sub(r"\1", canonical)  # speech recognition stutters: "i killed killed him"
    if unrepeated != canonical:
        variants.append(unrepeated)
    blanked = [blank_figures(variant) for variant in variants]
    concern = _most_urgent([concern for variant in blanked if (concern := _read(variant))])
    kind = concern.kind if concern is not None and concern.certain else None
    danger = next((found for variant in blanked if (found := danger_now(variant, concern_kind=kind))), None)
    if danger is None:
        return concern
    if concern is None or not concern.certain:  # read from the frames alone: asked first ("Is anyone in danger
        return SafetyConcern(danger.kind, danger.matched, certain=False, now=True)  # right now?"), 911 on a yes
    return replace(concern, now=True)


_SELF = re.compile(r"(?<!\S)(?:myself|my life|die|dead|suicide|suicidal|kms)(?!\S)")


def _read(text: str) -> SafetyConcern | None:
    """Both layers over one blanked variant. Play ("killed him ten times in call of duty") is not a threat, and
    a blow said beside a game ("he was drunk after the game and strangled me") is asked about, not dropped. A joke
    marker ("lol") about someone else, or a settled past ("I used to self harm as a teenager"), makes a concern a
    question, not a stop; for signs of preparing to die, an ordinary reason ("giving away the baby clothes now
    we're done having kids") clears an uncertain one."""
    play, figurative = PLAY.search(text), FIGURATIVE.search(text)
    # a settled past, a joke about others, or abuse beside a game: asked about, not stopped on
    ask_first = bool(RESOLVED_PAST.search(text) or (JOKE.search(text) and not _SELF.search(text)))

    def counts(kind: str) -> bool:
        return not ((play or figurative) and kind == "harm_others")

    mild = CHILD_OR_ASLEEP.search(text)
    if mild:  # another blow in the same reply is read without it first ("... and my husband strangled me")
        other = _read(text[:mild.start()] + " _" * len(mild.group(0).split()) + text[mild.end():])
        if other is not None and other.certain:
            return other

    def asked(kind: str, matched: str = "") -> bool:
        # a small child's or a sleeper's blow softens only the blow it names, not another one in the same reply
        softened = bool(mild and matched and (matched in mild.group(0) or mild.group(0) in matched))
        return ask_first or bool((play or softened) and kind == "abuse")

    for kind in _ORDER:
        for rx in _COMPILED[kind]:
            match = rx.search(text)
            if match and counts(kind) and not negated(text, match.start()):
                return SafetyConcern(kind, match.group(0), certain=not asked(kind, match.group(0)))
    finding = read_frames(text)
    if finding is None or not counts(finding.kind):
        return None
    certain = finding.level == DEFINITE and not asked(finding.kind, finding.matched)
    if not certain and finding.kind == "self_harm" and ORDINARY_REASON.search(text):
        return None
    return SafetyConcern(finding.kind, finding.matched, certain=certain)


# What a spotting recognizer listens for beside the full model (see audio.recognizer.Spotter): sentences people
# say when a reflection exercise is the wrong tool, in the words a speech grammar can hold. Each one is flagged
# by check_safety on its own; anything else a person says comes back as "[unk]" and raises nothing.
_SPOKEN_CONCERNS = (
    # self-harm
    "i want to kill myself", "kill myself", "killing myself", "i want to hurt myself", "hurt myself",
    "hurting myself", "harm myself", "cut myself", "cutting myself", "end my life", "ending my life",
    "take my life", "take my own life", "end it all", "ending it all", "suicide", "suicidal", "self harm",
    "i want to die", "i wish i was dead", "i do not want to be alive", "i don't want to be alive anymore",
    "i don't want to live anymore", "better off dead", "better off without me", "nothing to live for",
    "not worth living", "overdose",
    # abuse
    "he hits me", "she hits me", "they hit me", "he hit me", "she hit me", "he beats me", "she beats me",
    "he kicked me", "he pushed me", "he choked me", "he slapped me", "she slapped me", "my husband hits me",
    "my wife hits me", "my partner hits me", "my boyfriend hits me", "my dad hits me", "he threatened to kill me",
    "she threatened to kill me",
    "i am not safe at home", "i am scared of him", "i am afraid of him", "i am afraid to go home",
    "domestic violence", "abusive relationship",
    # harm to others
    "i want to kill him", "i want to kill her", "i want to hurt him", "i want to hurt her", "i could kill him",
    "i am going to kill him",
)


def safety_phrases() -> list[str]:
    """Phrases for a speech grammar that listens only for safety concerns (plus "[unk]" for everything else)."""
    return list(_SPOKEN_CONCERNS)


_SPOKEN_TOKENS = sorted({tuple(normalize(p).split()) for p in _SPOKEN_CONCERNS}, key=len, reverse=True)
SPOTTED_COVERAGE = 0.8  # share of a spotted transcript that must be whole safety phrases


def _phrase_coverage(words: list[str]) -> float:
    covered = index = 0
    while index < len(words):
        for phrase in _SPOKEN_TOKENS:
            if tuple(words[index:index + len(phrase)]) == phrase:
                covered += len(phrase)
                index += len(phrase)
                break
        else:
            index += 1
    return covered / len(words) if words else 0.0


def check_spotted(text: str) -> SafetyConcern | None:
    """check_safety for the transcript of a recognizer that could only choose among `safety_phrases()`.

    Such a recognizer also strings loose words of its phrases together from ordinary speech ("i shut down and
    stopped" can come out as "i end it all killing"), so its transcript counts only when it is almost wholly made
    of whole phrases (at least SPOTTED_COVERAGE of its words); measured on espeak voices, that kept every
    concern the spotter found and removed all of its false alarms."""
    words = normalize(text).split()
    if len(words) < 2 or _phrase_coverage(words) < SPOTTED_COVERAGE:
        return None  # a single spotted word ("suicide" out of a short "sure") is only asked about (safety_unsure)
    concern = check_safety(" ".join(words))
    return concern if concern is not None and concern.certain else None
