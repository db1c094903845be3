"""Fieldwork: the methods catalogue, the on-site programme (activities), the actors met (stakeholders)
with their consents, and the field material captured on a phone.

Privacy rules live here as model/queryset methods whose docstrings read like policy:

- a material's *visibility* says who the team wants to show it to (team, partners, public);
- the *consents* of every actor linked to the material say who it may be shown to;
- the effective audience is the smaller of the two, computed at read time, so that a withdrawn
  consent hides an item at once, everywhere (lists, maps, exports, public pages).

Other apps (analysis, publications) must go through `Material.objects.publishable()` /
`Material.is_publishable()` and `MaterialQuerySet.visible_to()`; never filter on `visibility` alone.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from arpenteur.core.concurrency import Versioned


class MethodQuerySet(models.QuerySet):
    def available_for(self, residency):
        """The common catalogue plus the residency's own methods."""
        return self.filter(Q(residency__isnull=True) | Q(residency=residency), is_active=True)


class Method(Versioned):
    """A participation or observation method (balade urbaine, world café…). The reference records are
    seeded from domain.md §6; a residency may add its own (``residency`` set), visible only there."""

    slug = models.SlugField(max_length=80)
    name = models.CharField(_("nom"), max_length=160)
    purpose = models.TextField(_("objectif"), blank=True)
    summary = models.TextField(_("déroulé"), blank=True)
    attention_points = models.TextField(_("points de vigilance"), blank=True)
    duration_label = models.CharField(_("durée"), max_length=120, blank=True)
    duration_minutes = models.PositiveIntegerField(
        _("durée par défaut (minutes)"), default=90, help_text=_("Proposée quand on ajoute une activité.")
    )
    group_size_label = models.CharField(_("taille du groupe"), max_length=120, blank=True)
    group_size_min = models.PositiveIntegerField(_("participants minimum"), null=True, blank=True)
    group_size_max = models.PositiveIntegerField(_("participants maximum"), null=True, blank=True)
    material = models.TextField(_("matériel"), blank=True)
    output = models.TextField(
        _("ce que la méthode produit"), blank=True, help_text=_("Ce qui nourrira l’analyse.")
    )
    remote_possible = models.BooleanField(_("possible à distance"), default=False)
    source = models.CharField(_("source"), max_length=400, blank=True)
    licence = models.CharField(_("licence"), max_length=80, blank=True)
    residency = models.ForeignKey(
        "residencies.Residency",
        verbose_name=_("propre à la résidence"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="own_methods",
        help_text=_("Vide : méthode du catalogue commun."),
    )
    is_active = models.BooleanField(_("proposée"), default=True)
    order = models.PositiveSmallIntegerField(default=0)

    objects = MethodQuerySet.as_manager()

    class Meta:
        verbose_name = _("méthode")
        verbose_name_plural = _("méthodes")
        ordering = ["order", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["slug"], condition=Q(residency__isnull=True), name="method_catalogue_slug_unique"
            ),
            models.UniqueConstraint(fields=["residency", "slug"], name="method_residency_slug_unique"),
        ]

    def __str__(self) -> str:
        return self.name


class FieldworkSettings(models.Model):
    """What a residency opens to the public on the fieldwork side. Everything is closed by default."""

    residency = models.OneToOneField(
        "residencies.Residency", on_delete=models.CASCADE, related_name="fieldwork_settings"
    )
    programme_is_public = models.BooleanField(
        _("programme publié pour les habitants"),
        default=False,
        help_text=_("Seules les activités marquées « publique » y figurent."),
    )
    contributions_are_open = models.BooleanField(_("contributions des habitants ouvertes"), default=False)
    contribution_prompt = models.TextField(
        _("invitation à contribuer"),
        blank=True,
        help_text=_("Quelques mots en tête du formulaire public : ce que l’équipe cherche à entendre."),
    )
    map_latitude = models.FloatField(_("latitude du centre de la carte"), null=True, blank=True)
    map_longitude = models.FloatField(_("longitude du centre de la carte"), null=True, blank=True)

    class Meta:
        verbose_name = _("réglages du terrain")
        verbose_name_plural = _("réglages du terrain")

    def __str__(self) -> str:
        return str(self.residency)


