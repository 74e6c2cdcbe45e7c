"""Commands asked the way people ask: a request form, a command verb with what it may take, and what may come
around it.

A whole-phrase table ("say that again") cannot keep up with "could you run that by me again?", "let me redo the
last one" or "hold on a sec, someone's at the door". So a request is read in parts:

- **fillers** in front ("um", "sorry", "oh no", "okay", "hang on"), peeled one at a time;
- a **frame** saying who acts: mend ("could you", "would you mind", "I want you to", or a bare imperative), the
  person ("can I", "let me", "I'd like to", "I'm going to"), or both ("can we", "let's");
- a **verb** of one command with only the complements it takes ("repeat" + "the last bit" + "again", "go back" +
  "a step", "pause" + "for a second"), or a **need** ("I didn't catch that", "you're talking really fast") or a
  **question** about the step ("what am I meant to be saying here?");
- after it, only politeness and manner ("please", "for me", "now"), the same command again ("hang on, I need a
  minute"), or a short **reason** ("someone's at the door", "I got that wrong").

What makes an answer an answer is exactly what does not fit: a narrator ("I went back", "she told me to stop",
"I said hold on"), a complement no command takes ("stop fighting with her", "go back to my room"), a past tense
("I needed a break"), or a story after a bare word ("wait, I think it was on Tuesday", "one more time he forgot").
Every pattern below is a regex fragment over normalised text (lower case, contractions spelled out).
"""

from __future__ import annotations

import re

__all__ = ["read_request"]

_MAX_WORDS = 18
_REASON_WORDS = 6

_PIECES = {
    "obj": r"(?:(?:the|that|this) (?:last )?(?:question|bit|part|one|thing)|that|it|this|the whole thing|"
           r"what you (?:just )?(?:said|asked)|the last thing you said|the last (?:bit|part|question|one|thing))",
    "again": r"(?:again|one more time|once more|over again|one last time)",
    "dur": r"(?:for )?(?:a |one |just a |a few |a couple of |two |five |a short |a quick |a little )?"
           r"(?:sec|secs|second|seconds|minute|minutes|moment|moments|mo|tick|bit|while|breather)",
    "much": r"(?:(?:a |just a )?(?:bit|little|touch|little bit|tad) |much |way |lot |even |really |so |very )*",
    "fast": r"(?:fast|quick|quickly|rushed)",
    # longest first: a regex takes the first alternative that fits, and "one" must not end "one question"
    "earlier": r"(?:a step|one step|one question|one|a question|two|a bit|a little|a few steps|"
               r"to (?:the )?(?:previous|last|earlier|other) (?:question|step|one|answer|bit)|"
               r"to (?:that|that one|the question before|the one before)(?: again)?)",
    "answer": r"(?:my (?:last |previous )?answer|that (?:last )?answer|that last one|the last one|"
              r"what i (?:just )?said|my answer to that|that)",
}

# who acts: mend (a bare imperative too), the person, or the two together
_MEND = (r"(?:(?:can|could|would|will) you (?:please )?|please |i (?:want|would like|need) you to |"
         r"(?:would|do) you mind (?:just )?)?")
_PERSON = (r"(?:(?:i think )?(?:(?:can|could|may) i |let me |i (?:want|would like|need|would love|am going|wanna|"
           r"would prefer) (?:to )?|i will |i would rather |i am just going to )|(?:can|could|shall|should) we |"
           r"let us |we (?:can|could|should) |i think we should )?")
_ADVERB = r"(?:just |quickly |maybe |actually |please |perhaps |possibly )*"

