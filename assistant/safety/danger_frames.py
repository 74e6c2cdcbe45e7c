"""The frames of `danger_now`: patterns over the word groups of `danger_words` for danger happening now.

Each name says what it reads; `danger_now` decides which need a sign beside them (an amount beside a medicine, a
"now" beside a blow) and in which order they are read.
"""

from __future__ import annotations

from mend.assistant.safety.danger_words import (
    ABOUT_TO, ACCIDENT, AMOUNT, AMOUNT_AFTER, ARMS, BLEEDING, COLLAPSE, CUT, DRUG, HERE_NOW, HIGH, NOT_AN_EMERGENCY,
    POISON, RECENT, SWALLOW, SWALLOWING, SYMPTOM, WORKING,
)
from mend.assistant.safety.risk_frame import rx
from mend.assistant.safety.risk_words import MEANS, OTHER, RELATION, WEAPON, gap

BIG = r"(?:[5-9]|[1-9]\d+)(?! (?:mg|milligrams|ml|mil|minutes|hours|days|weeks|years|times))"
HOW_MUCH = rx(AMOUNT.replace(r"\d+", BIG))
SWALLOWED = rx(rf"{SWALLOW} (?:(?!and the |but |because |so (?:i|he|she|we|they) |then (?:i|he|she|we) )\S+ ){{0,8}}(?:{DRUG}|{POISON})|injected "
                rf"(?:everything|it all|all of it|the lot)|(?:took|taken|had|swallowed) (?:the )?(?:whole )?lot|"
                rf"(?:took|taken|had|swallowed) everything in the (?:\S+ )?(?:cabinet|cupboard|drawer|box)|"
                rf"(?:{POISON}) (?:\S+ ){{0,8}}(?:ate|drank|swallowed|had|downed) (?:some|it|a bit|half|the lot)|"
                rf"i (?:have |just |think i |think i have )*(?:took|taken|had|swallowed) (?:way )?too many"
                rf"(?! (?!{DRUG}(?!\S))\S+s(?!\S))|"
                rf"(?:took|taken|swallowed|downed) (?:the|a) whole (?:bottle|packet|box|pack|strip|tub|jar)"
                rf"(?! of (?:wine|vodka|whisky|whiskey|beer|water|juice|gin|rum|cider))")
# an amount of a medicine said without the verb ("half a bottle of whisky and then all the quetiapine")
AMOUNT_OF_DRUG = rx(rf"(?:a load|loads|a bunch|a handful|all|most|half|the rest|a heap|heaps) (?:of )?(?:the |my |his |"
                    rf"her |\S+s )?(?:\S+ )?{DRUG}")
# what makes a swallowed medicine an overdose, said with it: how lately, the body giving way, wanting it to end
OVERDOSE_SIGN = rx(rf"{RECENT}|{SYMPTOM}|{AMOUNT_AFTER}|want it (?:all )?(?:to be )?over|want (?:it all )?to stop|"
                    rf"want to die|talk me out of it|too late|together|on top|"
                    rf"not mine|is not mine|(?:he|she|they) does not know|before i (?:fall asleep|go)|goodbye")
POISONED = rx(POISON)
BODY = r"(?:myself|my (?:wrists?|arms?|legs?|thighs?|stomach|throat|neck|skin|body|chest|hips?)(?: up)?|really " \
        r"deep|deep|too deep|pretty bad)"
CUT_SELF = rx(rf"i (?:have |just |have just )?{CUT} {BODY}|i (?:have )?(?:went|gone|cut) (?:too|way|really) deep|"
               rf"i (?:have |had |just |been |am )*(?:cut|cutting)(?! (?:him|her|them|it|off|out|up|back|down|in|the|a|"
               rf"my (?:finger|thumb|hand|losses|hair|nails)|ties|corners)(?!\S))|(?:razor|blade|knife) (?:\S+ ){{0,5}}"
               rf"(?:lot of |so much )?blood")
WOUND_SIGN = rx(rf"{BLEEDING}|{SYMPTOM}|deep|badly|pretty bad|really bad|to the bone")
HIGH_UP = rx(rf"(?:i am|im) (?:\S+ ){{0,3}}(?:on|at|in|up|over|by|under) (?:the )?(?:top of (?:the )?|edge of "
              rf"(?:the )?|end of (?:the )?|middle of (?:the )?)?(?:\S+ )?{HIGH}|(?:stepping|jumping) off (?:this|the) "
              rf"(?:\S+ )?{HIGH}")
