"""The residency core: a residency on a commune, its phases, its dated on-site sessions, its
parties (the organisations of the commission) and its members with their roles.

A FormatTemplate (résidence éclair, Atelier des territoires Local…) is copied into the residency
when it is created; after that, phases and sessions belong to the residency and are edited freely.
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from arpenteur.core.concurrency import Versioned


class PhaseKind(models.TextChoices):
    COMMANDER = "commander", _("Commander")
    PREPARER = "preparer", _("Préparer")
    ARPENTER = "arpenter", _("Arpenter")
    REVELER = "reveler", _("Révéler")
    PREFIGURER = "prefigurer", _("Préfigurer")
    RESTITUER = "restituer", _("Restituer")
    SUIVRE = "suivre", _("Suivre")
    CAPITALISER = "capitaliser", _("Capitaliser")


PHASE_ORDER = [kind.value for kind in PhaseKind]
PHASE_DESCRIPTIONS = {
    PhaseKind.COMMANDER: _(
        "Formuler la question, choisir le format, budgéter, écrire les pièces du marché, choisir l’équipe."
    ),
    PhaseKind.PREPARER: _(
        "Réunion de cadrage, visites préparatoires, rencontres des élus, accueil de l’équipe, programme des temps sur site."
    ),
    PhaseKind.ARPENTER: _(
        "Temps sur site : balades, entretiens, ateliers ; notes, récits, photos et sons saisis sur le terrain."
    ),
    PhaseKind.REVELER: _("Coder le matériau, dégager constats et enjeux, construire le diagnostic partagé."),
    PhaseKind.PREFIGURER: _("Prioriser les enjeux, tester, écrire la feuille de route et ses fiches action."),
    PhaseKind.RESTITUER: _("Cahier de synthèse, exposition, page publique et données ouvertes."),
    PhaseKind.SUIVRE: _("Suivre la mise en œuvre des actions, leurs indicateurs et les revues du comité."),
    PhaseKind.CAPITALISER: _(
        "Retour sur résidence et fiche d’expérience partagée avec d’autres territoires."
    ),
}


class FormatTemplate(models.Model):
    """A residency format. Reference data, editable by administrators; copied into each residency."""

    slug = models.SlugField(unique=True)
    name = models.CharField(_("nom"), max_length=120)
    summary = models.TextField(_("présentation"), blank=True)
    source = models.CharField(_("source"), max_length=300, blank=True)
    typical_span_days = models.PositiveIntegerField(_("durée typique (jours calendaires)"), default=60)
    team_size_min = models.PositiveSmallIntegerField(_("taille d’équipe minimale"), default=2)
    team_size_max = models.PositiveSmallIntegerField(_("taille d’équipe maximale"), default=5)
    cost_low = models.DecimalField(
        _("coût bas (€ HT)"), max_digits=10, decimal_places=0, null=True, blank=True
    )
    cost_high = models.DecimalField(
        _("coût haut (€ HT)"), max_digits=10, decimal_places=0, null=True, blank=True
    )
    sessions = models.JSONField(
        _("temps sur site"),
        default=list,
        blank=True,
        help_text=_(
            "Liste de {title, phase, offset_days, duration_days}: décalage depuis le début de la résidence."
        ),
    )
    deliverables = models.JSONField(_("livrables typiques"), default=list, blank=True)
    budget_lines = models.JSONField(_("lignes de budget type"), default=list, blank=True)
    order = models.PositiveSmallIntegerField(default=0)
    is_active = models.BooleanField(_("proposé à la création"), default=True)

    class Meta:
        verbose_name = _("format de résidence")
        verbose_name_plural = _("formats de résidence")
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name

    @property
    def session_count(self) -> int:
        return len(self.sessions)

    @property
    def days_on_site(self) -> int:
        return sum(int(s.get("duration_days", 1)) for s in self.sessions)


class ResidencyQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Policy — who may see a residency:
        platform staff see all; a signed-in user sees the residencies they are a member of, and those
        run by a programme operator organisation they belong to. Nobody else (public pages are separate
        and opt-in)."""
        if not user.is_authenticated:
            return self.none()
        if user.is_staff:
            return self
        return self.filter(
            Q(memberships__user=user) | Q(programme_operator__memberships__user=user)
        ).distinct()


