"""Reads of the models page: the model in force and the stored candidates with their figures."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.core.paginator import Page, Paginator

from netiquette.core.models import Ruleset, TrainedModel
from netiquette.core.templatetags.etiquette import LABEL_NAMES
from netiquette.etiquette import model_version

MODELS_PER_PAGE = 10


def _pct(value: float | None) -> str:
    return "—" if value is None else f"{value:.0%}"


@dataclass
class LabelFigures:
    label: str
    name: str
    candidate: dict[str, str]  # precision, recall, fine_fp_rate, as percentages
    live: dict[str, str]
    decisions_of: int = 0
    candidate_right: int = 0
    live_right: int = 0
    better: str = ""  # "candidate" | "live" | "" (a tie) on the held-back decisions


@dataclass
class ModelSummary:
    model: TrainedModel
    labels: list[LabelFigures] = field(default_factory=list)
    candidate_fine: str = "—"
    live_fine: str = "—"
    held_back: int = 0
    validation_items: int = 0
    live_version: str = ""

    @property
    def card(self) -> dict[str, Any]:
        return self.model.card


def summarise(model: TrainedModel) -> ModelSummary:
    figures = model.figures or {}
    validation = figures.get("validation", {})
    candidate = validation.get("candidate", {})
    live = validation.get("live", {})
    summary = ModelSummary(
        model=model,
        candidate_fine=_pct(candidate.get("fine_flagged_rate")),
        live_fine=_pct(live.get("fine_flagged_rate")),
        held_back=figures.get("held_back_decisions", 0),
        validation_items=figures.get("validation_items", 0),
        live_version=figures.get("live_version", ""),
    )
    decisions = figures.get("decisions", {})
    for label, name in LABEL_NAMES.items():
        mine = candidate.get("per_label", {}).get(label, {})
        theirs = live.get("per_label", {}).get(label, {})
        right = decisions.get(label, {})
        row = LabelFigures(
            label=label,
            name=name,
            candidate={k: _pct(mine.get(k)) for k in ("precision", "recall", "fine_fp_rate")},
            live={k: _pct(theirs.get(k)) for k in ("precision", "recall", "fine_fp_rate")},
            decisions_of=right.get("of", 0),
            candidate_right=right.get("candidate", 0),
            live_right=right.get("live", 0),
        )
        if row.candidate_right != row.live_right:
            row.better = "candidate" if row.candidate_right > row.live_right else "live"
        summary.labels.append(row)
    return summary


@dataclass
class InForce:
    version: str
    model: TrainedModel | None  # None: the committed file shipped with the code
    ruleset_version: int
    rollback_to: str = ""  # the version a rollback would put back ("" when none)


def model_in_force() -> InForce:
    version, model, trained_id = Ruleset.in_force()
    row = (
        TrainedModel.objects.select_related("created_by", "replaced").filter(pk=trained_id).first()
        if trained_id
        else None
    )
    if row is None:
        return InForce(version=model or model_version(), model=None, ruleset_version=version)
    return InForce(
        version=row.version,
        model=row,
        ruleset_version=version,
        rollback_to=row.replaced.version if row.replaced else row.replaced_version,
    )


def models_page(*, page: int | str | None = 1) -> Page:
    """Stored models, newest first, ``MODELS_PER_PAGE`` a page (a bad number: the first)."""
    rows = TrainedModel.objects.select_related("created_by__profile").defer("payload")
    paginator = Paginator(rows, MODELS_PER_PAGE)
    page_obj = paginator.get_page(page)
    page_obj.summaries = [summarise(m) for m in page_obj.object_list]
    return page_obj


def model_for_page(model_id: int) -> TrainedModel | None:
    return TrainedModel.objects.defer("payload").filter(pk=model_id).first()
