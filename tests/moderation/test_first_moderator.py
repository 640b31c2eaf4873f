"""``manage.py moderator_create``: production's first moderator, since nothing is seeded."""

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from tests.accounts import password_works

pytestmark = pytest.mark.django_db
User = get_user_model()


def test_creates_a_moderator_with_the_password_from_the_environment(monkeypatch):
    monkeypatch.setenv("NETIQUETTE_MODERATOR_PASSWORD", "quiet-lantern-harbour-83")
    out = StringIO()
    call_command("moderator_create", "morgan", "--name", "Morgan Lee", "--noinput", stdout=out)
    assert "Created morgan a moderator (staff)." in out.getvalue()
    user = password_works("morgan", "quiet-lantern-harbour-83")
    assert user is not None and user.is_staff and not user.is_superuser
    assert user.has_perm("moderation.moderate")
    assert user.profile.name == "Morgan Lee"


def test_a_weak_or_missing_password_creates_nobody(monkeypatch):
    with pytest.raises(CommandError, match="NETIQUETTE_MODERATOR_PASSWORD"):
        call_command("moderator_create", "morgan", "--noinput")
    monkeypatch.setenv("NETIQUETTE_MODERATOR_PASSWORD", "12345678")
    with pytest.raises(CommandError, match="too common"):
        call_command("moderator_create", "morgan", "--noinput")
    assert not User.objects.filter(username="morgan").exists()


def test_promotes_an_existing_member_and_keeps_their_password(make_member):
    member = make_member("robin")
    call_command("moderator_create", "robin", stdout=StringIO())
    member.refresh_from_db()
    assert member.has_perm("moderation.moderate") and member.is_staff
    assert password_works("robin", "correct-horse-battery") is not None
