"""The batch scoring service on the real PostgreSQL: verdicts, facts, filing, reviews."""

from __future__ import annotations

from collections import Counter

import pytest
from django.utils import timezone

from connections.models import Affiliation, Connection, ConnectionRequest, Organisation
from connections.requests.limits import request_stats_for
from messaging.models import Message
from netiquette.core.filing import folder_for
from netiquette.core.models import Ruleset, RuleSetting
from netiquette.etiquette import rule_catalogue
from netiquette.moderation.models import Review
from netiquette.scoring import facts, progress
from netiquette.scoring import pipeline as scoring
from tests.messaging.verdicts import rule_ids

from .conftest import (
    CLEAN,
    PITCH,
    engine_verdict,
    force_action,
    send_message,
    send_request,
    stored_verdict,
    verdict_as_stored,
)

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]


@pytest.fixture
def people(make_member):
    return [make_member(f"p{i}") for i in range(6)]


def test_batch_scores_unscored_items_and_files_them(people):
    alice, bob, carol = people[:3]
    pitch = send_message(alice, bob, PITCH)
    clean = send_message(alice, carol, CLEAN)
    force_action(pitch, "warn")
    expected = engine_verdict(pitch)

    result = scoring.score_batch("message")

    assert result.scored == 2
    assert stored_verdict(pitch) == verdict_as_stored(expected)
    clean.refresh_from_db()
    assert pitch.is_scored and clean.is_scored
    assert pitch.action == "warn" and pitch.labels
    for finding in pitch.findings:
        if finding["span"] is not None:
            start, end = finding["span"]
            assert 0 <= start < end <= len(pitch.text)
    assert any(f["span"] for f in pitch.findings), "the evidence points at no words"
    # A first contact that scores a warning goes to Other when it scores that high.
    assert pitch.folder == folder_for(action="warn", score=expected.score, first_contact=True)
    assert clean.action == "ok" and clean.findings == [] and clean.folder == "focused"
    assert pitch.ruleset_version == clean.ruleset_version == Ruleset.current_version()


def test_scoring_twice_changes_nothing_and_opens_one_review(people):
    alice, bob = people[:2]
    message = send_message(alice, bob, PITCH)
    force_action(message, "flag")
    expected = engine_verdict(message)

    assert scoring.score_items("message", [message.pk]) == 1
    message.refresh_from_db()
    first = (message.scored_at, message.score, message.action)
    assert message.action == "flag" and message.folder == "other"
    assert scoring.score_items("message", [message.pk]) == 0
    message.refresh_from_db()
    assert (message.scored_at, message.score, message.action) == first
    # Even a forced re-score opens no second review.
    scoring.score_batch("message", ids=[message.pk], force=True)
    assert Review.objects.filter(message=message).count() == 1
    review = Review.objects.get(message=message)
    assert review.rule_ids == rule_ids(expected) and review.sender_id == alice.pk


def test_message_marked_safe_stays_where_the_recipient_put_it(people):
    alice, bob = people[:2]
    message = send_message(alice, bob, PITCH)
    force_action(message, "flag")
    Message.objects.filter(pk=message.pk).update(marked_safe_at=timezone.now())

    scoring.score_batch("message")

    message.refresh_from_db()
    assert message.action == "flag"
    assert message.folder == "focused"


def test_request_notes_are_scored_and_flagged(people):
    alice, bob = people[:2]
    request = send_request(alice, bob, PITCH)
    force_action(request, "flag")
    expected = engine_verdict(request)

    scoring.score_batch("request")

    assert stored_verdict(request) == verdict_as_stored(expected)
    assert request.action == "flag"
    assert Review.objects.filter(connection_request=request).count() == 1


