"""The review page: evidence, the score rule by rule, the conversation, history, reports."""

from __future__ import annotations

import pytest
from django.urls import reverse

from connections.models import ConnectionRequest
from netiquette.core.nav import NAV_COUNTERS
from netiquette.moderation.models import Report
from tests.messaging.verdicts import evidence_html, finding_messages
from tests.moderation.conftest import BAD_TEXT, NAV_QUERIES, session_queries

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]

# user, permissions (one query), the review with its item and the people's names, the
# conversation around it (earlier and later messages in one UNION), the sender's record, past
# reviews, template copies (the item, its fingerprint band matches, the copies' rows), reports,
# log, rule weights. The session (session_queries()) and the navigation's counters
# (NAV_QUERIES) come on top.
REVIEW_BASE_QUERIES = 12

PITCH_FOR = (
    "Hi {name}, I help companies like {company} double their pipeline with our outreach "
    "platform. We have helped over 200 teams this year. Can we book a quick call on Thursday "
    "to walk you through a tailored demo?"
)


def detail(review) -> str:
    return reverse("moderation:review_detail", args=[review.pk])


def test_review_page_explains_the_score_and_shows_the_context(
    moderator_client, people, send_message, flag_message, flag_request
):
    sender, ann, ben = people["sender"], people["ann"], people["ben"]
    send_message(ann, sender, "Hello Sam, nice to meet you at the conference.")
    review = flag_message(sender, ann)
    send_message(ann, sender, "Please do not pitch me here.")
    Report.objects.create(reporter=ann, message_id=review.message_id, reason="Unsolicited pitch")
    copy = send_message(sender, ben, BAD_TEXT)  # the same template sent to someone else
    past = flag_message(sender, ben)
    past.status = "confirmed"
    past.save()
    ConnectionRequest.objects.create(sender=sender, recipient=ben, status="accepted")
    ConnectionRequest.objects.create(sender=sender, recipient=ann, status="ignored")

    response = moderator_client.get(detail(review))
    assert response.status_code == 200
    body = response.content.decode()
    finding = review.message.findings[0]
    start, end = finding["span"]
    assert f'data-rule="{finding["rule_id"]}"' in body
    assert f">{BAD_TEXT[start:end]}</mark>" in body
    assert finding["message"] in body
    assert f"Why it scored {review.score:.2f}" in body
    assert "Hello Sam, nice to meet you at the conference." in body
    assert "Please do not pitch me here." in body
    assert "Unsolicited pitch" in body
    assert "50% of 2 answered" in body
    assert "1 confirmed" in body
    context = response.context
    # Both texts sent to Ben are copies of the reviewed one (the plain copy and the past flag).
    assert {c.pk for c in context["copies"]} == {copy.pk, past.message_id}
    assert "to Ben Brook" in body
    assert [m.text for m in context["before"]] == ["Hello Sam, nice to meet you at the conference."]


def test_request_review_shows_the_note(moderator_client, people, flag_request):
    review = flag_request(people["sender"], people["ann"])
    response = moderator_client.get(detail(review))
    assert response.status_code == 200
    body = response.content.decode()
    assert "request note" in body
    assert "its note is the whole exchange" in body
    assert "<mark" in body


def test_evidence_and_every_user_text_are_escaped(moderator_client, people, flag_message):
    # Markup around a plainly bad pitch: the engine still finds the pitch, the page must show
    # the markup as text and still mark the evidence.
    evil = f'<script>alert(1)</script> "onmouseover=alert(2) {BAD_TEXT}'
    review = flag_message(people["sender"], people["ann"], text=evil)
    Report.objects.create(
        reporter=people["ann"], message_id=review.message_id, reason="<img src=x onerror=alert(3)>"
    )
    body = moderator_client.get(detail(review)).content.decode()
    assert "<script>alert(1)</script>" not in body
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body
    assert '"onmouseover=' not in body
    assert "&quot;onmouseover=alert(2)" in body
    assert "<img src=x" not in body
    assert "&lt;img src=x onerror=alert(3)&gt;" in body
    # The evidence is highlighted where the engine's findings point, each piece escaped.
    assert evidence_html(evil, review.message.findings) in body
    for reason in finding_messages(review.message.findings):
        assert reason in body


def test_missing_review_is_404(moderator_client):
    assert moderator_client.get("/moderation/reviews/999999/").status_code == 404


@pytest.mark.parametrize("history_size", [1, 8])
def test_review_page_query_count_is_fixed(
    moderator_client,
    people,
    send_message,
    flag_message,
    django_assert_num_queries,
    history_size,
):
    # Each flagged history message is a copy of the reviewed one, so the copies are looked up
    # (the item, its band matches, the copies' rows) whatever the history's size.
    for _ in range(history_size):
        send_message(people["ann"], people["sender"], "Earlier message.")
        flag_message(people["sender"], people["ben"])
    review = flag_message(people["sender"], people["ann"])
    Report.objects.create(reporter=people["ann"], message_id=review.message_id)
    assert set(NAV_COUNTERS) == {
        "invitations",
        "unread",
        "notifications",
        "news_connections",
        "news_warnings",
    }, "a new nav counter: update NAV_QUERIES"
    with django_assert_num_queries(REVIEW_BASE_QUERIES + session_queries() + NAV_QUERIES):
        response = moderator_client.get(detail(review))
    assert response.status_code == 200


def test_copies_are_the_templates_near_duplicates_with_names_swapped(
    moderator_client, people, send_message, flag_message, make_member
):
    sender, ann, ben = people["sender"], people["ann"], people["ben"]
    carl = make_member("carl", name="Carl Cole")
    review = flag_message(sender, ann, PITCH_FOR.format(name="Ann", company="Acme"))
    swapped = send_message(sender, ben, PITCH_FOR.format(name="Ben", company="Initech"))
    send_message(sender, carl, "Thanks for the talk at the meetup; the testing tips helped.")
    send_message(ann, ben, PITCH_FOR.format(name="Ben", company="Globex"))  # another sender

    copies = moderator_client.get(detail(review)).context["copies"]
    assert [(c.kind, c.pk) for c in copies] == [("message", swapped.pk)]
    assert "to Ben Brook" in moderator_client.get(detail(review)).content.decode()


def test_learned_findings_show_their_nearest_examples_escaped(
    moderator_client, people, flag_message
):
    review = flag_message(people["sender"], people["ann"])
    message = review.message
    message.findings = [
        *message.findings,
        {
            "rule_id": "model.sales_pitch",
            "label": "sales_pitch",
            "message": "This reads like an unsolicited sales pitch.",
            "span": None,
            "suggestion": "Build the connection first.",
            "weight": 1.4,
            "examples": ["We <b>double</b> your leads!", "Book a demo & save 20%"],
        },
    ]
    message.save(update_fields=["findings"])
    body = moderator_client.get(detail(review)).content.decode()
    assert (
        "Reads like: “We &lt;b&gt;double&lt;/b&gt; your leads!”; “Book a demo &amp; save 20%”"
        in body
    )
    assert "<b>double</b>" not in body
