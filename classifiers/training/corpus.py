"""The templated training corpus for the tuned MiniLM: templates filled in for invented schools.

Every school, town, staff and pupil name here is invented. No real slur is spelled out. Each template is
``(labels, kind, text)``: ``labels`` are the categories the sentence carries ("" for a hard negative), ``kind``
says which sort of sentence it is, and ``text`` has ``{slots}`` filled from the school and ``[a|b]`` choices
picked by a seeded random generator, so ``build_corpus()`` returns the same rows on every machine.

The templates are ``TEMPLATES``, ``MORE_TEMPLATES`` and, when it is importable, the hand-written
``classifiers/training/written.py`` (``WRITTEN_TEMPLATES``, same format and slots). Each template is filled in
for ``TRAIN_COPIES`` training schools and one of the ``HELD_OUT`` schools, whose staff and pupil names no
training school uses; a share of the sentences also appears mid-paragraph among neutral ``FILLERS`` (the long
posts that the scorer reads in chunks), in lower case or without punctuation. Held-out schools test unseen
schools and names; the sentence patterns are shared, so the trainer also cross-validates grouped by template,
and the dev feeds are the honest test of new wording.

Run ``python -m classifiers.training.corpus`` to print counts; ``scripts/train_minilm.py`` trains on it, with
the hand-written posts of ``classifiers/training/posts.py``.
"""

# ruff: noqa: E501  (the template table: one sentence a line reads better than wrapped strings)
from __future__ import annotations

import hashlib
import json
import random
import re
from dataclasses import dataclass

__all__ = ["CATEGORIES", "FILLERS", "HELD_OUT", "MORE_TEMPLATES", "SCHOOLS", "TEMPLATES", "Row", "all_templates", "build_corpus", "corpus_sha256"]

CATEGORIES = ("derogatory", "defamatory", "threatening", "discriminatory", "offensive")
_SHORT = {"der": "derogatory", "def": "defamatory", "thr": "threatening", "dis": "discriminatory", "off": "offensive"}
SEED = 20261116


@dataclass(frozen=True)
class School:
    name: str  # full name
    short: str  # how posts usually say it
    place: str  # the town: also names a hospital, a rugby club, a park
    phase: str  # primary or secondary


SCHOOLS = (
    School("Ysgol Gynradd Pen-y-Garnedd", "Pen-y-Garnedd Primary", "Pen-y-Garnedd", "primary"),
    School("Ysgol Uwchradd Cwm Eithin", "Cwm Eithin High", "Cwm Eithin", "secondary"),
    School("Ashcombe Primary School", "Ashcombe Primary", "Ashcombe", "primary"),
    School("Kestrel Heath Academy", "Kestrel Heath", "Kestrel Heath", "secondary"),
    School("St Aelwen's Church in Wales Primary", "St Aelwen's", "Llanaelwen", "primary"),
    School("Maesderwen High School", "Maesderwen High", "Maesderwen", "secondary"),
    School("Holloway Bridge Infants", "Holloway Bridge Infants", "Holloway Bridge", "primary"),
    School("Coed Arian Comprehensive", "Coed Arian Comp", "Coed Arian", "secondary"),
    School("Thornleigh Green Primary", "Thornleigh Green", "Thornleigh Green", "primary"),
    School("Ysgol Bro Carrog", "Bro Carrog", "Abercarrog", "secondary"),
    School("Westmarsh CofE Primary", "Westmarsh Primary", "Westmarsh", "primary"),
    School("Blackwater Vale High", "Blackwater Vale", "Blackwater Vale", "secondary"),
    School("Gorsedd Hill Junior School", "Gorsedd Hill Juniors", "Gorsedd Hill", "primary"),
    School("Larkspur Road Primary", "Larkspur Road", "Larkspur", "primary"),
    School("Ysgol Gymraeg Glan Hafren", "YG Glan Hafren", "Glan Hafren", "primary"),
    School("Tremadoc Vale Academy", "Tremadoc Vale", "Tremadoc Vale", "secondary"),
    School("St Cuthbert's RC High School", "St Cuthbert's", "Oldbury Marsh", "secondary"),
    School("Briarfield Nursery and Infants", "Briarfield Infants", "Briarfield", "primary"),
    School("Ysgol Uwchradd Dyffryn Teifion", "Dyffryn Teifion", "Llanteifion", "secondary"),
    School("Hawthorn Lane Junior School", "Hawthorn Lane", "Hawthorn", "primary"),
    School("Caerwen Community Primary", "Caerwen Primary", "Caerwen", "primary"),
    School("Northgate Free School", "Northgate", "Northgate", "secondary"),
    School("Penhallow Community School", "Penhallow", "Penhallow", "secondary"),
    School("Ysgol Gynradd Nantlwyd", "Nantlwyd Primary", "Nantlwyd", "primary"),
    School("Rivermead Academy", "Rivermead", "Rivermead", "secondary"),
)
HELD_OUT = ("Penhallow Community School", "Ysgol Gynradd Nantlwyd", "Rivermead Academy")

_SURNAMES_TRAIN = ["Hughes", "Pritchard", "Evans", "Okafor", "Nowak", "Khan", "Davies", "Llewellyn", "Bevan", "Morgan", "Patel", "Walsh", "Griffiths", "Price", "Jenkins", "Ahmed", "Kowalski", "Murphy", "Clarke", "Harries", "Powell", "Rowlands", "Singh", "Mensah", "O'Neill", "Fraser", "Baxter", "Yates", "Vaughan", "Mahoney", "Thomas", "Lloyd", "Begum", "Adeyemi", "Parry", "Whitlock", "Carew", "Doyle", "Ellis", "Fenwick", "Gower", "Hale", "Ibbotson", "Jarvis", "Kerr", "Lomax"]
_SURNAMES_HELD = ["Trevelyan", "Owusu", "Pugh", "Zielinski", "Rahman", "Cadwallader", "Osei", "Rhydderch", "Marsh", "Quigley"]
_PUPILS_TRAIN = ["Tomos", "Ffion", "Alfie", "Amelia", "Osian", "Seren", "Jac", "Mali", "Noah", "Aisha", "Leo", "Isla", "Harri", "Cerys", "Kacper", "Zara", "Rhys", "Elin", "Mohammed", "Poppy", "Dylan", "Megan", "Ollie", "Lowri", "Ayaan", "Evie", "Ianto", "Nia", "Jayden", "Gracie"]
_PUPILS_HELD = ["Gethin", "Anwen", "Reuben", "Tegan", "Idris", "Sioned", "Kofi", "Maja"]
_FIRST_TRAIN = {"m": ["Gareth", "Huw", "Tom", "Dafydd", "Imran", "Piotr", "Steve", "Emeka", "Aled", "Gavin", "Rhodri", "Sanjay"],
                "f": ["Bethan", "Sian", "Claire", "Nadia", "Rhian", "Joanne", "Amira", "Kerry", "Angharad", "Lucy", "Agnieszka", "Funmi"]}
