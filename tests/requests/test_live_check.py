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
    response = member_client.get(check_url(bob), {"note": PITCH, "how_known": "none"}, **HX)
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
    body = member_client.get(check_url(bob), {"note": CLEAN}, **HX).content.decode()
    assert "✓ Looks professional" in body
    assert "<mark" not in body


def test_note_over_the_limit_says_so_live(member_client, bob):
    body = member_client.get(check_url(bob), {"note": "a" * 301}, **HX).content.decode()
    assert "The note has 301 characters; keep it to 300 or fewer." in body


@pytest.mark.parametrize(
    "params",
    [{}, {"note": "\x00\ud7ff odd"}, {"how_known": "nonsense", "draft_token": "not-a-uuid"}],
)
def test_odd_queries_never_fail(member_client, bob, params):
    assert member_client.get(check_url(bob), params, **HX).status_code == 200


def test_an_unknown_how_known_answer_counts_as_unknown(member_client, member, bob):
    unknown = note_verdict(sender=member, recipient=bob, text=PITCH, how_known=None, live=True)
    colleague = note_verdict(
        sender=member, recipient=bob, text=PITCH, how_known="colleague", live=True
    )
    assert unknown.findings != colleague.findings, "the answer must matter for this note"
    for answer, verdict in (("nonsense", unknown), ("colleague", colleague)):
        response = member_client.get(check_url(bob), {"note": PITCH, "how_known": answer}, **HX)
        assert f'class="findings findings-{verdict.action}"' in response.content.decode()
        assert evidence_html(PITCH, verdict.findings) in response.content.decode()


def test_live_check_stores_nothing(member_client, bob):
    before = row_counts()
    for note in (CLEAN, PITCH + SECRET, "a" * 5000):
        member_client.get(check_url(bob), {"note": note, "how_known": "none"}, **HX)
        member_client.get(check_url(bob), {"note": note})
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
                assert member_client.get(check_url(bob), params, **HX).status_code == 200
                assert member_client.get(check_url(bob), params).status_code == 200
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
        member_client.get(check_url(bob), {"note": CLEAN}, **HX)
    # Every further typing pause within a few seconds: the member, the relationship and the
    # rule settings come from this process's memory, the session from Redis (from the
    # database without Redis).
    with django_assert_max_num_queries(0 if settings.REDIS_URL else 1):
        response = member_client.get(check_url(bob), {"note": CLEAN + " more"}, **HX)
    assert response.status_code == 200


def test_live_check_remembers_the_member_only_for_their_session(client, member, bob, settings):
    """A password changed elsewhere ends the session for the live check too, once this
    process's few seconds are over (Django's own session verification then runs)."""
    from django.core.cache import caches

    client.force_login(member)
    assert client.get(check_url(bob), {"note": CLEAN}, **HX).status_code == 200
    member.set_password("another-correct-horse-battery")
    member.save()
    caches["local"].clear()  # the few seconds are over
    response = client.get(check_url(bob), {"note": CLEAN})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_logging_out_ends_the_live_check_at_once(client, member, bob):
    client.force_login(member)
    assert client.get(check_url(bob), {"note": CLEAN}, **HX).status_code == 200
    session_key = client.session.session_key
    client.post(reverse("logout"))
    client.cookies["sessionid"] = session_key  # the old cookie replayed
    response = client.get(check_url(bob), {"note": CLEAN})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_live_check_signed_out_goes_to_log_in(client, bob):
    response = client.get(check_url(bob), {"note": CLEAN})
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
    member_client.get(check_url(bob), {"note": CLEAN, "how_known": "colleague"}, **HX)
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
        member_client.get(check_url(bob), {"note": PITCH + SECRET}, **HX)
        member_client.get(
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
