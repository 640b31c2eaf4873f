"""The live check: findings for a draft, from the real relationship; it stores nothing and
logs no draft text."""

from __future__ import annotations

import io
import logging
import uuid

import pytest
from django.apps import apps
from django.urls import reverse

from netiquette.logging import StripLiveCheckQuery, strip_live_check_query
from netiquette.models import WarningEvent
from tests.requests.conftest import CLEAN, HX, PITCH

pytestmark = pytest.mark.postgres

SECRET = "zebra-purple-sentence"


def check_url(user):
    return reverse("connections:request_check", args=[user.id])


def row_counts() -> dict[str, int]:
    return {model._meta.label: model.objects.count() for model in apps.get_models()}


def test_pitch_shows_highlighted_finding_with_reason_and_suggestion(member_client, bob):
    response = member_client.get(check_url(bob), {"note": PITCH, "how_known": "none"}, **HX)
    body = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in body
    assert '<mark class="evidence evidence-sales_pitch"' in body
    assert ">book a quick call</mark>" in body
    assert "reads as a sales pitch" in body
    assert "Try: Start with a question about their work instead." in body
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


def test_live_check_stores_nothing(member_client, bob):
    before = row_counts()
    for note in (CLEAN, PITCH + SECRET, "a" * 5000):
        member_client.get(check_url(bob), {"note": note, "how_known": "none"}, **HX)
        member_client.get(check_url(bob), {"note": note})
    assert row_counts() == before


def test_live_check_with_a_token_records_only_which_rules_fired(member_client, member, bob):
    token = uuid.uuid4()
    before = row_counts()
    member_client.get(check_url(bob), {"note": PITCH + SECRET, "draft_token": str(token)}, **HX)
    member_client.get(check_url(bob), {"note": PITCH, "draft_token": str(token)}, **HX)
    after = row_counts()
    assert after.pop("netiquette.WarningEvent") == before.pop("netiquette.WarningEvent") + 1
    assert after == before  # nothing else: no request, no draft
    event = WarningEvent.objects.get()
    assert event.user == member and event.draft_token == token
    assert event.rule_ids == ["sales_pitch.book_a_call"]
    stored = " ".join(str(value) for value in vars(event).values())
    assert SECRET not in stored and "book a quick call" not in stored


def test_live_check_is_lean(member_client, bob, django_assert_max_num_queries):
    from django.core.cache import cache

    cache.clear()
    # First check of a pair: session, user, recipient (with "connected", sender role), shared.
    with django_assert_max_num_queries(4):
        member_client.get(check_url(bob), {"note": CLEAN}, **HX)
    # Every further typing pause: the session comes from Redis, the relationship from the cache.
    with django_assert_max_num_queries(2):
        member_client.get(check_url(bob), {"note": CLEAN + " more"}, **HX)


def test_live_check_context_is_the_real_relationship(
    member_client, member, bob, affiliate, connect, monkeypatch
):
    from connections import request_services

    seen = []
    real = request_services.note_check
    monkeypatch.setattr(
        request_services,
        "note_check",
        lambda *, text, context: seen.append(context) or real(text=text, context=context),
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
