"""Forms of the register of actors and of the public contribution page (the actor form itself and the
consent grid live in forms.py: StakeholderForm, ConsentForm, ContributionForm)."""

from __future__ import annotations

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .models import FieldworkSettings, Stakeholder


class StakeholderFilterForm(forms.Form):
    q = forms.CharField(label=_("Nom ou structure"), required=False)
    category = forms.ChoiceField(label=_("Catégorie"), required=False)
    status = forms.ChoiceField(label=_("État"), required=False)

    def __init__(self, *args, team: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.team = team
        self.fields["category"].choices = [("", _("Toutes"))] + Stakeholder.Category.choices
        self.fields["status"].choices = [("", _("Tous"))] + Stakeholder.Status.choices
        if not team:
            # Searching real names would reveal them one letter at a time.
            self.fields["q"].label = _("Nom public")

    def apply(self, stakeholders):
        if not self.is_valid():
            return stakeholders
        data = self.cleaned_data
        if data["q"]:
            if self.team:
                stakeholders = stakeholders.filter(
                    Q(name__icontains=data["q"])
                    | Q(organisation__icontains=data["q"])
                    | Q(pseudonym__icontains=data["q"])
                )
            else:
                stakeholders = stakeholders.filter(pseudonym__icontains=data["q"])
        if data["category"]:
            stakeholders = stakeholders.filter(category=data["category"])
        if data["status"]:
            stakeholders = stakeholders.filter(status=data["status"])
        return stakeholders


class ContributionSettingsForm(forms.ModelForm):
    """Opening the public contribution page (closed by default) and the words at its head."""

    class Meta:
        model = FieldworkSettings
        fields = ["contributions_are_open", "contribution_prompt"]
        widgets = {"contribution_prompt": forms.Textarea(attrs={"rows": 3})}
