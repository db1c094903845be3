from __future__ import annotations

from decimal import Decimal

from django import forms
from django.forms import BaseInlineFormSet, inlineformset_factory
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from arpenteur.core.concurrency import VersionedFormMixin
from arpenteur.residencies.models import CommitteeMember, Decision, Meeting
from arpenteur.territories.models import Epci
from arpenteur.territories.search import resolve_commune

from .models import (
    Budget,
    BudgetLine,
    ConsultedTeam,
    Criterion,
    EvaluationGrid,
    ExpectedDeliverable,
    FundingLine,
    Intention,
    Offer,
    Stake,
    SubCriterion,
    Team,
    VatRegime,
    WelcomeTask,
)
from .money import format_eur, to_cents

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")

# --- Intention: one form per step ----------------------------------------------------------------


class IntentionQuestionForm(VersionedFormMixin, forms.ModelForm):
    stakes = forms.MultipleChoiceField(
        label=_l("Enjeux transversaux"),
        choices=Stake.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    class Meta:
        model = Intention
        fields = ["question", "stakes", "stakes_note"]
        widgets = {
            "question": forms.Textarea(attrs={"rows": 4}),
            "stakes_note": forms.Textarea(attrs={"rows": 3}),
        }


class IntentionPerimeterForm(VersionedFormMixin, forms.ModelForm):
    commune_lines = forms.CharField(
        label=_l("Communes du périmètre"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4, "spellcheck": "false"}),
        help_text=_l("Une commune par ligne, par son nom ou son code INSEE (par exemple 80620)."),
    )

    class Meta:
        model = Intention
        fields = ["commune_lines", "epci", "perimeter_note"]
        widgets = {"perimeter_note": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, residency, **kwargs):
        super().__init__(*args, **kwargs)
        commune = residency.commune
        self.fields["epci"].queryset = (
            Epci.objects.filter(cog_year=commune.cog_year, communes__departement_id=commune.departement_id)
            .distinct()
            .order_by("name")
        )
        if self.instance.pk and not self.is_bound:
            self.initial["commune_lines"] = "\n".join(
                f"{c.name} — {c.code}" for c in self.instance.communes.order_by("name")
            )
        self.communes = []

    def clean_commune_lines(self):
        errors, found = [], []
        for line in (self.cleaned_data.get("commune_lines") or "").splitlines():
            if not line.strip():
                continue
            commune, error = resolve_commune(line)
            if error:
                errors.append(f"{line.strip()} : {error}")
            elif commune not in found:
                found.append(commune)
        if errors:
            raise forms.ValidationError(errors)
        self.communes = found
        return self.cleaned_data.get("commune_lines")

    def save(self, commit=True):
        intention = super().save(commit=commit)
        if commit:
            intention.communes.set(self.communes)
        return intention


class IntentionPeopleForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = Intention
        fields = ["people_to_involve"]
        widgets = {"people_to_involve": forms.Textarea(attrs={"rows": 6})}


class IntentionConstraintsForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = Intention
        fields = ["earliest_start", "latest_end", "budget_ceiling", "constraints_note"]
        widgets = {
            "earliest_start": DATE_WIDGET,
            "latest_end": DATE_WIDGET,
            "constraints_note": forms.Textarea(attrs={"rows": 3}),
        }

    def clean_budget_ceiling(self):
        value = self.cleaned_data.get("budget_ceiling")
        if value is not None and value < 0:
            raise forms.ValidationError(_("Le plafond de budget ne peut pas être négatif."))
        return value


