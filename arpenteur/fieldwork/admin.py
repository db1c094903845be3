from django.contrib import admin

from .models import (
    Activity,
    Consent,
    FieldworkSettings,
    Material,
    MaterialStakeholder,
    Method,
    Stakeholder,
    Tag,
)


@admin.register(Method)
class MethodAdmin(admin.ModelAdmin):
    list_display = ["name", "duration_label", "group_size_label", "residency", "is_active", "order"]
    list_filter = ["is_active", "remote_possible"]
    search_fields = ["name", "purpose", "output"]
    prepopulated_fields = {"slug": ["name"]}
    raw_id_fields = ["residency"]


@admin.register(FieldworkSettings)
class FieldworkSettingsAdmin(admin.ModelAdmin):
    list_display = ["residency", "programme_is_public", "contributions_are_open"]
    raw_id_fields = ["residency"]


class ConsentInline(admin.TabularInline):
    model = Consent
    extra = 0
    fields = [
        "medium",
        "purpose",
        "granted",
        "given_on",
        "source",
        "source_note",
        "withdrawn_on",
        "expires_on",
    ]


@admin.register(Stakeholder)
class StakeholderAdmin(admin.ModelAdmin):
    list_display = [
        "name",
        "kind",
        "category",
        "organisation",
        "residency",
        "status",
        "influence",
        "interest",
    ]
    list_filter = ["category", "kind", "status"]
    search_fields = ["name", "organisation", "role"]
    raw_id_fields = ["residency", "met_session", "created_by"]
    inlines = [ConsentInline]


@admin.register(Activity)
class ActivityAdmin(admin.ModelAdmin):
    list_display = ["title", "session", "method", "day", "start_time", "end_time", "place", "is_public"]
    list_filter = ["is_public", "method"]
    search_fields = ["title", "place"]
    raw_id_fields = ["session", "lead"]
    filter_horizontal = ["invited"]


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    list_display = ["label", "kind", "residency"]
    list_filter = ["kind"]
    raw_id_fields = ["residency"]


class MaterialStakeholderInline(admin.TabularInline):
    model = MaterialStakeholder
    extra = 0
    raw_id_fields = ["stakeholder"]


@admin.register(Material)
class MaterialAdmin(admin.ModelAdmin):
    list_display = [
        "__str__",
        "kind",
        "residency",
        "author",
        "captured_at",
        "visibility",
        "moderation",
        "origin",
    ]
    list_filter = ["kind", "visibility", "moderation", "origin"]
    search_fields = ["title", "body", "transcript"]
    raw_id_fields = ["residency", "author", "session", "activity"]
    readonly_fields = ["client_uuid", "received_at", "file_type", "file_size", "image_width", "image_height"]
    filter_horizontal = ["tags"]
    inlines = [MaterialStakeholderInline]
