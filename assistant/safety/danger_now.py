"""Danger happening now: an overdose already taken, heavy bleeding, someone at the door with a knife.

Safe-messaging and domestic-violence practice agree on one thing for these moments: emergency services come first,
before any helpline. So mend reads, beside whether a reply raises a concern at all (`rules.check_safety`), whether
it says the danger is here right now or already done, and then leads with the emergency line
(`resources.crisis_message`). Two readings meet here: frames for acts that are an emergency on their own (pills
swallowed with "the whole bottle" or "an hour ago", a hose in the car window, someone not breathing), and a
concern the rules already found plus a sign that it is happening now ("he's still here", "she's on her way").
Right after the crisis lines were said, the words that count are wider: "too late, I already took them" means one
thing there.

Text is normalised with its figures of speech blanked (`risk_figures.blank_figures`); a settled past ("years ago
I took an overdose") or a denial just before ("I haven't taken anything") is not now. Words: `danger_words`.
"""

from __future__ import annotations

from dataclasses import dataclass

from mend.assistant.safety.danger_words import (
    ABOUT_TO, ACCIDENT, AMOUNT, ARMS, BLEEDING, COLLAPSE, CUT, DRUG, HERE_NOW, HIGH, NOT_AN_EMERGENCY, POISON, RECENT, SWALLOW,
    SWALLOWING, SYMPTOM, WORKING,
)
from mend.assistant.safety.risk_figures import RESOLVED_PAST
from mend.assistant.safety.risk_frame import rx
from mend.assistant.safety.risk_words import MEANS, OTHER, RELATION, WEAPON, gap

__all__ = ["Danger", "danger_now"]


@dataclass(frozen=True)
class Danger:
    kind: str  # "self_harm" | "abuse" | "harm_others"
    matched: str


_BIG = r"(?:[5-9]|[1-9]\d+)(?! (?:mg|milligrams|ml|mil|minutes|hours|days|weeks|years|times))"
_HOW_MUCH = rx(AMOUNT.replace(r"\d+", _BIG))
_SWALLOWED = rx(rf"{SWALLOW} (?:(?!and the |but |because |so |then )\S+ ){{0,6}}(?:{DRUG}|{POISON})|injected "
                rf"(?:everything|it all|all of it|the lot)|i (?:have |just |think i |think i have )*(?:took|taken|had|swallowed) (?:way )?too many"
                rf"(?! (?!{DRUG}(?!\S))\S+s(?!\S))|"
                rf"(?:took|taken|swallowed|downed) (?:the|a) whole (?:bottle|packet|box|pack|strip|tub|jar)"
                rf"(?! of (?:wine|vodka|whisky|whiskey|beer|water|juice|gin|rum|cider))")
# what makes a swallowed medicine an overdose, said with it: how lately, the body giving way, wanting it to end
_OVERDOSE_SIGN = rx(rf"{RECENT}|{SYMPTOM}|want it (?:to be )?over|want to die|talk me out of it|too late|"
                    rf"all of (?:it|them)|the lot|every (?:one|last one)|the whole (?:lot|thing|packet|bottle|box)|"
                    rf"not mine|is not mine|(?:he|she|they) does not know|before i (?:fall asleep|go)|goodbye")
_POISON = rx(POISON)
_BODY = r"(?:myself|my (?:wrists?|arms?|legs?|thighs?|stomach|throat|neck|skin|body|chest|hips?)(?: up)?|really " \
        r"deep|deep|too deep|pretty bad)"
_CUT_SELF = rx(rf"i (?:have |just |have just )?{CUT} {_BODY}|i (?:have )?(?:went|gone|cut) (?:too|way|really) deep")
_WOUND_SIGN = rx(rf"{BLEEDING}|{SYMPTOM}|deep|badly|pretty bad|really bad|to the bone")
_HIGH_UP = rx(rf"(?:i am|im) (?:\S+ ){{0,3}}(?:on|at|in|up|over|by) (?:the )?(?:top of (?:the )?|edge of (?:the )?)?"
              rf"(?:\S+ )?{HIGH}")