class Residency(Versioned):
    title = models.CharField(_("titre"), max_length=200)
    commune = models.ForeignKey(
        "territories.Commune",
        verbose_name=_("commune"),
        on_delete=models.PROTECT,
        related_name="residencies",
        help_text=_("La commune principale ; son code INSEE et le millésime du COG sont gardés avec elle."),
    )
    format = models.ForeignKey(
        FormatTemplate,
        verbose_name=_("format"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="residencies",
    )
    format_name = models.CharField(
        _("nom du format à la création"),
        max_length=120,
        blank=True,
        help_text=_("Gardé même si le format est modifié ensuite."),
    )
    question = models.TextField(
        _("question posée"), blank=True, help_text=_("La problématique, en une ou deux phrases.")
    )
    start_date = models.DateField(_("début"))
    end_date = models.DateField(_("fin"))
    current_phase = models.CharField(
        _("phase en cours"), max_length=20, choices=PhaseKind.choices, default=PhaseKind.COMMANDER
    )
    programme_operator = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("opérateur du programme"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="operated_residencies",
        help_text=_("Région, DGALN, CAUE… : ses membres suivent la résidence en lecture."),
    )
    is_public = models.BooleanField(
        _("publiée"), default=False, help_text=_("Désactivé par défaut : rien n’est public sans décision.")
    )
    is_demo = models.BooleanField(_("données de démonstration"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ResidencyQuerySet.as_manager()

    class Meta:
        verbose_name = _("résidence")
        verbose_name_plural = _("résidences")
        ordering = ["-start_date", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=models.F("start_date")), name="residency_dates_ordered"
            )
        ]
        indexes = [models.Index(fields=["current_phase"]), models.Index(fields=["start_date"])]

    def __str__(self) -> str:
        return self.title

    def clean(self):
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("La fin de la résidence doit suivre son début.")})

    # --- Policy, read by residencies.access ------------------------------------------------------
    def role_of(self, user) -> str | None:
        """The user's role in this residency, or None. Uses prefetched memberships when present."""
        if not user.is_authenticated:
            return None
        for membership in self.memberships.all():
            if membership.user_id == user.pk:
                return membership.role
        return None

    def can_be_viewed_by(self, user) -> bool:
        """Staff, members (any role) and members of the programme operator may see the residency."""
        if not user.is_authenticated:
            return False
        if user.is_staff or self.role_of(user):
            return True
        return bool(
            self.programme_operator_id and self.programme_operator.memberships.filter(user=user).exists()
        )

    def can_be_edited_by(self, user) -> bool:
        """Commissioners, coordinators and team members edit the residency's content; partners and
        operators only read it."""
        return user.is_authenticated and (
            user.is_staff or self.role_of(user) in ResidencyMembership.EDITOR_ROLES
        )

    def can_be_administered_by(self, user) -> bool:
        """Commissioners and coordinators administer it: dates, format, phases, parties, members."""
        return user.is_authenticated and (
            user.is_staff or self.role_of(user) in ResidencyMembership.ADMIN_ROLES
        )

    @property
    def span_days(self) -> int:
        return (self.end_date - self.start_date).days + 1


class Phase(Versioned):
    class Status(models.TextChoices):
        UPCOMING = "a_venir", _("À venir")
        CURRENT = "en_cours", _("En cours")
        DONE = "terminee", _("Terminée")
        SKIPPED = "sans_objet", _("Sans objet")

    residency = models.ForeignKey(Residency, on_delete=models.CASCADE, related_name="phases")
    kind = models.CharField(_("phase"), max_length=20, choices=PhaseKind.choices)
    status = models.CharField(_("état"), max_length=12, choices=Status.choices, default=Status.UPCOMING)
    start_date = models.DateField(_("début"), null=True, blank=True)
    end_date = models.DateField(_("fin"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    order_index = models.PositiveSmallIntegerField(default=0, editable=False)

    class Meta:
        verbose_name = _("phase")
        verbose_name_plural = _("phases")
        ordering = ["residency", "order_index"]
        constraints = [
            models.UniqueConstraint(fields=["residency", "kind"], name="one_phase_kind_per_residency")
        ]

    def __str__(self) -> str:
        return self.get_kind_display()

    @property
    def description(self) -> str:
        return PHASE_DESCRIPTIONS[self.kind]

    def clean(self):
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("La fin de la phase doit suivre son début.")})


