"""Préfigurer: the roadmap (feuille de route) of a residency — a shared vision, axes, and actions
written as fiches action (domain.md §4.6 and §4.7).

The chain continues here from the analysis app: an Action cites one or more enjeux
(`ActionEnjeu`), and through them the findings, segments and materials behind it (see `trace`).

Invariants:
- an action cites at least one enjeu: the form requires it, the functions of `services.py` (the
  only way to create or change an action) call `Action.check_enjeux()` inside their transaction,
  so a violation rolls everything back;
- a cited enjeu cannot disappear silently: `ActionEnjeu.enjeu` is RESTRICT, so deleting an enjeu
  that an action cites fails until the action stops citing it (the same for an axis that groups
  actions), while deleting the whole residency cascades through both;
- two people editing one action never overwrite each other silently (`Versioned`).
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from arpenteur.core.concurrency import Versioned


class Audience(models.TextChoices):
    """Who reads a piece of the roadmap (same vocabulary as the diagnosis)."""

    TEAM = "equipe", _("Équipe seulement (brouillon)")
    MEMBERS = "membres", _("Membres de la résidence et partenaires")
    PUBLIC = "public", _("Publiable")


class Vision(Versioned):
    """The shared vision of the residency's roadmap: a text the team and the commissioner write."""

    residency = models.OneToOneField(
        "residencies.Residency", on_delete=models.CASCADE, related_name="roadmap_vision"
    )
    title = models.CharField(
        _("titre de la vision"),
        max_length=200,
        blank=True,
        help_text=_("Une formule courte, par exemple « Péronne, ville-repère entre remparts et étangs »."),
    )
    text = models.TextField(
        _("vision partagée"),
        blank=True,
        help_text=_(
            "Quelques paragraphes : le territoire voulu dans dix ans, dit avec les mots des habitants."
        ),
    )
    governance = models.TextField(
        _("gouvernance de la mise en œuvre"),
        blank=True,
        help_text=_("Qui pilote, quel comité se réunit quand, comment la feuille de route est suivie."),
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("vision partagée")
        verbose_name_plural = _("visions partagées")

    def __str__(self) -> str:
        return self.title or str(_("Vision partagée"))


class Axis(Versioned):
    """An axis (axe stratégique) of the roadmap; actions are grouped by axis."""

    residency = models.ForeignKey(
        "residencies.Residency", on_delete=models.CASCADE, related_name="roadmap_axes"
    )
    title = models.CharField(_("intitulé de l’axe"), max_length=200)
    description = models.TextField(_("ambition de l’axe"), blank=True)
    position = models.PositiveSmallIntegerField(_("rang"), default=1)

    class Meta:
        verbose_name = _("axe")
        verbose_name_plural = _("axes")
        ordering = ["residency", "position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["residency", "title"], name="roadmap_axis_title_unique")
        ]

    def __str__(self) -> str:
        return self.title


class ActionQuerySet(models.QuerySet):
    def visible_to(self, user, residency):
        """Policy — who reads which action: editors of the residency (commissioners, coordinators,
        team members, staff) read every action, drafts included; other members of the residency
        (partners, programme operator) read the actions shared with members or publishable."""
        qs = self.filter(residency=residency)
        if residency.can_be_edited_by(user):
            return qs
        return qs.exclude(audience=Audience.TEAM)


class Action(Versioned):
    """A fiche action (domain.md §4.7). Cites at least one enjeu (see the module docstring)."""

    class Status(models.TextChoices):
        IDEA = "idee", _("Idée")
        MATURING = "en_maturation", _("En maturation")
        MATURE = "mature", _("Mature")
        UNDER_WAY = "en_cours", _("En cours")
        DONE = "realisee", _("Réalisée")
        ABANDONED = "abandonnee", _("Abandonnée")

    class Horizon(models.TextChoices):
        SHORT = "court", _("Court terme (moins d’un an)")
        MEDIUM = "moyen", _("Moyen terme (1 à 3 ans)")
        LONG = "long", _("Long terme (plus de 3 ans)")

    class Priority(models.IntegerChoices):
        HIGH = 1, _("Priorité 1 (haute)")
        MEDIUM = 2, _("Priorité 2")
        LOW = 3, _("Priorité 3")

    residency = models.ForeignKey(
        "residencies.Residency", on_delete=models.CASCADE, related_name="roadmap_actions"
    )
    number = models.PositiveIntegerField(_("numéro"), editable=False)
    title = models.CharField(_("intitulé de l’action"), max_length=200)
    # RESTRICT, not PROTECT: an axis that groups actions cannot be deleted alone, but the whole
    # residency can (its actions go with it).
    axis = models.ForeignKey(Axis, verbose_name=_("axe"), on_delete=models.RESTRICT, related_name="actions")
    description = models.TextField(_("description"), blank=True)
    objectives = models.TextField(_("objectifs"), blank=True)
    first_steps = models.TextField(
        _("premières étapes"), blank=True, help_text=_("Ce qui peut commencer dès les prochains mois.")
    )
    place = models.CharField(
        _("lieu ou périmètre"),
        max_length=200,
        blank=True,
        help_text=_("Par exemple « Place du Marché-l’Herbe »."),
    )
    latitude = models.FloatField(
        _("latitude"), null=True, blank=True, validators=[MinValueValidator(-90), MaxValueValidator(90)]
    )
    longitude = models.FloatField(
        _("longitude"), null=True, blank=True, validators=[MinValueValidator(-180), MaxValueValidator(180)]
    )
    perimeter = models.JSONField(
        _("périmètre (GeoJSON)"),
        null=True,
        blank=True,
        help_text=_("Un polygone GeoJSON tracé sur la carte, ou collé depuis un SIG."),
    )
    lead = models.CharField(
        _("porteur / maître d’ouvrage"),
        max_length=200,
        help_text=_("La structure qui porte l’action, par exemple « Commune de Péronne »."),
    )
    partners = models.TextField(_("partenaires"), blank=True, help_text=_("Un partenaire par ligne."))
    status = models.CharField(_("état"), max_length=16, choices=Status.choices, default=Status.IDEA)
    start_date = models.DateField(_("début prévu"), null=True, blank=True)
    end_date = models.DateField(_("fin prévue"), null=True, blank=True)
    cost_ht = models.DecimalField(
        _("coût estimé (€ HT)"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(0))],
    )
    cost_ttc = models.DecimalField(
        _("coût estimé (€ TTC)"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(0))],
    )
    priority = models.PositiveSmallIntegerField(
        _("priorité"), choices=Priority.choices, default=Priority.MEDIUM
    )
    horizon = models.CharField(_("horizon"), max_length=8, choices=Horizon.choices, default=Horizon.MEDIUM)
    quick_win = models.BooleanField(
        _("action rapide (quick win)"),
        default=False,
        help_text=_("Visible et faisable en quelques mois : elle montre que la démarche avance."),
    )
    audience = models.CharField(
        _("visibilité"), max_length=10, choices=Audience.choices, default=Audience.MEMBERS
    )
    enjeux = models.ManyToManyField(
        "analysis.Enjeu",
        through="ActionEnjeu",
        verbose_name=_("enjeux auxquels elle répond"),
        related_name="roadmap_actions",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ActionQuerySet.as_manager()

    class Meta:
        verbose_name = _("fiche action")
        verbose_name_plural = _("fiches action")
        ordering = ["residency", "axis__position", "priority", "number"]
        constraints = [
            models.UniqueConstraint(fields=["residency", "number"], name="roadmap_action_number_unique"),
            models.CheckConstraint(
                condition=Q(priority__gte=1) & Q(priority__lte=3), name="roadmap_action_priority_1_3"
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True)
                | Q(start_date__isnull=True)
                | Q(end_date__gte=models.F("start_date")),
                name="roadmap_action_dates_ordered",
            ),
        ]
        indexes = [
            models.Index(fields=["residency", "horizon"]),
            models.Index(fields=["residency", "lead"]),
            models.Index(fields=["residency", "status"]),
        ]

    def __str__(self) -> str:
        return f"{self.code} — {self.title}"

    @property
    def code(self) -> str:
        return f"A{self.number}" if self.number else "A?"

    @property
    def partner_list(self) -> list[str]:
        return [line.strip() for line in self.partners.splitlines() if line.strip()]

    @property
    def has_position(self) -> bool:
        return self.latitude is not None and self.longitude is not None

    def check_enjeux(self) -> None:
        """Invariant: an action answers at least one enjeu of its own residency."""
        if not self.pk or not self.enjeux.exists():
            raise ValidationError(_("Une action doit répondre à au moins un enjeu du diagnostic."))
        if self.enjeux.exclude(residency_id=self.residency_id).exists():
            raise ValidationError(_("Une action ne peut citer que les enjeux de sa résidence."))

    @property
    def total_funding(self) -> Decimal:
        return sum((line.amount or Decimal(0) for line in self.funding_lines.all()), Decimal(0))

    def clean(self):
        errors = {}
        if self.start_date and self.end_date and self.end_date < self.start_date:
            errors["end_date"] = _("La fin prévue doit suivre le début.")
        if (self.latitude is None) != (self.longitude is None):
            errors["longitude"] = _("Indiquez la latitude et la longitude, ou aucune des deux.")
        if self.cost_ht is not None and self.cost_ttc is not None and self.cost_ttc < self.cost_ht:
            errors["cost_ttc"] = _("Le coût TTC ne peut pas être inférieur au coût HT.")
        if self.axis_id and self.residency_id and self.axis.residency_id != self.residency_id:
            errors["axis"] = _("Cet axe appartient à une autre résidence.")
        if self.perimeter is not None:
            message = geojson_error(self.perimeter)
            if message:
                errors["perimeter"] = message
        if errors:
            raise ValidationError(errors)


