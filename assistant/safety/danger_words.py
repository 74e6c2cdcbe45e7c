"""Words for danger here now, grouped by what they mean (see `danger_now`): what is swallowed in an overdose, how
much, how lately, the body giving way, a means already working, and the signs that someone is here now.

Like `risk_words`, every group is a regex alternation over normalised words, so a new wording needs only its
words here.
"""

from __future__ import annotations

from mend.assistant.safety.risk_words import alt

# medicines and drugs taken in an overdose, by kind and by common names (generic and brand)
DRUG = alt(
    "pills", "pill", "tablets", "tablet", "meds", "medication", "medications", "medicine", "medicines", "caps",
    "capsules", "sleeping pills", "sleeping tablets", "sleepers", "painkillers", "pain killers", "antidepressants",
    "beta blockers", "blood thinners", "heart pills", "heart tablets", "the heart ones",
    "paracetamol", "tylenol", "acetaminophen", "aspirin", "ibuprofen", "advil", "nurofen", "co codamol",
    "codamol", "codeine", "tramadol", "oxy", "oxys", "oxycodone", "oxycontin", "opioids", "morphine",
    "liquid morphine", "methadone", "fentanyl", "heroin", "xanax", "benzos", "diazepam", "valium", "lorazepam",
    "ativan", "zopiclone", "ambien", "nytol", "sertraline", "prozac", "fluoxetine", "citalopram", "amitriptyline",
    "mirtazapine", "quetiapine", "seroquel", "lithium", "insulin", "propranolol", "warfarin", "gabapentin",
    "pregabalin", "lyrica", "venlafaxine", "antihistamines", "iron tablets", "sleeping stuff", "my prescription",
    "vodka and pills",
)
POISON = alt("bleach", "antifreeze", "weedkiller", "weed killer", "rat poison", "poison", "drain cleaner",
             "paraquat", "pesticide", "slug pellets", "screenwash", "white spirit", "lighter fluid")
SWALLOW = alt("took", "taken", "swallowed", "downed", "necked", "had", "ate", "eaten", "drank", "drunk",
              "chugged", "popped", "injected", "shot up", "overdosed on", "od on", "gulped", "knocked back")
# the same, happening as the person speaks ("I'm swallowing them now")
SWALLOWING = alt("taking", "swallowing", "downing", "drinking", "necking", "popping", "injecting", "eating")
AMOUNT = alt("all", "whole", "entire", "too many", "too much", "a lot", "lots", "loads", "a load", "a bunch",
             "bunch", "a handful", "handful", "handfuls", "bottle", "bottles", "packet", "packets", "pack", "box",
             "boxes", "strip", "strips", "dozens", "dozen", "every", "the rest", "double", "triple", r"\d+",
             "twenty", "thirty", "forty", "fifty", "sixty", "hundred", "fifteen", "enough", "half a bottle",
             "more than usual", "everything", "the lot", "tub", "jar", "blister")
RECENT = alt("already", "just now", "an hour ago", "hour ago", "hours ago", "minutes ago", "a bit ago",
             "before i started", "before we started", "while we were talking", "half an hour ago", "a minute ago")
# the body giving way after an overdose or a wound
SYMPTOM = alt("lightheaded", "light headed", "dizzy", "drowsy", "woozy", "faint", "feel weird", "feeling weird", "feel sick", "feeling sick",
              "sleepy", "so tired", "really tired", "heart is going", "heart is racing", "heart racing",
              "tingling", "numb", "vision", "cannot see straight", "throwing up", "being sick", "kicking in",
              "fall asleep", "falling asleep", "going funny", "going blurry", "passing out", "pass out",
              "cannot feel", "shaking")
BLEEDING = alt("bleeding", "blood everywhere", "lot of blood", "lots of blood", "so much blood", "pouring out",
               "blood pouring", "pouring blood", "spurting", "gushing", "going red", "will not stop bleeding",
               "cannot stop the bleeding",
               "cannot stop it bleeding", "blood on the floor", "pool of blood")
CUT = alt("cut", "slashed", "sliced", "slit", "stabbed", "gashed", "opened up")
# a means of dying already at work
WORKING = [
    r"(?:engine|car|cars|engines) (?:is |s )?(?:still )?(?:running|on)(?: \S+){0,6} (?:garage|shut|closed|windows up|hose)",
    r"(?:garage|hose)(?: \S+){0,6} (?:engine|car|cars) (?:is |s )?(?:still )?(?:running|on)",
    r"hose (?:is |s )?(?:going |pipe )?(?:in|into|through) the (?:window|car|exhaust)",
    r"(?:turned|put|left) the gas on(?: \S+){0,6} (?:windows|doors|shut|closed|sealed)",
    r"(?:plastic bag|bag) (?:\S+ ){0,6}(?:on|over) my head",
    r"(?:drive|driving|crash|crashing|steer) (?:\S+ ){0,3}(?:into|off) (?:the |a )?(?:end of the )?(?:wall|pier|"
    r"bridge|cliff|tree|road|river|lorry|truck|oncoming)",
    r"(?:step|stepping|jump|jumping|walk|walking) (?:out )?in front of (?:a|the|the next) (?:train|lorry|truck|bus|car)",
    r"(?:walking|swimming|wading) (?:out|in)(?: \S+){0,4} not coming back",
    r"(?:rope|noose|belt|cord|ligature|scarf|cable|it) (?:is |s )?(?:already )?(?:around|round|on) my neck",
    r"(?:belt|rope|cord|scarf|cable|noose) (?:is )?(?:tied|attached|hooked) to the (?:door|banister|beam|handle|"
    r"door handle|rail|loft hatch)|tied the (?:belt|rope|cord|scarf|cable|noose) (?:to|round|around)",
    r"(?:knife|blade|razor|razor blade|gun|pistol|shard|glass) (?:is |s )?(?:on|against|to|at|in) my (?:throat|"
    r"wrists?|neck|head|chest|arm|arms|leg|temple)",
    r"(?:gun|pistol) (?:is |s )?(?:in my mouth|pointed at me|cocked|loaded and in my hand)",
    r"(?:pointed|pointing|held|holding it) (?:at|to|against) my (?:head|chest|temple|heart)",
]
HIGH = alt("bridge", "motorway bridge", "roof", "rooftop", "ledge", "cliff", "cliffs", "cliff edge", "balcony",
           "car park", "multi storey", "top floor", "window sill", "windowsill", "platform", "tracks",
           "train tracks", "railway", "quarry", "edge", "top of the building", "tower", "overpass", "pier",
           "the water", "the sea", "the river", "wrong side")
