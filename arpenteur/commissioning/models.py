"""Commissioning a residency: the intention, the evaluation grid (generic: team offers here,
programme applications later), the budget and its funding plan, the procurement documents and
the choice of the team.

Amounts are Decimals in euros HT unless a name says TTC; see money.py for rounding.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from arpenteur.core.concurrency import Versioned

# --- Intention -----------------------------------------------------------------------------------


class Stake(models.TextChoices):
    SOCIAL = "social", _("Cohésion sociale, solidarités")
    CLIMATE = "climat", _("Climat, adaptation, sobriété")
    ECONOMY = "economie", _("Économie, commerce, emploi")
    HOUSING = "habitat", _("Habitat, logement vacant")
    MOBILITY = "mobilite", _("Mobilités")
    PUBLIC_SPACE = "espace_public", _("Espaces publics, paysage")
    HERITAGE = "patrimoine", _("Patrimoine, culture")
    HEALTH = "sante", _("Santé, vieillissement")
    YOUTH = "jeunesse", _("Jeunesse, éducation")
    GOVERNANCE = "gouvernance", _("Gouvernance, participation")


class ExpectedDeliverable(models.TextChoices):
    CADRAGE = "note_cadrage", _("Note de cadrage")
    ETONNEMENT = "rapport_etonnement", _("Rapport d’étonnement")
    DIAGNOSTIC = "diagnostic", _("Diagnostic partagé")
    ROADMAP = "feuille_route", _("Feuille de route et fiches action")
    SYNTHESIS = "cahier_synthese", _("Cahier de synthèse")
    EXHIBITION = "exposition", _("Exposition, restitution publique")
    PROTOTYPES = "prototypes", _("Prototypes, préfigurations")
    OPEN_DATA = "donnees_ouvertes", _("Données ouvertes et carte")


class Intention(Versioned):
    """What the commissioner wants to learn and change: the ground of every procurement document.

    Filled by a guided form of INTENTION_STEPS steps; each step is saved as it is left, so a draft
    can be resumed from `step_reached`."""

    residency = models.OneToOneField(
        "residencies.Residency", on_delete=models.CASCADE, related_name="intention"
    )
    question = models.TextField(
        _("question posée"),
        blank=True,
        help_text=_("La question précise à laquelle la résidence doit aider à répondre."),
    )
    stakes = models.JSONField(_("enjeux transversaux"), default=list, blank=True)
    stakes_note = models.TextField(_("autres enjeux, précisions"), blank=True)
    communes = models.ManyToManyField(
        "territories.Commune", verbose_name=_("communes du périmètre"), blank=True, related_name="+"
    )
    epci = models.ForeignKey(
        "territories.Epci",
        verbose_name=_("intercommunalité"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    perimeter_note = models.TextField(_("périmètre, précisions"), blank=True)
    people_to_involve = models.TextField(
        _("personnes à associer"),
        blank=True,
        help_text=_("Élus, services, habitants, acteurs locaux, publics éloignés de la participation…"),
    )
    earliest_start = models.DateField(_("début au plus tôt"), null=True, blank=True)
    latest_end = models.DateField(_("fin au plus tard"), null=True, blank=True)
    budget_ceiling = models.DecimalField(
        _("plafond de budget (€ HT)"), max_digits=10, decimal_places=2, null=True, blank=True
    )
    constraints_note = models.TextField(_("autres contraintes"), blank=True)
    deliverables = models.JSONField(_("livrables attendus"), default=list, blank=True)
    deliverables_note = models.TextField(_("livrables, précisions"), blank=True)
    step_reached = models.PositiveSmallIntegerField(_("dernière étape enregistrée"), default=0)
    is_complete = models.BooleanField(_("intention complète"), default=False)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("intention")
        verbose_name_plural = _("intentions")
        constraints = [
            models.CheckConstraint(
                condition=Q(budget_ceiling__isnull=True) | Q(budget_ceiling__gte=0),
                name="intention_ceiling_positive",
            )
        ]

    def __str__(self) -> str:
        return f"Intention — {self.residency}"

    def clean(self):
        if self.earliest_start and self.latest_end and self.latest_end < self.earliest_start:
            raise ValidationError({"latest_end": _("La fin au plus tard doit suivre le début au plus tôt.")})

    def stake_labels(self) -> list[str]:
        labels = dict(Stake.choices)
        return [str(labels[s]) for s in self.stakes if s in labels]

    def deliverable_labels(self) -> list[str]:
        labels = dict(ExpectedDeliverable.choices)
        return [str(labels[d]) for d in self.deliverables if d in labels]


# --- Evaluation grid -----------------------------------------------------------------------------


class EvaluationGrid(Versioned):
    """Criteria with weights summing to 100, marked out of 20 by several evaluators.

    Generic on purpose: what is evaluated is an `Evaluation` pointing at any object (a team's
    offer here; a programme's application elsewhere). An owner refers to its grid, not the
    reverse, except `residency` for the residency's own procurement."""

    class PriceFormula(models.TextChoices):
        PROPORTIONAL = "proportionnelle", _("Note = poids × (offre la moins-disante / offre évaluée)")
        NONE = "aucune", _("Pas de critère prix")

    title = models.CharField(_("titre"), max_length=200)
    residency = models.ForeignKey(
        "residencies.Residency",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="evaluation_grids",
    )
    description = models.TextField(_("présentation"), blank=True)
    price_formula = models.CharField(
        _("formule de notation du prix"),
        max_length=20,
        choices=PriceFormula.choices,
        default=PriceFormula.PROPORTIONAL,
    )
    has_audition = models.BooleanField(_("audition des équipes retenues"), default=False)
    shortlist_size = models.PositiveSmallIntegerField(
        _("nombre d’équipes admises à l’audition"), null=True, blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("grille d’évaluation")
        verbose_name_plural = _("grilles d’évaluation")
        ordering = ["-created_at", "pk"]

    def __str__(self) -> str:
        return self.title

    def weights_total(self, criteria=None) -> int:
        criteria = self.criteria.all() if criteria is None else criteria
        return sum(c.weight for c in criteria)

    def check_weights(self, criteria=None) -> None:
        """The invariant: the criteria weigh 100 in total, and each criterion's sub-criteria (when
        it has some) add up to its own weight. Raises a French ValidationError otherwise."""
        criteria = list(self.criteria.prefetch_related("subcriteria") if criteria is None else criteria)
        errors = []
        total = sum(c.weight for c in criteria)
        if total != 100:
            errors.append(_("Les poids des critères totalisent %(total)s au lieu de 100.") % {"total": total})
        for criterion in criteria:
            subs = list(criterion.subcriteria.all()) if criterion.pk else []
            if subs and sum(s.weight for s in subs) != criterion.weight:
                errors.append(
                    _("Les sous-critères de « %(title)s » totalisent %(sub)s au lieu de %(weight)s.")
                    % {
                        "title": criterion.title,
                        "sub": sum(s.weight for s in subs),
                        "weight": criterion.weight,
                    }
                )
        if errors:
            raise ValidationError(errors)

    @property
    def is_balanced(self) -> bool:
        try:
            self.check_weights()
        except ValidationError:
            return False
        return True


class Criterion(models.Model):
    grid = models.ForeignKey(EvaluationGrid, on_delete=models.CASCADE, related_name="criteria")
    position = models.PositiveSmallIntegerField(_("rang"), default=1)
    title = models.CharField(_("critère"), max_length=200)
    weight = models.PositiveSmallIntegerField(
        _("poids (sur 100)"), validators=[MinValueValidator(0), MaxValueValidator(100)]
    )
    guide = models.TextField(_("guide de notation"), blank=True)
    is_price = models.BooleanField(
        _("critère prix"), default=False, help_text=_("Noté par la formule de la grille, pas par le jury.")
    )

    class Meta:
        verbose_name = _("critère")
        verbose_name_plural = _("critères")
        ordering = ["grid", "position", "pk"]
        constraints = [models.CheckConstraint(condition=Q(weight__lte=100), name="criterion_weight_max")]

    def __str__(self) -> str:
        return f"{self.title} ({self.weight})"


class SubCriterion(models.Model):
    """A part of a criterion; its weight is counted in points of the grid's 100."""

    criterion = models.ForeignKey(Criterion, on_delete=models.CASCADE, related_name="subcriteria")
    position = models.PositiveSmallIntegerField(_("rang"), default=1)
    title = models.CharField(_("sous-critère"), max_length=200)
    weight = models.PositiveSmallIntegerField(
        _("poids (points sur 100)"), validators=[MinValueValidator(0), MaxValueValidator(100)]
    )
    guide = models.TextField(_("guide de notation"), blank=True)

    class Meta:
        verbose_name = _("sous-critère")
        verbose_name_plural = _("sous-critères")
        ordering = ["criterion", "position", "pk"]

    def __str__(self) -> str:
        return f"{self.title} ({self.weight})"


class Evaluation(models.Model):
    """One thing evaluated against a grid (an offer, an application): its marks and its price."""

    grid = models.ForeignKey(EvaluationGrid, on_delete=models.CASCADE, related_name="evaluations")
    content_type = models.ForeignKey(ContentType, null=True, blank=True, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField(null=True, blank=True)
    subject = GenericForeignKey("content_type", "object_id")
    label = models.CharField(_("dossier évalué"), max_length=200)
    price = models.DecimalField(_("prix (€ HT)"), max_digits=10, decimal_places=2, null=True, blank=True)
    shortlisted = models.BooleanField(_("admis à l’audition"), default=False)
    audition_note = models.TextField(_("compte rendu d’audition"), blank=True)

    class Meta:
        verbose_name = _("dossier évalué")
        verbose_name_plural = _("dossiers évalués")
        ordering = ["grid", "label", "pk"]
        indexes = [models.Index(fields=["content_type", "object_id"])]
        constraints = [
            models.UniqueConstraint(
                fields=["grid", "content_type", "object_id"],
                condition=Q(object_id__isnull=False),
                name="one_evaluation_per_subject",
            ),
            models.CheckConstraint(
                condition=Q(price__isnull=True) | Q(price__gt=0), name="evaluation_price_gt0"
            ),
        ]

    def __str__(self) -> str:
        return self.label


class Evaluator(models.Model):
    """A jury member of a grid: the only people, with the commissioner, who see the marks."""

    grid = models.ForeignKey(EvaluationGrid, on_delete=models.CASCADE, related_name="evaluators")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    role_note = models.CharField(_("qualité"), max_length=120, blank=True)

    class Meta:
        verbose_name = _("membre du jury")
        verbose_name_plural = _("membres du jury")
        ordering = ["grid", "pk"]
        constraints = [models.UniqueConstraint(fields=["grid", "user"], name="one_evaluator_per_grid")]

    def __str__(self) -> str:
        return str(self.user)


class Mark(models.Model):
    """A mark out of 20 given by one evaluator to one evaluation on a criterion (or sub-criterion)."""

    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="marks")
    evaluator = models.ForeignKey(Evaluator, on_delete=models.CASCADE, related_name="marks")
    criterion = models.ForeignKey(Criterion, on_delete=models.CASCADE, related_name="marks")
    subcriterion = models.ForeignKey(
        SubCriterion, null=True, blank=True, on_delete=models.CASCADE, related_name="marks"
    )
    mark = models.DecimalField(
        _("note sur 20"),
        max_digits=4,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("20"))],
    )
    comment = models.TextField(_("appréciation"), blank=True)

    class Meta:
        verbose_name = _("note")
        verbose_name_plural = _("notes")
        ordering = ["evaluation", "criterion", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(mark__gte=0) & Q(mark__lte=20), name="mark_0_20"),
            models.UniqueConstraint(
                fields=["evaluation", "evaluator", "criterion"],
                condition=Q(subcriterion__isnull=True),
                name="one_mark_per_criterion",
            ),
            models.UniqueConstraint(
                fields=["evaluation", "evaluator", "subcriterion"],
                condition=Q(subcriterion__isnull=False),
                name="one_mark_per_subcriterion",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.mark}/20"
