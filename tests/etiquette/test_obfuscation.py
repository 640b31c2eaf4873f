"""Spammers' tricks must not get through, and evidence must still point at what they typed."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from netiquette.etiquette import Context, Draft, check
from netiquette.etiquette.normalize import normalize


def finding(text: str, rule_id: str, **context):
    verdict = check(Draft("message", text, Context(first_contact=True, **context)))
    matches = [f for f in verdict.findings if f.rule_id == rule_id]
    assert matches, (text, [f.rule_id for f in verdict.findings])
    return matches[0]


@pytest.mark.parametrize(
    ("text", "evidence"),
    [
        ("hey cutie, add me on W h a t s A p p so we can chat", "W h a t s A p p"),
        ("add me on w-h-a-t-s-a-p-p so we can chat", "w-h-a-t-s-a-p-p"),
        ("add me on wh@tsapp so we can chat", "wh@tsapp"),
        ("add me on Whats\u200bApp so we can chat", "Whats\u200bApp"),
        ("add me on ＷｈａｔｓＡｐｐ so we can chat", "ＷｈａｔｓＡｐｐ"),
        ("add me on Whаtsаpp so we can chat", "Whаtsаpp"),  # Cyrillic а
        ("add me on s.k.y.p.e so we can chat", "s.k.y.p.e"),
    ],
)
def test_spaced_leet_zero_width_and_homoglyph_contact_requests_are_caught(text, evidence):
    found = finding(text, "personal.contact_request")
    start, end = found.span
    assert evidence in text[start:end]


def test_leetspeak_pitch_is_caught() -> None:
    found = finding(
        "We h3lp c0aches gr0w f4st. DM 'GROW' to st4rt.", "sales_pitch.unsolicited_offer"
    )
    assert found.span is not None


def test_mathematical_letters_are_folded() -> None:
    text = "Make $500/day 𝗳𝗿𝗼𝗺 𝘆𝗼𝘂𝗿 𝗽𝗵𝗼𝗻𝗲, no experience needed"
    found = finding(text, "sales_pitch.get_rich")
    start, end = found.span
    assert text[start:end].startswith("Make $500")


def test_normalised_offsets_point_back_into_the_original() -> None:
    original = "Ｈｉ\u200b W h a t s A p p c0ach"
    folded = normalize(original)
    assert folded.text == "hi whatsapp coach"
    start = folded.text.index("whatsapp")
    s, e = folded.span(start, start + len("whatsapp"))
    assert original[s:e] == "W h a t s A p p"
    s, e = folded.span(0, 2)
    assert original[s:e] == "Ｈｉ"


def test_url_shortener_links_do_not_hide_a_pitch() -> None:
    text = "Make $400/day from home!!! bit.ly/xyz tinyurl.com/abc"
    assert "sales_pitch" in check(Draft("message", text, Context())).labels


def test_ordinary_words_with_digits_are_left_alone() -> None:
    assert (
        normalize("B2B SaaS in Q3 2026, 24/7 support").text == "b2b saas in q3 2026, 24/7 support"
    )


def test_a_shortened_link_counts_towards_a_pitch_from_a_known_contact() -> None:
    offer = "Our new analytics platform is live for partners."
    known = Context(how_known="business", connected=True)
    assert "sales_pitch" not in check(Draft("message", offer, known)).labels
    shortened = offer + " Book a demo: bit.ly/ab12"
    assert "sales_pitch" in check(Draft("message", shortened, known)).labels


def _rewrite_without_prefilters(text: str) -> str:
    from netiquette.etiquette import normalize as module

    text = module._LEET.sub(module._unleet, text)
    out, cursor = [], 0
    for match in module._SPACED.finditer(text):
        out.append(text[cursor : match.start()])
        out.append("".join(c for c in match.group() if "a" <= c <= "z"))
        cursor = match.end()
    out.append(text[cursor:])
    return "".join(out)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="abcxyz0134578@$!| .-_*/\nA", max_size=60))
def test_normaliser_prefilters_never_skip_a_rewrite(text: str) -> None:
    from netiquette.etiquette.normalize import _rewrite

    folded = text.lower()
    assert _rewrite(folded, None)[0] == _rewrite_without_prefilters(folded)
