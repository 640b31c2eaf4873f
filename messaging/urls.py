"""URLs for the inbox, threads and compose (namespace ``messaging``)."""

from django.urls import path

from messaging import views

app_name = "messaging"

urlpatterns = [
    path("messages/", views.inbox, name="inbox"),
    path("messages/thread/<int:thread_id>/", views.thread, name="thread"),
    path("messages/new/<int:user_id>/", views.compose, name="compose"),
    # The live check's path ends in /check/: the request log filter drops its query string.
    path("messages/new/<int:user_id>/check/", views.check, name="check"),
    path("messages/new/<int:user_id>/send/", views.send, name="send"),
    path("messages/<int:message_id>/report/", views.report, name="report"),
    path("messages/<int:message_id>/safe/", views.mark_safe, name="mark_safe"),
    path("messages/warnings/", views.warning_outcomes, name="warning_outcomes"),
]
