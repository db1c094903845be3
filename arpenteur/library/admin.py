from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .models import Experience, ImportRun, ItemType, Kind, Resource, Theme, TrainingSlot
from .search import index_items


class TrainingSlotInline(admin.TabularInline):
    model = TrainingSlot
    extra = 0


class _ItemAdmin(admin.ModelAdmin):
    kind: str = ""
    list_display = ["title", "structure", "item_type", "territory_name", "year_start", "is_published"]
    list_filter = ["is_published", "item_type", "themes", "project_type", "territory_level"]
    search_fields = ["title", "structure", "author", "reference"]
    filter_horizontal = ["themes"]
    autocomplete_fields = ["region"]
    prepopulated_fields = {"reference": ["title"]}
    list_per_page = 50

    def save_model(self, request, obj, form, change):
        obj.kind = self.kind
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # Themes are saved with the related objects, and they are part of what an item is found by.
        index_items([form.instance.pk])


@admin.register(Resource)
class ResourceAdmin(_ItemAdmin):
    kind = Kind.RESOURCE
    inlines = [TrainingSlotInline]
    fieldsets = [
        (None, {"fields": ["title", "reference", "item_type", "author", "structure", "summary", "themes"]}),
        (_("Classement"), {"fields": ["project_type", "year_start", "year_end", "licence", "links"]}),
        (
            _("Territoire"),
            {"fields": ["territory_level", "territory_name", "territory_code", "cog_year", "region"]},
        ),
        (_("Position"), {"fields": ["latitude", "longitude"]}),
        (_("Module de formation"), {"fields": ["objectives", "instructors"], "classes": ["collapse"]}),
        (_("Source et publication"), {"fields": ["source_name", "source_url", "is_published"]}),
    ]

    def formfield_for_choice_field(self, db_field, request, **kwargs):
        if db_field.name == "item_type":
            kwargs["choices"] = [(t.value, t.label) for t in ItemType if t != ItemType.INITIATIVE]
        return super().formfield_for_choice_field(db_field, request, **kwargs)


@admin.register(Experience)
class ExperienceAdmin(_ItemAdmin):
    kind = Kind.EXPERIENCE
    fieldsets = [
        (None, {"fields": ["title", "reference", "porteur", "structure", "author", "summary", "themes"]}),
        (
            _("En résumé"),
            {"fields": ["project_type", "year_start", "year_end", "budget", "duration", "lessons"]},
        ),
        (
            _("Territoire"),
            {"fields": ["territory_level", "territory_name", "territory_code", "cog_year", "region"]},
        ),
        (_("Position"), {"fields": ["latitude", "longitude"]}),
        (
            _("Source et publication"),
            {"fields": ["links", "licence", "source_name", "source_url", "is_published"]},
        ),
    ]

    def save_model(self, request, obj, form, change):
        obj.item_type = ItemType.INITIATIVE
        super().save_model(request, obj, form, change)


@admin.register(Theme)
class ThemeAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "position"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(ImportRun)
class ImportRunAdmin(admin.ModelAdmin):
    list_display = ["filename", "created_at", "status", "created", "updated", "skipped"]
    readonly_fields = [f.name for f in ImportRun._meta.fields]
    exclude = ["payload"]

    def has_add_permission(self, request):
        return False
