"""The recipient's side: warning bar, report, mark safe; who may see what; CSRF; escaping."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from messaging.models import Message
from netiquette.core.templatetags.etiquette import label_name
from netiquette.moderation.models import Report, Review
from tests.messaging.conftest import CLEAN, PITCH, connect, send
from tests.messaging.verdicts import evidence_html, finding_messages

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]

HX = {"HX-Request": "true"}


@pytest.fixture
def pitch(sender_client, recipient) -> Message:
    send(sender_client, recipient, PITCH, send_anyway="on")
    return Message.objects.get()


def thread_page(client, message, **kwargs) -> str:
    return client.get(
        reverse("messaging:thread", args=[message.thread_id]), **kwargs
    ).content.decode()


def test_flagged_message_has_a_warning_bar_for_the_recipient(recipient_client, pitch):
    body = thread_page(recipient_client, pitch)
    assert pitch.action in {"warn", "flag"} and "sales_pitch" in pitch.labels
    assert '<div class="warning-bar" role="note">' in body
    labels = ", ".join(label_name(label) for label in pitch.labels)
    assert f"Netiquette flagged this message</strong>: {labels}." in body
    assert "Sales pitch" in labels
    assert all(f"<li>{reason}</li>" in body for reason in finding_messages(pitch.findings))
    assert evidence_html(pitch.text, pitch.findings) in body
    assert f'action="/messages/{pitch.id}/report/"' in body
    assert f'action="/messages/{pitch.id}/safe/"' in body


@pytest.mark.parametrize("action", ["warn", "flag"])
def test_warned_and_flagged_messages_both_get_the_bar(
    sender_client, recipient_client, recipient, engine_action, action
):
    engine_action(action)
    send(sender_client, recipient, PITCH, send_anyway="on")
    message = Message.objects.get()
    assert message.action == action
    body = thread_page(recipient_client, message)
    assert '<div class="warning-bar" role="note">' in body
    assert evidence_html(message.text, message.findings) in body


def test_the_sender_sees_no_warning_bar_on_their_own_message(sender_client, pitch):
    body = thread_page(sender_client, pitch)
    assert "warning-bar" not in body
    assert "/report/" not in body and "/safe/" not in body


def test_clean_message_has_no_warning_bar(sender_client, recipient_client, sender, recipient):
    connect(sender, recipient)
    send(sender_client, recipient, CLEAN)
    body = thread_page(recipient_client, Message.objects.get())
    assert "warning-bar" not in body
    assert "Report this message" in body  # any received message can still be reported


@pytest.mark.parametrize("htmx", [True, False])
def test_report_opens_a_review_once(recipient_client, recipient, pitch, htmx):
    url = reverse("messaging:report", args=[pitch.id])
    first = recipient_client.post(url, {"reason": "A cold sales pitch"}, headers=HX if htmx else {})
    second = recipient_client.post(url, {}, headers=HX if htmx else {})
    report = Report.objects.get()
    assert (report.reporter, report.message, report.reason) == (
        recipient,
        pitch,
        "A cold sales pitch",
    )
    review = Review.objects.get()
    assert review.message == pitch and review.status == "open"
    assert review.sender_id == pitch.sender_id
    # the review carries the rules and labels stored with the message at send time
    assert review.rule_ids == sorted({finding["rule_id"] for finding in pitch.findings})
    assert review.rule_ids and review.labels == pitch.labels and "sales_pitch" in review.labels
    if htmx:
        assert first.status_code == 200
        body = first.content.decode()
        assert body.lstrip().startswith(
            f'<article class="message received flagged" id="message-{pitch.id}"'
        )
        assert "Thanks — a moderator will review this message." in body
        assert "already reported" in second.content.decode()
    else:
        assert first.status_code == 302
        assert first["Location"].endswith(f"#message-{pitch.id}")
        followed = recipient_client.get(first["Location"]).content.decode()
        assert "You have already reported this message" in followed


def test_reporting_a_focused_message_moves_it_to_other(
    sender_client, recipient_client, sender, recipient
):
    connect(sender, recipient)
    send(sender_client, recipient, CLEAN)
    message = Message.objects.get()
    recipient_client.post(reverse("messaging:report", args=[message.id]))
    message.refresh_from_db()
    assert message.folder == "other"
    assert Review.objects.filter(message=message).count() == 1


@pytest.mark.parametrize("htmx", [True, False])
def test_mark_safe_moves_the_thread_to_focused(recipient_client, pitch, htmx):
    response = recipient_client.post(
        reverse("messaging:mark_safe", args=[pitch.id]), headers=HX if htmx else {}
    )
    pitch.refresh_from_db()
    assert pitch.folder == "focused" and pitch.marked_safe_at is not None
    if htmx:
        body = response.content.decode()
        assert "Marked safe: this conversation is in Focused." in body
        assert "warning-bar" not in body
    else:
        assert response.status_code == 302
    inbox = reverse("messaging:inbox")
    assert "Sam Sender" in recipient_client.get(inbox).content.decode()
    assert "Sam Sender" not in recipient_client.get(inbox, {"folder": "other"}).content.decode()
    assert "warning-bar" not in thread_page(recipient_client, pitch)


# --- authorization: 404 for anything not yours ---------------------------------------------


@pytest.mark.parametrize("htmx", [True, False])
def test_a_stranger_gets_404_for_every_url_on_someone_elses_thread(outsider_client, pitch, htmx):
    headers = HX if htmx else {}
    assert (
        outsider_client.get(
            reverse("messaging:thread", args=[pitch.thread_id]), headers=headers
        ).status_code
        == 404
    )
    for name in ("report", "mark_safe"):
        url = reverse(f"messaging:{name}", args=[pitch.id])
        assert outsider_client.post(url, headers=headers).status_code == 404
    assert not Report.objects.exists() and not Review.objects.exists()
    pitch.refresh_from_db()
    assert pitch.folder == "other" and pitch.marked_safe_at is None


def test_the_sender_cannot_report_or_clear_their_own_message(sender_client, pitch):
    for name in ("report", "mark_safe"):
        response = sender_client.post(reverse(f"messaging:{name}", args=[pitch.id]))
        assert response.status_code == 404
    assert not Report.objects.exists()


def test_missing_ids_are_404(recipient_client):
    assert recipient_client.get(reverse("messaging:thread", args=[424242])).status_code == 404
    assert recipient_client.post(reverse("messaging:report", args=[424242])).status_code == 404
    assert recipient_client.post(reverse("messaging:mark_safe", args=[424242])).status_code == 404


def test_report_and_mark_safe_are_post_only(recipient_client, pitch):
    for name in ("report", "mark_safe"):
        assert (
            recipient_client.get(reverse(f"messaging:{name}", args=[pitch.id])).status_code == 405
        )


def test_anonymous_visitors_are_sent_to_log_in(client, pitch):
    for url in (
        reverse("messaging:inbox"),
        reverse("messaging:thread", args=[pitch.thread_id]),
        reverse("messaging:compose", args=[pitch.recipient_id]),
    ):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


# --- CSRF on htmx POSTs -----------------------------------------------------------------------


@pytest.fixture
def csrf_client(recipient):
    client = Client(enforce_csrf_checks=True)
    client.force_login(recipient)
    return client


def test_htmx_posts_without_a_csrf_token_are_refused(csrf_client, pitch):
    for name in ("report", "mark_safe"):
        response = csrf_client.post(reverse(f"messaging:{name}", args=[pitch.id]), headers=HX)
        assert response.status_code == 403
    response = csrf_client.post(
        reverse("messaging:send", args=[pitch.sender_id]), {"text": CLEAN}, headers=HX
    )
    assert response.status_code == 403
    assert not Report.objects.exists() and Message.objects.count() == 1


def test_htmx_posts_carry_the_token_from_the_body_header(csrf_client, pitch):
    page = csrf_client.get(reverse("messaging:thread", args=[pitch.thread_id]))
    body = page.content.decode()
    token = str(page.context["csrf_token"])
    assert f'<body hx-headers=\'{{"X-CSRFToken": "{token}"}}\'>' in body
    response = csrf_client.post(
        reverse("messaging:mark_safe", args=[pitch.id]), headers={**HX, "X-CSRFToken": token}
    )
    assert response.status_code == 200


# --- escaping inside highlighted evidence ----------------------------------------------------


def test_evidence_highlighting_escapes_script_and_attribute_injection(
    recipient_client, sender, recipient, pitch
):
    text = 'Hello <script>alert(1)</script> and "onmouseover=alert(2) x" bye'
    start = text.index("<script>")
    end = text.index(" bye")
    pitch.text = text
    pitch.findings = [
        {
            "rule_id": "sales_pitch.book_a_call",
            "label": "sales_pitch",
            "message": "<b>why</b>",
            "span": [start, end],
            "suggestion": "",
            "weight": 1.0,
        }
    ]
    pitch.save()
    body = thread_page(recipient_client, pitch)
    assert "<script>alert(1)" not in body
    assert '"onmouseover=' not in body
    assert (
        '<mark class="evidence evidence-sales_pitch" data-rule="sales_pitch.book_a_call" '
        'id="evidence-0">&lt;script&gt;alert(1)&lt;/script&gt; and &quot;onmouseover=alert(2) '
        "x&quot;</mark> bye" in body
    )
    assert "<li>&lt;b&gt;why&lt;/b&gt;</li>" in body


def test_a_hidden_message_shows_a_placeholder_and_no_bar(recipient_client, pitch):
    Message.objects.filter(pk=pitch.pk).update(hidden_at=timezone.now())
    body = thread_page(recipient_client, pitch)
    assert "This message was hidden by a moderator." in body
    assert "book a quick call" not in body and "warning-bar" not in body


def test_an_over_long_report_reason_is_kept_short_not_lost(recipient_client, pitch):
    recipient_client.post(reverse("messaging:report", args=[pitch.id]), {"reason": "x" * 900})
    assert Report.objects.get().reason == "x" * 500


@pytest.mark.parametrize(
    "url",
    [
        "/messages/thread/99999999999999999999999/",
        "/messages/new/99999999999999999999999/",
    ],
)
def test_out_of_range_ids_are_404_not_500(recipient_client, url):
    assert recipient_client.get(url).status_code == 404


def test_out_of_range_ids_on_posts_are_404(recipient_client):
    for url in (
        "/messages/99999999999999999999999/report/",
        "/messages/99999999999999999999999/safe/",
        "/messages/new/99999999999999999999999/send/",
        "/messages/new/99999999999999999999999/check/",
    ):
        assert recipient_client.post(url, {"text": "hi"}).status_code == 404


# --- issue 13.7: a reported message says so; both Report buttons take a reason ---------------


def test_the_warning_bars_report_has_a_reason_box_like_any_message(recipient_client, pitch):
    body = thread_page(recipient_client, pitch)
    bar = body[body.index('<div class="warning-bar"') : body.index('<header class="message-meta">')]
    assert '<input type="text" name="reason" maxlength="500" autocomplete="off">' in bar
    assert "What is wrong with it? (optional)" in bar


@pytest.mark.parametrize("htmx", [True, False])
def test_a_reported_message_no_longer_offers_report(recipient_client, pitch, htmx):
    url = reverse("messaging:report", args=[pitch.id])
    response = recipient_client.post(url, {"reason": "spam"}, headers=HX if htmx else {})
    body = response.content.decode() if htmx else thread_page(recipient_client, pitch)
    article = body[body.index(f'id="message-{pitch.id}"') :]
    article = article[: article.index("</article>")]
    assert "You reported this message" in article and "A moderator will review it." in article
    assert f'action="/messages/{pitch.id}/report/"' not in article
    pitch.refresh_from_db()
    assert pitch.reported_at is not None


def test_a_reported_clean_message_says_so_in_place_of_its_report_link(
    sender_client, recipient_client, sender, recipient
):
    connect(sender, recipient)
    send(sender_client, recipient, CLEAN)
    message = Message.objects.get()
    recipient_client.post(reverse("messaging:report", args=[message.id]))
    body = thread_page(recipient_client, message)
    assert "Report this message" not in body
    # QA: "You reported this message 0 minutes ago."
    assert "You reported this message now." in body and "0\xa0minutes" not in body
