from django.contrib import admin

from .models import (
    Application,
    ApplicationAttachment,
    Call,
    CallQuestion,
    Edition,
    NewsPost,
    PortfolioEntry,
    Programme,
    SelectionCriterion,
)


class EditionInline(admin.TabularInline):
    model = Edition
    extra = 0


@admin.register(Programme)
class ProgrammeAdmin(admin.ModelAdmin):
    list_display = ["name", "operator", "is_published", "is_demo"]
    list_filter = ["is_published", "is_demo"]
    search_fields = ["name", "operator__name"]
    inlines = [EditionInline]


class QuestionInline(admin.TabularInline):
    model = CallQuestion
    extra = 0


class CriterionInline(admin.TabularInline):
    model = SelectionCriterion
    extra = 0


@admin.register(Call)
class CallAdmin(admin.ModelAdmin):
    list_display = ["title", "programme", "kind", "opens_at", "closes_at", "is_published"]
    list_filter = ["kind", "is_published"]
    inlines = [QuestionInline, CriterionInline]


class AttachmentInline(admin.TabularInline):
    model = ApplicationAttachment
    extra = 0


@admin.register(Application)
class ApplicationAdmin(admin.ModelAdmin):
    list_display = ["project_title", "applicant", "call", "status", "submitted_at"]
    list_filter = ["status"]
    search_fields = ["project_title", "applicant__name", "receipt_number"]
    raw_id_fields = ["commune", "residency"]
    inlines = [AttachmentInline]


@admin.register(PortfolioEntry)
class PortfolioEntryAdmin(admin.ModelAdmin):
    list_display = ["residency", "programme", "edition", "budget", "listed_publicly"]
    raw_id_fields = ["residency"]


@admin.register(NewsPost)
class NewsPostAdmin(admin.ModelAdmin):
    list_display = ["title", "programme", "published_at", "is_published"]
    list_filter = ["is_published"]