CORES = {
    "repeat": [
        ("mend", r"(?:repeat|repeating)(?: {obj})?(?: for me)?(?: {again})?"),
        ("mend", r"(?:say|saying|ask|asking|read|reading|run|running|go over|going over|tell|telling|give|giving)"
                 r"(?: me)?(?: {obj})?(?: out| by me| to me)? {again}"),
        ("person", r"(?:hear|hearing|have|get) (?:{obj}|the question)(?: {again})"),
        ("need", r"i (?:did not|could not|cannot|do not think i) (?:quite |really |properly )?(?:catch|hear|get)"
                 r"(?: {obj}| you| the question| what you said| all of that| the end)?"),
        ("need", r"i (?:missed|lost) (?:{obj}|the question|what you said|you|the end of that)"),
        ("question", r"what (?:was|is) (?:the question|that|it)(?: you (?:just )?(?:said|asked))?(?: {again})?"),
        ("question", r"what did you (?:just )?(?:say|ask)(?: me)?(?: {again})?"),
    ],
    "slower": [
        ("mend", r"(?:slow|slowing) (?:it |things |that )?down"),
        ("mend", r"(?:speak|talk|go|read|say it|speaking|talking|going|reading) {much}(?:slower|more slowly|slowly)"),
        ("need", r"(?:you are|you were|that was|that is|this is|it is) (?:talking |going |speaking |reading )?"
                 r"{much}(?:too |a bit too |way too |far too )?{fast}(?: for me)?"),
    ],
    "faster": [
        ("mend", r"(?:speed|speeding) (?:it |things |that )?up|hurry up"),
        ("mend", r"(?:speak|talk|go|read|speaking|talking|going|reading) {much}(?:faster|quicker|more quickly)"),
        ("need", r"(?:you are|that is|this is|it is) (?:talking |going |speaking |reading )?{much}"
                 r"(?:too |a bit too |way too )?(?:slow|slowly)(?: for me)?"),
    ],
    "pause": [
        ("person", r"(?:pause|pausing)(?: (?:it|that|this|here|there|things|for now))?(?: {dur})?"),
        ("person", r"(?:wait|hold on|hang on|hold it|stop|stay) {dur}"),
        ("mend", r"(?:give|giving|gimme) (?:me|us) {dur}"),
        ("person", r"(?:take|have|get) (?:a )?(?:quick |short )?(?:pause|breather|second|moment|minute|sec)"),
        ("need", r"i (?:just )?need {dur}"),
    ],
    "break": [
        ("person", r"(?:take|have|taking|having|get) (?:a |some )?(?:short |quick |little |small |proper )?"
                   r"(?:break|time out|time away)"),
        ("person", r"step (?:away|out)(?: {dur}| for a (?:bit|while|few minutes))?"),
        ("need", r"i (?:just )?need (?:a (?:short |quick |little )?break|to step (?:away|out)|some time out)"),
    ],
    "back": [
        ("person", r"(?:go|going|get) back(?: {earlier})?"),
        ("person", r"back up(?: {earlier})?|back {earlier}"),
        ("mend", r"take (?:me|us) back(?: {earlier})?"),
        ("person", r"(?:change|changing|redo|redoing|undo|fix|correct|take back|do over|answer again) {answer}"
                   r"(?: {again})?"),
        ("person", r"(?:go|get) to the (?:previous|last|earlier) (?:question|step|one)"),
        ("person", r"(?:start|try|do) (?:that|the last) (?:one|question|bit) again"),
    ],
    "skip": [
        ("person", r"(?:skip|skipping)(?: {obj}| this (?:one|question|step|bit|part))?"),
        ("person", r"(?:move|moving|go|going|get) on(?: to (?:the )?next (?:question|one|step|bit|thing))?"),
        ("person", r"(?:go|move|get) (?:on )?to the next (?:question|one|step|bit)"),
        ("person", r"pass(?: on {obj})?"),
        ("person", r"not (?:answer|answering|say)(?: {obj})?"),
    ],
    "help": [
        ("mend", r"explain(?: (?:what you mean|that|it|the question|what you are asking|what that means|what this "
                 r"is for|what i (?:should|am supposed to) say))?(?: to me)?(?: {again})?"),
        ("mend", r"give (?:me|us) (?:an |some |a )?(?:example|examples|idea|hint|clue|few ideas)"),
        ("mend", r"help(?: me)?(?: out| with (?:this|that|it)| here| understand)?"),
        ("mend", r"tell me what (?:to say|you mean|i should say|you want|you want me to say)"),
        ("question", r"(?:what|how) (?:do|should|can|could|would|am|shall) i (?:supposed to |meant to |expected to )?"
                     r"(?:be )?(?:say|saying|answer|answering|put|putting|tell you|telling you)(?: that| this| it)?"),
        ("question", r"what (?:sort|kind|type) of (?:thing|things|answer|answers|reply) (?:do|should|can|are|am) "
                     r"(?:i|you) (?:say|give|want|be saying|looking for|after|expecting)?"),
        ("question", r"what (?:are|were) (?:my|the) (?:choices|options)"),
        ("need", r"(?:i am not sure|i do not know|i do not get|i do not understand|i am confused about|not sure|"
                 r"i am not clear on) (?:what|how) (?:you (?:want|mean|are asking|are after|are looking for|need)"
                 r"(?: me to (?:say|answer|do|put|talk about))?|(?:to|i (?:should|am supposed to|am meant to|have to)) "
                 r"answer(?: this| that| it)?)"),
        ("need", r"i (?:do not|did not) (?:understand|get) (?:the question|what you (?:said|asked|mean|are asking))"),
    ],
    "stop": [
        ("person", r"(?:stop|stopping)(?: (?:now|here|there|this|it|the session|for today|today|for now))*"),
        ("person", r"(?:end|ending|finish|finishing) (?:the session|this|it|here|things here|the whole thing)"
                   r"(?: (?:now|here|today))*"),
        ("person", r"(?:quit|call it a day|leave it (?:there|here)|wrap (?:it |this |things )?up)(?: now| here)*"),
        ("need", r"(?:i am|i think i am) done(?: (?:for (?:today|now|tonight)|now|here))?"),
        ("need", r"that is enough(?: (?:for (?:today|now|tonight)|now))?"),
    ],
    "resume": [
        ("person", r"(?:carry on|keep going|continue|go on|resume|get going|pick up where we left off)"),
        ("need", r"i am (?:back|ready)(?: now)?(?: again)?"),
    ],
}

