"""Writes for people and the network (HackSoft style: ``<entity>_<verb>``)."""

from django.contrib.auth import get_user_model
from django.db import transaction

from connections.models import Profile

User = get_user_model()


@transaction.atomic
def member_signup(*, username: str, password: str, name: str) -> User:
    user = User.objects.create_user(username=username, password=password)
    Profile.objects.create(user=user, name=name)
    return user
