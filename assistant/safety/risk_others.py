"""Frames for harming someone else: intent with and without the usual verbs, veiled threats, weapons kept for
someone, plans, fear of losing control, and violence the person did.
"""

from __future__ import annotations

from mend.assistant.safety.risk_frame import DEFINITE, UNSURE, Frame, frame
from mend.assistant.safety.risk_words import (
    ABSENT, BETTER, BLOW, BODY, CHILD, CONDITION, DID_TO, HARM_VERB, HIGH_PLACE, LIMB, ME, MEANS, NECK, NOT_ALIVE,
    OFTEN, OTHER, OUTCOME, REPORT, SELF_ACT, THEM, VEILED, WEAPON, WISH, gap,
)

FRAMES: list[Frame] = [
    # harm to others: intent with and without the usual verb, weapons, losing control, what was done
    frame("harm_others", DEFINITE, rf"i (?:really |just |honestly |seriously |actually |literally |so |could |"
                                    rf"swear i )?(?:want to|wanted to|am going to|going to|will|feel like|am gonna|"
                                    rf"gonna|am thinking about|am about to|plan to|am planning to|planning to|am "
                                    rf"ready to|would like to|would love to|need to|have decided i am going to|"
                                    rf"could|might|am going over there to|will make sure i) (?:(?!have |not |never )"
                                    rf"\S+ ){{0,4}}{HARM_VERB} {THEM}(?! (?:feelings|pride|ego|heart|chances|career|"
                                    rf"reputation|trust|confidence|up on|out of the|off the|at (?:chess|cards)|in "
                                    rf"(?:a|the) (?:game|quiz|race|debate)|for (?:a|the) (?:pizza|coffee|drink)|"
                                    rf"about|with (?:kindness|love|questions)|(?:a|an|some|something|flowers|to|"
                                    rf"home|tea|dinner|lunch|coffee)(?!\S)))"),
    frame("harm_others", DEFINITE, rf"i (?:\S+ )?(?:will|am going to|am gonna|would|want to|could) (?:\S+ )?(?:break|"
                                    rf"smash|snap|cave in|bash in|kick in|slit|cut) (?:his|her|their|my \S+|\S+s) "
                                    rf"(?:legs|neck|face|nose|jaw|arm|arms|head|skull|throat|teeth|knees)|(?:run|"
                                    rf"running) (?:him|her|them) (?:over|down)|(?:cut|cutting) (?:his|her|their) "
                                    rf"brake|set fire to (?:his|her|their)|(?:put|putting) something in (?:his|her|"
                                    rf"their) (?:drink|food|tea|coffee)|make it look like an accident|jump (?:him|"
                                    rf"her|them)|(?:make|making) (?:him|her|them|my \S+) (?:pay|suffer|bleed|"
                                    rf"disappear|sorry)(?! for (?:the|dinner|rent|his share|half|a))"),
    frame("harm_others", DEFINITE, rf"(?:he|she|they|him|her|them) {gap(3)}(?:will|is going to|are going to|is "
                                    rf"gonna|would better|had better|better|will not|is not going to|would not) "
                                    rf"{gap(2)}{VEILED}", also=rf"{WEAPON}|i know (?:where|what time|when)|i will "
                                    r"(?:make sure|be the one)|permanently|trust me|that is all i will say|i have "
                                    r"got something|i am going to make|for (?:him|her|them)|in (?:a|the) box"),
    frame("harm_others", UNSURE, rf"(?:he|she|they|{THEM}) {gap(2)}(?:will|is going to|are going to|is "
                                  rf"gonna|would better|had better|better|will not|is not going to) {gap(2)}(?:find "
                                  r"out|learn the hard way|not be laughing|not see it coming|not see me coming|not "
                                  r"walk away|not know what hit|end up in (?:a box|hospital|the ground|a wheelchair)|"
                                  r"watch (?:his|her|their) back|not be pretty|not see next \S+|be reading about|be "
                                  r"in the paper)|i know (?:where|what time|when) (?:he|she|they|my \S+) (?:lives|"
                                  r"live|works|work|parks|park|leaves|leave|jogs|goes|sleeps|is alone)|(?:got|has|"
                                  r"have) it coming|(?:teach|gonna teach|going to teach) (?:him|her|them) a lesson|"
                                  r"something (?:special )?planned for (?:him|her|them)|(?:watching|watched|been "
                                  r"watching) (?:his|her|their) (?:routine|house|flat)|know when (?:he|she|they) "
                                  r"(?:is|are) alone|(?:make sure|making sure) (?:he|she|they) never", negatable=False),
    frame("harm_others", DEFINITE, rf"{WEAPON} {gap(6)}(?:for (?:when i (?:see|find|catch|meet) |when |if )?(?:him|her|them|he|she|"
                                    r"they|his|their)(?! (?:birthday|christmas|kitchen|work|job))|(?:use|using) it on (?:him|"
                                    r"her|them)|on (?:him|her|them)|what it is for|(?:he|she|they) (?:tries|try)|so i "
                                    r"do not miss|under my pillow for|(?:his|her|their) (?:place|house|flat|garage|"
                                    r"car) is|to (?:his|her|their) (?:place|house|flat))|(?:range|practising|practicing) {gap(6)}(?:do not|not) miss when it (?:matters|counts)|(?:took|take|bring|brought|"
                                    rf"carry|carrying) (?:a|the|my) {WEAPON} (?:to|round to) (?:his|her|their)|"
                                    rf"(?:petrol|gasoline|lighter fluid) {gap(6)}(?:his|her|their) (?:house|garage|"
                                    r"car|flat|shed)|not the only one who can use it|when it matters|(?:mates|"
                                    r"friends) who will help me|(?:get|getting) into (?:his|her|their) (?:flat|house|"
                                    r"place) while"),
    frame("harm_others", DEFINITE, rf"(?:scared|afraid|worried|terrified|frightened) (?:that )?i (?:will|would|might|"
                                    rf"am going to|could|am gonna) (?:\S+ ){{0,3}}(?:hurt|hit|kill|strangle|shake|harm|"
                                    rf"lash out at|do something to|attack|punch|slap|stab|smack) {THEM}|"
                                    rf"(?:scared|afraid|worried|terrified|frightened) (?:of )?what i (?:might|will|"
                                    rf"would|could|am going to) do to {THEM}|(?:do not|cannot|can not) trust myself "
                                    rf"(?:around|with|near) {THEM}|(?:not|never) be able to stop myself (?:from )?"
                                    rf"(?:hitting|hurting|killing|attacking|punching|strangling|shaking)|(?:shaking|"
                                    rf"shook|choking|strangling|hitting|slapping|punching|squeezing) (?:him|her|them) "
                                    rf"and i (?:could not|cannot) stop|(?:scared|afraid|worried) (?:i will|i might|"
                                    rf"one day i will|i am going to) (?:\S+ )?(?:seriously )?(?:hurt|kill) someone|"
                                    rf"{WEAPON} in my hand (?:during|when|while)|(?:take|taking) (?:the|my) kids "
                                    rf"with me|(?:feel like|want to) (?:shaking|shake|hitting|hit) (?:the|my) "
                                    rf"{CHILD}", negatable=False),
    frame("harm_others", UNSURE, r"(?:scared|afraid|worried|frightened) (?:of )?what i (?:might|will|would|could) do|"
                                  r"(?:saw|see) red|(?:pulled|held|dragged) me (?:back|off) (?:him|her|them)?|black "
                                  r"out with rage|stop myself (?:from )?(?:hitting|hurting|attacking|punching)|i "
                                  r"(?:almost|nearly) (?:hit|punched|strangled|hurt|choked|slapped)",
           negatable=False),
    frame("harm_others", DEFINITE, rf"i (?:have |had |just |then |also |once |actually |really |even )?(?:{DID_TO}|"
                                    rf"threw (?:\S+ ){{0,3}}at) {THEM}(?! (?:up|out|back|off|away|aside|a |an |some |"
                                    rf"at (?:chess|cards|the)|in (?:the|a) (?:game|match|round|race|quiz|argument)|to "
                                    rf"(?:it|the)|over the|with (?:a|my) (?:question|list|comment)|feelings|pride))"),
    frame("harm_others", DEFINITE, rf"i (?:\S+ ){{0,2}}(?:hit|smacked|slapped|shook|shake|shaking|hurt|hurting|"
                                    rf"grabbed|locked|kicked|punched|pinned|starved|did not feed) (?:my|the|our) "
                                    rf"(?:\S+ )?{CHILD}"),


    frame("harm_others", DEFINITE, rf"(?:use|using|used) (?:it|them|that|this) on (?:him|her|them|my \S+)",
           also=WEAPON),
    frame("harm_others", DEFINITE, rf"(?:going to|will|gonna|planned|plan to|am going|i am) {gap(6)}"
                                    r"(?:sort|beat|do|mess|rough|f\S*|smash|batter|knock) (?:him|her|them) "
                                    r"(?:out|in|up)(?! (?:for (?:a|the|dinner|lunch)|to (?:the|a)))"),
    frame("harm_others", DEFINITE, r"wait for (?:him|her|them) (?:to come out|after (?:his|her|their) shift|"
                                    r"outside)", also=r"going to|will|gonna|planned|plan|i am"),
    frame("harm_others", UNSURE, r"(?:slash|slashed|slashing|key|keyed|smash|smashed) (?:his|her|their) "
                                  r"(?:tyres|tires|car|windows|windscreen)"),
]

