"""The admin shows what moderation records, read-only: nothing there bypasses the services."""

from __future__ import annotations

import pytest
from django.contrib.admin.sites import site

from connections.models import RequestRestriction
from netiquette.moderation import services
from netiquette.moderation.models import ModerationLog, RuleTally, SenderWarning

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]

RECORDS = {
    ModerationLog: "/admin/moderation/moderationlog/",
    SenderWarning: "/admin/moderation/senderwarning/",
    RequestRestriction: "/admin/connections/requestrestriction/",
    RuleTally: "/admin/moderation/ruletally/",
}


@pytest.fixture
def decided(moderator, people, flag_message):
    """A confirmed review with a warning and a request restriction: a row in each record."""
    review = flag_message(people["sender"], people["ann"])
    services.review_decide(
        review_id=review.pk,
        moderator=moderator,
        decision="confirm",
        reason="<b>pitching</b> strangers",
        warn=True,
        warning_text="Please stop pitching people you have not met.",
        restrict_days=7,
    )
    for model in RECORDS:
        assert model.objects.exists(), model
    return review


@pytest.mark.parametrize("model", list(RECORDS), ids=lambda m: m.__name__)
def test_each_record_is_listed_and_viewable_but_not_editable(admin_client, decided, model):
    assert model in site._registry
    listing = admin_client.get(RECORDS[model])
    assert listing.status_code == 200
    body = listing.content.decode()
    assert f'href="{RECORDS[model]}add/"' not in body
    assert "delete_selected" not in body
    row = model.objects.order_by("pk").first()
    assert f'href="{RECORDS[model]}{row.pk}/change/' in body  # the row links to its view page
    view = admin_client.get(f"{RECORDS[model]}{row.pk}/change/")
    assert view.status_code == 200
    assert 'name="_save"' not in view.content.decode()  # a view page, no save button
    page = f"{RECORDS[model]}{row.pk}"
    assert admin_client.get(f"{RECORDS[model]}add/").status_code == 403
    assert admin_client.post(f"{page}/change/", {}).status_code == 403
    assert admin_client.get(f"{page}/delete/").status_code == 403
    assert admin_client.post(f"{page}/delete/", {"post": "yes"}).status_code == 403
    assert model.objects.filter(pk=row.pk).exists()


def test_the_log_shows_the_reason_escaped(admin_client, decided):
    body = admin_client.get(RECORDS[ModerationLog]).content.decode()
    assert "&lt;b&gt;pitching&lt;/b&gt; strangers" in body
    assert "<b>pitching</b>" not in body


def test_a_member_cannot_open_the_records(member_client, decided):
    for url in RECORDS.values():
        response = member_client.get(url)
        assert response.status_code == 302 and "/admin/login/" in response["Location"]
