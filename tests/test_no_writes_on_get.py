"""A GET changes nothing (issue 16, finding 14), on every route, for a moderator, a member and
a visitor: the SQL each page sends holds no INSERT, UPDATE or DELETE. The one exception, on
purpose and documented (docs/production.md): opening a thread marks its messages read, as
LinkedIn does."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tests.all_pages import build_site, site_urls

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]

WRITE = re.compile(r"^\s*(INSERT|UPDATE|DELETE|TRUNCATE|ALTER|CREATE|DROP)\b", re.IGNORECASE)
MARKS_READ = "messaging:thread"


def writes_of(client: Client, path: str) -> list[str]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code < 500, path
    return [query["sql"] for query in queries.captured_queries if WRITE.match(query["sql"])]


@pytest.fixture
def site(make_member, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    return build_site(make_member)


@pytest.mark.parametrize("who", ["moderator", "member", "visitor"])
def test_no_get_writes_anything_but_opening_a_thread(site, who):
    client = Client()
    if who != "visitor":
        client.force_login(getattr(site, who))
    client.get("/")  # the session and the CSRF cookie exist before anything is measured
    for name, path in site_urls(site):
        writes = writes_of(client, path)
        if name == MARKS_READ and who != "visitor":
            # The reader's received messages in it are marked read, and nothing else changes.
            assert len(writes) == 1, writes
            assert writes[0].startswith('UPDATE "messaging_message" SET "read_at"')
        else:
            assert writes == [], (who, name, path, writes)
