from django.urls import path

from connections import views

app_name = "connections"

urlpatterns = [
    path("people/", views.directory, name="directory"),
]
