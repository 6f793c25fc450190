"""Sensitive topics, unpublished-matter, counter-speech and doxxing-invitation markers, as word patterns.

A topic alone is not a leak ("our son has additional needs and the school has been brilliant"); the
scorer needs it beside a named person. A topic word followed by a service noun ("the hospital's ADHD
clinic", "safeguarding training") is about a service, not a person, and does not count.
"""

from __future__ import annotations

import re

from classifiers.detectors.base import Hit

__all__ = ["COUNTER_SPEECH", "INTERNAL", "INVITATIONS", "TOPICS", "UNPUBLISHED", "counter_speech", "invitations",
           "topics", "unpublished"]

TOPICS: dict[str, list[str]] = {
    "safeguarding": [r"safeguarding", r"social services", r"social workers?", r"child protection",
                     r"foster(?:ed|ing| care| carers?| placements?| home| family| parents?)", r"taken into care",
                     r"(?:in|into) (?:foster |local authority |kinship )?care(?! (?:home|about|for|of|so|that)\b)",
                     r"care orders?", r"(?:foster|kinship|residential|emergency) placements?",
                     r"kinship (?:care|carers?)",
                     r"social work(?! (?:degrees?|courses?|students?|week|day|department|team)\b)", r"child'?s plan",
                     r"at risk register", r"referrals?", r"\bcp (?:plans?|register)",
                     r"looked[- ]after (?:child|children|kids?|status|now|by the (?:council|local authority))",
                     r"(?:is|are|being|been) looked[- ]after(?! (?:a|an|the|her|his|my|our|their|him|them|me|us)\b)",
                     r"\bcin (?:plans?|meetings?)", r"child in need", r"section (?:17|47)", r"\blado\b",
                     r"(?:went|gone|reported) missing", r"restraining order", r"non[- ]molestation",
                     r"police (?:were|was|came|turned up|called|involved|took|interviewed)", r"on bail",
                     r"\bsent down\b", r"criminal record", r"court summons", r"(?:was |been |got )?cautioned"],
    "health": [r"diagnos(?:ed|is|es)", r"adhd", r"autism", r"autistic", r"dyslexi[ac]", r"epilep(?:sy|tic)",
               r"seizures?", r"diabet(?:es|ic)", r"insulin", r"asthma", r"cancer", r"tumou?r", r"chemo(?:therapy)?",
               r"leukaemia", r"(?-i:\bMS\b)", r"multiple sclerosis", r"crohn'?s", r"colitis", r"colostomy", r"stoma",
               r"heart attack", r"(?:had|having|needs|after|recovering from) (?:an? )?(?:\w+ )?(?:surgery|operation)",
               r"hospital admissions?", r"admitted to hospital", r"in hospital", r"\bivf\b", r"pregnan(?:t|cy)",
               r"weeks gone", r"expecting (?:a baby|again)", r"miscarr(?:iage|ied)",
               r"maternity", r"depression", r"depressed", r"anxiety", r"panic attacks?", r"\bptsd\b", r"\bocd\b",
               r"mental health", r"self[- ]harm(?:ing)?", r"suicid(?:e|al)", r"overdose", r"eating disorder",
               r"anorexi[ac]", r"bulimi[ac]", r"bipolar", r"schizophreni[ac]", r"psychosis", r"sectioned",
               r"psych(?:iatric)? (?:ward|unit|hospital)", r"crisis team", r"counselling",
               r"in the priory(?! (?:school|academy|primary|church))",
               r"therapy", r"medication", r"meds", r"antidepressants?", r"sertraline", r"fluoxetine",
               r"methylphenidate", r"ritalin", r"methadone", r"rehab", r"addiction", r"alcoholic", r"\bhiv\b",
               r"(?:work[- ]related )?stress", r"breakdown", r"terminal(?:ly)? ill", r"dyspraxi[ac]",
               r"dyscalculi[ac]", r"speech (?:and language )?therapy", r"occupational therap(?:y|ist)", r"camhs",
               r"paediatrician", r"fractured", r"concussion", r"long covid", r"slipped disc", r"feeding tube",
               r"\bng tube", r"care plan", r"medical needs"],
    "sen": [r"\bsen\b", r"\baln\b", r"\basn\b", r"\bidp\b", r"\biep\b", r"\behcp\b",
            r"statement of (?:special educational )?needs", r"additional support needs", r"co-?ordinated support plan",
            r"special needs", r"additional (?:learning )?needs", r"(?:a )?ta to (?:him|her)self",
            r"one[- ]to[- ]one (?:support|funding)", r"1[:-]1 (?:support|funding|ta)", r"\bsenco'?s caseload"],
    "exclusion": [r"excluded", r"exclusions?", r"expelled", r"sent home for", r"managed move", r"\bpru\b",
                  r"pupil referral unit", r"isolation (?:booth|room|unit)", r"(?:in|into) isolation",
                  r"reduced timetable", r"part[- ]time timetable", r"off[- ]roll(?:ed|ing)?", r"on report",
                  r"banned from (?:the )?(?:site|school|premises)", r"persistent(?:ly)? absent(?:ees?)?"],
    "staff-matter": [r"disciplinary", r"suspen(?:ded|sion)", r"(?:final |first )?written warning", r"formal warning",
                     r"(?:got|given|had|has had|on|received|issued|handed|gets) (?:a |an |his |her |their )?"
                     r"(?:final|last) warning", r"(?:before|facing|for) the sack",
                     r"(?:came|coming|turned up|turning up) (?:in|into work|to work|to school) "
                     r"(?:drunk|pissed|hungover)",
                     r"gross misconduct", r"capability (?:procedure|process|hearing|review|plan)", r"support plan",
                     r"grievance", r"tribunal", r"settlement agreement", r"sacked", r"dismissed", r"sick note",
                     r"signed off", r"off (?:long[- ]term )?sick", r"long[- ]term sick", r"sick leave",
                     r"off (?:work )?(?:since|for) (?:weeks|months|"
                     r"september|october|november|december|january|february|march|april|may|june|july|august)",
                     r"redundan(?:t|cy|cies)", r"being let go", r"at risk of (?:redundancy|losing)",
                     r"(?:job|post|role) is going", r"got (?:her|his|their) notice",
                     r"£\d+k (?:package|salary|a year)",
                     r"contract (?:ends|is ending|won'?t be renewed|not (?:being )?renewed)"],
    "family": [r"in prison", r"(?:in|out of) jail", r"on benefits", r"free school meals", r"uniform (?:vouchers|grant)",
               r"food ?bank (?:vouchers|parcels|referrals?|bags)", r"arrested", r"domestic (?:violence|abuse)",
               r"divorc(?:e|ed|ing)", r"(?:have|has|are|is|got|just) separated",
               r"custody (?:battle|case|hearing|of)", r"in custody",
               r"bailiffs", r"in debt", r"evicted", r"homeless", r"asylum", r"deport(?:ed|ation)",
               r"immigration", r"visa (?:refused|expired|application|status)", r"passed away",
               r"(?:mum|mam|dad|mother|father|husband|wife|partner|brother|sister|nan|gran|grandad|son|daughter)"
               r" (?:has |just )?died",
               r"bereave(?:d|ment)", r"widow(?:ed|er)?", r"(?:having|had|has had) an affair",
               r"cheated on (?:him|her|his)",
               r"young carer"],
}
# Words after a topic that make it a service or a policy, not a person's matter.
_SERVICE = (r"(?!\s+(?:clinics?|services?|teams?|units?|wards?|awareness|training|polic(?:y|ies)|week|month|"
            r"leads?|officers?|departments?|co-?ordinators?|charit(?:y|ies)|support groups?|nurses?|provision|"
            r"day|course|workshop|fundraiser|walk)\b)")
