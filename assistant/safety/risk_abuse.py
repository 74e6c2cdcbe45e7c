"""Frames for being harmed, threatened or controlled by someone, after the Danger Assessment's items: blows,
strangulation, sexual coercion, restraint, weapons, thrown and broken things, money and movement controlled,
monitoring, isolation, threats reported, fear of a person, stalking, children harmed.
"""

from __future__ import annotations

from mend.assistant.safety.risk_frame import DEFINITE, UNSURE, Frame, frame
from mend.assistant.safety.risk_words import (
    ABSENT, BETTER, BLOW, BODY, CHILD, CONDITION, DID_TO, HARM_VERB, HIGH_PLACE, LIMB, ME, MEANS, NECK, NOT_ALIVE,
    OFTEN, OTHER, OUTCOME, RELATION, REPORT, SELF_ACT, THEM, VEILED, WEAPON, WISH, gap,
)

FRAMES: list[Frame] = [
    # abuse: someone + a blow or grip + me; body parts; passive (Danger Assessment items)
    frame("abuse", DEFINITE, rf"{OTHER} {OFTEN}{BLOW} {ME}(?! (?:away|aside|up on|off|out|at |in chess|to it|to "
                              r"the punch|back|(?:a|an|some) (?:coffee|drink|tea|beer|present|gift|card|snack|sandwich|seat|ticket|plate|glass|lift|ride|hug|look|favour|favor|text|message|line|copy)|for |harder|to do|to be|into (?:doing|taking|agreeing|"
                              r"it|going)|around|along|to the (?:party|shops|wedding)|under|with (?:a|the|his|her) "
                              r"(?:question|list|news|bill|story|request)|in (?:a|the|his|her) (?:message|text|"
                              r"email|meeting|game)|out of the|when i (?:was|am) (?:winning|playing)|at (?:chess|"
                              r"cards|the)))"),
    frame("abuse", DEFINITE, rf"{OTHER} {OFTEN}(?:{BLOW}|pulled|yanked|smashed|slammed|squeezed) (?:my|both my) "
                              rf"{BODY}(?! (?:into doing|to do|playing|for fun|leg))"),
    frame("abuse", DEFINITE, rf"(?:grabbed|dragged|pulled|held|yanked|lifted|picked) me (?:up )?(?:by|from) (?:my|the) "
                              rf"(?:hair|throat|neck|arm|arms|wrist|wrists|collar)|(?:hands?|arms?|fingers|knee) "
                              rf"(?:round|around|on|at|across) my {NECK}|(?:squeezed|squeezing|squeezes|gripped) "
                              rf"(?:my )?{NECK}|(?:marks|bruises|bruising|a bruise|finger marks) (?:on|all over|"
                              rf"round|around) my {BODY}(?:{gap(3)}(?:from|where|because) (?:he|she|they|him|her))?"),
    frame("abuse", DEFINITE, rf"(?:slammed|shoved|pushed|threw|pinned|smashed|thrown|pushes|shoves) me "
                              rf"(?:up )?(?:against|into|onto|down|on|to) (?:the|a) (?:wall|door|floor|ground|bed|"
                              rf"car|table|fridge|counter|stairs|sofa|window|cupboard)|(?:pushed|shoved|threw|kicked) "
                              rf"me (?:down|out of|across)"),
    frame("abuse", DEFINITE, rf"(?:i was|i got|i have been|i have got|been|getting|get|gets|was) (?:\S+ )?(?:hit|"
                              rf"punched|slapped|kicked|choked|strangled|raped|beaten|beaten up|attacked|assaulted|"
                              rf"shoved|pushed|grabbed|strangled|battered|pinned|locked in|molested|stabbed) by "
                              rf"{OTHER}"),
    frame("abuse", DEFINITE, r"(?:could not|could not|cannot|can not) breathe", also=r"choked|choking|strangled|"
                              r"strangling|(?:hands?|arm) (?:round|around|on) my (?:neck|throat)|pillow|pressed|"
                              r"squeezed|held me"),
    # sexual coercion and image-based abuse
    frame("abuse", DEFINITE, r"(?:made|makes|forced|forces|forcing|pressured|pressures|pressuring|guilted|coerced|"
                              r"pushed|push|pushes) me (?:into )?(?:to )?(?:have sex|having sex|do (?:sexual )?(?:things|"
                              r"stuff) i|sleep with|sleeping with|into (?:sex|bed|sleeping)|do things i (?:did not|do "
                              r"not)|have (?:a )?(?:threesome|sex with))|(?:forces|forced|forcing) (?:himself|"
                              r"herself|themselves) (?:on|onto) me|(?:rape|raped|raping|rapes|sexually (?:assaulted|"
                              r"abused|assault|abuse|abuses)|molested|molests)|i said no and (?:he|she|they) "
                              r"(?:kept going|did it anyway|carried on|kept|went ahead|did not stop)|(?:would not|"
                              r"will not|did not|does not|never) (?:take no|stop|listen)(?: for an answer)? "
                              r"(?:when|even when|even though|after|in bed|in the bedroom|about sex)|take no for an "
                              r"answer (?:in bed|in the bedroom|about sex)|(?:touched|touches|touching) me (?:when|after|even though|"
                              r"while) i (?:said no|did not|was asleep|asked)|(?:sex|things) i (?:did not|do not) "
                              r"(?:want|agree)|without my consent|(?:when|while) i am asleep",
           negatable=False),
    frame("abuse", DEFINITE, r"(?:threatens|threatened|threatening) to (?:send|share|post|show|leak|put)"),
    frame("abuse", UNSURE, r"(?:films|filmed|filming|records|recorded|recording|photographs) me (?:without|when i|"
                            r"while i|in)"),
    # restraint, weapons, thrown and broken things
    frame("abuse", DEFINITE, r"(?:pinned|pins|held|holds|holding|hold|kept|keeps) me (?:down|against|up against|to "
                              r"the|there|in (?:the|a|his|her) (?:room|house|car|bedroom))|(?:would not|will not|did "
                              r"not|does not|never) let me (?:up|out|leave|go|get up|get out|get past|move|breathe|sleep|"
                              r"out of)(?! (?:early|before|until (?:the|five|six|seven|eight|nine|ten|\\S+ o)|on the|use|have the|of the (?:meeting|call|deal)))|"
                              r"(?:locked|locks|locking) me (?:in|out)|(?:stood|stands|standing|blocked|blocks|"
                              r"blocking) (?:in )?(?:the )?(?:doorway|door|exit|way out|my way)(?! (?:for a|to say))|"
                              r"tied (?:my hands|me up|me to|my wrists)|(?:took|takes|hid|hides|hiding|keeps) my "
                              r"(?:car keys|keys|passport|phone|id|documents|papers)(?: \S+){0,8} so i (?:cannot|"
                              r"could not|can not|do not)|locked (?:the|all the) doors so i", negatable=False),
    frame("abuse", DEFINITE, rf"(?:held|pointed|waved|pulled|brandished|picked up|grabbed|showed|held up|put) "
                              rf"(?:a|his|her|the|their|a kitchen|my) (?:\S+ )?{WEAPON} (?:at|to|on|against|in front "
                              rf"of|toward|towards|near|under) (?:me|my)|{WEAPON} {gap(6)}(?:reminds me|reminded me|"
                              rf"in front of me|at me|to my|on me|try (?:walking|leaving))|(?:cleaned|cleaning|"
                              rf"loaded|loading|sharpened|sharpening) (?:his|her|their) {WEAPON} (?:in front of|"
                              rf"while|staring|looking)|(?:he|she|they) (?:has|have|keeps|got|owns) (?:a|his|her) "
                              rf"{WEAPON} {gap(4)}(?:use it on me|said|says|threatened|reminds)"),
    frame("abuse", DEFINITE, r"(?:threw|throws|hurled|chucked|flung|throwing|lobbed|throw) " + gap(5) +
                              r"at (?:me|my (?:head|face|body)|my \S+ (?:head|face))(?! (?:in a|to catch))|"
                              r"(?:smashed|destroyed|stamped on|tore up|ripped up|snapped|cracked|threw away|broke) "
                              r"my (?:phone|passport|glasses|laptop|sim|id|bank card)(?! (?:screen by accident|by "
                              r"accident|charger))|(?:punched|kicked|hit|smashed|put (?:his|her|their|a) fist "
                              r"through) (?:the|a) (?:wall|door|window|windscreen|mirror|table) " + gap(4) +
                              r"(?:next to|beside|by|near|inches from|right by|behind|above) (?:my|me)|kicked "
                              r"(?:the|a|my) door (?:in|down)|(?:next one|next time) (?:is|it is|it will be|will be"
                              r"|is going to be)? ?(?:for me|worse|my face|me)|next ones (?:for me|worse)", negatable=False),
    # control, monitoring, isolation
    frame("abuse", DEFINITE, r"(?:takes|took|controls|control|keeps|has) (?:all )?(?:of )?my (?:money|wages|pay|"
                              r"paycheck|salary|cards|bank card|benefits|earnings)|(?:controls|controlling) (?:all )?"
                              r"(?:the|our) (?:money|finances|accounts)|(?:am not|i am not|never|not) allowed (?:to "
                              r")?(?:have|go|see|leave|work|out|my own|talk|use|drive|wear|spend|buy|call|eat)|"
                              r"(?:have to|must|got to) ask (?:him|her|them)? ?(?:for )?(?:permission|money)|(?:ask|"
                              r"asking) permission to (?:leave|go|see|spend|eat)|(?:decides|decide|chooses|controls) "
                              r"(?:what|who|where|when) i (?:wear|eat|see|go|talk|spend)|(?:punished|punishes|"
                              r"punish me) (?:if|when) i|(?:cut|cuts|cutting|has cut|isolated|isolates) me off "
                              r"(?:from|off)|(?:chased|scared|driven|drove|driving) (?:off|away) (?:all )?my "
                              r"(?:friends|family)|so i (?:cannot|can not|could not|do not) (?:see|visit|have|call|"
                              r"go anywhere|talk to) (?:my|anyone|anywhere|friends|family)|(?:there will|there "
                              r"would) be consequences|i am (?:stuck|trapped) at home|(?:put|installed|hid|placed|"
                              r"found) (?:a|an)? ?(?:tracker|tracking \S+|gps|spyware|camera|cameras|app) (?:on|in) "
                              r"(?:my|the|our)(?: \S+){0,6} (?:watch|see|track|follow|listen)|(?:put|installed|"
                              r"hid) (?:a )?(?:tracker|spyware|gps)|(?:makes|made|forces|forced) me (?:share|send|"
                              r"give) (?:him |her |them )?(?:my )?(?:location|photos|pictures|passwords|proof)|"
                              r"demands (?:photos|pictures|proof|to know where)|(?:he|she|they) (?:will not|does "
                              r"not|never) let me (?:see|go|have|talk|work|get|call|visit|spend|drive|wear)",
           negatable=False),
    frame("abuse", UNSURE, rf"{OTHER} {OFTEN}(?:checks|checked|checking|goes through|went through|going through|reads|"
                            r"read|reading|monitors|monitoring|tracks|tracking|tracked) (?:all )?my (?:phone|messages|"
                            r"texts|emails|location|whatsapp|dms|bank|spending|browser|history|accounts|car|every "
                            r"move)|has all my passwords|(?:an )?allowance|(?:took|takes) my phone (?:off|from|away)|"
                            r"made me (?:quit|give up|leave) my (?:job|friends|studies|course)|walk(?:ing)? on "
                            r"eggshells|tiptoe(?:ing)? (?:around|on)"),
    # threats someone made, fear of someone, stalking
    frame("abuse", DEFINITE, rf"{OTHER} {gap(2)}{REPORT} {gap(8)}{OUTCOME}"),
    frame("abuse", DEFINITE, rf"{OUTCOME} {gap(3)}{CONDITION}|{CONDITION} {gap(6)}(?:he|she|they) (?:will|would|"
                              rf"is going to|is gonna) {gap(2)}{OUTCOME}"),
    frame("abuse", DEFINITE, rf"{OTHER} {OFTEN}(?:threatened|threatens|threatening|threaten) (?:me|to)"
                              r"(?! (?:leave|break up|end it|move out|quit|go|tell|divorce|cancel|report|call|walk "
                              r"out|stop|kick me out|take (?:the|my) (?:car|tv)|sell|unfriend|block))"),
    frame("abuse", DEFINITE, r"if (?:he|she|they) (?:cannot|can not|could not) have me|(?:kill|hurt) (?:anyone|"
                              r"anybody|any man|any woman|any guy) i (?:date|see|talk to|go out with|look at)|"
                              r"(?:fear|afraid|scared|terrified) for my (?:life|safety)|(?:i )?(?:honestly |really |"
                              r"actually )?think (?:he|she|they) (?:could|would|might|will) (?:kill|hurt|seriously "
                              r"hurt) me|(?:afraid|scared|terrified|frightened|worried) (?:that )?(?:he|she|they) "
                              rf"(?:will|would|might|could|is going to|may) (?:really |actually |seriously |one day )?"
                              r"(?:hurt|kill|hit|attack|beat|harm|strangle|choke) me|(?:scared|afraid|terrified|"
                              r"frightened|worried) (?:of )?what (?:he|she|they|my \S+) (?:will|would|might|could|is "
                              r"going to|are going to|may) do to me|(?:he|she|they|my \S+) (?:scares|frightens|"
                              r"terrifies) me(?! (?:with|into|half|to death))|(?:he|she|they) (?:is|was|gets|got|"
                              r"has been|can be|becomes|became|turns) (?:really |so |more )?(?:violent|rough|"
                              r"rougher|dangerous)|the violence|(?:hitting|beating|violent to|violent with|violent "
                              r"towards) me|getting (?:more )?(?:violent|dangerous|rougher)|more (?:violent|"
                              r"dangerous) (?:since|lately|now|with me)|(?:giving|gave|gives) me (?:black eyes|a "
                              r"black eye|bruises)", negatable=False),
    frame("abuse", DEFINITE, r"(?:dread|dreading|dreaded|scared of|afraid of|terrified of|frightened of|panic|"
                              r"freeze|freezes|flinch|flinches|tense up|start shaking|shaking) " + gap(3) +
                              r"(?:him|her|them|he|she|they|my \S+)? ?(?:coming home|gets home|getting home|come "
                              r"home|comes home|walks in|key in the (?:door|lock)|car in the drive|footsteps|drinking|"
                              r"when (?:he|she|they) (?:is|are|gets|get) (?:drunk|angry|home))|(?:his|her|their) key "
                              r"in the (?:door|lock)|(?:sleep|sleeping|slept) (?:with|in) (?:my shoes on|a knife|"
                              r"the door locked|a chair against|my clothes on)|in case i (?:need|have) to (?:run|"
                              r"get out|escape|leave quickly|get away)|(?:packed|pack|keep) a (?:go )?bag (?:in case|"
                              r"just in case|hidden|by the door)", negatable=False),
    frame("abuse", UNSURE, r"(?:my \S+|him|her|them|someone|a person|the person) (?:who|that|whom) (?:i am|i was|i get|"
                            r"i feel|i have been|i always feel) (?:so |really |a bit |quite |very |always )?(?:scared|"
                            r"afraid|terrified|frightened) (?:of|by)", negatable=False),
    frame("abuse", UNSURE, r"(?:scared|afraid|terrified|frightened|worried) (?:of )?what (?:he|she|they|my \S+) "
                            r"(?:will|would|might|could|is going to|are going to|may) do|(?:hide|hiding|hid) from "
                            r"(?:him|her|them)|(?:he|she|they|my \S+) (?:is|are|was) (?:so |really )?"
                            r"(?:scary|frightening|terrifying)|(?:afraid|scared|terrified) to (?:tell|leave|say no)",
           negatable=False),
    frame("abuse", DEFINITE, r"(?:follows|followed|following|keeps following|has been following|been following) "
                              r"me (?:home|around|everywhere|to work|to my|from)|(?:turning|turns|turned|showing|"
                              r"shows|showed|keeps turning|keeps showing|keeps coming|came|comes) (?:up )?(?:at|"
                              r"outside|round|to) my (?:new )?(?:work|house|home|flat|place|door|job|school|gym|"
                              r"office)|(?:sitting|waiting|parked|parks|sits|waits|waited|sat|parking|hanging "
                              r"around) outside my (?:house|flat|home|work|place|door|office)|(?:new|fake|different|"
                              r"other) (?:accounts|numbers|profiles) to (?:message|contact|follow|text|reach|find) "
                              r"me|(?:after|even after|since|though|when) i (?:blocked|block|changed my number)|"
                              r"(?:rings|calls|texts|messages|rang|called|texted) (?:me|my phone) (?:\S+ )?(?:fifty|"
                              r"hundred|dozens|hundreds|loads|twenty|thirty|forty|\d+) (?:of )?times|threatening "
                              r"(?:voicemails|messages|texts|calls|letters|notes)|leaving things (?:on|at|outside) my"
                              r"|(?:never told|did not tell) (?:him|her|them) (?:my|the) (?:new )?address",
           negatable=False),
    frame("abuse", DEFINITE, rf"{OTHER} {OFTEN}(?:hits|hit|hurts|hurt|beats|beat|slaps|slapped|kicks|kicked|"
                              rf"shakes|shook|threw|throws|chokes|choked|locks|locked|burns|burned|smacks|smacked|"
                              rf"starves|punches|punched) (?:the|my|our|his|her) (?:\S+ )?{CHILD}|(?:marks|bruises) "
                              rf"on (?:my|our|the) (?:\S+ )?{CHILD}|(?:daddy|mummy|mommy) did it"),
    frame("abuse", DEFINITE, rf"(?:and|then|and then|before|so|until) (?:he|she|they )?(?:attacked|hit|punched|"
                              rf"slapped|kicked|choked|strangled|shoved|pushed|grabbed|beat|went for|came at|lunged "
                              rf"at|flew at) me(?! (?:with (?:a|the|his|her) (?:question|list)|in (?:a|the) "
                              rf"(?:message|text|meeting)))", also=OTHER),
    frame("abuse", DEFINITE, rf"{OTHER} {OFTEN}(?:went for|goes for|came at|comes at|lunged at|flew at|laid hands "
                              rf"on|put (?:his|her|their) hands on|laid a finger on|went for me) me(?! (?:verbally|"
                              rf"about|over|in (?:a|the) (?:message|text|meeting|group)))"),
    frame("abuse", DEFINITE, r"now (?:it is|its|he is|she is|they are) (?:\S+ )?(?:pushing|hitting|grabbing|"
                              r"slapping|shoving|punching|choking|kicking|throwing)|(?:he|she|they) (?:\S+ ){0,3}"
                              r"(?:rougher|more violent|more aggressive|more dangerous)", negatable=False),
    frame("abuse", DEFINITE, rf"{OTHER} (?:has|have|keeps|got|owns|has got) (?:a|his|her|their) {WEAPON} {gap(4)}"
                              r"(?:use it on me|said|says|threatened|reminds|told me)"),
]

