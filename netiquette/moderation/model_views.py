"""The models page: candidates trained from decisions, their figures beside the live model, and
the audited activation and rollback (moderators only, like the rest of the dashboard).

Activating and rolling back are POSTs with CSRF from a confirmation page (GET shows what will
change); after either, the moderator lands on the scoring backlog's progress page, where the
re-score is seen to move.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from netiquette.moderation.selectors import models as model_selectors
from netiquette.moderation.services import learning
from netiquette.moderation.views import moderator_required


class SwitchForm(forms.Form):
    reason = forms.CharField(
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2, "placeholder": "Optional: why"}),
    )


@require_GET
@moderator_required
def model_list(request: HttpRequest) -> HttpResponse:
    page = model_selectors.models_page(page=request.GET.get("page"))
    context = {"page": page, "in_force": model_selectors.model_in_force()}
    return render(request, "moderation/models.html", context)


@require_http_methods(["GET", "POST"])
@moderator_required
def model_activate(request: HttpRequest, model_id: int) -> HttpResponse:
    model = model_selectors.model_for_page(model_id)
    if model is None:
        raise Http404("No such model.")
    form = SwitchForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            learning.model_activate(
                model_id=model.pk, moderator=request.user, reason=form.cleaned_data["reason"]
            )
        except learning.ModelConflict as conflict:
            messages.error(request, conflict.message)
            return redirect("moderation:models")
        messages.success(
            request,
            f"Model {model.version} is in force. Everything scored before is being re-scored "
            "with it; roll back on the models page if it does worse.",
        )
        return redirect("scoring:progress")
    context = {
        "summary": model_selectors.summarise(model),
        "in_force": model_selectors.model_in_force(),
        "form": form,
    }
    return render(request, "moderation/model_activate.html", context)


@require_http_methods(["GET", "POST"])
@moderator_required
def model_rollback(request: HttpRequest) -> HttpResponse:
    in_force = model_selectors.model_in_force()
    form = SwitchForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            version = learning.model_rollback(
                moderator=request.user, reason=form.cleaned_data["reason"]
            )
        except learning.ModelConflict as conflict:
            messages.error(request, conflict.message)
            return redirect("moderation:models")
        messages.success(
            request,
            f"Rolled back: model {version} is in force again, and the backlog is being "
            "re-scored with it.",
        )
        return redirect("scoring:progress")
    return render(request, "moderation/model_rollback.html", {"in_force": in_force, "form": form})
