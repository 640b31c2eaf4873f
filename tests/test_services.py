"""The suite runs on the real services where they exist (always, in CI)."""

import pytest
from django.db import connection

from netiquette.scoring.tasks import healthcheck


@pytest.mark.postgres
@pytest.mark.django_db
def test_database_is_postgresql():
    assert connection.vendor == "postgresql"
    with connection.cursor() as cursor:
        cursor.execute("SELECT version()")
        assert cursor.fetchone()[0].startswith("PostgreSQL")


@pytest.mark.celery_worker
def test_real_worker_runs_a_task_through_redis(celery_worker_real, make_member):
    make_member("bob")
    result = healthcheck.delay()
    assert result.get(timeout=20) == {"ok": True, "members": 1}
