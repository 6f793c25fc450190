"""The labelled training corpus for the MiniLM heads: templates filled in for invented schools.

Every school, town, staff and pupil name here is invented. No real slur is spelled out. Each template is
``(labels, kind, text)``: ``labels`` are the categories the sentence carries ("" for a hard negative), ``kind``
says which sort of sentence it is, and ``text`` has ``{slots}`` filled from the school and ``[a|b]`` choices
picked by a seeded random generator, so ``build_corpus()`` returns the same rows on every machine.

Every school gets every template once, with its own staff and pupil names; the two ``HELD_OUT`` schools
also use names no training school uses, so the held-out set tests unseen schools and names (but the
sentence patterns are shared: the sample feed is the honest test of new wording).

Run ``python -m classifiers.training.corpus`` to print counts; ``scripts/train_heads.py`` trains on it.
"""

# ruff: noqa: E501  (the template table: one sentence a line reads better than wrapped strings)
from __future__ import annotations

import hashlib
import json
import random
import re
from dataclasses import dataclass

__all__ = ["CATEGORIES", "HELD_OUT", "SCHOOLS", "Row", "build_corpus", "corpus_sha256"]

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
    School("Penhallow Community School", "Penhallow", "Penhallow", "secondary"),
    School("Ysgol Gynradd Nantlwyd", "Nantlwyd Primary", "Nantlwyd", "primary"),
)
HELD_OUT = ("Penhallow Community School", "Ysgol Gynradd Nantlwyd")

