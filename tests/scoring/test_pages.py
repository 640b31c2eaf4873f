"""The progress page, the rule settings admin, and the two commands."""

from __future__ import annotations

from io import StringIO

import pytest
from django.contrib.auth.models import Permission
from django.core.management import call_command
from django.urls import reverse

from messaging.models import Message
from netiquette.core.models import Ruleset, RuleSetting
from netiquette.etiquette import rule_catalogue

from .conftest import CLEAN, PITCH, send_message, send_request

pytestmark = [pytest.mark.django_db]

RULE = rule_catalogue()[0].rule_id
URL = "/scoring/"


@pytest.fixture
def staff(make_member):
    user = make_member("staffer")
    user.is_staff = user.is_superuser = True
    user.save()
    return user


@pytest.fixture
def moderator(make_member):
    user = make_member("mod")
    user.user_permissions.add(Permission.objects.get(codename="moderate"))
    return user


@pytest.fixture
def backlog(make_member):
    alice, bob, carol = make_member("alice"), make_member("bob"), make_member("carol")
    send_message(alice, bob, PITCH)
    send_message(alice, carol, CLEAN)
    send_request(bob, carol, "Hello <script>alert(1)</script>, we met at PyCon.")
    return alice


def test_progress_page_url_is_named():
    assert reverse("scoring:progress") == URL


def test_progress_page_shows_waiting_items_to_a_moderator(client, moderator, backlog):
    client.force_login(moderator)
    response = client.get(URL)
    assert response.status_code == 200
    body = response.content.decode()
    assert "<strong>3</strong> items waiting." in body
    assert "not moving — are the workers running?" in body
    assert 'hx-trigger="every 5s"' in body


def test_progress_page_htmx_gets_only_the_status(client, staff, backlog):
    client.force_login(staff)
    response = client.get(URL, headers={"HX-Request": "true"})
    body = response.content.decode()
    assert 'id="scoring-status"' in body
    assert "<html" not in body and "Sweep now" not in body


def test_members_get_404_and_visitors_the_login(client, backlog):
    assert client.get(URL).status_code == 302
    client.force_login(backlog)
    assert client.get(URL).status_code == 404
    assert client.post(URL).status_code == 404


def test_sweep_now_with_the_queue_down_says_so(client, staff, backlog, settings):
    from netiquette.celery import app

    client.force_login(staff)
    old = app.conf.broker_url, app.conf.task_always_eager
    app.conf.task_always_eager = False
    app.conf.broker_url = "redis://127.0.0.1:1/0"
    app._pool = None
    app.amqp._producer_pool = None
    try:
        response = client.post(URL, follow=True)
    finally:
        app.conf.broker_url, app.conf.task_always_eager = old
        app._pool = None
        app.amqp._producer_pool = None
    assert response.status_code == 200
    assert "The task queue is not reachable, so nothing was started." in response.content.decode()


def test_admin_change_bumps_the_version_and_says_rescoring(client, staff):
    client.force_login(staff)
    add = reverse("admin:netiquette_rulesetting_add")
    response = client.post(
        add,
        {"rule_id": RULE, "enabled": "on", "weight": "2.5", "extra_phrases": "hop on a call\n"},
        follow=True,
    )
    assert response.status_code == 200
    rule = RuleSetting.objects.get(rule_id=RULE)
    assert rule.weight == 2.5 and rule.updated_by == staff
    assert Ruleset.current_version() == 2
    assert "Rules are now at version 2: the backlog is re-scored" in response.content.decode()


def test_admin_refuses_odd_weights_and_unknown_rules(client, staff):
    client.force_login(staff)
    add = reverse("admin:netiquette_rulesetting_add")
    response = client.post(add, {"rule_id": RULE, "weight": "99"})
    assert "A weight is between 0 and 10" in response.content.decode()
    response = client.post(add, {"rule_id": "no.such_rule", "weight": "1"})
    assert "Select a valid choice" in response.content.decode()
    assert not RuleSetting.objects.exists()
    assert Ruleset.current_version() == 1


@pytest.mark.postgres
def test_score_backlog_scores_waiting_items_and_rescore_everything(backlog):
    out = StringIO()
    call_command("score_backlog", stdout=out, stderr=StringIO())
    assert "Done: 3 items scored." in out.getvalue()
    assert not Message.objects.filter(scored_at__isnull=True).exists()

    out = StringIO()
    call_command("score_backlog", stdout=out, stderr=StringIO())
    assert "Done: nothing was waiting; every item has its current verdict." in out.getvalue()

    out = StringIO()
    call_command("score_backlog", "--rescore", "--kind", "message", stdout=out, stderr=StringIO())
    assert "Done: 2 items scored." in out.getvalue()


def test_backlog_status_prints_the_table(backlog):
    out = StringIO()
    call_command("backlog_status", stdout=out)
    text = out.getvalue()
    assert f"Rules version {Ruleset.current_version()}" in text
    assert "messages" in text and "not moving" in text


# --- issue 13.12: the embedded mode has no workers --------------------------------------------


@pytest.fixture
def eager_tasks():
    from netiquette.celery import app

    old = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = old


@pytest.mark.postgres
def test_embedded_mode_rescores_in_process_after_a_rule_change(
    backlog, eager_tasks, django_capture_on_commit_callbacks
):
    call_command("score_backlog", stdout=StringIO(), stderr=StringIO())
    before = Ruleset.current_version()
    with django_capture_on_commit_callbacks(execute=True):
        RuleSetting.objects.create(rule_id=RULE, weight=2.5)
    assert Ruleset.current_version() > before
    versions = set(Message.objects.values_list("ruleset_version", flat=True))
    assert versions == {Ruleset.current_version()}, "nothing is left stale for absent workers"


def test_embedded_mode_says_what_to_do_instead_of_blaming_workers(
    client, moderator, backlog, eager_tasks
):
    client.force_login(moderator)
    body = client.get(URL).content.decode()
    assert "are the workers running?" not in body
    assert "waiting: no workers in the embedded mode — press “Score now”" in body
    assert ">Score now</button>" in body