ABOUT_TO_ACT = rx(ABOUT_TO)
SELF_NOW = [
    *(rx(pattern) for pattern in WORKING),
    rx(r"(?:cannot|can not|could not|will not|would not) stop (?:the |it |it from )?bleeding"),
    rx(r"(?:slit|slashed) (?:my wrists?|my throat)"),
    rx(r"i (?:have |think i |think i have |just |have just |already )*(?:od|o d|oded|odd|overdosed|taken an overdose|"
       r"took an overdose|had an overdose)(?! (?:years|when|as a|in the past|once|twice|before|a few|last|on (?:drama|"
       r"coffee|sugar|chocolate|caffeine|netflix|work|love|tv|carbs)))"),
    rx(rf"(?:i am )?(?:\S+ )?(?:going to|gonna|about to|will) (?:kill myself|jump|end my life|take the pills|"
       rf"take them all|take all of them) (?:right now|now|tonight|in a minute|after this|after we (?:stop talking|"
       rf"finish)|when you stop)"),
    rx(rf"i am (?:\S+ )?{SWALLOWING} (?:\S+ ){{0,3}}(?:{DRUG}|{POISON}|them|it all) (?:\S+ )?(?:right )?now"),
    rx(r"bleeding (?:is |s )?(?:really |so |very )?heavy|(?:soaked|soaking) (?:right )?through"),
    rx(rf"(?:been |am |i am )(?:sniffing|huffing|snorting) (?:\S+ ){{0,3}}(?:{POISON}|gas|cans)"),
    rx(r"(?:crushed|crushed up) (?:\S+ ){0,3}(?:pills|tablets) and (?:snorted|swallowed|drank)"),
    rx(rf"(?:knife|blade|razor|gun|rope|noose|cable|cord) (?:\S+ ){{0,4}}(?:i am|im) (?:doing|going to do) it "
       rf"(?:tonight|now|right now|in the next)"),
]
# "I'm putting it on after we stop talking": only with a bag or a ligature named beside it
PUTTING_IT_ON = rx(r"putting it on(?! (?:the|a|hold|my|our)(?!\S))")
# a self-harm concern the rules found, and that it is being done now ("I'm doing it tonight")
SELF_INTENT_NOW = rx(r"(?:going to|gonna|about to|will) (?:do it|end it|end it all|go through with it) (?:right now|"
                      r"now|in a minute|in the next few minutes|in the next|after this|after this call|after we "
                      r"(?:stop talking|finish)|when you stop)|i am (?:doing|ending) it (?:right )?now|i am in the "
                      r"middle of it|about to do it|doing it tonight")
# a means at hand beside "I'm about to do it": then it needs no concern found first
MEANS_AT_HAND = rx(rf"{MEANS}|loaded|tied|belt|cord|cable|in my lap|in my hand|laid out|ready")
BAG = rx(r"plastic bag|bag|rope|noose|belt|cord")
# said right after the crisis lines, when the danger was already named: "too late", "they're already in me"
AFTER_CRISIS = [rx(p) for p in (
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
    r"(?:will not|would not|cannot|can not) (?:get here|make it|be here) in time|(?:too|a bit|bit) late for "
    r"(?:numbers|that|help|this)",
    r"already did something|did something (?:stupid|bad|really stupid)|in my system|already (?:working|in the water|"
    r"on)|(?:it is|its) happening|can feel it (?:working|happening|kicking)|already hurt myself|hurt myself "
    r"(?:pretty |really )?(?:bad|badly)|(?:rope|noose|cord|belt|bag) (?:is )?on now|gas is (?:already )?on|"
    r"too (?:dizzy|drowsy|weak|faint) to|(?:pills|tablets) are (?:already )?working",
)]
# after the crisis lines for abuse: the person who hurt them is here ("he's back", "he's outside")
PRESENT = rx(rf"(?:he|she|they|{OTHER}) (?:is|are) (?:back|here|outside|at the door|in the house|downstairs|upstairs|"
              rf"coming|on (?:his|her|their) way)|(?:he|she|they|{OTHER}) (?:has|have|has got|got|is got|is holding) "
              rf"(?:a|the|his|her) (?:\S+ )?(?:{WEAPON}|{ARMS})")
WHO = rf"(?:he|she|they|him|her|them|{RELATION}s?|mum|mom|dad|mums|dads|nan|nans|baby|babys|child|kid|toddler|someone)"
# after the crisis lines: an act just done to someone ("I stabbed him") is an emergency for them
DONE_TO_SOMEONE = rx(rf"i (?:have |just |have just |think i )*(?:stabbed|shot|strangled|choked|poisoned|ran over|run "
                      rf"over|hurt|beat|pushed|hit|smothered) (?:him|her|them|my {RELATION})")
COLLAPSED = rx(rf"{WHO}(?: \S+){{0,8}} {COLLAPSE}")
OTHER_HARMED = rx(rf"{WHO} (?:has |have |just |has just |got into \S+ \S+ and )*(?:swallowed|overdosed on|taken|"
                   rf"drunk|drank|ate|eaten) {gap(3)}(?:{AMOUNT})|{WHO} (?:has )?(?:jumped|fallen|fell) (?:in|into|off) "
                   rf"(?:the )?(?:river|sea|lake|water|canal|bridge)")
