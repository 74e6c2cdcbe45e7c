"""The words mend listens for: relationships, commands, yes/no, numbers and common slips.

Why data and not code: these tables are what changes most often (a new way people say "I shut down", a word the
recogniser keeps mishearing), and they are easier to review, extend and test as plain phrase lists than as logic.
Phrases are written as people say them, contractions and all; assistant.understanding.meanings normalises them the same way
as replies, so one entry serves both the recogniser's "don't" and a typist's "dont". What people did (the default
responses) is described apart, as acts and their meanings, in assistant.understanding.lexicon.
Nothing here imports from the rest of mend.
"""

from __future__ import annotations


def _table(spec: str) -> list[str]:
    """Phrases from "a;b;c", inner white space folded, so long lists can wrap freely."""
    return [" ".join(item.split()) for item in spec.split(";") if item.strip()]


PATTERNS = ("withdrawing", "defending", "over_apologizing", "self_blame", "minimizing", "rushing_to_fix")
RELATIONSHIPS = ("partner", "friend", "family", "colleague", "self")
COMMANDS = ("repeat", "slower", "faster", "pause", "resume", "back", "skip", "help", "stop")

# Short forms typed (or said) without an apostrophe, spelled out before matching.
SHORT_FORMS = dict(item.split("=") for item in _table(
    "dont=do not;didnt=did not;doesnt=does not;cant=cannot;couldnt=could not;wouldnt=would not;"
    "shouldnt=should not;wont=will not;isnt=is not;wasnt=was not;arent=are not;werent=were not;hasnt=has not;"
    "havent=have not;hadnt=had not;aint=am not;im=i am;ive=i have;youre=you are;youve=you have;theyre=they are;"
    "theyve=they have;weve=we have;thats=that is;whats=what is;its=it is;hes=he is;shes=she is;lets=let us;"
    "theres=there is;idk=i do not know;gonna=going to;wanna=want to;gotta=got to;kinda=kind of;sorta=sort of;"
    "dunno=do not know;imma=i am going to;cuz=because;cos=because;coz=because;ok=okay;u=you;pls=please;plz=please"))

RELATIONSHIP_WORDS = {
    "partner": _table("wife;husband;boyfriend;girlfriend;boy friend;girl friend;spouse;fiance;fiancee;partner;hubby;"
                      "wifey;other half;significant other;bf;gf;ex;ex wife;ex husband;ex boyfriend;ex girlfriend;"
                      "lover;missus"),
    "family": _table("mom;mum;mother;mommy;mummy;mama;momma;dad;father;daddy;papa;sister;brother;sibling;son;daughter;"
                     "kid;child;children;parent;aunt;auntie;uncle;cousin;grandma;grandpa;grandmother;grandfather;"
                     "granny;nan;nana;grandparent;folks;stepmom;stepmum;stepdad;stepmother;stepfather;step mom;step mum;"
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
                     "what was the question;what was the question again;what are you asking;what did you ask;repeat the question;"
                     "i did not hear;i did not hear that;i did not hear you;i could not hear you;can you say it again;"
                     "what was that again;one more time please;"
                     "repeat please;huh"),
    "slower": _table("slower;slow down;speak slower;talk slower;go slower;more slowly;speak more slowly;"
                     "talk more slowly;too fast;you're too fast;you're going too fast;that's too fast;slow"),
    "faster": _table("faster;speed up;speak faster;talk faster;go faster;quicker;more quickly;speak more quickly;"
                     "too slow;you're too slow;that's too slow;hurry up"),
    "pause": _table("pause;paws;pause it;pause that;hold on;hold on a second;hold on a minute;wait;wait a minute;"
                    "wait a moment;wait a second;one moment;one second;one minute;just a moment;just a second;"
                    "give me a minute;give me a moment;give me a second;hang on;stop for a moment;"
                    "stop for a second;stop for a minute;pause for a moment;i need a minute;i need a moment;"
                    "give me a sec;one sec;just a sec;a sec;hang on a second;hang on a minute;hang on a sec;"
                    "hold on a sec;can we pause"),
    "break": _table("break;a break;take a break;i need a break;i need a break now;need a break;can we take a break;"
                    "can i take a break;i'd like a break;time out;i need a time out;i need some time;stop for now;"
                    "let's stop for now;can we stop for now;stop for now and continue later;"
                    "can we stop for now and continue later;stop now and continue later;continue later;"
                    "let's continue later;can we continue later;pick this up later;let's pick this up later;"
                    "pick it up later;can we pick this up later;can we do this later;let's do this later;"
                    "come back to this later;i'll come back to this later;i need to step away;i need to step away for a bit"),
    "resume": _table("resume;continue;go on;carry on;keep going;i'm back;i am ready;i'm ready;ready;ok i'm ready;"
                     "let's continue;let's go on;unpause;go ahead;where were we"),
    "back": _table("go back;back;previous;previous question;last question;the question before;go back one;back up;"
                   "undo;go to the previous question;go back a step;the previous one;previous step;go back a question;"
                   "back one;go back one step;one back;back a bit;back a step;back a question;the last one;"
                   "go back to the last question;go back to the previous question;go back to the previous one;"
                   "go back to the last one;go back to that;take me back;the question before that;step back"),
    "skip": _table("skip;skip it;skip this;skip that;skip this one;skip this question;next;next question;next one;"
                   "pass;i'd rather not answer;i'd rather not say;move on;let's move on;i pass"),
    "help": _table("help;help me;what can i say;what do i say;what should i say;what are my options;options;"
                   "commands;what can you do;how does this work;i don't understand;what does that mean;"
                   "what do you mean;i'm confused;what am i supposed to say;what am i meant to say;what should i do;"
                   "what do i do;what do you want me to say;how do i answer;how do i answer this;how do i answer that;"
                   "what kind of answer;what kind of answer do you want;i do not get it;what is this for;"
                   "what do i say now;what can i say now;how does this work again;what do you mean by that"),
    "stop": _table("stop;stop it;stop the session;stop session;stop this;stop now;end;end the session;end session;"
                   "quit;exit;that's enough;that's enough for today;enough for today;enough;i'm done;"
                   "i'm done for today;"
                   "i want to stop;i need to stop;let's stop;let's stop here;stop here;goodbye;bye;finish;cancel;"
                   "i have to go;i need to go;we can stop;can we stop;no more;i want to quit;let's end here;"
                   "let's leave it there;leave it there;let's call it a day;that's all for today"),
}
COMMAND_PREFIXES = _table("please;mend;hey;hey mend;okay;um;uh;er;erm;errm;hmm;hm;ah;so;well;just;actually;sorry;oh;"
                          "oops;excuse me;hang on;hold on;wait;one second;right;alright;yeah;no;ok so;sorry but;"
                          "do you mind;is it okay if we;is it okay if i;is it alright if we;can i;could i;may i;how do i;"
                          "and;now;could you;can you;would you;will you;could we;can we;would you please;"
                          "could you please;"
                          "can you please;i want to;i would like to;i want you to;i would like you to;i need you to;"
                          "i'd like to;i'd like you to;let's;let us;i said;maybe;i think")
