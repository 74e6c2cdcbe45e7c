"""What people do after a rupture, grouped by what it means: the lexicon behind finding a default response.

Each meaning (a reaction pattern) is described by ACTS: a head word (a verb or marker, matched on its lemma, so
"locked", "locking" and "lock" are one entry) with, where the head alone is too loose, the words that must follow it
within a few words ("went" counts only with "to my room", "to bed", "out", ...). AMBIGUOUS acts describe a real
action whose meaning could go two ways ("I froze", "I said sorry"): they earn an either/or question instead of a
guess. NEGATIVE acts count only when negated ("I didn't reply" is pulling away). Lemmas come from LEMMAS and a
few suffix rules in assistant.understanding.actions; this file is data only.
"""

from __future__ import annotations


def _acts(spec: str) -> list[tuple[str, tuple[str, ...]]]:
    """"head=a|b c|d; head2" -> [(head, ("a", "b c", "d")), (head2, ())]: a head and what may follow it."""
    out = []
    for item in spec.split(";"):
        item = " ".join(item.split())
        if not item:
            continue
        head, _, tails = item.partition("=")
        out.append((head.strip(), tuple(t.strip() for t in tails.split("|") if t.strip())))
    return out


_PLACES = "my room|the room|my bedroom|the bedroom|bed|to bed|to my room|to the bedroom|to the bathroom|outside|out|away|home|for a walk|for a drive|for a run|to the car|to the garage|upstairs|downstairs|to sleep|to a friend|silent|quiet|quite|cold|dark|mute|offline|numb|distant|awol|missing|to the pub|for a beer|to work|to the gym|to my|to the spare"
_OTHER = "him|her|them|my|his|their|everyone|people|the group|the chat|the thread|the conversation|each other|the call|the argument|the topic|the subject|it"

