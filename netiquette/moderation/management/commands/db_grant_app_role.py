"""``manage.py db_grant_app_role ROLE``: what the web and worker processes' database role may
do, and nothing more. Run it as the owner role, after every ``migrate``.

In production two roles share the database (docs/production.md):

- the **owner** owns every table; ``migrate`` runs as it;
- the **app** role (``DATABASE_URL`` of web, worker and beat) owns nothing. It may read and
  write the tables the site writes, only read Django's bookkeeping tables, and only read and
  append to the moderators' audit log. Owning no table, it cannot ``ALTER TABLE … DISABLE
  TRIGGER`` the log's guard, and not being a superuser it cannot set
  ``session_replication_role``; without the TRUNCATE privilege it cannot empty a table.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

from netiquette.moderation.models import ModerationLog

# Written only by migrate (as the owner): the app reads them.
READ_ONLY = {"django_migrations", "django_content_type", "auth_permission"}
APPEND_ONLY = {ModerationLog._meta.db_table}


def privileges_for(table: str) -> str:
    if table in APPEND_ONLY:
        return "SELECT, INSERT"
    if table in READ_ONLY:
        return "SELECT"
    return "SELECT, INSERT, UPDATE, DELETE"


class Command(BaseCommand):
    help = "Grants ROLE (the app's database role) the least it needs on every table."

    def add_arguments(self, parser):
        parser.add_argument("role", help="The app's role; it must exist already.")

    def handle(self, *args, role: str, **options):
        if connection.vendor != "postgresql":
            raise CommandError("Database roles are a PostgreSQL matter.")
        quote = connection.ops.quote_name
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", [role])
            if cursor.fetchone() is None:
                raise CommandError(f"There is no role {role!r}: CREATE ROLE it first.")
            cursor.execute(
                "SELECT 1 FROM pg_tables WHERE schemaname = 'public' AND tableowner = %s", [role]
            )
            if cursor.fetchone() is not None:
                raise CommandError(f"{role!r} owns tables: the app's role must own none.")
            cursor.execute(f"GRANT USAGE ON SCHEMA public TO {quote(role)}")
            tables = connection.introspection.table_names(cursor)
            for table in tables:
                cursor.execute(f"REVOKE ALL ON TABLE {quote(table)} FROM {quote(role)}")
                cursor.execute(
                    f"GRANT {privileges_for(table)} ON TABLE {quote(table)} TO {quote(role)}"
                )
            cursor.execute(
                f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {quote(role)}"
            )
        self.stdout.write(
            self.style.SUCCESS(f"Granted {role} the app's privileges on {len(tables)} tables.")
        )
