"""Decisions as data: a moderator corrects the labels while deciding, the rules are tallied by
the correction, and ``export_decisions`` writes the decided items in the corpus format, with
members' signals kept apart (and no text of an item nobody decided)."""

from __future__ import annotations

import json

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from connections.models import ConnectionRequest
from messaging.models import Message
from netiquette.etiquette.evaluate import read_corpus
from netiquette.moderation import services
from netiquette.moderation.models import ModerationLog, Report, Review, RuleTally, SenderWarning
from netiquette.moderation.selectors.training import context_as_dict
from netiquette.moderation.services import rule_tallies_rebuild
from netiquette.scoring.facts import item_contexts
from tests.moderation.conftest import BAD_TEXT

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]

PERSONAL_PITCH = "You look lovely in your photo. I sell skincare, can I send you my price list?"


def decide(client, review, decision, **extra):
    data = {"decision": decision, "expected_status": "open", "source": "review", **extra}
    return client.post(reverse("moderation:review_decide", args=[review.pk]), data)


def test_a_moderator_confirms_a_flag_under_the_right_label(
    moderator_client, moderator, people, flag_message
):
    review = flag_message(
        people["sender"], people["ann"], labels=["personal"], rule_ids=["personal.appearance"]
    )
    page = moderator_client.get(reverse("moderation:review_detail", args=[review.pk]))
    assert b'name="labels" value="personal" checked' in page.content
    assert b"Confirm as" in page.content

    offered = services.default_warning_text(review)
    response = decide(
        moderator_client,
        review,
        "confirm",
        relabel="1",
        labels=["sales_pitch"],
        reason="a pitch",
        warn="on",
        warning_text=offered,
    )

    assert response.status_code == 302
    review.refresh_from_db()
    assert review.status == "confirmed"
    assert review.labels == ["personal"]  # what was flagged stays as evidence
    assert review.decided_labels == ["sales_pitch"]
    log = ModerationLog.objects.get(review=review, action="confirmed")
    assert log.details["labels"] == {"flagged": ["personal"], "decided": ["sales_pitch"]}
    # The flagging rule was wrong about this item: it counts as a dismissal for its precision.
    tally = RuleTally.objects.get(rule_id="personal.appearance")
    assert (tally.confirmed, tally.dismissed) == (0, 1)
    follow = moderator_client.get(response.url)
    assert "labels corrected to Sales pitch" in follow.content.decode()
    # The warning offered named the flagged label; the sender is told the corrected one.
    assert "etiquette (sales pitch)" in SenderWarning.objects.get(review=review).text


def test_the_flagged_labels_ticked_as_they_were_are_no_correction(moderator, people, flag_message):
    review = flag_message(people["sender"], people["ann"])
    decided = services.review_decide(
        review_id=review.pk, moderator=moderator, decision="confirm", labels=review.labels
    )
    assert decided.review.decided_labels is None
    assert "labels" not in decided.log.details


def test_confirming_with_no_label_left_is_refused(moderator_client, people, flag_message):
    review = flag_message(people["sender"], people["ann"])
    response = decide(moderator_client, review, "confirm", relabel="1")
    assert response.status_code == 302
    review.refresh_from_db()
    assert review.status == "open"
    follow = moderator_client.get(response.url)
    assert "Choose at least one label to confirm, or dismiss the item as fine." in (
        follow.content.decode()
    )


def test_undo_takes_the_correction_back_and_the_tallies_rebuild_the_same(
    moderator, people, flag_message
):
    review = flag_message(
        people["sender"],
        people["ann"],
        labels=["personal", "sales_pitch"],
        rule_ids=["personal.appearance", "sales_pitch.book_a_call"],
    )
    services.review_decide(
        review_id=review.pk, moderator=moderator, decision="confirm", labels=["sales_pitch"]
    )
    counts = {t.rule_id: (t.confirmed, t.dismissed) for t in RuleTally.objects.all()}
    assert counts == {"personal.appearance": (0, 1), "sales_pitch.book_a_call": (1, 0)}
    rule_tallies_rebuild()
    rebuilt = {t.rule_id: (t.confirmed, t.dismissed) for t in RuleTally.objects.all()}
    assert rebuilt == counts

    services.review_undo(review_id=review.pk, moderator=moderator)
    review.refresh_from_db()
    assert (review.status, review.decided_labels) == ("open", None)
    counts = {t.rule_id: (t.confirmed, t.dismissed) for t in RuleTally.objects.all()}
    assert counts == {"personal.appearance": (0, 0), "sales_pitch.book_a_call": (0, 0)}