ACTS = {
    "withdrawing": _acts(f"""
        leave;
        walk=out|off|away;storm=out|off|away;run=out|off|away;drive=off|away|around;
        go={_PLACES};head={_PLACES};disappear;vanish;hide;lock=myself|me|the door|the bedroom|the bathroom|in;
        shut=down|off|myself|the door|him out|her out|them out|out;close=off|up|the door|the laptop|myself;clam=up;
        retreat;withdraw;isolate;sulk;stonewall;ghost;avoid;dodge;ignore;block;mute;unfollow;unfriend;
        silence=my phone|notifications|him|her|them;turn=off my phone|my phone off|away|my back|the phone off;
        switch=off;hang=up;stay=in my room|away|quiet|silent|out|at|in bed|in the car;keep=quiet|to myself|my distance|away|my head down|my mouth shut;
        pretend=to be asleep|i was asleep|to sleep|to be busy|i was busy|not to hear|i did not hear;
        quiet;silent;silence;space=;distance;cold shoulder;silent treatment;escape;flee;bail;
        stop=talking|answering|replying|responding|speaking|texting|picking up;sleep=on the couch|on the sofa|in the other room|in the spare room;
        pull=away|back|out;back=off|away;tune=out;zone=out;check=out;put=my headphones on|headphones on|my phone away;
        take=off|a walk|a drive|some space|space|a break from|myself|the dog out;need=space|some space|to get away|to be alone|time alone|air;
        want=space|to be alone|to get away|to disappear|to hide|to run|to leave;alone=;numb;freeze;froze;shutdown;
        sit=in the car|in silence"""),
    "defending": _acts(f"""
        justify;defend;argue;explain=myself|why|my side|my reasons|my reasoning|that i|what i meant|how i|the reasons|every;
        correct=him|her|them|every|each|the|what;contradict;counter;rebut;insist;protest;object;deny;
        point=out;prove=i|that i|him wrong|her wrong|them wrong|my point|it;list=all the reasons|the reasons|everything he|everything she|everything they|what he|what she|what they|all the times|the times|his mistakes|her mistakes|their mistakes;
        bring=up what|up the time|up his|up her|up their|up everything|up old;
        snap=back|at;fire=back|off an email|off a message|off a text|off a long|off;push=back;hit=back;
        yell=back|at him|at her|at them;shout=back|at him|at her|at them;scream=back|at;fight=back;talk=over him|over her|over them|back;
        interrupt;blame=him|her|them|it on|my;accuse;criticise;criticize;attack;lecture;
        raise=my voice;defensive;excuse;my side;right=i was|was i|i am;wrong=he was|she was|they were|was not|i was not|not;
        start=it;fault=not my|was not my|his|her|their;retort;rant;debate;nitpick;scoff;roll=my eyes;
        say=he started|she started|they started|it was his|it was her|it was their|i was right|i had a point|it was not my|he was wrong|she was wrong|they were wrong;
        tell=him he was wrong|her she was wrong|them they were wrong|him why|her why|them why|him off|her off|them off"""),
    "over_apologizing": _acts("""
        apologise=kept|keep|could not stop|cannot stop|would not stop|over|again|and again|repeatedly|constantly|profusely|so much|too much|a lot|for everything|even after|even though|all night|all evening|until|every|non stop|nonstop|many times|a hundred|a million|a dozen|like ten|more;
        sorry=kept saying|keep saying|kept telling him|kept telling her|kept telling them|could not stop saying|over|again|and again|repeatedly|constantly|so many|a hundred|a million|a dozen|like ten|too many|for everything|even after|even though|all night|all evening|until|non stop|nonstop|every|more;
        grovel;beg=for forgiveness|him|her|them|forgiveness;overapologise"""),
    "self_blame": _acts("""
        fault=my|all my|it is my|it was my|mine;blame=myself|me;problem=i am the|i was the|i was the real|i am always the;
        hate=myself;idiot=i am an|i am such an|i was an|i felt like an|what an;stupid=i am|i was|i felt|so;
        failure=i am a|i felt like a|i am such a;useless=i am|i felt|i was;worthless=i am|i felt;
        terrible=i am|i am a|i felt like a|i was a;awful=i am|i felt like|i am an;horrible=i am|i am a;
        ruin=everything|it all|things;mess=up everything|everything up|it all up;screw=up everything|everything up;
        beat=myself|myself up;kick=myself;punish=myself;deserve=it|this|to be|that;
        wrong=with me|what is wrong with me|something is wrong;worst=i am the|i was the|i felt like the;
        mine=it was all|all;on me=it is|it was|all;ashamed;shame=felt|such;loser=i am a|i felt like a|such a;
        pathetic=i am|i felt;guilty=so|felt so|felt really;cry=about how|that i|because i"""),
    "minimizing": _acts("""
        fine=it is|it was|i am|i was|i said it was|i said i was|said i was|everything is|everything was|totally|all;
        deal=no big|not a big|not that big|a big deal out of;matter=did not|does not|it did not|it does not|not;
        overreact;overreacting;dramatic=being|too|i was being|i am being;sensitive=too|being;silly=being|it was|it is;
        petty=being|it was;nothing=it was|it is|i said it was|said it was|happened|wrong|to worry;
        laugh=it off|about it|it away;shrug=it off|off;brush=it off|off|aside|it aside;play=it down|down;downplay;
        let=it go|it slide|it pass|it drop;drop=it;forget=it|about it;whatever;bury=it|my feelings|it all;
        swallow=it|my|the;bottle=it up|up|things up;push=it down|down|my feelings|it away|it aside;
        sweep=it under|under;pretend=it was fine|everything was fine|i was fine|nothing|i was okay|it did not|i did not care|not to care|it was okay;
        act=like nothing|like it was fine|fine|normal|like i was fine|like everything|like it did not;
        joke=about it|it off|made a;smile=and|through it;move=on|past it;keep=the peace;mind=never;
        bother=did not|does not|it did not|it does not|not;get over=i will|i should|it"""),
    "rushing_to_fix": _acts("""
        fix=it|things|this|everything|the|right away|straight away;sort=it out|things out|out|this out|everything out;
        solve=it|the problem|everything|things;resolve=it|things|everything;solution;plan=how to|to fix|to make|a|out|what;
        list=ways|solutions|fixes|ideas|options|things i could|what i could|plans;
        make=it up|up for|it right|things right|it better|things better|it okay|amends|a plan|a list|it up to;
        offer=to|solutions|a fix|fixes|ideas|to fix|to change|to make;promise=to|that i|i would|i will|it would|it will|never;
        smooth=it over|things over|over;patch=it up|things up|up;settle=it|things;
        rush=to|in|into|over;hurry=to|up and;jump=in|to|straight|into;
        buy=flowers|her|him|them|a gift|a present;order=flowers|dinner|food;book=a table|dinner|a trip;
        suggest=we|that we|ways|a|solutions;propose=we|a|that we;keep=texting|calling|messaging|trying to fix;
        resolved=needed it|wanted it|get it;over with=get it|have it|it;sit=could not let it|cannot let it;
        finish=before he had|before she had|before they had|before he|before she|before they;
        wait=could not|cannot;
        apologise=right away|straight away|immediately|before|first thing;text=right away|straight away|immediately|again and again|over and over|nonstop;
        call=right away|straight away|immediately|again and again|over and over;message=right away|straight away|immediately"""),
}

