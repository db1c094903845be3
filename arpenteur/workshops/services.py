"""State changes of prioritisation sessions: one typed function each, called from the phone vote
page, the paper-ballot form, the demo loader and the benchmark alike.

Concurrency: a ballot is replaced inside one transaction that first locks the participant's row
(`select_for_update`, a row lock on PostgreSQL; on SQLite, `transaction_mode=IMMEDIATE` already
makes writers queue). Two submits of the same ballot therefore end with one ballot, never two;
ballots of different participants never wait on each other on PostgreSQL.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Avg, Count, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import DotAllocation, Participant, PrioritisationSession, Score, VoteItem


class VoteError(ValidationError):
    """A ballot that cannot be counted; the message is French and meant for the participant."""


# --- Preparing and running a session -------------------------------------------------------------
@transaction.atomic
def set_session_items(
    *, session: PrioritisationSession, items: Sequence[tuple[str, object | None]]
) -> list[VoteItem]:
    """Set what is put to the vote, in order: (label, enjeu or None) pairs. Once someone voted, the
    list is frozen: changing it would change what the ballots mean."""
    specs = [(label.strip(), enjeu) for label, enjeu in items if label and label.strip()]
    if not specs:
        raise ValidationError(_("Choisissez au moins un enjeu à soumettre au vote."))
    if session.participants.filter(voted_at__isnull=False).exists():
        raise ValidationError(_("Des participants ont déjà voté : la liste des enjeux ne peut plus changer."))
    session.items.all().delete()
    return VoteItem.objects.bulk_create(
        _vote_item(session, label, enjeu, index) for index, (label, enjeu) in enumerate(specs, 1)
    )


def _vote_item(session, label: str, enjeu, position: int) -> VoteItem:
    return VoteItem(session=session, label=label[:240], enjeu=enjeu, position=position)


def set_session_status(*, session: PrioritisationSession, status: str) -> PrioritisationSession:
    if status not in PrioritisationSession.Status.values:
        raise ValueError(status)
    if status == PrioritisationSession.Status.OPEN and not session.items.exists():
        raise ValidationError(_("Ajoutez au moins un enjeu avant d’ouvrir le vote."))
    PrioritisationSession.objects.filter(pk=session.pk).update(status=status)
    session.status = status
    return session


# --- Participants ----------------------------------------------------------------------------------
def participant_for_token(*, session: PrioritisationSession, token: str | uuid.UUID | None) -> Participant:
    """The participant a phone speaks for: the one named by `token` in this session, or a new one.

    A token that is malformed or belongs to another session is ignored (a new participant is made):
    a participant can never speak for someone else's ballot in another session."""
    parsed = _parse_token(token)
    if parsed is not None:
        found = Participant.objects.filter(token=parsed).first()
        if found is not None:
            if found.session_id == session.pk:
                return found
            parsed = None
    if parsed is None:
        return Participant.objects.create(session=session)
    try:
        with transaction.atomic():
            return Participant.objects.create(session=session, token=parsed)
    except IntegrityError:
        # Two requests of the same phone raced to create it: the other one won, use its row.
        return Participant.objects.get(token=parsed, session=session)


def _parse_token(token) -> uuid.UUID | None:
    if isinstance(token, uuid.UUID):
        return token
    try:
        return uuid.UUID(str(token))
    except (TypeError, ValueError):
        return None


def new_paper_participant(*, session: PrioritisationSession, label: str, entered_by) -> Participant:
    return Participant.objects.create(
        session=session, source=Participant.Source.PAPER, label=label.strip()[:80], entered_by=entered_by
    )


# --- Casting ---------------------------------------------------------------------------------------
def _check_can_vote(session: PrioritisationSession, participant: Participant, *, by_team: bool) -> None:
    if participant.session_id != session.pk:
        raise VoteError(_("Ce bulletin appartient à une autre séance."))
    if session.status == PrioritisationSession.Status.OPEN:
        return
    # The team may type paper ballots in after the session closed, never before it started.
    if by_team and session.status == PrioritisationSession.Status.CLOSED:
        return
    raise VoteError(_("Le vote n’est pas ouvert : demandez à l’animateur de la séance."))


def _clean_mapping(
    session: PrioritisationSession, values: Mapping[int, int], *, minimum: int, maximum: int, what: str
) -> dict[int, int]:
    item_ids = set(session.items.values_list("pk", flat=True))
    cleaned: dict[int, int] = {}
    for raw_item, raw_value in values.items():
        try:
            item_id, value = int(raw_item), int(raw_value)
        except (TypeError, ValueError):
            raise VoteError(_("Une valeur du bulletin n’est pas un nombre entier.")) from None
        if item_id not in item_ids:
            raise VoteError(_("Le bulletin cite un enjeu qui n’est pas soumis au vote de cette séance."))
        if value == 0 and what == "dots":
            continue
        if not minimum <= value <= maximum:
            if what == "dots":
                raise VoteError(
                    _("Vous pouvez poser au plus %(max)d gommettes sur un même enjeu.") % {"max": maximum}
                )
            raise VoteError(_("Chaque note va de 1 à 5."))
        cleaned[item_id] = value
    return cleaned