GEOJSON_TYPES = {
    "Polygon",
    "MultiPolygon",
    "LineString",
    "MultiLineString",
    "Point",
    "Feature",
    "FeatureCollection",
}


def geojson_error(value) -> str | None:
    """A French message when `value` is not a usable GeoJSON geometry, feature or collection."""
    if not isinstance(value, dict) or value.get("type") not in GEOJSON_TYPES:
        return str(
            _("Le périmètre doit être un objet GeoJSON (Polygon, MultiPolygon, LineString, Feature…).")
        )
    kind = value["type"]
    if kind == "FeatureCollection":
        features = value.get("features")
        if not isinstance(features, list):
            return str(_("Une FeatureCollection doit contenir une liste « features »."))
        for feature in features:
            if message := geojson_error(feature):
                return message
        return None
    if kind == "Feature":
        geometry = value.get("geometry")
        return geojson_error(geometry) if geometry is not None else None
    if not isinstance(value.get("coordinates"), list):
        return str(_("La géométrie GeoJSON doit avoir des coordonnées « coordinates »."))
    return None


class ActionEnjeu(models.Model):
    """An action cites an enjeu. RESTRICT: an enjeu an action cites cannot be deleted on its own."""

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="enjeu_links")
    enjeu = models.ForeignKey("analysis.Enjeu", on_delete=models.RESTRICT, related_name="action_links")

    class Meta:
        verbose_name = _("enjeu cité")
        verbose_name_plural = _("enjeux cités")
        ordering = ["action", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["action", "enjeu"], name="roadmap_action_enjeu_unique")
        ]

    def __str__(self) -> str:
        return f"{self.action_id} → {self.enjeu_id}"


