"""Programmes run by an operator (a Région, the DGALN, a CAUE, a network): their editions and
themes, their calls (AMI, appel à projets) with questions and weighted selection criteria, the
applications of communes and EPCI, the portfolio of residencies, and news posts.

Policy, in one sentence per role: the members of the operator organisation run the programme
(edit it, open calls, read and score applications, follow the portfolio); the members of an
applicant organisation see and edit their own applications; the public sees only what is
published (programme page, open calls, news).
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from arpenteur.core.concurrency import Versioned


def _is_operator(organisation_id: int | None, user) -> bool:
    if not user.is_authenticated:
        return False
    if user.is_staff:
        return True
    return bool(organisation_id) and user.org_memberships.filter(organisation_id=organisation_id).exists()


class ProgrammeQuerySet(models.QuerySet):
    def operated_by(self, user):
        """The programmes a user runs: all for staff, those of their organisations otherwise."""
        if not user.is_authenticated:
            return self.none()
        if user.is_staff:
            return self
        return self.filter(operator__memberships__user=user).distinct()

    def published(self):
        return self.filter(is_published=True)


class Programme(Versioned):
    operator = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("opérateur"),
        on_delete=models.PROTECT,
        related_name="programmes",
        help_text=_("L’organisation qui porte le programme ; ses membres le gèrent."),
    )
    name = models.CharField(_("nom"), max_length=200)
    slug = models.SlugField(_("adresse courte"), max_length=80, unique=True)
    summary = models.CharField(_("en une phrase"), max_length=300)
    aims = models.TextField(_("objectifs"), blank=True)
    territory_covered = models.CharField(
        _("territoire couvert"), max_length=200, blank=True, help_text=_("Une région, la France entière…")
    )
    regions = models.ManyToManyField(
        "territories.Region", verbose_name=_("régions couvertes"), blank=True, related_name="+"
    )
    formats = models.ManyToManyField(
        "residencies.FormatTemplate", verbose_name=_("formats proposés"), blank=True, related_name="+"
    )
    partners = models.TextField(
        _("partenaires"), blank=True, help_text=_("Un partenaire par ligne (nom — rôle).")
    )
    funding = models.CharField(_("financement"), max_length=300, blank=True)
    website = models.URLField(_("site web"), blank=True)
    is_published = models.BooleanField(
        _("page publique"), default=False, help_text=_("Rien n’est public sans décision.")
    )
    is_demo = models.BooleanField(_("données de démonstration"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ProgrammeQuerySet.as_manager()

    class Meta:
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return self.name

    def is_operated_by(self, user) -> bool:
        """Staff and the members of the operator organisation run the programme."""
        return _is_operator(self.operator_id, user)

    def is_visible_to(self, user) -> bool:
        """A published programme is public; an unpublished one is seen only by its operators."""
        return self.is_published or self.is_operated_by(user)

    @property
    def partner_list(self) -> list[str]:
        return [line.strip() for line in self.partners.splitlines() if line.strip()]


class Edition(models.Model):
    """One edition or session of the programme, with its theme (e.g. 2021–2022, « Mieux aménager
    avec des sols vivants »)."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="editions")
    year = models.PositiveSmallIntegerField(
        _("année"), validators=[MinValueValidator(1950), MaxValueValidator(2100)]
    )
    year_end = models.PositiveSmallIntegerField(
        _("jusqu’à"), null=True, blank=True, validators=[MinValueValidator(1950), MaxValueValidator(2100)]
    )
    title = models.CharField(_("édition ou thème"), max_length=200)
    scheme = models.CharField(
        _("dispositif"), max_length=120, blank=True, help_text=_("Atelier Multisite, Flash, Local, AMI…")
    )
    description = models.TextField(_("présentation"), blank=True)

    class Meta:
        verbose_name = _("édition")
        verbose_name_plural = _("éditions")
        ordering = ["programme", "-year", "title"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "year", "title"], name="one_edition_per_year_title")
        ]

    def __str__(self) -> str:
        return f"{self.years} — {self.title}"

    @property
    def years(self) -> str:
        return (
            f"{self.year}–{self.year_end}" if self.year_end and self.year_end != self.year else str(self.year)
        )

    def clean(self):
        if self.year_end and self.year and self.year_end < self.year:
            raise ValidationError({"year_end": _("L’année de fin doit suivre l’année de début.")})


class CallQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True, programme__is_published=True)


