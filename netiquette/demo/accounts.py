"""The demo member and the moderator account, and the one log-in a demo hands out.

No account of the demo network has a password anyone could know: seeded members get unusable
passwords, and the demo member and the moderator get a fresh random one each time
``seed_network`` prints it (``demo_login_issue``). Production never seeds (``demo_allowed``).
"""

import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password

from connections.models import (
    Profile,
)
from netiquette.moderation.services import ensure_moderators_group

User = get_user_model()


DEMO_USERNAME = "demo"
MODERATOR_USERNAME = "moderator"
# The password every demo account had until the hardening (issue 16): printed in the README,
# so no production account may still have it (``netiquette.demo.checks``).
PUBLISHED_DEMO_PASSWORD = "netiquette-demo"
DEMO_EMAIL = "demo@example.com"


def demo_allowed() -> bool:
    """The demo network may be seeded: the embedded default (debug) or an explicit ``DEMO=1``."""
    return bool(getattr(settings, "DEMO", settings.DEBUG))


def ensure_demo_accounts() -> tuple[User, User]:
    """The demo member and the moderator, get-or-create, with unusable passwords when new."""
    demo, _ = User.objects.get_or_create(
        username=DEMO_USERNAME, defaults={"password": make_password(None)}
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
        username=MODERATOR_USERNAME, defaults={"password": make_password(None), "is_staff": True}
    )
    Profile.objects.get_or_create(
        user=moderator,
        defaults={"name": "Morgan Moderator", "headline": "Keeps Netiquette civil"},
    )
    moderator.groups.add(ensure_moderators_group())
    return demo, moderator


def demo_login_issue() -> str:
    """A new random password for the demo member and the moderator; returns it (to print)."""
    password = secrets.token_urlsafe(12)
    password_hash = make_password(password)  # one hash for both: hashing is slow on purpose
    User.objects.filter(username__in=[DEMO_USERNAME, MODERATOR_USERNAME]).update(
        password=password_hash
    )
    return password
