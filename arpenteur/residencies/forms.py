from django import forms
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from arpenteur.accounts.models import Organisation
from arpenteur.core.concurrency import VersionedFormMixin
from arpenteur.territories.search import resolve_commune

from .models import FormatTemplate, Party, Phase, PhaseKind, Residency, ResidencyMembership, Session

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class CommuneField(forms.CharField):
    """A commune typed as a name or an INSEE code; the picker widget suggests as you type."""

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Commune"))
        kwargs.setdefault("help_text", _("Tapez le nom ou le code INSEE, puis choisissez dans la liste."))
        kwargs.setdefault(
            "widget",
            forms.TextInput(
                attrs={
                    "data-commune-picker": reverse_lazy("territories:commune_search"),
                    "autocomplete": "off",
                    "spellcheck": "false",
                }
            ),
        )
        super().__init__(**kwargs)

    def clean(self, value):
        value = super().clean(value)
        commune, error = resolve_commune(value)
        if error:
            raise forms.ValidationError(error)
        return commune


class ResidencyCreateForm(forms.Form):
    title = forms.CharField(
        label=_("Titre de la résidence"),
        max_length=200,
        help_text=_("Par exemple : « Péronne, faire repère(s) »."),
    )
    commune = CommuneField()
    format = forms.ModelChoiceField(
        label=_("Format"),
        queryset=FormatTemplate.objects.filter(is_active=True),
        widget=forms.RadioSelect,
        required=False,
        empty_label=_("Aucun format : je construis le programme moi-même"),
        help_text=_(
            "Le format est copié dans la résidence : vous pourrez ensuite ajouter, déplacer ou retirer des temps sur site."
        ),
    )
    start_date = forms.DateField(label=_("Début"), widget=DATE_WIDGET)
    end_date = forms.DateField(label=_("Fin"), widget=DATE_WIDGET)
    question = forms.CharField(
        label=_("Question posée"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    creator_role = forms.ChoiceField(
        label=_("Votre rôle"),
        choices=[
            (ResidencyMembership.Role.COMMISSIONER, ResidencyMembership.Role.COMMISSIONER.label),
            (ResidencyMembership.Role.COORDINATOR, ResidencyMembership.Role.COORDINATOR.label),
        ],
        initial=ResidencyMembership.Role.COMMISSIONER,
    )

    def clean(self):
        data = super().clean()
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("La fin de la résidence doit suivre son début."))
        return data


class ResidencyEditForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = Residency
        fields = ["title", "question", "start_date", "end_date"]
        widgets = {
            "start_date": DATE_WIDGET,
            "end_date": DATE_WIDGET,
            "question": forms.Textarea(attrs={"rows": 3}),
        }

    def clean(self):
        data = super().clean()
        start, end = data.get("start_date"), data.get("end_date")
        if self.instance.pk and start and end:
            outside = self.instance.sessions.exclude(start_date__gte=start, end_date__lte=end).order_by(
                "start_date"
            )
            if outside.exists():
                names = ", ".join(s.title for s in outside[:3])
                raise forms.ValidationError(
                    _(
                        "Ces dates laisseraient des temps sur site en dehors de la résidence (%(names)s) : déplacez-les d’abord."
                    )
                    % {"names": names}
                )
        return data


class PhaseForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = Phase
        fields = ["status", "start_date", "end_date", "notes"]
        widgets = {
            "start_date": DATE_WIDGET,
            "end_date": DATE_WIDGET,
            "notes": forms.Textarea(attrs={"rows": 4}),
        }


class SessionForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = Session
        fields = ["title", "phase", "start_date", "end_date", "place", "latitude", "longitude", "description"]
        widgets = {
            "start_date": DATE_WIDGET,
            "end_date": DATE_WIDGET,
            "description": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, residency: Residency, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.residency = residency
        self.fields["latitude"].help_text = _("Facultatif, en degrés décimaux (WGS 84).")

    def clean(self):
        data = super().clean()
        lat, lng = data.get("latitude"), data.get("longitude")
        if (lat is None) != (lng is None):
            raise forms.ValidationError(_("Indiquez la latitude et la longitude, ou aucune des deux."))
        if lat is not None and not (-90 <= lat <= 90 and -180 <= lng <= 180):
            raise forms.ValidationError(_("Ces coordonnées ne désignent aucun lieu sur Terre."))
        return data


class PartyForm(forms.ModelForm):
    class Meta:
        model = Party
        fields = ["organisation", "role", "contact", "note"]

    def __init__(self, *args, residency: Residency, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.residency = residency
        self.fields["organisation"].queryset = Organisation.objects.order_by("name")


class MemberAddForm(forms.Form):
    email = forms.EmailField(label=_("Adresse électronique"))
    role = forms.ChoiceField(label=_("Rôle"), choices=ResidencyMembership.Role.choices)
    discipline = forms.CharField(label=_("Discipline ou fonction"), max_length=120, required=False)


class MemberRoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Rôle"), choices=ResidencyMembership.Role.choices)


class CurrentPhaseForm(forms.Form):
    phase = forms.ChoiceField(label=_("Phase en cours"), choices=PhaseKind.choices)


class ResidencyFilterForm(forms.Form):
    q = forms.CharField(label=_("Titre ou commune"), required=False)
    phase = forms.ChoiceField(
        label=_("Phase en cours"), required=False, choices=[("", _("Toutes"))] + list(PhaseKind.choices)
    )
    format = forms.ModelChoiceField(
        label=_("Format"), required=False, queryset=FormatTemplate.objects.all(), empty_label=_("Tous")
    )
    region = forms.ChoiceField(label=_("Région"), required=False)
    departement = forms.ChoiceField(label=_("Département"), required=False)

    def __init__(self, *args, regions: list[tuple[str, str]], departements: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].choices = [("", _("Toutes"))] + regions
        self.fields["departement"].choices = [("", _("Tous"))] + departements