# Actions with two likely meanings: (head, what may follow, (meaning, meaning)). Asked about, never assumed.
AMBIGUOUS = [
    *[(head, tails, ("over_apologizing", "rushing_to_fix"))
      for head, tails in _acts("apologise;sorry=i said|i am|so;say sorry")],
    *[(head, tails, ("withdrawing", "minimizing"))
      for head, tails in _acts(f"change=the subject|topic;joke;laugh;smile;nod;agree;stand=there;stare;blank=went;"
                               f"numb;cry;scroll;play=games|on my phone;watch=tv|television|netflix;read;busy")],
    *[(head, tails, ("withdrawing", "defending"))
      for head, tails in _acts(f"yell;shout;scream;snap;slam;react;respond;reply=with|angrily|sharply;"
                               f"angry=got|was|felt;mad=got|was;furious;frustrated;upset=got;cold;sarcastic;"
                               f"text={_OTHER}|back;call={_OTHER};message={_OTHER};write={_OTHER}|an|a long")],
]
# A bare "I said sorry" or "I texted him" is ambiguous only when nothing else in the answer decides it.

# Counted only when negated: "I didn't reply", "I wouldn't look at him", "I refused to talk".
NEGATIVE_ACTS = {
    "withdrawing": _acts("reply;answer;respond;speak;talk;say=anything|a word|much|a thing|goodbye|bye;text=back;"
                         "call=back;pick=up;look=at him|at her|at them|at my|him|her|them;come=out|back|home|to bed|down;"
                         "engage;open=the door|up;eat=with;join"),
    "minimizing": _acts("tell=him how|her how|them how|anyone|him what|her what|them what;say=how i felt|how hurt|what i felt|that it hurt;"
                        "show=how|it|that|my"),
}

