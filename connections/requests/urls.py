"""URLs for connection requests and invitations (namespace ``connections``)."""

from django.urls import path

from connections.requests import views

urlpatterns = [
    path("people/<int:user_id>/connect/", views.request_new, name="request_new"),
    path("people/<int:user_id>/connect/check/", views.request_check, name="request_check"),
    path("invitations/", views.invitations, name="invitations"),
    path("invitations/sent/", views.invitations_sent, name="invitations_sent"),
    path(
        "invitations/<int:request_id>/accept/",
        views.invitation_answer,
        {"answer": "accept"},
        name="invitation_accept",
    ),
    path(
        "invitations/<int:request_id>/ignore/",
        views.invitation_answer,
        {"answer": "ignore"},
        name="invitation_ignore",
    ),
    path(
        "invitations/<int:request_id>/dont-know/",
        views.invitation_answer,
        {"answer": "dont_know"},
        name="invitation_dont_know",
    ),
    path(
        "invitations/<int:request_id>/report/",
        views.invitation_answer,
        {"answer": "report"},
        name="invitation_report",
    ),
    path(
        "invitations/sent/<int:request_id>/withdraw/",
        views.invitation_withdraw,
        name="invitation_withdraw",
    ),
    path(
        "invitations/sent/withdraw-older/",
        views.invitations_withdraw_older,
        name="invitations_withdraw_older",
    ),
]