class IntentionDeliverablesForm(VersionedFormMixin, forms.ModelForm):
    deliverables = forms.MultipleChoiceField(
        label=_l("Livrables attendus"),
        choices=ExpectedDeliverable.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    class Meta:
        model = Intention
        fields = ["deliverables", "deliverables_note"]
        widgets = {"deliverables_note": forms.Textarea(attrs={"rows": 3})}


INTENTION_STEPS = [
    ("question", _l("La question et les enjeux"), IntentionQuestionForm),
    ("perimetre", _l("Le périmètre"), IntentionPerimeterForm),
    ("personnes", _l("Les personnes à associer"), IntentionPeopleForm),
    ("contraintes", _l("Les contraintes"), IntentionConstraintsForm),
    ("livrables", _l("Les livrables attendus"), IntentionDeliverablesForm),
]

# --- Format adjustment ---------------------------------------------------------------------------


class ChooseFormatForm(forms.Form):
    replace_sessions = forms.BooleanField(
        label=_l("Remplacer les temps sur site actuels par ceux du format"), required=False
    )


# --- Budget --------------------------------------------------------------------------------------


class BudgetForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = Budget
        fields = ["vat_regime", "vat_rate", "sharing_count", "beneficiaries", "note"]
        widgets = {"note": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["vat_regime"].required = True
        self.fields["vat_regime"].error_messages["required"] = _(
            "Indiquez le régime de TVA de l’équipe : il détermine le montant TTC à payer."
        )
        self.fields["vat_regime"].choices = [("", _("— choisir —")), *VatRegime.choices]


class BudgetLineForm(forms.ModelForm):
    class Meta:
        model = BudgetLine
        fields = ["category", "label", "mode", "amount_ht", "people", "days", "day_rate", "in_kind", "note"]

    def clean(self):
        data = super().clean()
        for name, message in [
            ("days", _("Le nombre de jours ne peut pas être négatif.")),
            ("day_rate", _("Le taux journalier ne peut pas être négatif.")),
            ("amount_ht", _("Le montant ne peut pas être négatif.")),
        ]:
            value = data.get(name)
            if value is not None and value < 0:
                self.add_error(name, message)
        if data.get("mode") == BudgetLine.Mode.DAYS:
            if data.get("days") is None:
                self.add_error("days", _("En mode jours × taux, indiquez le nombre de jours."))
            if data.get("day_rate") is None:
                self.add_error("day_rate", _("En mode jours × taux, indiquez le taux journalier."))
        elif data.get("mode") == BudgetLine.Mode.FIXED and data.get("amount_ht") is None:
            self.add_error("amount_ht", _("En mode forfait, indiquez le montant."))
        return data


class BaseLineFormSet(BaseInlineFormSet):
    def live_lines(self) -> list[BudgetLine]:
        """The lines as typed (valid forms, not deleted), unsaved: used to check the funding plan."""
        lines = []
        for form in self.forms:
            data = getattr(form, "cleaned_data", None)
            if not data or data.get("DELETE") or not data.get("label"):
                continue
            lines.append(BudgetLine(**{k: data.get(k) for k in BudgetLineForm.Meta.fields}))
        return lines


BudgetLineFormSet = inlineformset_factory(
    Budget, BudgetLine, form=BudgetLineForm, formset=BaseLineFormSet, extra=2, can_delete=True
)


class FundingLineForm(forms.ModelForm):
    class Meta:
        model = FundingLine
        fields = ["funder_kind", "funder_name", "amount", "status", "conditions"]

    def clean_amount(self):
        amount = self.cleaned_data.get("amount")
        if amount is not None and amount <= 0:
            raise forms.ValidationError(_("Le montant d’un financement doit être positif."))
        return amount


class BaseFundingFormSet(BaseInlineFormSet):
    ceiling: Decimal | None = None

    def clean(self):
        super().clean()
        if self.ceiling is None:
            return
        total = sum(
            (
                form.cleaned_data.get("amount") or Decimal(0)
                for form in self.forms
                if getattr(form, "cleaned_data", None) and not form.cleaned_data.get("DELETE")
            ),
            Decimal(0),
        )
        if to_cents(total) > to_cents(self.ceiling):
            raise forms.ValidationError(
                _("Les financements (%(total)s) dépassent le coût TTC de la résidence (%(ceiling)s).")
                % {"total": format_eur(total, cents=True), "ceiling": format_eur(self.ceiling, cents=True)}
            )


FundingFormSet = inlineformset_factory(
    Budget, FundingLine, form=FundingLineForm, formset=BaseFundingFormSet, extra=2, can_delete=True
)


class ImmersionForm(forms.Form):
    day_rate = forms.DecimalField(
        label=_l("Taux journalier (€ HT par personne)"),
        min_value=0,
        max_digits=8,
        decimal_places=2,
        initial=700,
    )


# --- Grid ----------------------------------------------------------------------------------------


class GridForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = EvaluationGrid
        fields = ["title", "price_formula", "has_audition", "shortlist_size", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 2})}


class BaseCriterionFormSet(BaseInlineFormSet):
    def clean(self):
        super().clean()
        total = sum(
            form.cleaned_data.get("weight") or 0
            for form in self.forms
            if getattr(form, "cleaned_data", None)
            and not form.cleaned_data.get("DELETE")
            and form.cleaned_data.get("title")
        )
        if total != 100:
            raise forms.ValidationError(
                _("Les poids des critères totalisent %(total)s au lieu de 100 : ajustez-les.")
                % {"total": total}
            )


CriterionFormSet = inlineformset_factory(
    EvaluationGrid,
    Criterion,
    fields=["position", "title", "weight", "is_price", "guide"],
    formset=BaseCriterionFormSet,
    extra=1,
    can_delete=True,
    widgets={"guide": forms.Textarea(attrs={"rows": 2})},
)


