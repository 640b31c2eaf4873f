"""What migrate sets up for moderation: the ``moderators`` group and its permissions, and on
PostgreSQL the trigger that keeps the audit log append-only."""

from __future__ import annotations

from django.contrib.auth.models import Group, Permission
from django.db.models import Q

from netiquette.moderation.models import ModerationLog
from netiquette.moderation.services.decision_terms import MODERATORS_GROUP

# What the group may do: work the queue, and tune the rules the queue's statistics call out
# (the rule settings' admin pages, for members who are also staff).
MODERATOR_PERMISSIONS = (
    ("moderation", "moderate"),
    ("netiquette", "view_rulesetting"),
    ("netiquette", "add_rulesetting"),
    ("netiquette", "change_rulesetting"),
)


def ensure_moderators_group() -> Group:
    """The ``moderators`` group with ``MODERATOR_PERMISSIONS``; created when missing."""
    group, _ = Group.objects.get_or_create(name=MODERATORS_GROUP)
    wanted = Q()
    for app_label, codename in MODERATOR_PERMISSIONS:
        wanted |= Q(content_type__app_label=app_label, codename=codename)
    group.permissions.add(*Permission.objects.filter(wanted))
    return group


LOG_GUARD_SQL = """
CREATE OR REPLACE FUNCTION moderation_log_append_only() RETURNS trigger AS $$
BEGIN
    -- Every column is compared (the whole row): no UPDATE may change anything at all.
    IF TG_OP = 'UPDATE' AND NEW IS NOT DISTINCT FROM OLD THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'the moderation log is append-only (% refused)', TG_OP;
END;
$$ LANGUAGE plpgsql;
CREATE OR REPLACE TRIGGER moderation_log_append_only
    BEFORE UPDATE OR DELETE ON {table}
    FOR EACH ROW EXECUTE FUNCTION moderation_log_append_only();
CREATE OR REPLACE TRIGGER moderation_log_no_truncate
    BEFORE TRUNCATE ON {table}
    FOR EACH STATEMENT EXECUTE FUNCTION moderation_log_append_only();
-- ALWAYS: they fire under session_replication_role = replica too. Only the table's owner can
-- still disable them, which is why the app must not connect as the owner (docs/production.md).
ALTER TABLE {table} ENABLE ALWAYS TRIGGER moderation_log_append_only;
ALTER TABLE {table} ENABLE ALWAYS TRIGGER moderation_log_no_truncate;
"""


def protect_moderation_log(*, using: str = "default") -> None:
    """On PostgreSQL, triggers refuse to change, delete or truncate log rows, whatever the
    client (and the app's role owns no table, so it cannot switch them off).

    Created after migrate (idempotent), not in a migration: the schema migrations are
    regenerated when the branches merge.
    """
    from django.db import connections

    connection = connections[using]
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute(LOG_GUARD_SQL.format(table=ModerationLog._meta.db_table))
