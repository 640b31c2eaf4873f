"""The live check: findings for a draft, from the real relationship; it stores nothing and
logs no draft text."""

from __future__ import annotations

import io
import logging
import uuid

import pytest
from django.apps import apps
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from netiquette.logging import StripLiveCheckQuery, strip_live_check_query
from tests.engine_helpers import evidence_html, finding_messages, finding_suggestions
from tests.requests.conftest import CLEAN, HX, PITCH
from tests.requests.verdicts import note_verdict

pytestmark = pytest.mark.postgres

SECRET = "zebra-purple-sentence"


def check_url(user):
    return reverse("connections:request_check", args=[user.id])


def row_counts() -> dict[str, int]:
    return {model._meta.label: model.objects.count() for model in apps.get_models()}


def test_pitch_shows_highlighted_finding_with_reason_and_suggestion(member_client, member, bob):
    verdict = note_verdict(sender=member, recipient=bob, text=PITCH, how_known="none", live=True)
    assert verdict.action != "ok" and verdict.findings, "the engine must catch a stranger's pitch"
    response = member_client.post(check_url(bob), {"note": PITCH, "how_known": "none"}, **HX)
    body = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in body
    assert f'class="findings findings-{verdict.action}"' in body
    assert evidence_html(PITCH, verdict.findings) in body
    for message in finding_messages(verdict.findings):
        assert message in body
    suggestions = finding_suggestions(verdict.findings)
    assert suggestions, "a finding says what to write instead"
    for suggestion in suggestions:
        assert f"Try: {suggestion}" in body
    assert "Looks professional" not in body


def test_clean_note_looks_professional(member_client, bob):
    body = member_client.post(check_url(bob), {"note": CLEAN}, **HX).content.decode()
    assert "✓ Looks professional" in body
    assert "<mark" not in body


def test_note_over_the_limit_says_so_live(member_client, bob):
    body = member_client.post(check_url(bob), {"note": "a" * 301}, **HX).content.decode()
    assert "The note has 301 characters; keep it to 300 or fewer." in body
    # QA: a 100,000-character paste was reported as "5000" (the part the check reads)
    body = member_client.post(check_url(bob), {"note": "a" * 100_000}, **HX).content.decode()
    assert "The note has 100000 characters; keep it to 300 or fewer." in body


@pytest.mark.parametrize(
    "params",
    [{}, {"note": "\x00\ud7ff odd"}, {"how_known": "nonsense", "draft_token": "not-a-uuid"}],
)
def test_odd_queries_never_fail(member_client, bob, params):
    assert member_client.post(check_url(bob), params, **HX).status_code == 200


def test_an_unknown_how_known_answer_counts_as_unknown(member_client, member, bob):
    unknown = note_verdict(sender=member, recipient=bob, text=PITCH, how_known=None, live=True)
    colleague = note_verdict(
        sender=member, recipient=bob, text=PITCH, how_known="colleague", live=True
    )
    assert unknown.findings != colleague.findings, "the answer must matter for this note"
    for answer, verdict in (("nonsense", unknown), ("colleague", colleague)):
        response = member_client.post(check_url(bob), {"note": PITCH, "how_known": answer}, **HX)
        assert f'class="findings findings-{verdict.action}"' in response.content.decode()
        assert evidence_html(PITCH, verdict.findings) in response.content.decode()


def test_live_check_stores_nothing(member_client, bob):
    before = row_counts()
    for note in (CLEAN, PITCH + SECRET, "a" * 5000):
        member_client.post(check_url(bob), {"note": note, "how_known": "none"}, **HX)
        member_client.post(check_url(bob), {"note": note})
    assert row_counts() == before