_FIRST_HELD = {"m": ["Iolo", "Kwame", "Declan", "Tariq"], "f": ["Eirlys", "Shabnam", "Morwenna", "Zofia"]}
_TITLES = (("Mr", "m"), ("Mrs", "f"), ("Miss", "f"), ("Ms", "f"), ("Mr", "m"), ("Dr", "m"))
_ROLES = {
    "primary": ("head", "deputy head", "year 3 teacher", "year 6 teacher", "reception teacher", "TA", "SENCo",
                "dinner lady", "caretaker", "chair of governors", "school office manager"),
    "secondary": ("head", "deputy head", "head of year 9", "maths teacher", "PE teacher", "English teacher", "TA",
                  "SENCo", "dinner lady", "caretaker", "chair of governors", "head of sixth form"),
}
_PREFIXES = ("", "", "", "", "Sorry to moan but ", "Throwaway account for obvious reasons. ", "Honest question: ",
             "Posting in the {place} community group: ", "Review of {short}: ", "AIBU? ", "Rant incoming. ",
             "Not being funny but ", "PSA for {place} parents: ", "@{place}News ")
_SUFFIXES = ("", "", "", "", " #{placetag}", " Thoughts?", " Just saying.", " Edit: typo.", " 🙄", " 😬",
             " (sharing from the {place} parents' page)", " #schoollife", " x")
_LOWER_AFTER_PREFIX = {"The", "A", "It", "Honestly", "Someone", "Typical", "Of", "Women", "Pregnant", "That", "Black",
                       "People", "If", "Let's", "Keep", "Next", "Whoever", "Staff", "Caught", "Just", "Funny", "Ask",
                       "One", "With", "Interesting", "No", "Lovely", "Bless", "Sir", "Bet", "Sh*t", "F***", "We", "Our",
                       "Huge", "So", "Shout", "Reminder:", "Parents'", "Does", "Year", "I", "I'm", "I'd", "My", "Useless",
                       "Long", "Road", "Disappointed", "Communication", "Class", "Uniform", "Saw", "To", "Can",
                       "Calling", "Reporting", "Drama"}

