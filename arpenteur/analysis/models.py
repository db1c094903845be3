"""Révéler: from coded field material to a shared diagnosis.

The traceable chain this app owns (each arrow is a database link, walked by `analysis.trace`):

    Material (fieldwork) ← Segment (a span of its text, or the whole photo/sound) ⇄ Code (Codebook tree)
        ← Evidence ← Finding (constat: SWOT kind, nature, axis) ← Enjeu (derived from findings)

Later apps extend the chain from Enjeu (roadmap's Action cites enjeux). The invariants — a finding
cites at least one piece of evidence, an enjeu cites at least one finding — are enforced by the
forms, by the functions of `services.py` (the only way to create or change them) and by
`Finding.check_evidence()` / `Enjeu.check_findings()`, which those functions call inside their
transaction so that a violation rolls everything back.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from arpenteur.core.concurrency import Versioned

colour_validator = RegexValidator(
    r"^#[0-9a-fA-F]{6}$", _("Indiquez une couleur au format #RRGGBB, par exemple #1f6f8b.")
)


class Codebook(Versioned):
    """The codebook (grille de codage) of one residency: a tree of codes."""

    residency = models.OneToOneField(
        "residencies.Residency", on_delete=models.CASCADE, related_name="codebook"
    )
    title = models.CharField(_("titre"), max_length=200, default=_("Grille de codage"))
    description = models.TextField(_("présentation"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("grille de codage")
        verbose_name_plural = _("grilles de codage")

    def __str__(self) -> str:
        return f"{self.title} — {self.residency}"


class Code(Versioned):
    """A code (thème): hierarchical, with a description and a colour. Names are unique in a codebook
    so that CSV import/export can address codes by name."""

    codebook = models.ForeignKey(Codebook, on_delete=models.CASCADE, related_name="codes")
    parent = models.ForeignKey(
        "self",
        verbose_name=_("code parent"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    name = models.CharField(_("nom"), max_length=100)
    description = models.TextField(
        _("définition"), blank=True, help_text=_("Quand appliquer ce code, et quand ne pas l’appliquer.")
    )
    colour = models.CharField(_("couleur"), max_length=7, default="#1f6f8b", validators=[colour_validator])
    position = models.PositiveIntegerField(_("rang"), default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("code")
        verbose_name_plural = _("codes")
        ordering = ["codebook", "position", "name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["codebook", "name"], name="code_name_unique_in_codebook")
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self):
        # A code may not become its own ancestor: walking up must never meet itself.
        ancestor, seen = self.parent, set()
        while ancestor is not None and ancestor.pk not in seen:
            if self.pk and ancestor.pk == self.pk:
                raise ValidationError({"parent": _("Un code ne peut pas être rangé sous lui-même.")})
            if ancestor.codebook_id != self.codebook_id:
                raise ValidationError({"parent": _("Le code parent doit appartenir à la même grille.")})
            seen.add(ancestor.pk)
            ancestor = ancestor.parent


class SegmentQuerySet(models.QuerySet):
    def visible_to(self, user, residency):
        """Policy — a segment is seen by whoever may see its material (fieldwork's policy: the team
        sees all approved material; partners what is shareable with them and consented to)."""
        from arpenteur.fieldwork.models import Material

        return self.filter(residency=residency, material__in=Material.objects.visible_to(user, residency))


class Segment(Versioned):
    """A coded extract: a span of a material's text (offsets into `body` or `transcript`, with the
    quoted text kept so that later edits of the material never change what was cited), or the
    whole material (a photo, a sound, a short quote) when `start`/`end` are empty.

    Several coders work at once without overwriting each other: each selection is its own row, each
    code put on it its own `SegmentCode` row; only the memo is edited in place (Versioned)."""

    class Field(models.TextChoices):
        WHOLE = "", _("Matériau entier")
        BODY = "body", _("Texte")
        TRANSCRIPT = "transcript", _("Transcription")

    residency = models.ForeignKey("residencies.Residency", on_delete=models.CASCADE, related_name="segments")
    material = models.ForeignKey(
        "fieldwork.Material", verbose_name=_("matériau"), on_delete=models.PROTECT, related_name="segments"
    )
    field = models.CharField(_("partie"), max_length=12, choices=Field.choices, blank=True, default="")
    start = models.PositiveIntegerField(_("début"), null=True, blank=True)
    end = models.PositiveIntegerField(_("fin"), null=True, blank=True)
    quote = models.TextField(_("extrait"), blank=True)
    memo = models.TextField(_("mémo"), blank=True)
    codes = models.ManyToManyField(Code, through="SegmentCode", related_name="segments", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = SegmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("extrait codé")
        verbose_name_plural = _("extraits codés")
        ordering = ["material", "field", "start", "pk"]
        indexes = [models.Index(fields=["residency", "material"])]
        constraints = [
            models.CheckConstraint(
                condition=(Q(start__isnull=True, end__isnull=True, field=""))
                | (Q(start__isnull=False, end__isnull=False, end__gt=models.F("start")) & ~Q(field="")),
                name="segment_span_is_whole_or_ordered",
            ),
            # The same span coded twice is one segment with more codes, not two segments.
            models.UniqueConstraint(
                fields=["material", "field", "start", "end"],
                condition=Q(start__isnull=False),
                name="one_segment_per_span",
            ),
            models.UniqueConstraint(
                fields=["material"], condition=Q(start__isnull=True), name="one_whole_segment_per_material"
            ),
        ]

    def __str__(self) -> str:
        return self.quote[:80] if self.quote else str(self.material)

    @property
    def is_whole(self) -> bool:
        return self.start is None


class SegmentCode(models.Model):
    """One code put on one segment, by one person (so two coders never overwrite each other)."""

    segment = models.ForeignKey(Segment, on_delete=models.CASCADE, related_name="taggings")
    code = models.ForeignKey(Code, on_delete=models.CASCADE, related_name="taggings")
    tagged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    tagged_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("code d’un extrait")
        verbose_name_plural = _("codes des extraits")
        constraints = [models.UniqueConstraint(fields=["segment", "code"], name="one_tag_per_segment_code")]
        indexes = [models.Index(fields=["code", "segment"])]

    def __str__(self) -> str:
        return f"{self.code} — {self.segment}"


class Visibility(models.TextChoices):
    """Who reads a piece of the diagnosis. Public pages additionally need the residency to be
    published and every quote behind it to have publication consent (see `trace`)."""

    TEAM = "equipe", _("Équipe seulement (brouillon)")
    MEMBERS = "membres", _("Membres de la résidence et partenaires")
    PUBLIC = "public", _("Publiable")


class SwotKind(models.TextChoices):
    STRENGTH = "force", _("Force")
    WEAKNESS = "faiblesse", _("Faiblesse")
    OPPORTUNITY = "opportunite", _("Opportunité")
    THREAT = "menace", _("Menace")


class FindingNature(models.TextChoices):
    OBSERVATION = "constat", _("Constat")
    USE = "usage", _("Usage (parfois invisible)")
    TENSION = "tension", _("Tension")
    RESOURCE = "ressource", _("Ressource territoriale")
    WEAK_SIGNAL = "signal_faible", _("Signal faible")


class ResourceType(models.TextChoices):
    """The Atelier des territoires taxonomy of territorial resources."""

    HUMAN = "humaine", _("Humaine")
    NATURAL = "naturelle", _("Naturelle")
    AGRICULTURAL = "agricole", _("Agricole")
    ECONOMIC = "economique", _("Économique")
    MATERIAL = "materielle", _("Matérielle et bâtie")
    DIGITAL = "numerique", _("Numérique")
    INTANGIBLE = "immaterielle", _("Immatérielle (savoir-faire, mémoire, culture)")


class FindingQuerySet(models.QuerySet):
    def visible_to(self, user, residency):
        """Policy — who reads which finding: editors of the residency read all, drafts included;
        other members (partners, programme operator, staff) read what is shared with members or
        publishable."""
        if residency.can_be_edited_by(user):
            return self
        return self.exclude(visibility=Visibility.TEAM)


class Finding(Versioned):
    """A constat of the diagnosis. Always backed by evidence (segments or whole materials)."""

    residency = models.ForeignKey("residencies.Residency", on_delete=models.CASCADE, related_name="findings")
    title = models.CharField(
        _("constat"), max_length=240, help_text=_("Une phrase qui dit ce que l’on a vu ou entendu.")
    )
    description = models.TextField(_("développement"), blank=True)
    swot = models.CharField(_("catégorie FFOM"), max_length=12, choices=SwotKind.choices)
    nature = models.CharField(
        _("nature"), max_length=16, choices=FindingNature.choices, default=FindingNature.OBSERVATION
    )
    resource_type = models.CharField(
        _("type de ressource"),
        max_length=16,
        choices=ResourceType.choices,
        blank=True,
        help_text=_("Pour l’inventaire des ressources (nature « ressource »)."),
    )
    axis = models.CharField(
        _("axe"), max_length=120, blank=True, help_text=_("Axe de travail, par exemple « Faire repère(s) ».")
    )
    codes = models.ManyToManyField(Code, verbose_name=_("thèmes"), blank=True, related_name="findings")
    visibility = models.CharField(
        _("visibilité"), max_length=10, choices=Visibility.choices, default=Visibility.MEMBERS
    )
    position = models.PositiveIntegerField(_("rang"), default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = FindingQuerySet.as_manager()

    class Meta:
        verbose_name = _("constat")
        verbose_name_plural = _("constats")
        ordering = ["residency", "axis", "position", "pk"]
        indexes = [models.Index(fields=["residency", "swot"]), models.Index(fields=["residency", "nature"])]

    def __str__(self) -> str:
        return self.title

    def clean(self):
        if self.resource_type and self.nature != FindingNature.RESOURCE:
            raise ValidationError(
                {
                    "resource_type": _(
                        "Le type de ressource ne vaut que pour un constat de nature « ressource »."
                    )
                }
            )

    # --- Trace (walk back to the material) ---------------------------------------------------------
    def evidence_segments(self):
        """The coded segments this finding cites."""
        from .models import Segment

        return Segment.objects.filter(evidence__finding=self).select_related("material")

    def evidence_materials(self):
        """Every material behind this finding: cited whole, or through one of its segments."""
        from arpenteur.fieldwork.models import Material

        return Material.objects.filter(
            Q(analysis_evidence__finding=self) | Q(segments__evidence__finding=self)
        ).distinct()

    def check_evidence(self) -> None:
        """Invariant: a saved finding cites at least one piece of evidence."""
        if not self.pk or not self.evidence.exists():
            raise ValidationError(
                _("Un constat doit citer au moins une preuve : un extrait codé ou un matériau.")
            )


class Evidence(models.Model):
    """One piece of evidence cited by a finding: a coded segment, or a whole material. Both links
    are PROTECT: material or a segment that a finding cites cannot vanish under it (the deletion
    flow of `services.delete_material` asks what to do first)."""

    finding = models.ForeignKey(Finding, on_delete=models.CASCADE, related_name="evidence")
    segment = models.ForeignKey(
        Segment, null=True, blank=True, on_delete=models.PROTECT, related_name="evidence"
    )
    material = models.ForeignKey(
        "fieldwork.Material",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="analysis_evidence",
    )
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("preuve")
        verbose_name_plural = _("preuves")
        ordering = ["finding", "added_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(segment__isnull=False, material__isnull=True)
                | Q(segment__isnull=True, material__isnull=False),
                name="evidence_is_a_segment_or_a_material",
            ),
            models.UniqueConstraint(
                fields=["finding", "segment"],
                condition=Q(segment__isnull=False),
                name="evidence_segment_once",
            ),
            models.UniqueConstraint(
                fields=["finding", "material"],
                condition=Q(material__isnull=False),
                name="evidence_material_once",
            ),
        ]

    def __str__(self) -> str:
        return str(self.segment or self.material)

    @property
    def source_material(self):
        return self.segment.material if self.segment_id else self.material


class EnjeuQuerySet(models.QuerySet):
    def visible_to(self, user, residency):
        """Policy — same as findings: drafts are the team's; shared and publishable enjeux are read
        by every member of the residency."""
        if residency.can_be_edited_by(user):
            return self
        return self.exclude(visibility=Visibility.TEAM)


class Enjeu(Versioned):
    """An enjeu (issue) derived from one or more findings. Roadmap actions cite enjeux."""

    residency = models.ForeignKey("residencies.Residency", on_delete=models.CASCADE, related_name="enjeux")
    title = models.CharField(_("enjeu"), max_length=240)
    description = models.TextField(_("développement"), blank=True)
    axis = models.CharField(_("axe"), max_length=120, blank=True)
    findings = models.ManyToManyField(
        Finding, verbose_name=_("constats dont il découle"), related_name="enjeux"
    )
    visibility = models.CharField(
        _("visibilité"), max_length=10, choices=Visibility.choices, default=Visibility.MEMBERS
    )
    position = models.PositiveIntegerField(_("rang"), default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = EnjeuQuerySet.as_manager()

    class Meta:
        verbose_name = _("enjeu")
        verbose_name_plural = _("enjeux")
        ordering = ["residency", "position", "pk"]

    def __str__(self) -> str:
        return self.title

    def check_findings(self) -> None:
        """Invariant: an enjeu is derived from at least one finding."""
        if not self.pk or not self.findings.exists():
            raise ValidationError(_("Un enjeu doit découler d’au moins un constat."))

    # --- Trace -------------------------------------------------------------------------------------
    def evidence_segments(self):
        from .models import Segment

        return Segment.objects.filter(evidence__finding__enjeux=self).distinct()

    def evidence_materials(self):
        from arpenteur.fieldwork.models import Material

        return Material.objects.filter(
            Q(analysis_evidence__finding__enjeux=self) | Q(segments__evidence__finding__enjeux=self)
        ).distinct()


class AstonishmentReport(Versioned):
    """Rapport d'étonnement of a session (domain.md §4.3): short, personal, written while fresh;
    several authors edit it."""

    residency = models.ForeignKey(
        "residencies.Residency", on_delete=models.CASCADE, related_name="astonishment_reports"
    )
    session = models.ForeignKey(
        "residencies.Session",
        verbose_name=_("temps sur site"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="astonishment_reports",
    )
    title = models.CharField(_("titre"), max_length=200)
    authors = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("autrices et auteurs"), blank=True, related_name="+"
    )
    written_on = models.DateField(_("date"), null=True, blank=True)
    route = models.TextField(_("parcours effectué"), blank=True)
    people_met = models.TextField(
        _("personnes rencontrées"),
        blank=True,
        help_text=_("Par catégorie d’acteur ; pas de nom sans accord."),
    )
    impressions = models.TextField(
        _("premières impressions, sens par sens"), blank=True, help_text=_("Vu, entendu, ressenti, senti.")
    )
    astonishments = models.TextField(
        _("étonnements"), blank=True, help_text=_("Ce qui contredit la commande ou les documents préalables.")
    )
    invisible_uses = models.TextField(_("usages invisibles observés, tensions latentes"), blank=True)
    resources = models.TextField(_("ressources repérées"), blank=True)
    questions = models.TextField(_("questions pour le prochain temps sur site"), blank=True)
    first_leads = models.TextField(_("premières pistes (facultatif)"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("rapport d’étonnement")
        verbose_name_plural = _("rapports d’étonnement")
        ordering = ["residency", "created_at", "pk"]

    def __str__(self) -> str:
        return self.title

    SECTIONS = (
        "impressions",
        "astonishments",
        "invisible_uses",
        "resources",
        "questions",
        "first_leads",
    )


class PdfExport(models.Model):
    """A PDF rendered in the background (WeasyPrint); the page polls its progress."""

    class Status(models.TextChoices):
        QUEUED = "en_attente", _("En attente")
        RUNNING = "en_cours", _("En cours")
        DONE = "pret", _("Prêt")
        FAILED = "echec", _("Échec")

    residency = models.ForeignKey("residencies.Residency", on_delete=models.CASCADE, related_name="+")
    report = models.ForeignKey(
        AstonishmentReport, null=True, blank=True, on_delete=models.CASCADE, related_name="exports"
    )
    kind = models.CharField(max_length=30, default="rapport_etonnement")
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.QUEUED)
    progress = models.PositiveSmallIntegerField(default=0)
    file = models.FileField(upload_to="analysis/pdf/%Y/", blank=True)
    error = models.TextField(blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.kind} #{self.pk} ({self.get_status_display()})"
