"""The queue through the client: sorts, filters, keyset pages, counts, fixed query counts."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from netiquette.core.nav import NAV_COUNTERS
from netiquette.moderation.models import Report, Review
from tests.moderation.conftest import NAV_QUERIES, session_queries

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]

QUEUE = reverse("moderation:review_queue")
# user, the moderator's permissions (their own and their groups', one query), the page of
# reviews (with the names of senders and claimers as subqueries), the counts (not cached in
# tests; see test_counts_are_cached_briefly_and_refreshed_by_a_decision). The session
# (session_queries()) and the navigation's counters (NAV_QUERIES) come on top.
QUEUE_BASE_QUERIES = 4


def ids_in(response) -> list[int]:
    return [review.pk for review in response.context["page"].items]


def test_priority_sort_puts_reports_and_score_first_then_age_sort(
    moderator_client, people, flag_message
):
    older = flag_message(people["sender"], people["ann"])
    newer = flag_message(people["sender"], people["ben"])
    strong = flag_message(people["ann"], people["ben"], score=older.score + 5.0)
    Report.objects.create(reporter=people["ann"], message_id=older.message_id, reason="spam")

    by_priority = ids_in(moderator_client.get(QUEUE))
    assert by_priority == [strong.pk, older.pk, newer.pk]

    by_age = ids_in(moderator_client.get(QUEUE, {"sort": "age"}))
    assert by_age == [older.pk, newer.pk, strong.pk]


def test_a_reported_item_outranks_every_item_the_engine_only_flagged(
    moderator_client, people, flag_message
):
    """QA: a reported love-song message the engine let through sat last of 91 in the queue."""
    flagged = flag_message(people["sender"], people["ann"], score=3.99)  # just under a block
    reported = flag_message(people["ann"], people["ben"], score=0.0)
    Report.objects.create(reporter=people["ben"], message_id=reported.message_id, reason="creepy")
    assert ids_in(moderator_client.get(QUEUE)) == [reported.pk, flagged.pk]


def test_a_newer_item_ranks_above_an_equal_older_one(moderator_client, people, flag_message):
    first = flag_message(people["sender"], people["ann"])
    second = flag_message(people["sender"], people["ben"])
    Review.objects.filter(pk=first.pk).update(opened_at=timezone.now() - timedelta(days=3))
    from netiquette.moderation.priority import review_priority

    for review in Review.objects.all():
        Review.objects.filter(pk=review.pk).update(priority=review_priority(review))
    assert ids_in(moderator_client.get(QUEUE)) == [second.pk, first.pk]


def test_filters_by_label_rule_sender_status_kind_and_date(
    moderator_client, people, flag_message, flag_request
):
    pitch = flag_message(people["sender"], people["ann"])
    personal = flag_message(
        people["ben"], people["ann"], labels=["personal"], rule_ids=["test.personal_photo"]
    )
    request_review = flag_request(people["sender"], people["ben"])
    old = flag_message(people["ann"], people["ben"])
    Review.objects.filter(pk=old.pk).update(opened_at=timezone.now() - timedelta(days=40))
    decided = flag_message(people["ann"], people["sender"])
    Review.objects.filter(pk=decided.pk).update(status=Review.Status.DISMISSED)

    get = lambda **params: set(ids_in(moderator_client.get(QUEUE, params)))  # noqa: E731
    assert get(label="personal") == {personal.pk}
    assert pitch.pk in get(label="sales_pitch")
    assert get(rule="test.personal_photo") == {personal.pk}
    assert get(sender="sam") == {pitch.pk, request_review.pk}
    assert get(sender=str(people["ben"].pk)) == {personal.pk}
    assert get(status="dismissed") == {decided.pk}
    assert get(kind="request") == {request_review.pk}
    since = (timezone.now() - timedelta(days=7)).date().isoformat()
    assert old.pk not in get(since=since)
    assert get(until=(timezone.now() - timedelta(days=30)).date().isoformat()) == {old.pk}


def test_counts_per_status_and_label(moderator_client, people, flag_message):
    flag_message(people["sender"], people["ann"])
    flag_message(people["ben"], people["ann"], labels=["personal"], rule_ids=["test.x"])
    dismissed = flag_message(people["ann"], people["ben"])
    Review.objects.filter(pk=dismissed.pk).update(status=Review.Status.DISMISSED)

    response = moderator_client.get(QUEUE)
    counts = response.context["counts"]
    assert counts.by_status["open"] == 2
    assert counts.by_status["dismissed"] == 1
    assert counts.by_label == {"personal": 1, "sales_pitch": 1}
    assert b'data-status-count="open">2<' in response.content


def test_keyset_pagination_walks_every_item_once_without_offset(
    moderator_client, people, flag_message
):
    created = [flag_message(people["sender"], people["ann"]).pk for _ in range(12)]
    seen: list[int] = []
    params = {"per_page": 5}
    with CaptureQueriesContext(connection) as queries:
        for _ in range(5):
            response = moderator_client.get(QUEUE, params)
            assert response.status_code == 200
            seen += ids_in(response)
            cursor = response.context["page"].next_cursor
            if not cursor:
                break
            assert b'rel="next"' in response.content
            params = {"per_page": 5, "after": cursor}
    assert sorted(seen) == sorted(created)
    assert len(seen) == len(set(seen)) == 12
    assert not any("OFFSET" in q["sql"].upper() for q in queries.captured_queries)


def test_age_sort_pages_by_keyset_too(moderator_client, people, flag_message):
    created = [flag_message(people["sender"], people["ann"]).pk for _ in range(7)]
    first = moderator_client.get(QUEUE, {"sort": "age", "per_page": 5})
    second = moderator_client.get(
        QUEUE, {"sort": "age", "per_page": 5, "after": first.context["page"].next_cursor}
    )
    assert ids_in(first) + ids_in(second) == created
    assert second.context["page"].next_cursor is None


def test_bad_cursor_and_bad_filters_give_a_message_not_an_error(
    moderator_client, people, flag_message
):
    flag_message(people["sender"], people["ann"])
    response = moderator_client.get(QUEUE, {"after": "p~not-a-number~x"})
    assert response.status_code == 200
    assert "That page link is out of date" in response.content.decode()
    response = moderator_client.get(
        QUEUE, {"since": "2026-13-45", "per_page": "9999", "status": "nope", "sender": "\u202e💥"}
    )
    assert response.status_code == 200
    assert "Enter a valid date." in response.content.decode()


def test_htmx_filter_returns_only_the_results(moderator_client, people, flag_message):
    flag_message(people["sender"], people["ann"])
    response = moderator_client.get(
        QUEUE, {"label": "sales_pitch"}, HTTP_HX_REQUEST="true", HTTP_HX_TARGET="queue-results"
    )
    body = response.content.decode()
    assert body.lstrip().startswith('<section id="queue-results"')
    assert "<html" not in body


@pytest.mark.parametrize("per_page", [5, 50])
def test_queue_query_count_is_fixed_whatever_the_page_size(
    moderator_client, people, flag_message, flag_request, django_assert_num_queries, per_page
):
    for _ in range(8):
        flag_message(people["sender"], people["ann"])
        flag_request(people["ben"], people["ann"], status="ignored")
    Report.objects.create(reporter=people["ann"], message_id=Review.objects.first().message_id)
    assert set(NAV_COUNTERS) == {
        "invitations",
        "unread",
        "notifications",
        "news_connections",
        "news_warnings",
    }, "a new nav counter: update NAV_QUERIES"
    with django_assert_num_queries(QUEUE_BASE_QUERIES + session_queries() + NAV_QUERIES):
        response = moderator_client.get(QUEUE, {"per_page": per_page})
    assert len(response.context["page"].items) == min(per_page, 16)


def _is_counts_query(sql: str) -> bool:
    """The queue's counts: one grouped COUNT over the reviews (the navigation's COUNTs of
    requests and messages run on every page and are not it)."""
    return "COUNT(" in sql and 'FROM "messaging_review" GROUP BY' in sql


def test_counts_are_cached_briefly_and_refreshed_by_a_decision(
    moderator_client, moderator, people, flag_message, settings, django_capture_on_commit_callbacks
):
    from django.core.cache import cache

    from netiquette.moderation import services

    settings.MODERATION_COUNTS_TTL = 10
    cache.delete(services.COUNTS_GENERATION_KEY)
    with django_capture_on_commit_callbacks(execute=True):
        reviews = [flag_message(people["sender"], people["ann"]) for _ in range(2)]
    with CaptureQueriesContext(connection) as first:
        assert moderator_client.get(QUEUE).context["counts"].by_status["open"] == 2
    assert sum(_is_counts_query(q["sql"]) for q in first.captured_queries) == 1
    with CaptureQueriesContext(connection) as cached:
        moderator_client.get(QUEUE)
    assert not any(_is_counts_query(q["sql"]) for q in cached.captured_queries)
    with django_capture_on_commit_callbacks(execute=True):
        services.review_decide(review_id=reviews[0].pk, moderator=moderator, decision="dismiss")
    counts = moderator_client.get(QUEUE).context["counts"]
    assert (counts.by_status["open"], counts.by_status["dismissed"]) == (1, 1)