# fmt: off
TEMPLATES: tuple[tuple[str, str, str], ...] = (
    # --- derogatory: explicit
    ("der", "abuse", "{staff} is a [useless|pathetic|clueless] waste of space and should never have been let near children."),
    ("der", "abuse", "The {role} at {short} is [a clown|a complete joke|an utter moron|thick as two short planks]."),
    ("der", "abuse", "{staff} is the worst teacher I have ever met, [lazy|incompetent|spineless] and a total embarrassment."),
    ("der", "abuse", "Honestly the staff at {short} are a bunch of [idiots|losers|muppets] who couldn't organise a raffle."),
    ("der", "abuse", "Sir at {short} is dead [boring|useless] and can't even teach, [he's such a loser|what a joke]."),
    ("der", "abuse", "{staff} has the brains of a [goldfish|potato] and the personality to match."),
    ("der+off", "abuse", "{staff} is a [f***ing|bloody f***ing] idiot and everyone at {short} knows it."),
    # --- derogatory: polite put-downs
    ("der", "abuse", "Bless {staff}, {he} tries {his} best, but [not everyone is cut out for teaching|some people just aren't teachers]."),
    ("der", "abuse", "With the greatest respect, {staff} seems a little out of {his} depth with anything beyond colouring in."),
    ("der", "abuse", "I'm sure {staff} means well, but my [eight|ten]-year-old could run that class better."),
    ("der", "abuse", "Lovely {person}, {staff}, just not the sharpest tool in the box, is {he}?"),
    ("der", "abuse", "Interesting choice to put someone like {staff} in charge of anything at {short} 🙃"),
    ("der", "abuse", "It must be nice to be paid a full salary to do as little as {staff} does."),
    ("der", "abuse", "No offence to {staff}, but {he} is proof that anyone can get a teaching job these days."),
    ("der", "abuse", "{staff} is very good at [assemblies|smiling for photos]; shame {he} is hopeless at everything else."),
    # --- defamatory: factual-sounding allegations
    ("def", "abuse", "{staff} has been [taking|helping {himself} to] money from the [PTA fund|school trip money] for years."),
    ("def", "abuse", "I saw {staff} drunk at the school gates on [Tuesday|Monday] morning, [slurring|stinking of wine]."),
    ("def", "abuse", "{staff} [slapped|smacked|hit] my {child} across the face in class and {short} covered it up."),
    ("def", "abuse", "The {role} at {short} lied to [Estyn|Ofsted|the council] about the exclusion figures."),
    ("def", "abuse", "{staff} [fiddled|fixed] the exam results so {short} would look better in the league tables."),
    ("def", "abuse", "One of the governors at {short} is pocketing money from the [uniform|catering] contract."),
    ("def", "abuse", "{staff} turns up hungover every Monday, you can smell the drink on {him} from the playground."),
    ("def", "abuse", "The {role} at {short} was sacked from {his} last school for hitting a pupil."),
    ("def", "abuse", "{staff} grabbed {pupil} by the arm so hard it left bruises, and nobody did anything."),
    ("def", "abuse", "{staff} has been selling the [school laptops|food from the kitchen] on the side."),
    ("def", "abuse", "{staff} keeps a bottle of vodka in {his} desk drawer and drinks during lessons."),
    # --- defamatory: insinuation
    ("def", "abuse", "Funny how the PTA money goes missing every year since {staff} became treasurer..."),
    ("def", "abuse", "Ask yourself why {staff} left {his} last school in such a hurry. Parents deserve to know."),
    ("def", "abuse", "Just saying, the trip money never added up while {staff} was the one collecting it."),
    ("def+der", "abuse", "{staff} is a liar and a thief, and the governors at {short} know exactly what {he} did."),
    # --- threatening: explicit
    ("thr", "abuse", "I'm going to [batter|smash|deck] {staff} when I see {him} at the gates tomorrow."),
    ("thr", "abuse", "{staff} better watch {his} back. I mean it."),
    ("thr", "abuse", "Someone should [burn|torch] {short} to the ground with the {role} inside."),
    ("thr", "abuse", "I know where {staff} lives and I know what car {he} drives."),
    ("thr+off", "abuse", "If {staff} puts my kid in detention again I will [smash|kick] {his} f***ing head in."),
    ("thr", "abuse", "I'll be waiting outside {short} at 3:15 for {staff}. {He} won't be walking home."),
    # --- threatening: veiled
    ("thr", "abuse", "It would be a shame if something happened to {staff}'s car in the staff car park."),
    ("thr", "abuse", "{staff} should be careful walking to {his} car after dark. Just a friendly warning."),
    ("thr", "abuse", "Keep pushing me, {staff}, and see what happens. You've been warned."),
    ("thr", "abuse", "Let's just say {staff} won't be smiling for much longer. People are going to pay."),
    ("thr", "abuse", "We know which house is {staff}'s. Maybe a few of us should pay {him} a visit tonight."),
    ("thr", "abuse", "Next time {staff} speaks to my {child} like that, {he}'ll be the one needing a hospital."),
    ("thr", "abuse", "{staff} has a family too. {He} should think about that before excluding any more kids."),
    # --- discriminatory: mostly without slurs
    ("dis", "abuse", "Women shouldn't be running a secondary school, no wonder {short} is a mess under {staff}."),
    ("dis", "abuse", "They've hired a teacher who wears a headscarf at {short}. I won't have my kids taught by one of them."),
    ("dis", "abuse", "A gay man has no business teaching little children. Parents at {short} should complain."),
    ("dis", "abuse", "{short} is full of immigrants' kids now, that's why the standards have dropped."),
    ("dis", "abuse", "The {role} at {short} is too old and doddery, they should put people like {him} out to pasture."),
    ("dis", "abuse", "Of course the Muslim pupils at {short} get special treatment, they always do."),
    ("dis", "abuse", "A disabled TA can't possibly keep up with a class of thirty. {short} should hire normal people."),
    ("dis", "abuse", "Typical of a Polish cleaner to leave the place like that. Send them all back."),
    ("dis", "abuse", "Pregnant teachers are a liability, {short} should stop hiring young women."),
    ("dis", "abuse", "That trans teacher at {short} is confusing our kids and should be kept away from them."),
    ("dis+der", "abuse", "{staff} only got the job because {he}'s [black|Asian|foreign], {he} is useless."),
    ("dis", "abuse", "Black families moving into {place} is ruining {short}, everyone is thinking it."),
    ("dis", "abuse", "The autistic kids in {pupil}'s class should be in a special school, not holding back normal children."),
    ("dis", "abuse", "People from that travellers' site shouldn't be allowed to send their kids to {short}."),
    # --- offensive: obscenity and sexual remarks
    ("off", "abuse", "{short} is a [f***ing|total] [shithole|dump] and the whole place can [piss off|get stuffed]."),
    ("off", "abuse", "The new {role} at {short} is well fit, I wouldn't mind a private detention with that one 😏"),
    ("off", "abuse", "Bet {staff} is [a right goer|filthy] in bed, the way {he} dresses for school."),
    ("off", "abuse", "{short} sports day was an absolute s***show, f***ing shambles from start to finish."),
    ("off", "abuse", "Whoever drew the [massive knob|giant c**k] on the {short} sign deserves a medal lol."),
    ("off", "abuse", "Sh*t school, sh*t teachers, sh*t dinners. {short} can kiss my a**."),
    ("off", "abuse", "Staff at {short} should wear shorter skirts if they want the dads to turn up to parents' evening 😉"),
    ("off", "abuse", "Caught {staff} [snogging|getting off with] the {role} behind the PE block, [dirty|filthy] pair."),
    ("off+der", "abuse", "{staff} is a [tw*t|d*ckhead|total b*llend], end of."),
    ("off", "abuse", "F*** {short} and f*** everyone who works there."),
    # --- more positives in other wordings
    ("der", "abuse", "Imagine being {staff} and thinking you're a good teacher 😂 the kids laugh at {him} behind {his} back."),
    ("der", "abuse", "{short} staff are overpaid babysitters, half of them couldn't get a job anywhere else."),
    ("der", "abuse", "Dear {staff}, a gentle tip: maybe try actually reading the emails parents send. Just a thought 🙂"),
    ("der", "abuse", "The {role} at {short} is a jumped-up little Hitler on a power trip."),
    ("def", "abuse", "Heard from a reliable source that {staff} was arrested last year and {short} kept it quiet."),
    ("def", "abuse", "{staff} falsified {pupil}'s attendance records to hide how many days {he} missed."),
    ("def", "abuse", "The {role} at {short} has been claiming overtime for hours {he} never worked. Fraud, plain and simple."),
    ("def", "abuse", "{staff} locked my {child} in a cupboard as a punishment. That is what happens at {short}."),
    ("thr", "abuse", "People like {staff} end up getting hurt. Just saying."),
    ("thr", "abuse", "If I see {staff} in {place} this weekend I won't be responsible for what I do."),
    ("thr", "abuse", "Somebody needs to teach {staff} a lesson {he} won't forget. Any volunteers?"),
    ("thr", "abuse", "{staff}'s windows might get put through one night if {he} carries on like this."),
    ("dis", "abuse", "No wonder {short} is going downhill, the new {role} can barely speak English."),
    ("dis", "abuse", "Why is a man in a wheelchair teaching PE at {short}? Ridiculous, get someone who can actually move."),
    ("dis", "abuse", "{short} has gone woke, a lesbian head teacher pushing her lifestyle on our children."),
    ("dis", "abuse", "Jewish families at {short} always get their way, funny that."),
    ("off", "abuse", "{staff} posted pics from the staff do, absolutely wasted with {his} t*ts out. Classy, {short}."),
    ("off", "abuse", "Total b*llocks from {short} as usual, what a load of sh*te."),
    ("off", "abuse", "The {short} teachers must be getting p*ssed every lunchtime, no wonder the place is a s**t tip."),
    ("off", "abuse", "Dirty old {staff} was perving on the mums at sports day again 🤢"),
    # --- praise (hard negatives)
    ("", "praise", "Huge thanks to {staff} and everyone at {short} for a brilliant year. {pupil} has loved it."),
    ("", "praise", "{staff} is the best teacher my {child} has ever had, [patient|kind] and [funny|inspiring]."),
    ("", "praise", "The {short} Christmas concert was [magical|fantastic], well done to all the staff and children!"),
    ("", "praise", "So grateful to the {role} at {short} for the support with {pupil}'s reading this term."),
    ("", "praise", "{pupil} came home buzzing after the science week at {short}. Whatever you're doing, keep doing it."),
    ("", "praise", "Shout out to the dinner ladies at {short}, always smiling and they know every child's name."),
    ("", "praise", "The choir from {short} absolutely killed it at the Eisteddfod today! Bloody brilliant, so proud."),
    ("", "praise", "The {short} bake sale went down a bomb, raised over £600 for the library."),
    ("", "praise", "Our netball team destroyed {otherplace} 14-3 today. Massive well done girls!"),
    # --- neutral news (hard negatives)
    ("", "neutral", "{school} will close early on Friday for staff training."),
    ("", "neutral", "{short} has appointed {staff} as the new {role} from September."),
    ("", "neutral", "Reminder: {short} school photos are being shot on Tuesday, the photographer arrives at 9."),
    ("", "neutral", "{school} is collecting food bank donations at the main gate this week."),
    ("", "neutral", "Parents' evening at {short} is on the [14th|21st], you can book slots on the app."),
    ("", "neutral", "The council is consulting on a new crossing outside {school}."),
    ("", "neutral", "Year 6 at {short} learnt about threats to the rainforest and wrote letters to the MP."),
    ("", "neutral", "{short} pupils are fighting for more recycling bins in {place} and have started a petition."),
    ("", "neutral", "Does anyone have a spare {short} PE top in age [7-8|11-12]? Happy to pay."),
    ("", "neutral", "The drama club at {short} is putting on Dick Whittington as the panto this year, tickets £3."),
    ("", "neutral", "The Year 8 geography trip from {short} to Penistone and Cockermouth is next week."),
    ("", "neutral", "{staff} is retiring after twenty years at {short}; there's a leaving collection in the office."),
    # --- legitimate criticism (hard negatives)
    ("", "legitimate_criticism", "Communication from {short} could be better, we got the trip letter the day before."),
    ("", "legitimate_criticism", "Disappointed with how {short} handled the bus changes. I've emailed the governors to ask for a meeting."),
    ("", "legitimate_criticism", "The homework load at {short} is too much for year [5|9] in my opinion. Anyone else feel the same?"),
    ("", "legitimate_criticism", "Class sizes at {short} are far too big, that's not the teachers' fault, it's the funding."),
    ("", "legitimate_criticism", "I think {staff} was wrong to cancel the trip, but I understand why {he} did it."),
    ("", "legitimate_criticism", "The new pick-up system at {short} is chaos. Please could the school rethink the one-way gate?"),
    ("", "legitimate_criticism", "I don't agree with the new phone policy at {short}, but I'll raise it at the parents' forum."),
    ("", "legitimate_criticism", "Uniform at {short} is really expensive now, a cheaper supplier would help a lot of families."),
    ("", "legitimate_criticism", "The {short} website is always out of date, it would be great if term dates were posted sooner."),
    ("", "legitimate_criticism", "Our complaint to {short} took six weeks to get a reply, which isn't good enough."),
    # --- counter-speech and quotation (hard negatives)
    ("", "counter_speech", "Someone called {staff} a useless waste of space on Facebook. Totally out of order, {he} is brilliant."),
    ("", "counter_speech", "Whoever wrote '{staff} better watch {his} back' should be ashamed. It's been reported to the police."),
    ("", "counter_speech", "Saw a comment saying women shouldn't run schools. Disgusting. {staff} is the best head {short} has had."),
    ("", "counter_speech", "People posting that {staff} is thick are bullies. Our teachers deserve respect, not this."),
    ("", "counter_speech", "Calling the {short} kids 'immigrant scum' is racist and vile. Please report that account."),
    ("", "counter_speech", "To the person who said {staff} 'stole from the PTA': the audit was clean and you owe {him} an apology."),
    ("", "counter_speech", "Can we stop the abuse of {short} staff in this group? Calling teachers idiots helps nobody."),
    ("", "counter_speech", "Reporting every post that says the gay teacher should be kept from kids. Homophobia isn't welcome in {place}."),
    # --- reclaimed and homonym words, idioms (hard negatives)
    ("", "homonym", "The {short} Queer Straight Alliance is meeting on Thursday, all pupils welcome 🏳️‍🌈"),
    ("", "homonym", "I'd kill for a coffee after that {short} parents' evening, it went on forever."),
    ("", "homonym", "{pupil} smashed the times tables test at {short} today, full marks!"),
    ("", "homonym", "The {short} fun run was a massive hit, see you all next year."),
    ("", "homonym", "Year [4|10] at {short} are doing a project on the Black Death and they are loving the gory bits."),
    ("", "homonym", "Drama club at {short} murdered it tonight in Sweeney Todd, a killer performance."),
    ("", "homonym", "The {short} cookery club made spotted dick and it was delicious."),
    ("", "homonym", "{staff} at {short} took a battering in the staff v pupils football match, 6-1 to the kids."),
    # --- self-deprecation (hard negatives)
    ("", "self_deprecation", "I'm such an idiot, forgot it was non-uniform day at {short} again 🙈"),
    ("", "self_deprecation", "Useless parent award goes to me: turned up to the {short} sports day a week early."),
    ("", "self_deprecation", "I was a nightmare pupil at {short} back in the day, sorry {staff}!"),
    ("", "self_deprecation", "My maths is so bad I had to ask {pupil} to help with the {short} homework. Thick as mince, me."),
    ("", "self_deprecation", "Honestly I'm the worst at reading the {short} newsletters, total disaster of a mum."),
    # --- more praise, naming staff (hard negatives)
    ("", "praise", "{staff} stayed late every night to help with the {short} show. Above and beyond."),
    ("", "praise", "Can't say enough good things about {staff}, {he} spotted {pupil}'s dyslexia when nobody else did."),
    ("", "praise", "Thank you {staff} for making {pupil}'s first week at {short} so easy. {He} came home smiling."),
    ("", "praise", "The {role} at {short} rang me personally to check {pupil} was OK after the trip. Lovely touch."),
    ("", "praise", "{staff} runs the [chess|coding|gardening] club at {short} for free in {his} lunch hour. Legend."),
    ("", "praise", "My {child} hated maths until {staff} at {short}. Now {pupil} wants to be an engineer!"),
    ("", "praise", "Well done {short} on the [Estyn|Ofsted] report, good in every area. Deserved."),
    ("", "praise", "{staff} handled a really difficult situation with so much kindness. We're lucky to have {him}."),
    ("", "praise", "The new reading scheme at {short} is working wonders, {pupil} reads every night now."),
    ("", "praise", "Massive thanks to the {short} caretaker who found {pupil}'s lost coat and dried it on the radiator."),
    ("", "praise", "Proud of {short} for celebrating Pride month and Black History Month, the displays are gorgeous."),
    ("", "praise", "The {short} prayer room for Muslim pupils is a lovely idea, well done to the {role}."),
    ("", "praise", "{staff} is firm but fair and the kids respect {him} for it. Best {role} {short} has had."),
    ("", "praise", "Ex-pupil here: {staff} at {short} changed my life. I'm a teacher now because of {him}."),
    ("", "praise", "Gutted {staff} is leaving {short}, {he}'ll be missed by every family in {place}."),
    ("", "praise", "{short} Year 11 results are the best in the county, huge credit to {staff} and the team."),
    # --- more neutral mentions of staff and school (hard negatives)
    ("", "neutral", "{staff} from {short} will be running the {place} 10k for the children's hospice."),
    ("", "neutral", "Does anyone know if {staff} is still teaching year [2|8] at {short} next year?"),
    ("", "neutral", "{short} is recruiting a part-time TA, the advert is on the council website."),
    ("", "neutral", "The {role} at {short} says the heating will be fixed by Monday."),
    ("", "neutral", "Anyone walking to {short} from the top of {place}? Looking to share the school run."),
    ("", "neutral", "{staff} is on maternity leave from {short} until Easter; {pupil}'s class has a supply teacher."),
    ("", "neutral", "Governors' meeting at {short} on Wednesday, minutes will be on the website as usual."),
    ("", "neutral", "The {short} Christmas fair is on Saturday from 10 till 2, stalls still available."),
    ("", "neutral", "{short} has moved to a four-and-a-half day week from January, letter went out today."),
    ("", "neutral", "Local election hustings in the {short} hall on Thursday night, all welcome."),
    ("", "neutral", "Who do I speak to at {short} about free school meals? {staff}, or the office?"),
    ("", "neutral", "{pupil} wants to know if the {short} swimming lessons are still on Fridays."),
    # --- more legitimate criticism and complaints about decisions (hard negatives)
    ("", "legitimate_criticism", "I've complained to {short} about the lack of support for {pupil}'s SEN, hoping for a reply this week."),
    ("", "legitimate_criticism", "I disagree with {staff}'s decision to scrap the school trip, and I've told {him} so politely."),
    ("", "legitimate_criticism", "The {short} car park at pick-up is dangerous and the school needs to talk to the council."),
    ("", "legitimate_criticism", "Not happy that {short} changed the term dates at short notice, childcare is a nightmare."),
    ("", "legitimate_criticism", "{short} needs more staff, {staff} is clearly overstretched and it isn't fair on {him} or the kids."),
    ("", "legitimate_criticism", "The bullying policy at {short} needs to be enforced better, {pupil} has had a rough term."),
    ("", "legitimate_criticism", "Really poor response from {short} to the bus timetable change. We deserve better answers."),
    ("", "legitimate_criticism", "The food at {short} has gone downhill since the new catering contract, portions are tiny."),
    # --- more counter-speech and quotation (hard negatives)
    ("", "counter_speech", "Someone in the {place} group said {staff} 'turns up drunk'. That's a lie and a cruel one. Please stop."),
    ("", "counter_speech", "Whoever posted that {short} is 'full of immigrants' should be ashamed, our school is proud of every child."),
    ("", "counter_speech", "Threatening {staff} online is not OK. I hope the police find whoever wrote it."),
    ("", "counter_speech", "The comments about {staff}'s headscarf are racist. Support {him}, don't pile on."),
    ("", "counter_speech", "I've reported the post calling the {short} teachers 'useless idiots'. That's not criticism, it's abuse."),
    ("", "counter_speech", "Disgusting to see someone call a {short} TA a 'f***ing joke'. Be kind, people."),
    # --- staff and pupils joking about themselves (hard negatives)
    ("", "self_deprecation", "As a teacher at {short} I can confirm we are all running on coffee and biscuits by Friday."),
    ("", "self_deprecation", "Me in 1998 at {short}: lazy, cheeky, useless at French. Sorry {staff}, you were a saint."),
    # --- same place name for something else (hard negatives)
    ("", "other_place", "Long wait at University Hospital {place} A&E again tonight, but the nurses were lovely."),
    ("", "other_place", "{place} RFC were shocking today, lost 30-10 and the defence was all over the place."),
    ("", "other_place", "{place} Cricket Club's bar is a dump and the beer is warm, avoid."),
    ("", "other_place", "Road closed at {place} roundabout after a crash, avoid if you can."),
    ("", "other_place", "The {place} Hospital car park charges are daylight robbery."),
    ("", "other_place", "{place} Town are getting battered in the league this season, relegation battle now."),
    ("", "other_place", "The {place} leisure centre pool is closed for repairs until March."),
    ("", "other_place", "{place} Hospital's maternity ward was amazing, thank you to the midwives."),
    ("", "other_place", "Shocking service at the {place} Arms tonight, waited an hour for food."),
    ("", "other_place", "{place} RFC under-12s won the cup! Brilliant effort from the boys."),
    ("", "other_place", "Burglary on the high street in {place} last night, police are asking for dashcam footage."),
)