OTHER_FELL = rx(rf"{WHO} (?:\S+ ){{0,3}}(?:fell|fallen|hit (?:his|her|their) head|collapsed|went down)(?: \S+){{0,10}} "
                 rf"(?:not responding|not making (?:any )?sense|will not wake|not answering|unconscious|confused|not "
                 rf"talking|not moving)")
OTHER_CUT = rx(rf"{WHO} (?:has |is |just |has just )*(?:cut|slashed|stabbed|sliced) (?:herself|himself|themselves|"
                rf"themself|(?:his|her|their) (?:wrists?|arms?|legs?|throat|neck))")
OTHER_HIGH = rx(rf"{WHO} (?:is |s )?(?:standing|sitting|stood|sat|up|climbing) (?:on|at|over) (?:the )?(?:\S+ )?{HIGH}")
ARMED = rx(rf"{OTHER} (?:is |s )?(?:\S+ ){{0,6}}(?:has|got|have got|has got|holding|with|bringing|carrying|"
            rf"pointing|loading|threatened me with|threatening me with|waving) (?:a|the|his|her|their|my)? ?(?:\S+ )?"
            rf"(?:{WEAPON}|{ARMS})")
ARSON = rx(rf"{OTHER} (?:is |are |has |just |has just )?(?:\S+ )?(?:pouring|spreading|splashing|throwing|poured|"
             rf"spread|splashed|doused) (?:\S+ )?(?:petrol|gasoline|gas|lighter fluid|fuel|paraffin)")
# a blow that broke something, while the one who did it is still near
INJURED = rx(rf"{OTHER} (?:has |is |just |has just |already |has already |think (?:he|she) |is already )*(?:broken|"
              rf"broke|fractured|dislocated) my \S+")
# injuries that need emergency care now, beside a blow the rules found ("he pushed me down the stairs, I'm bleeding")
HURT_NOW = rx(rf"{BLEEDING}|i am hurt|badly hurt|hurt badly|(?:cannot|can not) (?:move|breathe|stand|walk|see)|"
               rf"broken|passed out|knocked out|blacked out")
# venting, not intent: "I could kill her right now"
VENTING = rx(r"i could (?:\S+ )?(?:kill|strangle|murder|throttle|slap|punch|shake)")
ARMED_AND_MEANT = rx(rf"{HERE_NOW}|stab|kill|shoot|hurt|says|said|threaten|threatens|threatened|threatening|swore|"
                      rf"throat|neck|to my|at me|waiting|yelling|screaming")
INTRUDER = rf"(?:{OTHER}|him|her|them|someone|somebody|someones|somebodys)"
FORCE = rx(rf"{INTRUDER} (?:is |are |s )?(?:\S+ ){{0,3}}(?:breaking|kicking|banging|smashing|pounding|hammering|"
            rf"punching|ramming|forcing|trying to break|trying to kick|booting) (?:\S+ ){{0,3}}(?:door|doors|window|"
            rf"windows|lock|gate|windscreen|windshield)|(?:ramming|forcing|shouldering) (?:it|the door)|{INTRUDER} "
            rf"(?:is |are |has |s )?"
            rf"(?:\S+ ){{0,2}}(?:trying to get in|climbing over|climbing in|breaking in|kicking in the|broken in|"
            rf"broke in|trying (?:the|all the) (?:windows?|doors?|handles?))")
FORCED_PAST = rx(rf"{INTRUDER} (?:has |just |has just )?(?:smashed|broke|broken|kicked in|forced) (?:\S+ )?(?:door|"
                  rf"window|windows|lock)")
RAMPAGE = rx(r"(?:smashing|breaking|wrecking|trashing|throwing) (?:everything|the place|the house|things|stuff|"
              r"the flat|it all|my car|the car)|(?:strangling|hitting|kicking|killing|hurting) (?:the|my) (?:dog|cat)")
RAMPAGE_AIMED = rx(r"i am next|kill|hurt|scared|terrified|coming for me|at me|after me|knows i am|in here|"
                    r"screaming|yelling")
HITTING = rx(rf"{OTHER} (?:(?:is|are|keeps|keep|is still|has been) (?:\S+ ){{0,2}})?(?:hitting|hurting|choking|strangling|beating|attacking|kicking|"
              rf"punching|stabbing|dragging|throttling|smothering|slapping) (?:me|us|my \S+|the kids|the baby|him|her|them)")
BREACH = rx(r"not (?:even )?allowed (?:anywhere )?near (?:me|us|the house)|restraining order|(?:protection|"
             r"non molestation|no contact|protective) order|bail conditions")
