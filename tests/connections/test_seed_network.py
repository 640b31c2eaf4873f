"""``manage.py seed_network``: a believable network, repeatable, and idempotent with --if-empty."""

import re
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.db.models import Count, F

from connections.models import Affiliation, Connection, ConnectionRequest, Organisation, Profile
from connections.profiles.selectors import connection_pair
from messaging.models import Message, Thread
from netiquette.demo.texts import MASS_TEMPLATE, MESSAGES, REQUEST_NOTES
from tests.accounts import password_works

pytestmark = pytest.mark.django_db
User = get_user_model()


def seed(*args: str) -> str:
    out = StringIO()
    call_command("seed_network", "--no-progress", *args, stdout=out)
    return out.getvalue()


def snapshot() -> dict:
    return {
        "people": sorted(Profile.objects.values_list("user__username", "name", "headline")),
        "organisations": sorted(Organisation.objects.values_list("kind", "name")),
        "notes": sorted(ConnectionRequest.objects.values_list("note", "status")),
        "messages": sorted(Message.objects.values_list("text", "first_contact", "connected")),
        "connections": Connection.objects.count(),
    }


def wipe() -> None:
    User.objects.all().delete()
    Organisation.objects.all().delete()


def printed_password(output: str) -> str:
    match = re.search(r"log in as demo / (\S+) \(the review queue: moderator / (\S+)\)", output)
    assert match is not None, output
    assert match[1] == match[2]
    return match[1]


def test_seed_builds_a_network_with_demo_accounts_and_prints_the_login():
    output = seed("--people", "60", "--seed", "3")
    assert "Seeded 60 people" in output
    password = printed_password(output)
    assert password != "netiquette-demo" and len(password) >= 16
    assert "http://127.0.0.1:8000/" in output
    assert Profile.objects.count() == 62  # plus the demo member and the moderator
    for kind in Organisation.Kind.values:
        assert Organisation.objects.filter(kind=kind).exists()
    assert Affiliation.objects.filter(kind=Affiliation.Kind.POSITION).exclude(description="")
    assert Connection.objects.count() >= 60
    demo = password_works("demo", password)
    moderator = password_works("moderator", password)
    assert demo is not None and moderator is not None
    assert moderator.has_perm("moderation.moderate") and not demo.has_perm("moderation.moderate")
    assert moderator.is_staff and moderator.has_perm("netiquette.change_rulesetting")
    assert demo.profile.affiliations.exists()
    assert ConnectionRequest.objects.filter(recipient=demo, status="pending").count() >= 5
    assert Message.objects.filter(recipient=demo).exists()


def test_seeded_history_is_unscored_and_its_facts_are_right():
    seed("--people", "80", "--seed", "5")
    assert Message.objects.exists() and ConnectionRequest.objects.exists()
    assert not Message.objects.filter(scored_at__isnull=False).exists()
    assert not ConnectionRequest.objects.filter(scored_at__isnull=False).exists()
    # Exactly one first contact per thread: its earliest message.
    for thread in Thread.objects.prefetch_related("messages"):
        messages = list(thread.messages.all())
        assert [m.first_contact for m in messages] == [True] + [False] * (len(messages) - 1)
        assert thread.last_message_at == messages[-1].created_at
    assert not Thread.objects.annotate(n=Count("messages")).filter(n=0).exists()
    # "connected" means the pair was connected when the message was sent.
    pairs = {(c.user_low_id, c.user_high_id): c.created_at for c in Connection.objects.all()}
    for message in Message.objects.all():
        since = pairs.get(connection_pair(message.sender_id, message.recipient_id))
        assert message.connected == (since is not None and since <= message.created_at)
    # No pending duplicates, no request to oneself (the constraints would refuse them anyway).
    assert not ConnectionRequest.objects.filter(sender_id=F("recipient_id")).exists()


def test_seeded_texts_mix_good_etiquette_with_every_bad_kind():
    seed("--people", "150", "--seed", "11")
    texts = list(Message.objects.values_list("text", flat=True)) + list(
        ConnectionRequest.objects.values_list("note", flat=True)
    )

    def used(template: str) -> bool:
        head = template.split("{", 1)[0].strip() or template.split("}", 1)[-1][:25]
        tail = template.rsplit("}", 1)[-1][-25:]
        return any(t.startswith(head) and t.endswith(tail) for t in texts if t)

    for kind in ("good", "personal", "sales_pitch", "give_me", "political"):
        templates = [t for t in REQUEST_NOTES[kind] + MESSAGES[kind] if t]
        assert any(used(t) for t in templates), kind
    assert ConnectionRequest.objects.filter(note="", how_known__in=["", "none"]).exists()
    # The mass template reached many people, each greeted by their own name.
    tail = MASS_TEMPLATE.split("}", 1)[1]
    mass = Message.objects.filter(text__endswith=tail).select_related("recipient__profile")
    assert mass.count() >= 10
    for message in mass:
        assert message.text.startswith(f"Hi {message.recipient.profile.first_name},")


def test_seed_is_repeatable_with_the_same_seed():
    seed("--people", "40", "--seed", "42")
    first = snapshot()
    wipe()
    seed("--people", "40", "--seed", "42")
    assert snapshot() == first
    wipe()
    seed("--people", "40", "--seed", "43")
    assert snapshot()["people"] != first["people"]