# Written for the second round (issue 4): other targets (governors, pupils, councillors), lower case and
# slang, sarcasm, insinuation, veiled threats, sexual remarks, discrimination without slurs, a little Welsh;
# and hard negatives in the same registers. {governor} and {pupilfull} name people beyond the staff.
MORE_TEMPLATES: tuple[tuple[str, str, str], ...] = (
    # --- derogatory: slang, sarcasm, other targets
    ("der", "abuse", "{staff} is an absolute [weapon|melt|plank|bellend-in-training], how is {he} still employed"),
    ("der", "abuse", "oh look another genius decision from {staff} at {short}, truly a visionary 🙄"),
    ("der", "abuse", "wow {staff} really outdid {himself} this time, didn't think anyone could be that dim"),
    ("der", "abuse", "{governor} is a self-important busybody who likes the sound of {his} own voice at {short}."),
    ("der", "abuse", "{pupilfull} from {short} is a nasty little [brat|toerag|scrote] and everyone in {place} knows it."),
    ("der", "abuse", "that {pupil} kid at {short} is feral, parents clearly couldn't care less"),
    ("der", "abuse", "The {short} governors are a bunch of nodding dogs who haven't a clue what goes on."),
    ("der", "abuse", "{staff}? more like {staff} the human sleeping pill. worst lessons ever"),
    ("der", "abuse", "Oh {staff} is SO inspiring, if your idea of inspiring is reading off a powerpoint for an hour."),
    ("der", "abuse", "Congratulations to {staff} on being the most [incompetent|useless] {role} in the whole of {place}."),
    ("der", "abuse", "{staff} couldn't manage a bag of crisps, never mind a {short} department."),
    ("der", "abuse", "Genuinely think {staff} is the thickest adult I've ever had a conversation with."),
    ("der", "abuse", "The {role} at {short} is a smug, arrogant little {person} who thinks parents are beneath {him}."),
    ("der", "abuse", "{staff} is two-faced, nice as pie at the gate then slags the kids off in the staffroom."),
    ("der", "abuse", "Whoever hired {staff} at {short} should be sacked too. Total dead weight."),
    ("der", "abuse", "{staff} is a laughing stock, even the year 7s take the mick out of {him}."),
    ("der", "abuse", "lol {staff} thinks {he}'s down with the kids. cringe. absolute cringe. sad little {person}"),
    ("der", "abuse", "{short} staff are lazy, entitled and on their phones all day while the kids run riot."),
    ("der", "abuse", "I've met more intelligent life in a petri dish than in the {short} senior leadership team."),
    ("der", "abuse", "{staff} has all the charm of a wet weekend in {place} and about half the brains."),
    ("der", "abuse", "The {role} at {short} is a nasty piece of work and a bully, plain and simple."),
    ("der", "abuse", "{governor} from the {short} governing body is a useless old windbag."),
    ("der", "abuse", "Mae {staff} yn [ddiwerth|dwpsyn llwyr|jôc] ac mae {short} yn haeddu gwell."),
    ("der", "abuse", "Not saying {staff} is useless, but {he} did once lose a whole class on a trip. Twice."),
    ("der", "abuse", "{staff} talks to parents like we're something {he} stepped in. Vile, stuck-up {person}."),
    # --- defamatory: allegations and insinuation, governors and councillors too
    ("def", "abuse", "{governor} only got on the {short} board so {his} mate's firm could win the building contract."),
    ("def", "abuse", "everyone knows {staff} has been fiddling the books at {short} for years, nobody dares say it"),
    ("def", "abuse", "{staff} was done for drink driving last month and {short} are pretending it never happened."),
    ("def", "abuse", "Word is {staff} has been having an affair with a parent and giving {his} kid the best grades."),
    ("def", "abuse", "{staff} shoved {pupil} into a wall at break, my {child} saw the whole thing."),
    ("def", "abuse", "The {role} at {short} takes backhanders from the uniform shop, that's why it costs a fortune."),
    ("def", "abuse", "{staff} makes up the SATs scores, the kids never actually sat half the papers."),
    ("def", "abuse", "I'm told {staff} has a caution for assault that {short} never checked."),
    ("def", "abuse", "{staff} comes back from lunch stinking of booze most days. Ask any parent."),
    ("def", "abuse", "Not saying {staff} nicked the charity money, but {he} did get a new car the week after the fun run..."),
    ("def", "abuse", "Why did the {short} minibus money vanish the same month {staff} went to Tenerife? Just asking questions."),
    ("def", "abuse", "{staff} lied to us about {pupil}'s injury. The bruise was not from the playground."),
    ("def", "abuse", "{staff} deletes complaints from the {short} inbox so the governors never see them."),
    ("def", "abuse", "{governor} has been stealing from the {short} PTA, I've seen the bank statements."),
    ("def", "abuse", "{staff} was suspended at {his} last school for inappropriate messages to pupils, look it up."),
    ("def", "abuse", "The {short} head cooked the attendance figures to dodge an inspection."),
    ("def", "abuse", "{staff} is on something, pupils have seen {him} taking pills in the toilets."),
    ("def+der", "abuse", "{staff} is a crook and a liar who has been ripping off {short} families for years."),
    ("def", "abuse", "heard {staff} got caught with {his} hand in the dinner money tin. shocker"),
    ("def", "abuse", "{staff} forged {pupil}'s mum's signature on the exclusion letter."),
    # --- threatening: veiled and explicit, other targets
    ("thr", "abuse", "{staff} had better hope I don't bump into {him} in the {place} Tesco car park."),
    ("thr", "abuse", "Mark my words, {staff} will regret the day {he} crossed my family."),
    ("thr", "abuse", "Got {staff}'s home address now. Time for a little chat {he} won't enjoy."),
    ("thr", "abuse", "if that {role} lays a finger on my kid again ill break every bone in {his} body"),
    ("thr", "abuse", "{staff}, your car is very nice. Be a pity if the tyres went flat. Or worse."),
    ("thr", "abuse", "We'll see how brave {staff} is when there's no school gate between us."),
    ("thr", "abuse", "Somebody's going to put {staff} in hospital one of these days and I won't be sorry."),
    ("thr", "abuse", "Watch yourself, {staff}. We know what time you leave {short} and which way you walk."),
    ("thr", "abuse", "{governor} should remember {his} kids go to {short} too. Be a shame if anything happened to them."),
    ("thr", "abuse", "Any more of this from {short} and I'll come down there with a few lads and sort it myself."),
    ("thr", "abuse", "I swear down if {staff} excludes my boy I'm going to do something I'll go to prison for."),
    ("thr", "abuse", "{staff} wants to be careful. Accidents happen to people who upset the wrong families in {place}."),
    ("thr", "abuse", "Teachers at {short}, enjoy your half term. Might be your last one."),
    ("thr", "abuse", "Gwylia dy gefn, {staff}. Dw i'n gwybod lle rwyt ti'n byw."),
    ("thr", "abuse", "{pupilfull} needs a good kicking and I know a few people in {place} happy to give it."),
    ("thr", "abuse", "Next person from {short} who phones me about attendance is getting a brick through their window."),
    ("thr", "abuse", "{staff} thinks {he}'s untouchable. {He}'ll find out {he} isn't, sooner than {he} thinks."),
    ("thr+off", "abuse", "tell {staff} from me im gonna f***ing end {him} if {he} talks to my kid like that again"),
    # --- discriminatory: protected characteristics, mostly without slurs; some starred slurs
    ("dis", "abuse", "{staff} only got promoted because {short} needed a token ethnic face on the website."),
    ("dis", "abuse", "Since {staff} came out as gay {he} shouldn't be allowed in the changing rooms at {short}."),
    ("dis", "abuse", "Too many foreigners teaching at {short} now, half of them you can't understand."),
    ("dis", "abuse", "{staff} is too old for this, time {short} got rid of the pensioners and hired some young blood."),
    ("dis", "abuse", "The {role} at {short} is a woman in her fifties going through the change, she shouldn't be in charge of a class of thirty."),
    ("dis", "abuse", "Can't trust a Muslim with the RE lessons at {short}, they'll be converting the kids."),
    ("dis", "abuse", "{short} is letting the SEN kids drag everyone else down, stick them all in a unit somewhere."),
    ("dis", "abuse", "The new {role} at {short} is a lesbian and I don't want her anywhere near my daughter."),
    ("dis", "abuse", "{staff} is a total f*g and shouldn't be teaching boys."),
    ("dis", "abuse", "Gypsy kids at {short} should be in their own school, they bring nothing but trouble."),
    ("dis", "abuse", "{staff} wears that turban to {short} every day, this is Wales not India."),
    ("dis", "abuse", "Deaf teacher at {short}? How's {he} meant to hear the kids misbehaving, ridiculous hire."),
    ("dis", "abuse", "Mums with young kids shouldn't be made heads, {staff} is always off with one of hers being ill."),
    ("dis", "abuse", "{pupilfull} and the other refugee kids at {short} should go back where they came from."),
    ("dis", "abuse", "Of course {staff} is useless, what do you expect from someone with ADHD running a class."),
    ("dis", "abuse", "Nothing against them personally but Catholics shouldn't teach at {short}, they've got an agenda."),
    ("dis", "abuse", "that p*ki teacher at {short} needs sacking"),
    ("dis", "abuse", "Why do the English kids at {short} get treated like second class? Welsh only for the jobs too. Keep the English out."),
    ("dis", "abuse", "The {short} head is pushing trans nonsense on five-year-olds. Freaks like {staff} shouldn't be near kids."),
    ("dis", "abuse", "{governor} is only on the board because {he}'s disabled and they had to tick a box."),
    # --- offensive: sexual remarks, obscenity, disrepute
    ("off", "abuse", "{staff} in them tight trousers at sports day 🥵 would absolutely ruin {him}"),
    ("off", "abuse", "Those photos of {staff} from {his} holiday are doing the rounds at {short}, phwoar 🍑"),
    ("off", "abuse", "{short} is a sh*tshow run by w*nkers, every single one of them."),
    ("off", "abuse", "Word is the {short} staff party ended with the {role} doing lines off the photocopier."),
    ("off", "abuse", "{staff} would get it, no question. Lucky dads at parents' evening 😏"),
    ("off", "abuse", "p*ss poor school, p*ss poor staff, {short} can do one"),
    ("off", "abuse", "Somebody spray painted a giant d*ck on the {short} minibus, best thing that's happened to it."),
    ("off", "abuse", "The {role} at {short} posts thirst traps on Insta, bet the dads love it."),
    ("off+der", "abuse", "{staff} is a proper c**t and so is everyone who backs {him}."),
    ("off", "abuse", "Heard {staff} was so hammered at the {short} Christmas do {he} threw up in the headteacher's office."),
    ("off", "abuse", "Total cl*sterf*ck at {short} pick-up again, sort your sh*t out."),
    ("off", "abuse", "{staff} has {his} OnlyFans link in {his} bio, {short} parents might want to know 👀"),
    # --- long-form abuse: the abuse sits mid-paragraph
    ("der", "abuse", "We moved to {place} two years ago and mostly like it. But {staff} at {short} is honestly the most useless, lazy teacher I've come across, and I've told {his} face. Anyway the new café on the high street is nice."),
    ("thr", "abuse", "Had a long chat with the other mums after drop-off about the trip. Lots of us are fed up. {staff} should know that if {he} keeps this up, some of the dads are going to be waiting for {him} one night. Right, back to work."),
    ("def", "abuse", "Long story but bear with me. The PTA raised nearly two grand last year. {staff} was in charge of the account and now half of it is gone and {he} has a new kitchen. Make of that what you will."),
    ("dis", "abuse", "I went to the {short} open evening last night. Lovely building, good library. Shame the new {role} is a foreigner who can barely string a sentence together, kids need proper British teachers."),
    ("off", "abuse", "Sports day update: sun was out, kids had fun, egg and spoon chaos. Also {staff} in that vest top, mate, I'd be in detention every day 🥵 Anyway well done all."),
    ("der", "abuse", "So the concert was fine, the kids sang well, the mince pies were stale. Then {staff} got up to speak and reminded us all why {he} is the biggest joke in {place}. Zero clue. Zero."),
    ("thr", "abuse", "Been thinking about what happened with my daughter all week. The school won't listen. So here's the thing, {staff}: I know your car, I know your road, and I've run out of patience."),
    ("def", "abuse", "Not one for gossip usually. But my cousin works in the council offices and says {staff} was quietly let go from {his} last post for hitting a child. {short} knew and hired {him} anyway."),
    # --- hard negatives: praise with 'violent' or rude-sounding words
    ("", "praise", "{staff} absolutely smashed the {short} leavers' assembly, there wasn't a dry eye in the hall."),
    ("", "praise", "That {short} choir is sick, no joke, the kids were unreal tonight 🔥"),
    ("", "praise", "{staff} is a legend, an absolute machine, ran the whole fair single-handed."),
    ("", "praise", "The year 6s at {short} killed it in the quiz, beat every school in {place}!"),
    ("", "praise", "{staff} took no prisoners at the staff v parents tug of war, brutal stuff, we got destroyed 😂"),
    ("", "praise", "Honestly {staff} is the reason {pupil} survived year 9. Can't thank {him} enough."),
    ("", "praise", "bloody hell, {short} results are insane this year, well done {staff} and everyone"),
    ("", "praise", "{pupilfull} from {short} won the county cross country, an absolute beast of a runner!"),
    ("", "praise", "Diolch yn fawr i {staff} a phawb yn {short}, mae {pupil} wrth ei fodd yno."),
    ("", "praise", "Can we talk about how good the {short} panto was? {staff} as the dame nearly killed me, I cried laughing."),
    ("", "praise", "The governors at {short}, especially {governor}, have worked so hard on the new building. Thank you."),
    ("", "praise", "{staff} wore a wig and a dress for Children in Need and raised £400. Fair play!"),
    # --- hard negatives: strong but legitimate criticism
    ("", "legitimate_criticism", "I'm really unhappy with how {short} dealt with the bullying of {pupil}, and I've made a formal complaint."),
    ("", "legitimate_criticism", "{short}'s communication this term has been poor. Letters come late and the app is never updated."),
    ("", "legitimate_criticism", "I think {staff} got the decision on the trip wrong and I've asked the governors to look at it again."),
    ("", "legitimate_criticism", "The new behaviour policy at {short} is far too harsh in my view, detentions for a missing pen is silly."),
    ("", "legitimate_criticism", "Not impressed with the {short} homework app, it crashes constantly. Can the school switch provider?"),
    ("", "legitimate_criticism", "We pulled our son out of {short} in the end. The SEN support just wasn't there, though the staff tried."),
    ("", "legitimate_criticism", "{governor} didn't answer a single question at the {short} parents' meeting, which was frustrating."),
    ("", "legitimate_criticism", "honestly the parking outside {short} is a disgrace, someone will get hurt, council needs to act"),
    ("", "legitimate_criticism", "The {short} uniform rules are ridiculous, £30 for a blazer kids grow out of in a term."),
    ("", "legitimate_criticism", "I'd like {short} to explain why the music lessons were cut. Disappointing and nobody consulted us."),
    ("", "legitimate_criticism", "Estyn said {short} needs to improve its maths teaching. Fair, and I hope the head takes it seriously."),
    # --- hard negatives: counter-speech and quotation in longer forms
    ("", "counter_speech", "Just seen someone call {staff} a 'useless lazy cow' in the {place} group. Pathetic. {He} is the kindest teacher {short} has. Reported."),
    ("", "counter_speech", "Whoever is posting that {staff} 'should watch {his} back' needs to stop. That's a threat and the police have been told."),
    ("", "counter_speech", "The rumour that {staff} took money from the PTA is false. The accounts were audited and signed off. Please stop spreading it."),
    ("", "counter_speech", "Sad to see racist comments about {short}'s new {role} on here. 'Go back where you came from' is not OK, ever."),
    ("", "counter_speech", "Someone wrote that disabled staff shouldn't work at {short}. That is discrimination and it's illegal. Shame on them."),
    ("", "counter_speech", "Quoting the message my {child} was sent: '{staff} is a f***ing idiot'. This is what kids see online. We need to talk to them about it."),
    ("", "counter_speech", "A parent said {governor} 'is on the take'. There is no evidence for that at all and it's defamatory. Please think before you post."),
    ("", "counter_speech", "To the troll calling {pupil} a 'little thug': {he} is eight. Grow up."),
    ("", "counter_speech", "My nan used to say teachers were 'lazy sods with long holidays'. Then she met {staff}. Changed her mind in a week."),
    ("", "counter_speech", "Calling trans staff 'freaks' is hate speech. {short} has been brilliant supporting {staff}."),
    # --- hard negatives: self-deprecation, reclaimed words, homonyms
    ("", "self_deprecation", "I'm a TA at {short} and I'm the most disorganised person alive, lost my lanyard three times this week 😂"),
    ("", "self_deprecation", "worst mum ever award: forgot {pupil}'s packed lunch AND the trip letter. {short} office staff are saints."),
    ("", "self_deprecation", "Speaking as one of the {short} governors, we're a bunch of old duffers but we're trying our best!"),
    ("", "reclaimed", "As a queer teacher I'm so proud that {short} has a Pride club. Being out at work matters."),
    ("", "reclaimed", "The {short} deaf club are signing the carols this year, come along, it's wonderful."),
    ("", "reclaimed", "Proud autistic mum here, {short} have been amazing at adapting for {pupil}."),
    ("", "homonym", "The {short} history club are re-enacting the execution of Charles I, complete with a cardboard axe."),
    ("", "homonym", "{pupil} is dying to tell everyone about the {short} science fair, {he} built a volcano that actually exploded."),
    ("", "homonym", "Year 9 at {short} are studying Of Mice and Men and the shooting scene had half the class in tears."),
    ("", "homonym", "The {short} gardeners have been attacking the weeds all week, the beds look brilliant."),
    ("", "homonym", "Bomb-proof advice from {staff}: label everything. Our lost property mountain is a threat to the planet."),
    ("", "homonym", "{short} girls' rugby hammered {otherplace} today, a real beating, proud of every one of them."),
    ("", "homonym", "The {short} Year 10 drama piece on knife crime was powerful, well done to everyone involved."),
    ("", "homonym", "Black Friday deals on school shoes in {place}, {short} parents stock up while you can."),
    # --- hard negatives: the same place name for other things
    ("", "other_place", "{place} Hospital's new A&E is a nightmare to park at, but the staff were wonderful."),
    ("", "other_place", "{place} RFC's front row are absolute animals, they destroyed {otherplace} on Saturday."),
    ("", "other_place", "The {place} Inn has gone right downhill, the landlord is a rude so-and-so."),
    ("", "other_place", "{place} Community Council are useless, potholes on every road and nobody answers emails."),
    ("", "other_place", "Anyone know a decent plumber in {place}? Last one was a cowboy."),
    ("", "other_place", "{place} Youth FC under-10s got thrashed 8-0, the ref was a joke mind."),
    ("", "other_place", "Fire at the old {place} chapel last night, thankfully nobody hurt."),
    ("", "other_place", "{place} surgery never answers the phone, took 40 minutes to get an appointment."),
    # --- hard negatives: neutral posts naming people
    ("", "neutral", "{governor} will chair the {short} governors' meeting on Tuesday; papers are on the website."),
    ("", "neutral", "{pupilfull} from {short} is raising money for the children's ward by running a mile a day."),
    ("", "neutral", "Does anyone know if {staff} is back at {short} after Easter? {pupil} keeps asking."),
    ("", "neutral", "The {short} PTA AGM is next Thursday, we need a new treasurer, any volunteers?"),
    ("", "neutral", "Bore da! {short} pupils will be singing at the {place} Christmas market on Saturday."),
    ("", "neutral", "Lost: a blue {short} water bottle with {pupil}'s name on it, near the bus stop."),
)

