"""Writes for people and the network (HackSoft style: ``<entity>_<verb>``)."""

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction

from connections.models import Affiliation, Organisation, Profile
from connections.profiles.forms import AFFILIATION_KIND_FOR, AffiliationFormSet, ProfileForm

User = get_user_model()


class UsernameTaken(Exception):
    """Someone took the username between the form's check and the insert (a double submit)."""


@transaction.atomic
def member_signup(*, username: str, password: str, name: str, email: str = "") -> User:
    """A new member with a profile; ``UsernameTaken`` when the unique username is taken meanwhile
    (the form checked it, but two submits can both pass that check)."""
    try:
        with transaction.atomic():
            user = User.objects.create_user(username=username, password=password, email=email)
    except IntegrityError as error:
        raise UsernameTaken(username) from error
    Profile.objects.create(user=user, name=name)
    return user


def profile_ensure(*, user: User) -> Profile:
    """The user's profile, created from the username for accounts made outside sign-up."""
    profile, _ = Profile.objects.get_or_create(user=user, defaults={"name": user.username})
    return profile


def organisation_find_or_create(*, kind: str, name: str) -> Organisation:
    """The organisation of that kind and name (case-insensitive), created when new."""
    existing = Organisation.objects.filter(kind=kind, name__iexact=name).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            return Organisation.objects.create(kind=kind, name=name)
    except IntegrityError:  # created meanwhile by someone else
        return Organisation.objects.get(kind=kind, name=name)


@transaction.atomic
def profile_update(
    *, profile_form: ProfileForm, affiliation_formset: AffiliationFormSet
) -> Profile:
    """Saves a valid profile form and its history formset together.

    The profile row is locked first, so two submits of the same form run one after the other,
    and a new line identical to one already there (a double submit) is not added twice.
    """
    Profile.objects.select_for_update().filter(pk=profile_form.instance.pk).first()
    profile = profile_form.save()
    affiliations = affiliation_formset.save(commit=False)
    for affiliation_form in affiliation_formset.forms:
        affiliation = affiliation_form.instance
        if affiliation not in affiliations:
            continue
        kind = affiliation_form.cleaned_data["organisation_kind"]
        affiliation.organisation = organisation_find_or_create(
            kind=kind, name=affiliation_form.cleaned_data["organisation_name"]
        )
        affiliation.kind = AFFILIATION_KIND_FOR[kind]
        affiliation.profile = profile
        if affiliation.pk is None and _same_line_exists(affiliation):
            continue
        affiliation.save()
    for affiliation in affiliation_formset.deleted_objects:
        affiliation.delete()
    return profile


def _same_line_exists(affiliation: Affiliation) -> bool:
    return Affiliation.objects.filter(
        profile=affiliation.profile,
        organisation=affiliation.organisation,
        kind=affiliation.kind,
        title=affiliation.title,
        description=affiliation.description,
        start=affiliation.start,
        end=affiliation.end,
    ).exists()
