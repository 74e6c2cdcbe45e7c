"""Words grouped by what they mean, for reading risk in any wording.

The frames in `frames.py` are written over these groups, not over whole sentences: "someone + a blow + me", "a
wish + not being alive", "a threat someone made + what would happen if I left". A new way of saying a known kind of
thing then only needs its words here. Every group is a regex alternation over normalised words (lower case,
contractions spelled out: "he'd" -> "he would", "can't" -> "cannot").
"""

from __future__ import annotations


def alt(*words: str) -> str:
    """One non-capturing alternation, longest first so that "sleeping pills" beats "pills"."""
    return "(?:" + "|".join(sorted(set(words), key=len, reverse=True)) + ")"


def gap(most: int) -> str:
    """Up to `most` words of anything."""
    return rf"(?:\S+ ){{0,{most}}}"


RELATION = alt(
    "partner", "husband", "wife", "boyfriend", "girlfriend", "bf", "gf", "fiance", "fiancee", "spouse", "ex",
    "ex husband", "ex wife", "ex boyfriend", "ex girlfriend", "exs", "dad", "father", "mom", "mum", "mother",
    "stepdad", "stepfather", "stepmom", "stepmum", "stepmother", "brother", "sister", "son", "daughter", "uncle",
    "aunt", "cousin", "grandad", "granddad", "grandpa", "grandma", "gran", "nan", "boss", "manager", "roommate",
    "flatmate", "housemate", "landlord", "neighbour", "neighbor", "friend", "mate", "colleague", "coworker",
    "carer", "caregiver", "parents", "family", "in laws", "guy", "man", "woman", "bloke", "lad", "person",
    "stepson", "stepdaughter", "son in law", "kid", "kids", "teacher", "coach", "pimp", "dealer", "baby daddy",
    "baby mama", "baby father", "baby mother", "baby dad", "baby mum", "baby mom", "other half", "fella", "missus",
    "husbando", "wifey", "hubby", "bae", "grandson", "granddaughter", "grandchild", "grandkid", "nephew", "niece",
)
# someone other than the speaker, as the subject of a sentence
# (with "who" or "that" after a relation: "my brother who hits me", as people answer "who is this about?")
OTHER = rf"(?:he|she|they|(?:my|his|her|their|our|this|that) (?:\S+ year old |\S+ )?{RELATION}s?(?: who| that)?)"
# someone other than the speaker, as an object
THEM = rf"(?:him|her|them|someone|somebody|anyone|anybody|everyone|(?:my|his|her|their|our|this|that|the) " \
       rf"(?:\S+ ){{0,2}}(?:{RELATION}|baby|toddler|child|children)s?)"
CHILD = alt("kid", "kids", "child", "children", "son", "daughter", "baby", "toddler", "stepson", "stepdaughter",
            "boy", "girl", "little brother", "little sister", "newborn")
# adverbs and auxiliaries that come between someone and what they did ("he has always ...", "she just ...")
OFTEN = r"(?:(?:always|sometimes|often|still|keeps|kept|has|have|had|been|once|just|also|even|is|was|will|would|" \
        r"then|again|started|starts|used to|tried to|literally|actually|physically|really|nearly|almost|basically|" \
        r"never once|proper|deliberately) ){0,3}"
BODY = alt("face", "head", "arm", "arms", "wrist", "wrists", "neck", "throat", "hair", "chest", "stomach", "back",
           "body", "leg", "legs", "ribs", "jaw", "eye", "nose", "mouth", "shoulder", "shoulders", "side")
