from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from arpenteur.analysis.models import Enjeu
from arpenteur.core.concurrency import VersionedFormMixin

from .models import Action, Axis, ExportJob, FundingLine, Indicator, Milestone, Vision


class VisionForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = Vision
        fields = ["title", "text", "governance"]
        widgets = {"text": forms.Textarea(attrs={"rows": 8}), "governance": forms.Textarea(attrs={"rows": 4})}


class AxisForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = Axis
        fields = ["title", "description", "position"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, residency, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.residency = residency

    def clean_title(self):
        title = self.cleaned_data["title"].strip()
        others = Axis.objects.filter(residency=self.instance.residency, title=title).exclude(
            pk=self.instance.pk
        )
        if others.exists():
            raise forms.ValidationError(_("Un axe porte déjà cet intitulé dans cette feuille de route."))
        return title


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class EnjeuChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.title} ({obj.axis})" if obj.axis else obj.title


class ActionForm(VersionedFormMixin, forms.ModelForm):
    enjeux = EnjeuChoiceField(
        label=_("Enjeux auxquels elle répond"),
        queryset=Enjeu.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Au moins un : c’est ce qui relie l’action au diagnostic et au terrain."),
        error_messages={"required": _("Une action doit répondre à au moins un enjeu du diagnostic.")},
    )
    perimeter = forms.JSONField(
        label=_("périmètre (GeoJSON)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "spellcheck": "false"}),
        help_text=_("Un polygone GeoJSON tracé sur la carte, ou collé depuis un SIG."),
        error_messages={
            "invalid": _("Le périmètre n’est pas du JSON valide : vérifiez les accolades et les guillemets.")
        },
    )

    class Meta:
        model = Action
        fields = [
            "title",
            "axis",
            "enjeux",
            "description",
            "objectives",
            "first_steps",
            "place",
            "latitude",
            "longitude",
            "perimeter",
            "lead",
            "partners",
            "status",
            "priority",
            "horizon",
            "quick_win",
            "start_date",
            "end_date",
            "cost_ht",
            "cost_ttc",
            "audience",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 4}),
            "objectives": forms.Textarea(attrs={"rows": 3}),
            "first_steps": forms.Textarea(attrs={"rows": 3}),
            "partners": forms.Textarea(attrs={"rows": 3}),
            "start_date": DateInput(),
            "end_date": DateInput(),
            "latitude": forms.NumberInput(attrs={"step": "any"}),
            "longitude": forms.NumberInput(attrs={"step": "any"}),
        }

    def __init__(self, *args, residency, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.residency = residency
        self.fields["axis"].queryset = Axis.objects.filter(residency=residency).order_by("position", "pk")
        self.fields["axis"].empty_label = _("— choisir un axe —")
        self.fields["axis"].error_messages["required"] = _(
            "Rattachez l’action à un axe de la feuille de route."
        )
        self.fields["enjeux"].queryset = Enjeu.objects.filter(residency=residency).order_by("position", "pk")
        self.fields["lead"].error_messages["required"] = _("Indiquez qui porte l’action (maître d’ouvrage).")
        self.fields["title"].error_messages["required"] = _("Donnez un intitulé à l’action.")


class MilestoneForm(forms.ModelForm):
    class Meta:
        model = Milestone
        fields = ["title", "due_date", "done"]
        widgets = {"due_date": DateInput()}


class IndicatorForm(forms.ModelForm):
    class Meta:
        model = Indicator
        fields = ["name", "baseline", "baseline_year", "target", "target_year", "unit", "source"]


class FundingLineForm(forms.ModelForm):
    class Meta:
        model = FundingLine
        fields = ["funder", "amount", "status", "note"]


def _formset(model, form, prefix):
    factory = forms.inlineformset_factory(Action, model, form=form, extra=1, can_delete=True)

    def make(data, instance):
        return factory(data, instance=instance, prefix=prefix)

    return make


MilestoneFormSet = _formset(Milestone, MilestoneForm, "jalons")
IndicatorFormSet = _formset(Indicator, IndicatorForm, "indicateurs")
FundingFormSet = _formset(FundingLine, FundingLineForm, "financements")


class ExportForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Format"),
        choices=ExportJob.Kind.choices,
        widget=forms.RadioSelect,
        initial=ExportJob.Kind.XLSX,
    )
