"""The demo member and the moderator account."""

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password

from connections.models import (
    Profile,
)
from netiquette.moderation.services import ensure_moderators_group

User = get_user_model()


DEMO_USERNAME = "demo"
MODERATOR_USERNAME = "moderator"
DEMO_PASSWORD = "netiquette-demo"
DEMO_EMAIL = "demo@example.com"


def ensure_demo_accounts(*, password_hash: str | None = None) -> tuple[User, User]:
    """The demo member and the moderator (password ``netiquette-demo``), get-or-create."""
    password_hash = password_hash or make_password(DEMO_PASSWORD)
    demo, _ = User.objects.get_or_create(
        username=DEMO_USERNAME, defaults={"password": password_hash}
    )
    if not demo.email:  # so "Forgot password?" can be tried with the demo account
        User.objects.filter(pk=demo.pk).update(email=DEMO_EMAIL)
        demo.email = DEMO_EMAIL
    Profile.objects.get_or_create(
        user=demo,
        defaults={
            "name": "Dana Demo",
            "headline": "Product manager, curious about good manners online",
            "location": "Leeds",
            "industry": "Software",
            "open_to_work": True,
        },
    )
    # Staff too, so the rule settings' admin pages (weights, phrases) are open to them.
    moderator, _ = User.objects.get_or_create(
        username=MODERATOR_USERNAME, defaults={"password": password_hash, "is_staff": True}
    )
    Profile.objects.get_or_create(
        user=moderator,
        defaults={"name": "Morgan Moderator", "headline": "Keeps Netiquette civil"},
    )
    moderator.groups.add(ensure_moderators_group())
    return demo, moderator