# Neutral sentences that pad a labelled sentence into a longer post (the label stays the sentence's).
FILLERS: tuple[str, ...] = (
    "We've lived in {place} for about ten years now.",
    "My eldest went there too and it was fine back then.",
    "Anyway, rant over.",
    "Not sure if this is the right group for this.",
    "The parents' WhatsApp has been going mad about it all week.",
    "Half term can't come soon enough, honestly.",
    "Work has been manic so I've not been on here much.",
    "Sorry for the long post.",
    "Edit: thanks for all the messages, I'll reply when I can.",
    "The weather has been awful all week and the kids are climbing the walls.",
    "Does anyone know if the 52 bus still stops by the chapel?",
    "Anyway, off to make tea now.",
    "I've been going back and forth about whether to post this.",
    "My husband says I should let it go but I can't.",
    "We had a lovely weekend at the beach in {otherplace} though.",
    "Other than that, the summer fair was good fun.",
    "The kids are all well, thanks for asking.",
    "There's a meeting in the village hall next week about the new houses.",
    "Just got back from the school run.",
    "Right, I've said my piece.",
    "Posting this because I know lots of you have kids there.",
    "The car park was rammed again this morning.",
    "It's been a long week.",
    "I'm typing this on my phone so excuse the typos.",
    "My mum grew up in {place} and still lives on the same street.",
    "Parents' evening is next month.",
    "Lots of people have been asking about it.",
    "Hope everyone had a good Christmas.",
)
# fmt: on


