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


# --- Reference figures, kept as dated data -------------------------------------------------------


class ProcurementThreshold(models.Model):
    """A procurement route from an amount HT, valid from a date: the rules change with decrees and
    EU regulations, so they are data an administrator updates, never constants in code."""

    class Route(models.TextChoices):
        EXEMPT = "dispense", _("Dispense de procédure (gré à gré, trois devis conseillés)")
        MAPA = "mapa", _("Marché à procédure adaptée (MAPA)")
        FORMAL = "formalisee", _("Procédure formalisée (appel d’offres européen)")

    route = models.CharField(_("procédure"), max_length=20, choices=Route.choices)
    from_amount_ht = models.DecimalField(_("à partir de (€ HT)"), max_digits=12, decimal_places=2)
    valid_from = models.DateField(_("en vigueur à partir du"))
    explanation = models.TextField(_("ce que cela implique"), blank=True)
    source = models.CharField(_("source"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("seuil de procédure")
        verbose_name_plural = _("seuils de procédure")
        ordering = ["-valid_from", "from_amount_ht"]
        constraints = [
            models.UniqueConstraint(fields=["valid_from", "route"], name="one_threshold_per_route_and_date")
        ]

    def __str__(self) -> str:
        return f"{self.get_route_display()} ≥ {self.from_amount_ht} € HT ({self.valid_from})"


class CostReference(models.Model):
    """A low/high reference range (day rate, documentation, usual total), dated and sourced."""

    class Key(models.TextChoices):
        TEAM_DAY_RATE = "taux_jour", _("Équipe en immersion, par jour et par personne")
        DOCUMENTATION = "documentation", _("Documentation et restitution")
        USUAL_TOTAL = "total_usuel", _("Coût total habituel d’une résidence")

    key = models.CharField(_("repère"), max_length=20, choices=Key.choices)
    low = models.DecimalField(_("bas (€ HT)"), max_digits=10, decimal_places=2)
    high = models.DecimalField(_("haut (€ HT)"), max_digits=10, decimal_places=2)
    valid_from = models.DateField(_("en vigueur à partir du"))
    source = models.CharField(_("source"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("repère de coût")
        verbose_name_plural = _("repères de coût")
        ordering = ["key", "-valid_from"]
        constraints = [
            models.UniqueConstraint(fields=["key", "valid_from"], name="one_cost_reference_per_date"),
            models.CheckConstraint(condition=Q(high__gte=models.F("low")), name="cost_reference_ordered"),
        ]

    def __str__(self) -> str:
        return f"{self.get_key_display()} : {self.low}–{self.high} €"


# --- Budget and funding plan ---------------------------------------------------------------------


class VatRegime(models.TextChoices):
    STANDARD = "tva", _("Équipe assujettie à la TVA")
    FRANCHISE = "franchise", _("Équipe non assujettie (franchise en base, art. 293 B du CGI)")


class LineCategory(models.TextChoices):
    PREPARATION = "preparation", _("Préparation et cadrage")
    IMMERSION = "immersion", _("Immersion (temps sur site)")
    ANALYSIS = "intersession", _("Intersessions et analyse")
    DOCUMENTATION = "documentation", _("Documentation et restitution")
    PRODUCTION = "production", _("Production, prototypes")
    TRAVEL = "deplacements", _("Déplacements, hébergement, repas")
    ACCESSIBILITY = "accessibilite", _("Accessibilité, traduction")
    CONTINGENCY = "aleas", _("Aléas")
    OTHER = "autre", _("Autre")


TEAM_CATEGORIES = frozenset({LineCategory.PREPARATION, LineCategory.IMMERSION, LineCategory.ANALYSIS})


class Budget(Versioned):
    residency = models.OneToOneField("residencies.Residency", on_delete=models.CASCADE, related_name="budget")
    vat_regime = models.CharField(_("régime de TVA"), max_length=12, choices=VatRegime.choices, blank=True)
    vat_rate = models.DecimalField(
        _("taux de TVA (%)"),
        max_digits=4,
        decimal_places=2,
        default=Decimal("20.00"),
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("30"))],
    )
    sharing_count = models.PositiveSmallIntegerField(
        _("services ou projets qui partagent le diagnostic"),
        default=1,
        validators=[MinValueValidator(1)],
        help_text=_("Un même diagnostic sert souvent plusieurs services (urbanisme, social, commerce…)."),
    )
    beneficiaries = models.PositiveIntegerField(
        _("bénéficiaires"), null=True, blank=True, help_text=_("Habitants du périmètre, usagers concernés…")
    )
    note = models.TextField(_("remarques"), blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("budget")
        verbose_name_plural = _("budgets")
        constraints = [models.CheckConstraint(condition=Q(sharing_count__gte=1), name="budget_sharing_ge1")]

    def __str__(self) -> str:
        return f"Budget — {self.residency}"

    @property
    def effective_vat_rate(self) -> Decimal:
        return self.vat_rate if self.vat_regime == VatRegime.STANDARD else Decimal(0)


class BudgetLine(models.Model):
    class Mode(models.TextChoices):
        FIXED = "forfait", _("Forfait")
        DAYS = "jours", _("Jours × taux")

    budget = models.ForeignKey(Budget, on_delete=models.CASCADE, related_name="lines")
    position = models.PositiveSmallIntegerField(_("rang"), default=1)
    category = models.CharField(_("poste"), max_length=20, choices=LineCategory.choices)
    label = models.CharField(_("libellé"), max_length=200)
    mode = models.CharField(_("mode"), max_length=10, choices=Mode.choices, default=Mode.FIXED)
    amount_ht = models.DecimalField(
        _("montant forfaitaire (€ HT)"), max_digits=10, decimal_places=2, null=True, blank=True
    )
    people = models.PositiveSmallIntegerField(_("personnes"), default=1)
    days = models.DecimalField(_("jours par personne"), max_digits=6, decimal_places=1, null=True, blank=True)
    day_rate = models.DecimalField(
        _("taux journalier (€ HT)"), max_digits=8, decimal_places=2, null=True, blank=True
    )
    in_kind = models.BooleanField(
        _("en nature"),
        default=False,
        help_text=_("Valorisé mais non payé : logement, salle, temps d’agents…"),
    )
    note = models.CharField(_("précision"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("ligne de budget")
        verbose_name_plural = _("lignes de budget")
        ordering = ["budget", "position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount_ht__isnull=True) | Q(amount_ht__gte=0), name="line_amount_ge0"
            ),
            models.CheckConstraint(condition=Q(days__isnull=True) | Q(days__gte=0), name="line_days_ge0"),
            models.CheckConstraint(
                condition=Q(day_rate__isnull=True) | Q(day_rate__gte=0), name="line_rate_ge0"
            ),
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def person_days(self) -> Decimal:
        return Decimal(self.people) * (self.days or 0)

    @property
    def total_ht(self) -> Decimal:
        if self.mode == self.Mode.DAYS:
            return self.person_days * (self.day_rate or 0)
        return self.amount_ht or Decimal(0)

    @property
    def effective_day_rate(self) -> Decimal | None:
        """What a fixed fee really pays per person-day, when days are given: the check §11.1 asks for."""
        return self.total_ht / self.person_days if self.person_days else None


class FundingLine(models.Model):
    class Funder(models.TextChoices):
        COMMUNE = "commune", _("Commune")
        EPCI = "epci", _("Intercommunalité (EPCI)")
        DEPARTEMENT = "departement", _("Département")
        REGION = "region", _("Région")
        STATE = "etat", _("État (DGALN, DDT)")
        BANQUE_TERRITOIRES = "banque_territoires", _("Banque des Territoires")
        CRTE = "crte", _("Contrat de relance et de transition écologique (CRTE)")
        PVD = "pvd", _("Petites villes de demain (PVD)")
        FOUNDATION = "fondation", _("Fondation")
        PARTICIPATORY = "budget_participatif", _("Budget participatif")
        EUROPE = "europe", _("Fonds européens (LEADER, FEDER)")
        OTHER = "autre", _("Autre")

    class Status(models.TextChoices):
        REQUESTED = "demande", _("Demandé")
        GRANTED = "accorde", _("Accordé")
        PAID = "verse", _("Versé")

    budget = models.ForeignKey(Budget, on_delete=models.CASCADE, related_name="funding")
    funder_kind = models.CharField(_("type de financeur"), max_length=20, choices=Funder.choices)
    funder_name = models.CharField(_("financeur"), max_length=200)
    amount = models.DecimalField(_("montant (€)"), max_digits=10, decimal_places=2)
    status = models.CharField(_("état"), max_length=10, choices=Status.choices, default=Status.REQUESTED)
    conditions = models.CharField(_("conditions"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("ligne du plan de financement")
        verbose_name_plural = _("plan de financement")
        ordering = ["budget", "-amount", "pk"]
        constraints = [models.CheckConstraint(condition=Q(amount__gt=0), name="funding_amount_gt0")]

    def __str__(self) -> str:
        return f"{self.funder_name} — {self.amount} €"


class BudgetExample(models.Model):
    """A budgeted example for a format, to start a budget from (seeded, editable by administrators)."""

    format = models.ForeignKey(
        "residencies.FormatTemplate",
        verbose_name=_("format"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="budget_examples",
    )
    title = models.CharField(_("titre"), max_length=200)
    summary = models.TextField(_("hypothèses"), blank=True)
    vat_regime = models.CharField(_("régime de TVA"), max_length=12, choices=VatRegime.choices, default="tva")
    lines = models.JSONField(
        _("lignes"),
        default=list,
        help_text=_("Liste de {category, label, mode, amount_ht, people, days, day_rate, in_kind}."),
    )
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("exemple budgété")
        verbose_name_plural = _("exemples budgétés")
        ordering = ["order", "title"]

    def __str__(self) -> str:
        return self.title


# --- Procurement documents -----------------------------------------------------------------------


class DocumentKind(models.TextChoices):
    CCTP = "cctp", _("Cahier des clauses techniques particulières (CCTP)")
    RC = "rc", _("Règlement de la consultation")
    AMI = "ami", _("Appel à manifestation d’intérêt (AMI)")
    CONVENTION = "convention", _("Convention de recherche-action")
    ANALYSIS = "analyse", _("Rapport d’analyse des offres")


class DocumentTemplate(models.Model):
    """The text of a procurement document, as data an administrator edits.

    `body` uses the Django template language over the residency's context (intention, format,
    budget, grid…) and a light markup: `# ` heading, `## ` sub-heading, `- ` list item, `| a | b |`
    table row, blank line between paragraphs."""

    kind = models.CharField(_("pièce"), max_length=20, choices=DocumentKind.choices, unique=True)
    title = models.CharField(_("titre"), max_length=200)
    body = models.TextField(
        _("texte du modèle"),
        help_text=_(
            "Langage de gabarit de Django. Balisage : « # » titre, « ## » sous-titre, « - » élément de "
            "liste, « | a | b | » ligne de tableau, ligne vide entre paragraphes. Variables : residency, "
            "commune, buyer, format_name, intention, stakes, communes, sessions, deliverables, "
            "ceiling, total_ht, total_ttc, in_kind, route, funding, grid, criteria, grid_total, offers, "
            "ranking, team_name."
        ),
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("modèle de pièce")
        verbose_name_plural = _("modèles de pièces")
        ordering = ["kind"]

    def __str__(self) -> str:
        return self.title


def _document_path(instance, filename):
    return f"private/commande/{instance.residency_id}/{instance.pk or 'new'}-{filename}"


class GeneratedDocument(models.Model):
    class Status(models.TextChoices):
        QUEUED = "attente", _("En attente")
        RUNNING = "en_cours", _("En cours")
        DONE = "pret", _("Prêt")
        FAILED = "echec", _("Échec")

    residency = models.ForeignKey(
        "residencies.Residency", on_delete=models.CASCADE, related_name="procurement_documents"
    )
    kind = models.CharField(_("pièce"), max_length=20, choices=DocumentKind.choices)
    title = models.CharField(_("titre"), max_length=200)
    status = models.CharField(_("état"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    progress = models.PositiveSmallIntegerField(_("avancement (%)"), default=0)
    step = models.CharField(_("étape"), max_length=120, blank=True)
    docx = models.FileField(upload_to=_document_path, blank=True)
    odt = models.FileField(upload_to=_document_path, blank=True)
    pdf = models.FileField(upload_to=_document_path, blank=True)
    error = models.TextField(blank=True)
    duration_ms = models.PositiveIntegerField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("pièce générée")
        verbose_name_plural = _("pièces générées")
        ordering = ["residency", "kind", "-created_at", "pk"]
        indexes = [models.Index(fields=["residency", "kind", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.title} ({self.get_status_display()})"


# --- Teams, offers, award ------------------------------------------------------------------------


class Team(models.Model):
    """The directory of qualified teams (collectives, agencies, bureaux d'études)."""

    class Kind(models.TextChoices):
        COLLECTIVE = "collectif", _("Collectif")
        AGENCY = "agence", _("Agence")
        CONSULTANCY = "bureau_etudes", _("Bureau d’études")
        ASSOCIATION = "association", _("Association")
        COOPERATIVE = "cooperative", _("Coopérative (SCOP, SCIC)")

    name = models.CharField(_("nom"), max_length=200)
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices)
    disciplines = models.CharField(
        _("disciplines"), max_length=300, blank=True, help_text=_("Urbanisme, design, sociologie, art…")
    )
    region = models.ForeignKey(
        "territories.Region", verbose_name=_("région"), null=True, blank=True, on_delete=models.SET_NULL
    )
    references = models.TextField(_("références"), blank=True)
    contact_name = models.CharField(_("contact"), max_length=200, blank=True)
    contact_email = models.EmailField(_("courriel"), blank=True)
    website = models.URLField(_("site"), blank=True)
    organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("organisation sur la plateforme"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("équipe")
        verbose_name_plural = _("annuaire des équipes")
        ordering = ["name", "pk"]
        indexes = [models.Index(fields=["kind"])]

    def __str__(self) -> str:
        return self.name


class ConsultedTeam(models.Model):
    """A team consulted upstream (sourcing), before the consultation: 2–3 are usual."""

    residency = models.ForeignKey(
        "residencies.Residency", on_delete=models.CASCADE, related_name="consulted_teams"
    )
    team = models.ForeignKey(Team, verbose_name=_("équipe"), on_delete=models.CASCADE, related_name="+")
    consulted_on = models.DateField(_("consultée le"))
    outcome = models.CharField(_("ce qui en ressort"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("équipe consultée en amont")
        verbose_name_plural = _("équipes consultées en amont")
        ordering = ["residency", "consulted_on", "pk"]

    def __str__(self) -> str:
        return str(self.team)


class Offer(Versioned):
    class Status(models.TextChoices):
        RECEIVED = "recue", _("Reçue")
        REJECTED = "non_retenue", _("Non retenue")
        AWARDED = "attribuee", _("Attributaire")

    residency = models.ForeignKey("residencies.Residency", on_delete=models.CASCADE, related_name="offers")
    team = models.ForeignKey(Team, verbose_name=_("équipe"), on_delete=models.PROTECT, related_name="offers")
    price_ht = models.DecimalField(_("prix (€ HT)"), max_digits=10, decimal_places=2)
    days_on_site = models.DecimalField(
        _("jours sur site (toutes personnes)"), max_digits=6, decimal_places=1, null=True, blank=True
    )
    received_on = models.DateField(_("reçue le"))
    site_answer = models.TextField(
        _("réponse aux questions propres au site"),
        blank=True,
        help_text=_("Un mémoire générique, applicable à n’importe quel territoire, est un motif de rejet."),
    )
    note = models.TextField(_("remarques"), blank=True)
    status = models.CharField(_("état"), max_length=12, choices=Status.choices, default=Status.RECEIVED)
    evaluation = models.OneToOneField(
        Evaluation, null=True, blank=True, on_delete=models.SET_NULL, related_name="offer"
    )
    analysis = models.TextField(_("analyse écrite"), blank=True)

    class Meta:
        verbose_name = _("offre")
        verbose_name_plural = _("offres")
        ordering = ["residency", "received_on", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(price_ht__gt=0), name="offer_price_gt0"),
            models.UniqueConstraint(
                fields=["residency"], condition=Q(status="attribuee"), name="one_awarded_offer_per_residency"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.team} — {self.price_ht} € HT"


class WelcomeTask(models.Model):
    """The welcome checklist: housing, workspace, relays, keys, insurance… with owners and due dates."""

    residency = models.ForeignKey(
        "residencies.Residency", on_delete=models.CASCADE, related_name="welcome_tasks"
    )
    label = models.CharField(_("tâche"), max_length=200)
    owner = models.CharField(_("responsable"), max_length=200, blank=True)
    due_on = models.DateField(_("échéance"), null=True, blank=True)
    done = models.BooleanField(_("faite"), default=False)
    position = models.PositiveSmallIntegerField(default=1)

    class Meta:
        verbose_name = _("tâche d’accueil")
        verbose_name_plural = _("accueil de l’équipe")
        ordering = ["residency", "done", "due_on", "position", "pk"]

    def __str__(self) -> str:
        return self.label


class SessionStaffing(models.Model):
    """How many people of the team are on site for a session: the team composition that, with the
    session's days and a day rate, gives the immersion line of the budget."""

    session = models.OneToOneField("residencies.Session", on_delete=models.CASCADE, related_name="staffing")
    people = models.PositiveSmallIntegerField(
        _("personnes sur site"), default=3, validators=[MinValueValidator(1)]
    )
    disciplines = models.CharField(_("composition"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("équipe sur site")
        verbose_name_plural = _("équipes sur site")
        constraints = [models.CheckConstraint(condition=Q(people__gte=1), name="staffing_people_ge1")]

    def __str__(self) -> str:
        return f"{self.session} — {self.people}"
