"""Reading what a person said: commands, yes/no, numbers, choices, reaction patterns and who the rupture was with.

Replies come from a small offline recogniser (lower case, no punctuation, homophone slips such as "too" for "two")
or from a keyboard (typos, contractions with or without apostrophes). So everything here is table-driven phrase
matching on normalised text, and rapidfuzz maps near-miss words onto the tables' own vocabulary. There is no model
to load, nothing raises on any string, and input is capped so every call stays fast whatever arrives.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from rapidfuzz import fuzz, process

PATTERNS = ("withdrawing", "defending", "over_apologizing", "self_blame", "minimizing", "rushing_to_fix")
RELATIONSHIPS = ("partner", "friend", "family", "colleague", "self")
COMMANDS = ("repeat", "slower", "faster", "pause", "resume", "back", "skip", "help", "stop")

__all__ = [
    "PATTERNS", "RELATIONSHIPS", "COMMANDS", "normalize", "parse_command", "is_dont_know", "parse_yes_no",
    "parse_number", "parse_choice", "detect_patterns", "detect_relationship",
]

MAX_CHARS = 2000


def _table(spec: str) -> list[str]:
    return [" ".join(item.split()) for item in spec.split(";") if item.strip()]


_APOSTROPHES = re.compile(r"[\u2019\u2018`\u00b4\u02bc\u2032]")
_CONTRACTION = re.compile(r"\b(\w+)'(ll|re|ve|d|m|s|t)\b")
_NOT_BASES = {"ca": "can", "wo": "will", "sha": "shall", "ai": "am"}
_IS_WORDS = frozenset("it he she that what there who where here how".split())
_SHORT_FORMS = dict(item.split("=") for item in _table(
    "dont=do not;didnt=did not;doesnt=does not;cant=cannot;couldnt=could not;wouldnt=would not;"
    "shouldnt=should not;wont=will not;isnt=is not;wasnt=was not;arent=are not;werent=were not;hasnt=has not;"
    "havent=have not;hadnt=had not;aint=am not;im=i am;ive=i have;youre=you are;youve=you have;theyre=they are;"
    "theyve=they have;weve=we have;thats=that is;whats=what is;its=it is;hes=he is;shes=she is;lets=let us;"
    "theres=there is;idk=i do not know;gonna=going to;wanna=want to;gotta=got to;kinda=kind of;sorta=sort of;"
    "dunno=do not know;imma=i am going to;cuz=because;cos=because;coz=because;ok=okay;u=you;pls=please;plz=please"))


# Words a recogniser (or a hurried typist) splits in two.
_SPLIT_COMPOUND = re.compile(r"(?<!\S)(girl|boy|co|room|flat|house|team|work|step|self) "
                             r"(friend|worker|mate|mom|mum|dad|son|daughter|sister|brother|ie|harm)(?!\S)")


def _expand(match: re.Match) -> str:
    word, tail = match.group(1), match.group(2)
    if tail == "t" and word.endswith("n"):
        base = word[:-1]
        return _NOT_BASES.get(base, base) + " not"
    if tail == "s":
        return f"{word} is" if word in _IS_WORDS else ("let us" if word == "let" else word + "s")
    return word + " " + {"ll": "will", "re": "are", "ve": "have", "d": "would", "m": "am", "t": "t"}[tail]


def normalize(text: str) -> str:
    """Lower-case words separated by single spaces: accents, punctuation and control characters gone,
    contractions spelled out ("don't"/"dont" -> "do not", "I'm" -> "i am"), at most MAX_CHARS long.

    Spelling contractions out lets one table serve both the recogniser (which writes "don't") and typists (who
    often write "dont")."""
    if not isinstance(text, str):
        return ""
    text = unicodedata.normalize("NFKD", text[:MAX_CHARS])[:MAX_CHARS]
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).casefold()
    text = _CONTRACTION.sub(_expand, _APOSTROPHES.sub("'", text)).replace("'", "")
    words = re.sub(r"[\W_]+", " ", text).split()
    out = " ".join(_SHORT_FORMS.get(word, word) for word in words)
    out = _SPLIT_COMPOUND.sub(lambda m: m.group(1) + m.group(2), out)
    return out.replace("can not", "cannot")[:MAX_CHARS].strip()


_MACROS = {
    "{obj}": r"(him|her|them|it|everyone|my \S+)",
    "{subj}": "(he|she|they)",
    "{apol}": "(apologized|apologised|apologizing|apologising|apologize|apologise|apologies|apology)",
    "{sorry}": "(sorry|i am sorry|im sorry)",
    "{now}": "(right away|straight away|immediately|right then|right now|at once|asap|quickly|fast)",
}


def phrase_regex(body: str) -> str:
    """A regex source matching `body` as whole words inside normalised text."""
    return r"(?<!\S)(?:" + body + r")(?!\S)"


def alternation(phrases, dsl: bool = False, plural: bool = False) -> str:
    """One regex for many phrases, longest first so that "i do not think so" beats "i think so".

    With dsl=True phrases are written in regex form over normalised words; "~" stands for a gap of up to three
    words and {obj}/{subj}/{apol}/{now} for common alternatives."""
    bodies = []
    for phrase in sorted(set(phrases), key=len, reverse=True):
        if dsl:
            for key, value in _MACROS.items():
                phrase = phrase.replace(key, value)
            body = phrase.replace(" ~ ", r" (?:\S+ ){0,3}")
        else:
            body = re.escape(normalize(phrase))
        if body:
            bodies.append(body + ("s?" if plural else ""))
    return phrase_regex("|".join(bodies) or "(?!)")


PATTERN_PHRASES = {
    "withdrawing": _table(r"""
        shut down;shut off;shut myself (off|away|in);(went|go|going|got|kept|stayed|was) (quiet|quite|silent);
        silent treatment;gave ~ (the silent treatment|the cold shoulder);(walked|storm|stormed|ran|went) (out|off|away);
        left the (room|house|table|call|chat);just left;hung up;ignored ~ (texts|messages|calls|call|text|him|her|them);
        (ignoring|ignore) ~ (texts|messages|calls|him|her|them);stopped (talking|answering|replying|responding);
        did not (reply|answer|respond|text back|call back|say anything|talk);(need|needed|wanted|took|take) ~ space;
        (avoided|avoid|avoiding|dodged|dodging) ~ (him|her|them|it|the|each|talking|my|his);pulled away;withdrew;
        withdrawn;(withdraw|withdrawing|retreated|retreat);closed off;clammed up;went cold;ghosted;disappeared;
        (did not|refused to) (want to )?(talk|speak|discuss);stonewalled;kept (my distance|to myself);
        went to (my|the) (room|bedroom);locked myself;pretended (i was|to be) (busy|asleep)"""),
    "defending": _table(r"""
        (got|get|getting|was|felt|became) ~ defensive;defensive;(argued|argue|arguing) back;kept arguing;
        (fought|snapped|yelled|shouted) back;explained why i was right;(had|needed|wanted) to be right;
        (explain|explained|explaining) (myself|my side);(defended|defend|defending) myself;
        (justified|justify|justifying) (myself|it);(it|that) (was|is) not my fault;not my fault;
        {subj} started it;(blamed|blame|blaming) (him|her|them);made excuses;raised my voice;
        (proved|prove) ~ wrong;told ~ (he|she|they) (was|were) wrong;turned it (around|back on);
        pointed out what {subj} (did|said);i was (right|not wrong);
        (attacked|criticized|criticised) (him|her|them) back"""),
    "over_apologizing": _table(r"""
        kept (saying|telling ~) {sorry};
        {apol} (over and over|again and again|so much|too much|a lot|profusely|constantly);
        said sorry (over and over|again and again|so many times|a million times|a hundred times|too many times|so much);
        kept {apol};(could not|cannot) stop {apol};over {apol};(overapologized|overapologised|overapologizing);
        {apol} for everything;said sorry for everything;sorry (over and over|again and again);
        (begged|begging) (for forgiveness|him|her|them)"""),
    "self_blame": _table(r"""
        (it is|it was|it is all|it was all|all) my fault;my fault;i (am|was) the (problem|worst);
        i am (so |such an |an |a )?(stupid|idiot|moron|failure|mess|disaster);(so )?stupid of me;
        i am (a )?(terrible|horrible|awful|bad|useless|worthless) ~
            (person|friend|partner|wife|husband|mother|father|mom|dad|son|daughter|sister|brother|girlfriend|boyfriend);
        i (always )?(ruin|ruined|wreck|wrecked|mess up|messed up|screw up|screwed up) everything;
        (blame|blamed|blaming) myself;i hate myself;what is wrong with me;something (is )?wrong with me;
        i deserved? (it|this);i (cannot|never) do anything right;(beat|beating|kicking|kicked) myself up;
        i (always|keep) (ruin|ruining|mess|messing|screw|screwing)"""),
    "minimizing": _table(r"""
        (not|no) ~ big deal;(did not|does not|doesnt|do not|did ?nt) (really )?matter;
        (brushed|brush|brushing|shrugged|shrug|laughed|laugh) it off;(played|play|playing) it down;downplayed;
        (i am|i was|was|am|probably) (just )?(over reacting|overreacting);i overreacted;
        (being|was|am) (too )?(dramatic|silly|sensitive|petty);too sensitive;it (is|was) (just )?(nothing|silly|fine);
        (pretended|acted like|acting like|pretend) ~ (fine|nothing happened|did not bother me|okay|ok);
        not worth (it|talking about|making a fuss|the fuss);(swept|sweep) it under the (rug|carpet);
        (pushed|push|pushing|buried|bury|burying) (it|my feelings) down;(buried|bury) it;
        should not (be|have been|feel) (upset|hurt|bothered|sad|angry);made light of it;
        told myself ~ (fine|nothing|did not matter|no big deal|overreacting)"""),
    "rushing_to_fix": _table(r"""
        (fix|sort|solve|resolve|settle|patch up|make up|smooth over) ~ {now};
        (wanted|tried|needed|had|rushed|rushing) to (fix|sort|solve|resolve|settle);
        sort (it|this|things) out {now};(could not|cannot|did not want to) let it (sit|be|rest|breathe);
        (could not|cannot) (wait|stand the (silence|tension|waiting));(smooth|smoothed|smoothing) (it|things) over;
        (make|made|making) (it|things) (right|better|okay) {now};
        (jumped|jump|rushed|rush) (in|straight|to) (to )?(fix|fixing|solutions|solve);
        (texted|called|messaged|apologized|apologised) ~ {now};(kept|keep) (texting|calling|messaging);
        (wanted|needed) (it|things|everything) (over|resolved|sorted|fixed|settled|done);get it over with;
        (move|moved) on (quickly|fast|right away|straight away)"""),
}

RELATIONSHIP_WORDS = {
    "partner": _table("wife;husband;boyfriend;girlfriend;boy friend;girl friend;spouse;fiance;fiancee;partner;hubby;"
                      "wifey;other half;significant other;bf;gf;ex;ex wife;ex husband;ex boyfriend;ex girlfriend;"
                      "lover;missus"),
    "family": _table("mom;mum;mother;mommy;mummy;mama;momma;dad;father;daddy;papa;sister;brother;sibling;son;daughter;"
                     "kid;child;children;parent;aunt;auntie;uncle;cousin;grandma;grandpa;grandmother;grandfather;"
                     "granny;nan;nana;grandparent;stepmom;stepmum;stepdad;stepmother;stepfather;step mom;step mum;"
                     "step dad;stepson;stepdaughter;niece;nephew;in law;in laws;mother in law;father in law;"
                     "sister in law;brother in law;family;twin;stepsister;stepbrother;grandson;granddaughter;sis"),
    "friend": _table("friend;best friend;bestie;bff;mate;buddy;pal;roommate;flatmate;housemate;room mate;flat mate;"
                     "neighbor;neighbour;friendship"),
    "colleague": _table("boss;manager;coworker;co worker;colleague;team;teammate;team mate;team lead;client;customer;"
                        "supervisor;employee;business partner;ceo;director;employer;intern;direct report;workmate;"
                        "work mate;someone at work;at work;my lead;staff;work friend;office"),
}
SELF_WORDS = frozenset("me myself self i just with it is was mostly only really um uh well my own".split())

COMMAND_PHRASES = {
    "repeat": _table("repeat;repeat that;repeat it;repeat the question;repeat yourself;say that again;say it again;"
                     "say again;again;come again;what;pardon;pardon me;sorry what;what did you say;what was that;"
                     "i didn't catch that;didn't catch that;i missed that;one more time;once more;"
                     "what was the question;"
                     "repeat please;huh"),
    "slower": _table("slower;slow down;speak slower;talk slower;go slower;more slowly;speak more slowly;"
                     "talk more slowly;too fast;you're too fast;you're going too fast;that's too fast;slow"),
    "faster": _table("faster;speed up;speak faster;talk faster;go faster;quicker;more quickly;speak more quickly;"
                     "too slow;you're too slow;that's too slow;hurry up"),
    "pause": _table("pause;paws;pause it;pause that;hold on;hold on a second;hold on a minute;wait;wait a minute;"
                    "wait a moment;wait a second;one moment;one second;one minute;just a moment;just a second;"
                    "give me a minute;give me a moment;give me a second;hang on;take a break;stop for a moment;"
                    "stop for a second;stop for a minute;pause for a moment;i need a minute;i need a moment;"
                    "i need a break"),
    "resume": _table("resume;continue;go on;carry on;keep going;i'm back;i am ready;i'm ready;ready;ok i'm ready;"
                     "let's continue;let's go on;unpause;go ahead;where were we"),
    "back": _table("go back;back;previous;previous question;last question;the question before;go back one;back up;"
                   "undo;go to the previous question;go back a step;the previous one;previous step;go back a question"),
    "skip": _table("skip;skip it;skip this;skip that;skip this one;skip this question;next;next question;next one;"
                   "pass;i'd rather not answer;i'd rather not say;move on;let's move on;i pass"),
    "help": _table("help;help me;what can i say;what do i say;what should i say;what are my options;options;"
                   "commands;what can you do;how does this work;i don't understand;what does that mean;"
                   "what do you mean;i'm confused"),
    "stop": _table("stop;stop it;stop the session;stop session;stop this;stop now;end;end the session;end session;"
                   "quit;exit;that's enough;that's enough for today;enough for today;enough;i'm done;"
                   "i'm done for today;"
                   "i want to stop;i need to stop;let's stop;let's stop here;stop here;goodbye;bye;finish;cancel;"
                   "i have to go;i need to go;we can stop;can we stop;no more;i want to quit;let's end here;"
                   "let's leave it there;leave it there;let's call it a day;that's all for today"),
}
COMMAND_PREFIXES = _table("please;mend;hey;hey mend;okay;um;uh;er;erm;so;well;just;actually;sorry;oh;right;alright;"
                          "and;now;could you;can you;would you;will you;could we;can we;would you please;"
                          "could you please;"
                          "can you please;i want to;i would like to;i want you to;i would like you to;i need you to;"
                          "i'd like to;i'd like you to;let's;let us;i said;maybe;i think")
COMMAND_SUFFIXES = _table("please;thanks;thank you;now;for me;a bit;a little;a little bit;for a second;for a moment;"
                          "for a minute;mend;okay;then;right now;please mend;thanks mend;there;here")

DONT_KNOW_PHRASES = _table("i don't know;don't know;no idea;i have no idea;not sure;i'm not sure;unsure;no clue;"
                           "i have no clue;i can't say;hard to say;i can't remember;i don't remember;don't remember;"
                           "who knows;beats me;not certain;i'm not certain;i can't tell;i really don't know;"
                           "i don't really know;i'm unsure;i haven't thought about it;i never thought about it;"
                           "i'm not really sure;not really sure;can't think of anything;nothing comes to mind")
DONT_KNOW_FILLERS = frozenset("um uh er erm hmm well honestly really just i guess maybe so yeah like actually to be "
                              "oh okay sorry anymore right now yet at the moment moment".split())

YES_PHRASES = _table("yes;yeah;yea;yep;yup;ya;yah;yeh;aye;sure;sure thing;of course;i guess so;i guess;guess so;"
                     "i think so;think so;i suppose so;i suppose;suppose so;kind of;sort of;definitely;absolutely;"
                     "certainly;correct;that's right;that's correct;right;true;that's true;okay;alright;all right;"
                     "fine;i do;i did;i am;i was;it does;it did;it is;it was;uh huh;mhm;mm hmm;yes please;please;"
                     "totally;i would;why not;go ahead;indeed;probably;a little;a bit;somewhat;more or less;"
                     "i would say so;i believe so;pretty much;you bet;for sure;affirmative;yes i do;that works;"
                     "sounds good;i have;it has;a lot;very much;i'd like that;let's do it;do it")
NO_PHRASES = _table("no;nope;nah;naw;nay;not really;i don't think so;don't think so;i don't;i didn't;i'm not;"
                    "i wasn't;it doesn't;it didn't;it isn't;it wasn't;not at all;never;no way;negative;no thanks;"
                    "no thank you;not yet;not much;not quite;hardly;wrong;false;that's wrong;that's not right;"
                    "not right;"
                    "uh uh;nuh uh;i guess not;guess not;i suppose not;i wouldn't;i'd rather not;rather not;"
                    "probably not;"
                    "not particularly;not exactly;not right now;definitely not;absolutely not;of course not;"
                    "certainly not;not okay;not ok;i haven't;it hasn't;not a lot;not very;not for me;no no;"
                    "don't;i do not want to;i don't want to;not a bit;not really no;no not really")
UNSURE_PHRASES = _table("not sure;i'm not sure;unsure;maybe;perhaps;i don't know;don't know;no idea;not certain;"
                        "hard to say;it depends;depends;yes and no;possibly;might be;could be;undecided;who knows;"
                        "i can't say;can't tell;no clue;half and half;kind of yes kind of no;sort of yes sort of no;"
                        "i can't decide;either;both;yes or no")
WEAK_YES_NO = _table("fine;please;right;i do;i did;i am;i was;it does;it did;it is;it was;i have;it has;"
                     "wrong;never;a little;a bit;a lot;don't;i don't;i didn't;i'm not;i wasn't;it isn't;it wasn't;"
                     "it doesn't;it didn't;i haven't;it hasn't;i would;i wouldn't;probably;true;false")

NUMBER_WORDS = {w: i for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
    "seventeen eighteen nineteen".split())}
TENS_WORDS = {w: 10 * i for i, w in enumerate("twenty thirty forty fifty sixty seventy eighty ninety".split(), 2)}
NUMBER_WORDS.update(TENS_WORDS)
NUMBER_WORDS.update({"nought": 0, "naught": 0, "nil": 0, "hundred": 100, "niner": 9})
NUMBER_HOMOPHONES = {"won": 1, "to": 2, "too": 2, "tu": 2, "tree": 3, "free": 3, "for": 4, "fore": 4, "sicks": 6,
                     "ate": 8, "nein": 9, "tin": 10, "then": 10}
NUMBER_FILLERS = frozenset("about a an like maybe around probably i would say it is was um uh er roughly just perhaps "
                           "guess think so oh okay hmm well really honestly only mm".split())
RANGE_JOINERS = frozenset("or to too and maybe perhaps a an between like about around um uh er".split())
ORDINALS = {"first": 0, "1st": 0, "one": 0, "second": 1, "2nd": 1, "two": 1, "third": 2, "3rd": 2, "three": 2,
            "fourth": 3, "4th": 3, "four": 3, "fifth": 4, "5th": 4, "five": 4}
CHOICE_STOPWORDS = frozenset("a an the to my i of it some and or with for be just".split())
NEGATORS = frozenset("not never no cannot without nor".split())

_VOCABULARY = sorted({w for table in (*PATTERN_PHRASES.values(), *RELATIONSHIP_WORDS.values()) for phrase in table
                      for w in re.findall(r"[a-z]+", re.sub(r"\\[A-Za-z]", " ", phrase)) if len(w) >= 5})
_VOCABULARY_SET = frozenset(_VOCABULARY)


@lru_cache(maxsize=8192)
def _canonical_word(word: str) -> str:
    """Map a misspelt or misheard word onto the tables' vocabulary; short words must match exactly, because
    one changed letter in a four-letter word is usually a different word."""
    if len(word) < 5 or len(word) > 24 or word in _VOCABULARY_SET or not word.isascii() or not word.isalpha():
        return word
    best = process.extractOne(word, _VOCABULARY, scorer=fuzz.ratio, score_cutoff=85 if len(word) < 7 else 82)
    return best[0] if best else word


def canonical_tokens(text: str) -> str:
    """Normalised text with near-miss words replaced by the tables' spelling."""
    return " ".join(_canonical_word(word) for word in normalize(text).split())