_ABOUT_TO = rx(ABOUT_TO)
_SELF_NOW = [
    *(rx(pattern) for pattern in WORKING),
    rx(r"(?:cannot|can not|could not|will not|would not) stop (?:the |it |it from )?bleeding"),
    rx(r"(?:slit|slashed) (?:my wrists?|my throat)"),
    rx(r"i (?:have |think i |think i have |just |have just |already )*(?:od|o d|oded|odd|overdosed|taken an overdose|"
       r"took an overdose|had an overdose)(?! (?:years|when|as a|in the past|once|twice|before|a few|last))"),
    rx(rf"(?:i am )?(?:\S+ )?(?:going to|gonna|about to|will) (?:kill myself|jump|end my life|take the pills|"
       rf"take them all|take all of them) (?:right now|now|tonight|in a minute|after this|after we (?:stop talking|"
       rf"finish)|when you stop)"),
    rx(rf"i am (?:\S+ )?{SWALLOWING} (?:\S+ ){{0,3}}(?:{DRUG}|{POISON}|them|it all) (?:\S+ )?(?:right )?now"),
    rx(r"putting it on(?! (?:the|a|hold|my|our)(?!\S))"),
]
# a self-harm concern the rules found, and that it is being done now ("I'm doing it tonight")
_SELF_INTENT_NOW = rx(r"(?:going to|gonna|about to|will) (?:do it|end it|end it all|go through with it) (?:right now|"
                      r"now|in a minute|after this|after we (?:stop talking|finish)|when you stop)|i am (?:doing|"
                      r"ending) it (?:right )?now|i am in the middle of it|about to do it")
# a means at hand beside "I'm about to do it": then it needs no concern found first
_MEANS_AT_HAND = rx(rf"{MEANS}|loaded|tied|belt|cord|in my lap|in my hand")
_BAG = rx(r"plastic bag|bag|rope|noose|belt|cord")
# said right after the crisis lines, when the danger was already named: "too late", "they're already in me"
_AFTER_CRISIS = [rx(p) for p in (
    r"i (?:have |had |just |already |have already |have just )*(?:done it|did it(?! as| for| on purpose| to| "
    r"because| wrong)|started(?! it| this| the| a | an )|taken them|took them|swallowed them|had them|taken it|"
    r"took it|swallowed it|taken some|took some|drank it|had the lot|cut myself|cut my (?:wrists?|arms?|legs?|"
    r"thighs?|skin)|cut again)",
    r"(?:it is|its) too late|too late for that|bit late for that|it is (?:already )?done now|(?:it is|its) already "
    r"done|in the middle of it|doing it (?:right )?now|(?:packet|packets|bottle|bottles|box) (?:is |s )?empty",
    rf"already (?:took|taken|swallowed|started(?! it| this| the)|done it|did it|had them|cut|in me|bleeding|"
    rf"doing it|up here|on the edge|on the bridge|on the roof|running|halfway|kicking in|drank|drunk|{SYMPTOM})",
    rf"{BLEEDING}|{SYMPTOM} (?:from|after) (?:the|them|it)|(?:pills|tablets|they are|it is) kicking in|"
    r"(?:packet|bottle|box) is empty|(?:they are|they have) (?:all )?(?:in me|gone)(?! \S)|"
    r"did it (?:an hour|a while|earlier|already|before)",
    rf"(?:i am|im) (?:on|at|up on) (?:the )?(?:top of (?:the )?|edge of (?:the )?)?(?:\S+ )?{HIGH}",
    r"(?:cannot|can not) (?:breathe|feel my)",
)]
# after the crisis lines for abuse: the person who hurt them is here ("he's back", "he's outside")
_PRESENT = rx(rf"(?:he|she|they|{OTHER}) (?:is|are) (?:back|here|outside|at the door|in the house|downstairs|upstairs|"
              rf"coming|on (?:his|her|their) way)|(?:he|she|they|{OTHER}) (?:has|have|has got|got|is got|is holding) "
              rf"(?:a|the|his|her) (?:\S+ )?(?:{WEAPON}|{ARMS})")
_WHO = rf"(?:he|she|they|him|her|them|{RELATION}s?|mum|mom|dad|baby|child|kid|toddler|someone)"
# after the crisis lines: an act just done to someone ("I stabbed him") is an emergency for them
_DONE_TO_SOMEONE = rx(rf"i (?:have |just |have just |think i )*(?:stabbed|shot|strangled|choked|poisoned|ran over|run "
                      rf"over|hurt|beat|pushed|hit|smothered) (?:him|her|them|my {RELATION})")
_COLLAPSE = rx(rf"{_WHO}(?: \S+){{0,8}} {COLLAPSE}")
_OTHER_HARMED = rx(rf"{_WHO} (?:has |have |just |has just )*(?:swallowed|overdosed on|taken|drunk|drank) "
                   rf"{gap(3)}(?:bottle|packet|box|all|whole|handful)")