# "Not announced yet", "keep it quiet": the poster knows it is not public.
UNPUBLISHED = [r"not (?:yet |been )?(?:published|announced|public|official)", r"unpublished", r"unannounced",
               r"keep (?:it|this) (?:quiet|to yourselves?|under your hats?)", r"not (?:meant|supposed) to (?:say|tell)",
               r"between (?:us|you and me)", r"heard it here first", r"\bshh+\b", r"leaked", r"\bdraft\b",
               r"\bconfidential\b", r"off the record", r"unofficially", r"don'?t quote me",
               r"don'?t tell (?:them|anyone|the (?:kids|weans|parents|pupils))",
               r"before (?:the (?:kids|weans|parents|pupils|families|staff)|they|anyone) (?:have|has) been told",
               r"due out", r"in confidence", r"don'?t tell anyone",
               r"my (?:friend|mate|mum|sister|wife|husband|cousin|aunt(?:ie)?|uncle|neighbour)(?:'s| is) "
               r"(?:on the governors|a governor)",
               r"not (?:allowed|permitted) to (?:say|tell|share)", r"(?:you )?didn'?t hear (?:it|this|that) from me",
               r"not (?:yet )?(?:approved|ratified|signed off)", r"works in the .{0,30}office",
               r"not (?:yet |been )?(?:shared|told|sent out) (?:with|to) (?:the )?(?:parents|staff|families)(?: yet)?",
               r"(?:doesn'?t|don'?t|hasn'?t|haven'?t) (?:been told|know) yet", r"before (?:it'?s|it is) announced",
               r"(?:private|closed|confidential) (?:session|part|bit) of the (?:meeting|governors)",
               r"(?:in|at) (?:the|a) (?:closed|private|confidential) session",
               r"(?:won'?t|will not|isn'?t) be (?:made )?(?:public|published|announced)", r"hush[- ]hush",
               r"nothing (?:has been )?(?:announced|said|shared)", r"kept (?:it|that|this) (?:very )?quiet",
               r"provisional", r"(?:told|asked) (?:me|him|her|us|my \w+) not to tell",
               r"part (?:2|two) of the (?:meeting|agenda)", r"not to minute"]