def test_if_empty_seeds_only_an_empty_database():
    seed("--people", "20", "--seed", "1", "--if-empty")
    before = snapshot()
    output = seed("--people", "1000", "--seed", "1", "--if-empty")
    # `make run PEOPLE=1000` on a seeded database says it added no one, and how to (13.12).
    assert (
        "The database already has 22 people, so no one was added (--if-empty). "
        "To add 1,000 more: make seed PEOPLE=1000" in output
    )
    printed_password(output)
    assert snapshot() == before


def test_seeding_twice_without_if_empty_adds_people_without_clashes():
    seed("--people", "20", "--seed", "1")
    seed("--people", "20", "--seed", "1")
    assert Profile.objects.count() == 42
    assert User.objects.filter(username="demo").count() == 1


def test_bad_people_count_is_refused():
    with pytest.raises(CommandError, match="--people must be between 0 and"):
        seed("--people", "-1")


def test_no_seeded_account_has_a_password_anyone_knows():
    """Issue 16: members get unusable passwords; the demo log-in is random and changes."""
    first = printed_password(seed("--people", "30", "--seed", "2"))
    members = User.objects.exclude(username__in=["demo", "moderator"])
    assert members.count() == 30
    assert not any(user.has_usable_password() for user in members)
    assert password_works("demo", "netiquette-demo") is None
    assert password_works("moderator", "netiquette-demo") is None
    second = printed_password(seed("--people", "0", "--if-empty"))
    assert second != first
    assert password_works("demo", first) is None
    assert password_works("demo", second) is not None


def test_production_never_seeds(settings):
    settings.DEBUG = False
    settings.DEMO = False
    with pytest.raises(CommandError, match="never seeds the demo network"):
        seed("--people", "5", "--if-empty")
    assert not User.objects.exists()
    settings.DEMO = True  # an explicit DEMO=1
    printed_password(seed("--people", "5"))


def test_deploy_check_refuses_an_account_with_the_published_password(settings):
    """Issue 16: ``check --deploy`` fails while a production account has the README's password."""
    from django.core.checks import run_checks

    from netiquette.demo.accounts import ensure_demo_accounts

    settings.DEBUG = False
    _demo, moderator = ensure_demo_accounts()
    assert not [e for e in run_checks(include_deployment_checks=True) if e.id == "netiquette.E001"]
    moderator.set_password("netiquette-demo")
    moderator.save()
    errors = [e for e in run_checks(include_deployment_checks=True) if e.id == "netiquette.E001"]
    assert len(errors) == 1 and "moderator" in errors[0].msg
    # An ordinary account that shares its hash with another (the old seeder's sign) too.
    moderator.set_unusable_password()
    moderator.save()
    shared = User.objects.get(username="demo")
    shared.set_password("netiquette-demo")
    shared.save()
    User.objects.create(username="seeded.member", password=shared.password)
    errors = [e for e in run_checks(include_deployment_checks=True) if e.id == "netiquette.E001"]
    assert "demo, seeded.member" in errors[0].msg


# --- issue 13.11: dates that agree, and a demo account that shows every flow ----------------


def test_events_are_attended_in_the_year_their_name_carries():
    import re

    seed("--people", "80", "--seed", "5")
    attended = Affiliation.objects.filter(organisation__kind=Organisation.Kind.EVENT)
    assert attended.exists()
    for affiliation in attended.select_related("organisation"):
        year = int(re.search(r" (\d{4})(?: \(\d+\))?$", affiliation.organisation.name).group(1))
        assert affiliation.start.year == year == affiliation.end.year, affiliation.organisation


def test_the_demo_account_shows_every_flow():
    from datetime import timedelta

    from django.utils import timezone

    from netiquette.core.notifications import new_count

    seed("--people", "80", "--seed", "5")
    demo = User.objects.get(username="demo")
    now = timezone.now()
    waiting = ConnectionRequest.objects.filter(sender=demo, status="pending")
    assert waiting.count() >= 3, "invitations of their own, to see Pending and to withdraw"
    assert waiting.filter(created_at__lt=now - timedelta(days=30)).exists()  # "withdraw older"
    accepted = ConnectionRequest.objects.filter(
        sender=demo, status="accepted", responded_at__gte=now - timedelta(days=7)
    )
    assert accepted.count() >= 2, "news in the notifications: accepted invitations"
    assert new_count(demo) >= accepted.count()
    assert ConnectionRequest.objects.filter(recipient=demo, status="pending").exists()
    # A message of their own that a moderator can act on once scored (then warn them).
    own = Message.objects.filter(sender=demo)
    assert own.exists() and not own.filter(scored_at__isnull=False).exists()
    call_command("score_backlog", stdout=StringIO(), stderr=StringIO())
    from netiquette.moderation.models import Review

    assert Review.objects.filter(sender=demo, status="open").exists()


def test_no_two_seeded_people_wait_on_each_other():
    """QA: the demo account and another member each had a pending invitation to the other."""
    call_command("seed_network", people=60, seed=1, stdout=StringIO())
    pending = set(
        ConnectionRequest.objects.filter(status="pending").values_list("sender_id", "recipient_id")
    )
    assert pending and not [(a, b) for a, b in pending if (b, a) in pending]