_OTHER_CUT = rx(rf"{_WHO} (?:has |is |just |has just )*(?:cut|slashed|stabbed|sliced) (?:herself|himself|themselves|"
                rf"themself|(?:his|her|their) (?:wrists?|arms?|legs?|throat|neck))")
_OTHER_HIGH = rx(rf"{_WHO} (?:is |s )?(?:standing|sitting|stood|sat|up|climbing) (?:on|at|over) (?:the )?(?:\S+ )?{HIGH}")
_ARMED = rx(rf"{OTHER} (?:is |s )?(?:\S+ ){{0,6}}(?:has|got|have got|has got|holding|with|bringing|carrying|"
            rf"pointing|loading|threatened me with|threatening me with|waving) (?:a|the|his|her|their|my)? ?(?:\S+ )?"
            rf"(?:{WEAPON}|{ARMS})")
_ARSON = rx(rf"{OTHER} (?:is |are )?(?:\S+ )?(?:pouring|spreading|splashing|throwing) (?:\S+ )?(?:petrol|gasoline|"
             rf"gas|lighter fluid|fuel|paraffin)")
# injuries that need emergency care now, beside a blow the rules found ("he pushed me down the stairs, I'm bleeding")
_HURT_NOW = rx(rf"{BLEEDING}|i am hurt|badly hurt|hurt badly|(?:cannot|can not) (?:move|breathe|stand|walk|see)|"
               rf"broken|passed out|knocked out|blacked out")
# venting, not intent: "I could kill her right now"
_VENTING = rx(r"i could (?:\S+ )?(?:kill|strangle|murder|throttle|slap|punch|shake)")
_ARMED_AND_MEANT = rx(rf"{HERE_NOW}|stab|kill|shoot|hurt|says|said|threaten|threatens|threatened|threatening|swore")
_INTRUDER = rf"(?:{OTHER}|him|her|them|someone|somebody|someones|somebodys)"
_FORCE = rx(rf"{_INTRUDER} (?:is |are |s )?(?:\S+ ){{0,2}}(?:breaking|kicking|banging|smashing|pounding|hammering|"
            rf"punching|trying to break|trying to kick|booting) (?:\S+ ){{0,3}}(?:door|doors|window|windows|lock|"
            rf"gate)|{_INTRUDER} (?:is |are |has |s )?"
            rf"(?:\S+ ){{0,2}}(?:trying to get in|climbing over|climbing in|breaking in|kicking in the|broken in|"
            rf"broke in)")
_RAMPAGE = rx(r"(?:smashing|breaking|wrecking|trashing|throwing) (?:everything|the place|the house|things|stuff|"
              r"the flat|it all)")
_RAMPAGE_AIMED = rx(r"i am next|kill|hurt|scared|terrified|coming for me|at me|after me")
_HITTING = rx(rf"{OTHER} (?:(?:is|are) (?:\S+ ){{0,2}})?(?:hitting|hurting|choking|strangling|beating|attacking|kicking|"
              rf"punching|stabbing|dragging|throttling|smothering|slapping) (?:me|us|my \S+|the kids|the baby)")
_BREACH = rx(r"not (?:even )?allowed (?:anywhere )?near (?:me|us|the house)|restraining order|(?:protection|"
             r"non molestation|no contact|protective) order|bail conditions")
_HIDING = rx(r"(?:i am|im) hiding (?:in|under|at|behind|from (?:him|her|them))")
_SOUGHT = rx(r"(?:he|she|they) (?:is|are) (?:\S+ )?(?:looking for me|knocking|searching|outside|banging|at the door|"
             r"trying to get in)|(?:he|she|they) knows? (?:i am here|where i am)")
_HELD = rx(rf"(?:hands|hand) (?:round|around|on) my (?:throat|neck)|{OTHER} (?:is |are )?pinning me|{OTHER} "
           r"(?:has |is |just |has just )?(?:locked|trapped|tied) me (?:in|inside|out|up|to)|will not let me (?:leave|"
           rf"out|in|call)|not leaving here alive|{OTHER} (?:is |are )?following me(?! on | online| around on)|"
           rf"right behind me|(?:got|has|have) me pinned|"
           rf"{OTHER} (?:is |are )?coming at me(?! with (?:accusations|questions|criticism|that|this|it|all|his|her))")