# What an unpublished remark has to be about to be the school's internal matter.
INTERNAL = [r"estyn", r"ofsted", r"inspection", r"grades?", r"mocks?", r"progress 8", r"\bp8\b", r"prelims?", r"marks",
            r"pass rates?", r"settlement",
            r"head(?:teacher)?", r"deputy", r"maternity", r"salary", r"report", r"results", r"governors?",
            r"governing body", r"minutes",
            r"budget", r"cuts?", r"cutting", r"redundan\w*", r"posts", r"closure", r"closing", r"merger",
            r"appointment", r"decision", r"categorisation", r"staffing", r"restructur\w*"]
# The poster condemns what someone else said: the quoted words are not this author's.
COUNTER_SPEECH = [r"ashamed", r"shame on (?:you|them)", r"pack it in", r"grow up", r"not welcome",
                  r"(?:i've|i have|we have|and) reported", r"report it", r"please remove", r"take (?:it|this) down",
                  r"none of (?:your|our|their) business", r"(?:that's|that is|it's|it is) private",
                  r"zero evidence", r"completely untrue", r"leave (?:her|him|them|the \w+) alone",
                  r"should(?:n't| not) be (?:shared|posted|posting)"]
# A push to use someone's published address or number: beside them, a leak becomes intimidation (doxxing).
INVITATIONS = [r"(?:ring|call|phone|text|message|bell|ask|tell) (?:her|him|them)\b",
               r"(?:pay|give) (?:(?:her|him|them) )?a (?:visit|knock|call|ring|bell)",
               r"(?:go|pop|get|head|come) round",
               r"turn(?:s|ing)? up", r"knock(?:s|ing)? (?:on|at)", r"door ?step(?:s|ped|ping)?", r"in person",
               r"to (?:her|his|their) face", r"face to face", r"bring (?:friends|mates|the lads|a few|backup)",
               r"(?:we|you|i|they) know where (?:she|he|they|you) (?:lives?|are|is)", r"now you know where",
               r"(?:will|'ll|can|should) find (?:her|him|them)", r"you know what to do", r"go on\b",
               r"day and night", r"let (?:her|him|them) know", r"make (?:her|his|their) life",
               r"(?:fill|flood|blow) up (?:her|his|their)", r"(?:fill|flood) (?:her|his|their) (?:phone|inbox)",
               r"have at (?:it|her|him|them)", r"do your worst"]

# "my son's ADHD", "our daughter's diagnosis": a parent telling their own family's story.
_OWN = re.compile(r"\b(?:my|our)(?: own)?(?: (?:son|daughter|child|kid|boy|girl|youngest|eldest)(?:'?s)?)?"
                  r"(?: (?:has|had|is|was|got|gets|with|has got|has been))?(?: an?)?\s+$", re.IGNORECASE)


def _compile(terms: list[str], suffix: str = "") -> re.Pattern[str]:
    alternatives = "|".join(terms)
    return re.compile(rf"(?<![\w-])(?:{alternatives})(?![\w-]){suffix}", re.IGNORECASE)


_TOPIC_PATTERNS = {group: _compile(terms, _SERVICE) for group, terms in TOPICS.items()}
_UNPUBLISHED = _compile(UNPUBLISHED)
_INTERNAL = _compile(INTERNAL)
_COUNTER = _compile(COUNTER_SPEECH)
_INVITATIONS = _compile(INVITATIONS)


def topics(text: str) -> list[Hit]:
    """Every sensitive-topic word, as ``topic:<group>`` hits, except the poster's own ("my son's exclusion")."""
    return [Hit(f"topic:{group}", m.start(), m.end()) for group, pattern in _TOPIC_PATTERNS.items()
            for m in pattern.finditer(text) if not _OWN.search(text, max(0, m.start() - 40), m.start())]


def unpublished(text: str) -> list[Hit]:
    """Markers of unpublished matter; ``context`` is True when an internal matter is named in the post."""
    internal = _INTERNAL.search(text) is not None
    return [Hit("unpublished", m.start(), m.end(), context=internal) for m in _UNPUBLISHED.finditer(text)]


def counter_speech(text: str) -> bool:
    """True when the post condemns what it quotes."""
    return _COUNTER.search(text) is not None


def invitations(text: str) -> list[Hit]:
    """Pushes to contact, visit or confront someone ("pay him a visit", "ring her day and night")."""
    return [Hit("invitation", m.start(), m.end()) for m in _INVITATIONS.finditer(text)]
