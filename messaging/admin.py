"""Admin pages for threads and messages (read mostly; the engine's verdict is shown)."""

from django.contrib import admin

from messaging.models import Message, Thread


@admin.register(Thread)
class ThreadAdmin(admin.ModelAdmin):
    list_display = ("id", "user_low", "user_high", "created_at", "last_message_at")
    raw_id_fields = ("user_low", "user_high")
    date_hierarchy = "created_at"


@admin.register(Message)
class MessageAdmin(admin.ModelAdmin):
    list_display = (
        "id",
        "sender",
        "recipient",
        "folder",
        "action",
        "score",
        "first_contact",
        "created_at",
    )
    list_filter = ("folder", "action", "first_contact", "connected")
    raw_id_fields = ("thread", "sender", "recipient")
    readonly_fields = ("score", "labels", "findings", "action", "ruleset_version", "scored_at")
    search_fields = ("sender__username", "recipient__username")
    date_hierarchy = "created_at"
