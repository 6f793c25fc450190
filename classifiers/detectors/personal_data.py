"""Personal-data patterns: presidio's UK, card and IBAN recognizers, plus ours for e-mail, home address, date of
birth and sort code."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from presidio_analyzer import Pattern, PatternRecognizer
from presidio_analyzer.predefined_recognizers import (
    CreditCardRecognizer,
    IbanRecognizer,
    NhsRecognizer,
    PhoneRecognizer,
    UkNinoRecognizer,
    UkPostcodeRecognizer,
    UkVehicleRegistrationRecognizer,
)

__all__ = [
    "CarRegistrationDetector",
    "DateOfBirthDetector",
    "EmailDetector",
    "HomeAddressDetector",
    "SortCodeDetector",
    "UkPhoneRecognizer",
    "personal_data_detectors",
]

# English "12 Church Road" and Welsh "14 Heol y Felin" (the street word comes first in Welsh).
_STREET_EN = (r"(?:road|rd|street|st|avenue|ave|close|lane|drive|way|crescent|gardens|terrace|place|court|"
              r"grove|rise|view|walk|mews|row)")
_STREET_CY = r"(?:heol|stryd|ffordd|cwrt|clos|lon|lôn|rhodfa|maes|parc|bryn|cilgant|teras)"
_MONTHS = (r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
           r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)")


class UkPhoneRecognizer(PhoneRecognizer):
    """presidio's phone recognizer for UK numbers, judged by shape rather than by allocation.

    presidio asks ``phonenumbers`` for *valid* numbers, which rejects unallocated ranges such as Ofcom's drama
    numbers (07700 900xxx); a number posted beside a teacher's name is a leak to look at whether or not it is
    allocated. So any *possible* number counts, but only with at least ten digits: "possible" alone would take a
    year or a four-digit reference for a phone number.
    """

    MIN_DIGITS = 10

    def __init__(self) -> None:
        super().__init__(supported_regions=("GB",), leniency=0)

    def analyze(self, text: str, entities: list[str], nlp_artifacts: Any = None) -> list[Any]:
        """presidio's results, less those with too few digits to be a phone number."""
        results = super().analyze(text, entities, nlp_artifacts)
        return [r for r in results if sum(ch.isdigit() for ch in text[r.start:r.end]) >= self.MIN_DIGITS]


class EmailDetector(PatternRecognizer):
    """E-mail addresses (presidio's own needs tldextract, which downloads the public-suffix list)."""

    PATTERNS = [Pattern("email", r"\b[\w.+-]{1,64}@[\w-]{1,63}(?:\.[\w-]{1,63})*\.[a-z]{2,24}\b", 0.8)]
    CONTEXT = ["email", "e-mail", "contact", "personal", "home", "private", "her", "his"]

    def __init__(self) -> None:
        super().__init__(supported_entity="EMAIL", patterns=self.PATTERNS, context=self.CONTEXT)


class HomeAddressDetector(PatternRecognizer):
    """A house number and a street: "7 Cwrt y Felin", "22 Station Road"."""

    PATTERNS = [
        Pattern("street first (Welsh)", rf"\b\d{{1,4}}[a-z]?,?\s+{_STREET_CY}\s+(?:y\s+|yr\s+|'r\s+)?\w+", 0.6),
        Pattern("street last (English)", rf"\b\d{{1,4}}[a-z]?,?\s+(?:[A-Z]\w+\s+){{1,3}}{_STREET_EN}\b", 0.6),
    ]
    CONTEXT = ["lives at", "live at", "living at", "lives on", "address", "home", "house", "moved to", "door"]

    def __init__(self) -> None:
        super().__init__(supported_entity="HOME_ADDRESS", patterns=self.PATTERNS, context=self.CONTEXT)


class DateOfBirthDetector(PatternRecognizer):
    """A full date (day, month, year); it counts as a date of birth only beside its context words."""

    PATTERNS = [
        Pattern("numeric", r"\b(\d{1,2})[/.-](\d{1,2})[/.-]((?:19|20)\d{2})\b", 0.4),
        Pattern("words", rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+{_MONTHS}\s+((?:19|20)\d{{2}})\b", 0.4),
    ]
    CONTEXT = ["born", "dob", "d.o.b", "date of birth", "birthday", "b."]

    def __init__(self) -> None:
        super().__init__(supported_entity="DATE_OF_BIRTH", patterns=self.PATTERNS, context=self.CONTEXT)

    def validate_result(self, pattern_text: str) -> bool:
        """Numeric dates must be real calendar days (day first, as in the UK)."""
        found = re.fullmatch(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})", pattern_text)
        if not found:
            return True
        day, month, year = (int(part) for part in found.groups())
        try:
            date(year, month, day)
        except ValueError:
            return False
        return True


class SortCodeDetector(PatternRecognizer):
    """A bank sort code ("00-00-11"); like a date of birth, it counts only beside its context words."""

    PATTERNS = [Pattern("sort code", r"\b\d{2}-\d{2}-\d{2}\b", 0.3)]
    CONTEXT = ["sort code", "sort-code", "account", "bank"]

    def __init__(self) -> None:
        super().__init__(supported_entity="UK_SORT_CODE", patterns=self.PATTERNS, context=self.CONTEXT)


class CarRegistrationDetector(UkVehicleRegistrationRecognizer):
    """presidio's UK number plates, current format only and in capitals ("WK19 LXO"): the older formats, read
    without regard to case, take ordinary words and numbers ("was 12 y") for plates."""

    def __init__(self) -> None:
        super().__init__(patterns=self.PATTERNS[:1])
        self.global_regex_flags = re.DOTALL | re.MULTILINE
        self.context = [*self.context, "car", "parks", "parked", "drives"]


def personal_data_detectors() -> list[tuple[str, Any]]:
    """(kind, recognizer) for every personal-data pattern; built once per run."""
    return [
        ("nhs-number", NhsRecognizer()),  # validate_result: the NHS mod-11 checksum
        ("ni-number", UkNinoRecognizer()),
        ("postcode", UkPostcodeRecognizer()),
        ("phone", UkPhoneRecognizer()),
        ("email", EmailDetector()),
        ("home-address", HomeAddressDetector()),
        ("date-of-birth", DateOfBirthDetector()),
        ("car-registration", CarRegistrationDetector()),
        ("sort-code", SortCodeDetector()),
        ("bank-card", CreditCardRecognizer()),  # validate_result: the Luhn checksum
        ("iban", IbanRecognizer()),  # validate_result: the IBAN checksum
    ]
