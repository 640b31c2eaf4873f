"""Read-only admin pages for what moderation records: the audit log, warnings to senders,
request restrictions and the per-rule daily tallies.

All four are written by the dashboard's services (``netiquette.moderation.services``), which
keep them consistent with each other and with the audit log: a decision and its effects are one
transaction and undo reverts them together. Editing or deleting a row here would bypass that
(and the log refuses it outright), so the admin can look but not touch. ``RequestRestriction``
lives in ``connections`` but is made and lifted only by moderation, so it is registered here
too; members' reports are listed here as well.
"""

from __future__ import annotations

from django.contrib import admin

from connections.models import RequestRestriction
from netiquette.moderation.models import ModerationLog, Report, RuleTally, SenderWarning


class ReadOnlyAdmin(admin.ModelAdmin):
    """View permission only: no add, change or delete (and so no bulk delete action)."""

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(ModerationLog)
class ModerationLogAdmin(ReadOnlyAdmin):
    """The append-only audit log (the model refuses updates and deletes too)."""

    list_display = (
        "created_at",
        "action",
        "item",
        "moderator_name",
        "sender_name",
        "to_status",
        "reason",
    )
    list_filter = ("action", "to_status")
    search_fields = ("item", "moderator_name", "sender_name", "reason")
    date_hierarchy = "created_at"
    show_full_result_count = False  # the log grows without bound; skip the extra COUNT


@admin.register(SenderWarning)
class SenderWarningAdmin(ReadOnlyAdmin):
    list_display = ("created_at", "user", "review", "created_by", "withdrawn_at", "seen_at")
    list_select_related = ("user", "created_by")
    list_filter = (("withdrawn_at", admin.EmptyFieldListFilter),)
    search_fields = ("user__username", "created_by__username", "text")
    date_hierarchy = "created_at"


@admin.register(RequestRestriction)
class RequestRestrictionAdmin(ReadOnlyAdmin):
    list_display = ("user", "until", "is_active", "review_id", "created_by", "lifted_at", "reason")
    list_select_related = ("user", "created_by")
    list_filter = (("lifted_at", admin.EmptyFieldListFilter),)
    search_fields = ("user__username", "reason")
    date_hierarchy = "until"

    @admin.display(boolean=True, description="Active")
    def is_active(self, obj: RequestRestriction) -> bool:
        return obj.is_active


@admin.register(RuleTally)
class RuleTallyAdmin(ReadOnlyAdmin):
    """Derived counts (``services.rule_tallies_rebuild`` recomputes them from reviews and log)."""

    list_display = ("rule_id", "day", "flagged", "confirmed", "dismissed", "escalated")
    list_filter = ("rule_id",)
    search_fields = ("rule_id",)
    date_hierarchy = "day"


@admin.register(Report)
class ReportAdmin(admin.ModelAdmin):
    list_display = ("id", "reporter", "message", "connection_request", "created_at")
    raw_id_fields = ("reporter", "message", "connection_request")
