"""No page answers 500, whatever its query string or form (issue 16, finding 8): Hypothesis
throws arbitrary parameters at every route, as a staff moderator (who can open every page),
by GET and, for the routes that take them, by POST."""

from __future__ import annotations

import pytest
from django.test import Client
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from tests.all_pages import build_site, site_urls

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]

# The parameter names the views read, and values that broke them or could.
NAMES = [
    "q", "page", "folder", "sender", "since", "until", "status", "sort", "label", "rule",
    "kind", "per_page", "after", "decided", "review", "moderator", "before", "text", "note",
    "how_known", "ids", "decision", "restrict_days", "expected_status", "source", "action",
    "older_than_days", "reason", "hide", "warn", "warning_text", "client_token", "draft_token",
    "send_anyway", "next", "id",
]  # fmt: skip
ODD_VALUES = [
    "²", "٣", "9999-12-31", "0001-01-01", "-1", "0", "99999999999999999999", "1e309", "nan",
    "inf", "\x00", "p~inf~1", "p~nan~1", "a~9999-12-31T23:59:59+00:00~1", "a~x~y", "%",
    "'", '"', "<b>", "../", "ÿ" * 300, " ", "1.5", "🙂", "\u202e", "2024-02-30",
]  # fmt: skip
VALUE = st.one_of(
    st.sampled_from(ODD_VALUES),
    st.integers(min_value=-(2**70), max_value=2**70).map(str),
    st.dates().map(str),
    st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=40),
)
PARAMS = st.dictionaries(
    st.sampled_from(NAMES) | st.sampled_from(NAMES) | st.text(min_size=1, max_size=10),
    st.lists(VALUE, min_size=1, max_size=2),
    max_size=6,
)
FUZZ = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
# Routes that end the session or change the password are not fuzzed by POST: they would log
# the client out, and every later request would just be sent to the log-in page.
NO_POST = {"logout", "password_change"}


@pytest.fixture
def site(make_member, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    return build_site(make_member)


@pytest.fixture
def moderator_client(site):
    client = Client(raise_request_exception=False)
    client.force_login(site.moderator)
    return client


def test_every_route_is_fuzzed(site):
    names = {name for name, _ in site_urls(site)}
    assert {"moderation:review_queue", "moderation:moderation_log", "messaging:inbox"} <= names
    assert len(names) >= 35


@FUZZ
@given(params=PARAMS)
@example(params={"sender": ["²"]})  # str.isdigit() says yes, int() says no
@example(params={"until": ["9999-12-31"]})  # the day after overflows
@example(params={"decided": ["²"], "review": ["²"], "moderator": ["³"]})
@example(params={"q": ["\x00"], "sender": ["\x00"], "rule": ["\x00"]})
def test_no_page_answers_500_to_any_query_string(moderator_client, site, params):
    for name, path in site_urls(site):
        response = moderator_client.get(path, params)
        assert response.status_code < 500, (name, path, params)


@FUZZ
@given(params=PARAMS, htmx=st.booleans())
@example(params={"after": ["²"]}, htmx=False)
@example(params={"q": ["sender=²&until=9999-12-31"], "after": ["p~nan~1"]}, htmx=True)
def test_no_form_answers_500_to_any_post(moderator_client, site, params, htmx):
    headers = {"HX-Request": "true"} if htmx else {}
    for name, path in site_urls(site):
        if name in NO_POST:
            continue
        response = moderator_client.post(path, params, headers=headers)
        assert response.status_code < 500, (name, path, params)
