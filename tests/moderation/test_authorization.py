"""Who may see the dashboard: anonymous → log in, member → 404, moderator → allowed."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from netiquette.moderation.models import Review
from netiquette.moderation.services import MODERATORS_GROUP

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]


@pytest.fixture
def review(people, flag_message):
    return flag_message(people["sender"], people["ann"])


def dashboard_urls(review) -> list[tuple[str, str, dict]]:
    return [
        ("get", reverse("moderation:review_queue"), {}),
        ("get", reverse("moderation:review_detail", args=[review.pk]), {}),
        ("get", reverse("moderation:moderation_log"), {}),
        ("get", reverse("moderation:moderation_log") + f"?review={review.pk}", {}),
        ("get", reverse("moderation:moderation_log") + f"?sender={review.sender_id}", {}),
        ("get", reverse("moderation:rule_stats"), {}),
        ("post", reverse("moderation:review_claim", args=[review.pk]), {}),
        ("post", reverse("moderation:review_decide", args=[review.pk]), {"decision": "escalate"}),
        ("post", reverse("moderation:review_undo", args=[review.pk]), {}),
        ("post", reverse("moderation:review_next"), {}),
        ("post", reverse("moderation:review_bulk"), {"ids": [review.pk], "decision": "escalate"}),
    ]


def test_anonymous_visitors_are_sent_to_log_in(client, review):
    for method, url, data in dashboard_urls(review):
        response = getattr(client, method)(url, data)
        assert response.status_code == 302, url
        assert response.url.startswith(reverse("login") + "?next="), url
    assert Review.objects.get(pk=review.pk).status == "open"


def without_csrf_tokens(body: bytes) -> bytes:
    """The page without what changes on every response: CSRF tokens and the CSP nonce."""
    import re

    body = re.sub(rb'"X-CSRFToken": "[^"]+"', b'"X-CSRFToken": ""', body)
    body = re.sub(rb'nonce="[^"]+"', b'nonce=""', body)
    body = re.sub(rb'"inlineStyleNonce": "[^"]+"', b'"inlineStyleNonce": ""', body)
    return re.sub(rb'name="csrfmiddlewaretoken" value="[^"]+"', b'name="csrfmiddlewaretoken"', body)


@pytest.mark.parametrize("who", ["sender", "ann"])
def test_members_get_404_even_the_reviewed_sender(client, people, review, who):
    client.force_login(people[who])
    missing = reverse("moderation:review_detail", args=[review.pk + 1000])
    missing_body = without_csrf_tokens(client.get(missing).content)
    for method, url, data in dashboard_urls(review):
        response = getattr(client, method)(url, data)
        assert response.status_code == 404, url
    # The page about the sender's own review looks exactly like one that does not exist
    # (the site's 404 page carries a CSRF token, masked afresh on every page).
    own = client.get(reverse("moderation:review_detail", args=[review.pk]))
    assert without_csrf_tokens(own.content) == missing_body
    assert b"Review queue" not in client.get(reverse("connections:directory")).content
    review.refresh_from_db()
    assert (review.status, review.claimed_by) == ("open", None)


def test_moderators_in_the_group_get_every_page(client, moderator, review):
    client.force_login(moderator)
    for method, url, data in dashboard_urls(review):
        response = getattr(client, method)(url, data)
        assert response.status_code in (200, 302), url
        if response.status_code == 302:
            assert not response.url.startswith(reverse("login")), url
    assert b"Review queue" in client.get(reverse("connections:directory")).content


def test_the_permission_alone_also_works(client, make_member, review):
    user = make_member("perm", name="Permission Holder")
    user.user_permissions.add(Permission.objects.get(codename="moderate"))
    client.force_login(user)
    assert client.get(reverse("moderation:review_queue")).status_code == 200


def test_the_moderators_group_exists_after_migrate_with_the_permission(db):
    from django.contrib.auth.models import Group

    group = Group.objects.get(name=MODERATORS_GROUP)
    assert group.permissions.filter(codename="moderate", content_type__app_label="moderation")
    assert group.permissions.filter(codename="change_rulesetting").exists()
    assert not group.permissions.filter(codename="delete_rulesetting").exists()


def test_a_staff_moderator_can_open_the_rule_settings_the_statistics_link_to(client, moderator):
    moderator.is_staff = True
    moderator.save(update_fields=["is_staff"])
    client.force_login(moderator)
    assert client.get(reverse("admin:netiquette_rulesetting_changelist")).status_code == 200
    assert reverse("admin:netiquette_rulesetting_changelist") in (
        client.get(reverse("moderation:rule_stats")).content.decode()
    )


def test_htmx_request_from_a_logged_out_session_redirects_the_page(client, review):
    response = client.get(reverse("moderation:review_queue"), HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert response["HX-Redirect"] == reverse("login")