# Irregular and awkward forms brought to the lemma the tables use.
LEMMAS = dict(item.split("=") for item in (
    "left=leave;went=go;gone=go;going=go;goes=go;ran=run;running=run;drove=drive;driving=drive;hid=hide;hidden=hide;"
    "hiding=hide;kept=keep;keeps=keep;keeping=keep;shutting=shut;shuts=shut;hung=hang;stayed=stay;staying=stay;"
    "took=take;taking=take;taken=take;needed=need;wanted=want;sat=sit;sitting=sit;slept=sleep;sleeping=sleep;"
    "fought=fight;fighting=fight;told=tell;telling=tell;said=say;saying=say;says=say;brought=bring;bringing=bring;"
    "snapped=snap;snapping=snap;fired=fire;firing=fire;hit=hit;hitting=hit;rolled=roll;rolling=roll;started=start;"
    "apologized=apologise;apologised=apologise;apologizing=apologise;apologising=apologise;apologize=apologise;"
    "apologises=apologise;apologizes=apologise;apology=apologise;apologies=apologise;overapologized=overapologise;"
    "overapologised=overapologise;overapologizing=overapologise;overapologising=overapologise;"
    "overapologize=overapologise;begged=beg;begging=beg;grovelled=grovel;groveled=grovel;grovelling=grovel;"
    "blamed=blame;blaming=blame;hated=hate;hating=hate;ruined=ruin;ruining=ruin;messed=mess;messing=mess;"
    "screwed=screw;screwing=screw;beat=beat;beating=beat;kicked=kick;kicking=kick;deserved=deserve;"
    "cried=cry;crying=cry;made=make;making=make;makes=make;offered=offer;offering=offer;promised=promise;"
    "promising=promise;planned=plan;planning=plan;listed=list;listing=list;fixed=fix;fixing=fix;sorted=sort;"
    "sorting=sort;solved=solve;solving=solve;resolving=resolve;smoothed=smooth;smoothing=smooth;patched=patch;"
    "rushed=rush;rushing=rush;hurried=hurry;hurrying=hurry;jumped=jump;jumping=jump;bought=buy;buying=buy;"
    "ordered=order;booked=book;suggested=suggest;suggesting=suggest;proposed=propose;laughed=laugh;laughing=laugh;"
    "shrugged=shrug;brushed=brush;played=play;playing=play;downplayed=downplay;let=let;letting=let;dropped=drop;"
    "forgot=forget;buried=bury;burying=bury;swallowed=swallow;bottled=bottle;bottling=bottle;pushed=push;"
    "pushing=push;swept=sweep;pretended=pretend;pretending=pretend;acted=act;acting=act;joked=joke;joking=joke;"
    "smiled=smile;moved=move;overreacted=overreact;justified=justify;justifying=justify;defended=defend;"
    "defending=defend;argued=argue;arguing=argue;explained=explain;explaining=explain;corrected=correct;"
    "correcting=correct;pointed=point;pointing=point;proved=prove;proving=prove;insisted=insist;denied=deny;"
    "denying=deny;yelled=yell;yelling=yell;shouted=shout;shouting=shout;screamed=scream;screaming=scream;"
    "interrupted=interrupt;accused=accuse;criticised=criticise;criticized=criticize;attacked=attack;raised=raise;"
    "walked=walk;walking=walk;stormed=storm;storming=storm;disappeared=disappear;vanished=vanish;locked=lock;"
    "locking=lock;closed=close;clammed=clam;retreated=retreat;withdrew=withdraw;withdrawn=withdraw;"
    "isolated=isolate;sulked=sulk;sulking=sulk;stonewalled=stonewall;ghosted=ghost;ghosting=ghost;avoided=avoid;"
    "avoiding=avoid;dodged=dodge;ignored=ignore;ignoring=ignore;blocked=block;blocking=block;muted=mute;"
    "muting=mute;unfollowed=unfollow;silenced=silence;turned=turn;turning=turn;switched=switch;stopped=stop;"
    "stopping=stop;pulled=pull;pulling=pull;backed=back;tuned=tune;zoned=zone;checked=check;put=put;"
    "froze=freeze;freezing=freeze;frozen=freeze;escaped=escape;fled=flee;bailed=bail;changed=change;changing=change;"
    "nodded=nod;agreed=agree;stood=stand;standing=stand;stared=stare;staring=stare;scrolled=scroll;"
    "scrolling=scroll;watched=watch;snapped=snap;slammed=slam;slamming=slam;reacted=react;responded=respond;"
    "replied=reply;replying=reply;texted=text;texting=text;called=call;calling=call;messaged=message;"
    "messaging=message;wrote=write;writing=write;answered=answer;spoke=speak;talked=talk;talking=talk;"
    "looked=look;came=come;engaged=engage;opened=open;ate=eat;joined=join;showed=show;punished=punish;"
    "headed=head;heading=head;offloaded=offload;lectured=lecture;lecturing=lecture;ranted=rant;ranting=rant;"
    "retorted=retort;protested=protest;objected=object;countered=counter;contradicted=contradict;"
    "debated=debate;scoffed=scoff;settled=settle;waited=wait;finished=finish;overreacting=overreacting"
).split(";"))
# "get over it" and "on me" are matched as two-word heads.
TWO_WORD_HEADS = ("cold shoulder", "silent treatment", "my side", "on me", "get over", "over with", "say sorry")
CLAUSE_BREAKS = frozenset("but then and so because until till when while after before".split())
NEGATION_WORDS = frozenset("not never no without refused refuse refusing nothing".split())
OTHER_SUBJECTS = frozenset("he she they we you".split())
