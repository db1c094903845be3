from django.contrib import admin

from .models import CahierItem, CahierSection, Deliverable, Publication


@admin.register(Publication)
class PublicationAdmin(admin.ModelAdmin):
    list_display = ["residency", "licence", "published_at"]
    readonly_fields = [
        "commissioner_opt_in_by",
        "commissioner_opt_in_at",
        "coordinator_opt_in_by",
        "coordinator_opt_in_at",
        "published_at",
    ]


@admin.register(Deliverable)
class DeliverableAdmin(admin.ModelAdmin):
    list_display = ["residency", "kind", "fmt", "paper", "version", "status", "progress", "created_at"]
    list_filter = ["kind", "status"]


admin.site.register(CahierSection)
admin.site.register(CahierItem)