_SURNAMES_TRAIN = ["Hughes", "Pritchard", "Evans", "Okafor", "Nowak", "Khan", "Davies", "Llewellyn", "Bevan", "Morgan", "Patel", "Walsh", "Griffiths", "Price", "Jenkins", "Ahmed", "Kowalski", "Murphy", "Clarke", "Harries", "Powell", "Rowlands", "Singh", "Mensah", "O'Neill", "Fraser", "Baxter", "Yates", "Vaughan", "Mahoney", "Thomas", "Lloyd", "Begum", "Adeyemi", "Parry", "Whitlock", "Carew", "Doyle", "Ellis", "Fenwick", "Gower", "Hale", "Ibbotson", "Jarvis", "Kerr", "Lomax"]
_SURNAMES_HELD = ["Trevelyan", "Owusu", "Pugh", "Zielinski", "Rahman", "Cadwallader", "Osei", "Rhydderch", "Marsh", "Quigley"]
_PUPILS_TRAIN = ["Tomos", "Ffion", "Alfie", "Amelia", "Osian", "Seren", "Jac", "Mali", "Noah", "Aisha", "Leo", "Isla", "Harri", "Cerys", "Kacper", "Zara", "Rhys", "Elin", "Mohammed", "Poppy", "Dylan", "Megan", "Ollie", "Lowri", "Ayaan", "Evie", "Ianto", "Nia", "Jayden", "Gracie"]
_PUPILS_HELD = ["Gethin", "Anwen", "Reuben", "Tegan", "Idris", "Sioned", "Kofi", "Maja"]
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
    ("", "criticism", "Communication from {short} could be better, we got the trip letter the day before."),
    ("", "criticism", "Disappointed with how {short} handled the bus changes. I've emailed the governors to ask for a meeting."),
    ("", "criticism", "The homework load at {short} is too much for year [5|9] in my opinion. Anyone else feel the same?"),
    ("", "criticism", "Class sizes at {short} are far too big, that's not the teachers' fault, it's the funding."),
    ("", "criticism", "I think {staff} was wrong to cancel the trip, but I understand why {he} did it."),
    ("", "criticism", "The new pick-up system at {short} is chaos. Please could the school rethink the one-way gate?"),
    ("", "criticism", "I don't agree with the new phone policy at {short}, but I'll raise it at the parents' forum."),
    ("", "criticism", "Uniform at {short} is really expensive now, a cheaper supplier would help a lot of families."),
    ("", "criticism", "The {short} website is always out of date, it would be great if term dates were posted sooner."),
    ("", "criticism", "Our complaint to {short} took six weeks to get a reply, which isn't good enough."),
    # --- counter-speech and quotation (hard negatives)
    ("", "counter", "Someone called {staff} a useless waste of space on Facebook. Totally out of order, {he} is brilliant."),
    ("", "counter", "Whoever wrote '{staff} better watch {his} back' should be ashamed. It's been reported to the police."),
    ("", "counter", "Saw a comment saying women shouldn't run schools. Disgusting. {staff} is the best head {short} has had."),
    ("", "counter", "People posting that {staff} is thick are bullies. Our teachers deserve respect, not this."),
    ("", "counter", "Calling the {short} kids 'immigrant scum' is racist and vile. Please report that account."),
    ("", "counter", "To the person who said {staff} 'stole from the PTA': the audit was clean and you owe {him} an apology."),
    ("", "counter", "Can we stop the abuse of {short} staff in this group? Calling teachers idiots helps nobody."),
    ("", "counter", "Reporting every post that says the gay teacher should be kept from kids. Homophobia isn't welcome in {place}."),
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
    ("", "self", "I'm such an idiot, forgot it was non-uniform day at {short} again 🙈"),
    ("", "self", "Useless parent award goes to me: turned up to the {short} sports day a week early."),
    ("", "self", "I was a nightmare pupil at {short} back in the day, sorry {staff}!"),
    ("", "self", "My maths is so bad I had to ask {pupil} to help with the {short} homework. Thick as mince, me."),
    ("", "self", "Honestly I'm the worst at reading the {short} newsletters, total disaster of a mum."),
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
    ("", "criticism", "I've complained to {short} about the lack of support for {pupil}'s SEN, hoping for a reply this week."),
    ("", "criticism", "I disagree with {staff}'s decision to scrap the school trip, and I've told {him} so politely."),
    ("", "criticism", "The {short} car park at pick-up is dangerous and the school needs to talk to the council."),
    ("", "criticism", "Not happy that {short} changed the term dates at short notice, childcare is a nightmare."),
    ("", "criticism", "{short} needs more staff, {staff} is clearly overstretched and it isn't fair on {him} or the kids."),
    ("", "criticism", "The bullying policy at {short} needs to be enforced better, {pupil} has had a rough term."),
    ("", "criticism", "Really poor response from {short} to the bus timetable change. We deserve better answers."),
    ("", "criticism", "The food at {short} has gone downhill since the new catering contract, portions are tiny."),
    # --- more counter-speech and quotation (hard negatives)
    ("", "counter", "Someone in the {place} group said {staff} 'turns up drunk'. That's a lie and a cruel one. Please stop."),
    ("", "counter", "Whoever posted that {short} is 'full of immigrants' should be ashamed, our school is proud of every child."),
    ("", "counter", "Threatening {staff} online is not OK. I hope the police find whoever wrote it."),
    ("", "counter", "The comments about {staff}'s headscarf are racist. Support {him}, don't pile on."),
    ("", "counter", "I've reported the post calling the {short} teachers 'useless idiots'. That's not criticism, it's abuse."),
    ("", "counter", "Disgusting to see someone call a {short} TA a 'f***ing joke'. Be kind, people."),
    # --- staff and pupils joking about themselves (hard negatives)
    ("", "self", "As a teacher at {short} I can confirm we are all running on coffee and biscuits by Friday."),
    ("", "self", "Me in 1998 at {short}: lazy, cheeky, useless at French. Sorry {staff}, you were a saint."),
    # --- same place name for something else (hard negatives)
    ("", "place", "Long wait at University Hospital {place} A&E again tonight, but the nurses were lovely."),
    ("", "place", "{place} RFC were shocking today, lost 30-10 and the defence was all over the place."),
    ("", "place", "{place} Cricket Club's bar is a dump and the beer is warm, avoid."),
    ("", "place", "Road closed at {place} roundabout after a crash, avoid if you can."),
    ("", "place", "The {place} Hospital car park charges are daylight robbery."),
    ("", "place", "{place} Town are getting battered in the league this season, relegation battle now."),
    ("", "place", "The {place} leisure centre pool is closed for repairs until March."),
    ("", "place", "{place} Hospital's maternity ward was amazing, thank you to the midwives."),
    ("", "place", "Shocking service at the {place} Arms tonight, waited an hour for food."),
    ("", "place", "{place} RFC under-12s won the cup! Brilliant effort from the boys."),
    ("", "place", "Burglary on the high street in {place} last night, police are asking for dashcam footage."),
)
# fmt: on


