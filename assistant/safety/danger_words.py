"""Words for danger here now, grouped by what they mean (see `danger_now`): what is swallowed in an overdose, how
much, how lately, the body giving way, a means already working, and the signs that someone is here now.

Like `risk_words`, every group is a regex alternation over normalised words, so a new wording needs only its
words here.
"""

from __future__ import annotations

from mend.assistant.safety.risk_words import alt

# medicines and drugs taken in an overdose, by kind and by common names (generic and brand), and the endings most
# medicine names share ("olanzapine", "lorazepam", "digoxin"), so an unlisted one is still a medicine
DRUG = alt(
    "pills", "pill", "tablets", "tablet", "meds", "medication", "medications", "medicine", "medicines", "caps",
    "capsules", "sleeping pills", "sleeping tablets", "sleepers", "painkillers", "pain killers", "antidepressants",
    "beta blockers", "blood thinners", "heart pills", "heart tablets", "the heart ones", "patches",
    "paracetamol", "tylenol", "acetaminophen", "aspirin", "ibuprofen", "advil", "nurofen", "co codamol",
    "codamol", "codeine", "tramadol", "oxy", "oxys", "oxycodone", "oxycontin", "opioids", "morphine",
    "liquid morphine", "methadone", "fentanyl", "heroin", "xanax", "benzos", "diazepam", "valium", "lorazepam",
    "ativan", "zopiclone", "ambien", "nytol", "sertraline", "prozac", "fluoxetine", "citalopram", "amitriptyline",
    "mirtazapine", "quetiapine", "seroquel", "lithium", "insulin", "propranolol", "warfarin", "gabapentin",
    "pregabalin", "lyrica", "venlafaxine", "antihistamines", "iron tablets", "sleeping stuff", "my prescription",
    "ket", "ketamine", "coke", "cocaine", "mdma", "pills together",
    r"[a-z]+(?:pam|lam|pine|xetine|pramine|triptyline|codone|azine|olol|goxin|farin|profen|amol|barbital|zolam)",
)
POISON = alt("bleach", "antifreeze", "weedkiller", "weed killer", "rat poison", "poison", "drain cleaner",
             "paraquat", "pesticide", "slug pellets", "screenwash", "white spirit", "lighter fluid", "meths",
             "methylated spirits", "batteries", "button batteries", "kerosene", "paraffin", "aerosol", "aerosols",
             "lighter gas", "glue", "oven cleaner", "dishwasher tablets", "washing tablets")
SWALLOW = alt("took", "taken", "swallowed", "downed", "necked", "had", "ate", "eaten", "drank", "drunk",
              "chugged", "popped", "injected", "shot up", "overdosed on", "od on", "gulped", "knocked back",
              "snorted", "put", "mixed")
# the same, happening as the person speaks ("I'm swallowing them now")
SWALLOWING = alt("taking", "swallowing", "downing", "drinking", "necking", "popping", "injecting", "eating",
                 "sniffing", "huffing", "snorting")
AMOUNT = alt("all", "whole", "entire", "too many", "too much", "a lot", "lots", "loads", "a load", "a bunch",
             "bunch", "a handful", "handful", "handfuls", "bottle", "bottles", "packet", "packets", "pack", "box",
             "boxes", "strip", "strips", "dozens", "dozen", "every", "the rest", "double", "triple", r"\d+",
             "twenty", "thirty", "forty", "fifty", "sixty", "hundred", "fifteen", "enough", "half a bottle",
             "more than usual", "everything", "the lot", "tub", "jar", "blister", "a heap", "heaps", "most of")
RECENT = alt("already", "just now", "an hour ago", "hour ago", "hours ago", "minutes ago", "a bit ago",
             "before i started", "before we started", "while we were talking", "half an hour ago", "a minute ago")
# said after what was swallowed: how much ("loads of it", "the whole tub")
AMOUNT_AFTER = alt("all of it", "all of them", "loads of it", "lots of it", "the lot", "every one", "every last one",
                   r"the whole (?:lot|thing|packet|bottle|box|tub|strip|pack)", "most of it", "half of it")
# the body giving way after an overdose or a wound
SYMPTOM = alt("lightheaded", "light headed", "dizzy", "drowsy", "woozy", "faint", "feel weird", "feeling weird",
              "feel sick", "feeling sick", "sleepy", "so tired", "really tired", "heart is going", "heart is racing",
              "heart racing", "heart feels", "tingling", "numb", "vision", "cannot see straight", "throwing up",
              "being sick", "kicking in", "fall asleep", "falling asleep", "going funny", "going blurry",
              "passing out", "pass out", "cannot feel", "shaking", "slurring", "can hardly talk", "cannot sit up",
              "can hardly breathe", "in my system")