HIDING = rx(r"(?:i am|im) hiding (?:in|under|at|behind|from (?:him|her|them))")
SOUGHT = rx(r"(?:he|she|they) (?:is|are) (?:\S+ )?(?:looking for me|knocking|searching|outside|banging|at the door|"
             r"trying to get in|walking up and down|walking around|prowling|circling)|(?:he|she|they) knows? "
             r"(?:i am here|where i am)")
# someone who knows where the person is, and a sign they are coming now ("he said tonight's the night")
FOUND = rx(r"(?:he|she|they) knows? (?:i am here|where i am|where i live)")
HELD = rx(rf"(?:hands|hand) (?:round|around|on) my (?:throat|neck)|{OTHER} (?:is |are )?pinning me|{OTHER} "
           r"(?:has |is |just |has just )?(?:locked|trapped|tied) me (?:in|inside|out|up|to)|will not let me (?:leave|"
           rf"out|in|call)|not leaving here alive|{OTHER} (?:is |are )?following me(?! on | online| around| round| about)|"
           rf"right behind me|(?:got|has|have) me pinned|(?:he|she|they) (?:is|are|s) (?:after me|chasing me)|"
           rf"(?:holding|held|pushing|pushed) my head under|trying to (?:grab|take|snatch) (?:me|my \S+|the kids|the baby)|"
           rf"(?:reversing|driving|coming) (?:back )?(?:towards|at) me|i am (?:locked|trapped|shut) in (?:the |a |my )?"
           rf"\S+(?: \S+){{0,4}} (?:he|she|they) (?:took|has|locked|is)|"
           rf"{OTHER} (?:is |are )?coming at me(?! with (?:accusations|questions|criticism|that|this|it|all|his|her))")
THREAT = rx(rf"{OTHER} (?:\S+ ){{0,3}}(?:said|says|saying|swore|threatened|threatening|warned|texted|will|would|"
             rf"is going to|gonna)(?: \S+){{0,6}} (?:(?:kill|stab|shoot|burn|finish|hurt|strangle|beat|get|crash|smash|"
             rf"batter|kick) (?:me|us|the house|the car|my (?:face|head|legs|teeth|jaw|neck))|do me in|do to me|do it properly|make me "
             rf"(?:take|drink|swallow)|finish what (?:he|she|they) started)|(?:coming|on (?:his|her|"
             rf"their) way)(?: \S+){{0,3}} (?:to|and) (?:finish|kill|hurt|get|sort) (?:it|me|us|what)")
# a threat being made as the person speaks ("he's saying he'll crash us both"): now without another sign
THREAT_NOW = rx(rf"{OTHER} (?:is|are) (?:\S+ )?(?:saying|threatening|screaming|shouting|yelling)(?: \S+){{0,6}} "
                 rf"(?:kill|stab|shoot|burn|hurt|strangle|crash|drive (?:us|me) off|finish) (?:me|us|the car|both)")
ABUSE_NOW = rx(HERE_NOW)
HARM_OTHERS_NOW = rx(rf"(?:tonight|in a minute|right now|waiting for (?:him|her|them)|standing over|when (?:he|she|they) "
                      rf"(?:gets?|comes?) (?:home|back|in|out)|home soon|i am gonna do it|i am going to do it|"
                      rf"oh god|what have i done|ambulance|{BLEEDING}|{COLLAPSE})")
ABOUT_TO_HARM = [rx(p) for p in (
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
    r"(?:put|putting|hold|holding) (?:a|the) pillow over (?:his|her|their) face",
    rf"i am (?:stabbing|shooting|killing|strangling) (?:him|her|them)(?: \S+){{0,8}} (?:{WEAPON}|ready)|"
    rf"(?:{WEAPON}) ready",
    rf"outside (?:his|her|their) (?:house|flat|place|work|door) (?:\S+ ){{0,3}}with (?:a |the |some )?(?:\S+ )?"
    rf"(?:{WEAPON}|petrol|lighter|matches)",
)]
# "I'm going to go round there and stab him": an intent to harm with a sign it is now
GOING_TO_HARM = rx(r"(?:going to|gonna|about to) (?:\S+ ){0,6}(?:(?:stab|shoot|kill|strangle|hurt) (?:him|her|them|"
                    r"my \S+)|run (?:him|her|them|my \S+) over)")
HARM_SIGN = rx(rf"right now|tonight|in my bag|in my hand|in my pocket|loaded|waiting|outside (?:his|her|their) "
                rf"(?:house|place|flat|work)|engine|standing by|{WEAPON}")
ORDINARY = rx(NOT_AN_EMERGENCY)
ACCIDENT_SAID = rx(ACCIDENT)