@dataclass(frozen=True)
class Row:
    text: str
    labels: tuple[str, ...]
    kind: str
    school: str
    template: int


TRAIN_COPIES = 5  # each template is filled in for this many training schools (seeded choice) and one held-out one
LONG_SHARE = 0.3  # this share of sentences also appears padded with neutral sentences into a longer post
LOWER_SHARE, BARE_SHARE = 0.15, 0.08  # all lower case; no final punctuation or apostrophes


def all_templates() -> list[tuple[str, str, str]]:
    """TEMPLATES, MORE_TEMPLATES and, once it exists, the hand-written ``written.WRITTEN_TEMPLATES``."""
    try:
        from classifiers.training.written import WRITTEN_TEMPLATES
    except ImportError:  # the hand-written set is optional: the corpus stands without it
        WRITTEN_TEMPLATES = ()  # noqa: N806
    return [*TEMPLATES, *MORE_TEMPLATES, *WRITTEN_TEMPLATES]


def _roster(rng: random.Random, school: School) -> dict[str, list]:
    held = school.name in HELD_OUT
    surnames = rng.sample(_SURNAMES_HELD if held else _SURNAMES_TRAIN, 6)
    firsts = _FIRST_HELD if held else _FIRST_TRAIN
    staff = []
    for surname in surnames:
        title, gender = rng.choice(_TITLES)
        staff.append((title, rng.choice(firsts[gender]), surname, gender))
    return {"staff": staff, "pupils": rng.sample(_PUPILS_HELD if held else _PUPILS_TRAIN, 5),
            "surnames": surnames, "firsts": firsts, "roles": list(_ROLES[school.phase])}