BLEEDING = alt("bleeding", "blood everywhere", "lot of blood", "lots of blood", "so much blood", "pouring out",
               "blood pouring", "pouring blood", "spurting", "gushing", "going red", "will not stop bleeding",
               "cannot stop the bleeding", "cannot stop it bleeding", "blood on the floor", "pool of blood",
               "blood in the water", "too much blood", "covered in blood", "losing blood", "soaked through",
               "dripping", "bleeding heavily", "not stopping")
CUT = alt("cut", "cutting", "slashed", "sliced", "slit", "stabbed", "gashed", "opened up")
# a means of dying already at work
WORKING = [
    r"(?:engine|car|cars|engines) (?:is |s )?(?:still )?(?:running|on)(?: \S+){0,6} (?:garage|shut|closed|"
    r"windows up|hose)",
    r"(?:garage|hose)(?: \S+){0,6} (?:engine|car|cars) (?:is |s )?(?:still )?(?:running|on)",
    r"hose (?:is |s )?(?:going |pipe )?(?:in|into|through) the (?:window|car|exhaust)",
    r"gas (?:\S+ ){0,3}on(?: \S+){0,8} (?:windows?|doors?|shut|closed|sealed|vents|towels|without)",
    r"(?:lit|lighting|burning) (?:\S+ ){0,4}(?:barbecue|barbecues|bbq|charcoal)",
    r"(?:plastic bag|bag) (?:\S+ ){0,6}(?:on|over) my head",
    r"(?:drive|driving|crash|crashing|steer) (?:\S+ ){0,3}(?:into|off) (?:the |a )?(?:end of the )?(?:wall|pier|"
    r"bridge|cliff|tree|road|river|lorry|truck|oncoming|lake|sea|water)|drive it in",
    r"(?:step|stepping|jump|jumping|walk|walking) (?:out )?in front of (?:a|the|the next) (?:train|lorry|truck|bus|car)",
    r"(?:walking|swimming|wading) (?:out|in)(?: \S+){0,4} not coming back",
    r"(?:rope|noose|belt|cord|ligature|scarf|cable|it) (?:is |s )?(?:already )?(?:around|round|on) my neck",
    r"(?:belt|rope|cord|scarf|cable|noose) (?:is )?(?:tied|attached|hooked|up) (?:to|in) the (?:door|banister|beam|"
    r"handle|door handle|rail|loft hatch|garage)|tied the (?:belt|rope|cord|scarf|cable|noose) (?:to|round|around)",
    r"(?:noose|rope) is up|standing (?:on the chair|under it)",
    r"(?:knife|knifes|blade|blades|razor|razor blade|gun|guns|pistol|shard|glass) (?:is |s )?(?:on|against|to|at|in) "
    r"my (?:throat|wrists?|neck|head|chest|arm|arms|leg|temple|mouth)",
    r"(?:gun|pistol) (?:is |s )?(?:in my mouth|pointed at me|cocked|loaded and in my hand)",
    r"(?:pointed|pointing|held|holding it) (?:at|to|against) my (?:head|chest|temple|heart)",
    r"(?:holding|got|have) (?:\S+ )?(?:gun|pistol|rifle|shotgun) (?:\S+ ){0,3}(?:loaded|cocked)",
    r"poured (?:\S+ ){0,3}(?:over|on) (?:myself|me)",
    r"(?:pills|tablets) in my mouth",
    r"(?:pills|tablets|they|it) (?:are |is )?(?:in|working|kicking in) already",
    r"stones in my (?:coat |jacket )?pockets?",
    r"(?:wrong way|wrong side) (?:up|down|on) the (?:motorway|highway|freeway)",
    r"(?:parked|stopped|standing|sitting|lying) (?:\S+ ){0,2}on the (?:level crossing|crossing|tracks|railway|"
    r"line)|middle of the (?:road|motorway|highway)",
]
HIGH = alt("bridge", "motorway bridge", "roof", "rooftop", "ledge", "cliff", "cliffs", "cliff edge", "balcony",
           "balcony railing", "railing", "car park", "multi storey", "top floor", "window sill", "windowsill",
           "platform", "tracks", "train tracks", "railway", "quarry", "edge", "top of the building", "tower",
           "overpass", "pier", "the water", "the sea", "the river", "the lake", "wrong side", "level crossing")
# a sign that a person in a high or dangerous place is there to die, not for a smoke or the gutters
ABOUT_TO = alt("jump", "to jump", "gonna jump", "going to jump", "let go", "step off", "over the barrier",
               "over the railing", "over the edge", "climbed over", "other side of the", "legs over", "legs out",
               "not coming back", "wait for a", "in front of", "do it", "end it", "goodbye", "this is it",
               "final", "last time", "in a minute", "fall", "right now", "wrong side", "cannot do this",
               "next one", "comes through", "ledge", "going over", "go over", "step off", "stepping off",
               "next train", "train is due", "due in", "coming soon", "hear the train", "one coming", "lorries",
               "barriers", "not getting out", "not moving the car", "stones in my", "facing out", "on purpose",
               "drive it in", "keep walking", "up to my chest", "up to my neck", "holding onto", "jumped",
               "sitting on it", "edge now")