_COMMAND_TABLE = {normalize(p): cmd for cmd, phrases in COMMAND_PHRASES.items() for p in phrases}
_COMMAND_KEYS = list(_COMMAND_TABLE)
_PREFIXES = sorted({normalize(p) for p in COMMAND_PREFIXES}, key=len, reverse=True)
_SUFFIXES = sorted({normalize(p) for p in COMMAND_SUFFIXES}, key=len, reverse=True)
_MAX_COMMAND_WORDS = 10


def parse_command(text: str) -> str | None:
    """The command an utterance *is*, or None.

    Only short utterances count, and only when, after peeling polite wrappers ("could you", "please", "for me"),
    what remains is a whole command phrase. That is why "slow down a bit please" is a command while "I need to
    slow down in arguments" and "I want to stop fighting with her" are answers.
    """
    words = normalize(text).split()
    if not words or len(words) > _MAX_COMMAND_WORDS:
        return None
    for _ in range(_MAX_COMMAND_WORDS * 2):
        phrase = " ".join(words)
        if phrase in _COMMAND_TABLE:
            return _COMMAND_TABLE[phrase]
        stripped = _strip_wrapper(phrase)
        if stripped is None:
            break
        words = stripped.split()
        if not words:
            return None
    phrase = " ".join(words)
    if len(phrase) >= 6:
        best = process.extractOne(phrase, _COMMAND_KEYS, scorer=fuzz.ratio, score_cutoff=88)
        if best is not None:
            return _COMMAND_TABLE[best[0]]
    return None


