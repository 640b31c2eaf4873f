from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import UserCreationForm
from django.core.files.uploadedfile import UploadedFile
from django.forms import inlineformset_factory

from connections.models import Affiliation, Organisation, Profile
from connections.profiles.photos import normalised_photo
from netiquette.core.text import has_visible_text, without_bidi_controls

User = get_user_model()

# The kind of organisation decides the kind of affiliation: a job, a course, a membership.
AFFILIATION_KIND_FOR = {
    Organisation.Kind.COMPANY: Affiliation.Kind.POSITION,
    Organisation.Kind.SCHOOL: Affiliation.Kind.EDUCATION,
    Organisation.Kind.EVENT: Affiliation.Kind.MEMBERSHIP,
    Organisation.Kind.GROUP: Affiliation.Kind.MEMBERSHIP,
}


def readable_name(name: str) -> str:
    """A name as people will read it: no direction overrides, single spaces, and something
    visible (a name of zero-width characters shows as a blank sender)."""
    name = " ".join(without_bidi_controls(name).split())
    if not name:
        raise forms.ValidationError("Please give your name.")
    if not has_visible_text(name):
        raise forms.ValidationError("Please give a name people can read.")
    return name


class SignupForm(UserCreationForm):
    name = forms.CharField(max_length=Profile._meta.get_field("name").max_length, label="Full name")
    email = forms.EmailField(
        label="E-mail",
        help_text="For resetting your password; never shown to other members.",
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    field_order = ["name", "email", "username", "password1", "password2"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name"].widget.attrs["autocomplete"] = "name"
        self.fields["username"].help_text = "Letters, digits and @ . + - _ only; 150 at most."

    def clean_name(self) -> str:
        return readable_name(self.cleaned_data["name"])

    def clean_email(self) -> str:
        email = User.objects.normalize_email(self.cleaned_data["email"]).strip()
        # One account per address: a password reset must reach one member, not several.
        if User.objects.filter(email__iexact=email).exists():
            raise forms.ValidationError(
                "An account with this e-mail already exists. Log in, or reset its password."
            )
        return email

    class Meta(UserCreationForm.Meta):
        fields = ("username",)


class PeopleSearchForm(forms.Form):
    # No max_length: a long query is cut (with a note), never refused; see PeopleQuery.
    q = forms.CharField(required=False, label="Search people")


class ProfileForm(forms.ModelForm):
    class Meta:
        model = Profile
        fields = [
            "name",
            "headline",
            "photo",
            "location",
            "industry",
            "summary",
            "open_to_work",
            "is_recruiter",
        ]
        labels = {"is_recruiter": "I am a recruiter", "open_to_work": "Open to work"}
        widgets = {"summary": forms.Textarea(attrs={"rows": 4})}

    def clean(self):
        cleaned = super().clean()
        for field in ("headline", "location", "industry", "summary"):
            if isinstance(cleaned.get(field), str):
                cleaned[field] = without_bidi_controls(cleaned[field])
        return cleaned

    def clean_photo(self):
        photo = self.cleaned_data.get("photo")
        if not photo or not isinstance(photo, UploadedFile):
            return photo  # unchanged (the stored photo) or cleared
        limit = settings.PROFILE_PHOTO_MAX_BYTES
        if photo.size > limit:
            raise forms.ValidationError(
                f"The photo is too large: please upload one under {limit // (1024 * 1024)} MB."
            )
        return normalised_photo(photo)

    def clean_name(self) -> str:
        return readable_name(self.cleaned_data["name"])


class AffiliationForm(forms.ModelForm):
    """One line of someone's history; the organisation is typed by name and found or created."""

    organisation_kind = forms.ChoiceField(
        choices=[
            (Organisation.Kind.COMPANY, "Company (a position)"),
            (Organisation.Kind.SCHOOL, "School (education)"),
            (Organisation.Kind.EVENT, "Event"),
            (Organisation.Kind.GROUP, "Group"),
        ],
        label="Type",
    )
    organisation_name = forms.CharField(
        max_length=Organisation._meta.get_field("name").max_length, label="Organisation"
    )

    class Meta:
        model = Affiliation
        fields = ["title", "description", "start", "end"]
        labels = {"title": "Role, degree or part"}
        widgets = {
            "description": forms.Textarea(attrs={"rows": 2}),
            "start": forms.DateInput(attrs={"type": "date"}),
            "end": forms.DateInput(attrs={"type": "date"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["organisation_kind"].initial = self.instance.organisation.kind
            self.fields["organisation_name"].initial = self.instance.organisation.name
        else:
            # The blank "add a line" row shows "Company" preselected; said as its initial value,
            # that preset is no change, so an untouched row is skipped instead of required.
            self.fields["organisation_kind"].initial = Organisation.Kind.COMPANY

    def clean_organisation_name(self) -> str:
        name = " ".join(self.cleaned_data["organisation_name"].split())
        if not name:
            raise forms.ValidationError("Please name the organisation.")
        return name

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and end < start:
            self.add_error("end", "The end date is before the start date.")
        return cleaned


AffiliationFormSet = inlineformset_factory(
    Profile,
    Affiliation,
    form=AffiliationForm,
    extra=1,
    max_num=30,
    validate_max=True,
    can_delete=True,
)