FRAMES += [
    frame("harm_others", DEFINITE, rf"{WEAPON} {gap(8)}if i see (?:him|her|them)|ending it for both|got my hands on a "
                                   r"(?:piece|gun|strap|burner)|(?:petrol|gasoline|lighter fluid) (?:\S+ ){0,8}(?:his|"
                                   r"her|their) (?:new )?(?:house|garage|car|flat|shed|place|porch)|put (?:him|her|"
                                   r"them) through (?:the|a) (?:wall|window|door|floor)|(?:will not|would not|not) live "
                                   r"to see|(?:hands?|fingers) (?:round|around|on) (?:his|her|their) (?:neck|throat)|"
                                   r"eating through a straw|(?:be|end up) in (?:the )?hospital by|sleep with one eye "
                                   r"open|(?:torch|burn|set fire to) (?:his|her|their) (?:car|house|flat|place|stuff)"
                                   r"|with (?:him|her|them) in it|(?:will not|wont) be words this time|how close i came "
                                   r"to|(?:doing|do) something to (?:him|her|them) that i|stop me before i|picturing "
                                   r"(?:smashing|hurting|hitting|stabbing|killing|strangling)|threw (?:my|our|the) "
                                   r"(?:\S+ )?(?:son|daughter|child|kid|baby|boy|girl) (?:against|across|into)|put my "
                                   r"hands on (?:him|her|them)|(?:broke|broken|split|bloodied) (?:his|her|their) "
                                   r"(?:nose|jaw|arm|lip|rib|ribs|cheekbone)|(?:putting|put|hold|holding) a pillow "
                                   r"over|(?:taking|take) (?:him|her|them|the kids|everyone|the children) with me|"
                                   r"(?:take|taking) the kids (?:somewhere|away) (?:\S+ )?(?:she|he|they) (?:will|would) "
                                   r"never see", negatable=False),
    frame("harm_others", UNSURE, rf"{WEAPON} {gap(8)}(?:i (?:think|thinking) about it|think about using it)|i know "
                                 r"where (?:\S+ ){1,4}(?:keeps|keep) (?:his|her|the) |lucky i (?:did not|didnt) "
                                 r"(?:bury|kill|hurt|hit|punch)|getting a visit from me|learn what happens|know "
                                 r"(?:his|her|their) (?:schedule|routine)|alone at the (?:\S+ )?till late|going over "
                                 r"there (?:\S+ )?with (?:\S+ )?(?:mates|friends|lads|boys)|get even|letting myself "
                                 r"in (?:at night|while)|(?:will not|wont) laugh at me again", negatable=False),
]

