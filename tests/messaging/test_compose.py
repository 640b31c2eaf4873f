"""Compose, the live check, the send re-check (Edit / Send anyway / block) and bad input.

Why one long module: these are one flow (draft, check, send) seen from each step, sharing its
fixtures.
"""

from __future__ import annotations

import logging
import uuid

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.html import escape

from connections.models import Affiliation, Organisation
from messaging import selectors
from messaging.models import Message, Thread
from netiquette.core import rule_settings
from netiquette.core.filing import folder_for
from netiquette.core.models import WarningEvent
from netiquette.etiquette import RuleSettings
from netiquette.moderation.models import Report, Review
from tests.messaging.conftest import CLEAN, PITCH, connect, send, send_form
from tests.messaging.verdicts import evidence_html, finding_messages, rule_ids, verdict_for

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]

HX = {"HX-Request": "true"}


def row_counts() -> tuple[int, ...]:
    return tuple(model.objects.count() for model in (Message, Thread, WarningEvent, Report, Review))


@pytest.fixture
def blocking_rules(engine_action):
    """Rule settings that weigh the pitch's rules enough to block (as a moderator could)."""
    engine_action("block")


# --- compose page ---------------------------------------------------------------------------


def test_compose_page_shows_the_form_and_the_shared_context(sender_client, recipient):
    response = sender_client.get(reverse("messaging:compose", args=[recipient.id]))
    assert response.status_code == 200
    body = response.content.decode()
    assert "<h1>Message Rita Recipient</h1>" in body
    assert "This is your first message to Rita" in body
    assert 'name="client_token"' in body and 'name="draft_token"' in body
    assert f'hx-post="/messages/new/{recipient.id}/check/"' in body
    assert 'data-max-length="8000"' in body
    assert "maxlength" not in body  # a paste is never cut short without a word


def test_compose_to_a_connection_is_not_a_first_contact(sender_client, sender, recipient):
    connect(sender, recipient)
    body = sender_client.get(reverse("messaging:compose", args=[recipient.id])).content.decode()
    assert "You are connected." in body
    assert "This is your first message" not in body


def test_shared_facts_are_shown_and_given_to_the_engine(sender_client, sender, recipient):
    acme = Organisation.objects.create(kind="company", name="Acme <Labs>")
    for member in (sender, recipient):
        Affiliation.objects.create(profile=member.profile, organisation=acme, kind="position")
    body = sender_client.get(reverse("messaging:compose", args=[recipient.id])).content.decode()
    assert "<li>Employer: Acme &lt;Labs&gt;</li>" in body
    context = selectors.message_context(sender=sender, recipient=recipient)
    assert context.shared == ("employer:Acme <Labs>",)
    assert (context.first_contact, context.connected, context.sender_role) == (
        True,
        False,
        "member",
    )


def test_compose_needs_a_login(client, recipient):
    response = client.get(reverse("messaging:compose", args=[recipient.id]))
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


# --- the live check -------------------------------------------------------------------------


def test_live_check_path_ends_in_check():
    assert reverse("messaging:check", args=[5]).endswith("/check/")


@pytest.mark.parametrize("htmx", [True, False])
def test_live_check_shows_highlighted_findings_and_stores_nothing(
    sender_client, sender, recipient, htmx, caplog
):
    verdict = verdict_for(sender=sender, recipient=recipient, text=PITCH)
    before = row_counts()
    url = reverse("messaging:check", args=[recipient.id])
    with caplog.at_level(logging.DEBUG), CaptureQueriesContext(connection) as queries:
        response = sender_client.post(url, {"text": PITCH}, headers=HX if htmx else {})
    assert response.status_code == 200
    body = response.content.decode()
    assert "sales_pitch" in verdict.labels  # any engine calls this stranger pitch a pitch
    assert '<mark class="evidence evidence-sales_pitch"' in body
    assert evidence_html(PITCH, verdict.findings) in body  # the engine's words, highlighted
    assert all(reason in body for reason in finding_messages(verdict.findings))
    assert ("<html" in body) is not htmx  # htmx swaps only the warnings, never the textarea
    assert ('name="text"' in body) is not htmx
    assert row_counts() == before
    writes = [
        q["sql"] for q in queries if q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE"))
    ]
    assert writes == []
    assert all(PITCH not in record.getMessage() for record in caplog.records)


