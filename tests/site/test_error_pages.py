"""The site's own error pages (issue 13.10 and 13.7): members never see Django's debug pages,
and an action address opened directly says what it is."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db

URLCONF_LISTING = "Using the URLconf defined in"


@pytest.fixture
def staff_client(make_member):
    staff = make_member("sally", name="Sally Staff")
    get_user_model().objects.filter(pk=staff.pk).update(is_staff=True)
    client = Client()
    client.force_login(staff)
    return client


@pytest.mark.parametrize("debug", [True, False])
@pytest.mark.parametrize("path", ["/no-such-page/", "/moderation/", "/moderation/rules/"])
def test_members_get_the_sites_404_even_in_debug(member_client, settings, debug, path):
    settings.DEBUG = debug
    response = member_client.get(path)
    body = response.content.decode()
    assert response.status_code == 404
    assert "<h1>This page does not exist</h1>" in body
    assert URLCONF_LISTING not in body and "Raised by:" not in body
    assert 'class="site-header"' in body  # the branded page, navigation and all


def test_visitors_get_the_sites_404_in_debug(client, settings, db):
    settings.DEBUG = True
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "<h1>This page does not exist</h1>" in response.content.decode()


def test_staff_still_get_the_debug_page_in_debug(staff_client, settings):
    settings.DEBUG = True
    assert URLCONF_LISTING in staff_client.get("/no-such-page/").content.decode()


@pytest.mark.parametrize("debug", [True, False])
def test_a_crash_shows_the_sites_500_to_members(member_client, settings, debug, caplog):
    settings.DEBUG = debug
    settings.ROOT_URLCONF = "tests.site.urls_crash"
    member_client.raise_request_exception = False
    response = member_client.get("/crash/")
    assert response.status_code == 500
    body = response.content.decode()
    assert "<h1>Something went wrong on our side</h1>" in body
    assert "Traceback" not in body and "RuntimeError" not in body
    assert "a bug" in caplog.text  # logged for the operator


def test_an_expired_form_gets_the_sites_403(member):
    client = Client(enforce_csrf_checks=True)
    client.force_login(member)
    response = client.post(reverse("logout"))
    assert response.status_code == 403
    assert "<h1>This form has expired</h1>" in response.content.decode()


def test_an_action_address_opened_directly_says_what_it_is(member_client):
    response = member_client.get("/messages/1/report/")
    assert response.status_code == 405
    body = response.content.decode()
    assert "<h1>This address is an action</h1>" in body
    assert "Nothing has changed." in body


def test_moderators_find_the_warning_outcomes_in_their_navigation(make_member):
    from netiquette.moderation.services import ensure_moderators_group

    moderator = make_member("mo", name="Mo Moderator")
    moderator.groups.add(ensure_moderators_group())
    client = Client()
    client.force_login(moderator)
    queue = client.get(reverse("moderation:review_queue")).content.decode()
    url = reverse("messaging:warning_outcomes")
    assert f'<a href="{url}">Warning outcomes</a>' in queue
    assert client.get(url).status_code == 200
