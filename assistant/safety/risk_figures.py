"""Figures of speech and denials, read before any frame: "the commute is killing me", "she hit me with a list",
"attacked my idea in the meeting", "I'd never hurt him".

The same words that name harm are everyday figures of speech about words, work, sport and tiredness. They are blanked
out (each word becomes "_", so what remains keeps its place) before frames read a reply, and a frame meant literally
is not read where the person just said the opposite.
"""

from __future__ import annotations

from mend.assistant.safety.risk_frame import rx
from mend.assistant.safety.risk_words import NEGATORS

_THING = r"(?:it|this|that|work|the \S+|my (?:feet|back|head|legs|knees|neck|job|boss)|these \S+|this \S+|that \S+)"
IDIOMS = rx("|".join([
    r"(?:nearly|almost|could have|could of|would have|practically|literally) died(?: of \S+| from \S+| laughing)?",
    r"(?:die|died|dying|dead) (?:of|from) (?:embarrassment|shame|laughter|laughing|boredom|cringe|curiosity|heat|"
    r"thirst|hunger|the heat)",
    r"dying (?:to|for) \S+", r"to die for", r"(?:bored|sick|scared|worried|frightened|tired|freezing) to death",
    r"(?:the )?death of me", r"death (?:stare|glare|trap|metal)",
    r"dead (?:tired|set|wrong|right|serious|end|on my feet|and buried|beat|quiet|certain|sure|easy|heat|inside)",
    r"(?:phone|battery|laptop|car|plant|conversation|joke|topic|line|mic|tv|wifi) (?:is |was |went |has |had )?"
    r"(?:dead|died|die)",
    rf"{_THING} (?:is|are|was|were|has been|have been) (?:\S+ )?killing me",
    r"(?:killed|kill|killing|murdered|murder|smashed|crushed|nailed) (?:it|time|the mood|the vibe|the conversation|"
    r"a bottle|two birds|the lights|off|that song|the song|that karaoke \S+|the pub quiz|the quiz|the interview)",
    r"(?:would|could) (?:kill|murder) for (?:a|an|some) \S+", r"killed (?:a|the) (?:wasp|spider|fly|mouse|plant|bug)",
    r"kill (?:a|the) (?:wasp|spider|fly|mouse|plant|bug)",
    r"(?:murder|true crime|crime|serial killers?|war|horror|zombie) (?:mystery|podcast|show|novel|film|films|"
    r"documentaries|documentary|game|book|drama|series)",
    r"hit me (?:with|up)", r"hits me (?:with|up)",
    r"(?:hit|hits|hitting) (?:the roof|the nail|the ceiling|the gym|the sack|the road|a nerve|a wall|rock bottom|"
    r"the bottle|the shops)",
    r"shot (?:me|him|her) (?:a|an|one of) \S+", r"shot (?:down|three|two|a goal|goals|hoops)",
    r"(?:attacked|attack|attacking|attacks|slammed|slams) (?:my|his|her|their) (?:idea|ideas|proposal|plan|work|"
    r"character|cooking|report|decision|post|choices|parenting)",
    r"(?:attacked|attacks|went for|laid into|ripped into|tore into|tears into|lays into|had a go at) (?:me|him|her)"
    r"(?: \S+){0,3} (?:in|over|on|via|by|through|about) (?:a |an |the |his |her |my )?(?:message|messages|text|"
    r"texts|email|emails|meeting|call|phone|comment|comments|post|chat|whatsapp|group|voice note|front of)",
    r"(?:tore|tears|tearing|ripped|rips|laid|lays|went off|goes off) (?:into|on) me",
    r"went for me verbally", r"attacked me verbally", r"verbally (?:attacked|abused|went for)",
    r"(?:beat|beats|beaten|thrashed|destroyed|slaughtered|battered|killed|murdered|smashed) (?:me|us|him|her) "
    r"(?:at|to|in) (?:the )?(?:chess|scrabble|cards|game|games|quiz|squash|tennis|mario kart|punch|race|first round)",
    r"knocked (?:me|him|her) (?:out of|out cold in)", r"took a stab", r"stabbed (?:me |him |her )?in the back",
    r"threw (?:me|him|her) under the bus", r"threw (?:me|him|her) (?:a curveball|a curve ball|off|for a loop|a bone)", r"punched in the gut", r"slap in the face", r"killed off",
    r"(?:cut|cutting|cuts) (?:me|him|her) (?:off|down)(?! from)", r"bit (?:his|her|my) head off", r"blew up at",
    r"fought (?:my|his|her) corner", r"a low blow", r"beat (?:me|him|her) to it",
    r"(?:could|could have|would have|wanted to|want to) (?:kill|strangle|throttle|murder|shake) (?:him|her|them)"
    r" (?:for|when) \S+(?: \S+)? (?:but|though|figuratively)",
    r"(?:mum|mom|dad|mother|father|brother|sister|boss|manager|teacher|gran|nan|grandma|aunt|uncle|coach|family|"
    r"parents) (?:would|will|is going to|going to|gonna|is gonna) (?:kill|murder|strangle) me",
    r"kill me (?:now|lol|haha)", r"shoot me now",
    r"(?:like|feel like|felt like|want to|wanted to|could) (?:i am )?(?:bang|banging|hit|hitting) my head (?:against|"
    r"on) (?:a|the) (?:brick )?wall",
    r"(?:hurt|upset|wound) (?:him|her|them|someone) (?:with|by) (?:what|my|words|the way|how|saying|telling)",
    r"(?:the ground|the floor) to swallow me",
    r"(?:shoot|shooting|shot) (?:myself|me|him|her) in the foot", r"cut (?:me|him|her|them) dead",
    r"could (?:have )?(?:kill|killed|strangle|strangled|throttle|throttled|murder|murdered) (?:him|her|them) for",
    r"black eyes? from (?:a|the) (?:\S+ )?(?:ball|squash|cricket|football|rugby|boxing|toddler|baby)",
    r"(?:ball|football|puck|racket) (?:to|in) the face",
    r"(?:bruise|bruises|marks) (?:\S+ ){0,4}from (?:the|a|my) (?:blood test|injection|jab|vaccine|vaccination|fall|gym|"
    r"match|game|training|hike)", r"overdosed? on (?:coffee|caffeine|sugar|chocolate|"
    r"netflix|sun|carbs|tv|cake|work)", r"pushed me to (?:go|do|try|apply|get|see|be|take|start|stop|talk|finally)",
    r"(?:hopeless|useless|rubbish|terrible) (?:at|with|when it comes)",
]))
# said as a figure, whatever the words: frames about harming others are not read in such a reply
FIGURATIVE = rx(r"figuratively|metaphorically|not literally|obviously i (?:would not|did not|just)|"
                  r"(?:but|though) i would never|i would never actually")