def export(tmp_path, *args) -> list[dict]:
    out = tmp_path / "decisions.jsonl"
    call_command("export_decisions", "--out", str(out), *args)
    return [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]


def test_decisions_export_in_the_corpus_format(
    tmp_path, moderator, people, flag_message, flag_request, make_member
):
    relabelled = flag_message(people["sender"], people["ann"], PERSONAL_PITCH)
    dismissed = flag_message(people["sender"], people["ben"])
    kept = flag_request(people["sender"], make_member("cleo"))
    escalated = flag_message(people["sender"], make_member("dora"))
    flag_message(people["sender"], make_member("eve"))  # still open: never exported
    services.review_decide(
        review_id=relabelled.pk, moderator=moderator, decision="confirm", labels=["sales_pitch"]
    )
    services.review_decide(review_id=dismissed.pk, moderator=moderator, decision="dismiss")
    services.review_decide(review_id=kept.pk, moderator=moderator, decision="confirm")
    services.review_decide(review_id=escalated.pk, moderator=moderator, decision="escalate")

    rows = export(tmp_path)

    assert [row["source"] for row in rows] == [
        f"decision:{relabelled.pk}",
        f"decision:{dismissed.pk}",
        f"decision:{kept.pk}",
    ]
    first, second, third = rows
    assert first["text"] == PERSONAL_PITCH
    assert first["kind"] == "message"
    assert first["labels"] == ["sales_pitch"]
    assert first["decision"] == "confirmed"
    # The context the scorer gives the item, in the corpus' spelling.
    scorer_context = item_contexts("message", [relabelled.message_id])[relabelled.message_id]
    assert first["context"] == context_as_dict(scorer_context)
    assert first["context"]["connected"] is False
    assert second["labels"] == [] and second["decision"] == "dismissed"
    assert third["kind"] == "request_note"
    assert third["labels"] == sorted(kept.labels)
    # The engine's own corpus reader takes the file as it is.
    items = read_corpus((tmp_path / "decisions.jsonl").read_text(encoding="utf-8").splitlines())
    assert [sorted(i.labels) for i in items] == [["sales_pitch"], [], sorted(kept.labels)]
    assert items[0].context == scorer_context


def test_export_since_a_date(tmp_path, moderator, people, flag_message):
    review = flag_message(people["sender"], people["ann"])
    services.review_decide(review_id=review.pk, moderator=moderator, decision="dismiss")
    Review.objects.filter(pk=review.pk).update(
        decided_at=timezone.now() - timezone.timedelta(days=3)
    )
    tomorrow = (timezone.localdate() + timezone.timedelta(days=1)).isoformat()
    assert export(tmp_path, "--since", tomorrow) == []
    assert len(export(tmp_path, "--since", "2000-01-01")) == 1


def test_members_signals_go_apart_and_undecided_texts_stay_in(
    tmp_path, moderator, people, flag_message, send_message, make_member
):
    reported = flag_message(people["sender"], people["ann"])
    Report.objects.create(reporter=people["ann"], message_id=reported.message_id)
    services.review_decide(review_id=reported.pk, moderator=moderator, decision="confirm")
    private = "Lunch on Friday? I found a new ramen place near the office."
    safe = send_message(people["sender"], people["ben"], private)
    Message.objects.filter(pk=safe.pk).update(marked_safe_at=timezone.now())
    stranger = make_member("zed")
    unknown_note = "Let's connect, my friend."
    ConnectionRequest.objects.create(
        sender=stranger,
        recipient=people["ann"],
        note=unknown_note,
        status=ConnectionRequest.Status.DONT_KNOW,
    )
    signals_file = tmp_path / "signals.jsonl"

    decisions = export(tmp_path, "--signals", str(signals_file))

    assert [row["source"] for row in decisions] == [f"decision:{reported.pk}"]
    signals = [json.loads(line) for line in signals_file.read_text().splitlines()]
    by_kind = {row["signal"]: row for row in signals}
    assert set(by_kind) == {"report", "mark_safe", "dont_know"}
    assert by_kind["report"]["decided"] is True
    assert by_kind["report"]["text"] == BAD_TEXT  # a moderator decided on it
    assert by_kind["mark_safe"]["labels"] == []
    assert by_kind["dont_know"]["labels"] == ["no_context"]
    # Nobody decided on these: their texts never leave the database.
    for kind in ("mark_safe", "dont_know"):
        assert by_kind[kind]["decided"] is False
        assert "text" not in by_kind[kind] and "context" not in by_kind[kind]
    dumped = signals_file.read_text() + (tmp_path / "decisions.jsonl").read_text()
    assert private not in dumped and unknown_note not in dumped