class Milestone(models.Model):
    """A dated step of an action's calendar (jalon)."""

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="milestones")
    title = models.CharField(_("jalon"), max_length=200)
    due_date = models.DateField(_("échéance"))
    done = models.BooleanField(_("atteint"), default=False)

    class Meta:
        verbose_name = _("jalon")
        verbose_name_plural = _("jalons")
        ordering = ["action", "due_date", "pk"]

    def __str__(self) -> str:
        return self.title


class Indicator(models.Model):
    """An indicator of an action: its baseline comes from the diagnosis, its target from the roadmap."""

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="indicators")
    name = models.CharField(_("indicateur"), max_length=200)
    baseline = models.DecimalField(
        _("valeur de départ"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    baseline_year = models.PositiveSmallIntegerField(
        _("année de la valeur de départ"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1900), MaxValueValidator(2200)],
    )
    target = models.DecimalField(_("cible"), max_digits=14, decimal_places=2, null=True, blank=True)
    target_year = models.PositiveSmallIntegerField(
        _("année de la cible"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1900), MaxValueValidator(2200)],
    )
    unit = models.CharField(
        _("unité"), max_length=40, blank=True, help_text=_("%, logements, m², passages/jour…")
    )
    source = models.CharField(
        _("source"), max_length=200, blank=True, help_text=_("INSEE, comptage de la commune, enquête…")
    )

    class Meta:
        verbose_name = _("indicateur")
        verbose_name_plural = _("indicateurs")
        ordering = ["action", "pk"]

    def __str__(self) -> str:
        return self.name


class FundingLine(models.Model):
    """One line of an action's funding plan: a funder, an amount, where the request stands."""

    class Status(models.TextChoices):
        LEAD = "piste", _("Piste")
        REQUESTED = "demande", _("Demandé")
        GRANTED = "accorde", _("Accordé")
        REFUSED = "refuse", _("Refusé")

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="funding_lines")
    funder = models.CharField(
        _("financeur"), max_length=200, help_text=_("Région, Banque des Territoires, DSIL…")
    )
    amount = models.DecimalField(
        _("montant (€)"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(0))],
    )
    status = models.CharField(
        _("état de la demande"), max_length=10, choices=Status.choices, default=Status.LEAD
    )
    note = models.CharField(_("précision"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("ligne de financement")
        verbose_name_plural = _("lignes de financement")
        ordering = ["action", "pk"]

    def __str__(self) -> str:
        return self.funder


class ExportJob(models.Model):
    """A roadmap export (XLSX or PDF) built in the background; the page polls its progress.

    `audience` is fixed when the export is asked for: an editor's export holds the whole roadmap and
    trace; a partner's holds only what partners may read (shared actions, consented material)."""

    class Kind(models.TextChoices):
        XLSX = "xlsx", _("Tableur (XLSX)")
        PDF = "pdf", _("Document (PDF)")

    class Status(models.TextChoices):
        QUEUED = "en_attente", _("En attente")
        RUNNING = "en_cours", _("En cours")
        DONE = "pret", _("Prêt")
        FAILED = "echec", _("Échec")

    class ForAudience(models.TextChoices):
        TEAM = "equipe", _("Équipe")
        MEMBERS = "membres", _("Partenaires")

    residency = models.ForeignKey("residencies.Residency", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=8, choices=Kind.choices)
    audience = models.CharField(max_length=10, choices=ForAudience.choices, default=ForAudience.MEMBERS)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.QUEUED)
    progress = models.PositiveSmallIntegerField(default=0)
    file = models.FileField(upload_to="roadmap/exports/%Y/", blank=True)
    error = models.TextField(blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("export de la feuille de route")
        verbose_name_plural = _("exports de la feuille de route")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.kind} #{self.pk} ({self.get_status_display()})"

    @property
    def is_finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)