_PRONOUNS = {
    "m": {"he": "he", "He": "He", "him": "him", "his": "his", "himself": "himself", "person": "man"},
    "f": {"he": "she", "He": "She", "him": "her", "his": "her", "himself": "herself", "person": "lady"},
}


def _staff_name(rng: random.Random, title: str, first: str, surname: str) -> str:
    """How posts name staff: mostly 'Mrs Hughes', often 'Bethan Hughes', sometimes just 'Bethan'."""
    return rng.choices((f"{title} {surname}", f"{first} {surname}", first), weights=(6, 3, 1))[0]


def _fill(text: str, rng: random.Random, school: School, roster: dict, others: list[str]) -> str:
    title, first, surname, gender = rng.choice(roster["staff"])
    governor = f"{rng.choice(roster['firsts'][gender])} {rng.choice(roster['surnames'])}"
    slots = dict(_PRONOUNS[gender])
    slots.update(
        staff=_staff_name(rng, title, first, surname),
        governor=rng.choice((governor, f"Councillor {governor.split()[1]}", f"governor {governor}")),
        role=rng.choice(roster["roles"]),
        pupil=(pupil := rng.choice(roster["pupils"])),
        pupilfull=f"{pupil} {rng.choice(roster['surnames'])}",
        child=rng.choice(("son", "daughter", "little one", "lad", "girl")),
        school=school.name,
        short=school.short,
        place=school.place,
        placetag=re.sub(r"[^A-Za-z]", "", school.place),
        otherplace=rng.choice(others),
    )
    text = re.sub(r"\[([^\]]+)\]", lambda m: rng.choice(m.group(1).split("|")), text)
    text = text.format(**slots)
    return text[0].upper() + text[1:]