# a game, play or a joke: what sounds like a blow or a threat is not one ("killed him ten times in call of duty")
PLAY = rx(r"(?:video |board |computer )?games?|gaming|call of duty|fortnite|among us|minecraft|xbox|playstation|"
          r"fifa|wrestling match|tickle fight|play fight|pillow fight|playfully|messing about|mucking about|at cards|"
          r"playing cards|card game|into the pool|water fight|snowball fight|"
          r"we both laughed|we (?:both )?cracked up")
# a mild blow from a small child, or from someone asleep, in the same clause ("my niece kicks me all night when
# she sleeps over", "he elbowed me in his sleep"): asked about, not stopped on, since most such blows are nobody's
# fault. Never for choking, strangling, rape or threats, and never for grown relatives (a grandson, a brother).
_MILD_BLOW = (r"(?:kicks?|kicked|kicking|hits?|hitting|punch(?:es|ed)?|punching|bites?|bit|biting|scratch(?:es|ed)?|"
              r"slaps?|slapped|elbow(?:s|ed)?|headbutt(?:s|ed)?|thumps?|thumped|whacks?|whacked|knees?|kneed)")
# a word between the blow and the sleep that is no worse blow ("he hit me then strangled me in his sleep" is not mild)
_NOT_SEVERE = r"(?:(?!strangl|chok|throttl|rap|stab|kill|knife|smother|suffocat|burn|drown|gun|shot|shoot)\S+ )"
CHILD_OR_ASLEEP = rx(r"(?:my|our) (?:little |baby |toddler |small |\d+ year old |\d+ month old )?(?:niece|nephew|"
                     r"toddler|baby|little one|kid brother|kid sister)(?! (?:daddy|dad|father|mama|mother|mom|mum|"
                     rf"boyfriend|girlfriend|husband|wife|partner)) (?:always |just |often |sometimes |keeps |kept |"
                     rf"accidentally |really )?{_MILD_BLOW} me|"
                     rf"(?:he|she|they) {_NOT_SEVERE}{{0,2}}{_MILD_BLOW} me {_NOT_SEVERE}{{0,4}}(?:(?:in|during) (?:his|her|"
                     r"their) sleep|when (?:he|she|they) (?:sleeps?|was sleeping|were sleeping|is sleeping|sleeps "
                     r"over)|while (?:he|she|they) (?:was|were|is|are) (?:asleep|sleeping|dreaming))")
