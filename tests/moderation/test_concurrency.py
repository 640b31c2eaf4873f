"""Two moderators deciding the same item at the same moment, on the real PostgreSQL."""

from __future__ import annotations

import threading

import pytest
from django.db import connection

from netiquette.moderation import services
from netiquette.moderation.models import ModerationLog, Review, SenderWarning

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_concurrent_decisions_decide_once_and_the_other_gets_a_conflict(
    make_moderator, people, flag_message
):
    review = flag_message(people["sender"], people["ann"])
    mona, olga = make_moderator("mona", "Mona M"), make_moderator("olga", "Olga O")
    barrier = threading.Barrier(2)
    outcomes: dict[str, str] = {}

    def decide(moderator, decision):
        try:
            barrier.wait(timeout=10)
            services.review_decide(
                review_id=review.pk,
                moderator=moderator,
                decision=decision,
                expected_status="open",
                warn=True,
            )
            outcomes[moderator.username] = "decided"
        except services.ReviewConflict as conflict:
            outcomes[moderator.username] = conflict.message
        finally:
            connection.close()

    threads = [
        threading.Thread(target=decide, args=(mona, "confirm")),
        threading.Thread(target=decide, args=(olga, "dismiss")),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert sorted(outcomes) == ["mona", "olga"]
    assert list(outcomes.values()).count("decided") == 1
    loser = next(name for name, outcome in outcomes.items() if outcome != "decided")
    assert "already" in outcomes[loser] and "Nothing was changed." in outcomes[loser]
    final = Review.objects.get(pk=review.pk)
    assert final.status in {"confirmed", "dismissed"}
    assert ModerationLog.objects.filter(action__in=["confirmed", "dismissed"]).count() == 1
    assert SenderWarning.objects.count() == (1 if final.status == "confirmed" else 0)


def test_concurrent_claims_give_the_item_to_one_moderator(make_moderator, people, flag_message):
    review = flag_message(people["sender"], people["ann"])
    mona, olga = make_moderator("mona", "Mona M"), make_moderator("olga", "Olga O")
    barrier = threading.Barrier(2)
    outcomes: dict[str, str] = {}

    def claim(moderator):
        try:
            barrier.wait(timeout=10)
            services.review_claim(review_id=review.pk, moderator=moderator)
            outcomes[moderator.username] = "claimed"
        except services.ReviewConflict as conflict:
            outcomes[moderator.username] = conflict.message
        finally:
            connection.close()

    threads = [threading.Thread(target=claim, args=(m,)) for m in (mona, olga)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert list(outcomes.values()).count("claimed") == 1
    winner = next(name for name, outcome in outcomes.items() if outcome == "claimed")
    assert Review.objects.get(pk=review.pk).claimed_by.username == winner
    assert ModerationLog.objects.filter(action="claimed").count() == 1
