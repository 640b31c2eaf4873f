"""Sign-up, log-in and log-out through the real pages."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from connections.models import Profile

pytestmark = pytest.mark.django_db
User = get_user_model()


def signup_data(**overrides):
    data = {
        "username": "newbie",
        "name": "Nina Newbie",
        "email": "nina@example.com",
        "password1": "plum-orchard-47-sky",
        "password2": "plum-orchard-47-sky",
    }
    data.update(overrides)
    return data


def test_signup_creates_member_with_profile_and_logs_in(client):
    response = client.post(reverse("signup"), signup_data())
    assert response.status_code == 302
    assert response["Location"] == reverse("connections:profile_edit")
    user = User.objects.get(username="newbie")
    assert Profile.objects.get(user=user).name == "Nina Newbie"
    assert user.email == "nina@example.com"
    assert client.get(reverse("connections:directory")).status_code == 200


def test_signup_with_taken_username_says_so(client, make_member):
    make_member("newbie")
    response = client.post(reverse("signup"), signup_data())
    assert response.status_code == 200
    assert "A user with that username already exists." in response.content.decode()
    assert User.objects.filter(username="newbie").count() == 1


def test_signup_with_weak_password_says_why(client):
    response = client.post(reverse("signup"), signup_data(password1="123", password2="123"))
    assert response.status_code == 200
    body = response.content.decode()
    assert "This password is too short." in body
    assert "This password is entirely numeric." in body
    assert not User.objects.filter(username="newbie").exists()


def test_signup_twice_creates_one_account(client):
    client.post(reverse("signup"), signup_data())
    client.logout()
    response = client.post(reverse("signup"), signup_data())
    assert response.status_code == 200
    assert User.objects.filter(username="newbie").count() == 1


def test_login_with_right_and_wrong_password(client, make_member):
    make_member("carol")
    wrong = client.post(reverse("login"), {"username": "carol", "password": "nope"})
    assert wrong.status_code == 200
    assert "Please enter a correct username and password" in wrong.content.decode()
    right = client.post(
        reverse("login"), {"username": "carol", "password": "correct-horse-battery"}
    )
    assert right.status_code == 302
    assert client.get(reverse("connections:directory")).status_code == 200


def test_logout_get_asks_to_confirm_and_post_logs_out(member_client):
    confirm = member_client.get(reverse("logout"))
    assert confirm.status_code == 200
    assert "Log out?" in confirm.content.decode()
    assert member_client.get(reverse("connections:directory")).status_code == 200  # still in
    response = member_client.post(reverse("logout"))
    assert response.status_code == 302
    directory = member_client.get(reverse("connections:directory"))
    assert directory.status_code == 302
    assert directory["Location"].startswith(reverse("login"))


def test_people_pages_need_login(client, make_member):
    bob = make_member("bob")
    for url in (
        reverse("connections:directory"),
        reverse("connections:profile", args=[bob.id]),
        reverse("connections:profile_edit"),
    ):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))


def test_signup_with_a_blank_name_or_null_character_says_so(client):
    response = client.post(reverse("signup"), signup_data(name="   "))
    assert "Please give your name." in response.content.decode() or "This field is required." in (
        response.content.decode()
    )
    response = client.post(reverse("signup"), signup_data(name="Nina\x00"))
    assert "Null characters are not allowed." in response.content.decode()
    assert not User.objects.filter(username="newbie").exists()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_parallel_double_submits_make_one_member_and_tell_the_others(monkeypatch, settings):
    """Issue 16, finding 9: ten submits of one sign-up at once all pass the form's "taken?"
    check; one member is created and the others get the form's error, never a 500."""
    import threading

    from django.db import connections
    from django.test import Client

    from connections.profiles import services, views

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    submits = 10
    checked = threading.Barrier(submits, timeout=30)
    signup = services.member_signup

    def after_every_check(**kwargs):
        checked.wait()  # every submit has passed the form before any inserts
        return signup(**kwargs)

    monkeypatch.setattr(views.services, "member_signup", after_every_check)
    answers: list[tuple[int, str]] = []

    def submit():
        try:
            response = Client(raise_request_exception=False).post(reverse("signup"), signup_data())
            answers.append((response.status_code, response.content.decode()))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=submit) for _ in range(submits)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert sorted(status for status, _ in answers) == [200] * (submits - 1) + [302]
    for status, body in answers:
        if status == 200:
            assert "A user with that username already exists." in body
    assert User.objects.filter(username="newbie").count() == 1


# --- issue 13: sign-up asks for an e-mail; log-in has "Forgot password?" -------------------


def test_signup_needs_an_email_and_one_account_per_address(client, make_member):
    missing = client.post(reverse("signup"), signup_data(email=""))
    assert "This field is required." in missing.content.decode()
    make_member("nina2").__class__.objects.filter(username="nina2").update(email="Nina@Example.com")
    taken = client.post(reverse("signup"), signup_data(email="nina@example.com"))
    body = taken.content.decode()
    assert "An account with this e-mail already exists. Log in, or reset its password." in body
    assert not User.objects.filter(username="newbie").exists()


def test_signup_and_login_are_styled_forms_with_their_errors_as_alerts(client, make_member):
    signup = client.get(reverse("signup")).content.decode()
    assert '<label for="id_email">E-mail' in signup
    assert '<ul class="errorlist' not in signup
    make_member("carol")
    wrong = client.post(reverse("login"), {"username": "carol", "password": "nope"})
    body = wrong.content.decode()
    assert '<div class="form-alert" role="alert"><p>Please enter a correct username' in body
    assert f'<a href="{reverse("password_reset")}">Forgot password?</a>' in body


def test_forgot_password_mails_a_link_that_sets_a_new_password(client, make_member, mailoutbox):
    carol = make_member("carol", name="Carol Chen")
    User.objects.filter(pk=carol.pk).update(email="carol@example.com")
    response = client.post(reverse("password_reset"), {"email": "CAROL@example.com"})
    assert response.status_code == 302
    assert "Check your e-mail" in client.get(response["Location"]).content.decode()
    (mail,) = mailoutbox
    assert mail.to == ["carol@example.com"]
    assert mail.subject == "Reset your Netiquette password"
    assert "Hello Carol Chen," in mail.body
    link = next(line for line in mail.body.splitlines() if "/accounts/reset/" in line)
    path = link.split("testserver", 1)[1]
    form_page = client.get(path, follow=True)
    assert "Choose a new password" in form_page.content.decode()
    new = "quince-harbour-82-fog"
    done = client.post(
        form_page.redirect_chain[-1][0], {"new_password1": new, "new_password2": new}
    )
    assert done.status_code == 302
    assert "Your password is changed" in client.get(done["Location"]).content.decode()
    assert User.objects.get(username="carol").check_password(new)


def test_forgot_password_for_an_unknown_address_sends_nothing_and_says_the_same(client, mailoutbox):
    response = client.post(reverse("password_reset"), {"email": "nobody@example.com"})
    assert response.status_code == 302
    assert mailoutbox == []
