"""Fixtures for the moderation dashboard: moderators and flagged items scored by the engine."""

from __future__ import annotations

import copy
import uuid

import pytest
from django.conf import settings as django_settings
from django.contrib.auth.models import Group
from django.core.cache import cache

from connections.models import ConnectionRequest
from messaging.models import Message
from netiquette.core.models import Assessed
from netiquette.etiquette import Context, Draft, check
from netiquette.moderation.reviews import open_review
from netiquette.moderation.services import MODERATORS_GROUP, ensure_moderators_group
from netiquette.scoring import fingerprints
from netiquette.scoring.fingerprints import Printable
from tests.moderation.factories import thread_between

BAD_TEXT = "Hi, I help companies like yours grow revenue. Can we book a quick call this week?"
CLEAN_TEXT = "Thanks for the talk at the PyCon meetup yesterday — I enjoyed your point on testing."


# Sessions that a logged-in test client's page reads from the cache (the session engine is
# "cached_db" when REDIS_URL is set; force_login has just written the session there too).
_CACHED_SESSION_ENGINES = {
    "django.contrib.sessions.backends.cache",
    "django.contrib.sessions.backends.cached_db",
}

# The navigation's counters on every page: `invitations` (connections/nav.py, pending
# requests), `unread` (messaging/nav.py, unread messages), and the notifications' sources
# (`news_connections`, invitations and acceptances since the member last looked;
# `news_warnings`, unread warnings), which the `notifications` badge adds up without querying
# again. All are counted together, in one query of COUNT subqueries (netiquette/core/nav.py).
NAV_QUERIES = 1


def session_queries() -> int:
    """Queries a logged-in page spends loading the session: none when the session engine reads
    it from the cache, one with the database engine (no REDIS_URL)."""
    return 0 if django_settings.SESSION_ENGINE in _CACHED_SESSION_ENGINES else 1


@pytest.fixture
def make_moderator(make_member):
    def make(username: str = "mona", name: str = "Mona Moderator"):
        user = make_member(username, name=name)
        group = ensure_moderators_group()
        user.groups.add(group)
        return user

    return make


@pytest.fixture
def moderator(make_moderator):
    return make_moderator()


@pytest.fixture
def moderator_client(client, moderator):
    client.force_login(moderator)
    return client


@pytest.fixture
def send_message():
    """Stores a message with the engine's verdict and fingerprint, as the scoring layer would."""

    def send(sender, recipient, text=CLEAN_TEXT, **fields):
        verdict = check(Draft(kind="message", text=text, context=Context(first_contact=True)))
        message = Message.objects.create(
            thread=thread_between(sender, recipient),
            sender=sender,
            recipient=recipient,
            text=text,
            **Assessed.verdict_fields(verdict),
            **fields,
        )
        fingerprints.record([Printable("message", message.pk, sender.pk, recipient.pk, text)])
        return message

    return send


@pytest.fixture
def flag_message(send_message):
    """A message with bad etiquette and its open review; returns the review."""

    def flag(sender, recipient, text=BAD_TEXT, rule_ids=None, labels=None, score=None):
        message = send_message(sender, recipient, text)
        assert message.findings, "the engine must find something in the test text"
        review, created = open_review(
            sender_id=sender.pk,
            message_id=message.pk,
            score=message.score if score is None else score,
            labels=message.labels if labels is None else labels,
            rule_ids=[f["rule_id"] for f in message.findings] if rule_ids is None else rule_ids,
        )
        assert created
        review.refresh_from_db()
        return review

    return flag


@pytest.fixture
def flag_request():
    def flag(sender, recipient, note=BAD_TEXT, status="pending"):
        verdict = check(Draft(kind="request_note", text=note, context=Context(first_contact=True)))
        request = ConnectionRequest.objects.create(
            sender=sender,
            recipient=recipient,
            note=note,
            how_known="none",
            status=status,
            **Assessed.verdict_fields(verdict),
        )
        fingerprints.record([Printable("request", request.pk, sender.pk, recipient.pk, note)])
        review, _ = open_review(
            sender_id=sender.pk,
            connection_request_id=request.pk,
            score=verdict.score,
            labels=verdict.labels,
            rule_ids=[f.rule_id for f in verdict.findings],
        )
        review.refresh_from_db()
        return review

    return flag


@pytest.fixture
def people(make_member):
    """A sender with bad manners and two recipients."""
    return {
        "sender": make_member("sam", name="Sam Spammer"),
        "ann": make_member("ann", name="Ann Anders"),
        "ben": make_member("ben", name="Ben Brook"),
    }


def moderators_group() -> Group:
    return Group.objects.get(name=MODERATORS_GROUP)


@pytest.fixture(autouse=True)
def fast_password_hashing_and_uncached_counts(settings):
    """Members are made with a password; the default hasher is slow on purpose. The queue's
    counts are not cached, so each test sees its own data (test_counts_cache turns it on)."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.MODERATION_COUNTS_TTL = 0


@pytest.fixture(autouse=True)
def cache_of_this_test_only(settings):
    """With REDIS_URL the cache is one Redis database shared by every test and every run, so
    the queue's counts, their generation number and sessions would carry over from one test to
    the next. Each test gets its own key prefix; its keys are removed afterwards (only its own:
    the broker may share the database, so no FLUSHDB)."""
    prefix = f"test-{uuid.uuid4().hex}"
    caches = copy.deepcopy(settings.CACHES)
    for options in caches.values():
        options["KEY_PREFIX"] = prefix
    settings.CACHES = caches
    yield
    backend = getattr(cache, "_cache", None)
    if hasattr(cache, "delete_pattern"):  # django-redis: this test's keys only (its prefix)
        cache.delete_pattern("*")
    elif hasattr(backend, "get_client"):  # Django's Redis backend: this test's keys only
        client = backend.get_client(write=True)
        keys = list(client.scan_iter(match=f"{prefix}:*"))
        if keys:
            client.delete(*keys)
    else:
        cache.clear()  # an in-process cache holds nothing but this test's keys
