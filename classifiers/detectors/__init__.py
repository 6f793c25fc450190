"""Confidential-content detectors (policy clause 3): personal-data patterns, the school's roster, topics.

Pattern detectors are presidio ``PatternRecognizer`` subclasses (``PATTERNS``, ``CONTEXT``,
``validate_result``), run offline with no spaCy model: presidio's own UK NHS, National Insurance and
postcode recognizers and its phonenumbers-based phone recognizer, plus ours for e-mail, home addresses and
dates of birth. Its e-mail recognizer is not used: tldextract fetches the public-suffix list from the
internet on first use.
"""

from __future__ import annotations

from classifiers.detectors.base import Hit, find
from classifiers.detectors.personal_data import personal_data_detectors
from classifiers.detectors.roster import Roster
from classifiers.detectors.topics import counter_speech, invitations, topics, unpublished

__all__ = ["Hit", "Roster", "counter_speech", "find", "invitations", "personal_data_detectors", "topics", "unpublished"]