FRAMES += [
    frame("abuse", DEFINITE, r"sat on (?:my chest|me)|pressed (?:down )?on my (?:neck|throat|chest)|(?:came|come|comes|"
                             r"went) flying at me|(?:hurls|hurled|throws|threw|chucks|chucked) (?:whatever|anything|"
                             r"everything|things|stuff)|(?:put|threw|smashed|flushed) my phone (?:in|into|down) "
                             r"the|(?:grabs|grabbed|snatches|snatched|rips|ripped) (?:the|my) phone (?:out of|from) my|"
                             r"(?:has|have|keeps|tracks) my location|calls if i stop|tracker (?:taped|hidden|stuck|"
                             r"under|on|in)|(?:installed|put) (?:some )?(?:app|spyware|software) on my|knows things i "
                             r"(?:have )?only|cameras in the (?:living room|house|bedroom|flat|kitchen)|(?:salary|wages|"
                             r"pay|money|benefits) (?:paid|goes|go) into (?:his|her|their) account|show (?:him|her|"
                             r"them) every receipt|loans in my name|says i (?:cannot|can not) leave|if i loved (?:him|"
                             r"her) i (?:would not|wouldnt) say no|(?:do not|dont|never) (?:really )?get a choice|"
                             r"(?:did not|didnt|never) agree to (?:it|that|this)|doing (?:stuff|things) to me|takes "
                             r"what (?:he|she|they) wants?|(?:sends|sent|send|shares|shared|posts|posted) (?:the )?"
                             r"(?:pictures|photos|nudes|videos) (?:i gave|of me|to my)|(?:stands|stood|standing) in "
                             r"front of the door|(?:better|best) be careful (?:\S+ ){0,3}accidents happen|"
                             r"accidents happen|what (?:i am|he is|she is|they are) capable of|(?:just )?go missing|"
                             r"if i am not (?:his|hers|theirs)|put me in the ground|slit my throat|(?:hear|heard) "
                             r"(?:his|her|their) car (?:pull|pulling|come|coming) (?:in|up)|afraid of my own|"
                             r"(?:knife|gun|shotgun|rifle) (?:on|in) (?:the|my|our) (?:bedside|bed|pillow)|(?:put|"
                             r"left|placed) the (?:shotgun|gun|knife|rifle) on|where (?:he|she|they) keeps? the "
                             r"(?:bullets|gun|ammo)|(?:grabbed|lifted|held) (?:our|my|the) (?:\S+ )?(?:son|daughter|"
                             r"child|kid|baby|boy|girl) by the (?:neck|throat|hair)|kids hide (?:under|in)|if "
                             r"(?:she|he|they) tells? anyone what happens|(?:kicked|hit|hurt|threw) the (?:dog|cat) "
                             r"(?:\S+ ){0,5}(?:i am next|you are next)|parked (?:across|outside|opposite|down|up) "
                             r"the (?:street|road)|never given anyone my|(?:at|to) my new address|(?:his|her|their) "
                             r"car in my (?:rear ?view|mirror)|walked into (?:a|the) (?:cupboard )?door again|"
                             r"(?:cover|hide) (?:up )?(?:my|the) (?:bruises|eye|marks|neck)|heavy makeup",
          negatable=False),
    frame("abuse", UNSURE, r"end up on the floor|gets handsy|stop provoking (?:him|her|them)|(?:took|hid|hides|takes) "
                           r"my (?:shoes|wallet|keys|passport|phone)(?! by (?:accident|mistake))|(?:has|have) not seen my (?:friends|family) in|"
                           r"bad influence|makes a scene (?:every time|whenever|when) i|sold my car|is blocked on my "
                           r"phone|knows where i go|(?:he|she|they) is outside again|gets out (?:of prison|of jail|"
                           r"next)|lock (?:it|the door|myself in) and wait|(?:lip|eye|cheek) is (?:still )?(?:swollen"
                           r"|split|bruised)|black eyes?|split lip", negatable=True),
]