def test_live_check_with_a_draft_token_writes_nothing(member_client, member, bob):
    """Even for a pitch with the form's draft token, the live check records no warning: no
    INSERT, UPDATE or DELETE reaches the database, and no model gains or loses a row."""
    token = str(uuid.uuid4())
    pitch = note_verdict(sender=member, recipient=bob, text=PITCH, how_known="none", live=True)
    assert pitch.findings, (
        "the engine must catch a stranger's pitch, or nothing would tempt a write"
    )
    before = row_counts()
    with CaptureQueriesContext(connection) as queries:
        for how_known in ("none", "met_in_person", ""):
            for note in (PITCH + SECRET, PITCH, CLEAN):
                params = {"note": note, "how_known": how_known, "draft_token": token}
                assert member_client.post(check_url(bob), params, **HX).status_code == 200
                assert member_client.post(check_url(bob), params).status_code == 200
    writes = [
        q["sql"]
        for q in queries.captured_queries
        if q["sql"].lstrip().split(None, 1)[0].upper() in {"INSERT", "UPDATE", "DELETE"}
    ]
    assert writes == []
    assert queries.captured_queries, "the capture sees the live check's reads"
    assert row_counts() == before


def test_live_check_is_lean(member_client, bob, django_assert_max_num_queries, settings):
    from django.core.cache import cache

    cache.clear()
    # First check of a pair: user, recipient (with "connected", sender role), shared, the
    # ruleset version (the rule settings are rebuilt only when it changes), and the session
    # when it is not in the Redis cache yet.
    with django_assert_max_num_queries(5):
        member_client.post(check_url(bob), {"note": CLEAN}, **HX)
    # Every further typing pause within a few seconds: the member, the relationship and the
    # rule settings come from this process's memory, the session from Redis (from the
    # database without Redis).
    with django_assert_max_num_queries(0 if settings.REDIS_URL else 1):
        response = member_client.post(check_url(bob), {"note": CLEAN + " more"}, **HX)
    assert response.status_code == 200


def test_live_check_remembers_the_member_only_for_their_session(client, member, bob, settings):
    """A password changed elsewhere ends the session for the live check too, once this
    process's few seconds are over (Django's own session verification then runs)."""
    from django.core.cache import caches

    client.force_login(member)
    assert client.post(check_url(bob), {"note": CLEAN}, **HX).status_code == 200
    member.set_password("another-correct-horse-battery")
    member.save()
    caches["local"].clear()  # the few seconds are over
    response = client.post(check_url(bob), {"note": CLEAN})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_logging_out_ends_the_live_check_at_once(client, member, bob):
    client.force_login(member)
    assert client.post(check_url(bob), {"note": CLEAN}, **HX).status_code == 200
    session_key = client.session.session_key
    client.post(reverse("logout"))
    client.cookies["sessionid"] = session_key  # the old cookie replayed
    response = client.post(check_url(bob), {"note": CLEAN})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_live_check_signed_out_goes_to_log_in(client, bob):
    response = client.post(check_url(bob), {"note": CLEAN})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_live_check_context_is_the_real_relationship(
    member_client, member, bob, affiliate, connect, monkeypatch
):
    from connections.requests import services as request_services

    seen = []
    real = request_services.note_check
    monkeypatch.setattr(
        request_services,
        "note_check",
        lambda *, text, context, **kw: (
            seen.append(context) or real(text=text, context=context, **kw)
        ),
    )
    member.profile.is_recruiter = True
    member.profile.save()
    bob.profile.open_to_work = True
    bob.profile.save()
    affiliate(member, "Acme")
    affiliate(bob, "Acme")
    connect(member, bob)
    member_client.post(check_url(bob), {"note": CLEAN, "how_known": "colleague"}, **HX)
    (context,) = seen
    assert (context.first_contact, context.connected) == (False, True)
    assert context.how_known == "colleague" and context.sender_role == "recruiter"
    assert context.recipient_open_to_work is True
    assert context.shared == ("employer:Acme",)