class Call(Versioned):
    class Kind(models.TextChoices):
        AMI = "ami", _("Appel à manifestation d’intérêt (AMI)")
        AAP = "aap", _("Appel à projets")
        ROLLING = "fil_de_l_eau", _("Candidatures au fil de l’eau")

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="calls")
    edition = models.ForeignKey(
        Edition,
        verbose_name=_("édition"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="calls",
    )
    kind = models.CharField(_("type d’appel"), max_length=20, choices=Kind.choices, default=Kind.AMI)
    title = models.CharField(_("titre"), max_length=200)
    description = models.TextField(_("présentation"), blank=True)
    eligibility = models.TextField(
        _("conditions d’éligibilité"), help_text=_("Qui peut candidater : communes, EPCI, seuils…")
    )
    allow_communes = models.BooleanField(_("ouvert aux communes"), default=True)
    allow_epci = models.BooleanField(_("ouvert aux EPCI"), default=True)
    opens_at = models.DateTimeField(_("ouverture"))
    closes_at = models.DateTimeField(_("date limite"))
    is_published = models.BooleanField(_("publié"), default=False)
    grid = models.OneToOneField(
        "commissioning.EvaluationGrid",
        verbose_name=_("grille d’évaluation"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="programme_call",
        help_text=_("La grille de notation, tenue à jour depuis les critères de l’appel."),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = CallQuerySet.as_manager()

    class Meta:
        verbose_name = _("appel")
        verbose_name_plural = _("appels")
        ordering = ["-opens_at", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(closes_at__gt=models.F("opens_at")), name="call_dates_ordered")
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self):
        if self.opens_at and self.closes_at and self.closes_at <= self.opens_at:
            raise ValidationError({"closes_at": _("La date limite doit suivre l’ouverture.")})

    def is_open(self, now=None) -> bool:
        now = now or timezone.now()
        return self.is_published and self.opens_at <= now < self.closes_at

    def is_closed(self, now=None) -> bool:
        return (now or timezone.now()) >= self.closes_at

    def is_visible_to(self, user) -> bool:
        """A published call of a published programme is public; otherwise only its operators see it."""
        return (self.is_published and self.programme.is_published) or self.programme.is_operated_by(user)

    @property
    def weight_total(self) -> int:
        return sum(c.weight for c in self.criteria.all())

    def criteria_problem(self) -> str:
        """A French message when the criteria cannot be used for scoring, else ''."""
        criteria = list(self.criteria.all())
        if not criteria:
            return str(_("Aucun critère de sélection : ajoutez-en avant d’évaluer les candidatures."))
        total = sum(c.weight for c in criteria)
        if total != 100:
            return str(
                _("Les pondérations des critères totalisent %(total)s au lieu de 100.") % {"total": total}
            )
        return ""


class CallQuestion(models.Model):
    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="questions")
    position = models.PositiveSmallIntegerField(_("rang"), default=1)
    text = models.CharField(_("question"), max_length=300)
    help_text = models.CharField(_("aide"), max_length=300, blank=True)
    required = models.BooleanField(_("réponse obligatoire"), default=True)

    class Meta:
        verbose_name = _("question de l’appel")
        verbose_name_plural = _("questions de l’appel")
        ordering = ["call", "position", "pk"]

    def __str__(self) -> str:
        return self.text


class SelectionCriterion(models.Model):
    """A weighted criterion; the weights of a call sum to 100 (checked by the call's forms)."""

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="criteria")
    position = models.PositiveSmallIntegerField(_("rang"), default=1)
    label = models.CharField(_("critère"), max_length=200)
    description = models.CharField(_("précision"), max_length=300, blank=True)
    weight = models.PositiveSmallIntegerField(
        _("pondération (%)"), validators=[MinValueValidator(1), MaxValueValidator(100)]
    )
    # The criterion of the call's evaluation grid this one is mirrored into (services.sync_call_grid).
    grid_criterion = models.OneToOneField(
        "commissioning.Criterion",
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("critère de sélection")
        verbose_name_plural = _("critères de sélection")
        ordering = ["call", "position", "pk"]

    def __str__(self) -> str:
        return f"{self.label} ({self.weight} %)"


class ApplicationQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Staff see all; operators see the applications to their programmes' calls; applicants
        see the applications of the organisations they belong to."""
        if not user.is_authenticated:
            return self.none()
        if user.is_staff:
            return self
        return self.filter(
            (Q(call__programme__operator__memberships__user=user) & ~Q(status=Application.Status.DRAFT))
            | Q(applicant__memberships__user=user)
        ).distinct()


class Application(Versioned):
    class Status(models.TextChoices):
        DRAFT = "brouillon", _("Brouillon")
        SUBMITTED = "deposee", _("Déposée")
        SELECTED = "retenue", _("Retenue")
        REJECTED = "non_retenue", _("Non retenue")

    call = models.ForeignKey(Call, on_delete=models.PROTECT, related_name="applications")
    applicant = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("collectivité candidate"),
        on_delete=models.PROTECT,
        related_name="programme_applications",
    )
    commune = models.ForeignKey(
        "territories.Commune",
        verbose_name=_("commune concernée"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    project_title = models.CharField(_("intitulé du projet"), max_length=200)
    summary = models.TextField(_("le projet en quelques lignes"), blank=True)
    contact_name = models.CharField(_("personne à contacter"), max_length=150, blank=True)
    contact_email = models.EmailField(_("courriel de contact"), blank=True)
    answers = models.JSONField(_("réponses"), default=dict, blank=True)
    status = models.CharField(_("état"), max_length=12, choices=Status.choices, default=Status.DRAFT)
    submitted_at = models.DateTimeField(_("déposée le"), null=True, blank=True)
    receipt_number = models.CharField(_("numéro d’accusé de réception"), max_length=40, blank=True)
    decided_at = models.DateTimeField(_("décision le"), null=True, blank=True)
    decision_note = models.TextField(_("motif de la décision"), blank=True)
    residency = models.OneToOneField(
        "residencies.Residency",
        verbose_name=_("résidence créée"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="programme_application",
    )
    evaluation = models.OneToOneField(
        "commissioning.Evaluation",
        verbose_name=_("évaluation"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="programme_application",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ApplicationQuerySet.as_manager()

    class Meta:
        verbose_name = _("candidature")
        verbose_name_plural = _("candidatures")
        ordering = ["call", "-submitted_at", "pk"]
        indexes = [models.Index(fields=["call", "status"])]

    def __str__(self) -> str:
        return f"{self.applicant} — {self.project_title}"

    def is_applicant(self, user) -> bool:
        """The members of the candidate organisation are the applicants."""
        return (
            user.is_authenticated and user.org_memberships.filter(organisation_id=self.applicant_id).exists()
        )

    def is_operated_by(self, user) -> bool:
        return self.call.programme.is_operated_by(user)

    def can_be_viewed_by(self, user) -> bool:
        """Applicants always; the programme's operators once it is submitted (a draft is private)."""
        if self.is_applicant(user):
            return True
        return self.status != self.Status.DRAFT and self.is_operated_by(user)

    def can_be_edited_by(self, user) -> bool:
        """Applicants edit their draft; once submitted, it is frozen for everyone."""
        return self.status == self.Status.DRAFT and self.is_applicant(user)


class ApplicationAttachment(models.Model):
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("fichier"), upload_to="programmes/candidatures/%Y/%m/")
    original_name = models.CharField(_("nom du fichier"), max_length=200)
    size = models.PositiveIntegerField(_("taille (octets)"))
    description = models.CharField(_("description"), max_length=200, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("pièce jointe")
        verbose_name_plural = _("pièces jointes")
        ordering = ["application", "uploaded_at", "pk"]

    def __str__(self) -> str:
        return self.original_name


class PortfolioEntry(models.Model):
    """A residency followed by the programme: its edition, the budget the programme gives it, and
    whether its territory may be named on the programme's public page."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="portfolio")
    residency = models.OneToOneField(
        "residencies.Residency", on_delete=models.CASCADE, related_name="portfolio_entry"
    )
    edition = models.ForeignKey(
        Edition, verbose_name=_("édition"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    budget = models.DecimalField(_("budget (€ TTC)"), max_digits=10, decimal_places=0, null=True, blank=True)
    listed_publicly = models.BooleanField(
        _("territoire cité sur la page publique"),
        default=False,
        help_text=_("Le nom de la commune apparaît sur la page publique du programme."),
    )
    synthesis_title = models.CharField(_("cahier de synthèse publié"), max_length=200, blank=True)
    synthesis_url = models.URLField(_("adresse du cahier de synthèse"), blank=True)
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("résidence du portefeuille")
        verbose_name_plural = _("portefeuille")
        ordering = ["programme", "-residency__start_date", "pk"]

    def __str__(self) -> str:
        return str(self.residency)


class NewsPostQuerySet(models.QuerySet):
    def public(self):
        return self.filter(is_published=True, programme__is_published=True, published_at__lte=timezone.now())


class NewsPost(Versioned):
    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="news")
    title = models.CharField(_("titre"), max_length=200)
    slug = models.SlugField(_("adresse courte"), max_length=80)
    lead = models.CharField(_("chapeau"), max_length=400, blank=True)
    body = models.TextField(_("texte"), help_text=_("Texte simple ; une ligne vide sépare les paragraphes."))
    published_at = models.DateTimeField(_("date de publication"), default=timezone.now)
    is_published = models.BooleanField(_("publiée"), default=False)
    residency = models.ForeignKey(
        "residencies.Residency",
        verbose_name=_("résidence concernée"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = NewsPostQuerySet.as_manager()

    class Meta:
        verbose_name = _("actualité")
        verbose_name_plural = _("actualités")
        ordering = ["-published_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "slug"], name="one_news_slug_per_programme")
        ]
        indexes = [models.Index(fields=["programme", "is_published", "published_at"])]

    def __str__(self) -> str:
        return self.title

    def is_public(self) -> bool:
        return self.is_published and self.programme.is_published and self.published_at <= timezone.now()
