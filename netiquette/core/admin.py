"""Admin for the rule settings: switch rules, re-weight them, add phrases.

Every save (or delete) bumps the ruleset version (see ``netiquette.core.models``), so the beat
sweep re-scores the backlog in the background; the admin says so after each change.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.urls import NoReverseMatch, reverse

from netiquette.core.models import Ruleset, RuleSetting
from netiquette.etiquette import rule_catalogue


def _rules() -> dict:
    return {rule.rule_id: rule for rule in rule_catalogue()}


class RuleSettingForm(forms.ModelForm):
    rule_id = forms.ChoiceField(label="Rule", choices=())

    class Meta:
        model = RuleSetting
        fields = ["rule_id", "enabled", "weight", "extra_phrases"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        rules = _rules()
        choices = [(rule_id, f"{rule_id} — {rule.doc}") for rule_id, rule in sorted(rules.items())]
        current = self.instance.rule_id if self.instance.pk else None
        if current and current not in rules:  # a rule the engine no longer has: keep it visible
            choices.append((current, f"{current} (no longer in the engine)"))
        self.fields["rule_id"].choices = choices

    def clean_weight(self):
        weight = self.cleaned_data.get("weight")
        if weight is not None and not 0 <= weight <= 10:
            raise forms.ValidationError("A weight is between 0 and 10 (empty: the rule's own).")
        return weight

    def clean_extra_phrases(self):
        phrases = self.cleaned_data.get("extra_phrases", "")
        lines = [line.strip() for line in phrases.splitlines() if line.strip()]
        if any(len(line) > 200 for line in lines):
            raise forms.ValidationError("Each phrase is one line of at most 200 characters.")
        if len(lines) > 500:
            raise forms.ValidationError("At most 500 phrases per rule.")
        rule = _rules().get(self.cleaned_data.get("rule_id"))
        if lines and rule is not None and not rule.takes_phrases:
            raise forms.ValidationError("This rule does not match phrase lists.")
        return "\n".join(dict.fromkeys(lines))  # one per line, duplicates dropped


@admin.register(RuleSetting)
class RuleSettingAdmin(admin.ModelAdmin):
    form = RuleSettingForm
    list_display = ["rule_id", "label", "enabled", "weight", "default_weight", "updated_at"]
    list_filter = ["enabled"]
    search_fields = ["rule_id", "extra_phrases"]
    readonly_fields = ["updated_at", "updated_by"]

    @admin.display(description="Category")
    def label(self, obj: RuleSetting) -> str:
        rule = _rules().get(obj.rule_id)
        return rule.label if rule else "—"

    @admin.display(description="Default weight")
    def default_weight(self, obj: RuleSetting) -> float | str:
        rule = _rules().get(obj.rule_id)
        return rule.weight if rule else "—"

    def save_model(self, request, obj, form, change):
        obj.updated_by = request.user
        super().save_model(request, obj, form, change)
        self._say_rescoring(request)

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        self._say_rescoring(request)

    def delete_queryset(self, request, queryset):
        # One bump per row through the signals: the queryset's own delete() sends them too.
        super().delete_queryset(request, queryset)
        self._say_rescoring(request)

    def _say_rescoring(self, request) -> None:
        try:
            progress = reverse("scoring:progress")
        except NoReverseMatch:  # pragma: no cover - the URL module is always included
            progress = ""
        from django.conf import settings

        where = (
            "here, as soon as this change is saved (embedded mode: no workers)"
            if getattr(settings, "CELERY_TASK_ALWAYS_EAGER", False)
            else "in the background"
        )
        messages.info(
            request,
            f"Rules are now at version {Ruleset.current_version()}: the backlog is re-scored "
            f"{where}{f' (progress: {progress})' if progress else ''}.",
        )


@admin.register(Ruleset)
class RulesetAdmin(admin.ModelAdmin):
    """The version is bumped by rule changes only; here it can be read, not edited."""

    list_display = ["__str__", "version", "changed_at"]
    readonly_fields = ["version", "changed_at"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
