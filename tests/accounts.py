"""Account helpers for tests."""

from django.contrib.auth import get_user_model


def password_works(username: str, password: str):
    """The account if ``password`` logs it in. (``authenticate`` needs the request once
    django-axes guards log-ins; this asks the password hash alone.)"""
    user = get_user_model().objects.filter(username=username, is_active=True).first()
    return user if user is not None and user.check_password(password) else None