def _strip_wrapper(phrase: str) -> str | None:
    for prefix in _PREFIXES:
        if phrase.startswith(prefix + " "):
            return phrase[len(prefix) + 1:]
    for suffix in _SUFFIXES:
        if phrase.endswith(" " + suffix):
            return phrase[: -len(suffix) - 1]
    return None


_DONT_KNOW_RX = re.compile(alternation(DONT_KNOW_PHRASES))
_FILLERS = frozenset(DONT_KNOW_FILLERS)


def is_dont_know(text: str) -> bool:
    """True when the reply is essentially "I don't know", not when it merely contains it inside a story."""
    norm = normalize(text)
    match = _DONT_KNOW_RX.search(norm)
    if match is None:
        return False
    rest = (norm[: match.start()] + " " + norm[match.end():]).split()
    return sum(1 for word in rest if word not in _FILLERS) <= 2


_YES_NO = {**{normalize(p): True for p in YES_PHRASES}, **{normalize(p): False for p in NO_PHRASES}}
_YES_NO_RX = re.compile(alternation(_YES_NO))
_UNSURE_RX = re.compile(alternation(UNSURE_PHRASES))
_WEAK = frozenset(normalize(p) for p in WEAK_YES_NO)
_YES_NO_VOCAB = frozenset(w for p in _YES_NO for w in p.split())


