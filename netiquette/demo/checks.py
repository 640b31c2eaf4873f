"""A deploy check: no account of a production database has the password the README published.

``manage.py check --deploy`` (docker-compose runs it before gunicorn starts) fails with
``netiquette.E001`` while one does. Checking a hash costs a full password hash, so only the
accounts that matter are checked: the demo names, staff, superusers, moderators, and any hash
that several accounts share (the seeder's sign: it hashed one password for everybody).
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import check_password
from django.core.checks import Error, Tags, register
from django.db import DatabaseError
from django.db.models import Count, Q

from netiquette.demo.accounts import DEMO_USERNAME, MODERATOR_USERNAME, PUBLISHED_DEMO_PASSWORD
from netiquette.moderation.services import MODERATORS_GROUP

SHARED_HASHES_CHECKED = 20


def accounts_with_published_password() -> list[str]:
    """Usernames (at most 10) whose password is ``PUBLISHED_DEMO_PASSWORD``."""
    User = get_user_model()
    candidates = User.objects.filter(
        Q(username__in=[DEMO_USERNAME, MODERATOR_USERNAME])
        | Q(is_staff=True)
        | Q(is_superuser=True)
        | Q(groups__name=MODERATORS_GROUP)
    ).exclude(password__startswith="!")
    hashes = set(candidates.values_list("password", flat=True).distinct()[:200])
    shared = (
        User.objects.exclude(password__startswith="!")
        .values("password")
        .annotate(n=Count("id"))
        .filter(n__gt=1)
        .order_by("-n")
        .values_list("password", flat=True)[:SHARED_HASHES_CHECKED]
    )
    hashes.update(shared)
    known = [h for h in hashes if check_password(PUBLISHED_DEMO_PASSWORD, h)]
    if not known:
        return []
    return list(
        User.objects.filter(password__in=known)
        .order_by("id")
        .values_list("username", flat=True)[:10]
    )


@register(Tags.security, deploy=True)
def no_published_password(app_configs=None, **kwargs) -> list[Error]:
    if settings.DEBUG:
        return []
    try:
        usernames = accounts_with_published_password()
    except DatabaseError:  # no database yet (a build step): there is no account either
        return []
    if not usernames:
        return []
    return [
        Error(
            f"Accounts with the published demo password: {', '.join(usernames)}.",
            hint=(
                "Give them unusable passwords (manage.py shell: user.set_unusable_password()) "
                "or delete them; make the first moderator with manage.py moderator_create."
            ),
            id="netiquette.E001",
        )
    ]
