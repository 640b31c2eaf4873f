"""Any text, however odd, gets an answer and never a server error (Hypothesis)."""

from __future__ import annotations

import uuid

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from messaging.models import Message

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]

ODD_TEXT = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=300
) | st.sampled_from(["\x00", "\u202e\u200b", "a" * 8001, "<script>", "book a quick call\x00"])

FUZZ = settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@FUZZ
@given(text=ODD_TEXT)
def test_live_check_answers_any_text(sender_client, recipient, text):
    response = sender_client.post(
        reverse("messaging:check", args=[recipient.id]),
        {"text": text},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    assert Message.objects.count() == 0


@FUZZ
@given(text=ODD_TEXT)
def test_send_answers_any_text(sender_client, recipient, text):
    before = Message.objects.count()
    response = sender_client.post(
        reverse("messaging:send", args=[recipient.id]),
        {"text": text, "client_token": str(uuid.uuid4()), "send_anyway": "on"},
    )
    assert response.status_code in (200, 302, 400)
    if response.status_code == 200:  # only a draft the engine blocks stays on the form
        assert "This message can't be sent." in response.content.decode()
    created = Message.objects.count() - before
    assert created == (1 if response.status_code == 302 else 0)
    if created:
        # Stored as written, but with one character per line break (browsers send CR LF).
        assert Message.objects.latest("id").text == text.strip().replace("\r\n", "\n")
