"""Property tests: check() never raises, is deterministic, and its spans are honest."""

from __future__ import annotations

import string

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from netiquette.etiquette import Context, Draft, check
from netiquette.etiquette.normalize import normalize

# Fragments of every kind of rule, spliced with odd Unicode, so the search reaches findings.
FRAGMENTS = [
    "book a quick call", "I help companies like yours", "{first_name}", "refer me",
    "introduce me to your CEO", "sign the petition", "vote for the Blue Party", "add me on",
    "W h a t s A p p", "wh@tsapp", "you are so beautiful", "dinner with me", "send me pics",
    "tell me about yourself", "sorry to bother you", "lend me $200", "Jesus loves you",
    "make $500/day", "passive income", "we met at the meetup", "your talk on testing",
    "\u200b", "\u00ad", "ｆｒｅｅ", "Ꭺ", "é", "👋", "\n", "  ", "c0aches", "s.k.y.p.e",
]  # fmt: skip
texts = st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=20)), max_size=12).map(
    " ".join
)
contexts = st.builds(
    Context,
    first_contact=st.sampled_from([None, True, False]),
    connected=st.sampled_from([None, True, False]),
    how_known=st.sampled_from([None, "none", "colleague", "classmate", "met_in_person",
                               "business", "friend", "stranger?"]),
    sender_role=st.sampled_from([None, "member", "recruiter"]),
    recipient_open_to_work=st.sampled_from([None, True, False]),
    shared=st.lists(st.sampled_from(["employer:Acme", "school:MIT", "event:", ":", "x"]),
                    max_size=3).map(tuple),
    template_copies=st.sampled_from([None, 0, 3, 50]),
    stranger_request_share=st.sampled_from([None, 0.0, 0.5, 0.99]),
    recent_requests=st.sampled_from([None, 0, 5, 100]),
)  # fmt: skip
kinds = st.sampled_from(["request_note", "message", "something else"])

RELAXED = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@RELAXED
@given(text=st.text(), kind=kinds, context=contexts)
def test_check_never_raises_on_any_string(text: str, kind: str, context: Context) -> None:
    verdict = check(Draft(kind, text, context))
    assert verdict.action in {"ok", "warn", "flag", "block"}
    assert verdict.score >= 0


@RELAXED
@given(text=texts, kind=kinds, context=contexts)
def test_check_is_deterministic(text: str, kind: str, context: Context) -> None:
    first = check(Draft(kind, text, context))
    assert check(Draft(kind, text, context)) == first


@RELAXED
@given(text=texts, kind=kinds, context=contexts)
def test_spans_lie_inside_the_text_and_cover_words(text: str, kind: str, context: Context):
    verdict = check(Draft(kind, text, context))
    for finding in verdict.findings:
        if finding.span is None:
            continue
        start, end = finding.span
        assert 0 <= start < end <= len(text)
        marked = text[start:end]
        assert marked.strip(), "a span must cover visible text"
        # The marked original folds back to text the rule could match: same letters.
        assert normalize(marked).text.strip()


@RELAXED
@given(prefix=st.text(alphabet=string.printable, max_size=30))
def test_span_points_at_the_named_words_wherever_they_sit(prefix: str) -> None:
    text = prefix + " Please sign our petition to recall the governor. "
    verdict = check(Draft("message", text, Context(first_contact=True)))
    calls = [f for f in verdict.findings if f.rule_id == "political.campaigning"]
    for finding in calls:
        start, end = finding.span
        assert "sign our petition" in text[start:end].lower()


@RELAXED
@given(text=st.text(max_size=200))
def test_normalised_offsets_are_monotonic_and_in_range(text: str) -> None:
    folded = normalize(text)
    if folded.offsets is None:
        assert len(folded.text) == len(text)
        return
    assert len(folded.offsets) == len(folded.text) + 1
    assert folded.offsets == sorted(folded.offsets)
    assert all(0 <= o <= len(text) for o in folded.offsets)


@settings(max_examples=20, deadline=None)
@given(repeat=st.integers(min_value=1, max_value=3000), fragment=st.sampled_from(FRAGMENTS))
def test_long_repetitive_input_is_handled(repeat: int, fragment: str) -> None:
    verdict = check(Draft("message", fragment * repeat, Context()))
    assert verdict.action in {"ok", "warn", "flag", "block"}