def parse_yes_no(text: str) -> bool | None:
    """True/False for a clear answer; None when unsure ("not sure", "maybe"), mixed ("no yes") or absent.

    The answer is looked for in the first eight words (people answer first, then explain) and, failing that, in
    the last four ("...so yes"). Bare "I did"/"it was" only count in replies of four words or fewer.
    """
    words = [_squeeze(w) for w in normalize(text).split()]
    if not words:
        return None
    head = " ".join(words[:8])
    if _UNSURE_RX.search(head):
        return None
    found = _yes_no_in(head, short=len(words) <= 4)
    if not found and len(words) > 8:
        tail = " ".join(words[-4:])
        if _UNSURE_RX.search(tail):
            return None
        found = _yes_no_in(tail, short=False)
    return found.pop() if len(found) == 1 else None


def _yes_no_in(text: str, short: bool) -> set[bool]:
    return {_YES_NO[m.group(0)] for m in _YES_NO_RX.finditer(text) if short or m.group(0) not in _WEAK}


def _squeeze(word: str) -> str:
    """'yesss' -> 'yes', 'nooo' -> 'no': stretched words from typing or a hesitant recogniser."""
    if word in _YES_NO_VOCAB or len(word) > 12:
        return word
    squeezed = re.sub(r"(.)\1+", r"\1", word)
    return squeezed if squeezed in _YES_NO_VOCAB else word


