"""``manage.py moderator_create USERNAME [--name NAME] [--noinput]``: the first moderator.

Production seeds no accounts. This makes (or promotes) a member who works the review queue: in
the ``moderators`` group, staff (so the rule settings' admin pages open), with a profile. A new
account's password is asked twice and checked by the password validators; with ``--noinput``
it is read from ``NETIQUETTE_MODERATOR_PASSWORD``. An existing account keeps its password.
"""

from __future__ import annotations

import getpass
import os

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from connections.models import Profile
from netiquette.moderation.services import ensure_moderators_group

PASSWORD_ENV = "NETIQUETTE_MODERATOR_PASSWORD"


class Command(BaseCommand):
    help = "Creates a moderator (or makes an existing member one): the first moderator."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--name", default="", help="Display name (default: the username).")
        parser.add_argument(
            "--noinput",
            "--no-input",
            action="store_true",
            help=f"Ask nothing; a new account's password comes from {PASSWORD_ENV}.",
        )

    def handle(self, *args, username: str, name: str, noinput: bool, **options):
        User = get_user_model()
        user = User.objects.filter(username=username).first()
        password = None
        if user is None:
            password = self._password(User(username=username), noinput=noinput)
        with transaction.atomic():
            created = user is None
            if created:
                user = User.objects.create_user(username=username, password=password)
            user.is_staff = True
            user.is_active = True
            user.save(update_fields=["is_staff", "is_active"])
            Profile.objects.get_or_create(user=user, defaults={"name": name or username})
            user.groups.add(ensure_moderators_group())
        verb = "Created" if created else "Made"
        self.stdout.write(self.style.SUCCESS(f"{verb} {username} a moderator (staff)."))

    def _password(self, user, *, noinput: bool) -> str:
        if noinput:
            password = os.environ.get(PASSWORD_ENV, "")
            if not password:
                raise CommandError(f"--noinput needs the password in {PASSWORD_ENV}.")
            self._validate(password, user)
            return password
        for _ in range(3):
            password = getpass.getpass("Password: ")
            if password != getpass.getpass("Password (again): "):
                self.stderr.write("The two passwords differ. Try again.")
                continue
            try:
                self._validate(password, user)
            except CommandError as error:
                self.stderr.write(str(error))
                continue
            return password
        raise CommandError("No password set; nothing was created.")

    @staticmethod
    def _validate(password: str, user) -> None:
        try:
            validate_password(password, user)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