_FILLERS = (r"(?:um|uh|er|erm|errm|hmm|hm|ah|oh|oops|whoa|wow|okay|alright|all right|right|so|well|yeah|yes|no|"
            r"sorry|excuse me|actually|hey|hey mend|mend|oh no|oh god|god|look|and|now|wait|hang on|hold on|huh|"
            r"one sec|one second|ok so|sorry but|please|hmm okay|no no|ugh|i mean)")
_MANNER = (r"(?:please|thanks|thank you|now|for me|again|one more time|a bit|a little|a little bit|here|then|"
           r"right now|if that is okay|if that is alright|if you do not mind|if possible|if i can|if we can|mend|"
           r"okay|yeah|actually|sorry|with this|at this point|for a second|for a moment|for a bit|at this step|"
           r"there|today|for now|right|really|though|instead)")
_CORRECTION = (r"(?:that is not (?:what i meant|right|what i wanted to say)|i got (?:that|it) wrong|i made a mistake|"
               r"i said the wrong thing|i misspoke|my mistake|that is wrong|that was wrong|i did not mean (?:that|it)|"
               r"i messed (?:that |it )?up)")
_SUBJECT = (r"(?:because |cause |as |since )?(?:i|my|someone|someones|somebody|somebodys|the|he|she|they|it|that|"
            r"there|we|this|his|her|our|you|theres|thats)")

_FRAMES = {"mend": _MEND + _ADVERB, "person": _PERSON + _ADVERB, "need": "", "question": ""}
_CORE = {cmd: re.compile(r"(?:" + "|".join(_FRAMES[actor] + r"(?:" + body.format(**_PIECES) + r")"
                                          for actor, body in entries) + r")(?= |$)")
         for cmd, entries in CORES.items()}
_FILLER = re.compile(_FILLERS + r" ")
_MANNER_RE = re.compile(_MANNER + r"(?= |$) ?")
_CORRECTION_RE = re.compile(_CORRECTION + r" ")
_REASON = re.compile(_SUBJECT + r"(?: [a-z]+){0,%d}$" % (_REASON_WORDS - 1))


def read_request(phrase: str, whole: dict[str, str]) -> str | None:
    """The command a normalised phrase asks for, or None. `whole` is the table of whole command phrases ("one
    more time", "pardon"), tried at each step too, because fillers may hide them ("huh, say again")."""
    if not phrase or len(phrase.split()) > _MAX_WORDS:
        return None
    for _ in range(_MAX_WORDS):
        if phrase in whole:
            return whole[phrase]
        bare = _without_manner_after(phrase)  # "next please", "pardon, sorry"
        if bare in whole:
            return whole[bare]
        found = _command_at_start(phrase, whole)
        if found is not None:
            return found
        peeled = _FILLER.match(phrase) or _CORRECTION_RE.match(phrase)
        if peeled is None:
            return None
        phrase = phrase[peeled.end():]
    return None


def _without_manner_after(phrase: str) -> str:
    """The phrase with politeness and manner words taken off its end ("next please" -> "next")."""
    words = phrase.split()
    while len(words) > 1 and _MANNER_RE.fullmatch(words[-1]):
        words.pop()
    return " ".join(words)


def _command_at_start(phrase: str, whole: dict[str, str]) -> str | None:
    """A command core at the very start, followed only by what may follow one."""
    best = max(((cmd, match) for cmd, core in _CORE.items() if (match := core.match(phrase))),
               key=lambda found: found[1].end(), default=None)
    if best is None:
        return None
    command, match = best
    rest = phrase[match.end():].strip()
    while rest and (manner := _MANNER_RE.match(rest)):
        rest = rest[manner.end():]
    if not rest:
        return command
    follows = rest[4:] if rest.startswith("and ") else rest
    if read_request(follows, whole) == command or _REASON.match(rest):
        return command
    return None