_SCALE_RX = re.compile(r"(?<!\S)(?:on )?(?:a )?scale (?:of |from )?(\S+) (?:to|too|through|and) (\S+)(?!\S)")
_OUT_OF_RX = re.compile(r"(?<!\S)(?:out of|outta|of) (\S+)(?!\S)")
_SPAN_RX = re.compile(r"(?<!\S)(?:from )?(\S+) (?:to|too|through) (\S+)(?!\S)")
_POINT_RX = re.compile(r"(?<!\S)(\S+) point (\S+)(?!\S)")
_DECIMAL_RX = re.compile(r"(\d{1,6})[.,](\d{1,6})")
_FRACTION_RX = re.compile(r"(\d{1,6})\s*/\s*(\d{1,6})")


def parse_number(text: str, lo: int = 0, hi: int = 10) -> int | None:
    """A whole number in [lo, hi] from words or digits, or None.

    "about a seven", "seven out of ten", "like a 6", "7/10" and "6.5" (rounded half up) all work. A range
    ("eight or nine", "six to seven", "between 6 and 7") resolves to its HIGHER end, so a strong feeling is not
    played down; a correction ("five, no, six") resolves to the last number said. Misheard "too", "for", "won",
    "ate" count only when nothing else in a short reply is a number. Out of range -> None.
    """
    try:
        lo, hi = int(lo), int(hi)
    except (TypeError, ValueError, OverflowError):
        return None
    if not isinstance(text, str):
        return None
    raw = _DECIMAL_RX.sub(lambda m: str(int(float(f"{m.group(1)}.{m.group(2)}") + 0.5)), text[:2000])
    raw = _FRACTION_RX.sub(r"\1 out of \2", raw)
    norm = normalize(raw)
    norm = _SCALE_RX.sub(lambda m: " " if _value(m.group(1)) is not None and _value(m.group(2)) is not None
                         else m.group(0), norm)
    norm = _OUT_OF_RX.sub(lambda m: " " if _value(m.group(1)) is not None and
                          (not m.group(0).startswith("of ") or _value(m.group(1)) == hi) else m.group(0), norm)
    norm = _POINT_RX.sub(lambda m: _decimal_words(m) or m.group(0), norm)
    norm = _SPAN_RX.sub(lambda m: " " if (_value(m.group(1)), _value(m.group(2))) == (lo, hi) else m.group(0), norm)
    words = norm.split()
    strong: list[tuple[int, int]] = []
    weak: list[tuple[int, int]] = []
    index = 0
    while index < len(words):
        word = words[index]
        value = _value(word)
        if value is not None and word in TENS_WORDS and index + 1 < len(words):
            unit = _value(words[index + 1])
            if unit is not None and 1 <= unit <= 9 and words[index + 1] not in NUMBER_HOMOPHONES:
                value += unit
                index += 1
        if value is not None and index + 1 < len(words) and words[index + 1] == "hundred":
            value *= 100
            index += 1
        elif word == "hundred" and (not strong or strong[-1][0] != index - 1):
            value = 100
        if value is not None:
            strong.append((index, value))
        elif word in NUMBER_HOMOPHONES:
            weak.append((index, NUMBER_HOMOPHONES[word]))
        index += 1
    only_fillers = all(w in NUMBER_FILLERS for i, w in enumerate(words) if i not in {at for at, _ in weak})
    found = strong or (weak if len(words) <= 6 and only_fillers else [])
    if not found:
        return None
    value = found[-1][1]
    if len(found) >= 2:
        (first_at, first), (last_at, last) = found[-2], found[-1]
        if all(w in RANGE_JOINERS for w in words[first_at + 1: last_at]):
            value = max(first, last)
    return value if lo <= value <= hi else None