_THREAT = rx(rf"{OTHER} (?:\S+ ){{0,3}}(?:said|says|saying|swore|threatened|threatening|warned|texted|will|would|"
             rf"is going to|gonna)(?: \S+){{0,6}} (?:(?:kill|stab|shoot|burn|finish|hurt|strangle|beat|get|crash) "
             rf"(?:me|us|the house|the car)|do me in|finish what (?:he|she|they) started)|(?:coming|on (?:his|her|"
             rf"their) way)(?: \S+){{0,3}} (?:to|and) (?:finish|kill|hurt|get|sort) (?:it|me|us|what)")
# a threat being made as the person speaks ("he's saying he'll crash us both"): now without another sign
_THREAT_NOW = rx(rf"{OTHER} (?:is|are) (?:\S+ )?(?:saying|threatening|screaming|shouting|yelling)(?: \S+){{0,6}} "
                 rf"(?:kill|stab|shoot|burn|hurt|strangle|crash|drive (?:us|me) off|finish) (?:me|us|the car|both)")
_ABUSE_NOW = rx(HERE_NOW)
_HARM_OTHERS_NOW = rx(rf"(?:tonight|in a minute|right now|waiting for (?:him|her|them)|standing over|when (?:he|she|they) "
                      rf"(?:gets?|comes?) (?:home|back|in|out)|home soon|i am gonna do it|i am going to do it|"
                      rf"oh god|what have i done|ambulance|{BLEEDING}|{COLLAPSE})")
_ABOUT_TO_HARM = [rx(p) for p in (
    r"standing over (?:him|her|them) with",
    rf"i (?:have|have got|got|am holding|am standing here with|am sitting here with) (?:a|the|my) (?:{WEAPON}|{ARMS}) "
    rf"{gap(6)}(?:he|she|they) (?:is|are) (?:here|in the next room|in the other room|downstairs|upstairs|asleep|"
    rf"outside|right there)",
    r"(?:going to|gonna|about to) (?:put (?:the|a) pillow over|poison|stab|shoot|run (?:him|her|them) over|kill|"
    r"strangle|smother|suffocate) (?:his|her|him|them|their)(?: \S+){0,8} (?:tonight|right now|now|while (?:he|she|"
    r"they)|when (?:he|she|they)|home soon|asleep|waiting|in a minute)",
    r"(?:call|need|get|send) (?:me |us |him |her )?(?:an )?ambulance",
    r"(?:hands|hand) (?:round|around|on) (?:his|her|their) (?:throat|neck)",
    r"i am loading (?:the|my|a|his|her) \S*(?:gun|rifle|shotgun|pistol)",
    rf"outside (?:his|her|their) (?:house|flat|place|work|door) (?:\S+ ){{0,3}}with (?:a |the |some )?(?:\S+ )?"
    rf"(?:{WEAPON}|petrol|lighter|matches)",
)]
# "I'm going to go round there and stab him": an intent to harm with a sign it is now
_GOING_TO_HARM = rx(r"(?:going to|gonna|about to) (?:\S+ ){0,6}(?:stab|shoot|kill|strangle|hurt|run (?:him|her|them) "
                    r"over) (?:him|her|them|my \S+)")
_HARM_SIGN = rx(rf"right now|tonight|in my bag|in my hand|in my pocket|loaded|waiting|{WEAPON}")
_ORDINARY = rx(NOT_AN_EMERGENCY)
_ACCIDENT = rx(ACCIDENT)
_WINDOW = 60  # characters around a match in which a sign, a settled past or an ordinary reason counts


def danger_now(text: str, *, concern_kind: str | None = None, after_crisis: bool = False) -> Danger | None:
    """The danger a reply says is here now or already done, in normalised, figure-blanked text, or None.

    `concern_kind`: a certain concern the rules found in the same reply (or, after the crisis lines, the one they
    were said for); a sign that it is happening now ("he's still here", "tonight") then makes it danger now.
    `after_crisis`: the reply answers the crisis lines, so "I've already taken them" needs no pills named."""
    if not text:
        return None
    padded = f" {text} ".replace(" nobodys ", " nobody is ").replace(" no ones ", " no one is ")
    found = (_self_now(padded, concern_kind) or _abuse_now(padded, concern_kind)
             or _others_now(padded, concern_kind))
    if found is None and after_crisis:
        found = _first("self_harm", padded, _AFTER_CRISIS) or _first("harm_others", padded, [_DONE_TO_SOMEONE])
        if found is None and concern_kind == "abuse":
            found = _first("abuse", padded, [_PRESENT])
    return found


