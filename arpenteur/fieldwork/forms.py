from __future__ import annotations

from datetime import timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from arpenteur.core.concurrency import VersionedFormMixin

from .media import MediaError, check_audio, check_photo
from .models import (
    RESOURCE_TAXONOMY,
    Activity,
    Consent,
    FieldworkSettings,
    Material,
    Method,
    Stakeholder,
    Tag,
    Visibility,
    position_errors,
)
from .services import missing_consents

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TIME_WIDGET = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")

TEXT_KINDS = {Material.Kind.NOTE, Material.Kind.STORY, Material.Kind.QUOTE, Material.Kind.ASTONISHMENT}


class CaptureForm(forms.Form):
    """One field capture, from the phone page (through the outbox) or without JavaScript."""

    client_uuid = forms.UUIDField(widget=forms.HiddenInput)
    kind = forms.ChoiceField(label=_("Nature"), choices=Material.Kind.choices, widget=forms.RadioSelect)
    title = forms.CharField(label=_("Titre"), max_length=200, required=False)
    body = forms.CharField(
        label=_("Texte"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("La note, le récit, la citation exacte, l’étonnement, ou la légende de la photo."),
    )
    transcript = forms.CharField(
        label=_("Transcription de l’entretien"), required=False, widget=forms.Textarea(attrs={"rows": 6})
    )
    file = forms.FileField(
        label=_("Photo, croquis ou enregistrement"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "image/*,audio/*"}),
    )
    captured_at = forms.DateTimeField(label=_("Saisi le"), required=False, widget=forms.HiddenInput)
    position_source = forms.ChoiceField(
        label=_("Position"),
        choices=Material.PositionSource.choices,
        required=False,
        widget=forms.RadioSelect,
    )
    latitude = forms.FloatField(label=_("Latitude"), required=False)
    longitude = forms.FloatField(label=_("Longitude"), required=False)
    place_label = forms.CharField(label=_("Lieu (en clair)"), max_length=200, required=False)
    session = forms.ModelChoiceField(label=_("Temps sur site"), queryset=None, required=False)
    activity = forms.ModelChoiceField(label=_("Activité"), queryset=None, required=False)
    stakeholders = forms.ModelMultipleChoiceField(
        label=_("Acteurs concernés"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Les personnes qui parlent ou apparaissent : leurs consentements limitent la visibilité."
        ),
    )
    resources = forms.MultipleChoiceField(
        label=_("Ressources"),
        choices=list(RESOURCE_TAXONOMY.items()),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    invisible_use = forms.BooleanField(label=_("Usage invisible"), required=False)
    latent_tension = forms.BooleanField(label=_("Tension latente"), required=False)
    free_tags = forms.CharField(
        label=_("Mots-clés"), required=False, max_length=300, help_text=_("Séparés par des virgules.")
    )
    visibility = forms.ChoiceField(
        label=_("Visibilité"),
        choices=Visibility.choices,
        initial=Visibility.TEAM,
        widget=forms.RadioSelect,
        help_text=_("Jamais au-delà de ce que les personnes liées ont accepté."),
    )

    def __init__(self, *args, residency, **kwargs):
        super().__init__(*args, **kwargs)
        self.residency = residency
        self.fields["session"].queryset = residency.sessions.all()
        self.fields["activity"].queryset = Activity.objects.filter(
            session__residency=residency
        ).select_related("session")
        self.fields["stakeholders"].queryset = residency.stakeholders.all()
        self.checked_file = None

    def clean_captured_at(self):
        value = self.cleaned_data.get("captured_at")
        now = timezone.now()
        if value is None or value > now + timedelta(minutes=10):
            # A phone with a wrong clock must not date a capture in the future.
            return now
        return value

    def clean(self):
        data = super().clean()
        kind = data.get("kind")
        upload = data.get("file")
        body, transcript = data.get("body", ""), data.get("transcript", "")
        if kind in TEXT_KINDS and not (body or data.get("title")):
            self.add_error("body", _("Écrivez au moins quelques mots (ou un titre)."))
        if kind in Material.FILE_KINDS - {Material.Kind.INTERVIEW} and not upload:
            self.add_error("file", _("Joignez le fichier (photo, croquis ou enregistrement)."))
        if kind == Material.Kind.INTERVIEW and not (body or transcript or upload):
            self.add_error("transcript", _("Joignez l’enregistrement ou écrivez la transcription."))
        if upload and kind in TEXT_KINDS:
            self.add_error("file", _("Une note, un récit, une citation ou un étonnement n’a pas de fichier."))
        elif upload and kind:
            try:
                if kind in Material.IMAGE_KINDS:
                    self.checked_file = check_photo(upload)
                else:
                    self.checked_file = check_audio(upload)
            except MediaError as error:
                self.add_error("file", str(error))
        source = data.get("position_source") or ""
        lat, lon = data.get("latitude"), data.get("longitude")
        if source:
            if lat is None or lon is None:
                self.add_error(
                    "latitude",
                    _(
                        "La position n’a pas été reçue : pointez le lieu sur la carte ou choisissez « Sans position »."
                    ),
                )
            else:
                for message in position_errors(lat, lon).values():
                    self.add_error("latitude", message)
        session, activity = data.get("session"), data.get("activity")
        if session and activity and activity.session_id != session.pk:
            self.add_error("activity", _("Cette activité n’appartient pas au temps sur site choisi."))
        return data

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        return {
            "client_uuid": data["client_uuid"],
            "kind": data["kind"],
            "captured_at": data["captured_at"],
            "title": data["title"],
            "body": data["body"],
            "transcript": data["transcript"],
            "latitude": data["latitude"],
            "longitude": data["longitude"],
            "position_source": data["position_source"] or "",
            "place_label": data["place_label"],
            "session": data["session"],
            "activity": data["activity"],
            "stakeholders": list(data["stakeholders"]),
            "resources": data["resources"],
            "free_tags_text": data["free_tags"],
            "invisible_use": data["invisible_use"],
            "latent_tension": data["latent_tension"],
            "visibility": data["visibility"],
            "checked_file": self.checked_file,
        }


class MaterialEditForm(VersionedFormMixin, forms.ModelForm):
    """Editing a stored material: text, place, links, tags and visibility (never beyond consents)."""

    stakeholders = forms.ModelMultipleChoiceField(
        label=_("Acteurs concernés"), queryset=None, required=False, widget=forms.CheckboxSelectMultiple
    )
    resources = forms.MultipleChoiceField(
        label=_("Ressources"),
        choices=list(RESOURCE_TAXONOMY.items()),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    free_tags = forms.CharField(
        label=_("Mots-clés"), required=False, max_length=300, help_text=_("Séparés par des virgules.")
    )

    class Meta:
        model = Material
        fields = [
            "title",
            "body",
            "transcript",
            "place_label",
            "latitude",
            "longitude",
            "session",
            "activity",
            "invisible_use",
            "latent_tension",
            "visibility",
        ]
        widgets = {"visibility": forms.RadioSelect, "body": forms.Textarea(attrs={"rows": 5})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        residency = self.instance.residency
        self.fields["session"].queryset = residency.sessions.all()
        self.fields["activity"].queryset = Activity.objects.filter(session__residency=residency)
        self.fields["stakeholders"].queryset = residency.stakeholders.prefetch_related("consents")
        if not self.is_bound:
            self.initial["stakeholders"] = [s.pk for s in self.instance.stakeholders.all()]
            tags = list(self.instance.tags.all())
            self.initial["resources"] = [t.slug for t in tags if t.kind == Tag.Kind.RESOURCE]
            self.initial["free_tags"] = ", ".join(t.label for t in tags if t.kind == Tag.Kind.FREE)

    def clean(self):
        data = super().clean()
        errors = position_errors(data.get("latitude"), data.get("longitude"))
        for message in errors.values():
            self.add_error("latitude", message)
        people = data.get("stakeholders") or []
        visibility = data.get("visibility")
        if visibility:
            probe = Material(
                kind=self.instance.kind,
                title=data.get("title", ""),
                body=data.get("body", ""),
                transcript=data.get("transcript", ""),
                file=self.instance.file,
            )
            missing = missing_consents(people, probe.media_used(), visibility)
            if missing:
                self.add_error(
                    "visibility",
                    _(
                        "Cette visibilité dépasse les consentements recueillis. Il manque l’accord de : %(who)s."
                    )
                    % {"who": "; ".join(missing)},
                )
        if data.get("latitude") is not None and not self.instance.position_source:
            self.instance.position_source = Material.PositionSource.MAP
        if data.get("latitude") is None:
            self.instance.position_source = ""
        return data


class MaterialFilterForm(forms.Form):
    q = forms.CharField(label=_("Texte"), required=False)
    kind = forms.ChoiceField(label=_("Nature"), required=False)
    session = forms.ModelChoiceField(label=_("Temps sur site"), queryset=None, required=False)
    tag = forms.ModelChoiceField(label=_("Étiquette"), queryset=None, required=False)
    stakeholder = forms.ModelChoiceField(label=_("Acteur"), queryset=None, required=False)
    author = forms.ChoiceField(label=_("Auteur"), required=False)
    since = forms.DateField(label=_("Depuis le"), required=False, widget=DATE_WIDGET)
    until = forms.DateField(label=_("Jusqu’au"), required=False, widget=DATE_WIDGET)

    def __init__(self, *args, residency, authors, show_people=True, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", _("Toutes"))] + Material.Kind.choices
        self.fields["session"].queryset = residency.sessions.all()
        self.fields["session"].empty_label = _("Tous")
        self.fields["tag"].queryset = residency.tags.all()
        self.fields["tag"].empty_label = _("Toutes")
        self.fields["author"].choices = [("", _("Tous"))] + [(str(pk), name) for pk, name in authors]
        if show_people:
            self.fields["stakeholder"].queryset = residency.stakeholders.all()
            self.fields["stakeholder"].empty_label = _("Tous")
        else:
            del self.fields["stakeholder"]

    def apply(self, materials):
        if not self.is_valid():
            return materials
        data = self.cleaned_data
        if data["q"]:
            from django.db.models import Q

            materials = materials.filter(
                Q(title__icontains=data["q"])
                | Q(body__icontains=data["q"])
                | Q(transcript__icontains=data["q"])
            )
        if data["kind"]:
            materials = materials.filter(kind=data["kind"])
        if data["session"]:
            materials = materials.filter(session=data["session"])
        if data["tag"]:
            materials = materials.filter(tags=data["tag"])
        if data.get("stakeholder"):
            materials = materials.filter(stakeholder_links__stakeholder=data["stakeholder"])
        if data["author"]:
            materials = materials.filter(author_id=data["author"])
        if data["since"]:
            materials = materials.filter(captured_at__date__gte=data["since"])
        if data["until"]:
            materials = materials.filter(captured_at__date__lte=data["until"])
        return materials


class ActivityForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = Activity
        fields = [
            "session",
            "method",
            "title",
            "day",
            "start_time",
            "end_time",
            "place",
            "latitude",
            "longitude",
            "lead",
            "lead_label",
            "invited",
            "audience",
            "expected_participants",
            "actual_participants",
            "description",
            "is_public",
        ]
        widgets = {
            "day": DATE_WIDGET,
            "start_time": TIME_WIDGET,
            "end_time": TIME_WIDGET,
            "invited": forms.CheckboxSelectMultiple,
            "description": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, residency, **kwargs):
        super().__init__(*args, **kwargs)
        self.residency = residency
        if "session" in self.fields:  # a programme page fixes the session and drops the field
            self.fields["session"].queryset = residency.sessions.all()
            self.fields["session"].empty_label = None
        self.fields["method"].queryset = Method.objects.available_for(residency)
        self.fields["method"].empty_label = _("Sans méthode (accueil, repas, trajet…)")
        from django.contrib.auth import get_user_model

        self.fields["lead"].queryset = (
            get_user_model()
            .objects.filter(residency_memberships__residency=residency)
            .order_by("full_name", "email")
        )
        self.fields["invited"].queryset = residency.stakeholders.all()
        self.fields["latitude"].help_text = _("Facultatif : la position du lieu de rendez-vous.")

    def clean(self):
        data = super().clean()
        # The model's clean() checks the day against the session and the position against France.
        return data


class StakeholderForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = Stakeholder
        fields = [
            "kind",
            "name",
            "pseudonym",
            "category",
            "organisation",
            "role",
            "email",
            "phone",
            "contact_notes",
            "status",
            "met_on",
            "met_where",
            "met_session",
            "influence",
            "interest",
            "notes",
        ]
        widgets = {
            "met_on": DATE_WIDGET,
            "kind": forms.RadioSelect,
            "notes": forms.Textarea(attrs={"rows": 3}),
            "influence": forms.NumberInput(attrs={"min": 1, "max": 5}),
            "interest": forms.NumberInput(attrs={"min": 1, "max": 5}),
        }

    def __init__(self, *args, residency, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["met_session"].queryset = residency.sessions.all()


CONSENT_GRID = [(m, p) for p in Consent.Purpose.values for m in Consent.Medium.values]


class ConsentForm(forms.Form):
    """The consent grid of one actor: one checkbox per medium × purpose, and the proof."""

    given_on = forms.DateField(label=_("Date du recueil"), widget=DATE_WIDGET)
    source = forms.ChoiceField(label=_("Preuve"), choices=Consent.Source.choices)
    source_note = forms.CharField(
        label=_("Précision"),
        required=False,
        max_length=300,
        help_text=_("« Formulaire papier rangé au classeur 2 »…"),
    )

    def __init__(self, *args, stakeholder, **kwargs):
        super().__init__(*args, **kwargs)
        consents = {(c.medium, c.purpose): c for c in stakeholder.consents.all()}
        for medium, purpose in CONSENT_GRID:
            name = f"c_{medium}_{purpose}"
            self.fields[name] = forms.BooleanField(
                label=f"{Consent.Medium(medium).label} — {Consent.Purpose(purpose).label}", required=False
            )
            consent = consents.get((medium, purpose))
            if not self.is_bound:
                self.initial[name] = bool(consent and consent.is_current)
        if not self.is_bound:
            self.initial.setdefault("given_on", timezone.localdate())

    def answers(self) -> dict:
        return {(m, p): self.cleaned_data[f"c_{m}_{p}"] for m, p in CONSENT_GRID}

    def clean(self):
        data = super().clean()
        for medium in Consent.Medium.values:
            if data.get(f"c_{medium}_publication") and not data.get(f"c_{medium}_analyse"):
                self.add_error(
                    f"c_{medium}_analyse",
                    _("Une publication suppose aussi l’accord pour l’analyse interne du même support."),
                )
        return data


class FieldworkSettingsForm(forms.ModelForm):
    class Meta:
        model = FieldworkSettings
        fields = ["programme_is_public", "contributions_are_open", "contribution_prompt"]
        widgets = {"contribution_prompt": forms.Textarea(attrs={"rows": 3})}


class MethodForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = Method
        fields = [
            "name",
            "purpose",
            "summary",
            "attention_points",
            "duration_label",
            "duration_minutes",
            "group_size_label",
            "material",
            "output",
            "remote_possible",
            "source",
        ]
        widgets = {
            f: forms.Textarea(attrs={"rows": 3})
            for f in ["purpose", "summary", "attention_points", "material", "output"]
        }


class ContributionForm(forms.Form):
    """The public form: plain French, no account, a honeypot and explicit consent questions."""

    kind = forms.ChoiceField(
        label=_("Vous partagez"),
        choices=[
            (Material.Kind.STORY, _("Un récit, un souvenir, un usage")),
            (Material.Kind.PHOTO, _("Une photo")),
        ],
        widget=forms.RadioSelect,
        initial=Material.Kind.STORY,
    )
    body = forms.CharField(
        label=_("Votre texte"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            "Un lieu que vous aimez, que vous évitez, ce que vous y faites… (5 000 caractères au plus)"
        ),
    )
    photo = forms.FileField(
        label=_("Votre photo"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "image/*"}),
        help_text=_("Évitez les visages reconnaissables et les plaques d’immatriculation."),
    )
    place_label = forms.CharField(label=_("De quel lieu parlez-vous ?"), required=False, max_length=200)
    latitude = forms.FloatField(required=False, widget=forms.HiddenInput)
    longitude = forms.FloatField(required=False, widget=forms.HiddenInput)
    contributor_name = forms.CharField(
        label=_("Votre prénom ou un pseudonyme (facultatif)"),
        required=False,
        max_length=120,
        help_text=_("Il n’est jamais publié : il aide l’équipe à vous reconnaître si vous revenez."),
    )
    agree_analysis = forms.BooleanField(
        label=_(
            "J’accepte que l’équipe de la résidence lise ma contribution et s’en serve pour son travail."
        ),
        required=True,
        error_messages={"required": _("Sans cet accord, l’équipe ne peut pas recevoir votre contribution.")},
    )
    agree_publish_text = forms.BooleanField(
        label=_("J’accepte que mon texte soit publié sur le site de la résidence, sans mon nom."),
        required=False,
    )
    agree_publish_photo = forms.BooleanField(
        label=_("J’accepte que ma photo soit publiée sur le site de la résidence."), required=False
    )
    # Honeypot: hidden from people by CSS and aria-hidden; robots fill every field.
    website = forms.CharField(label=_("Ne pas remplir"), required=False)

    def clean(self):
        data = super().clean()
        self.checked_file = None
        if data.get("kind") == Material.Kind.PHOTO:
            if not self.files.get("photo"):
                self.add_error("photo", _("Choisissez la photo à envoyer."))
            else:
                try:
                    self.checked_file = check_photo(self.files["photo"])
                except MediaError as error:
                    self.add_error("photo", str(error))
        elif not data.get("body"):
            self.add_error("body", _("Écrivez votre récit (quelques mots suffisent)."))
        lat, lon = data.get("latitude"), data.get("longitude")
        for message in position_errors(lat, lon).values():
            self.add_error("place_label", message)
        return data