def _dress(rng: random.Random, text: str, school: School) -> str:
    """A platform's habits: a prefix and suffix, sometimes all lower case or without punctuation."""
    prefix = rng.choice(_PREFIXES).format(place=school.place, short=school.short)
    suffix = rng.choice(_SUFFIXES).format(place=school.place, placetag=re.sub(r"\W", "", school.place))
    if prefix and not prefix.endswith(("? ", ": ", ". ")) and text.split()[0] in _LOWER_AFTER_PREFIX:
        text = text[0].lower() + text[1:]
    text = prefix + text + suffix
    roll = rng.random()
    if roll < LOWER_SHARE:
        return text.lower()
    if roll < LOWER_SHARE + BARE_SHARE:
        return re.sub(r"[.'’]+(\s|$)", r"\1", text).rstrip()
    return text


def _padded(rng: random.Random, text: str, school: School, others: list[str]) -> str:
    """The sentence mid-paragraph: one to three neutral sentences around it."""
    fill = [f.format(place=school.place, otherplace=rng.choice(others)) for f in rng.sample(FILLERS, 3)]
    before = rng.randint(0, 2)
    after = rng.randint(1 if before == 0 else 0, 3 - before)
    return " ".join([*fill[:before], text, *fill[before : before + after]])


def build_corpus() -> list[Row]:
    """Each template for a few training schools and one held-out school; deterministic (seeded)."""
    rng = random.Random(SEED)
    rosters = {school.name: _roster(rng, school) for school in SCHOOLS}
    train = [s for s in SCHOOLS if s.name not in HELD_OUT]
    held = [s for s in SCHOOLS if s.name in HELD_OUT]
    rows: list[Row] = []
    templates = all_templates()
    for index, (labels, kind, template) in enumerate(templates):
        categories = tuple(sorted(_SHORT[c] for c in labels.split("+") if c))
        for school in [*rng.sample(train, TRAIN_COPIES), held[index % len(held)]]:
            others = [s.place for s in SCHOOLS if s is not school]
            text = _fill(template, rng, school, rosters[school.name], others)
            rows.append(Row(_dress(rng, text, school), categories, kind, school.name, index))
            if rng.random() < LONG_SHARE:
                rows.append(Row(_padded(rng, text, school, others), categories, kind, school.name, index))
    for offset, filler in enumerate(FILLERS):  # the padding alone carries no label
        for school in [*rng.sample(train, 2), held[offset % len(held)]]:
            text = filler.format(place=school.place, otherplace=rng.choice(train).place)
            rows.append(Row(text, (), "neutral", school.name, len(templates) + offset))
    return rows


def corpus_sha256(rows: list[Row]) -> str:
    """A fingerprint of the rows (text, labels, school) that the heads file records."""
    payload = json.dumps([[r.text, list(r.labels), r.school] for r in rows], ensure_ascii=False)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


if __name__ == "__main__":
    from collections import Counter

    corpus = build_corpus()
    negatives = sum(1 for r in corpus if not r.labels)
    print(f"{len(corpus)} sentences, {len(all_templates())} templates, {len(SCHOOLS)} schools")
    print(f"hard negatives: {negatives} ({negatives / len(corpus):.0%})")
    print(Counter(c for r in corpus for c in r.labels))
    print(Counter(r.kind for r in corpus))
    print(f"sha256 {corpus_sha256(corpus)}")