class BaseSubCriterionFormSet(BaseInlineFormSet):
    """The sub-criteria of a criterion weigh, together, exactly the criterion's weight."""

    def clean(self):
        super().clean()
        live = [
            form.cleaned_data
            for form in self.forms
            if getattr(form, "cleaned_data", None)
            and not form.cleaned_data.get("DELETE")
            and form.cleaned_data.get("title")
        ]
        total = sum(data.get("weight") or 0 for data in live)
        if live and total != self.instance.weight:
            raise forms.ValidationError(
                _("Les sous-critères totalisent %(total)s au lieu de %(weight)s, le poids du critère.")
                % {"total": total, "weight": self.instance.weight}
            )


SubCriterionFormSet = inlineformset_factory(
    Criterion,
    SubCriterion,
    fields=["position", "title", "weight", "guide"],
    formset=BaseSubCriterionFormSet,
    extra=2,
    can_delete=True,
    widgets={"guide": forms.Textarea(attrs={"rows": 2})},
)


class EvaluatorForm(forms.Form):
    user = forms.ChoiceField(label=_l("Membre de la résidence"))
    role_note = forms.CharField(label=_l("Qualité"), max_length=120, required=False)

    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].choices = [(m.user_id, str(m.user)) for m in members]


# --- Teams and offers ----------------------------------------------------------------------------


class TeamForm(forms.ModelForm):
    class Meta:
        model = Team
        fields = [
            "name",
            "kind",
            "disciplines",
            "region",
            "references",
            "contact_name",
            "contact_email",
            "website",
        ]
        widgets = {"references": forms.Textarea(attrs={"rows": 3})}

    website = forms.URLField(label=_l("Site"), required=False, assume_scheme="https")


class ConsultedTeamForm(forms.ModelForm):
    class Meta:
        model = ConsultedTeam
        fields = ["team", "consulted_on", "outcome"]
        widgets = {"consulted_on": DATE_WIDGET}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = Team.objects.order_by("name")


class OfferForm(forms.ModelForm):
    class Meta:
        model = Offer
        fields = ["team", "price_ht", "days_on_site", "received_on", "site_answer", "note"]
        widgets = {"received_on": DATE_WIDGET, "site_answer": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = Team.objects.order_by("name")

    def clean_price_ht(self):
        price = self.cleaned_data.get("price_ht")
        if price is not None and price <= 0:
            raise forms.ValidationError(_("Le prix de l’offre doit être positif."))
        return price


class OfferEditForm(VersionedFormMixin, OfferForm):
    """Correcting a recorded offer: same fields, but two people may not overwrite each other."""


class OfferAnalysisForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = Offer
        fields = ["analysis"]
        widgets = {"analysis": forms.Textarea(attrs={"rows": 4})}


class MarksForm(forms.Form):
    """One mark /20 per criterion or sub-criterion to mark (the price is computed)."""

    def __init__(self, *args, targets, existing, **kwargs):
        super().__init__(*args, **kwargs)
        self.targets = targets
        for key, label, guide in targets:
            self.fields[f"m_{key}"] = forms.DecimalField(
                label=label,
                help_text=guide,
                min_value=0,
                max_value=20,
                max_digits=4,
                decimal_places=2,
                required=False,
                error_messages={
                    "min_value": _("Une note va de 0 à 20."),
                    "max_value": _("Une note va de 0 à 20."),
                },
            )
            self.fields[f"c_{key}"] = forms.CharField(
                label=_("Appréciation"), required=False, widget=forms.Textarea(attrs={"rows": 2})
            )
            if key in existing:
                self.initial[f"m_{key}"] = existing[key].mark
                self.initial[f"c_{key}"] = existing[key].comment


class WelcomeTaskForm(forms.ModelForm):
    class Meta:
        model = WelcomeTask
        fields = ["label", "owner", "due_on"]
        widgets = {"due_on": DATE_WIDGET}


# --- Steering committee --------------------------------------------------------------------------


class CommitteeMemberForm(forms.ModelForm):
    class Meta:
        model = CommitteeMember
        fields = ["full_name", "function", "organisation", "college"]


class MeetingForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = Meeting
        fields = ["held_on", "title", "place", "agenda", "attendees", "minutes"]
        widgets = {
            "held_on": DATE_WIDGET,
            "agenda": forms.Textarea(attrs={"rows": 3}),
            "minutes": forms.Textarea(attrs={"rows": 8}),
            "attendees": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, residency, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["attendees"].queryset = residency.committee_members.all()


class DecisionForm(forms.ModelForm):
    class Meta:
        model = Decision
        fields = ["text", "owner", "due_on"]
        widgets = {"due_on": DATE_WIDGET}