def _decimal_words(m: re.Match) -> str | None:
    whole, tenths = _value(m.group(1)), _value(m.group(2))
    if whole is None or tenths is None or tenths > 9:
        return None
    return str(int(whole + tenths / 10 + 0.5))


def _value(word: str) -> int | None:
    word = word[:-3] if word.endswith("ish") and len(word) > 3 else word
    if word.isascii() and word.isdigit():
        return int(word) if len(word) <= 6 else 10**7
    return NUMBER_WORDS.get(word)


def parse_choice(text: str, options: list[tuple[str, list[str]]]) -> str | None:
    """The id of the option a reply names, or None when it names none or several.

    First whole-phrase matches of the id, label or synonyms (ignoring ones said with "not"/"no"), then "the first
    one"/"option two" in short replies, then a fuzzy word-window comparison that tolerates misheard words
    ("a small jester" for "a small gesture"). A near tie between options is treated as ambiguous.
    """
    norm = normalize(text)
    try:
        choices = [(str(oid), _choice_terms(oid, terms)) for oid, terms in list(options or [])[:20]]
    except (TypeError, ValueError):
        return None
    if not norm or not choices:
        return None
    hits: list[tuple[int, int, str]] = []
    for oid, terms in choices:
        for term in terms:
            for m in re.finditer(phrase_regex(re.escape(term)), norm):
                if not _negated(norm, m.start()):
                    hits.append((m.start(), m.end(), oid))
    named = {oid for start, end, oid in hits
             if not any(o != oid and s <= start and end <= e and (e - s) > (end - start) for s, e, o in hits)}
    if len(named) == 1:
        return named.pop()
    if len(named) > 1:
        return None
    words = norm.split()
    if len(words) <= 5:
        for word in words:
            if word in ORDINALS and ORDINALS[word] < len(choices):
                return choices[ORDINALS[word]][0]
    return _fuzzy_choice(words[:60], choices)


