from django.contrib import admin
from django.core.exceptions import ValidationError
from django.forms.models import BaseInlineFormSet
from django.utils.translation import gettext as _

from .models import (
    Budget,
    BudgetExample,
    BudgetLine,
    ConsultedTeam,
    CostReference,
    Criterion,
    DocumentTemplate,
    Evaluation,
    EvaluationGrid,
    Evaluator,
    FundingLine,
    GeneratedDocument,
    Intention,
    Mark,
    Offer,
    ProcurementThreshold,
    SubCriterion,
    Team,
    WelcomeTask,
)


@admin.register(Intention)
class IntentionAdmin(admin.ModelAdmin):
    list_display = ["residency", "step_reached", "is_complete", "updated_at"]
    raw_id_fields = ["residency", "epci", "updated_by"]
    filter_horizontal = ["communes"]


class CriterionFormSet(BaseInlineFormSet):
    """The admin enforces the grid's invariant too: criteria weights sum to 100."""

    def clean(self):
        super().clean()
        total = sum(
            form.cleaned_data.get("weight") or 0
            for form in self.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE")
        )
        if total != 100:
            raise ValidationError(
                _("Les poids des critères totalisent %(total)s au lieu de 100.") % {"total": total}
            )


class CriterionInline(admin.TabularInline):
    model = Criterion
    formset = CriterionFormSet
    extra = 0
    fields = ["position", "title", "weight", "is_price", "guide"]


class EvaluatorInline(admin.TabularInline):
    model = Evaluator
    extra = 0
    raw_id_fields = ["user"]


@admin.register(EvaluationGrid)
class EvaluationGridAdmin(admin.ModelAdmin):
    list_display = ["title", "residency", "price_formula", "has_audition", "created_at"]
    raw_id_fields = ["residency"]
    inlines = [CriterionInline, EvaluatorInline]


class SubCriterionInline(admin.TabularInline):
    model = SubCriterion
    extra = 0


@admin.register(Criterion)
class CriterionAdmin(admin.ModelAdmin):
    list_display = ["title", "grid", "weight", "is_price"]
    inlines = [SubCriterionInline]


@admin.register(Evaluation)
class EvaluationAdmin(admin.ModelAdmin):
    list_display = ["label", "grid", "price", "shortlisted"]


@admin.register(Mark)
class MarkAdmin(admin.ModelAdmin):
    list_display = ["evaluation", "evaluator", "criterion", "subcriterion", "mark"]
    list_select_related = ["evaluation", "evaluator__user", "criterion", "subcriterion"]


@admin.register(ProcurementThreshold)
class ProcurementThresholdAdmin(admin.ModelAdmin):
    list_display = ["route", "from_amount_ht", "valid_from", "source"]
    list_filter = ["valid_from"]


@admin.register(CostReference)
class CostReferenceAdmin(admin.ModelAdmin):
    list_display = ["key", "low", "high", "valid_from", "source"]


@admin.register(BudgetExample)
class BudgetExampleAdmin(admin.ModelAdmin):
    list_display = ["title", "format", "order"]


class BudgetLineInline(admin.TabularInline):
    model = BudgetLine
    extra = 0


class FundingLineInline(admin.TabularInline):
    model = FundingLine
    extra = 0


@admin.register(Budget)
class BudgetAdmin(admin.ModelAdmin):
    list_display = ["residency", "vat_regime", "updated_at"]
    raw_id_fields = ["residency"]
    inlines = [BudgetLineInline, FundingLineInline]


@admin.register(DocumentTemplate)
class DocumentTemplateAdmin(admin.ModelAdmin):
    """Administrators edit the procurement documents' wording here (Django template language)."""

    list_display = ["title", "kind", "updated_at"]


@admin.register(GeneratedDocument)
class GeneratedDocumentAdmin(admin.ModelAdmin):
    list_display = ["title", "residency", "status", "progress", "created_at", "duration_ms"]
    list_filter = ["status", "kind"]
    raw_id_fields = ["residency", "created_by"]


@admin.register(Team)
class TeamAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "region", "contact_email"]
    list_filter = ["kind", "region"]
    search_fields = ["name", "disciplines", "references"]
    raw_id_fields = ["organisation"]


@admin.register(ConsultedTeam)
class ConsultedTeamAdmin(admin.ModelAdmin):
    list_display = ["team", "residency", "consulted_on"]
    raw_id_fields = ["residency", "team"]


@admin.register(Offer)
class OfferAdmin(admin.ModelAdmin):
    list_display = ["team", "residency", "price_ht", "status", "received_on"]
    list_filter = ["status"]
    raw_id_fields = ["residency", "team", "evaluation"]


@admin.register(WelcomeTask)
class WelcomeTaskAdmin(admin.ModelAdmin):
    list_display = ["label", "residency", "owner", "due_on", "done"]
    raw_id_fields = ["residency"]
