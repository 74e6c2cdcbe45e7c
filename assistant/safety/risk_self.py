"""Frames for thoughts of suicide and self-harm, after the Columbia screener's questions: a wish to be dead,
thoughts of ending one's life, method, means, intent, plan, preparation and farewells; hopelessness and feeling a
burden are asked about (safe-messaging practice), not passed over.
"""

from __future__ import annotations

from mend.assistant.safety.risk_frame import DEFINITE, UNSURE, Frame, frame
from mend.assistant.safety.risk_words import (
    ABSENT, BETTER, BLOW, BODY, CHILD, CONDITION, DID_TO, HARM_VERB, HIGH_PLACE, LIMB, ME, MEANS, NECK, NOT_ALIVE,
    OFTEN, OTHER, OUTCOME, REPORT, SELF_ACT, THEM, VEILED, WEAPON, WISH, gap,
)

FRAMES: list[Frame] = [
    # self-harm: wishes, thoughts, intent (C-SSRS 1-3, 6)
    frame("self_harm", DEFINITE, rf"{WISH} (?:to |i could |i would |i was |i were |i did |that i |i |if i |it )?"
                                  rf"{gap(3)}{NOT_ALIVE}(?! (?:of|from|laughing|for|with (?:him|her|them|you)))"),
    frame("self_harm", DEFINITE, rf"{BETTER} {gap(4)}(?:if|when|once) i {gap(2)}{ABSENT}"),
    frame("self_harm", DEFINITE, rf"(?:everyone|everybody|the world|world|my family|family|my kids|the kids|"
                                  rf"they|them|people|all of them) {gap(4)}{BETTER} {gap(2)}without me"),
    frame("self_harm", UNSURE, rf"{BETTER} {gap(2)}without me"),
    # "I want to end it" may mean a relationship or a life: asked about, unless it is plainly the relationship
    frame("self_harm", UNSURE, r"(?:i|i just|i really) (?:want|wanna|need|am going|am gonna|am ready|have decided|"
                                r"decided|plan|am planning|am thinking about|keep thinking about) (?:to )?end(?:ing)? it"
                                r"(?! (?:with|between|off with))|i am (?:just )?ending it(?! (?:with|between|off with))"),
    frame("self_harm", DEFINITE, r"(?:nobody|no one) would (?:even )?(?:miss|notice|care about|care) (?:me|if i)",
           negatable=False),
    frame("self_harm", DEFINITE, r"(?:without|not) me being (?:alive|here|around)|me being alive",
           negatable=False),
    frame("self_harm", DEFINITE, r"(?:i|i am|i have|i would be) (?:\S+ )?(?:done with|finished with|tired of) "
                                  r"(?:life|living|being alive|existing|this world|it all)"),
    frame("self_harm", DEFINITE, r"(?:do not|cannot|can not|could not) see (?:myself|me) (?:being )?(?:around|here|"
                                  r"alive|making it|living)|not (?:going to|gonna) be (?:here|around|alive) "
                                  r"(?:tomorrow|by|much|for|next|after)|(?:will|would) not be alive "
                                  r"(?:tomorrow|by|much|for|next|to)|(?:last|final) (?:thing|words?|message|time) "
                                  r"(?:anyone|you|they|people|i) (?:will|would|am going to) (?:hear|see|get|use|say)",
           negatable=False),
    frame("self_harm", DEFINITE, r"(?:no|not any|out of|cannot find a|cannot find any|do not see a|do not see any|"
                                  r"do not have a|there is no|no more|without a) (?:reason|reasons|point) (?:in |to "
                                  r"|for )?(?:keep going|keeping going|go on|going on|carry on|carrying on|live|living|"
                                  r"stay alive|staying alive|be here|being here|keep living|be alive|being alive|"
                                  r"trying to live|exist|existing)", negatable=False),
    frame("self_harm", DEFINITE, r"what is the point (?:of|in) (?:living|going on|carrying on|being alive|being here|"
                                  r"me|existing|keeping going)", negatable=False),
    frame("self_harm", DEFINITE, r"(?:given up|give up|giving up) on (?:everything|life|living|myself)"),
    frame("self_harm", UNSURE, r"no way out|no way forward|nothing left (?:for me|in me|to live for|to give)|"
                                r"(?:cannot|can not|could not) (?:see|imagine) (?:a|any) (?:future|way out|point)|"
                                r"(?:cannot|can not|could not) go on(?! (?:like this with|with (?:the|this|these)|"
                                r"about|arguing|fighting|having))|(?:cannot|can not) (?:do this|take (?:it|this)|"
                                r"keep going|cope) (?:any ?more|much longer)|never going to get better|got nothing "
                                r"left|have nothing left|(?:i am|i feel) (?:so )?(?:hopeless|trapped)(?! (?:at|with|in (?:this|my) job))|"
                                r"it will never (?:get better|end)", negatable=False),
    frame("self_harm", UNSURE, r"(?:i am|i feel like i am|i feel like|i have become|i am just|i am only|i feel|"
                                r"being|feel like) (?:a |such a |just a |nothing but a |only a |the )?(?:burden|drain|"
                                r"dead weight|waste of (?:space|air|oxygen|skin)|problem in everyone|dragging "
                                r"everyone down|ruin everything|ruining everyone)"),
    # method, means, plan, preparation, farewell (C-SSRS 3-6)
    frame("self_harm", DEFINITE, r"(?:looked up|look up|looking up|googled|googling|searched|searching|researched|"
                                  r"researching|reading about|read about|read up on|checking|checked|worked out|"
                                  r"working out|figured out|calculated|found out|finding out|asked about|watching "
                                  r"videos about|thinking about|thinking of) " + gap(3) + r"(?:how many (?:of )?"
                                  r"(?:my )?\S+ (?:it would take|would do it|is enough|would be enough)|how much "
                                  rf"{gap(2)}(?:it would take|would (?:kill|do it|be enough|be lethal|be fatal)|is "
                                  r"lethal|is fatal|is enough)|lethal|fatal|painless|overdose|how high|how tall|the "
                                  r"drop|how long it takes to die|ways to (?:die|end it|go|kill myself)|how to (?:die|"
                                  r"end it|do it|hang|overdose)|would be enough|(?:mixing|mix) my (?:meds|pills|"
                                  r"tablets)|jumping|stepping off|driving into|crashing (?:into|the car)|walking "
                                  r"into|throwing myself|hanging|drowning|overdosing|taking (?:all|them all|the lot|"
                                  r"everything)|how i would do it|the train tracks|the tracks|the bridge)"),
    frame("self_harm", DEFINITE, r"(?:lethal|fatal) (?:dose|amount)|painless way|ways to die|how to die|enough "
                                  r"(?:\S+ )?(?:pills|tablets|meds)? ?(?:saved )?to (?:not wake up|die|do it|end it|"
                                  r"kill me)|suicide note|goodbye (?:note|letter|letters)|(?:how|when|where) i would "
                                  r"(?:do it|go to do it|end it)|(?:where|when|how) i (?:would|will) go to do it"),
    frame("self_harm", DEFINITE, r"(?:saving|saved|save|stockpiling|stockpiled|stashed|stash|stashing|collecting|"
                                  r"collected|hoarding|hoarded|bought (?:enough|loads|lots|a lot|several|extra|\\d+)|got enough|have enough|gathering|"
                                  r"gathered|put aside|set aside|storing|stored|hiding|hidden|hid|have like|got like) "
                                  rf"{gap(4)}{MEANS}(?! (?:for (?:my|the) (?:dog|cat)|because|from the (?:doctor|gp|"
                                  r"pharmacy)|for (?:the )?(?:tent|camping|tarp|climbing|boat|garden|washing|swing|headache|migraine|pain|cold|flu)))"),
    frame("self_harm", DEFINITE, rf"{MEANS} {gap(6)}(?:in front of me|right now|in my hand|ready|lined up|counted "
                                  r"out|out on the|just in case|for if it gets|for when it gets|in case it gets|"
                                  r"keep thinking about|thinking about using)"),
    frame("self_harm", DEFINITE, r"(?:take|taking|took|taken|swallow|swallowed|swallowing) (?:them all|the lot|"
                                  r"all of (?:them|it|my \S+)|all (?:my|the|of my) \S+|a load of|a bunch of|loads of|"
                                  r"a handful of|too many|the whole|a whole|lots of|a lot of|every single)(?: \S+)?"
                                  r"(?: (?:pills|tablets|meds|paracetamol|painkillers|bottle|packet|box|them))?"),
    frame("self_harm", DEFINITE, rf"(?:standing|sitting|stood|sat|am) (?:on|at|by) (?:the|a|top of the) "
                                  rf"(?:edge of (?:the|a) )?{HIGH_PLACE}(?! (?:with|at work))"),
    frame("self_harm", DEFINITE, r"(?:overdosed|overdosing|overdose|od|odd|o d) (?:on|at|last|again|and|the)|"
                                  r"i (?:overdosed|od)|(?:tried|attempted) to (?:end it|kill myself|take my (?:own )?"
                                  r"life)|(?:started|been|am|keep|back to|relapsed|relapse) (?:cutting|burning|"
                                  r"self harming|harming myself|hurting myself)(?: again)?|(?:urge|urges) to "
                                  r"(?:cut|hurt myself|harm myself|burn)"),
    frame("self_harm", DEFINITE, rf"{SELF_ACT} (?:my|both my) {LIMB} (?:with|until|on purpose|to (?:stop|feel|"
                                  r"cope|punish|make)|again|so (?:no one|nobody))"),
    frame("self_harm", DEFINITE, rf"{SELF_ACT} myself(?! (?:laughing|at work|working|trying|to get|to finish|to "
                                  r"make|to keep|to please|playing|lifting|running|shaving|cooking|chopping|by "
                                  r"accident|accidentally|at the gym|when i fell|falling|skiing|on a|on the|on some|"
                                  r"saying|out|up|from saying|in (?:the|a) (?:gym|game|match|kitchen|garden)))"),
    frame("self_harm", UNSURE, r"(?:banging|banged|bang|hit|hitting) my head (?:against|on|into) (?:the|a) wall|"
                                r"(?:giving|gave|give|given) (?:away )?(?:my|all my|most of my) (?:stuff|things|"
                                r"belongings|possessions|valuables)|(?:giving|gave|give|given) away (?:my|all my|most "
                                r"of my)|(?:rehomed|rehoming|rehome|found a home for|give away) (?:my|the) (?:dog|cat|"
                                r"pet|pets|rabbit|bird)|(?:affairs|everything|things|stuff) in order|so (?:nobody|no "
                                r"one) has to deal with|nothing left hanging|(?:my|a) will (?:and who|so|for)|"
                                r"(?:sorting|sorted|writing|wrote|made|making|updating|updated|changed) (?:out )?my "
                                r"will|(?:saying|said|say) (?:my |proper |final |last )goodbyes?|(?:message|text|note|"
                                r"letter|letters|post|voicemail) (?:saying|to say) goodbye|(?:will not|never) hear "
                                r"from me again|before i go for good|go for good|gone for good|(?:final|last) "
                                r"(?:thanks|goodbye|goodbyes|message|words)|this is goodbye|the last time i will "
                                r"(?:use|talk|see|speak)|(?:written|wrote|left|writing) (?:a|my) (?:note|letter|"
                                r"letters)(?= (?:it is|in|and|for|to my (?:kids|family|children|mum|mom|dad)|$))|"
                                r"letters to my (?:kids|family|children)|(?:will|would) not be (?:here|around) (?:tomorrow|by|much|for|next)|(?:do it|end it|go through with it) "
                                r"(?:tonight|tomorrow|today|this weekend|soon|now|when everyone\S*)|tonight is the night|"
                                r"made up my mind|(?:figured|worked) out (?:how|when) and (?:when|how|where)|"
                                r"(?:when|once) i am (?:gone|not around|not here)|in case i am not (?:around|here)|"
                                r"(?:a|the) (?:gun|shotgun|pistol|rifle) (?:is )?(?:in the|in my|in our)|i know "
                                r"where (?:the key|he keeps|she keeps|dad keeps|they keep)|(?:picked|chosen|set) "
                                r"(?:the|a) date|do something (?:stupid|drastic|silly) to myself|want (?:it|"
                                r"everything|all of it|the pain) (?:all )?to (?:stop|end|be over) (?:forever|for "
                                r"good|permanently)", negatable=False),
    frame("self_harm", DEFINITE, r"(?:will|would) not be (?:around|here) to|(?:need|use) it when i am gone|"
                                  r"by the time (?:you|they|anyone|someone) (?:read|reads|find|finds|see|sees)",
           negatable=False),
    frame("self_harm", DEFINITE, r"(?:hoped|hoping|hope|wish|wished|wishing|wanted|pray|prayed|would not mind if) "
                                  r"(?:that )?(?:the|a|some) (?:car|bus|truck|lorry|train|plane|van) (?:would |will |"
                                  r"might )?(?:just )?(?:hit|hits|crash|crashes|ran|run|runs|kill|knock) (?:me|into me|"
                                  r"me over)?|(?:rather|id rather) (?:be dead|die|not be alive|not exist|not be here)(?! than)|"
                                  r"(?:off|offing|top|topping|end|ending|unalive|unaliving) myself|do myself in|"
                                  r"(?<!\S)kms(?!\S)|(?:go|walk|drive|swim|head|going) (?:\S+ ){0,5}and (?:not|"
                                  r"never) come back", negatable=False),
    frame("self_harm", UNSURE, r"voice (?:in my head )?(?:going|saying|telling me|that says|keeps saying) "
                                r"(?:\S+ ){0,2}(?:to )?(?:just )?(?:end it|do it|jump|go|finish it)|(?:decided|"
                                r"planned) it (?:will|would) be (?:after|on|when|before)|(?:i would|i will|i am going "
                                r"to) do it (?:in the|at the|when|after|before|on (?:the|a))|got it all planned",
           negatable=False),
]

