"""The engine learns from its moderators: ``retrain`` stores a candidate (never activating it),
trained on their decisions; activating and rolling back are audited, move the ruleset's
version on and re-score the backlog (a real worker); the models page shows the figures."""

from __future__ import annotations

import re

import pytest
from django.core.management import call_command
from django.urls import reverse

from messaging.models import Message
from netiquette.core import rule_settings
from netiquette.core.models import Ruleset, TrainedModel
from netiquette.etiquette import Context, Draft, candidates, check, learned, model_version
from netiquette.etiquette.evaluate import Item
from netiquette.moderation.models import ModerationLog
from netiquette.moderation.services import learning, review_decide

pytestmark = [pytest.mark.postgres]

SAMPLE = "150"  # corpus items a test trains on: the same code as the full run, in seconds
COMPANIES = ("Acme", "Globex", "Initech", "Umbrella", "Hooli", "Stark", "Wayne", "Wonka")
COMPANIES += ("Tyrell", "Soylent", "Cyberdyne", "Vandelay", "Oscorp", "Monarch")


def drone_pitch(company: str) -> str:
    return (
        f"Hello, our {company} gutter-cleaning drones keep office roofs spotless. "
        f"Shall I send you a brochure and price list for {company} drones?"
    )


def engine_findings(text: str, model) -> list[str]:
    draft = Draft("message", text, Context(first_contact=True, connected=False))
    return sorted(f.rule_id for f in check(draft, model=model).findings)


@pytest.mark.django_db
def test_retraining_on_decisions_changes_the_candidates_verdicts_and_activates_nothing(
    moderator, make_member, flag_message, capsys
):
    version_before = Ruleset.in_force()
    call_command("retrain", "--sample", SAMPLE, "--c", "10")
    before = TrainedModel.objects.get()
    out = capsys.readouterr().out
    assert re.search(r"\[ *\d+\.\d s\] training on \d+ corpus items, 0 decisions", out)
    assert f"stored candidate {before.version} (not active)" in out

    # Moderators confirm a dozen drone pitches the engine flagged as personal as pitches.
    sender = make_member("droner")
    texts = [drone_pitch(company) for company in COMPANIES[:12]]
    for number, text in enumerate(texts):
        review = flag_message(sender, make_member(f"roof{number}"), text, labels=["personal"])
        review_decide(
            review_id=review.pk, moderator=moderator, decision="confirm", labels=["sales_pitch"]
        )
    call_command("retrain", "--sample", SAMPLE, "--c", "10")
    after = TrainedModel.objects.latest("id")

    assert after.status == before.status == TrainedModel.Status.CANDIDATE
    assert Ruleset.in_force() == version_before  # stored, not activated
    assert after.card["decisions"] == 10 and after.figures["held_back_decisions"] == 2
    old = learned.load_bytes(bytes(before.payload), before.manifest)
    new = learned.load_bytes(bytes(after.payload), after.manifest)
    trained_on = texts[:10]
    # The model trained on the real corpus already reads most of them as pitches; the
    # decisions must win over the rest, and change no verdict the other way.
    missed = [t for t in trained_on if "model.sales_pitch" not in engine_findings(t, old)]
    assert missed, "the test needs pitches the model before the decisions does not catch"
    assert all("model.sales_pitch" in engine_findings(t, new) for t in trained_on), (
        "the decisions must change the candidate's verdicts on the texts it missed"
    )
    # Held back, the two newest decisions judge both models: per label, how many each got right.
    pitch = after.figures["decisions"]["sales_pitch"]
    assert pitch["of"] == 2 and 0 <= pitch["live"] <= pitch["candidate"] <= 2
    # Nothing a member wrote can be cited as an example to another member.
    assert not any("gutter-cleaning" in text for text in new.example_texts)


# --- activation and rollback ----------------------------------------------------------------


@pytest.fixture(scope="module")
def drone_candidate() -> tuple[bytes, dict]:
    """A candidate trained (engine only, no database) on a corpus sample plus drone pitches
    confirmed as sales pitches: it gives them a ``model.sales_pitch`` finding."""
    corpus = learning._every(learning._corpus("train", learning.train.CORPUS_DIR), int(SAMPLE))
    validation = learning._every(
        learning._corpus("validation", learning.train.CORPUS_DIR), int(SAMPLE) // 2
    )
    decisions = [
        Item(f"d{i}", "message", drone_pitch(c), Context(first_contact=True), {"sales_pitch"})
        for i, c in enumerate(COMPANIES)
    ]
    payload, manifest = candidates.train_candidate(
        corpus, validation, decisions=decisions, c_grid=(10.0,), version="t1", serial=1
    )
    model = learned.load_bytes(payload, manifest)
    live = learned.default_model()
    manifest_figures = candidates.figures({"candidate": model, "live": live}, validation, [])
    manifest_figures["live_version"] = live.version
    return payload, manifest, manifest_figures