def _choice_terms(oid: object, terms: object) -> list[str]:
    raw = [str(oid).replace("_", " "), *[str(t)[:200] for t in list(terms or [])[:40]]]
    out: set[str] = set()
    for term in raw:
        norm = normalize(term)
        if norm:
            out.add(norm)
            core = " ".join(w for w in norm.split() if w not in CHOICE_STOPWORDS)
            if core:
                out.add(core)
    return sorted(out, key=len, reverse=True)


def _negated(norm: str, start: int) -> bool:
    before = norm[:start].split()[-2:]
    return any(word in NEGATORS for word in before)


def _fuzzy_choice(words: list[str], choices: list[tuple[str, list[str]]]) -> str | None:
    windows: dict[int, list[str]] = {}
    scores: list[tuple[float, str]] = []
    for oid, terms in choices:
        best = 0.0
        for term in terms:
            if len(term) < 5:
                continue
            size = len(term.split())
            for width in {max(1, size - 1), size, size + 1}:
                if width not in windows:
                    windows[width] = [" ".join(words[i: i + width]) for i in range(max(1, len(words) - width + 1))]
                found = process.extractOne(term, windows[width], scorer=fuzz.ratio)
                best = max(best, found[1] if found else 0.0)
        scores.append((best, oid))
    scores.sort(reverse=True)
    if not scores or scores[0][0] < 80:
        return None
    if len(scores) > 1 and scores[0][0] - scores[1][0] < 8:
        return None
    return scores[0][1]