FRAMES += [
    frame("self_harm", DEFINITE, r"(?:if i|i) (?:did not|do not|never|would not) wake up|never waking up|(?:went|go|"
                                 r"going) to sleep and (?:stayed|stay|never|not)|(?:wish|wished|hope|hoped|hoping|pray|prayed|"
                                 r"mind if) (?:that )?(?:a|the|my) (?:bus|plane|car|train|truck|lorry) (?:would |will "
                                 r"|to |goes |went )?(?:just )?(?:take me out|go down|goes down|went down|crash|"
                                 r"crashes|hit me|hits me)|(?:stop|end|over|out|gone|go|checking out|check out) (?:for "
                                 r"good|permanently|forever)|(?:easy|easiest|quick|quickest) way out|waiting for "
                                 r"(?:it|everything|it all) (?:all )?to (?:be over|end|stop)|take (?:my|your|their) "
                                 r"own life|(?:tried|attempted) (?:and|it and) it (?:did not|didnt) work|pumped my "
                                 r"stomach|swallowed (?:everything|all|the lot|whatever)|(?:engine|motor) running "
                                 r"(?:in|inside)|(?:in|inside) (?:the|a) garage with the engine|carbon monoxide|"
                                 r"(?:hold|take) my weight|(?:lose|losing) consciousness|(?:bridges?|roofs?|"
                                 r"buildings?) (?:\S+ )?(?:do not|without|with no|that do not) (?:have )?(?:fences|"
                                 r"barriers|nets|railings)|how deep the (?:river|water|lake)|(?:different|several|"
                                 r"multiple|three|two|four) (?:different )?(?:pharmacies|chemists|shops|doctors) "
                                 r"(?:\S+ ){0,6}(?:so|paracetamol|pills|tablets)|(?:counting|count|counted) (?:them|"
                                 r"the pills|my pills|the tablets)|(?:took|take|got) the (?:rifle|gun|shotgun|pistol) "
                                 r"out|sat with (?:it|the gun|the rifle) (?:on|in)|not for (?:protection|hunting|"
                                 r"the range)|where (?:they will|it will|they would|it would|someone will) be found|"
                                 r"(?:whoever|whoever|the person who|someone who) finds (?:it|me|them)|went back to "
                                 r"the (?:razor|blade|blades|lighter)|opened my (?:arm|arms|wrist|wrists|skin|leg)|"
                                 r"held my (?:hand|arm) (?:on|over|against) the (?:stove|hob|iron|plate|flame|oven)|"
                                 r"(?:using|used|put|held) a (?:lighter|cigarette|lit cigarette|match|hot \S+) (?:on|"
                                 r"to|against) my|(?:slammed|smashed|punched|hit) my (?:fist|hand|head) (?:into|"
                                 r"against) (?:the|a) (?:door|wall|mirror) (?:until|till)|bite my own|bit my own|my "
                                 r"(?:own )?(?:arm|arms|wrist|wrists|thigh|thighs|skin|legs?) (?:\S+ )?(?:until|till) "
                                 r"(?:it|they) (?:bleeds?|bled|split)|(?:scratched|scratch|scratching) my (?:wrists|"
                                 r"arms|skin|legs) raw|until the noise (?:in my head )?stop", negatable=False),
    frame("self_harm", UNSURE, r"(?:cannot|can not) do this (?:for )?(?:another|much longer|any ?more)|(?:sunday|"
                               r"monday|tuesday|wednesday|thursday|friday|saturday|tonight|tomorrow) is when|when i "
                               r"am doing it|go through with it|(?:how and when|when and how|when and where|where "
                               r"and when)(?! to)|nothing (?:is )?keeping me|(?:have|has) it now rather than later|if "
                               r"anything (?:happens|should happen) to me|close my accounts|(?:take|have) the dog "
                               r"permanently|(?:thank you|thanks) for everything|(?:the|my) last (?:time (?:i will|"
                               r"anyone will|you will) (?:talk|speak|see|hear|use)|reflection|message|conversation|"
                               r"session)|goodbye (?:to )?(?:whoever|everyone)|like it "
                               r"was the last time|(?:ever|never) going to get better|what is the point(?: of (?:any "
                               r"of )?(?:this|it))?$|no (?:version of the )?future (?:for me|where i)|(?:run|ran) out "
                               r"of reasons|stopped eating|get over me|deserve (?:a|better) (?:mum|mom|dad|partner|"
                               r"wife|husband|mother|father|friend)|(?:a|the) problem (?:everybody|everyone)|solve "
                               r"it for them|long sleeves|relapsed|(?:months|weeks|days|years) clean|decide on a "
                               r"(?:night|day|date)|(?:notes|letters) (?:are|is) in the|(?:written|wrote) the notes|"
                               r"for me staying|(?:bought|ordered) (?:a )?(?:handgun|gun|pistol|rifle|rope|noose)(?! for)", negatable=False),
]