class Stakeholder(Versioned):
    """An actor (acteur): a person or an organisation met, or to meet, during the residency."""

    class Kind(models.TextChoices):
        PERSON = "personne", _("Personne")
        ORGANISATION = "organisation", _("Organisation")

    class Category(models.TextChoices):
        ELECTED = "elu", _("Élu·e")
        OFFICER = "technicien", _("Technicien·ne")
        STATE = "etat", _("État")
        ASSOCIATION = "association", _("Association")
        INHABITANT = "habitant", _("Habitant·e")
        BUSINESS = "commerce", _("Commerçant·e / entreprise")
        RESEARCHER = "chercheur", _("Chercheur·e")
        OTHER = "autre", _("Autre")

    class Status(models.TextChoices):
        TO_MEET = "a_rencontrer", _("À rencontrer")
        MET = "rencontre", _("Rencontré")

    residency = models.ForeignKey(
        "residencies.Residency", on_delete=models.CASCADE, related_name="stakeholders"
    )
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices, default=Kind.PERSON)
    name = models.CharField(_("nom"), max_length=200)
    pseudonym = models.CharField(
        _("nom public"),
        max_length=120,
        blank=True,
        help_text=_(
            "Ce qui s’affiche sur les pages publiques (« une habitante du faubourg »). "
            "Vide : la catégorie seule. Le nom réel n’est jamais publié."
        ),
    )
    organisation = models.CharField(
        _("structure"), max_length=200, blank=True, help_text=_("Pour une personne : sa structure.")
    )
    role = models.CharField(_("fonction"), max_length=200, blank=True)
    category = models.CharField(_("catégorie"), max_length=20, choices=Category.choices)
    email = models.EmailField(_("courriel"), blank=True)
    phone = models.CharField(_("téléphone"), max_length=40, blank=True)
    contact_notes = models.CharField(_("comment le joindre"), max_length=300, blank=True)
    status = models.CharField(_("état"), max_length=20, choices=Status.choices, default=Status.TO_MEET)
    met_on = models.DateField(_("rencontré le"), null=True, blank=True)
    met_where = models.CharField(_("rencontré où"), max_length=200, blank=True)
    met_session = models.ForeignKey(
        "residencies.Session",
        verbose_name=_("pendant le temps sur site"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="stakeholders_met",
    )
    influence = models.PositiveSmallIntegerField(
        _("influence"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
        help_text=_("De 1 (faible) à 5 (forte)."),
    )
    interest = models.PositiveSmallIntegerField(
        _("intérêt"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
        help_text=_("De 1 (faible) à 5 (fort)."),
    )
    notes = models.TextField(_("notes"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("acteur")
        verbose_name_plural = _("acteurs")
        ordering = ["residency", "name", "pk"]
        indexes = [models.Index(fields=["residency", "category"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(influence__isnull=True) | Q(influence__gte=1, influence__lte=5),
                name="stakeholder_influence_1_5",
            ),
            models.CheckConstraint(
                condition=Q(interest__isnull=True) | Q(interest__gte=1, interest__lte=5),
                name="stakeholder_interest_1_5",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def public_label(self) -> str:
        """The only way an actor is named on a public page: the chosen public name, or the category."""
        return self.pseudonym or self.get_category_display()

    def has_consent(self, medium: str, purpose: str) -> bool:
        """True when a current consent covers this medium for this purpose. Uses prefetched
        `consents` when present."""
        return any(c.medium == medium and c.purpose == purpose and c.is_current for c in self.consents.all())


class Consent(models.Model):
    """One actor's answer for one medium and one purpose (domain.md §10.1). Absence means *no*.

    A consent is current when granted and neither withdrawn nor expired. Withdrawing keeps the record
    (proof of what was agreed when) and takes effect at once on every list, map, export and page.
    """

    class Medium(models.TextChoices):
        TEXT = "texte", _("Texte (propos, citation)")
        PHOTO = "photo", _("Image (photo, dessin)")
        VOICE = "voix", _("Voix (enregistrement)")

    class Purpose(models.TextChoices):
        INTERNAL = "analyse", _("Analyse interne")
        PUBLICATION = "publication", _("Publication")

    class Source(models.TextChoices):
        SIGNED_FORM = "formulaire_signe", _("Formulaire signé")
        RECORDED = "oral_enregistre", _("Accord oral enregistré")
        ONLINE_FORM = "formulaire_en_ligne", _("Formulaire en ligne")
        EMAIL = "courriel", _("Courriel")
        OTHER = "autre", _("Autre")

    stakeholder = models.ForeignKey(Stakeholder, on_delete=models.CASCADE, related_name="consents")
    medium = models.CharField(_("support"), max_length=10, choices=Medium.choices)
    purpose = models.CharField(_("finalité"), max_length=12, choices=Purpose.choices)
    granted = models.BooleanField(_("accordé"), default=True)
    given_on = models.DateField(_("date"))
    source = models.CharField(_("preuve"), max_length=24, choices=Source.choices)
    source_note = models.CharField(_("précision sur la preuve"), max_length=300, blank=True)
    proof = models.FileField(_("pièce justificative"), upload_to="fieldwork/consents/", blank=True)
    expires_on = models.DateField(_("expire le"), null=True, blank=True)
    withdrawn_on = models.DateField(_("retiré le"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("consentement")
        verbose_name_plural = _("consentements")
        ordering = ["stakeholder", "purpose", "medium"]
        constraints = [
            models.UniqueConstraint(
                fields=["stakeholder", "medium", "purpose"], name="one_consent_per_medium_purpose"
            )
        ]

    def __str__(self) -> str:
        return f"{self.stakeholder} — {self.get_medium_display()} — {self.get_purpose_display()}"

    @property
    def is_current(self) -> bool:
        from django.utils import timezone

        today = timezone.localdate()
        return (
            self.granted
            and (self.withdrawn_on is None or self.withdrawn_on > today)
            and (self.expires_on is None or self.expires_on >= today)
        )

    @classmethod
    def current_q(cls, prefix: str = "") -> Q:
        """The same rule as `is_current`, as a filter."""
        from django.utils import timezone

        today = timezone.localdate()
        return (
            Q(**{f"{prefix}granted": True})
            & (Q(**{f"{prefix}withdrawn_on__isnull": True}) | Q(**{f"{prefix}withdrawn_on__gt": today}))
            & (Q(**{f"{prefix}expires_on__isnull": True}) | Q(**{f"{prefix}expires_on__gte": today}))
        )


class Activity(Versioned):
    """A method used at a time and place during an on-site session (one line of the programme)."""

    session = models.ForeignKey("residencies.Session", on_delete=models.CASCADE, related_name="activities")
    method = models.ForeignKey(
        Method,
        verbose_name=_("méthode"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="activities",
        help_text=_("Vide pour un temps hors méthode (accueil, déjeuner, trajet)."),
    )
    title = models.CharField(_("intitulé"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    day = models.DateField(_("jour"))
    start_time = models.TimeField(_("début"))
    end_time = models.TimeField(_("fin"))
    place = models.CharField(_("lieu"), max_length=200, blank=True)
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)
    route = models.JSONField(
        _("itinéraire"),
        null=True,
        blank=True,
        help_text=_("Ligne GeoJSON (LineString) d’une balade, facultative."),
    )
    lead = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("anime"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    lead_label = models.CharField(
        _("animation (texte libre)"),
        max_length=200,
        blank=True,
        help_text=_("Par exemple « le maire et l’équipe »."),
    )
    invited = models.ManyToManyField(
        Stakeholder, verbose_name=_("acteurs invités"), blank=True, related_name="invitations"
    )
    audience = models.CharField(
        _("public invité"),
        max_length=300,
        blank=True,
        help_text=_("« Habitants, commerçants du centre-bourg »…"),
    )
    expected_participants = models.PositiveIntegerField(_("participants attendus"), null=True, blank=True)
    actual_participants = models.PositiveIntegerField(_("participants présents"), null=True, blank=True)
    is_public = models.BooleanField(
        _("ouverte au public"),
        default=False,
        help_text=_("Affichée sur le programme publié pour les habitants."),
    )
    internal_notes = models.TextField(
        _("notes internes"),
        blank=True,
        help_text=_(
            "Logistique, clés, contacts : jamais publiées, ni sur la page publique ni dans l’iCalendar public."
        ),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("activité")
        verbose_name_plural = _("activités")
        ordering = ["session", "day", "start_time", "pk"]
        indexes = [models.Index(fields=["session", "day", "start_time"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_time__gt=models.F("start_time")), name="activity_times_ordered"
            )
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self):
        errors = {}
        if self.start_time and self.end_time and self.end_time <= self.start_time:
            errors["end_time"] = _("L’activité doit finir après son début.")
        session = getattr(self, "session", None)
        if session and self.day and not session.start_date <= self.day <= session.end_date:
            errors["day"] = _("Ce jour sort du temps sur site « %(title)s » (du %(start)s au %(end)s).") % {
                "title": session.title,
                "start": session.start_date.strftime("%d/%m/%Y"),
                "end": session.end_date.strftime("%d/%m/%Y"),
            }
        errors.update(position_errors(self.latitude, self.longitude))
        if errors:
            raise ValidationError(errors)


class SessionProgramme(models.Model):
    """Publication choices for the programme of one on-site session. Closed by default: the
    programme reaches inhabitants only when this session (or the whole residency, through
    FieldworkSettings.programme_is_public) is opted in, and then only its public activities."""

    session = models.OneToOneField(
        "residencies.Session", on_delete=models.CASCADE, related_name="programme_settings"
    )
    is_public = models.BooleanField(_("programme publié pour les habitants"), default=False)
    public_introduction = models.TextField(
        _("mot d’accueil public"),
        blank=True,
        help_text=_("Quelques lignes en tête de la page publique : pourquoi venir, comment participer."),
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("publication d’un programme")
        verbose_name_plural = _("publications de programmes")

    def __str__(self) -> str:
        return str(self.session)


class ProgrammeExport(models.Model):
    """The A4 PDF of a session's programme, rendered in the background (WeasyPrint); the page
    polls its progress."""

    class Status(models.TextChoices):
        QUEUED = "en_attente", _("En attente")
        RUNNING = "en_cours", _("En cours")
        DONE = "pret", _("Prêt")
        FAILED = "echec", _("Échec")

    session = models.ForeignKey("residencies.Session", on_delete=models.CASCADE, related_name="+")
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.QUEUED)
    progress = models.PositiveSmallIntegerField(default=0)
    audience = models.CharField(
        max_length=12,
        default="partners",
        help_text="team | partners: how invited actors are named (the requester's view).",
    )
    file = models.FileField(upload_to="fieldwork/programmes/%Y/", blank=True)
    error = models.TextField(blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"programme #{self.pk} ({self.get_status_display()})"


# Metropolitan France and Corsica, with a margin; overseas territories listed separately.
FRANCE_BOXES = [
    (41.2, 51.2, -5.5, 9.8),  # métropole et Corse
    (15.8, 16.6, -61.9, -60.9),  # Guadeloupe
    (14.3, 14.95, -61.3, -60.75),  # Martinique
    (2.0, 6.0, -54.7, -51.5),  # Guyane
    (-21.5, -20.8, 55.1, 55.9),  # La Réunion
    (-13.1, -12.5, 44.9, 45.4),  # Mayotte
    (46.7, 47.2, -56.5, -56.1),  # Saint-Pierre-et-Miquelon
]


def is_in_france(latitude: float, longitude: float) -> bool:
    return any(s <= latitude <= n and w <= longitude <= e for s, n, w, e in FRANCE_BOXES)


def position_errors(latitude, longitude) -> dict:
    """French messages for an incomplete or out-of-France position (residencies are in France)."""
    if latitude is None and longitude is None:
        return {}
    if latitude is None or longitude is None:
        return {"latitude": _("Indiquez la latitude et la longitude, ou aucune des deux.")}
    if not is_in_france(latitude, longitude):
        return {
            "latitude": _(
                "Cette position (%(lat).4f, %(lon).4f) est hors de France : vérifiez-la ou retirez-la."
            )
            % {"lat": latitude, "lon": longitude}
        }
    return {}


class Tag(models.Model):
    """A label on field material: a resource of the Atelier des territoires taxonomy, or a free tag."""

    class Kind(models.TextChoices):
        RESOURCE = "ressource", _("Ressource")
        FREE = "libre", _("Mot-clé")

    residency = models.ForeignKey("residencies.Residency", on_delete=models.CASCADE, related_name="tags")
    kind = models.CharField(_("type"), max_length=12, choices=Kind.choices, default=Kind.FREE)
    slug = models.SlugField(max_length=80)
    label = models.CharField(_("libellé"), max_length=80)

    class Meta:
        verbose_name = _("étiquette")
        verbose_name_plural = _("étiquettes")
        ordering = ["kind", "label"]
        constraints = [models.UniqueConstraint(fields=["residency", "kind", "slug"], name="one_tag_per_slug")]

    def __str__(self) -> str:
        return self.label


# The resources taxonomy of the Atelier des territoires (slug → label).
RESOURCE_TAXONOMY = {
    "humaines": _("Ressources humaines"),
    "ecologiques": _("Ressources écologiques"),
    "agricoles": _("Ressources agricoles"),
    "economiques": _("Ressources économiques"),
    "materielles": _("Ressources matérielles"),
    "numeriques": _("Ressources numériques"),
    "immaterielles": _("Ressources immatérielles"),
}


class Visibility(models.TextChoices):
    TEAM = "equipe", _("Équipe")
    PARTNERS = "partenaires", _("Partenaires")
    PUBLIC = "public", _("Public")


VISIBILITY_RANK = {Visibility.TEAM: 0, Visibility.PARTNERS: 1, Visibility.PUBLIC: 2}


class MaterialQuerySet(models.QuerySet):
    def _lacking_consent(self, medium: str, purpose: str):
        """Links of the outer material to an actor who has no current consent for medium × purpose."""
        granted = Consent.objects.filter(
            Consent.current_q(), stakeholder=OuterRef("stakeholder"), medium=medium, purpose=purpose
        )
        return MaterialStakeholder.objects.filter(material=OuterRef("pk")).exclude(Exists(granted))

    def consented_for(self, purpose: str):
        """Materials whose every linked actor consented, for `purpose`, to every medium the material
        uses (text when it has words, image for photos and sketches, voice for sound and recorded
        interviews). A material linked to nobody needs no consent."""
        qs = self
        for medium, uses in Material.MEDIUM_USE_Q().items():
            qs = qs.exclude(uses & Q(Exists(self._lacking_consent(medium, purpose))))
        return qs

    def approved(self):
        return self.filter(moderation=Material.Moderation.APPROVED)

    def publishable(self):
        """Policy — what may appear on a public page, a public PDF or an open-data export: approved
        material whose visibility is *public* and whose actors all consented to publication for every
        medium it uses. Public pages must also check that the residency opened the page."""
        return self.approved().filter(visibility=Visibility.PUBLIC).consented_for(Consent.Purpose.PUBLICATION)

    def shareable_with_partners(self):
        """Policy — what partners and programme operators may see: approved material shown to partners
        or the public, whose actors all consented at least to internal analysis."""
        return (
            self.approved()
            .filter(visibility__in=[Visibility.PARTNERS, Visibility.PUBLIC])
            .consented_for(Consent.Purpose.INTERNAL)
        )

    def visible_to(self, user, residency):
        """Policy — who sees which material of a residency: the team (commissioners, coordinators,
        team members, staff) sees everything approved; partners and programme operators see what is
        shareable with partners; anybody else only what is publishable. (Pending public contributions
        are seen in the moderation queue, not here.)"""
        qs = self.filter(residency=residency)
        if residency.can_be_edited_by(user):
            return qs.approved()
        if residency.can_be_viewed_by(user):
            return qs.shareable_with_partners()
        return qs.publishable()


class Material(Versioned):
    """One piece of field material: dated, authored, optionally placed, linked to actors, tagged."""

    class Kind(models.TextChoices):
        NOTE = "note", _("Note")
        STORY = "recit", _("Récit d’usage")
        INTERVIEW = "entretien", _("Entretien")
        QUOTE = "citation", _("Citation")
        ASTONISHMENT = "etonnement", _("Étonnement")
        PHOTO = "photo", _("Photo")
        SOUND = "son", _("Son")
        SKETCH = "croquis", _("Croquis")

    IMAGE_KINDS = frozenset({Kind.PHOTO, Kind.SKETCH})
    AUDIO_KINDS = frozenset({Kind.SOUND, Kind.INTERVIEW})
    FILE_KINDS = frozenset({Kind.PHOTO, Kind.SKETCH, Kind.SOUND, Kind.INTERVIEW})

    class Origin(models.TextChoices):
        TEAM = "equipe", _("Équipe")
        CONTRIBUTION = "contribution", _("Contribution d’habitant")

    class Moderation(models.TextChoices):
        APPROVED = "acceptee", _("Acceptée")
        PENDING = "en_attente", _("En attente de modération")
        REJECTED = "refusee", _("Refusée")

    class PositionSource(models.TextChoices):
        NONE = "", _("Sans position")
        DEVICE = "appareil", _("Position de l’appareil")
        MAP = "carte", _("Pointée sur la carte")

    residency = models.ForeignKey("residencies.Residency", on_delete=models.CASCADE, related_name="materials")
    client_uuid = models.UUIDField(
        _("identifiant de saisie"),
        unique=True,
        default=uuid.uuid4,
        editable=False,
        help_text=_("Créé par le téléphone : un envoi répété ne crée jamais de doublon."),
    )
    kind = models.CharField(_("nature"), max_length=12, choices=Kind.choices)
    title = models.CharField(_("titre"), max_length=200, blank=True)
    body = models.TextField(_("texte"), blank=True)
    transcript = models.TextField(_("transcription"), blank=True)
    file = models.FileField(_("fichier"), upload_to="fieldwork/materials/%Y/%m/", blank=True)
    file_type = models.CharField(_("type du fichier"), max_length=60, blank=True)
    file_size = models.PositiveIntegerField(_("taille du fichier (octets)"), null=True, blank=True)
    image_width = models.PositiveIntegerField(null=True, blank=True)
    image_height = models.PositiveIntegerField(null=True, blank=True)
    captured_at = models.DateTimeField(_("saisi le"))
    received_at = models.DateTimeField(_("reçu le"), auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("auteur"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="field_materials",
    )
    contributor_name = models.CharField(
        _("nom donné par le contributeur"), max_length=120, blank=True, help_text=_("Jamais publié.")
    )
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)
    position_source = models.CharField(
        _("origine de la position"), max_length=10, choices=PositionSource.choices, blank=True, default=""
    )
    place_label = models.CharField(_("lieu"), max_length=200, blank=True)
    session = models.ForeignKey(
        "residencies.Session",
        verbose_name=_("temps sur site"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="materials",
    )
    activity = models.ForeignKey(
        Activity,
        verbose_name=_("activité"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="materials",
    )
    stakeholders = models.ManyToManyField(
        Stakeholder,
        verbose_name=_("acteurs"),
        through="MaterialStakeholder",
        blank=True,
        related_name="materials",
    )
    tags = models.ManyToManyField(Tag, verbose_name=_("étiquettes"), blank=True, related_name="materials")
    invisible_use = models.BooleanField(
        _("usage invisible"),
        default=False,
        help_text=_("Un usage que les plans et les chiffres ne montrent pas."),
    )
    latent_tension = models.BooleanField(
        _("tension latente"), default=False, help_text=_("Un désaccord qui ne s’exprime pas ouvertement.")
    )
    visibility = models.CharField(
        _("visibilité"), max_length=12, choices=Visibility.choices, default=Visibility.TEAM
    )
    origin = models.CharField(_("origine"), max_length=14, choices=Origin.choices, default=Origin.TEAM)
    moderation = models.CharField(
        _("modération"), max_length=12, choices=Moderation.choices, default=Moderation.APPROVED
    )

    objects = MaterialQuerySet.as_manager()

    class Meta:
        verbose_name = _("matériau")
        verbose_name_plural = _("matériaux")
        ordering = ["-captured_at", "-pk"]
        indexes = [
            models.Index(fields=["residency", "moderation", "-captured_at"]),
            models.Index(fields=["residency", "kind"]),
            models.Index(fields=["residency", "visibility"]),
            models.Index(fields=["residency", "author"]),
            models.Index(fields=["session"]),
        ]

    def __str__(self) -> str:
        return self.title or f"{self.get_kind_display()} du {self.captured_at:%d/%m/%Y}"

    # --- Media used by the material, which decide the consents it needs -------------------------
    @staticmethod
    def MEDIUM_USE_Q() -> dict[str, Q]:  # noqa: N802 - reads as a constant
        """For each consent medium, the filter of materials that use it."""
        return {
            Consent.Medium.TEXT: ~Q(body="") | ~Q(transcript="") | ~Q(title=""),
            Consent.Medium.PHOTO: Q(kind__in=[Material.Kind.PHOTO, Material.Kind.SKETCH]),
            Consent.Medium.VOICE: Q(kind=Material.Kind.SOUND)
            | (Q(kind=Material.Kind.INTERVIEW) & ~Q(file="")),
        }

    def media_used(self) -> set[str]:
        """The same rule as MEDIUM_USE_Q, on one instance."""
        media = set()
        if self.body or self.transcript or self.title:
            media.add(Consent.Medium.TEXT)
        if self.kind in self.IMAGE_KINDS:
            media.add(Consent.Medium.PHOTO)
        if self.kind == self.Kind.SOUND or (self.kind == self.Kind.INTERVIEW and self.file):
            media.add(Consent.Medium.VOICE)
        return media

    def consented_for(self, purpose: str) -> bool:
        """Every linked actor consented to every medium used, for purpose. Uses prefetched
        `stakeholders` and their `consents` when present."""
        media = self.media_used()
        return all(s.has_consent(m, purpose) for s in self.stakeholders.all() for m in media)

    def max_visibility(self) -> str:
        """The widest visibility the consents allow today."""
        if self.consented_for(Consent.Purpose.PUBLICATION):
            return Visibility.PUBLIC
        if self.consented_for(Consent.Purpose.INTERNAL):
            return Visibility.PARTNERS
        return Visibility.TEAM

    def effective_visibility(self) -> str:
        """The smaller of the chosen visibility and what the consents allow."""
        allowed = self.max_visibility()
        return self.visibility if VISIBILITY_RANK[self.visibility] <= VISIBILITY_RANK[allowed] else allowed

    def is_publishable(self) -> bool:
        """Same policy as MaterialQuerySet.publishable(), on one instance."""
        return (
            self.moderation == self.Moderation.APPROVED
            and self.visibility == Visibility.PUBLIC
            and self.consented_for(Consent.Purpose.PUBLICATION)
        )

    @property
    def has_position(self) -> bool:
        return self.latitude is not None and self.longitude is not None

    @property
    def is_image(self) -> bool:
        return self.kind in self.IMAGE_KINDS and bool(self.file)

    @property
    def is_audio(self) -> bool:
        return self.kind in self.AUDIO_KINDS and bool(self.file)

    def clean(self):
        errors = position_errors(self.latitude, self.longitude)
        if self.session_id and self.residency_id and self.session.residency_id != self.residency_id:
            errors["session"] = _("Ce temps sur site appartient à une autre résidence.")
        if self.activity_id and self.residency_id and self.activity.session.residency_id != self.residency_id:
            errors["activity"] = _("Cette activité appartient à une autre résidence.")
        if errors:
            raise ValidationError(errors)


class MaterialStakeholder(models.Model):
    """The link between a material and an actor it quotes, shows or records."""

    class Role(models.TextChoices):
        SPEAKER = "parle", _("Parle ou témoigne")
        SHOWN = "montre", _("Apparaît")
        MENTIONED = "cite", _("Est mentionné")

    material = models.ForeignKey(Material, on_delete=models.CASCADE, related_name="stakeholder_links")
    stakeholder = models.ForeignKey(Stakeholder, on_delete=models.CASCADE, related_name="material_links")
    role = models.CharField(_("rôle"), max_length=10, choices=Role.choices, default=Role.SPEAKER)

    class Meta:
        verbose_name = _("acteur du matériau")
        verbose_name_plural = _("acteurs du matériau")
        constraints = [
            models.UniqueConstraint(fields=["material", "stakeholder"], name="one_link_per_material_actor")
        ]

    def __str__(self) -> str:
        return f"{self.material} — {self.stakeholder}"
