"""The resource centre: resources (guides, reports, books, training modules…) and experiences
(local initiatives), in one catalogue.

Both live in one table (`Item`) because visitors search and facet them together (« what exists on
water management? » answers with guides *and* initiatives); `Resource` and `Experience` are proxies
that each admin and each import uses. Experience-only fields (porteur, budget, lessons) stay blank
on resources. The facets are those of the Territoires Conseils catalogue (structure, place, theme,
timing, project type) plus the type of document.

`search_title` / `search_body` hold the stemmed, accent-free tokens written by
`library.search.index_items`; the database's full-text index (FTS5 on SQLite, a tsvector column on
PostgreSQL, both created in migration 0002) is built from them. Never edit them by hand.
"""

from __future__ import annotations

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from arpenteur.territories.models import Region


class Theme(models.Model):
    slug = models.SlugField(_("identifiant"), max_length=60, unique=True)
    name = models.CharField(_("nom"), max_length=100, unique=True)
    position = models.PositiveSmallIntegerField(_("ordre"), default=100)

    class Meta:
        verbose_name = _("thématique")
        verbose_name_plural = _("thématiques")
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return self.name


class Kind(models.TextChoices):
    RESOURCE = "ressource", _("Ressource")
    EXPERIENCE = "experience", _("Expérience")


class ItemType(models.TextChoices):
    GUIDE = "guide", _("Guides & outils")
    REPORT = "rapport", _("Rapports")
    BOOK = "livre", _("Livres")
    ARTICLE = "dossier", _("Dossiers & articles")
    TRAINING = "formation", _("Modules de formation")
    SYNTHESIS = "cahier", _("Cahiers de synthèse")
    INITIATIVE = "initiative", _("Initiatives locales")


RESOURCE_TYPES = [t for t in ItemType if t != ItemType.INITIATIVE]


class TerritoryLevel(models.TextChoices):
    NATIONAL = "national", _("France entière")
    REGION = "region", _("Région")
    DEPARTEMENT = "departement", _("Département")
    EPCI = "epci", _("Intercommunalité (EPCI)")
    COMMUNE = "commune", _("Commune")


class ProjectType(models.TextChoices):
    STRATEGY = "strategie", _("Stratégie et planification")
    STUDY = "etude", _("Étude et diagnostic")
    WORKS = "amenagement", _("Aménagement et travaux")
    SERVICE = "service", _("Équipement et service")
    PARTICIPATION = "participation", _("Participation et concertation")
    COOPERATION = "cooperation", _("Coopération et gouvernance")
    TRAINING = "sensibilisation", _("Formation et sensibilisation")


class Licence(models.TextChoices):
    UNKNOWN = "", _("Non précisée")
    ETALAB = "etalab-2.0", _("Licence Ouverte 2.0 (Etalab)")
    CC_BY = "cc-by-4.0", _("CC BY 4.0")
    CC_BY_SA = "cc-by-sa-4.0", _("CC BY-SA 4.0")
    CC_BY_NC = "cc-by-nc-4.0", _("CC BY-NC 4.0")
    ALL_RIGHTS = "tous-droits", _("Tous droits réservés")


class ItemQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True)