# kinds found in a third, most indirect set of statements (understatement, euphemism, effects instead of acts)
FRAMES += [
    frame("self_harm", DEFINITE, r"(?:if i|i) (?:just )?(?:did not|do not|never|would not) wake up|(?:took|takes|take) "
                                 r"me out (?:on|and|so|id|i would)|(?:cannot|can not) be bothered (?:existing|living|"
                                 r"being alive)|stop being (?:here|alive|around)|(?:ending|end) (?:it|things) (?:"
                                 r"properly|for real|for good|and i do not mean|not the relationship)|(?:taking|take|"
                                 r"took) myself out(?! (?:for|to|of the (?:house|room|conversation|chat|group)))|"
                                 r"(?:highest|tallest) (?:bridge|building|car "
                                 r"park)|least painful|how much weight (?:the|a) (?:\S+ )?beam|when you drown|the "
                                 r"doses|lethal doses?|charcoal (?:and|in)|blades out of (?:the|my) razors|so (?:that )?"
                                 r"i (?:do not|will not) ruin (?:it|her|his|their|the)|not planning on checking out|"
                                 r"timed (?:it|the train|the trains)|(?:pays|pay|paid) out (?:\S+ ){0,3}(?:if you do "
                                 r"it yourself|suicide|own life)|told (?:\S+ ){0,4}i (?:was|am) (?:moving|going away|"
                                 r"going abroad)(?: \S+){0,3} i am not|(?<!tent )(?<!swing )rope snapped|before it went too far|stomach "
                                 r"pumped|talked me (?:down|off)|wanted it to hurt|(?:till|until) my knuckles|"
                                 r"(?:bang|banging|banged) my head (?:against|on|into) (?:the|a) (?:door|wall|floor|"
                                 r"mirror) (?:until|till)|(?:cannot|can not) (?:see|picture|imagine) myself (?:in it|"
                                 r"there|next year|in a year|alive|old|at all)", negatable=False),
    frame("self_harm", UNSURE, r"rather (?:die|be dead) than|(?:know|knew) (?:exactly )?where i would go|(?:when|where) "
                               r"i am going to do it|(?:that is|thats) it for me|made my mind up|(?:weirdly|strangely|"
                               r"oddly) (?:calm|peaceful) about it|(?:will not|wont) have to wait (?:for (?:it|them) )?"
                               r"now|letters (?:for|to) everyone|found a (?:new )?home for my|(?:tying|tidying) up "
                               r"(?:the )?loose ends|before i go(?! (?:to|out|home|on|away|back|into|for|shopping|"
                               r"there|in|up|down|round|over))|(?:left|leaving|wrote down) my passwords|passwords "
                               r"in an envelope|deleted all my (?:socials|accounts)|(?:rang|called|texted|messaged|"
                               r"phoned) everyone (?:\S+ ){0,4}(?:tell|say) (?:them )?(?:i love|thank|goodbye|"
                               r"sorry)|if i am not (?:around|here) (?:next|tomorrow|by)|i am done (?:now )?(?:bye|"
                               r"goodbye)|(?:will not|never) see (?:him|her|them|you) again|(?:ever|never) going to "
                               r"change|what is (?:even )?the point(?: anymore| of anything)?$|(?:just )?no future|"
                               r"no light at the end|more tunnel|weight (?:around|round|on) (?:every\S*|my family)|"
                               r"one less (?:problem|thing|mouth)|waste of (?:space|oxygen|air|skin)|not from the "
                               r"cat|plasters on my (?:wrist|wrists|arm|arms)|kept me in for observation|psych "
                               r"ward|on a section|(?:know|knows) where (?:he|she|they|my \S+) keeps? the key",
          negatable=False),
    # "I've never had thoughts of ending it" says the opposite, but "nobody knows about my thoughts of ending it" does
    # not: only a denial of having them makes it a question ("never had thoughts of dying until tonight")
    frame("self_harm", DEFINITE, r"(?<!never had )(?<!never have )(?<!not had )(?<!not have )(?<!have no )(?<!had no )"
                                 r"(?<!never had any )(?<!never have any )(?<!not had any )(?<!not have any )"
                                 r"(?:idea|thought|thoughts) of (?:not being alive|not being here|not existing|dying|"
                                 r"being dead|ending it|ending my life)", negatable=False),
    frame("self_harm", UNSURE, r"(?:idea|thought|thoughts) of (?:not being alive|not being here|not existing|dying|"
                               r"being dead|ending it|ending my life)", negatable=False),  # denied: still asked
    # affairs put in order, belongings given out, "I won't be needing it": asked about, since most such talk is
    # ordinary (an ordinary reason beside it clears the question)
    frame("self_harm", UNSURE, r"i (?:will not|am not going to|am not gonna|will no longer|would not) (?:be )?"
                               r"need(?:ing)? (?:it|them|this|that|these|those|any of (?:it|this|them)|my \S+)"
                               r"(?: \S+)?(?: any ?more| after| where i am going|$)|(?:giving|gave|given|handing|handed|"
                               r"dropping|dropped) (?:away |out |off )?(?:all |most |basically all |the rest )?(?:of )?"
                               r"my (?:stuff|things|belongings|possessions|valuables)|who (?:gets|should get|will get|"
                               r"is getting) (?:what|my \S+)|(?:wrote|written|writing|planned|planning|sorted|arranged|"
                               r"picked|chose|chosen)(?: \S+){0,4} (?:for )?my (?:own )?funeral|covered after(?! (?:the|"
                               r"my|our|this|that|work|school|christmas|surgery))|take the (?:cat|dog|kids) (?:\S+ ){0,3}"
                               r"(?:did not|without) (?:say|saying|tell|telling) (?:why|anyone)"),
    frame("self_harm", UNSURE, r"(?:tried|try|attempted|attempt) to (?:end|take) (?:things|it all|my life|my own life|it)"
                               r"(?! (?:with|between|off))|from the time i (?:really )?meant it|(?:hope|hopes|hoping) (?:that )?(?:i|my "
                               r"heart) (?:just )?(?:do not make it|never make it|stops|stop|do not wake|never wake)|"
                               r"disappear (?:for good|forever|for ever|permanently)|(?:harder|worse) (?:\S+ ){0,2}by "
                               r"(?:just )?(?:existing|being alive|being here|being around)|taking up space (?:that )?"
                               r"(?:someone|somebody) (?:else|better)|no (?:version|future|year) (?:\S+ ){0,4}(?:has|with) "
                               r"me in it", negatable=False),
    frame("self_harm", UNSURE, r"(?:more|extra) (?:\S+ ){0,4}(?:pills|tablets|paracetamol|painkillers|sleeping pills)"
                               r"(?: \S+){0,5} (?:than i need|just to have (?:them|it)|just in case)|(?:gun|pistol|"
                               r"revolver|rifle|shotgun) (?:\S+ ){0,4}(?:under my bed|by my bed|next to my bed|in my "
                               r"(?:room|drawer|bedside))"),
]
