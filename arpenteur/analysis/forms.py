from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from arpenteur.core.concurrency import VersionedFormMixin

from .models import AstonishmentReport, Code


class ColourInput(forms.TextInput):
    input_type = "color"


class CodeForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = Code
        fields = ["name", "parent", "colour", "description"]
        widgets = {"colour": ColourInput, "description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, codebook, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.codebook = codebook
        parents = codebook.codes.order_by("name")
        if self.instance.pk:
            parents = parents.exclude(pk=self.instance.pk)
        self.fields["parent"].queryset = parents
        self.fields["parent"].empty_label = _("— aucun (code de premier niveau) —")

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        others = self.instance.codebook.codes.filter(name=name)
        if self.instance.pk:
            others = others.exclude(pk=self.instance.pk)
        if others.exists():
            raise forms.ValidationError(
                _("Un code porte déjà ce nom dans cette grille : fusionnez-les plutôt.")
            )
        return name


class MergeCodesForm(forms.Form):
    source = forms.ModelChoiceField(label=_("Code à fondre"), queryset=Code.objects.none())
    target = forms.ModelChoiceField(label=_("dans le code"), queryset=Code.objects.none())

    def __init__(self, *args, codebook, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("source", "target"):
            self.fields[name].queryset = codebook.codes.order_by("name")

    def clean(self):
        data = super().clean()
        if data.get("source") and data.get("source") == data.get("target"):
            raise forms.ValidationError(_("Choisissez deux codes différents."))
        return data


class CodebookImportForm(forms.Form):
    file = forms.FileField(
        label=_("Fichier CSV"),
        help_text=_("Colonnes : nom;parent;couleur;definition — la première ligne nomme les colonnes."),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > 1_000_000:
            raise forms.ValidationError(
                _("Le fichier dépasse 1 Mo : une grille de codage est bien plus petite.")
            )
        raw = upload.read()
        for encoding in ("utf-8-sig", "cp1252"):
            try:
                return raw.decode(encoding)
            except UnicodeDecodeError:
                continue
        raise forms.ValidationError(_("Encodage du fichier non reconnu : enregistrez-le en UTF-8."))


class AstonishmentReportForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = AstonishmentReport
        fields = [
            "title",
            "session",
            "written_on",
            "authors",
            "route",
            "people_met",
            "impressions",
            "astonishments",
            "invisible_uses",
            "resources",
            "questions",
            "first_leads",
        ]
        widgets = {
            "written_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "authors": forms.CheckboxSelectMultiple,
            **{
                name: forms.Textarea(attrs={"rows": 5})
                for name in (
                    "route",
                    "people_met",
                    "impressions",
                    "astonishments",
                    "invisible_uses",
                    "resources",
                    "questions",
                    "first_leads",
                )
            },
        }

    def __init__(self, *args, residency, **kwargs):
        super().__init__(*args, **kwargs)
        from arpenteur.accounts.models import User
        from arpenteur.residencies.models import ResidencyMembership

        self.instance.residency = residency
        self.fields["session"].queryset = residency.sessions.order_by("start_date", "position", "pk")
        self.fields["authors"].queryset = User.objects.filter(
            residency_memberships__residency=residency,
            residency_memberships__role__in=ResidencyMembership.EDITOR_ROLES,
        ).order_by("full_name", "email")
        self.fields["authors"].label_from_instance = lambda user: user.display_name