COMMAND_SUFFIXES = _table("please;thanks;thank you;now;for me;a bit;a little;a little bit;for a second;for a moment;"
                          "again;one more time;sorry;if that is okay;if you do not mind;at this point;with this;"
                          "if that is alright;if possible;a sec;for a sec;actually;yeah;right;at this step;here then;"
                          "for a minute;mend;okay;then;right now;please mend;thanks mend;there;here")

# During a break: asking how long is left is answered, and the break goes on.
TIME_LEFT_PHRASES = _table("how long is left;how long left;how much time is left;how much time left;how much longer;"
                           "how many minutes are left;how many minutes left;how much time do i have;how much time do i "
                           "have left;how long do i have;how long do i have left;how long have i got;time left;"
                           "how much longer is the break;how long is the break;how long until the chime;"
                           "how long to go;how long now;is it time yet;how long is left on the break")
# ...and, beyond those, a short question that starts by asking how long and names what remains ("how long till the
# chime?", "is the break nearly over?")
TIME_LEFT_ASKS = _table("how long;how much time;how much times;how much more time;how much longer;how many minutes;"
                        "how many more;when does;when will;when do;when is;is it;is the break;is this;are we")
TIME_LEFT_CUES = _table("left;longer;remain;remains;remaining;to go;till;until;chime;more;over;end;ends;finish;"
                        "finished;done;have;got;time yet")
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
# Words a recogniser writes for a number it heard ("too" for "two"); trusted only when nothing else is a number.
NUMBER_HOMOPHONES = {"won": 1, "to": 2, "too": 2, "tu": 2, "tree": 3, "free": 3, "for": 4, "fore": 4, "sicks": 6,
                     "ate": 8, "nein": 9, "tin": 10, "then": 10}
NUMBER_FILLERS = frozenset("about a an like maybe around probably i would say it is was um uh er roughly just perhaps "
                           "guess think so oh okay hmm well really honestly only mm".split())
RANGE_JOINERS = frozenset("or to too and maybe perhaps a an between like about around um uh er".split())
ORDINALS = {"first": 0, "1st": 0, "one": 0, "second": 1, "2nd": 1, "two": 1, "third": 2, "3rd": 2, "three": 2,
            "fourth": 3, "4th": 3, "four": 3, "fifth": 4, "5th": 4, "five": 4}
CHOICE_STOPWORDS = frozenset("a an the to my i of it some and or with for be just".split())
NEGATORS = frozenset("not never no cannot without nor".split())