NECK = alt("neck", "throat")
# a blow or grip someone gives "me"
BLOW = alt(
    "hit", "hits", "hitting", "punched", "punches", "punching", "slapped", "slaps", "slapping", "kicked", "kicks",
    "kicking", "shoved", "shoves", "shoving", "pushed", "pushes", "grabbed", "grabs", "dragged", "drags", "choked",
    "chokes", "choking", "strangled", "strangles", "strangling", "throttled", "throttles", "bit", "bites", "burned",
    "burnt", "burns", "beat", "beats", "beating", "beaten", "smacked", "smacks", "headbutted", "elbowed", "kneed",
    "stamped on", "slammed", "slams", "pinned", "pins", "shook", "shakes", "squeezed", "twisted", "whipped",
    "whips", "tied", "tied up", "spat on", "spits on", "raped", "rapes", "assaulted", "assaults", "strikes",
    "struck", "hurt", "hurts", "hurting", "attacked", "attacks", "threw", "throws", "cornered", "trapped",
    "restrained", "suffocated", "smothered", "stabbed", "cut", "scratched", "bruised", "battered", "thumped",
    "thumps", "belted", "clipped", "knocked", "kneed", "jumped", "molested", "touched", "forced", "forces",
    "beats up", "beat up", "roughed up",
)
# the same acts said of what "I" did to someone else, in the past
DID_TO = alt(
    "hit", "punched", "slapped", "choked", "strangled", "stabbed", "kicked", "beat up", "beat", "shoved",
    "attacked", "shot", "killed", "pushed", "grabbed", "pinned", "shook", "smacked", "headbutted", "bit",
    "scratched", "burned", "throttled", "strangled", "thumped", "battered", "head butted", "kneed", "elbowed",
    "dragged", "injured", "spat on",
)
# harming someone: what a threat or an intention to harm names
HARM_VERB = alt(
    "kill", "murder", "stab", "shoot", "strangle", "choke", "punch", "hit", "slap", "attack", "beat up",
    r"beat the \S+ out of", r"kick the \S+ out of", "smash", "hurt", "harm", "poison", "run over", "batter",
    "glass", "knife", "stab up", "do in", "kick in", "finish off", "take out", "deal with", "sort out",
    "mess up", r"f\S* up", "jump", "get", "end", "torch", "burn", "cut", "break", "snap", "bash", "throttle",
    "drown", "suffocate", "smother", "shake", "thump", "deck", "floor", "lamp", "hospitalise", "hospitalize",
)
WEAPON = alt(
    "knife", "knives", "blade", "gun", "guns", "pistol", "rifle", "shotgun", "firearm", "handgun", "revolver",
    "bat", "baseball bat", "crowbar", "hammer", "machete", "axe", "tyre iron", "tire iron", "iron bar", "pipe",
    "petrol", "gasoline", "lighter fluid", "acid", "sword", "taser", "brass knuckles", "knuckle duster", "cleaver",
    "screwdriver", "bottle", "poison", "rat poison", "bullets", "ammo", "ammunition", "piece",
    "hunting rifle",
)
# what people take, keep or gather to end their life
MEANS = alt(
    "pills", "tablets", "meds", "medication", "medications", "medicine", "paracetamol", "tylenol", "painkillers",
    "antidepressants", "sleeping pills", "sleeping tablets", "insulin", "rope", "noose", "blade", "blades",
    "razor", "razors", "razor blades", "hosepipe", "hose", "charcoal", "prescription", "prescriptions",
    "co codamol", "codeine", "oxy", "opioids", "xanax", "benzos", "diazepam", "aspirin", "ibuprofen", "lithium",
    "gun", "shotgun", "pistol", "rifle", "firearm", "poison", "bleach", "weedkiller", "antifreeze",
)
HIGH_PLACE = alt("bridge", "roof", "rooftop", "ledge", "cliff", "cliffs", "balcony", "car park", "parking garage",
                 "multi storey", "tower", "building", "overpass", "viaduct", "tracks", "train tracks", "railway",
                 "platform edge", "top floor", "window")
# not being alive, said every way people say it
NOT_ALIVE = alt(
    "die", "died", "dying", "be dead", "dead", "not exist", "stop existing", "cease to exist", "not be here",
    "not be alive", "not be around", "be gone", "never wake up", "not wake up", "not to wake up",
    "would not wake up", "not come back", "never come back", "never been born", "been born", "end it all",
    "end my life", "be done with it all", "disappear forever", "disappear for good", "vanish forever",
    "sleep forever", "not existing", "no longer exist", "no longer be here", "not be alive anymore",
    "not be here anymore", "not be here any more", "fall asleep and not", "go to sleep and not", "not here anymore",
    "not here any more", "be out of the picture", "go away forever", "stop living", "stop breathing",
    "not have to wake up", "be with my", "not to be here", "not to be alive", "not be in this world",
    "checking out", "check out", "take the easy way out", "the easy way out", "make it all stop", "make it stop",
    "never waking up", "never wake", "stayed that way", "stay that way",
)
# the wish or readiness in front of it
WISH = alt(
    "wish", "wished", "wishing", "want", "wanted", "wanting", "hope", "hoped", "hoping",
    "would prefer", "would like", "would love", "ready", "longing", "long", "pray", "prayed", "praying",
    "fantasise about", "fantasize about", "daydream about", "dream about", "thinking about", "think about",
    "thought about", "thinking of", "thought of", "decided to", "going to", "am going to", "plan to",
    "planning to", "my plan is to", "gonna", "kindest thing would be to", "best thing would be to",
    "easiest thing would be to", "right thing would be to", "would be better to", "would be easier to",
    "about to", "need to", "tempted to", "urge to", "urges to",
)
# someone being better off in a world without the speaker
BETTER = alt("better", "easier", "happier", "fine", "okay", "ok", "simpler", "quieter", "relieved", "relief",
             "free", "freer", "glad", "lighter", "better life", "better off", "a better life", "less trouble",
             "happy", "peace", "calmer")