def test_live_check_shows_the_learned_layers_nearest_examples(sender_client, sender, recipient):
    verdict = verdict_for(sender=sender, recipient=recipient, text=PITCH)
    learned = [f for f in verdict.findings if f.rule_id.startswith("model.")]
    if not learned:
        pytest.skip("the model in force does not judge this pitch")
    response = sender_client.post(
        reverse("messaging:check", args=[recipient.id]), {"text": PITCH}, headers=HX
    )
    body = response.content.decode()
    for finding in learned:
        assert finding.message in body
        quoted = "; ".join(f"“{escape(example)}”" for example in finding.examples)
        assert f"Reads like: {quoted}" in body


def test_live_check_of_a_clean_draft_looks_professional(sender_client, recipient):
    response = sender_client.post(
        reverse("messaging:check", args=[recipient.id]), {"text": CLEAN}, headers=HX
    )
    assert "✓ Looks professional" in response.content.decode()


def test_live_check_of_an_empty_draft_shows_nothing(sender_client, recipient):
    response = sender_client.post(
        reverse("messaging:check", args=[recipient.id]), {"text": "  "}, headers=HX
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert 'id="message-warnings"' not in body  # the container stays; its inside is swapped
    assert "Looks professional" not in body and "<mark" not in body
    assert '<div id="compose-actions" class="compose-actions-area" hx-swap-oob="true">' in body


def test_live_check_of_a_too_long_draft_says_so(sender_client, recipient):
    response = sender_client.post(
        reverse("messaging:check", args=[recipient.id]), {"text": "a" * 8001}, headers=HX
    )
    assert "Messages can be at most 8,000 characters (yours has 8001)." in (
        response.content.decode()
    )


def test_live_check_escapes_script_and_attribute_injection(sender_client, sender, recipient):
    text = f'<script>alert(1)</script> "onmouseover=alert(2) x" — {PITCH}'
    verdict = verdict_for(sender=sender, recipient=recipient, text=text)
    body = sender_client.post(
        reverse("messaging:check", args=[recipient.id]), {"text": text}, headers=HX
    ).content.decode()
    assert "<script>alert(1)" not in body
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body
    assert '"onmouseover=' not in body
    assert "&quot;onmouseover=alert(2) x&quot;" in body
    # the injection sits in the highlighted text, escaped around the engine's marks
    assert evidence_html(text, verdict.findings) in body


# --- sending --------------------------------------------------------------------------------


def test_send_clean_message_redirects_to_the_thread(sender_client, sender, recipient):
    connect(sender, recipient)
    response = send(sender_client, recipient, CLEAN)
    message = Message.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("messaging:thread", args=[message.thread_id])
    assert message.text == CLEAN
    assert (message.sender, message.recipient) == (sender, recipient)
    assert message.connected is True and message.first_contact is False
    assert message.action == "ok" and message.folder == "focused"
    assert message.scored_at is None  # the background scorer confirms it later
    assert message.thread.last_message_at is not None


def test_send_with_htmx_redirects_the_client(sender_client, recipient):
    response = send(sender_client, recipient, CLEAN, htmx=True)
    message = Message.objects.get()
    assert response.status_code == 200
    assert response["HX-Redirect"] == reverse("messaging:thread", args=[message.thread_id])


def test_first_message_to_a_stranger_is_a_first_contact(
    sender_client, recipient_client, sender, recipient
):
    send(sender_client, recipient, CLEAN)
    send(recipient_client, sender, "Thanks, glad you liked it!")
    first, reply = Message.objects.order_by("id")
    assert (first.first_contact, first.connected) == (True, False)
    assert reply.first_contact is False


@pytest.mark.parametrize("htmx", [True, False])
def test_pitch_warns_with_edit_and_send_anyway_and_saves_nothing(
    sender_client, sender, recipient, htmx
):
    verdict = verdict_for(sender=sender, recipient=recipient, text=PITCH)
    assert verdict.action in {"warn", "flag"}  # the engine's own call: neither ok nor block
    data = send_form(PITCH)
    response = sender_client.post(
        reverse("messaging:send", args=[recipient.id]), data, headers=HX if htmx else {}
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "Before you send:" in body
    assert ">Edit</a>" in body
    assert 'name="send_anyway" value="on"' in body
    assert evidence_html(PITCH, verdict.findings) in body
    assert f'value="{data["client_token"]}"' in body  # the same form: a resubmit is one row
    assert ("<html" in body) is not htmx
    assert Message.objects.count() == 0
    event = WarningEvent.objects.get()
    assert str(event.draft_token) == data["draft_token"]
    assert event.rule_ids == rule_ids(verdict) and event.outcome == ""
    assert event.worst_action == verdict.action
    assert PITCH not in str(WarningEvent.objects.values().get())  # no draft text stored


@pytest.mark.parametrize("action", ["warn", "flag"])
def test_warn_and_flag_both_offer_edit_or_send_anyway(
    sender_client, sender, recipient, engine_action, action
):
    engine_action(action)
    body = send(sender_client, recipient, PITCH).content.decode()
    assert "Before you send:" in body and ">Edit</a>" in body
    assert 'name="send_anyway" value="on"' in body
    assert "This message can't be sent." not in body
    assert Message.objects.count() == 0
    assert WarningEvent.objects.get().worst_action == action


@pytest.mark.parametrize("action", ["warn", "flag"])
@pytest.mark.parametrize("htmx", [True, False])
def test_send_anyway_sends_and_records_the_outcome(
    sender_client, sender, recipient, engine_action, action, htmx
):
    engine_action(action)
    verdict = verdict_for(sender=sender, recipient=recipient, text=PITCH)
    data = send_form(PITCH)
    url = reverse("messaging:send", args=[recipient.id])
    sender_client.post(url, data)
    response = sender_client.post(url, {**data, "send_anyway": "on"}, headers=HX if htmx else {})
    assert response.status_code in (200, 302)
    message = Message.objects.get()
    assert (message.action, message.score) == (action, verdict.score)
    assert message.labels == sorted(verdict.labels) and "sales_pitch" in message.labels
    assert message.findings == [finding.as_dict() for finding in verdict.findings]
    # a flag always goes to Other; a warned first contact goes there when its score is high
    expected_folder = folder_for(action=action, score=verdict.score, first_contact=True)
    assert message.folder == expected_folder
    assert action != "flag" or message.folder == "other"
    assert WarningEvent.objects.get().outcome == "sent_anyway"


@pytest.mark.parametrize("htmx", [True, False])
def test_send_anyway_covers_only_what_was_warned_about(sender_client, sender, recipient, htmx):
    """A member warned about a pitch who swaps in a different bad text and presses "Send
    anyway" (without JavaScript, or before the live check answered) is warned again about the
    new text; nothing is sent until they answer for what it says."""
    url = reverse("messaging:send", args=[recipient.id])
    data = send_form(PITCH)
    body = sender_client.post(url, data).content.decode()
    pitch = verdict_for(sender=sender, recipient=recipient, text=PITCH)
    warned = " ".join(finding.rule_id for finding in pitch.findings) + " "
    assert f'name="warned" value="{warned}"' in body
    swapped = "Loved your holiday photos! Fancy a coffee sometime, just the two of us?"
    personal = verdict_for(sender=sender, recipient=recipient, text=swapped)
    assert "personal" in personal.labels and personal.action in {"warn", "flag"}
    answer = {**data, "text": swapped, "send_anyway": "on", "warned": warned}
    response = sender_client.post(url, answer, headers=HX if htmx else {})
    assert response.status_code == 200 and Message.objects.count() == 0
    again = response.content.decode()
    assert "Before you send:" in again
    assert evidence_html(swapped, personal.findings) in again
    # answering for what this text says sends it
    warned_now = " ".join(finding.rule_id for finding in personal.findings)
    sent = sender_client.post(url, {**answer, "warned": warned_now}, headers=HX if htmx else {})
    assert sent.status_code in (200, 302) and Message.objects.get().text == swapped


def test_editing_until_clean_records_edited(sender_client, recipient):
    data = send_form(PITCH)
    url = reverse("messaging:send", args=[recipient.id])
    sender_client.post(url, data)
    response = sender_client.post(url, {**data, "text": CLEAN})
    assert response.status_code == 302
    assert Message.objects.get().text == CLEAN
    event = WarningEvent.objects.get()
    assert event.outcome == "edited" and event.resolved_at is not None


@pytest.mark.parametrize("htmx", [True, False])
def test_block_is_refused_even_with_send_anyway(
    sender_client, sender, recipient, blocking_rules, htmx
):
    verdict = verdict_for(sender=sender, recipient=recipient, text=PITCH)
    data = send_form(PITCH, send_anyway="on")
    response = sender_client.post(
        reverse("messaging:send", args=[recipient.id]), data, headers=HX if htmx else {}
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "This message can't be sent." in body
    assert all(reason in body for reason in finding_messages(verdict.findings))  # says why
    assert evidence_html(PITCH, verdict.findings) in body
    assert "Send anyway" not in body
    assert Message.objects.count() == 0 and Thread.objects.count() == 0
    assert WarningEvent.objects.get().worst_action == "block"


def test_double_submit_creates_one_message(sender_client, recipient):
    data = send_form(CLEAN)
    url = reverse("messaging:send", args=[recipient.id])
    first = sender_client.post(url, data)
    second = sender_client.post(url, data, headers=HX)
    assert Message.objects.count() == 1
    assert first["Location"] == second["HX-Redirect"]


def test_same_token_from_two_senders_is_two_messages(sender_client, outsider_client, recipient):
    data = send_form(CLEAN)
    url = reverse("messaging:send", args=[recipient.id])
    sender_client.post(url, data)
    outsider_client.post(url, data)
    assert Message.objects.count() == 2


# --- bad input ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "error"),
    [
        ("", "Write a message before sending."),
        ("   \n\t ", "Write a message before sending."),
        ("\u200b\u200d\u2060\ufeff", "Write a message before sending."),
        ("a" * 8001, "Messages can be at most 8,000 characters (yours has 8001)."),
        ("hello\x00there", "Your message contains a character we cannot store"),
    ],
    ids=["empty", "whitespace", "zero-width", "too-long", "nul"],
)
@pytest.mark.parametrize("htmx", [True, False])
def test_bad_text_gets_a_clear_message_and_no_row(sender_client, recipient, text, error, htmx):
    response = send(sender_client, recipient, text, htmx=htmx)
    assert response.status_code == (200 if htmx else 400)
    assert error in response.content.decode()
    assert Message.objects.count() == 0 and Thread.objects.count() == 0


def test_exactly_the_maximum_length_is_accepted(sender_client, recipient):
    text = ("Thanks for your talk. " * 400)[:8000]
    response = send(sender_client, recipient, text)
    assert response.status_code == 302
    assert len(Message.objects.get().text) == 8000


@pytest.mark.parametrize(
    "text",
    [
        "Danke für den Vortrag — 谢谢 — شكرا 🎉",
        "e\u0301\u0301\u0301 combining marks and \u200fright-to-left mark",
        "𝐓𝐡𝐚𝐧𝐤𝐬 for the talk",
    ],
)
def test_odd_unicode_is_stored_as_written(sender_client, recipient, text):
    # (direction overrides are the one exception: tests/test_direction_overrides.py)
    response = send(sender_client, recipient, text)
    assert response.status_code == 302
    assert Message.objects.get().text == text


def test_missing_client_token_asks_to_send_again(sender_client, recipient):
    response = sender_client.post(reverse("messaging:send", args=[recipient.id]), {"text": CLEAN})
    assert response.status_code == 400
    assert "This form has expired. Please send your message again." in response.content.decode()
    assert Message.objects.count() == 0


@pytest.mark.parametrize("name", ["compose", "check", "send"])
def test_messaging_oneself_is_refused(sender_client, sender, name):
    url = reverse(f"messaging:{name}", args=[sender.id])
    response = (
        sender_client.get(url) if name == "compose" else sender_client.post(url, send_form(CLEAN))
    )
    assert response.status_code == 400
    assert "You cannot send a message to yourself." in response.content.decode()
    assert Message.objects.count() == 0


@pytest.mark.parametrize("name", ["compose", "check", "send"])
def test_messaging_a_missing_member_is_404(sender_client, name):
    url = reverse(f"messaging:{name}", args=[987654])
    response = (
        sender_client.get(url) if name == "compose" else sender_client.post(url, send_form(CLEAN))
    )
    assert response.status_code == 404
    assert Message.objects.count() == 0


@pytest.mark.parametrize("name", ["send", "check"])
def test_send_and_check_are_post_only(sender_client, recipient, name):
    """A draft never travels in a URL: the live check is a POST too (issue 16.10)."""
    response = sender_client.get(reverse(f"messaging:{name}", args=[recipient.id]), {"text": CLEAN})
    assert response.status_code == 405


def test_send_is_post_only(sender_client, recipient):
    response = sender_client.get(reverse("messaging:send", args=[recipient.id]))
    assert response.status_code == 405


def test_draft_token_is_a_fresh_uuid_per_form(sender_client, recipient):
    url = reverse("messaging:compose", args=[recipient.id])
    tokens = {sender_client.get(url).context["form"].initial["draft_token"] for _ in range(2)}
    assert len(tokens) == 2 and all(isinstance(t, uuid.UUID) for t in tokens)


def test_live_check_query_count_is_pinned(sender_client, sender, recipient, monkeypatch, settings):
    # A miss: user, recipient+profile, sender profile, connected?, spoken?, shared facts;
    # then the member and the pair's context are kept in this process for a few seconds and
    # the session is in the Redis cache: no query (the session's without Redis).
    # The rule settings are the scoring area's (cached there), so they are held fixed here.
    monkeypatch.setattr(rule_settings, "current_rule_settings", lambda: RuleSettings())
    url = reverse("messaging:check", args=[recipient.id])
    verdict = verdict_for(sender=sender, recipient=recipient, text=PITCH)
    for expected in (6, 0 if settings.REDIS_URL else 1):
        with CaptureQueriesContext(connection) as queries:
            response = sender_client.post(url, {"text": PITCH}, headers=HX)
        assert evidence_html(PITCH, verdict.findings) in response.content.decode()
        assert len(queries) == expected, [q["sql"] for q in queries]


def test_send_recomputes_the_context_the_live_check_cached(sender_client, sender, recipient):
    sender_client.post(reverse("messaging:check", args=[recipient.id]), {"text": CLEAN}, headers=HX)
    connect(sender, recipient)  # the cached context still says "not connected"
    send(sender_client, recipient, CLEAN)
    assert Message.objects.get().connected is True


def test_sending_clears_the_cached_first_contact(
    sender_client, recipient_client, sender, recipient, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        recipient_client.post(
            reverse("messaging:check", args=[sender.id]), {"text": CLEAN}, headers=HX
        )
        assert selectors.live_check_context(sender=recipient, recipient_id=sender.id).first_contact
        send(sender_client, recipient, CLEAN)
    assert not selectors.live_check_context(sender=recipient, recipient_id=sender.id).first_contact


# --- the live check is a POST that keeps the page consistent (issues 13.2, 13.3, 13.8, 16.10) --


def check(client, recipient, htmx=True, **data):
    return client.post(
        reverse("messaging:check", args=[recipient.id]), data, headers=HX if htmx else {}
    )


def test_live_check_takes_long_accented_drafts(sender_client, sender, recipient):
    """A GET refused drafts over ~4,000 characters (or ~500 accented ones) with 414; a POST
    takes the longest message there is."""
    text = PITCH + " " + "é" * (8000 - len(PITCH) - 1)
    verdict = verdict_for(sender=sender, recipient=recipient, text=text)
    response = check(sender_client, recipient, text=text)
    assert response.status_code == 200
    assert evidence_html(text, verdict.findings) in response.content.decode()


def test_check_wording_without_javascript_keeps_the_draft_in_the_form(
    sender_client, sender, recipient
):
    tokens = send_form(PITCH)
    response = check(sender_client, recipient, htmx=False, **tokens)
    body = response.content.decode()
    assert response.status_code == 200
    assert "<h1>Message Rita Recipient</h1>" in body
    assert f">{PITCH}</textarea>" in body
    assert (
        f'value="{tokens["client_token"]}"' in body and f'value="{tokens["draft_token"]}"' in body
    )
    verdict = verdict_for(sender=sender, recipient=recipient, text=PITCH)
    assert evidence_html(PITCH, verdict.findings) in body
    assert 'formmethod="post"' in body and 'formmethod="get"' not in body


def test_a_draft_edited_until_clean_goes_back_to_a_plain_send(sender_client, recipient):
    """After "Before you send", editing the draft until it is clean must not leave "Send
    anyway" beside "✓ Looks professional" (issue 13.2)."""
    warned = send(sender_client, recipient, PITCH).content.decode()
    assert 'name="confirming" value="1"' in warned and "Send anyway" in warned
    body = check(sender_client, recipient, text=CLEAN, confirming="1").content.decode()
    assert "✓ Looks professional" in body
    assert '<div id="compose-actions" class="compose-actions-area" hx-swap-oob="true">' in body
    assert "Send anyway" not in body and "Before you send" not in body
    assert '<button type="submit" class="send">Send</button>' in body
    still = check(sender_client, recipient, text=PITCH, confirming="1").content.decode()
    assert "Before you send:" in still and "Send anyway" in still
    fresh = check(sender_client, recipient, text=PITCH).content.decode()
    assert "Send anyway" not in fresh  # nobody asked yet: the send re-check asks


def test_an_empty_send_error_lives_where_the_live_check_replaces_it(sender_client, recipient):
    """The "Write a message" error sits inside the warnings the live check swaps, so it goes
    as soon as the member types (issue 13.3)."""
    body = send(sender_client, recipient, "   ").content.decode()
    warnings = body[body.index('<div id="message-warnings"') :]
    warnings = warnings[: warnings.index('<div id="compose-actions"')]
    assert "Write a message before sending." in warnings
    assert 'aria-invalid="true"' in body
    typed = check(sender_client, recipient, text=CLEAN).content.decode()
    assert "Write a message before sending." not in typed


@pytest.mark.parametrize(
    "action,summary",
    [
        ("block", "This can't be sent as it is."),
        ("flag", "You can send this, but it may land badly."),
        ("warn", "You can send this, but it may land badly."),
    ],
)
def test_while_typing_a_blocked_draft_looks_different_from_a_warned_one(
    sender_client, recipient, engine_action, action, summary
):
    engine_action(action)
    body = check(sender_client, recipient, text=PITCH).content.decode()
    assert summary in body
    other = {"This can't be sent as it is.", "You can send this, but it may land badly."} - {
        summary
    }
    assert other.pop() not in body


def test_a_line_break_counts_as_one_character(sender_client, recipient):
    text = "a" * 3999 + "\r\n" + "b" * 4000  # 8,000 as the member counts, 8,001 as sent
    response = send(sender_client, recipient, text, send_anyway="on")
    assert response.status_code == 302
    assert Message.objects.get().text == text.replace("\r\n", "\n")
