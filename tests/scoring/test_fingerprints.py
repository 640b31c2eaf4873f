"""Template detection: masked shingles, MinHash + LSH bands, copies per sender."""

from __future__ import annotations

import pytest
from faker import Faker

from netiquette.scoring import facts, fingerprints
from netiquette.scoring import pipeline as scoring

from .conftest import send_message, send_request

TEMPLATE = (
    "Hi {name}, I help companies like {company} cut their cloud bill by {pct}% in {days} days. "
    "We worked with {other} last year. Can we book a quick call this week? Cheers, Tom"
)


def template_copy(fake: Faker, i: int) -> str:
    return TEMPLATE.format(
        name=fake.first_name() if i % 2 else fake.name(),
        company=fake.company(),
        pct=10 + i,
        days=30 + i,
        other=fake.company(),
    )


def test_masking_makes_swapped_names_and_companies_one_template():
    anna = "Hi Anna, I help companies like Acme grow. Can we book a quick call on 3 May?"
    ben = (
        "Hi Ben Smith, I help companies like Initech Corp grow. Can we book a quick call on 12 May?"
    )
    assert fingerprints.masked_words(anna) == fingerprints.masked_words(ben)
    assert fingerprints.band_keys(anna) == fingerprints.band_keys(ben)


def test_short_texts_are_never_templates():
    assert fingerprints.band_keys("Thanks, see you then!") is None


@pytest.mark.postgres
@pytest.mark.django_db
def test_one_template_sent_to_twenty_people_is_detected(make_member):
    fake = Faker()
    Faker.seed(5)
    tom = make_member("tom")
    recipients = [make_member(f"target{i}") for i in range(20)]
    messages = [send_message(tom, r, template_copy(fake, i)) for i, r in enumerate(recipients)]
    assert len({m.text for m in messages}) == 20  # every copy differs in names and figures

    items = facts.items_from_rows("message", scoring._claim("message", version=1, limit=1000))
    contexts = facts.build_contexts(items)

    assert {contexts[("message", m.pk)].template_copies for m in messages} == {19}
    copies = fingerprints.copies_of("message", messages[0].pk)
    assert [c.item_id for c in copies] == [m.pk for m in messages[1:]]
    assert {c.recipient_id for c in copies} == {r.pk for r in recipients[1:]}


@pytest.mark.postgres
@pytest.mark.django_db
def test_twenty_different_genuine_messages_are_not_a_template(make_member):
    fake = Faker()
    Faker.seed(11)
    tom = make_member("tom")
    messages = []
    for i in range(20):
        recipient = make_member(f"friend{i}")
        text = (
            f"Hi {fake.first_name()}, {fake.paragraph(nb_sentences=3)} "
            f"Thanks again for the {fake.word()} notes from {fake.company()}."
        )
        messages.append(send_message(tom, recipient, text))

    scoring.score_batch("message")

    for message in messages:
        assert fingerprints.copies_of("message", message.pk) == []


@pytest.mark.postgres
@pytest.mark.django_db
def test_copies_count_other_recipients_of_the_same_sender_only(make_member):
    fake = Faker()
    Faker.seed(3)
    tom, ann, bob, eve = (make_member(n) for n in ("tom", "ann", "bob", "eve"))
    first = send_message(tom, ann, template_copy(fake, 1))
    send_message(tom, ann, template_copy(fake, 2))  # the same person twice: not a mass mailing
    other_sender = send_message(eve, bob, template_copy(fake, 3))
    note = send_request(tom, bob, template_copy(fake, 4))  # a note counts like a message

    scoring.score_batch("message")
    items = facts.items_from_rows("request", scoring._claim("request", version=1))
    contexts = facts.build_contexts(items)

    assert contexts[("request", note.pk)].template_copies == 1  # ann, not bob himself
    assert fingerprints.copies_of("message", other_sender.pk) == []
    assert {(c.kind, c.recipient_id) for c in fingerprints.copies_of("message", first.pk)} == {
        ("message", ann.pk),
        ("request", bob.pk),
    }


@pytest.mark.postgres
@pytest.mark.django_db
def test_fingerprints_are_stored_once_per_item(make_member):
    from netiquette.scoring.models import FingerprintBand

    fake = Faker()
    tom, ann = make_member("tom"), make_member("ann")
    message = send_message(tom, ann, template_copy(fake, 1))
    scoring.score_batch("message")
    scoring.score_batch("message", ids=[message.pk], force=True)
    assert FingerprintBand.objects.filter(kind="message", item_id=message.pk).count() == (
        fingerprints.BANDS
    )


@pytest.mark.postgres
@pytest.mark.django_db
def test_the_copy_lookup_leaves_the_planner_settings_as_it_found_them(make_member):
    """The lookup turns bitmap scans off for itself only: the batch's later statements (and
    a session that turned them off itself) see the setting they had."""
    from django.db import connection, transaction

    fake = Faker()
    tom, ann = make_member("tom"), make_member("ann")
    message = send_message(tom, ann, template_copy(fake, 1))
    item = fingerprints.Printable("message", message.pk, tom.pk, ann.pk, message.text)

    def setting() -> str:
        with connection.cursor() as cursor:
            cursor.execute("SELECT current_setting('enable_bitmapscan')")
            return cursor.fetchone()[0]

    for session_value in ("on", "off"):
        with connection.cursor() as cursor:
            cursor.execute(f"SET enable_bitmapscan = {session_value}")
        with transaction.atomic():
            assert fingerprints.record_and_count([item]) == {("message", message.pk): 0}
            assert setting() == session_value
        assert setting() == session_value
    with connection.cursor() as cursor:
        cursor.execute("RESET enable_bitmapscan")