# kinds found in a third, most indirect set of statements (veiled plans, arson, tampering, losing control)
FRAMES += [
    frame("harm_others", DEFINITE, rf"waiting for (?:him|her|them) with (?:the|a|my) {WEAPON}|(?:put|putting) a "
                                   r"(?:blade|knife|bullet) in (?:him|her|them)|(?:petrol|gasoline|lighter fluid) "
                                   r"(?:through|into|on|over) (?:his|her|their)|put (?:him|her|them) in (?:the "
                                   r"ground|a box)|(?:will not|wont) be walking away|(?:stamp|stomp|jump) on "
                                   r"(?:his|her|their) (?:head|face|chest)|(?:till|until) (?:he|she|they) (?:stops?|"
                                   r"stop) (?:moving|breathing)|(?:mess|messing|tamper|tampering) with (?:his|her|"
                                   r"their) (?:brakes|brake|car)|(?:go|goes|put|slip|slipped|add) (?:\S+ ){0,2}in "
                                   r"(?:his|her|their) (?:drink|food|tea|coffee)|do something i (?:cannot|can not|"
                                   r"could not) take back|(?:doing|do) something (?:stupid|bad|terrible) to "
                                   r"(?:someone|him|her|them)|(?:grabbed|squeezed|twisted) (?:her|his|their|my \S+) "
                                   r"(?:arm|wrist|neck) (?:so hard|hard|until|till)|had (?:him|her|them) pinned|"
                                   r"(?:choked|knocked|punched) (?:him|her|them) out|had (?:him|her|them) by the "
                                   r"(?:collar|throat|neck)", negatable=False),
    frame("harm_others", UNSURE, rf"(?:sort|get) me a (?:gun|piece|knife|strap|blade)|sharpened (?:the|my|a) "
                                 rf"{WEAPON}|thinking about the {WEAPON}|know (?:his|her|their) (?:shift pattern|"
                                 r"shifts|schedule|routine|route)|which way (?:he|she|they) walks?|(?:wait|waiting) "
                                 r"(?:till|until) (?:he|she|they) (?:is|are) asleep|know how it feels|(?:me and the "
                                 r"lads|me and my mates|the lads and me) (?:are )?(?:going|heading) (?:down|round|"
                                 r"over)|(?:nearly|almost) went for (?:him|her|them)|(?:could not|cannot) stop myself|"
                                 r"red mist|(?:do not|dont) remember the next|(?:do not|dont) know what i (?:will|"
                                 r"would|might) do|bruise (?:\S+ ){0,5}after i lost my temper", negatable=False),
    frame("harm_others", UNSURE, r"(?:i am|i will|i am going to|i am gonna|gonna|going to) (?:break|breaking|smash|"
                                 r"smashing|bust|busting|cave in|caving in) (?:his|her|their) (?:jaw|face|nose|teeth|"
                                 r"legs|neck|skull|head|ribs)|(?:afraid|scared|worried|frightened) (?:\S+ ){0,4}i (?:will|"
                                 r"might|could|would) (?:really )?do something to (?:him|her|them)"),
]