def test_no_draft_text_in_logs(member_client, bob, caplog):
    """Every logger at DEBUG, including the request loggers, holds no draft text."""
    server_log = io.StringIO()
    handler = logging.StreamHandler(server_log)
    loggers = [logging.getLogger(name) for name in ("django.server", "django.request", "django")]
    for logger in loggers:
        logger.addHandler(handler)
    caplog.set_level(logging.DEBUG)
    try:
        member_client.post(check_url(bob), {"note": PITCH + SECRET}, **HX)
        member_client.post(
            reverse("connections:request_check", args=[999999]), {"note": SECRET}, **HX
        )  # a 404 is logged by django.request
        logging.getLogger("django.server").info(
            '"%s" %s %s', f"GET {check_url(bob)}?note={SECRET}&how_known=none HTTP/1.1", 200, 9
        )
    finally:
        for logger in loggers:
            logger.removeHandler(handler)
    assert "Not Found" in caplog.text or "Not Found" in server_log.getvalue()
    assert SECRET not in caplog.text
    assert SECRET not in server_log.getvalue()
    assert f"{check_url(bob)}?[query removed]" in server_log.getvalue()


@pytest.mark.parametrize(
    "line,expected",
    [
        (
            "GET /people/3/connect/check/?note=hello%20there HTTP/1.1",
            "GET /people/3/connect/check/?[query removed] HTTP/1.1",
        ),
        (
            "GET /threads/9/check/?text=secret HTTP/1.1",
            "GET /threads/9/check/?[query removed] HTTP/1.1",
        ),
        ("GET /people/?q=ann HTTP/1.1", "GET /people/?q=ann HTTP/1.1"),
    ],
)
def test_filter_strips_query_strings_of_live_check_paths(line, expected):
    assert strip_live_check_query(line) == expected
    record = logging.LogRecord("django.server", logging.INFO, "", 0, '"%s" %s', (line, 200), None)
    assert StripLiveCheckQuery().filter(record) is True
    assert record.getMessage() == f'"{expected}" 200'


def test_logging_settings_install_the_filter():
    for name in ("django.server", "django.request"):
        logger = logging.getLogger(name)
        assert any(isinstance(f, StripLiveCheckQuery) for f in logger.filters), name


@pytest.mark.parametrize(
    "line,expected",
    [
        # Issue 16, finding 11: the view a path resolves to decides, however it is spelt.
        (
            "GET /messages/new/2/?text=secret HTTP/1.1",
            "GET /messages/new/2/?[query removed] HTTP/1.1",
        ),
        (
            "GET /messages/new/2/check?text=secret HTTP/1.1",
            "GET /messages/new/2/check?[query removed] HTTP/1.1",
        ),
        (
            "GET /messages/new/2/%63heck/?text=secret HTTP/1.1",
            "GET /messages/new/2/%63heck/?[query removed] HTTP/1.1",
        ),
        (
            "GET /people/7/connect/?note=secret HTTP/1.1",
            "GET /people/7/connect/?[query removed] HTTP/1.1",
        ),
        ("GET /nowhere/?text=secret HTTP/1.1", "GET /nowhere/?[query removed] HTTP/1.1"),
        ("GET /messages/?folder=other HTTP/1.1", "GET /messages/?folder=other HTTP/1.1"),
        ("GET /people/\nforged HTTP/1.1", "GET /people/\\x0aforged HTTP/1.1"),
    ],
)
def test_filter_decides_by_the_resolved_view(line, expected):
    assert strip_live_check_query(line) == expected


# --- a POST that keeps the page consistent (issues 13.2, 13.8, 13.9, 16.10) --------------------


def test_live_check_is_post_only(member_client, bob):
    assert member_client.get(check_url(bob), {"note": CLEAN}, **HX).status_code == 405


def test_live_check_takes_long_accented_notes(member_client, member, bob):
    """As a GET, gunicorn refused notes over ~4,000 characters or ~500 accented ones."""
    note = PITCH + " " + "é" * 4500
    response = member_client.post(check_url(bob), {"note": note, "how_known": "none"}, **HX)
    body = response.content.decode()
    assert response.status_code == 200
    assert f"The note has {len(note)} characters; keep it to 300 or fewer." in body
    verdict = note_verdict(sender=member, recipient=bob, text=note, how_known="none", live=True)
    assert evidence_html(note, verdict.findings) in body