# a joke marker: most often a joke, but a threat with "lol" after it is still asked about, never waved through
JOKE = rx(r"lol|haha|lmao|jokingly|as a joke|(?<!not )(?<!no )joking|spoiled the \S+|(?<!not )(?<!no )kidding|in jest")
# an ordinary reason given for what could otherwise sound like preparing to die ("giving away the baby clothes
# now that we're done having kids", "I won't be here next week, going to my sister's wedding")
ORDINARY_REASON = rx(r"new job|at work|wedding|holiday|trip|visit|visiting|baby clothes|done having kids|divorce|"
                     r"standard stuff|charity|charity shop|retire|retirement|leaving do|anniversary|surprise|"
                     r"restaurant|booked|camping|decluttering|conference|my sisters|party|having a baby|"
                     r"bought a house|for a lift|allotment|fence|tent|climbing|swing|washing line|allergic|"
                     r"allergy|the move|moving house|landlord")
# the person speaks of something long past and settled: asked about, not stopped on
RESOLVED_PAST = rx(r"used to|years ago|as a teenager|when i was (?:younger|a teenager|a kid|at uni|at school)|in "
                   r"uni|at uni|ancient history|long behind me|doing (?:really |so )?well now|a different person|"
                   r"got help|i am fine now|i am okay now|i am ok now|in the past|got (?:proper |some |real )?"
                   r"(?:support|treatment)|now i am (?:a|an|doing|fine|happy|okay)")
_CLAUSE_BREAK = frozenset("but and so because though although yet then".split())


def negated(text: str, start: int) -> bool:
    """A "not"/"never" among the five words just before, with no "but"/"and" after it: the person said the
    opposite ("I'd never hurt him", "I don't have any thoughts of self harm"), not "I don't know why but I ..."."""
    before = text[:start].split()[-5:]
    for index, word in enumerate(before):
        if word in NEGATORS and not _CLAUSE_BREAK & set(before[index + 1:]):
            return not (before[-1] in {"sure", "only", "just"})
    return False


_HARM_TOPIC = r"(?:suicide|self harm|selfharm|domestic (?:abuse|violence)|abuse|violence|coercive control)"
# a harm named as a subject studied, taught or campaigned about ("an essay on domestic abuse", "a module on self
# harm", "suicide prevention"): only those words are blanked, so whatever else the reply says is still read
# ("I did a module on self harm and I've been cutting again" is still a concern)
TOPIC_TALK = rx(rf"(?:essay|documentary|training|module|course|lecture|article|book|podcast|seminar|workshop|"
                rf"research|presentation) (?:on|about) (?:\S+ ){{0,2}}{_HARM_TOPIC}|{_HARM_TOPIC} (?:prevention|"
                rf"awareness|warning signs)|(?:warning )?signs of {_HARM_TOPIC}")


def blank_figures(text: str) -> str:
    """The reply with figures of speech that use harm words, and harms named as a subject of study, blanked out."""
    blank = lambda m: " ".join("_" for _ in m.group(0).split())  # noqa: E731
    return TOPIC_TALK.sub(blank, IDIOMS.sub(blank, text))
