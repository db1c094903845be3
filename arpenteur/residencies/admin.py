from django.contrib import admin

from .models import (
    CommitteeMember,
    Decision,
    FormatTemplate,
    Meeting,
    Party,
    Phase,
    Residency,
    ResidencyMembership,
    Session,
)


@admin.register(FormatTemplate)
class FormatTemplateAdmin(admin.ModelAdmin):
    list_display = [
        "name",
        "typical_span_days",
        "team_size_min",
        "team_size_max",
        "cost_low",
        "cost_high",
        "is_active",
    ]
    prepopulated_fields = {"slug": ["name"]}


class PhaseInline(admin.TabularInline):
    model = Phase
    extra = 0
    fields = ["kind", "status", "start_date", "end_date"]


class SessionInline(admin.TabularInline):
    model = Session
    extra = 0
    fields = ["title", "phase", "start_date", "end_date", "place"]


class MembershipInline(admin.TabularInline):
    model = ResidencyMembership
    extra = 0
    raw_id_fields = ["user", "organisation"]


class PartyInline(admin.TabularInline):
    model = Party
    extra = 0
    raw_id_fields = ["organisation"]


@admin.register(Residency)
class ResidencyAdmin(admin.ModelAdmin):
    list_display = [
        "title",
        "commune",
        "format_name",
        "current_phase",
        "start_date",
        "end_date",
        "is_public",
        "is_demo",
    ]
    list_filter = ["current_phase", "format", "is_public", "is_demo"]
    search_fields = ["title", "commune__name", "commune__code"]
    raw_id_fields = ["commune", "programme_operator", "created_by"]
    inlines = [PhaseInline, SessionInline, PartyInline, MembershipInline]


@admin.register(CommitteeMember)
class CommitteeMemberAdmin(admin.ModelAdmin):
    list_display = ["full_name", "function", "organisation", "college", "residency"]
    list_filter = ["college"]


class DecisionInline(admin.TabularInline):
    model = Decision
    extra = 0


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):
    list_display = ["title", "held_on", "residency"]
    inlines = [DecisionInline]
