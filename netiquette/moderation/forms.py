"""Forms of the moderation dashboard: the queue's filters and the decisions."""

from __future__ import annotations

from datetime import date

from django import forms
from django.http import QueryDict

from netiquette.core.templatetags.etiquette import LABEL_NAMES
from netiquette.etiquette import rule_catalogue
from netiquette.moderation.models import Review
from netiquette.moderation.selectors import DEFAULT_PER_PAGE, QueueFilters
from netiquette.moderation.services import BULK_LIMIT, RESTRICT_DAYS_CHOICES

# A row id as a query parameter: a positive integer that fits PostgreSQL's bigint. Anything
# else ("²", which str.isdigit() accepts and int() does not; 20 digits) is simply not valid.
MAX_ID = 2**63 - 1


def id_field() -> forms.IntegerField:
    return forms.IntegerField(required=False, min_value=1, max_value=MAX_ID)


FILTER_FIELDS = ("status", "sort", "label", "rule", "sender", "kind", "since", "until", "per_page")


class QueueFilterForm(forms.Form):
    status = forms.ChoiceField(choices=Review.Status.choices, required=False)
    sort = forms.ChoiceField(
        choices=[("priority", "Priority"), ("age", "Oldest first")], required=False
    )
    label = forms.ChoiceField(required=False)
    rule = forms.CharField(required=False, max_length=100)
    sender = forms.CharField(required=False, max_length=150, help_text="Username or member number.")
    kind = forms.ChoiceField(
        choices=[("", "Messages and requests"), ("message", "Messages"), ("request", "Requests")],
        required=False,
    )
    since = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}))
    until = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}))
    per_page = forms.IntegerField(required=False, min_value=5, max_value=100)
    after = forms.CharField(required=False, max_length=200, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["label"].choices = [("", "Any label"), *LABEL_NAMES.items()]
        self.fields["rule"].widget.attrs["list"] = "rule-ids"
        self.rule_ids = [rule.rule_id for rule in rule_catalogue()]

    def clean_sender(self) -> str:
        return (self.cleaned_data.get("sender") or "").strip().lstrip("@")

    def clean(self):
        cleaned = super().clean()
        since, until = cleaned.get("since"), cleaned.get("until")
        if until and until >= date.max:  # the queue counts up to the day after
            self.add_error("until", "Pick an end date before 31 December 9999.")
        elif since and until and since > until:
            self.add_error("until", "The end date is before the start date.")
        return cleaned

    def filters(self) -> QueueFilters:
        """The valid part of the input; a bad field falls back to its default."""
        self.is_valid()
        data = {name: value for name, value in self.cleaned_data.items() if value not in ("",)}
        return QueueFilters(
            status=data.get("status") or Review.Status.OPEN,
            sort=data.get("sort") or "priority",
            label=data.get("label") or "",
            rule=(data.get("rule") or "").strip(),
            sender=(data.get("sender") or "").strip(),
            kind=data.get("kind") or "",
            since=data.get("since"),
            until=data.get("until"),
            per_page=data.get("per_page") or DEFAULT_PER_PAGE,
            after=data.get("after") or "",
        )


def filter_query(data: QueryDict) -> str:
    """The filters of a queue URL as a query string, without the page cursor."""
    kept = QueryDict(mutable=True)
    for name in FILTER_FIELDS:
        value = data.get(name)
        if value:
            kept[name] = value[:200]
    return kept.urlencode()


def filters_from_query(query: str) -> QueueFilters:
    return QueueFilterForm(QueryDict(query or "")).filters()


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        choices=[("confirm", "Confirm"), ("dismiss", "Dismiss as fine"), ("escalate", "Escalate")]
    )
    reason = forms.CharField(
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2, "placeholder": "Optional: why"}),
    )
    expected_status = forms.ChoiceField(choices=Review.Status.choices, required=False)
    hide = forms.BooleanField(required=False, initial=True, label="Hide the message")
    warn = forms.BooleanField(required=False, initial=True, label="Warn the sender")
    warning_text = forms.CharField(
        required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 4})
    )
    restrict_days = forms.TypedChoiceField(
        choices=[(0, "Do not restrict requests")]
        + [
            (
                days,
                f"Restrict requests and first messages for {days} day{'s' if days > 1 else ''}",
            )
            for days in RESTRICT_DAYS_CHOICES
            if days
        ],
        coerce=int,
        required=False,
        empty_value=0,
    )
    q = forms.CharField(required=False, max_length=2000, widget=forms.HiddenInput)
    source = forms.ChoiceField(choices=[("review", "review"), ("queue", "queue")], required=False)
    # The review page offers the labels to confirm (``relabel``); the queue's buttons do not,
    # and confirm there keeps the flagged labels.
    relabel = forms.BooleanField(required=False, widget=forms.HiddenInput)
    labels = forms.MultipleChoiceField(
        choices=list(LABEL_NAMES.items()), required=False, label="Confirm as"
    )

    def confirmed_labels(self) -> list[str] | None:
        """The labels to confirm the item as, when the form offered them; else None."""
        if not self.cleaned_data.get("relabel"):
            return None
        return list(self.cleaned_data.get("labels") or [])


class BulkDecisionForm(DecisionForm):
    ids = forms.TypedMultipleChoiceField(coerce=int, choices=())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Any id is a valid choice; the service reports the ones it could not decide.
        raw = self.data.getlist("ids") if hasattr(self.data, "getlist") else []
        self.fields["ids"].choices = [(v, v) for v in raw if str(v).isdigit()]
        self.fields["ids"].error_messages["required"] = "Select at least one item."

    def clean_ids(self):
        ids = self.cleaned_data["ids"]
        if len(ids) > BULK_LIMIT:
            raise forms.ValidationError(f"Select at most {BULK_LIMIT} items at once.")
        return ids


class NextReviewForm(forms.Form):
    """ "Skip to next": the review to skip past, and the queue's filters."""

    after = id_field()
    q = forms.CharField(required=False, max_length=2000)


class DecidedForm(forms.Form):
    """The queue's and the review page's ``?decided=<id>``: offer to undo that decision."""

    decided = id_field()


class LogFilterForm(forms.Form):
    """The audit log's filters and its page cursor."""

    review = id_field()
    sender = id_field()
    moderator = id_field()
    before = forms.CharField(required=False, max_length=100)

    def filters(self) -> dict:
        """The valid filters; an invalid one is left out (the whole log, not an error page)."""
        self.is_valid()
        return {
            "review_id": self.cleaned_data.get("review"),
            "sender_id": self.cleaned_data.get("sender"),
            "moderator_id": self.cleaned_data.get("moderator"),
            "before": self.cleaned_data.get("before") or "",
        }