def test_context_facts_come_from_the_database(people, make_member):
    alice, bob, carol, dave = people[:4]
    acme = Organisation.objects.create(kind="company", name="Acme")
    mit = Organisation.objects.create(kind="school", name="MIT")
    for user, org in [(alice, acme), (bob, acme), (alice, mit), (carol, mit)]:
        Affiliation.objects.create(profile=user.profile, organisation=org, kind="position")
    alice.profile.is_recruiter = True
    alice.profile.save()
    bob.profile.open_to_work = True
    bob.profile.save()
    Connection.objects.create(
        user_low_id=min(alice.pk, carol.pk), user_high_id=max(alice.pk, carol.pk)
    )
    # Alice's recent requests: one to a colleague, three to strangers (one "I don't know").
    ConnectionRequest.objects.create(sender=alice, recipient=people[4], how_known="colleague")
    ConnectionRequest.objects.create(sender=alice, recipient=people[5], how_known="none")
    ConnectionRequest.objects.create(sender=alice, recipient=dave, status="dont_know")
    to_bob = ConnectionRequest.objects.create(sender=alice, recipient=bob, how_known="")
    to_carol = Message.objects.create(
        thread_id=_thread(alice, carol), sender=alice, recipient=carol, text=CLEAN,
        first_contact=False, connected=True,
    )  # fmt: skip

    contexts = facts.build_contexts(
        facts.items_from_rows("request", scoring._claim("request", version=1, ids=[to_bob.pk]))
        + facts.items_from_rows("message", scoring._claim("message", version=1, ids=[to_carol.pk]))
    )

    request_context = contexts[("request", to_bob.pk)]
    assert request_context.shared == ("employer:Acme",)
    assert request_context.sender_role == "recruiter"
    assert request_context.recipient_open_to_work is True
    assert request_context.connected is False and request_context.first_contact is True
    assert request_context.how_known is None
    assert request_context.recent_requests == 4
    assert request_context.stranger_request_share == pytest.approx(0.75)
    message_context = contexts[("message", to_carol.pk)]
    assert message_context.shared == ("school:MIT",)
    assert message_context.connected is True and message_context.first_contact is False
    assert message_context.recipient_open_to_work is False


def _thread(a, b) -> int:
    from messaging.models import Thread

    low, high = sorted([a.pk, b.pk])
    return Thread.objects.get_or_create(user_low_id=low, user_high_id=high)[0].pk


def test_context_queries_do_not_grow_with_the_batch(make_member, django_assert_max_num_queries):
    senders = [make_member(f"s{i}") for i in range(4)]
    recipients = [make_member(f"r{i}") for i in range(10)]
    ids = [
        send_message(s, r, f"{CLEAN} Number {i}.").pk
        for i, (s, r) in enumerate((s, r) for s in senders for r in recipients)
    ]
    rows = scoring._claim("message", version=1, ids=ids)
    items = facts.items_from_rows("message", rows)
    assert len(items) == 40
    # profiles, affiliations, connections, threads, requests×2, fingerprint insert + lookup,
    # and the lookup's planner setting turned off and back
    with django_assert_max_num_queries(10):
        facts.build_contexts(items)


def test_bad_input_is_scored_without_errors(people):
    alice, bob, carol = people[:3]
    odd = send_message(alice, bob, "B\u200bo\u200bo\u200bk a quick call? 🙂 " + "\u0301" * 50)
    huge = send_message(alice, carol, ("Hello there, " * 700)[:8000])
    empty_note = send_request(alice, bob, "")

    assert scoring.score_batch("message").scored == 2
    assert scoring.score_batch("request").scored == 1
    for item in (odd, huge, empty_note):
        item.refresh_from_db()
        assert item.is_scored


def test_item_deleted_before_scoring_is_skipped(people):
    alice, bob = people[:2]
    message = send_message(alice, bob, PITCH)
    message.delete()
    assert scoring.score_items("message", [message.pk]) == 0


def test_backlog_status_counts_unscored_and_stale(people):
    alice, bob, carol = people[:3]
    send_message(alice, bob, PITCH)
    send_message(alice, carol, CLEAN)
    scoring.score_batch("message")
    send_message(bob, carol, CLEAN)
    # Any rule change bumps the version: the two scored messages are stale now.
    RuleSetting.objects.create(rule_id=rule_catalogue()[0].rule_id)

    status = {s.kind: s for s in progress.backlog_status()}["message"]

    assert (status.total, status.unscored, status.stale, status.waiting) == (3, 1, 2, 3)
    assert status.scored_last_window == 2
    assert status.eta is not None and status.eta.total_seconds() > 0


