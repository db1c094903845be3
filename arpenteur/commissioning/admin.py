from django.contrib import admin
from django.core.exceptions import ValidationError
from django.forms.models import BaseInlineFormSet
from django.utils.translation import gettext as _

from .models import Criterion, Evaluation, EvaluationGrid, Evaluator, Intention, Mark, SubCriterion


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