# kinds found in a third, most indirect set of statements (effects instead of acts, control described in passing)
FRAMES += [
    frame("abuse", DEFINITE, r"(?:told|tell|tells|said) (?:everyone|them|people|work|the doctor) i (?:walked|walk) "
                             r"into (?:a|the) door|(?:did not|didnt) walk into (?:a|the) door|gets (?:rough|"
                             r"physical)|by (?:my|the) throat|held my head under|forearm (?:across|on|against) my|"
                             r"(?:said|say) stop and (?:he|she|they) (?:did not|didnt|kept|carried)|"
                             r"if i (?:really )?loved (?:him|her|them) i would|pulled the battery out of my phone|"
                             r"deadlocked|hole in the (?:\S+ )?(?:door|wall) the size of (?:his|her|their) fist|"
                             r"fist through (?:the|a) (?:windscreen|window|door|wall) while i|(?:says|said) i "
                             r"(?:cannot|can not) be trusted with|(?:rip|tear|burn) (?:them|it|my \S+) up if i|"
                             r"(?:goes|go) straight into (?:his|her|their) account|knows (?:exactly )?where i am "
                             r"(?:all the time|at all times|every)|checks the (?:mileage|odometer|receipts)|prove "
                             r"where i (?:am|was)|deleted my (?:mates|friends|family) (?:numbers|contacts)|drives "
                             r"past my (?:house|flat|place|work)|(?:new number|new address) and (?:he|she|they) "
                             r"still found|(?:never told|did not tell) (?:him|her|them) where|every time i block|"
                             r"across the (?:road|street) from my|(?:would not|wont|will not) be coming back|tyres "
                             r"slashed|threatened to (?:drown|kill|hurt|poison|burn|get rid of|strangle)|(?:got|"
                             r"took|pulled) the (?:\S+ )?knife out|(?:bat|knife|gun|hammer) by the bed|(?:waving|"
                             r"waved) (?:the|a|his|her) (?:\S+ )?(?:hammer|knife|bat|gun|axe) (?:about|around)|"
                             r"cleaned (?:his|her|their) (?:gun|rifle|shotgun) (?:\S+ ){0,4}(?:while|telling)|"
                             r"(?:does|did|doing) (?:stuff|things) to (?:my|our|her|his) (?:little )?(?:sister|"
                             r"brother|daughter|son|kid|child)", negatable=False),
    frame("abuse", DEFINITE, rf"{OTHER} {gap(2)}{REPORT} {gap(12)}(?:{OUTCOME}|(?:end|kill|hurt) (?:himself|herself|"
                             r"themselves)|slit (?:his|her|their) wrists|find (?:us|me) wherever)"),
    frame("abuse", UNSURE, r"shiner|concealer|go too far|(?:do not|dont) know what (?:he|she|they) (?:would|will|"
                           r"might) do if i|(?:frightened|scared|terrified) of my own|something bad is (?:coming|going "
                           r"to happen)|(?:keeps|kept|holds|has got|has) my (?:passport|visa|papers|documents|bank "
                           r"card|cards)|(?:hides|hid) (?:the|my) (?:car )?keys|confiscated my|logs? (?:in)?to my|"
                           r"(?:make|makes) plans (?:he|she|they) "
                           r"kicks? off|tells my (?:family|friends) i am (?:unstable|crazy|mad)|i (?:did not|never) "
                           r"post(?:ed)? it|in pieces (?:\S+ ){0,12}(?:it is|its) me|went along with it|flinches "
                           r"when (?:he|she|they)|marks on (?:his|her) (?:back|arms|legs)|(?:makes|made) (?:my|our|"
                           r"the) (?:\S+ ){0,3}(?:stand|sit|kneel|sleep) (?:in|outside)"),
    # what is hidden about injuries, consent never given, being found and watched: asked about
    frame("abuse", UNSURE, r"told (?:the )?(?:doctor|doctors|nurse|hospital|a and e|gp|them|everyone|people|work|my "
                           r"\S+)(?: \S+){0,2} (?:that )?i (?:walked into|fell|tripped|slipped|bumped)|(?:swollen|"
                           r"bruised|bruises|bruise|black eye|marks|cut lip)(?: \S+){0,8} (?:so|that way) (?:nobody|no "
                           r"one) (?:sees|can see|notices|will see|would see|asks)|never (?:agreed|consented|said yes) "
                           r"to (?:that|it|this|any of (?:it|that))|if i (?:do not|will not|refuse to) (?:sleep with|"
                           r"have sex with|do it with) (?:him|her|them)|(?:somehow|always) knows? (?:which|where|exactly "
                           r"where) (?:\S+ ){0,2}i (?:was|am|go|have been)|(?:messages|calls|texts) from (?:new|"
                           r"different|blocked|unknown|withheld) numbers|listens? in on my (?:calls|phone)|told my "
                           r"(?:family|friends|parents) i was (?:crazy|mad|unstable|lying) so"),
    # what someone else saw happen to the person ("my son saw him hit me"): the blow is theirs whoever watched it
    frame("abuse", DEFINITE, rf"(?:saw|see|sees|seen|seeing|watched|watch|watches|watching|heard|hear|hears|"
                             rf"witnessed|witness|caught) (?:him|her|them|my (?:\S+ )?{RELATION}) (?:\S+ )?(?:{BLOW}|hit|"
                             r"punch|kick|slap|choke|strangle|push|shove|grab|beat|hurt|throw|smack|shake|drag|rape|"
                             r"attack|stab|burn|pin) me(?! (?:away|aside|off|out|back|up|at (?:chess|cards)|in (?:chess|"
                             r"cards|the game)))", negatable=False),
]
