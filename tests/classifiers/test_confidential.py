"""classifiers/confidential.py: roster names near sensitive topics, personal-data patterns; table tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from classifiers import load_scorers
from classifiers.confidential import COUNTER_CAP, DOXXING, ConfidentialScorer
from clausewatch.profile import load_profile

PROFILE = Path(__file__).parents[1] / "data" / "st-brynach" / "profile.toml"


@pytest.fixture(scope="module")
def scorer() -> ConfidentialScorer:
    loaded = ConfidentialScorer()
    loaded.configure(load_profile(PROFILE))
    loaded.load()
    return loaded


LEAKS = [
    ("pupil-diagnosis", "Cai Wynford at St Brynachs has just been diagnosed with autism, poor lad."),
    ("pupil-safeguarding", "Social services are involved with Lowri Bevan-Pugh's family, the school made a referral."),
    ("pupil-exclusion", "Cai Wynford in year 4 has been excluded for three days."),
    ("pupil-sen", "Lowri Bevan-Pugh has an IDP and a TA to herself at St Brynach's Primary."),
    ("first-name-only", "Safeguarding referral made today at St Brynachs, it's Lowri, the one in year 5."),
    ("staff-suspended", "Hearing Mr Prosser is suspended pending a disciplinary at St Brynach's Primary."),
    ("staff-sick-note", "Sick note in for Delyth Harries again, third time this term."),
    ("staff-redundancy", "Not announced yet but the deputy head at St Brynachs is being made redundant."),
    ("governor-family", "Menna Caradog is on benefits and still sits on the school governors."),
    ("home-address", "The Wynfords live at 22 Heol y Bont, Abercarreg if anyone wants a word."),
    ("address-near-name", "Mr Mathias: 5 Station Road, Abercarreg. Go and tell him what you think."),
    ("nhs-number", "Her NHS number is 943 476 5919, it was on the letter left in class."),
    ("ni-number", "Found Mrs Gwilym's payslip in the staff room, NI number AB 12 34 56 C."),
    ("mobile-of-named-pupil-parent", "Sioned Wynford's mobile is 07911 123456, ring her."),
    ("date-of-birth", "Cai Wynford, date of birth 14/03/2017, year 4 at St Brynachs."),
    ("email-of-staff", "Email Mr Prosser at his personal address aled.prosser@example.org and complain."),
    ("draft-estyn", "Our Estyn draft report is in. Not published till March so shh."),
    ("governors-minutes", "Governors met last night, keep it quiet but they are cutting two TA posts."),
    ("welsh-accents", "Mae Cai Wynford wedi cael diagnosis ADHD, meddai athrawes yn yr ysgol."),
    # Leaks in the words people use rather than the official ones.
    ("looked-after", "Cai Wynford is looked after now, in a foster placement out past Abercarreg."),
    ("cp-plan", "Both Wynford kids are on a CP plan, the school has known for months."),
    ("sectioned-parent", "Thinking of Lowri Bevan-Pugh, her mum's just been sectioned."),
    ("pregnancy-slang", "Mrs Harries is 14 weeks gone apparently, not told the parents yet."),
    ("medication-name", "Cai Wynford is meant to get his methylphenidate at lunch and Mrs Gwilym forgot again."),
    ("pru", "Cai Wynford got sent to the PRU after the fire alarm thing."),
    ("bereavement", "Mr Prosser's wife passed away on Saturday, he won't be back for a while."),
    ("salary", "The new deputy head at St Brynachs is on a £71k package, the office told my wife."),
    ("closed-session", "Governors agreed it in the closed session on Thursday: Mr Mathias leaves at Easter."),
    ("number-plate", "Whoever owns WK19 LXO parks across the drop-off zone every morning. It's Mr Prosser's car."),
    ("email-of-the-head", "Email the head on his personal one, idris.home@example.org, he actually reads it."),
    ("long-term-sick", "Mr Prosser is off long-term sick again, year 6 on their third supply teacher."),
    ("deputy-formal-warning", "Heard the deputy at St Brynachs got a formal warning at her last school."),
    # Scottish and Northern Irish words for the same matters, and bank details.
    ("social-work-kinship", "Social work have stepped in at Cai Wynford's house, he's in a kinship placement now."),
    ("asn-csp", "Lowri Bevan-Pugh has ASN and a coordinated support plan, the school says."),
    ("statement-ni", "Cai Wynford has a statement of special educational needs, his mum told the whole bus."),
    ("medical-needs", "The trip list with Cai Wynford's medical needs on it was emailed to every parent."),
    ("sort-code", "Menna Caradog's bank details: sort code 00-00-11, the treasurer's form has the rest."),
    ("leaked-prelims", "Leaked prelim marks for St Brynachs year 11: half of them failed."),
    ("unofficially", "Unofficially the St Brynachs pass rate was 48% this year. Don't quote me."),
]

NOT_LEAKS = [
    ("praise-names-pupil", "Cai Wynford from St Brynach's Primary won the county chess tournament!"),
    ("praise-names-staff", "Mrs Harries and year 2 had us all in tears at the nativity. Diolch!"),
    ("hospital-adhd-clinic", "Mrs Gwilym told parents about the hospital's ADHD clinic and its waiting list."),
    ("safeguarding-training", "Mr Mathias led safeguarding training for the whole staff at St Brynachs."),
    ("own-child", "Our son has additional needs and St Brynach's Primary have been brilliant. Diolch Mr Prosser."),
    ("own-child-exclusion", "Mr Mathias handled my son's exclusion fairly, to be honest."),
    ("published-estyn", "St Brynach's Primary was praised by Estyn. The report was published on Tuesday."),
    ("school-phone", "Call the St Brynachs school office on 01239 123456 to book a place."),
    ("term-date", "Term ends on 18/12/2026 at St Brynach's Primary, back on 5 January."),
    ("topic-without-name", "Mental health week at St Brynachs: lovely assembly about feelings."),
    ("bad-nhs-checksum", "Ref 943 476 5918 for the Christmas fair raffle at St Brynachs."),
    ("plain-criticism", "Respectfully, I think Mr Mathias got the after-school club decision wrong."),
    ("looked-after-someone", "Cai Wynford looked after a new girl all week. Star of the week at St Brynachs!"),
    ("ms-is-a-title", "Ms Harries and year 2 did a lovely assembly at St Brynachs."),
    ("food-bank-fundraiser", "Mr Mathias and the school council raised £900 for the food bank."),
    ("a-contract-price", "Menna Caradog and the governors spent £60k on the new playground."),
    ("number-plate-alone", "WK19 LXO has been parked across the St Brynachs drop-off zone all week."),
    ("parents-final-warning", "Final warning to whoever parks on the St Brynachs zigzags: Mr Mathias has your plate."),
    ("social-work-degree", "Mr Mathias is doing a social work degree part-time, good luck to him."),
    ("six-digits-alone", "Raffle ticket 12-34-56 won the hamper at St Brynachs, Menna Caradog drew it."),
    ("prelims-timetable", "Prelims start on Monday at St Brynachs, good luck to Cai Wynford and all of year 11."),
]

COUNTER = [
    ("condemns-leak", "Whoever posted that Mr Prosser is suspended should be ashamed. None of your business."),
    ("reported", "Someone said Cai Wynford was excluded. That is private and I have reported it."),
]


@pytest.mark.parametrize(("case", "text"), LEAKS, ids=[c for c, _ in LEAKS])
def test_leaks_reach_the_review_band(scorer: ConfidentialScorer, case: str, text: str) -> None:
    [scores] = scorer.score([text])
    assert scores["confidential"] >= 0.5, scorer.explain(text)


@pytest.mark.parametrize(("case", "text"), NOT_LEAKS, ids=[c for c, _ in NOT_LEAKS])
def test_hard_negatives_stay_below_it(scorer: ConfidentialScorer, case: str, text: str) -> None:
    [scores] = scorer.score([text])
    assert scores["confidential"] < 0.5, scorer.explain(text)


@pytest.mark.parametrize(("case", "text"), COUNTER, ids=[c for c, _ in COUNTER])
def test_counter_speech_is_capped(scorer: ConfidentialScorer, case: str, text: str) -> None:
    score, reasons = scorer.explain(text)
    assert score == COUNTER_CAP
    assert reasons[-1] == "capped: condemns what it quotes"


def test_explain_gives_labels_not_the_words(scorer: ConfidentialScorer) -> None:
    score, reasons = scorer.explain("Cai Wynford has been excluded for a week.")
    assert score == pytest.approx(0.9)
    assert reasons[0] == "name:pupil (full) + topic:exclusion"
    assert all("Wynford" not in reason for reason in reasons)


def test_without_a_profile_names_mean_nothing_but_numbers_still_count() -> None:
    [plain] = load_scorers(["confidential"])
    leak, named = plain.score(["NHS number 943 476 5919", "Cai Wynford has been excluded for a week."])
    assert leak["confidential"] > 0.9
    assert named["confidential"] < 0.5


def test_the_roster_is_part_of_the_version() -> None:
    bare, school = ConfidentialScorer(), ConfidentialScorer()
    school.configure(load_profile(PROFILE))
    assert bare.version != school.version
    assert school.version.startswith(tuple("0123456789"))


def test_registered_and_loaded_with_the_profile() -> None:
    [scorer] = load_scorers(["confidential"], load_profile(PROFILE))
    assert isinstance(scorer, ConfidentialScorer)
    assert scorer.score([]) == []


# Someone's address or number with a push to use it: a threat as well as a leak.
DOXXING_POSTS = [
    ("address-visit", "Mr Mathias lives at 5 Station Road, Abercarreg. Maybe a few parents should pay him a visit."),
    ("phone-day-and-night", "Mrs Gwilym's mobile is 07911 123456. Ring her day and night till she sorts the buses."),
    ("address-you-know", "Delyth Harries lives at 3 Maes y Deri, Abercarreg. You know what to do."),
    ("email-flood", "Mr Prosser's personal email is aled.prosser@example.org, fill his inbox."),
    ("in-person", "Sioned Wynford, 22 Heol y Bont, Abercarreg, if anyone wants to ask her in person."),
]

NOT_DOXXING = [
    ("leak-without-a-push", "The Wynfords live at 22 Heol y Bont, Abercarreg, next to the chapel."),
    ("push-without-data", "Someone should pay Mr Mathias a visit and tell him what we think of the buses."),
    ("school-office", "Call the St Brynachs school office on 01239 123456, ring them before 9 to book."),
    ("condemned", "Someone posted Mr Mathias's address, 5 Station Road, and said pay him a visit. I have reported it."),
]


@pytest.mark.parametrize(("case", "text"), DOXXING_POSTS, ids=[c for c, _ in DOXXING_POSTS])
def test_doxxing_is_threatening_and_confidential(scorer: ConfidentialScorer, case: str, text: str) -> None:
    [scores] = scorer.score([text])
    assert scores == {"confidential": pytest.approx(scores["confidential"]), "threatening": DOXXING}
    assert scores["confidential"] >= 0.85


@pytest.mark.parametrize(("case", "text"), NOT_DOXXING, ids=[c for c, _ in NOT_DOXXING])
def test_data_or_a_push_alone_is_not_a_threat(scorer: ConfidentialScorer, case: str, text: str) -> None:
    [scores] = scorer.score([text])
    assert scores["threatening"] == 0.0