@dataclass(frozen=True)
class Row:
    text: str
    labels: tuple[str, ...]
    kind: str
    school: str
    template: int


def _roster(rng: random.Random, surnames: list[str], pupils: list[str], phase: str) -> dict[str, list]:
    staff = []
    for surname in surnames:
        title, gender = rng.choice(_TITLES)
        staff.append((f"{title} {surname}", gender))
    return {"staff": staff, "pupils": pupils, "roles": list(_ROLES[phase])}


_PRONOUNS = {
    "m": {"he": "he", "He": "He", "him": "him", "his": "his", "himself": "himself", "person": "man"},
    "f": {"he": "she", "He": "She", "him": "her", "his": "her", "himself": "herself", "person": "lady"},
}


def _fill(text: str, rng: random.Random, school: School, roster: dict, others: list[str]) -> str:
    name, gender = rng.choice(roster["staff"])
    slots = dict(_PRONOUNS[gender])
    slots.update(
        staff=name,
        role=rng.choice(roster["roles"]),
        pupil=rng.choice(roster["pupils"]),
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


def build_corpus() -> list[Row]:
    """Every template once per school, with that school's names; deterministic (seeded)."""
    rng = random.Random(SEED)
    train_surnames, held_surnames = list(_SURNAMES_TRAIN), list(_SURNAMES_HELD)
    rows: list[Row] = []
    for school in SCHOOLS:
        held = school.name in HELD_OUT
        surnames = rng.sample(held_surnames, 5) if held else rng.sample(train_surnames, 6)
        pupils = rng.sample(_PUPILS_HELD if held else _PUPILS_TRAIN, 5)
        roster = _roster(rng, surnames, pupils, school.phase)
        others = [s.place for s in SCHOOLS if s is not school]
        for index, (labels, kind, template) in enumerate(TEMPLATES):
            text = _fill(template, rng, school, roster, others)
            prefix = rng.choice(_PREFIXES).format(place=school.place, short=school.short)
            suffix = rng.choice(_SUFFIXES).format(place=school.place, placetag=re.sub(r"\W", "", school.place))
            categories = tuple(sorted(_SHORT[c] for c in labels.split("+") if c))
            if prefix and not prefix.endswith(("? ", ": ", ". ")) and text.split()[0] in _LOWER_AFTER_PREFIX:
                text = text[0].lower() + text[1:]
            rows.append(Row(prefix + text + suffix, categories, kind, school.name, index))
    return rows


def corpus_sha256(rows: list[Row]) -> str:
    """A fingerprint of the rows (text, labels, school) that the heads file records."""
    payload = json.dumps([[r.text, list(r.labels), r.school] for r in rows], ensure_ascii=False)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


if __name__ == "__main__":
    from collections import Counter

    corpus = build_corpus()
    negatives = sum(1 for r in corpus if not r.labels)
    print(f"{len(corpus)} sentences, {len(TEMPLATES)} templates, {len(SCHOOLS)} schools")
    print(f"hard negatives: {negatives} ({negatives / len(corpus):.0%})")
    print(Counter(c for r in corpus for c in r.labels))
    print(Counter(r.kind for r in corpus))
    print(f"sha256 {corpus_sha256(corpus)}")
