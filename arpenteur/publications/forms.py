from django import forms
from django.utils.translation import gettext_lazy as _

from arpenteur.core.concurrency import VersionedFormMixin

from .models import CahierSection, Deliverable, Licence, Publication


class PublicationForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = Publication
        fields = ["licence", "summary"]
        widgets = {"summary": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.is_published:
            self.fields["licence"].disabled = True
            self.fields["licence"].help_text = _("La résidence est publiée : sa licence ne change plus.")

    def clean_licence(self):
        licence = self.cleaned_data["licence"]
        if licence not in Licence.values:
            raise forms.ValidationError(_("Choisissez une des licences proposées."))
        return licence


class SectionForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = CahierSection
        fields = ["included", "position", "text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 3}), "position": forms.NumberInput(attrs={"min": 0})}


class BuildForm(forms.Form):
    CHOICES = [
        ("cahier-pdf-A4", _("Cahier de synthèse (PDF A4)")),
        ("cahier-odt-A4", _("Cahier de synthèse (ODT à retoucher)")),
        ("affiches-pdf-A1", _("Affiches d’exposition (PDF A1)")),
        ("affiches-pdf-A0", _("Affiches d’exposition (PDF A0)")),
    ]
    what = forms.ChoiceField(label=_("Livrable à produire"), choices=CHOICES)

    def parts(self) -> tuple[str, str, str]:
        kind, fmt, paper = self.cleaned_data["what"].split("-")
        assert kind in Deliverable.Kind.values and fmt in Deliverable.Format.values
        return kind, fmt, paper