class Item(models.Model):
    kind = models.CharField(_("nature"), max_length=12, choices=Kind.choices, db_index=True)
    reference = models.SlugField(
        _("référence"),
        max_length=120,
        unique=True,
        help_text=_("Identifiant stable, utilisé par les imports pour mettre à jour plutôt que dupliquer."),
    )
    title = models.CharField(_("titre"), max_length=300)
    author = models.CharField(_("auteur·rice(s)"), max_length=300, blank=True)
    structure = models.CharField(
        _("structure"), max_length=200, blank=True, db_index=True, help_text=_("Éditeur ou porteur.")
    )
    summary = models.TextField(_("résumé"), blank=True)
    item_type = models.CharField(_("type"), max_length=12, choices=ItemType.choices, db_index=True)
    themes = models.ManyToManyField(Theme, verbose_name=_("thématiques"), related_name="items", blank=True)
    project_type = models.CharField(
        _("type de projet"), max_length=16, choices=ProjectType.choices, blank=True, db_index=True
    )

    territory_level = models.CharField(
        _("échelle"), max_length=12, choices=TerritoryLevel.choices, default=TerritoryLevel.NATIONAL
    )
    territory_code = models.CharField(
        _("code du territoire"), max_length=9, blank=True, help_text=_("Code INSEE, SIREN d'EPCI…")
    )
    territory_name = models.CharField(_("territoire"), max_length=200, blank=True)
    cog_year = models.PositiveSmallIntegerField(_("millésime du COG"), null=True, blank=True)
    region = models.ForeignKey(
        Region, verbose_name=_("région"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)

    year_start = models.PositiveSmallIntegerField(_("année (début)"), null=True, blank=True)
    year_end = models.PositiveSmallIntegerField(_("année (fin)"), null=True, blank=True)
    decade = models.PositiveSmallIntegerField(
        _("décennie"), null=True, blank=True, db_index=True, editable=False
    )

    links = models.JSONField(_("liens"), default=list, blank=True, help_text=_("Liste de {url, label}."))
    licence = models.CharField(_("licence"), max_length=16, choices=Licence.choices, blank=True)
    source_name = models.CharField(_("source"), max_length=200, blank=True)
    source_url = models.URLField(_("adresse de la source"), max_length=500, blank=True)

    # Experiences (the Solucracy / École du terrain « en résumé » box).
    porteur = models.CharField(_("porteur du projet"), max_length=200, blank=True)
    budget = models.DecimalField(_("budget (€)"), max_digits=12, decimal_places=2, null=True, blank=True)
    duration = models.CharField(_("durée"), max_length=100, blank=True)
    lessons = models.TextField(_("enseignements"), blank=True)

    # Training modules (seed 002): objectives and teachers; the day-by-day programme is TrainingSlot.
    objectives = models.TextField(_("objectifs"), blank=True, help_text=_("Un objectif par ligne."))
    instructors = models.CharField(_("intervenant·es"), max_length=300, blank=True)

    is_published = models.BooleanField(_("publiée"), default=True, db_index=True)
    # Bit n set when the item has the theme of primary key n (n < 63), written with the search tokens:
    # the theme facet is then counted in one pass over a narrow index (see browse._theme_counts).
    theme_mask = models.BigIntegerField(default=0, editable=False)
    search_title = models.TextField(editable=False, blank=True)
    search_body = models.TextField(editable=False, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ItemQuerySet.as_manager()

    class Meta:
        verbose_name = _("fiche de la bibliothèque")
        verbose_name_plural = _("fiches de la bibliothèque")
        ordering = ["title", "pk"]
        # Partial indexes on published records, one per facet: each facet count then reads a narrow
        # index instead of the wide rows (summaries, tokens), and SQLite can only use an index for
        # Django's bare `WHERE "is_published"` when the index has that very condition.
        indexes = [
            models.Index(fields=["is_published", "item_type"]),
            *(
                models.Index(fields=fields, condition=models.Q(is_published=True), name=f"library_pub_{name}")
                for name, fields in [
                    ("type", ["item_type"]),
                    ("kind", ["kind"]),
                    ("structure", ["structure"]),
                    ("region", ["region"]),
                    ("decade", ["decade"]),
                    ("project", ["project_type"]),
                    ("recent", ["-year_start", "title"]),
                    ("themes", ["theme_mask"]),
                ]
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("library:detail", args=[self.pk])

    @property
    def period_label(self) -> str:
        if self.year_start and self.year_end and self.year_end != self.year_start:
            return f"{self.year_start}–{self.year_end}"
        return str(self.year_start or "")

    @property
    def safe_links(self) -> list[dict]:
        """Links that may be shown as such: http(s) only, whatever an import or an admin typed."""
        return [
            link
            for link in self.links or []
            if isinstance(link, dict) and str(link.get("url", "")).startswith(("https://", "http://"))
        ]

    @property
    def objective_lines(self) -> list[str]:
        return [line.strip(" -–•\t") for line in self.objectives.splitlines() if line.strip(" -–•\t")]


class ResourceManager(models.Manager.from_queryset(ItemQuerySet)):
    def get_queryset(self):
        return super().get_queryset().filter(kind=Kind.RESOURCE)


class ExperienceManager(models.Manager.from_queryset(ItemQuerySet)):
    def get_queryset(self):
        return super().get_queryset().filter(kind=Kind.EXPERIENCE)


class Resource(Item):
    """A guide, report, book, article, training module or cahier de synthèse."""

    objects = ResourceManager()

    class Meta:
        proxy = True
        verbose_name = _("ressource")
        verbose_name_plural = _("ressources")


class Experience(Item):
    """A local initiative, placed on the map."""

    objects = ExperienceManager()

    class Meta:
        proxy = True
        verbose_name = _("expérience")
        verbose_name_plural = _("expériences")


class TrainingSlot(models.Model):
    """One time slot of a training module's programme (« Jour 1, 9h30–9h45, Présentation… »)."""

    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="slots")
    day = models.PositiveSmallIntegerField(_("jour"), default=1)
    start = models.TimeField(_("début"))
    end = models.TimeField(_("fin"))
    title = models.CharField(_("intitulé"), max_length=300)
    details = models.TextField(_("détails"), blank=True)

    class Meta:
        verbose_name = _("créneau du programme")
        verbose_name_plural = _("programme")
        ordering = ["day", "start", "pk"]

    def __str__(self) -> str:
        return f"J{self.day} {self.start:%H:%M} {self.title}"


class ImportRun(models.Model):
    """One import of a CSV/JSON file, with its line-by-line report (kept so staff can come back to it)."""

    class Status(models.TextChoices):
        PENDING = "pending", _("En attente")
        RUNNING = "running", _("En cours")
        DONE = "done", _("Terminé")
        FAILED = "failed", _("Échec")

    filename = models.CharField(_("fichier"), max_length=200)
    fmt = models.CharField(_("format"), max_length=4)
    created_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.PENDING)
    dry_run = models.BooleanField(_("simulation"), default=False)
    created = models.PositiveIntegerField(default=0)
    updated = models.PositiveIntegerField(default=0)
    skipped = models.PositiveIntegerField(default=0)
    report = models.JSONField(default=list, blank=True)
    payload = models.TextField(blank=True, help_text="The uploaded file's text, read by the import task.")

    class Meta:
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.filename} ({self.created_at:%Y-%m-%d %H:%M})"