def store(candidate, version_suffix: str = "") -> TrainedModel:
    payload, manifest, figures = candidate
    return TrainedModel.objects.create(
        version=manifest["version"] + version_suffix,
        sha256=manifest["sha256"],
        payload=payload,
        manifest={**manifest, "version": manifest["version"] + version_suffix},
        figures=figures,
    )


@pytest.mark.django_db
def test_the_models_page_lists_candidates_with_their_figures(
    drone_candidate, moderator_client, client, member
):
    empty = moderator_client.get(reverse("moderation:models"))
    assert "No model has been trained here yet." in empty.content.decode()
    model = store(drone_candidate)
    page = moderator_client.get(reverse("moderation:models"))
    html = page.content.decode()
    assert f"Activate {model.version}…" in html
    assert f"The model shipped with the code, <code data-in-force>{model_version()}" in html
    pitch = model.figures["validation"]["candidate"]["per_label"]["sales_pitch"]
    assert f'data-figure="precision">{pitch["precision"]:.0%}<' in html
    # Members never see it.
    client.force_login(member)
    assert client.get(reverse("moderation:models")).status_code == 404


@pytest.mark.django_db
def test_activation_needs_a_post_and_a_moderator(drone_candidate, moderator_client, client, member):
    model = store(drone_candidate)
    url = reverse("moderation:model_activate", args=[model.pk])
    confirm = moderator_client.get(url)
    assert f"Activate model <code>{model.version}</code>?" in confirm.content.decode()
    assert TrainedModel.objects.get().status == "candidate"  # a GET changes nothing
    client.force_login(member)
    assert client.post(url).status_code == 404
    assert TrainedModel.objects.get().status == "candidate"


@pytest.mark.celery_worker
@pytest.mark.redis
def test_activation_and_rollback_are_audited_and_rescore_the_backlog(
    drone_candidate, celery_worker_real, make_member
):
    from django.test import Client

    from netiquette.moderation.services import ensure_moderators_group
    from tests.scoring.conftest import engine_verdict, send_message, verdict_as_stored, wait_for

    mona = make_member("mona", name="Mona Moderator")
    mona.groups.add(ensure_moderators_group())
    moderator_client = Client()
    moderator_client.force_login(mona)
    sender = make_member("droner")
    sent = [
        send_message(sender, make_member(f"roof{i}"), drone_pitch(c))
        for i, c in enumerate(COMPANIES[:4])
    ]
    sent.append(send_message(sender, make_member("friend"), "Thanks for lunch, see you Monday."))
    ids = [m.pk for m in sent]

    def all_scored_under(version: int) -> bool:
        return Message.objects.filter(pk__in=ids, ruleset_version=version).count() == len(ids)

    first_version = rule_settings.current_rule_settings(adopt_model=True).version
    wait_for(lambda: all_scored_under(first_version), timeout=60, what="the first scoring")
    committed = {m.pk: m.findings for m in Message.objects.filter(pk__in=ids)}
    model = store(drone_candidate)

    response = moderator_client.post(
        reverse("moderation:model_activate", args=[model.pk]), {"reason": "better on pitches"}
    )

    assert response.status_code == 302 and response.url == reverse("scoring:progress")
    model.refresh_from_db()
    assert model.status == "active"
    version, in_force, trained_id = Ruleset.in_force()
    assert (in_force, trained_id) == (model.version, model.pk) and version > first_version
    log = ModerationLog.objects.get(action="activated")
    assert (log.moderator_id, log.reason, log.item) == (mona.pk, "better on pitches", log.item)
    assert log.details == {
        "model": model.version,
        "replaced": model_version(),
        "ruleset_version": version,
    }
    wait_for(lambda: all_scored_under(version), timeout=60, what="the re-score with the model")
    for message in Message.objects.filter(pk__in=ids):
        assert verdict_as_stored(engine_verdict(message))["findings"] == message.findings
    rescored = {m.pk: m.findings for m in Message.objects.filter(pk__in=ids)}
    assert any("model.sales_pitch" in [f["rule_id"] for f in rescored[pk]] for pk in ids[:4])
    progress = moderator_client.get(response.url).content.decode()
    assert f"Model {model.version} is in force." in progress

    rollback = moderator_client.post(reverse("moderation:model_rollback"), {"reason": "oops"})

    assert rollback.status_code == 302
    model.refresh_from_db()
    assert model.status == "retired"
    rolled_version, in_force, trained_id = Ruleset.in_force()
    assert (in_force, trained_id) == (model_version(), None) and rolled_version > version
    log = ModerationLog.objects.get(action="rollback")
    assert log.details["replaced"] == model.version and log.reason == "oops"
    wait_for(lambda: all_scored_under(rolled_version), timeout=60, what="the re-score back")
    assert {m.pk: m.findings for m in Message.objects.filter(pk__in=ids)} == committed
    # Nothing left to roll back to: the page says so and changes nothing.
    again = moderator_client.post(reverse("moderation:model_rollback"), follow=True)
    assert "there is no earlier model to roll back to" in again.content.decode()
    assert Ruleset.in_force()[0] == rolled_version


