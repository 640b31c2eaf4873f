"""Response headers (issue 16, finding 13): a Content-Security-Policy with a per-request nonce
(django-csp), a Permissions-Policy, and signed-in pages kept out of every cache; HTTPS is
believed only from the configured proxy (gunicorn's FORWARDED_ALLOW_IPS)."""

from __future__ import annotations

import http.client
import re

import pytest
from django.urls import reverse

from tests.services import (
    collect_static,
    free_port,
    gunicorn_command,
    processes,
    production_env,
    wait_for_port,
)

pytestmark = pytest.mark.django_db


def test_pages_carry_a_strict_csp_whose_nonce_the_htmx_script_uses(member_client):
    response = member_client.get(reverse("connections:directory"))
    policy = response["Content-Security-Policy"]
    nonce = re.search(r"'nonce-([^']+)'", policy).group(1)
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";") if part.strip())
    assert directives["default-src"] == "'self'"
    assert directives["script-src"] == f"'self' 'nonce-{nonce}'"
    assert directives["object-src"] == "'none'" and directives["frame-ancestors"] == "'none'"
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    body = response.content.decode()
    assert f'defer nonce="{nonce}"' in body  # htmx itself
    assert f'"inlineStyleNonce": "{nonce}"' in body  # htmx's indicator style
    other = member_client.get(reverse("connections:directory"))["Content-Security-Policy"]
    assert f"nonce-{nonce}" not in other  # a new nonce for every answer


def test_permissions_policy_turns_the_sensors_off(client):
    policy = client.get(reverse("home"))["Permissions-Policy"]
    for feature in ("camera=()", "microphone=()", "geolocation=()", "payment=()"):
        assert feature in policy


def test_signed_in_pages_are_private_and_not_stored(member_client):
    from django.test import Client

    for url in (reverse("connections:directory"), reverse("messaging:inbox")):
        cache_control = member_client.get(url)["Cache-Control"]
        assert "private" in cache_control and "no-store" in cache_control
    assert "no-store" not in Client().get(reverse("home")).get("Cache-Control", "")


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    "trusted,expected", [("10.9.9.9", 301), ("127.0.0.1", 404)], ids=["direct", "proxy"]
)
def test_only_the_configured_proxy_can_say_https(trusted, expected, tmp_path):
    """A direct client's ``X-Forwarded-Proto: https`` is ignored: the HTTPS redirect still
    happens. From an address in FORWARDED_ALLOW_IPS it is believed (no redirect: a 404)."""
    port = free_port()
    env = production_env(redis_url="", DJANGO_SECURE_SSL_REDIRECT="1", FORWARDED_ALLOW_IPS=trusted)
    collect_static(env)  # the 404 page is the site's own, with hashed static files
    with processes((gunicorn_command(port, env, workers=1), env, tmp_path / "web.log")):
        wait_for_port(port)
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        connection.request(
            "GET", "/no-such-page/", headers={"Host": "127.0.0.1", "X-Forwarded-Proto": "https"}
        )
        response = connection.getresponse()
        connection.close()
    assert response.status == expected, (tmp_path / "web.log").read_text()[-2000:]