_PATTERN_RX = {name: re.compile(alternation(PATTERN_PHRASES[name], dsl=True)) for name in PATTERNS}


def detect_patterns(text: str) -> list[str]:
    """Every reaction pattern the reply describes, in PATTERNS order; a phrase right after a negation
    ("I didn't shut down") does not count."""
    canon = canonical_tokens(text)
    found = []
    for name in PATTERNS:
        if any(not _negated(canon, m.start()) for m in _PATTERN_RX[name].finditer(canon)):
            found.append(name)
    return found


_RELATIONSHIP_RX = {name: re.compile(alternation(words, plural=True)) for name, words in RELATIONSHIP_WORDS.items()}
_SELF_RX = re.compile(r"(?<!\S)(?:myself|my self|my own worst enemy)(?!\S)")


def detect_relationship(text: str) -> str | None:
    """Who the rupture was with. The first person mentioned wins ("my boss, then my wife" -> colleague); "self"
    only when nobody else is named ("I'm angry at myself", or just "me")."""
    canon = canonical_tokens(text)
    first: tuple[int, int, str] | None = None
    for name, rx in _RELATIONSHIP_RX.items():
        for m in rx.finditer(canon):
            key = (m.start(), -(m.end() - m.start()), name)
            if first is None or key < first:
                first = key
            break
    if first is not None:
        return first[2]
    words = canon.split()
    if _SELF_RX.search(canon) or (words and len(words) <= 6 and set(words) <= SELF_WORDS and
                                  set(words) & {"me", "myself", "self", "i"}):
        return "self"
    return None