def test_the_senders_request_history_feeds_the_context(people):
    alice, *others = people
    ConnectionRequest.objects.create(sender=alice, recipient=others[0], how_known="colleague")
    ConnectionRequest.objects.create(
        sender=alice, recipient=others[1], how_known="colleague", status="ignored"
    )
    ConnectionRequest.objects.create(
        sender=alice, recipient=others[2], how_known="colleague", status="dont_know"
    )
    ConnectionRequest.objects.create(sender=alice, recipient=others[3], how_known="none")
    ConnectionRequest.objects.create(sender=alice, recipient=others[4], status="withdrawn")

    history = request_stats_for([alice.pk, others[4].pk])

    mine = history[alice.pk]
    assert (mine.total, mine.ignored, mine.dont_know) == (4, 1, 1)  # withdrawn left out
    # strangers: the sender said "I don't know them" or the recipient did
    assert mine.stranger_share == pytest.approx(0.5)
    assert history[others[4].pk].total == 0
    assert history[others[4].pk].stranger_share is None

    note = ConnectionRequest.objects.create(sender=alice, recipient=others[4], how_known="none")
    context = facts.item_contexts("request", [note.pk])[note.pk]
    assert context.recent_requests == 5
    assert context.stranger_request_share == pytest.approx(3 / 5)


def test_a_batchs_flags_open_one_review_each_as_one_by_one(people):
    """The batch opens its reviews together, with what ``open_review`` per item gives: the
    reports and the sender's confirmed reviews counted into the priority, each rule's tally
    bumped once per review, and an item that has a review already gets no second one."""
    from netiquette.moderation.models import Report, RuleTally
    from netiquette.moderation.priority import review_priority

    alice, bob, carol, dave, erin = people[:5]
    messages = [
        send_message(alice, bob, PITCH),
        send_message(alice, carol, PITCH),
        send_message(dave, erin, PITCH),
        send_message(dave, bob, PITCH),
    ]
    force_action(messages[0], "flag")
    # A report before scoring (counted into the review's priority); an earlier confirmed review
    # of dave's (his record); a review that exists already (no second one).
    Report.objects.create(reporter=carol, message=messages[1], reason="spam")
    earlier = send_message(dave, carol, CLEAN)
    Review.objects.create(sender=dave, message=earlier, status=Review.Status.CONFIRMED)
    existing = Review.objects.create(sender=dave, message=messages[3], score=0.5)
    tallies = dict(RuleTally.objects.values_list("rule_id", "flagged"))

    result = scoring.score_batch("message", ids=[m.pk for m in messages])

    assert result.scored == 4 and result.reviews_opened == 3
    reviews = {r.message_id: r for r in Review.objects.filter(message__in=messages)}
    assert len(reviews) == 4 and reviews[messages[3].pk].pk == existing.pk
    assert reviews[messages[3].pk].score == 0.5  # left as it was
    flagged_by_rule = Counter()
    for message in messages[:3]:
        review = reviews[message.pk]
        message.refresh_from_db()
        assert message.action == "flag"
        rules = sorted({f["rule_id"] for f in message.findings})
        flagged_by_rule.update(rules)
        assert review.status == Review.Status.OPEN and review.sender_id == message.sender_id
        assert review.rule_ids == rules and review.score == message.score
        assert review.report_count == (1 if message == messages[1] else 0)
        assert review.sender_confirmed == (1 if message.sender_id == dave.pk else 0)
        assert review.priority == review_priority(review) and review.priority > 0
    after = dict(RuleTally.objects.values_list("rule_id", "flagged"))
    assert flagged_by_rule
    assert {rule: after[rule] - tallies.get(rule, 0) for rule in flagged_by_rule} == dict(
        flagged_by_rule
    )


def test_a_review_opened_meanwhile_makes_the_batch_open_the_rest_one_by_one(people, monkeypatch):
    """A report that opens one of the batch's reviews after its lookup (here: a lookup that
    misses it): the insert fails as a whole, and each item takes ``open_review`` (no second
    review, the others opened)."""
    from netiquette.moderation import reviews as reviews_module

    alice, bob, carol, dave = people[:4]
    messages = [send_message(alice, r, PITCH) for r in (bob, carol, dave)]
    force_action(messages[0], "flag")
    Review.objects.create(sender=alice, message=messages[1], score=0.25)
    monkeypatch.setattr(reviews_module, "_reviewed", lambda flags: set())

    result = scoring.score_batch("message", ids=[m.pk for m in messages])

    assert result.scored == 3 and result.reviews_opened == 2
    by_message = {r.message_id: r for r in Review.objects.filter(message__in=messages)}
    assert sorted(by_message) == sorted(m.pk for m in messages)
    assert by_message[messages[1].pk].score == 0.25
    for message in Message.objects.filter(pk__in=[messages[0].pk, messages[2].pk]):
        assert message.action == "flag" and by_message[message.pk].score == message.score
