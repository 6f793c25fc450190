"""clausewatch/text.py: invisible characters, look-alike letters, accents and case cannot hide a word."""

from __future__ import annotations

import pytest

from clausewatch.text import for_matching, for_scoring, html_to_text, readable, text_hash

CYRILLIC_A, CYRILLIC_O, GREEK_O = "\u0430", "\u043e", "\u03bf"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        pytest.param("Llan\u200bdough", "llandough", id="zero-width-space-removed"),
        pytest.param("Llan\u200ddough", "llandough", id="zero-width-joiner-removed"),
        pytest.param("\ufeffLlandough", "llandough", id="byte-order-mark-removed"),
        pytest.param("Lland\u00adough", "llandough", id="soft-hyphen-removed"),
        pytest.param(f"Ll{CYRILLIC_A}nd{CYRILLIC_O}ugh", "llandough", id="cyrillic-lookalikes-folded"),
        pytest.param(f"Lland{GREEK_O}ugh", "llandough", id="greek-omicron-folded"),
        pytest.param("Ysgol Gynradd Llandochau", "ysgol gynradd llandochau", id="plain-welsh-unchanged-but-lowered"),
        pytest.param("Dw i\u2019n caru\u0175 t\u0177", "dw in caruw ty", id="welsh-circumflex-w-y-stripped"),
        pytest.param("Caf\u00e9 na\u00efve", "cafe naive", id="accents-stripped"),
        pytest.param("LLANDOUGH Primary", "llandough primary", id="case-folded"),
        pytest.param("Stra\u00dfe", "strasse", id="casefold-not-just-lower"),
        pytest.param("Llandough's", "llandoughs", id="ascii-apostrophe-dropped"),
        pytest.param("Llandough\u2019s", "llandoughs", id="right-single-quote-dropped"),
        pytest.param("Llandough\u02bcs", "llandoughs", id="modifier-apostrophe-dropped"),
        pytest.param("Llandough`s", "llandoughs", id="backtick-dropped"),
        pytest.param("  Llandough,\tPrimary!!\n", "llandough primary", id="punctuation-and-spaces-collapsed"),
        pytest.param("#LlandoughPrimary @sian", "#llandoughprimary @sian", id="hash-and-at-kept"),
    ],
)
def test_for_matching_normalises(raw: str, expected: str) -> None:
    assert for_matching(raw) == expected


@pytest.mark.parametrize(
    ("raw", "different_from"),
    [
        pytest.param("Llandough", "Llandaff", id="different-word-stays-different"),
        pytest.param("Llandough Primary", "Llandough-Primary-X", id="extra-word-stays"),
        pytest.param("Mr Rees", "Mrs Rees", id="one-letter-difference-kept"),
    ],
)
def test_for_matching_does_not_merge_different_words(raw: str, different_from: str) -> None:
    assert for_matching(raw) != for_matching(different_from)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        pytest.param("Mrs PRITCHARD", "Mrs PRITCHARD", id="case-kept"),
        pytest.param("Mrs\u200b Pritchard", "Mrs Pritchard", id="zero-width-removed"),
        pytest.param(f"Ll{CYRILLIC_A}nd{CYRILLIC_O}ugh", "Llandough", id="lookalikes-folded"),
        pytest.param("  two   spaces\n\nand lines ", "two spaces and lines", id="whitespace-collapsed"),
        pytest.param("Don't stop!", "Don't stop!", id="punctuation-kept"),
    ],
)
def test_for_scoring_keeps_case_and_punctuation(raw: str, expected: str) -> None:
    assert for_scoring(raw) == expected


@pytest.mark.parametrize(
    ("first", "second", "same"),
    [
        pytest.param("Llandough Primary is great", "LLANDOUGH PRIMARY IS GREAT", True, id="case-only-same"),
        pytest.param("Llandough Primary", "Llan\u200bdough\ufeff Primary", True, id="zero-width-only-same"),
        pytest.param("Llandough   Primary\n", " Llandough Primary", True, id="whitespace-only-same"),
        pytest.param("Llandough Primary is great", "Llandough Primary is awful", False, id="different-word-differs"),
        pytest.param("Mr Rees", "Mrs Rees", False, id="one-letter-differs"),
    ],
)
def test_text_hash(first: str, second: str, same: bool) -> None:
    assert (text_hash(first) == text_hash(second)) is same


def test_text_hash_is_sha256_hex() -> None:
    digest = text_hash("anything")
    assert len(digest) == 64
    assert all(ch in "0123456789abcdef" for ch in digest)


def test_html_to_text_keeps_links_and_paragraphs_and_drops_scripts() -> None:
    html = ('<p>Fair at <a href="https://x.example/tags/School">#School</a> &amp; '
            '<a href="https://x.example/p">photos</a></p><p>line<br>two</p><script>alert(1)</script>')
    assert html_to_text(html) == "Fair at #School & photos (https://x.example/p)\n\nline\ntwo"


def test_readable_is_the_post_as_a_person_sees_it() -> None:
    marked = "Lovely\u200b <b>day</b> at school <script>alert(1)</script><img src=x onerror=alert(2)>"
    assert readable(marked) == readable("Lovely day at school") == "Lovely day at school"