@pytest.mark.django_db
def test_a_rollback_returns_to_the_stored_model_it_replaced(drone_candidate, moderator):
    first, second = store(drone_candidate), store(drone_candidate, "-b")
    learning.model_activate(model_id=first.pk, moderator=moderator)
    learning.model_activate(model_id=second.pk, moderator=moderator)
    first.refresh_from_db()
    assert first.status == "retired"
    with pytest.raises(learning.ModelConflict, match="already in force"):
        learning.model_activate(model_id=second.pk, moderator=moderator)
    assert learning.model_rollback(moderator=moderator) == first.version
    assert Ruleset.in_force()[1:] == (first.version, first.pk)
    settings = rule_settings.current_rule_settings(adopt_model=True)
    # The activated model stays in force: a committed file is not adopted behind its back.
    assert settings.model.version == first.version
    assert Ruleset.in_force()[1:] == (first.version, first.pk)


@pytest.mark.django_db
def test_the_rule_page_judges_each_models_findings_by_the_decisions(
    drone_candidate, moderator_client, moderator, people, flag_message
):
    from django.utils import timezone

    from netiquette.moderation.models import Review

    rules = ["sales_pitch.book_a_call", "model.sales_pitch"]
    before = [
        flag_message(people["sender"], people["ann"], rule_ids=rules, labels=["sales_pitch"])
        for _ in range(5)
    ]
    Review.objects.filter(pk__in=[r.pk for r in before]).update(
        opened_at=timezone.now() - timezone.timedelta(hours=1)
    )
    for review in before:  # the committed model's pitches: all wrong
        review_decide(review_id=review.pk, moderator=moderator, decision="dismiss")
    model = store(drone_candidate)
    learning.model_activate(model_id=model.pk, moderator=moderator)
    after = flag_message(people["sender"], people["ben"], rule_ids=rules, labels=["sales_pitch"])
    review_decide(review_id=after.pk, moderator=moderator, decision="confirm")

    html = moderator_client.get(reverse("moderation:rule_stats")).content.decode()

    assert "Rules and model labels that flag too much" in html
    assert f'data-low-model="{model_version()} model.sales_pitch"' in html
    assert f"of model <code>{model_version()}</code>: 0 right, 5 wrong" in html
    assert f'data-model-label="{model.version} model.sales_pitch"' in html
    assert f'data-model-label="{model_version()} model.sales_pitch" class="is-low"' in html
    row = html.split(f'data-model-label="{model.version} model.sales_pitch"')[1].split("</tr>")[0]
    assert '<td class="num">1</td><td class="num">0</td>' in row and "100%" in row
    assert "learned layer</small>" in html


@pytest.mark.django_db
def test_the_models_page_pages_by_ten_in_a_fixed_number_of_queries(
    drone_candidate, moderator_client, django_assert_max_num_queries
):
    for number in range(11):
        store(drone_candidate, f"-{number}")
    first = moderator_client.get(reverse("moderation:models"))
    assert first.content.decode().count('class="model-card"') == 10
    assert "Page 1 of 2" in first.content.decode()
    with django_assert_max_num_queries(15):
        second = moderator_client.get(reverse("moderation:models"), {"page": "2"})
    assert second.content.decode().count('class="model-card"') == 1
    odd = moderator_client.get(reverse("moderation:models"), {"page": "x"})
    assert "Page 1 of 2" in odd.content.decode()
