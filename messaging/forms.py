"""Forms for composing, checking and reporting messages."""

from __future__ import annotations

import uuid

from django import forms
from django.conf import settings

from netiquette.core.text import has_visible_text, without_bidi_controls


def message_max_length() -> int:
    return int(settings.NETIQUETTE["MESSAGE_MAX_LENGTH"])


class MessageTextField(forms.CharField):
    """The message body: stripped, not empty or invisible, at most the configured length.

    ``forms.CharField`` already refuses NUL characters (PostgreSQL cannot store them).
    """

    def __init__(self, **kwargs):
        max_length = message_max_length()
        kwargs.setdefault("max_length", max_length)
        kwargs.setdefault("label", "Message")
        kwargs.setdefault(
            "error_messages",
            {
                "required": "Write a message before sending.",
                "max_length": (
                    f"Messages can be at most {max_length:,} characters (yours has %(show_value)d)."
                ),
                "null_characters_not_allowed": "Your message contains a character we cannot "
                "store (a null character). Remove it and try again.",
            },
        )
        # No ``maxlength`` on the box: a browser would cut a paste short without a word; the
        # counter and the live check say when a draft is too long, and the send refuses it.
        kwargs.setdefault("widget", forms.Textarea(attrs={"rows": 5, "autocomplete": "off"}))
        super().__init__(**kwargs)

    def to_python(self, value):
        # Browsers send line breaks as CR LF; the counter and the limit count one per break.
        # Direction overrides go (netiquette/core/text.py).
        value = without_bidi_controls(super().to_python(value))
        return value.replace("\r\n", "\n") if value else value

    def clean(self, value):
        value = super().clean(value)
        if value and not has_visible_text(value):
            raise forms.ValidationError("Write a message before sending.", code="required")
        return value


class ComposeForm(forms.Form):
    text = MessageTextField()
    # One per compose form: a double submit finds the first message (no twin row).
    client_token = forms.UUIDField(
        widget=forms.HiddenInput,
        error_messages={
            "required": "This form has expired. Please send your message again.",
            "invalid": "This form has expired. Please send your message again.",
        },
    )
    # One per draft: ties the warning shown to its outcome (edited or sent anyway).
    draft_token = forms.UUIDField(widget=forms.HiddenInput, required=False)
    send_anyway = forms.BooleanField(required=False, widget=forms.HiddenInput)
    # The rules the member was warned about when asked "Send anyway?": the answer covers those
    # only, so text edited into something new is checked and warned about again.
    warned = forms.CharField(required=False, widget=forms.HiddenInput, max_length=2000)

    def clean_warned(self) -> frozenset[str] | None:
        # Absent (a client posting without the compose form): "Send anyway" covers the verdict.
        if "warned" not in self.data:
            return None
        return frozenset(self.cleaned_data.get("warned", "").split())

    @classmethod
    def fresh(
        cls,
        *,
        text: str = "",
        client_token: uuid.UUID | None = None,
        draft_token: uuid.UUID | None = None,
        **kwargs,
    ) -> ComposeForm:
        """An unbound form: new tokens, or the ones a checked draft already carries."""
        return cls(
            initial={
                "text": text,
                "client_token": client_token or uuid.uuid4(),
                "draft_token": draft_token or uuid.uuid4(),
            },
            **kwargs,
        )


class CheckForm(forms.Form):
    """The live check's POST: the draft text (validated like a message, never stored), and
    whether the form is asking "Send anyway?" (so the answer keeps or drops that question)."""

    text = MessageTextField(required=False)
    confirming = forms.BooleanField(required=False)
    # Without JavaScript, "Check wording" posts the whole compose form: its tokens carry over.
    client_token = forms.UUIDField(required=False)
    draft_token = forms.UUIDField(required=False)


class ReportForm(forms.Form):
    reason = forms.CharField(
        required=False,
        label="What is wrong with it? (optional)",
        widget=forms.TextInput(attrs={"autocomplete": "off", "maxlength": 500}),
    )

    def clean_reason(self) -> str:
        # A report is never lost over an over-long reason: keep its first 500 characters.
        return self.cleaned_data["reason"][:500]
