"""Admin for people and organisations (connection requests are administered by their area)."""

from django.contrib import admin

from connections.models import Affiliation, Block, Connection, Organisation, Profile


class AffiliationInline(admin.TabularInline):
    model = Affiliation
    extra = 0
    autocomplete_fields = ["organisation"]
    fields = ["kind", "organisation", "title", "start", "end", "description"]


@admin.register(Profile)
class ProfileAdmin(admin.ModelAdmin):
    list_display = ["name", "user", "headline", "location", "open_to_work", "is_recruiter"]
    list_filter = ["open_to_work", "is_recruiter", "industry"]
    search_fields = ["name", "headline", "user__username"]
    raw_id_fields = ["user"]
    inlines = [AffiliationInline]


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "location"]
    list_filter = ["kind"]
    search_fields = ["name"]


@admin.register(Connection)
class ConnectionAdmin(admin.ModelAdmin):
    list_display = ["id", "user_low", "user_high", "created_at"]
    raw_id_fields = ["user_low", "user_high"]
    date_hierarchy = "created_at"


@admin.register(Block)
class BlockAdmin(admin.ModelAdmin):
    list_display = ["id", "blocker", "blocked", "created_at"]
    raw_id_fields = ["blocker", "blocked"]