def cast_dots(
    *,
    participant: Participant,
    session: PrioritisationSession,
    allocations: Mapping[int, int],
    by_team: bool = False,
) -> dict[int, int]:
    """Record a participant's dots ({vote item id: dots}), replacing their previous ones.

    Idempotent per participant: casting the same allocations twice leaves one ballot. Refuses more
    dots than the session gives, more than the per-item cap, items of another session, and any vote
    while the session is not open (the team may still type paper ballots once it is closed)."""
    cleaned = _clean_mapping(session, allocations, minimum=1, maximum=session.max_dots_per_item, what="dots")
    total = sum(cleaned.values())
    if total > session.dots_per_participant:
        raise VoteError(
            _("Vous avez posé %(total)d gommettes, pour %(max)d disponibles : retirez-en %(extra)d.")
            % {
                "total": total,
                "max": session.dots_per_participant,
                "extra": total - session.dots_per_participant,
            }
        )
    with transaction.atomic():
        locked = Participant.objects.select_for_update().get(pk=participant.pk)
        fresh_session = PrioritisationSession.objects.get(pk=session.pk)
        _check_can_vote(fresh_session, locked, by_team=by_team)
        DotAllocation.objects.filter(participant=locked).delete()
        DotAllocation.objects.bulk_create(
            DotAllocation(participant=locked, item_id=item_id, dots=dots) for item_id, dots in cleaned.items()
        )
        Participant.objects.filter(pk=locked.pk).update(voted_at=timezone.now())
    return cleaned


def cast_scores(
    *,
    participant: Participant,
    session: PrioritisationSession,
    scores: Mapping[int, int],
    by_team: bool = False,
) -> dict[int, int]:
    """Record a participant's 1–5 scores ({vote item id: score}), replacing their previous ones.
    Items left without a score are not counted (no opinion is not a 1)."""
    if not session.with_scores:
        raise VoteError(_("Cette séance ne comporte pas de notes."))
    cleaned = _clean_mapping(session, scores, minimum=1, maximum=5, what="scores")
    with transaction.atomic():
        locked = Participant.objects.select_for_update().get(pk=participant.pk)
        fresh_session = PrioritisationSession.objects.get(pk=session.pk)
        _check_can_vote(fresh_session, locked, by_team=by_team)
        Score.objects.filter(participant=locked).delete()
        Score.objects.bulk_create(
            Score(participant=locked, item_id=item_id, value=value) for item_id, value in cleaned.items()
        )
        Participant.objects.filter(pk=locked.pk).update(voted_at=timezone.now())
    return cleaned


def cast_ballot(
    *,
    participant: Participant,
    session: PrioritisationSession,
    allocations: Mapping[int, int],
    scores: Mapping[int, int] | None = None,
    by_team: bool = False,
) -> None:
    """Dots and scores of one ballot, both or neither: a refused score keeps the dots unchanged."""
    with transaction.atomic():
        cast_dots(participant=participant, session=session, allocations=allocations, by_team=by_team)
        if session.with_scores and scores is not None:
            cast_scores(participant=participant, session=session, scores=scores, by_team=by_team)


# --- Results ---------------------------------------------------------------------------------------
@dataclass(frozen=True)
class ItemResult:
    item_id: int
    label: str
    position: int
    enjeu_id: int | None
    dots: int
    voters: int
    mean_score: float | None
    scorers: int


@dataclass(frozen=True)
class SessionResults:
    items: list[ItemResult]
    participants: int
    dots_cast: int
    max_dots: int

    @property
    def ranked(self) -> list[ItemResult]:
        return sorted(self.items, key=lambda r: (-r.dots, -(r.mean_score or 0), r.position))


def session_results(session: PrioritisationSession) -> SessionResults:
    """Totals per item in three queries, whatever the number of ballots."""
    items = list(session.items.order_by("position", "pk"))
    dots = {
        row["item"]: row
        for row in DotAllocation.objects.filter(item__session=session)
        .values("item")
        .annotate(total=Sum("dots"), voters=Count("participant", distinct=True))
        .order_by()
    }
    scores = {
        row["item"]: row
        for row in Score.objects.filter(item__session=session)
        .values("item")
        .annotate(mean=Avg("value"), count=Count("pk"))
        .order_by()
    }
    participants = session.participants.filter(voted_at__isnull=False).count()
    results = [
        ItemResult(
            item_id=item.pk,
            label=item.label,
            position=item.position,
            enjeu_id=item.enjeu_id,
            dots=dots.get(item.pk, {}).get("total") or 0,
            voters=dots.get(item.pk, {}).get("voters") or 0,
            mean_score=round(float(scores[item.pk]["mean"]), 2) if item.pk in scores else None,
            scorers=scores.get(item.pk, {}).get("count") or 0,
        )
        for item in items
    ]
    return SessionResults(
        items=results,
        participants=participants,
        dots_cast=sum(r.dots for r in results),
        max_dots=max((r.dots for r in results), default=0),
    )
