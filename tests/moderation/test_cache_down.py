"""With the cache's Redis gone, every page still answers (issue 16, finding 2): the cache is a
best-effort accelerator (django-redis, ``IGNORE_EXCEPTIONS``) and sessions fall back to the
database (``cached_db``). ``tests/test_outages.py`` kills a real Redis under load; this
covers the moderators' and recipients' pages the load test does not drive."""

from __future__ import annotations

import pytest
from django.urls import reverse

from messaging.models import Message
from netiquette.moderation.models import Review
from tests.services import free_port

pytestmark = [pytest.mark.postgres, pytest.mark.redis, pytest.mark.django_db]


@pytest.fixture
def redis_gone(settings):
    """Production's cache settings and sessions, on a Redis port where nothing listens."""
    caches = dict(settings.CACHES)
    caches["default"] = {
        **settings.CACHES["default"],
        "LOCATION": f"redis://127.0.0.1:{free_port()}/0",
    }
    settings.CACHES = caches
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    settings.MODERATION_COUNTS_TTL = 10  # the counts go through the cache


def test_report_queue_decide_and_live_check_answer_while_the_cache_is_down(
    redis_gone, client, moderator, people, flag_message
):
    review = flag_message(people["sender"], people["ann"])
    message = Message.objects.get(pk=review.message_id)
    client.force_login(people["ann"])
    assert client.get(reverse("messaging:inbox")).status_code == 200
    check = reverse("messaging:check", args=[people["sender"].pk])
    assert client.post(check, {"text": "Hello there"}, HTTP_HX_REQUEST="true").status_code == 200
    response = client.post(reverse("messaging:report", args=[message.pk]), {"reason": "spam"})
    assert response.status_code == 302
    client.force_login(moderator)
    assert client.get(reverse("moderation:review_queue")).status_code == 200
    response = client.post(
        reverse("moderation:review_decide", args=[review.pk]),
        {"decision": "dismiss", "expected_status": "open", "source": "review"},
    )
    assert response.status_code == 302
    assert Review.objects.get(pk=review.pk).status == "dismissed"
