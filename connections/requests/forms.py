"""Forms for connection requests and invitations."""

from __future__ import annotations

import uuid

from django import forms
from django.conf import settings
from django.core.validators import MaxLengthValidator

from connections.models import HowKnown
from netiquette.core.text import has_visible_text, without_bidi_controls


def note_max_length() -> int:
    return settings.NETIQUETTE["REQUEST_NOTE_MAX_LENGTH"]


class DraftTextField(forms.CharField):
    """Draft text as the member counts it: browsers send line breaks as CR LF, the counter and
    the limit count one character per break."""

    def to_python(self, value):
        value = without_bidi_controls(super().to_python(value))  # netiquette/core/text.py
        return value.replace("\r\n", "\n") if value else value


class ConnectionRequestForm(forms.Form):
    """ "How do you know {name}?" and an optional note; ``intent`` says "send" or "send anyway"."""

    how_known = forms.ChoiceField(
        choices=HowKnown.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Say how you know them (or that you don\u2019t)."},
    )
    note = DraftTextField(
        required=False,
        strip=True,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    draft_token = forms.UUIDField(required=False, widget=forms.HiddenInput)
    intent = forms.ChoiceField(
        choices=[("send", "Send"), ("send_anyway", "Send anyway")],
        required=False,
        widget=forms.HiddenInput,
    )

    def __init__(self, *args, recipient_name: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.max_length = note_max_length()
        name = recipient_name.split()[0] if recipient_name.strip() else "them"
        self.fields["how_known"].label = f"How do you know {recipient_name or 'them'}?"
        self.fields["how_known"].choices = [
            (value, f"I don\u2019t know {name}" if value == HowKnown.NONE else label)
            for value, label in HowKnown.choices
        ]
        note = self.fields["note"]
        note.label = "Add a note (optional)"
        note.max_length = self.max_length
        note.validators.append(MaxLengthValidator(self.max_length))
        # No ``maxlength``: a browser would cut a pasted note short without a word. The
        # counter turns red, the live check says how much is over, and the send refuses it.
        note.widget.attrs.update(
            {"aria-describedby": "note-help note-count", "data-max-length": self.max_length}
        )
        note.error_messages["max_length"] = (
            f"Keep the note to {self.max_length} characters or fewer (it has %(show_value)d)."
        )
        if not self.is_bound:
            self.initial.setdefault("draft_token", uuid.uuid4())

    def clean_note(self) -> str:
        note = self.cleaned_data.get("note", "")
        # Odd Unicode: a note of only invisible characters is no note at all.
        if note and not has_visible_text(note):
            return ""
        return note

    @property
    def sending_anyway(self) -> bool:
        return self.is_valid() and self.cleaned_data.get("intent") == "send_anyway"


class LiveCheckForm(forms.Form):
    """The live check's POST: lenient, it must never fail on a half-typed draft.

    ``how_known`` is a plain text field checked against ``HowKnown`` (an unknown answer is
    "unknown"): a ChoiceField deep-copies its translated choices for every form, a fifth of the
    check's time, and this form is built at every pause in typing.
    """

    how_known = forms.CharField(required=False)
    note = DraftTextField(required=False, strip=False)
    draft_token = forms.UUIDField(required=False)
    # The form is asking "Send anyway?": the answer keeps the question while the note warns.
    confirming = forms.BooleanField(required=False)

    def clean_how_known(self) -> str:
        value = self.cleaned_data["how_known"]
        return value if value in HowKnown.values else ""


class WithdrawOlderForm(forms.Form):
    older_than_days = forms.TypedChoiceField(
        label="Withdraw pending invitations older than",
        coerce=int,
        choices=[(7, "1 week"), (14, "2 weeks"), (30, "1 month"), (90, "3 months")],
        initial=30,
    )
