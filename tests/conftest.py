"""Shared fixtures: members, the real services, and a real Celery worker.

Tests that need PostgreSQL, Redis or a Celery worker carry a marker (``postgres``, ``redis``,
``celery_worker``). Where the service is missing they skip with the reason, except under
``CI=true``, where they fail: CI must never pass by skipping the real thing.
"""

from __future__ import annotations

import os
import socket
from urllib.parse import urlparse

import pytest
from django.conf import settings

from connections.profiles import services as connection_services
from netiquette.core import rule_settings

IN_CI = os.environ.get("CI", "").lower() == "true"


def _redis_reachable() -> bool:
    if not settings.REDIS_URL:
        return False
    parsed = urlparse(settings.REDIS_URL)
    try:
        with socket.create_connection((parsed.hostname, parsed.port or 6379), 1):
            return True
    except OSError:
        return False


def _missing_service(marker_name: str) -> str | None:
    if marker_name == "postgres" and not settings.USING_POSTGRES:
        return "needs PostgreSQL: set DATABASE_URL=postgres://… (make test finds a local one)"
    if marker_name in {"redis", "celery_worker"} and not _redis_reachable():
        return "needs Redis: set REDIS_URL=redis://… (make test finds a local one)"
    if marker_name == "celery_worker" and not settings.USING_POSTGRES:
        return "a real Celery worker needs PostgreSQL (SQLite cannot share a test database)"
    return None


def pytest_runtest_setup(item: pytest.Item) -> None:
    for marker_name in ("postgres", "redis", "celery_worker"):
        if item.get_closest_marker(marker_name) is None:
            continue
        reason = _missing_service(marker_name)
        if reason is None:
            continue
        if IN_CI:
            pytest.fail(f"CI=true and this test {reason}", pytrace=False)
        pytest.skip(reason)


_FLUSH_GUARD = """DO $$ BEGIN
  IF EXISTS (SELECT 1 FROM pg_trigger WHERE tgname = 'moderation_log_no_truncate') THEN
    ALTER TABLE messaging_moderationlog {} TRIGGER moderation_log_no_truncate;
  END IF;
END $$"""


@pytest.fixture(autouse=True, scope="session")
def _flush_past_the_audit_logs_guard():
    """pytest-django empties the database after each transactional test with TRUNCATE, which
    the audit log's trigger refuses, as it must in production. For that flush alone (one
    transaction, as the owner) the test run switches the TRUNCATE trigger off and on again."""
    from django.db.backends.postgresql.operations import DatabaseOperations

    flush = DatabaseOperations.execute_sql_flush

    def execute_sql_flush(self, sql_list):
        guarded = [_FLUSH_GUARD.format("DISABLE"), *sql_list, _FLUSH_GUARD.format("ENABLE ALWAYS")]
        return flush(self, guarded)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(DatabaseOperations, "execute_sql_flush", execute_sql_flush)
        yield


@pytest.fixture(autouse=True)
def _fresh_process_caches():
    """What the live checks keep in this process (``netiquette.core.live_cache``, the live rule
    settings) starts empty in every test: ids repeat across test databases."""
    from django.core.cache import caches

    caches["local"].clear()
    rule_settings.forget_live_rule_settings()
    yield
    caches["local"].clear()
    rule_settings.forget_live_rule_settings()


@pytest.fixture
def page_queries(settings) -> int:
    """What every signed-in full page costs before its own content: the user; the navigation's
    counters (invitations waiting, unread messages, new connection news, unread warnings,
    counted together in one query) and the one permission look-up of the moderators' link
    (``OneQueryModelBackend``); the session too without Redis."""
    return 3 if settings.REDIS_URL else 4


@pytest.fixture
def make_member(db):
    """Creates a member with a profile; keyword arguments go to the profile."""
    counter = {"n": 0}

    def make(username: str | None = None, *, name: str | None = None, **profile_fields):
        counter["n"] += 1
        username = username or f"member{counter['n']}"
        user = connection_services.member_signup(
            username=username, password="correct-horse-battery", name=name or username.title()
        )
        for field, value in profile_fields.items():
            setattr(user.profile, field, value)
        if profile_fields:
            user.profile.save()
        return user

    return make


@pytest.fixture
def member(make_member):
    return make_member("alice", name="Alice Archer", headline="Data engineer")


@pytest.fixture
def member_client(client, member):
    client.force_login(member)
    return client


@pytest.fixture
def celery_worker_real(transactional_db):
    """A real Celery worker in a thread, consuming from the real Redis broker.

    Tasks it runs see the test database, so tests using it must be transactional
    (``transactional_db``): the worker's connection cannot see an open test transaction.
    """
    from celery.contrib.testing.worker import start_worker

    from netiquette.celery import app

    app.conf.task_always_eager = False
    app.conf.broker_url = settings.REDIS_URL
    app.conf.result_backend = settings.REDIS_URL
    with app.connection_for_write() as conn:  # a fresh queue per test: nothing left over
        conn.default_channel.queue_purge(app.conf.task_default_queue)
    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10) as worker:
        yield worker
