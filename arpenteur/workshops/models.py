"""Workshops: prioritising a residency's enjeux together.

A PrioritisationSession puts a list of items (the enjeux chosen by the team, their wording frozen
at the moment the session is prepared, so that paper ballots and screens say the same thing) to a
dot vote — each participant spreads N dots — and, optionally, to a 1–5 score.

Participants have no account. Each one is a `Participant` row named by a random token: a phone
gets it the first time it opens the vote link (kept in the form and a cookie); a paper ballot
typed in by the team gets a fresh one. Casting again with the same token replaces that
participant's ballot, so a double submit or a changed mind never counts twice.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from arpenteur.core.concurrency import Versioned


class PrioritisationSession(Versioned):
    class Status(models.TextChoices):
        DRAFT = "preparation", _("En préparation")
        OPEN = "ouvert", _("Vote ouvert")
        CLOSED = "clos", _("Vote clos")

    residency = models.ForeignKey(
        "residencies.Residency", on_delete=models.CASCADE, related_name="prioritisation_sessions"
    )
    title = models.CharField(
        _("intitulé"), max_length=200, help_text=_("Par exemple « Comité de pilotage du 20 novembre ».")
    )
    held_on = models.DateField(_("date"), null=True, blank=True)
    place = models.CharField(_("lieu"), max_length=200, blank=True)
    instructions = models.TextField(
        _("consigne affichée aux participants"),
        blank=True,
        help_text=_("Une ou deux phrases lues sur le téléphone avant de voter."),
    )
    dots_per_participant = models.PositiveSmallIntegerField(
        _("gommettes par participant"),
        default=5,
        validators=[MinValueValidator(1), MaxValueValidator(50)],
    )
    max_dots_per_item = models.PositiveSmallIntegerField(
        _("gommettes au plus sur un même enjeu"),
        default=3,
        validators=[MinValueValidator(1), MaxValueValidator(50)],
    )
    with_scores = models.BooleanField(
        _("ajouter une note de 1 à 5 par enjeu"),
        default=True,
        help_text=_("1 : peu important, 5 : très important."),
    )
    status = models.CharField(_("état"), max_length=12, choices=Status.choices, default=Status.DRAFT)
    public_token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("séance de priorisation")
        verbose_name_plural = _("séances de priorisation")
        ordering = ["residency", "-held_on", "-pk"]

    def __str__(self) -> str:
        return self.title

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN


class VoteItem(models.Model):
    """One enjeu put to the vote, with its wording frozen when the session was prepared."""

    session = models.ForeignKey(PrioritisationSession, on_delete=models.CASCADE, related_name="items")
    label = models.CharField(_("enjeu soumis au vote"), max_length=240)
    # The enjeu of the diagnosis it stands for (none for one formulated during the session): the
    # results link back to it. SET_NULL: the frozen wording keeps the ballots meaningful.
    enjeu = models.ForeignKey(
        "analysis.Enjeu", null=True, blank=True, on_delete=models.SET_NULL, related_name="vote_items"
    )
    position = models.PositiveSmallIntegerField(_("rang"), default=1)

    class Meta:
        verbose_name = _("enjeu soumis au vote")
        verbose_name_plural = _("enjeux soumis au vote")
        ordering = ["session", "position", "pk"]

    def __str__(self) -> str:
        return self.label


class Participant(models.Model):
    class Source(models.TextChoices):
        PHONE = "telephone", _("Téléphone")
        PAPER = "papier", _("Bulletin papier")

    session = models.ForeignKey(PrioritisationSession, on_delete=models.CASCADE, related_name="participants")
    token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    source = models.CharField(max_length=10, choices=Source.choices, default=Source.PHONE)
    label = models.CharField(
        _("repère du bulletin"),
        max_length=80,
        blank=True,
        help_text=_("Pour les bulletins papier : un numéro, jamais un nom."),
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    voted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        ordering = ["session", "created_at", "pk"]
        indexes = [models.Index(fields=["session", "voted_at"])]

    def __str__(self) -> str:
        return self.label or str(self.token)[:8]


class DotAllocation(models.Model):
    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="dots")
    item = models.ForeignKey(VoteItem, on_delete=models.CASCADE, related_name="dots")
    dots = models.PositiveSmallIntegerField(validators=[MinValueValidator(1)])

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["participant", "item"], name="one_dot_line_per_item"),
            models.CheckConstraint(condition=models.Q(dots__gte=1), name="dot_allocation_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.dots} × {self.item_id}"


class Score(models.Model):
    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="scores")
    item = models.ForeignKey(VoteItem, on_delete=models.CASCADE, related_name="scores")
    value = models.PositiveSmallIntegerField(validators=[MinValueValidator(1), MaxValueValidator(5)])

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["participant", "item"], name="one_score_per_item"),
            models.CheckConstraint(
                condition=models.Q(value__gte=1) & models.Q(value__lte=5), name="score_between_1_and_5"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.value}/5 × {self.item_id}"