# a sign that a person in a high or dangerous place is there to die, not for a smoke or the gutters
ABOUT_TO = alt("jump", "to jump", "gonna jump", "going to jump", "let go", "step off", "over the barrier",
               "over the railing", "over the edge", "climbed over", "other side of the", "legs over", "legs out",
               "not coming back", "wait for a", "in front of", "do it", "end it", "goodbye", "this is it",
               "final", "last time", "in a minute", "fall", "right now", "wrong side", "cannot do this",
               "next one", "comes through", "ledge", "going over", "go over", "step off")
# someone here now, or about to be: what turns a blow or a threat into danger right now
HERE_NOW = alt(
    "right now", "at the moment", "as we speak", "still here", "is here", "are here", "here now", "in the next room",
    "in the other room", "in the kitchen", "in the hallway", "in the hall", "in the lounge", "in the living room",
    "downstairs", "upstairs", "outside", "at the door", "on his way", "on her way", "on their way", "on the way",
    "coming up", "coming for me", "coming round", "coming around", "coming over", "coming back", "coming home",
    "coming in", "minutes away", "following me", "tonight", "is knocking", "banging", "breaking in",
    "trying to get in", "in my garden", "in the garden", "in the house", "in the flat", "let me leave", "let me out",
    "let me call", "pinning me", "round my throat", "around my throat", "i am next", "just now", "driving over",
    "with us in it", "i am hiding", "help me", r"when (?:he|she|they) (?:gets?|comes?) (?:home|back|here|in)",
    "home soon", "gets here", "pointing", "if i leave", "if i try", "door is locked", "i locked myself",
    "locked in the bathroom", "is back", "are back", "doors locked", "round the house", "around the house",
    "trying the door", "trying the handle", "door handle", "coming down", "coming after me", "after me",
    "in the car with", "stuck in the car",
)
# what someone at hand may hurt with, beside `risk_words.WEAPON`
ARMS = alt("belt", "bat", "cricket bat", "golf club", "kitchen knife", "something", "chain", "stick", "iron")
# another person's body giving way: an emergency in the room
COLLAPSE = alt(
    r"not breathing(?! (?:down|a word|a word of))", "stopped breathing", "unconscious", "unresponsive",
    r"not responding(?! to (?:my|me|texts|messages|calls|emails|anything i))", 
    "lying there", r"will not wake up(?! (?:till|until|before|for|early|on|in time))", "would not wake up",
    "cannot wake", "could not wake", "not waking up", "not coming round", "not coming to", "gone blue",
    "turning blue", "turning grey", "lips are blue", "lips are purple", "going blue", "foaming at the mouth",
    "having a seizure", "had a seizure", r"(?:having|had) a fit(?! about| over| when| because| at)",
    "having a heart attack", "clutching his chest", "clutching her chest", "gone grey", "turned grey", r"choking(?! me| back| on (?:my|his|her|their) words)", "snoring noise",
    "bleeding from", "blood everywhere", "spurting", "pissing blood", "lot of blood", "so much blood",
    "hanged", "hung himself", "hung herself", "been stabbed", "been shot", "not moving(?! (?:out|in|on|house|back|"
    "forward|away|anywhere|over|up|jobs|money|things))", "overdosed", "cannot breathe",
)
# what makes a word above ordinary in the same reply
NOT_AN_EMERGENCY = alt("lol", "haha", "heavy sleeper", "deep sleeper", "sleeps like", "lazy", "hungover",
                       "hangover", "alarm", "for school", "for work", "teenager", "it is fine", "it was fine",
                       "only a", "just a scratch", "nothing serious", "playing dead", "pretending", "cooking",
                       "chopping", "fixing", "having a smoke", "the view", "a walk", "film", "movie", "tv",
                       "game", "video", "book", "like usual", "as usual", "like always", "as always",
                       "as prescribed", "for the headache", "for my headache",
                       "glued to", "cricket", "football", "the match", "telly", "no harm done",
                       "turned it off", "licence", "license", "for the farm", "clay", "never been an issue",
                       "locked up", "locked away", "in a cabinet", "in a safe", "make me", "makes me",
                       "tickle", "wrestling", "play fight", "play fighting", "laughed", "loving way", "made up",
                       "cut myself on", "shaving", "mandoline", "a bit", "a little", "as a joke", "joking",
                       "meds properly", "them properly", "it properly", "regularly", "reminds me", "every day", "daily", "the one sleeping", "the one tablet", "one sleeping tablet", "might get drowsy", "just one",
                       "only one", "one tablet", "one pill", "for today", "i am good")
# an accident: ordinary for a door or a cut, never for what was swallowed (an accidental overdose is an emergency)
ACCIDENT = alt("by accident", "accidentally", "by mistake")