def test_check_wording_without_javascript_keeps_the_draft_in_the_form(member_client, member, bob):
    token = str(uuid.uuid4())
    data = {"note": PITCH, "how_known": "none", "draft_token": token}
    response = member_client.post(check_url(bob), data)
    body = response.content.decode()
    assert response.status_code == 200
    assert "<h1>Connect with Bob Baker</h1>" in body
    assert f">\n{PITCH}</textarea>" in body
    assert f'value="{token}"' in body
    assert (
        '<input type="radio" name="how_known" value="none" id="id_how_known_5" required checked>'
        in body
    )
    verdict = note_verdict(sender=member, recipient=bob, text=PITCH, how_known="none", live=True)
    assert evidence_html(PITCH, verdict.findings) in body
    assert "Say how you know them (or that you" not in body  # a check is not a failed send


def test_a_note_edited_until_clean_goes_back_to_a_plain_send(
    member_client, bob, engine_action, scheduled
):
    """After "Before you send", a clean note must not keep "Send anyway" beside "✓ Looks
    professional" (issue 13.2)."""
    engine_action("warn")
    warned = member_client.post(
        reverse("connections:request_new", args=[bob.id]), {"note": PITCH, "how_known": "none"}
    ).content.decode()
    assert 'name="confirming" value="1"' in warned and "Send anyway" in warned
    data = {"note": CLEAN, "how_known": "met_in_person", "confirming": "1"}
    body = member_client.post(check_url(bob), data, **HX).content.decode()
    assert "✓ Looks professional" in body
    assert '<div id="request-actions" class="request-actions" hx-swap-oob="true">' in body
    assert "Send anyway" not in body and "Before you send" not in body
    assert '<button type="submit" name="intent" value="send">Send invitation</button>' in body
    data = {"note": PITCH, "how_known": "none", "confirming": "1"}
    still = member_client.post(check_url(bob), data, **HX).content.decode()
    assert "Before you send" in still and "Send anyway" in still


@pytest.mark.parametrize(
    "action,summary",
    [
        ("block", "This can't be sent as it is."),
        ("flag", "You can send this, but it may land badly."),
        ("warn", "You can send this, but it may land badly."),
    ],
)
def test_while_typing_a_blocked_note_looks_different_from_a_warned_one(
    member_client, bob, engine_action, action, summary
):
    engine_action(action)
    body = member_client.post(
        check_url(bob), {"note": PITCH, "how_known": "none"}, **HX
    ).content.decode()
    assert summary in body
    other = {"This can't be sent as it is.", "You can send this, but it may land badly."} - {
        summary
    }
    assert other.pop() not in body


def test_a_line_break_counts_as_one_character(member_client, bob, scheduled):
    note = "a" * 149 + "\r\n" + "b" * 150  # 300 as the member counts, 301 as the browser sends
    response = member_client.post(
        reverse("connections:request_new", args=[bob.id]), {"note": note, "how_known": "colleague"}
    )
    assert response.status_code == 302
    from connections.models import ConnectionRequest

    assert ConnectionRequest.objects.get().note == note.replace("\r\n", "\n")


def test_the_counter_is_red_when_a_refused_note_is_too_long(member_client, bob):
    response = member_client.post(
        reverse("connections:request_new", args=[bob.id]), {"note": "a" * 301, "how_known": "none"}
    )
    body = response.content.decode()
    assert 'class="note-count note-count-over"' in body and "301 / 300" in body
    assert "Keep the note to 300 characters or fewer (it has 301)." in body


def test_access_log_filter_replaces_a_query_once(
    line="GET /people/3/connect/check/?note=x HTTP/1.1",
):
    """The filter sits on the logger and on the handler: a line passing both must not read
    "?[query removed] removed]" (issue 13.9)."""
    once = strip_live_check_query(line)
    assert (
        strip_live_check_query(once)
        == once
        == "GET /people/3/connect/check/?[query removed] HTTP/1.1"
    )