def _first(kind: str, text: str, patterns, *, sign=None, accident_counts: bool = True) -> Danger | None:
    """The first match that no "not" just before denies, no settled past or ordinary reason beside it makes
    ordinary, and (when asked for) with a sign beside it."""
    for pattern in patterns:
        for match in pattern.finditer(text):
            start, end = match.start(), match.end()
            near = text[max(0, start - _WINDOW):end + _WINDOW]
            after = text[start:end + _WINDOW]
            if _denied(text, start) or _settled(near) or _ORDINARY.search(after):
                continue
            if accident_counts and _ACCIDENT.search(after):
                continue
            if sign is not None and not sign.search(text[max(0, start - _WINDOW):end + 2 * _WINDOW]):
                continue
            return Danger(kind, match.group(0).strip())
    return None


def _self_now(text: str, concern_kind: str | None) -> Danger | None:
    swallowed = _first("self_harm", text, [_SWALLOWED], sign=_OVERDOSE_SIGN, accident_counts=False)
    if swallowed is None:  # or the amount is said inside it: "took the whole bottle of ..."
        found = _first("self_harm", text, [_SWALLOWED], accident_counts=False)
        swallowed = found if found is not None and (_HOW_MUCH.search(found.matched)
                                                    or _POISON.search(found.matched)) else None
    return (swallowed
            or _first("self_harm", text, [_CUT_SELF], sign=_WOUND_SIGN)
            or _first("self_harm", text, [_HIGH_UP], sign=_ABOUT_TO)
            or _first("self_harm", text, _SELF_NOW[:-1])
            or _first("self_harm", text, _SELF_NOW[-1:], sign=_BAG)
            or _first("self_harm", text, [_SELF_INTENT_NOW],
                      sign=None if concern_kind == "self_harm" else _MEANS_AT_HAND))


def _abuse_now(text: str, concern_kind: str | None) -> Danger | None:
    if concern_kind == "abuse":  # a blow or a threat the rules found, and a sign it is happening now
        found = _first("abuse", text, [_ABUSE_NOW, _HURT_NOW])
        if found is not None:
            return found
    return (_first("abuse", text, [_ARMED], sign=_ARMED_AND_MEANT)
            or _first("abuse", text, [_THREAT, _BREACH], sign=_ABUSE_NOW)
            or _first("abuse", text, [_HIDING], sign=_SOUGHT)
            or _first("abuse", text, [_RAMPAGE], sign=_RAMPAGE_AIMED)
            or _first("abuse", text, [_HELD, _FORCE, _HITTING, _THREAT_NOW, _ARSON]))


def _others_now(text: str, concern_kind: str | None) -> Danger | None:
    if concern_kind == "harm_others" and not _VENTING.search(text):
        found = _first("harm_others", text, [_HARM_OTHERS_NOW])
        if found is not None:
            return found
    return (_first("harm_others", text, [_COLLAPSE, _OTHER_HARMED, *_ABOUT_TO_HARM])
            or _first("harm_others", text, [_OTHER_CUT], sign=_WOUND_SIGN)
            or _first("harm_others", text, [_OTHER_HIGH], sign=_ABOUT_TO)
            or _first("harm_others", text, [_GOING_TO_HARM], sign=_HARM_SIGN))


# a "not" that denies nothing that follows: "it doesn't matter, I already took them"
_NOT_A_DENIAL = rx(r"(?:does|do|did|will|would) not (?:matter|care|help|work|change anything)|no matter|"
                   r"not sure|not anymore|cannot take it|could not take it|not any more|do not try|"
                   r"do not bother|not coming back|i am not safe|not safe|no point|(?:do|did) not get it|"
                   r"do not understand|not listening")
_NEAR_DENIAL = rx(r"(?:not|never|no|nobody|no one|nothing) (?:\S+ )?$")


def _settled(near: str) -> bool:
    """A settled past beside the match ("years ago", "I used to"), but not a description ("he used to be kind")."""
    return any(not near[match.end():].startswith(" be ") for match in RESOLVED_PAST.finditer(near))


def _denied(text: str, start: int) -> bool:
    """A "not" in the two words just before ("I haven't taken anything", "he is not here"), not one that belongs
    to another clause ("I didn't tell anyone, I took the whole bottle")."""
    before = _NOT_A_DENIAL.sub(" _ ", text[:start])
    return bool(_NEAR_DENIAL.search(before))
