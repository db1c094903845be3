from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from arpenteur.core.concurrency import VersionedFormMixin

from .models import AstonishmentReport, Code, Enjeu, Finding, Segment


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


class CodePassageForm(forms.Form):
    """Select a passage (typed, pasted, or selected with the mouse or keyboard in the text) and the
    codes to put on it. `start`/`end` are filled by the coding widget; without them the server
    finds the passage in the text."""

    field = forms.ChoiceField(label=_("Partie du matériau"), choices=(), required=False)
    passage = forms.CharField(
        label=_("Passage à coder"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Sélectionnez-le dans le texte (souris ou Maj + flèches), ou collez-le ici."),
    )
    start = forms.IntegerField(required=False, min_value=0, widget=forms.HiddenInput)
    end = forms.IntegerField(required=False, min_value=0, widget=forms.HiddenInput)
    whole = forms.BooleanField(label=_("Coder le matériau entier"), required=False)
    codes = forms.ModelMultipleChoiceField(
        label=_("Codes"), queryset=Code.objects.none(), required=False, widget=forms.CheckboxSelectMultiple
    )
    new_code = forms.CharField(
        label=_("ou un nouveau code"), max_length=100, required=False, help_text=_("Ajouté à la grille.")
    )

    def __init__(self, *args, codebook, material, **kwargs):
        super().__init__(*args, **kwargs)
        self.material = material
        self.fields["codes"].queryset = codebook.codes.order_by("position", "name", "pk")
        self.fields["codes"].label_from_instance = lambda code: code.name
        fields = [
            (name, label)
            for name, label in (("body", _("Texte")), ("transcript", _("Transcription")))
            if getattr(material, name)
        ]
        self.fields["field"].choices = fields
        if fields:
            self.fields["field"].initial = fields[0][0]
        if len(fields) <= 1:
            self.fields["field"].widget = forms.HiddenInput()

    def clean(self):
        from .coding import locate

        data = super().clean()
        if not data.get("codes") and not (data.get("new_code") or "").strip():
            self.add_error("codes", _("Choisissez au moins un code, ou nommez-en un nouveau."))
        if data.get("whole"):
            data["start"] = data["end"] = None
            data["field"] = ""
            return data
        field_name = data.get("field") or ""
        text = getattr(self.material, field_name, "") if field_name in ("body", "transcript") else ""
        if not text:
            self.add_error(
                "passage", _("Ce matériau n’a pas de texte : cochez « Coder le matériau entier ».")
            )
            return data
        if not (data.get("passage") or "").strip():
            self.add_error("passage", _("Sélectionnez ou collez le passage à coder."))
            return data
        span = locate(text, data["passage"], data.get("start"), data.get("end"))
        if span is None:
            self.add_error(
                "passage",
                _("Ce passage est introuvable dans le texte : vérifiez-le ou sélectionnez-le à nouveau."),
            )
            return data
        data["start"], data["end"] = span
        return data


class SegmentMemoForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = Segment
        fields = ["memo"]
        widgets = {"memo": forms.Textarea(attrs={"rows": 2})}


class FindingForm(VersionedFormMixin, forms.ModelForm):
    """A finding and the evidence it cites. The evidence choices accept any segment or material of
    the residency; the page shows the cited ones and the candidates (from the board or the coding
    page)."""

    segments = forms.ModelMultipleChoiceField(
        label=_("Extraits cités"), queryset=Segment.objects.none(), required=False
    )
    materials = forms.ModelMultipleChoiceField(
        label=_("Matériaux cités en entier"), queryset=Segment.objects.none(), required=False
    )

    class Meta:
        model = Finding
        fields = ["title", "swot", "nature", "resource_type", "axis", "description", "codes", "visibility"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 4}),
            "codes": forms.CheckboxSelectMultiple,
            "axis": forms.TextInput(attrs={"list": "axes"}),
        }

    def __init__(self, *args, residency, **kwargs):
        from arpenteur.fieldwork.models import Material

        super().__init__(*args, **kwargs)
        self.instance.residency = residency
        self.fields["segments"].queryset = Segment.objects.filter(residency=residency)
        self.fields["materials"].queryset = Material.objects.filter(residency=residency)
        self.fields["codes"].queryset = Code.objects.filter(codebook__residency=residency).order_by("name")
        self.fields["codes"].required = False
        if self.instance.pk and not self.is_bound:
            evidence = list(self.instance.evidence.all())
            self.initial["segments"] = [e.segment_id for e in evidence if e.segment_id]
            self.initial["materials"] = [e.material_id for e in evidence if e.material_id]

    def clean(self):
        data = super().clean()
        if not data.get("segments") and not data.get("materials"):
            raise forms.ValidationError(
                _("Un constat doit citer au moins une preuve : cochez un extrait codé ou un matériau.")
            )
        return data


class EnjeuForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = Enjeu
        fields = ["title", "description", "axis", "findings", "visibility"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 4}),
            "findings": forms.CheckboxSelectMultiple,
            "axis": forms.TextInput(attrs={"list": "axes"}),
        }

    def __init__(self, *args, residency, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.residency = residency
        self.fields["findings"].queryset = Finding.objects.filter(residency=residency).order_by(
            "position", "pk"
        )
        self.fields["findings"].error_messages["required"] = _(
            "Un enjeu doit découler d’au moins un constat."
        )
