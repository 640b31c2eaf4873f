from django import forms
from django.contrib.auth.forms import UserCreationForm

from connections.models import Profile


class SignupForm(UserCreationForm):
    name = forms.CharField(max_length=Profile._meta.get_field("name").max_length, label="Full name")

    class Meta(UserCreationForm.Meta):
        fields = ("username",)