class Session(Versioned):
    """A dated time on site (temps sur site / atelier in situ). Must fall inside the residency's span."""

    residency = models.ForeignKey(Residency, on_delete=models.CASCADE, related_name="sessions")
    phase = models.CharField(_("phase"), max_length=20, choices=PhaseKind.choices, default=PhaseKind.ARPENTER)
    title = models.CharField(_("titre"), max_length=200)
    position = models.PositiveSmallIntegerField(_("rang"), default=1)
    start_date = models.DateField(_("premier jour"))
    end_date = models.DateField(_("dernier jour"))
    place = models.CharField(_("lieu"), max_length=200, blank=True)
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)
    description = models.TextField(_("objectifs"), blank=True)

    class Meta:
        verbose_name = _("temps sur site")
        verbose_name_plural = _("temps sur site")
        ordering = ["residency", "start_date", "position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=models.F("start_date")), name="session_dates_ordered"
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def days(self) -> int:
        return (self.end_date - self.start_date).days + 1

    def clean(self):
        errors = {}
        if self.start_date and self.end_date and self.end_date < self.start_date:
            errors["end_date"] = _("Le dernier jour doit suivre le premier.")
        residency = getattr(self, "residency", None)
        if residency and self.start_date and self.end_date:
            span = (residency.start_date, residency.end_date)
            if not span[0] <= self.start_date <= span[1] or not span[0] <= self.end_date <= span[1]:
                errors["start_date"] = _(
                    "Ce temps sur site sort de la période de la résidence (du %(start)s au %(end)s) : "
                    "changez ses dates ou élargissez d’abord celles de la résidence."
                ) % {"start": _fr(span[0]), "end": _fr(span[1])}
        if errors:
            raise ValidationError(errors)


def _fr(day: date) -> str:
    return day.strftime("%d/%m/%Y")


class Party(models.Model):
    """An organisation's place in the commission (maître d'ouvrage, financeur…)."""

    class Role(models.TextChoices):
        CLIENT = "moa", _("Maître d’ouvrage")
        CO_PILOT = "copilote", _("Co-pilote")
        FUNDER = "financeur", _("Financeur")
        INTERMEDIARY = "intermediaire", _("Intermédiaire")
        LEAD_CONTRACTOR = "mandataire", _("Mandataire")
        TEAM = "equipe", _("Équipe (cotraitant)")

    residency = models.ForeignKey(Residency, on_delete=models.CASCADE, related_name="parties")
    organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="parties",
    )
    role = models.CharField(_("rôle"), max_length=20, choices=Role.choices)
    contact = models.CharField(
        _("contact"),
        max_length=200,
        blank=True,
        help_text=_("Personne référente, visible des membres de la résidence."),
    )
    note = models.CharField(_("précision"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("partie")
        verbose_name_plural = _("parties")
        ordering = ["residency", "role", "organisation__name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["residency", "organisation", "role"], name="one_party_role_per_org"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation} — {self.get_role_display()}"


class ResidencyMembership(models.Model):
    class Role(models.TextChoices):
        COMMISSIONER = "commanditaire", _("Commanditaire")
        COORDINATOR = "coordination", _("Coordination (mandataire)")
        TEAM_MEMBER = "equipe", _("Membre de l’équipe")
        PARTNER = "partenaire", _("Partenaire")

    ADMIN_ROLES = frozenset({Role.COMMISSIONER, Role.COORDINATOR})
    EDITOR_ROLES = frozenset({Role.COMMISSIONER, Role.COORDINATOR, Role.TEAM_MEMBER})

    residency = models.ForeignKey(Residency, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="residency_memberships"
    )
    role = models.CharField(_("rôle"), max_length=20, choices=Role.choices)
    discipline = models.CharField(
        _("discipline ou fonction"),
        max_length=120,
        blank=True,
        help_text=_("Urbaniste, sociologue, maire, DDT…"),
    )
    organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("au titre de"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("membre de la résidence")
        verbose_name_plural = _("membres de la résidence")
        ordering = ["residency", "role", "user__email"]
        constraints = [
            models.UniqueConstraint(fields=["residency", "user"], name="one_membership_per_residency")
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()}"


# --- Steering committee (comité de pilotage mixte) -------------------------------------------------


class CommitteeMember(models.Model):
    """A member of the residency's mixed steering committee: elected officials, services, partners,
    the team and, often, inhabitants. Not necessarily a platform user."""

    class College(models.TextChoices):
        ELECTED = "elus", _("Élus")
        SERVICES = "services", _("Services")
        PARTNERS = "partenaires", _("Partenaires et financeurs")
        TEAM = "equipe", _("Équipe en résidence")
        INHABITANTS = "habitants", _("Habitants, acteurs locaux")

    residency = models.ForeignKey(Residency, on_delete=models.CASCADE, related_name="committee_members")
    full_name = models.CharField(_("nom"), max_length=200)
    function = models.CharField(_("fonction"), max_length=200, blank=True)
    organisation = models.CharField(_("structure"), max_length=200, blank=True)
    college = models.CharField(_("collège"), max_length=12, choices=College.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("membre du comité de pilotage")
        verbose_name_plural = _("membres du comité de pilotage")
        ordering = ["residency", "college", "full_name", "pk"]

    def __str__(self) -> str:
        return self.full_name


class Meeting(Versioned):
    """A meeting of the steering committee, with its agenda, minutes and decisions."""

    residency = models.ForeignKey(Residency, on_delete=models.CASCADE, related_name="committee_meetings")
    held_on = models.DateField(_("date"))
    title = models.CharField(_("objet"), max_length=200)
    place = models.CharField(_("lieu"), max_length=200, blank=True)
    agenda = models.TextField(_("ordre du jour"), blank=True)
    minutes = models.TextField(_("compte rendu"), blank=True)
    attendees = models.ManyToManyField(
        CommitteeMember, verbose_name=_("présents"), blank=True, related_name="meetings"
    )

    class Meta:
        verbose_name = _("réunion du comité de pilotage")
        verbose_name_plural = _("réunions du comité de pilotage")
        ordering = ["residency", "held_on", "pk"]

    def __str__(self) -> str:
        return f"{self.title} — {_fr(self.held_on)}"


class Decision(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="decisions")
    text = models.CharField(_("décision"), max_length=500)
    owner = models.CharField(_("qui s’en charge"), max_length=200, blank=True)
    due_on = models.DateField(_("échéance"), null=True, blank=True)

    class Meta:
        verbose_name = _("décision")
        verbose_name_plural = _("décisions")
        ordering = ["meeting", "pk"]

    def __str__(self) -> str:
        return self.text
