"""Nobody rewrites the audit log (issue 16, finding 6), on the real PostgreSQL: every path the
probe found open is tried, as the owner (a superuser here) and as the least-privileged app
role that production connects as (``manage.py db_grant_app_role``)."""

from __future__ import annotations

import uuid
from io import StringIO

import psycopg
import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction

from netiquette.moderation import services
from netiquette.moderation.models import ModerationLog
from tests.services import url_of_the_test_database

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]
TABLE = ModerationLog._meta.db_table


@pytest.fixture
def decided(moderator, make_moderator, people, flag_message):
    """One decision in the log, by ``moderator``; ``olga`` is another moderator."""
    review = flag_message(people["sender"], people["ann"])
    services.review_decide(review_id=review.pk, moderator=moderator, decision="dismiss")
    return {"entry": ModerationLog.objects.get(), "olga": make_moderator("olga", "Olga Other")}


def refused(sql: str, params=()) -> str:
    """Runs ``sql`` as the test's own connection (the owner); returns the refusal."""
    with (
        pytest.raises(DatabaseError) as refusal,
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(sql, params)
    return str(refusal.value)


def test_no_column_can_be_changed_not_even_who_decided(decided):
    entry, olga = decided["entry"], decided["olga"]
    for column in ("moderator_id", "review_id", "sender_id"):
        message = refused(f"UPDATE {TABLE} SET {column} = %s WHERE id = %s", [olga.pk, entry.pk])
        assert "the moderation log is append-only (UPDATE refused)" in message
    assert "append-only" in refused(f"UPDATE {TABLE} SET moderator_name = 'Olga Other'")
    with pytest.raises(DatabaseError), transaction.atomic():
        ModerationLog._base_manager.filter(pk=entry.pk).update(moderator_id=olga.pk)
    assert "(DELETE refused)" in refused(f"DELETE FROM {TABLE}")
    moderator_id = entry.moderator_id
    entry.refresh_from_db()
    assert entry.moderator_id == moderator_id != olga.pk


def test_truncate_and_replication_mode_are_refused_even_to_the_owner(decided):
    assert "(TRUNCATE refused)" in refused(f"TRUNCATE {TABLE}")
    # Triggers are ENABLE ALWAYS: replica mode (which skips ordinary triggers) does not help.
    message = refused(
        f"SET LOCAL session_replication_role = replica; UPDATE {TABLE} SET reason = 'x'"
    )
    assert "append-only" in message
    assert ModerationLog.objects.get().reason == ""


def test_deleting_the_moderators_account_keeps_who_decided(decided):
    entry, moderator_id = decided["entry"], decided["entry"].moderator_id
    assert entry.moderator_name == "Mona Moderator" and entry.sender_name == "Sam Spammer"
    get_user_model().objects.filter(pk=moderator_id).delete()
    entry.refresh_from_db()
    assert (entry.moderator_id, entry.moderator_name) == (moderator_id, "Mona Moderator")


@pytest.fixture
def app_role():
    """A login role of our own with the app's grants; dropped afterwards."""
    role = f"nq_test_app_{uuid.uuid4().hex[:10]}"
    with connection.cursor() as cursor:
        cursor.execute(f'CREATE ROLE "{role}" LOGIN')
    call_command("db_grant_app_role", role, stdout=StringIO())
    server_and_database = url_of_the_test_database().split("@", 1)[1]
    yield f"postgres://{role}@{server_and_database}"
    with connection.cursor() as cursor:
        cursor.execute(f'DROP OWNED BY "{role}"')
        cursor.execute(f'DROP ROLE "{role}"')


def as_app(url: str, sql: str) -> str:
    with psycopg.connect(url, autocommit=True) as conn:
        try:
            conn.execute(sql)
        except psycopg.Error as error:
            return str(error)
    return "accepted"


def test_the_app_role_cannot_switch_the_guard_off(decided, app_role):
    assert "must be owner" in as_app(
        app_role, f"ALTER TABLE {TABLE} DISABLE TRIGGER moderation_log_append_only"
    )
    assert "permission denied to set parameter" in as_app(
        app_role, "SET session_replication_role = replica"
    )
    assert "permission denied" in as_app(app_role, f"TRUNCATE {TABLE}")
    assert "permission denied" in as_app(app_role, f"UPDATE {TABLE} SET reason = 'x'")
    assert "permission denied" in as_app(app_role, f"DELETE FROM {TABLE}")
    # What the app needs still works: reading, appending, and writing its own tables.
    assert as_app(app_role, f"SELECT count(*) FROM {TABLE}") == "accepted"
    assert as_app(app_role, "UPDATE messaging_review SET decision_reason = ''") == "accepted"
    assert ModerationLog.objects.get().reason == ""