# someone here now, or about to be: what turns a blow or a threat into danger right now
HERE_NOW = alt(
    "right now", "at the moment", "as we speak", "still here", "is here", "are here", "here now", "in the next room",
    "in the other room", "in the kitchen", "in the hallway", "in the hall", "in the lounge", "in the living room",
    "downstairs", "upstairs", "outside", "at the door", "on his way", "on her way", "on their way", "on the way",
    "coming up", "coming for me", "coming round", "coming around", "coming over", "coming back", "coming home",
    "coming in", "minutes away", "following me", "tonight", "is knocking", "banging", "breaking in",
    "trying to get in", "in my garden", "in the garden", "in the house", "in the flat", "let me leave", "let me out",
    "let me call", "pinning me", "round my throat", "around my throat", "i am next", "just now", "driving over",
    "with us in it", "i am hiding", "help me", r"when (?:he|she|they) (?:gets?|comes?) (?:home|back|here|in|out)",
    "home soon", "gets here", "pointing", "if i leave", "if i try", "door is locked", "i locked myself",
    "locked in the bathroom", "is back", "are back", "doors locked", "round the house", "around the house",
    "trying the door", "trying the handle", "door handle", "coming down", "coming after me", "after me",
    "in the car with", "stuck in the car", "between me and the door", "standing over me", "barricaded",
    "waiting for me", "turned up", "showed up", "reaching for the lock", "through the window", "through the door",
    "when we get off", "when i come out", "when i get home", "going to do it properly",
    r"when (?:he|she|they) (?:is|has|have) finished", "tonights", "in it now", "he is driving", "she is driving",
)
# what someone at hand may hurt with, beside `risk_words.WEAPON`
ARMS = alt("belt", "bat", "cricket bat", "golf club", "kitchen knife", "something", "chain", "stick", "iron",
           "brick", "rock", "stone", "glass", "lighter")
# another person's body giving way: an emergency in the room
COLLAPSE = alt(
    r"not breathing(?! (?:down|a word|a word of))", "stopped breathing", "unconscious", "unresponsive",
    r"not responding(?! to (?:my|me|texts|messages|calls|emails|anything i))", "barely breathing",
    "hardly breathing", "can hardly breathe", "struggling to breathe", "lying there not",
    r"will not wake up(?! (?:till|until|before|for|early|on|in time))", "would not wake up",
    "cannot wake", "could not wake", "not waking up", "not coming round", "not coming to", "gone blue",
    "turning blue", "turning grey", "lips are blue", "lips are purple", "going blue", "foaming at the mouth",
    "having a seizure", "had a seizure", r"(?:having|had) a fit(?! about| over| when| because| at)", "fitting on",
    "convulsing", "having a heart attack", "clutching his chest", "clutching her chest", "gone grey", "turned grey",
    r"choking(?! me| back| on (?:my|his|her|their) words)", "snoring noise", "bleeding from", "blood everywhere",
    "spurting", "pissing blood", "lot of blood", "so much blood", "bleeding heavily", "head is bleeding",
    "heads bleeding", "hanged", "hung himself", "hung herself", "been stabbed", "been shot",
    r"not moving(?! (?:out|in|on|house|back|forward|away|anywhere|over|up|jobs|money|things|from|off))",
    r"overdosed(?! on (?:drama|coffee|sugar|chocolate|caffeine|netflix|work|love))", "cannot breathe",
    "not making sense", "not making any sense", "face has dropped", "face is drooping", "slurring his words",
    "slurring her words", "throat is closing", "throats closing", "closing up", "swelling up", "lips are swelling",
    "asthma attack", "passing out", "passed out after", "cold and clammy", "clammy", "gone floppy", "all floppy",
    "floppy", "burnt himself", "burnt herself", "blistering", "can not see him", "cannot see him anymore",
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
                       "locked up", "locked away", "in a cabinet", "in a safe", "make me drowsy", "makes me drowsy",
                       "make me sleepy", "makes me sleepy", "make me tired", "makes me tired", "diy", "next door",
                       "have not seen him since", "have not seen her since", "last year",
                       "tickle", "wrestling", "play fight", "play fighting", "laughed", "loving way", "made up",
                       "cut myself on", "shaving", "mandoline", "as a joke", "joking",
                       "meds properly", "them properly", "it properly", "regularly", "reminds me", "every day",
                       "daily", "the one sleeping", "the one tablet", "one sleeping tablet", "might get drowsy",
                       "just one", "only one", "one tablet", "one pill", "for today", "i am good", "scrolling",
                       "in a mood", "sulking")
# an accident: ordinary for a door or a cut, never for what was swallowed (an accidental overdose is an emergency)
ACCIDENT = alt("by accident", "accidentally", "by mistake")
