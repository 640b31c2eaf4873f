"""URLs for the moderators' review queue (namespace ``moderation``)."""

from django.urls import path

from netiquette.moderation import member_views, model_views, views

app_name = "moderation"

urlpatterns: list = [
    path("moderation/", views.review_queue, name="review_queue"),
    path("moderation/bulk/", views.review_bulk, name="review_bulk"),
    path("moderation/next/", views.review_next, name="review_next"),
    path("moderation/reviews/<int:review_id>/", views.review_detail, name="review_detail"),
    path("moderation/reviews/<int:review_id>/claim/", views.review_claim, name="review_claim"),
    path("moderation/reviews/<int:review_id>/decide/", views.review_decide, name="review_decide"),
    path("moderation/reviews/<int:review_id>/undo/", views.review_undo, name="review_undo"),
    path("moderation/log/", views.moderation_log, name="moderation_log"),
    path("moderation/rules/", views.rule_stats, name="rule_stats"),
    path("moderation/models/", model_views.model_list, name="models"),
    path(
        "moderation/models/<int:model_id>/activate/",
        model_views.model_activate,
        name="model_activate",
    ),
    path("moderation/models/rollback/", model_views.model_rollback, name="model_rollback"),
    # A member's own warnings (not moderators' pages).
    path("notifications/warnings/<int:warning_id>/", member_views.warning, name="warning"),
    path(
        "notifications/warnings/<int:warning_id>/read/",
        member_views.warning_read,
        name="warning_read",
    ),
]