ABSENT = alt(
    "was gone", "were gone", "was dead", "were dead", "died", "was not here", "were not here", "was not around",
    "were not around", "was not alive", "were not alive", "did not exist", "was not in it", "were not in it",
    "disappeared", "vanished", "was out of the picture", "was no longer here", "were no longer here", "was not",
    "just was not", "was never born", "had never been born", "never existed", "stopped existing",
    "am gone", "am dead", "am not here", "am not around", "go", "left for good", "did it",
)
NEGATORS = frozenset("not never no nobody without nothing".split())

# what frames about self-harm, threats and intent are built from
ME = r"(?:me|myself)"
SELF_ACT = alt("cut", "cutting", "cuts", "burned", "burnt", "burn", "burning", "scratched", "scratching",
                "punched", "punching", "hit", "hitting", "hurt", "hurting", "harmed", "harming", "harm", "stabbed",
                "starve", "starving", "starved", "bang", "banging", "banged", "bruised", "bit", "biting")
LIMB = alt("arm", "arms", "wrist", "wrists", "thigh", "thighs", "leg", "legs", "skin", "stomach", "chest", "hips")
REPORT = alt("said", "says", "told me", "tells me", "texted", "texts", "messaged", "warned", "warns",
              "threatened", "threatens", "threatening", "swore", "swears", "screamed", "shouted", "yelled",
              "keeps saying", "kept saying", "wrote", "promised", "promises", "whispered", "reminds me", "reminded me",
              "made it clear", "let me know", "said that", "told me that")
OUTCOME = alt(
    "regret it", "be sorry", "pay for it", r"kill (?:me|you|himself|herself|themselves|us|the \S+|my \S+)",
    r"hurt (?:me|you|the \S+|my \S+|our \S+)", r"take (?:the|my|our) (?:kids|children|baby|son|daughter)",
    r"never see (?:the|my|our) (?:kids|children|baby|son|daughter|them)", "make me disappear", "make my life hell",
    "ruin me", "find me", "come after me", "nobody would find", "no one would find", "nobody will find",
    "no one will find", r"end up (?:dead|in a|hurt|in hospital)", r"burn (?:the|my|our) \S+", r"put my (?:cat|dog)",
    "be worse", "worse next time", r"(?:nobody|no one) (?:else )?will", "consequences", "see what happens",
    "what happens", "be the last", "be dead", "finish me", "end me", "destroy me", "get me", "fix me",
    r"(?:send|share|post|show|leak) (?:it|them|the \S+|my \S+|photos|pictures|videos)",
)
CONDITION = r"if i (?:ever )?(?:\S+ )?(?:leave|left|tried|try|go|went|tell|told|call|called|report|refuse|" \
             r"refused|break up|broke up|talk|do not|did not|say|said|walk out|move out|see)"
VEILED = alt(
    "find out", "learn the hard way", "learn", "regret", "regret it", "be sorry", "pay", "get what is coming",
    "got it coming", "has it coming", "have it coming", "not be laughing", "not see it coming",
    "not see me coming", "not walk away", "not know what hit", r"end up in (?:a box|hospital|the ground|a wheelchair)",
    r"watch (?:his|her|their) back", "not be pretty", r"not see next \S+", "be reading about",
    "be in the paper", "get what (?:he|she|they) deserves?", "be the one to give it", "never do that",
    "never does that", "get theirs", "get his", "get hers",
)

