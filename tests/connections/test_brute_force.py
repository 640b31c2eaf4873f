"""Brute force (issue 16, finding 3): django-axes locks out a username, and an address, after
``AXES_FAILURE_LIMIT`` failed log-ins, on the site's log-in page and the admin's, and says so."""

from __future__ import annotations

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db
LOCKED = "Too many failed log-ins for this account or from your network."


@pytest.fixture(autouse=True)
def fast_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def log_in(client, username, password, *, ip="10.0.0.1", url=None):
    return client.post(
        url or reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=ip
    )


def test_the_right_password_fails_once_a_username_is_locked_out(client, make_member, settings):
    make_member("carol")
    for attempt in range(settings.AXES_FAILURE_LIMIT):
        # Each try from another address: the username alone is what locks.
        response = log_in(client, "carol", f"guess-{attempt}", ip=f"10.0.1.{attempt}")
        last = attempt == settings.AXES_FAILURE_LIMIT - 1
        assert response.status_code == (429 if last else 200)  # the limit-th failure locks
    response = log_in(client, "carol", "correct-horse-battery", ip="10.0.2.1")
    assert response.status_code == 429
    assert LOCKED in response.content.decode()
    assert "try again in 15 minutes" in response.content.decode()
    assert f'href="{reverse("password_reset")}">Reset it by e-mail' in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_one_address_trying_many_usernames_is_locked_out(client, make_member, settings):
    make_member("dave")
    for attempt in range(settings.AXES_FAILURE_LIMIT):
        log_in(client, f"someone{attempt}", "guess", ip="10.9.9.9")
    response = log_in(client, "dave", "correct-horse-battery", ip="10.9.9.9")
    assert response.status_code == 429
    # Another address logs dave in.
    assert log_in(client, "dave", "correct-horse-battery", ip="10.9.9.10").status_code == 302


def test_the_admin_log_in_is_guarded_too(client, django_user_model, settings):
    django_user_model.objects.create_superuser("root", password="x-long-password-1")
    admin_login = reverse("admin:login")
    for attempt in range(settings.AXES_FAILURE_LIMIT):
        log_in(client, "root", f"guess-{attempt}", ip=f"10.0.3.{attempt}", url=admin_login)
    response = log_in(client, "root", "x-long-password-1", ip="10.0.4.1", url=admin_login)
    assert response.status_code == 429


def test_a_success_before_the_limit_forgets_the_failures(client, make_member, settings):
    make_member("erin")
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        log_in(client, "erin", "guess")
    assert log_in(client, "erin", "correct-horse-battery").status_code == 302
    client.logout()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        log_in(client, "erin", "guess")
    assert log_in(client, "erin", "correct-horse-battery").status_code == 302
