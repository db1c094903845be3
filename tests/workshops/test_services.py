"""The vote functions: limits, idempotency per participant token, status, concurrency."""

import threading
import uuid

import pytest
from django.db import connection

from arpenteur.workshops.models import DotAllocation, Participant, Score
from arpenteur.workshops.services import (
    VoteError,
    cast_ballot,
    cast_dots,
    cast_scores,
    new_paper_participant,
    participant_for_token,
    session_results,
    set_session_items,
    set_session_status,
)

from ..factories import ResidencyFactory
from .factories import session_with_items

pytestmark = pytest.mark.django_db


@pytest.fixture
def session():
    return session_with_items(ResidencyFactory())


def _items(session):
    return list(session.items.values_list("pk", flat=True))


def test_casting_twice_with_the_same_token_leaves_one_ballot(session):
    a, b, _c = _items(session)
    token = uuid.uuid4()
    for _ in range(2):
        participant = participant_for_token(session=session, token=token)
        cast_dots(participant=participant, session=session, allocations={a: 3, b: 2})
    assert Participant.objects.filter(session=session).count() == 1
    results = session_results(session)
    assert [r.dots for r in results.items] == [3, 2, 0]
    assert results.participants == 1 and results.dots_cast == 5


def test_a_new_ballot_replaces_the_previous_one(session):
    a, b, c = _items(session)
    participant = participant_for_token(session=session, token=None)
    cast_dots(participant=participant, session=session, allocations={a: 3, b: 2})
    cast_dots(participant=participant, session=session, allocations={c: 1, a: 0})
    assert dict(DotAllocation.objects.values_list("item_id", "dots")) == {c: 1}


@pytest.mark.parametrize(
    ("allocation", "message"),
    [
        ({0: 3, 1: 3}, "6 gommettes, pour 5 disponibles"),
        ({0: 4}, "au plus 3 gommettes"),
        ({0: -1}, "au plus 3 gommettes"),
        ({0: "beaucoup"}, "nombre entier"),
    ],
)
def test_bad_ballots_are_refused_with_a_french_message_and_nothing_changes(session, allocation, message):
    ids = _items(session)
    participant = participant_for_token(session=session, token=None)
    cast_dots(participant=participant, session=session, allocations={ids[2]: 1})
    with pytest.raises(VoteError) as error:
        cast_dots(
            participant=participant,
            session=session,
            allocations={ids[index]: value for index, value in allocation.items()},
        )
    assert message in " ".join(error.value.messages)
    assert dict(DotAllocation.objects.values_list("item_id", "dots")) == {ids[2]: 1}


def test_an_item_of_another_session_is_refused(session):
    other = session_with_items(session.residency, items=["Autre"])
    participant = participant_for_token(session=session, token=None)
    with pytest.raises(VoteError, match="pas soumis au vote"):
        cast_dots(participant=participant, session=session, allocations={_items(other)[0]: 1})


def test_a_token_of_another_session_never_speaks_for_it(session):
    other = session_with_items(session.residency)
    stranger = participant_for_token(session=other, token=None)
    mine = participant_for_token(session=session, token=stranger.token)
    assert mine.pk != stranger.pk and mine.session == session
    with pytest.raises(VoteError, match="autre séance"):
        cast_dots(participant=stranger, session=session, allocations={})


def test_no_phone_vote_outside_an_open_session_but_paper_ballots_after_closing(session):
    a = _items(session)[0]
    participant = participant_for_token(session=session, token=None)
    set_session_status(session=session, status="clos")
    with pytest.raises(VoteError, match="pas ouvert"):
        cast_dots(participant=participant, session=session, allocations={a: 1})
    paper = new_paper_participant(session=session, label="Bulletin 1", entered_by=None)
    cast_ballot(participant=paper, session=session, allocations={a: 2}, scores={a: 5}, by_team=True)
    assert session_results(session).items[0].dots == 2
    set_session_status(session=session, status="preparation")
    with pytest.raises(VoteError):
        cast_dots(participant=paper, session=session, allocations={a: 1}, by_team=True)


def test_scores_average_and_a_bad_score_keeps_the_dots(session):
    a, b, _c = _items(session)
    for value in (4, 5):
        participant = participant_for_token(session=session, token=None)
        cast_ballot(participant=participant, session=session, allocations={a: 1}, scores={a: value, b: 1})
    results = {r.item_id: r for r in session_results(session).items}
    assert results[a].mean_score == 4.5 and results[a].scorers == 2 and results[b].mean_score == 1
    participant = participant_for_token(session=session, token=None)
    with pytest.raises(VoteError, match="de 1 à 5"):
        cast_ballot(participant=participant, session=session, allocations={b: 2}, scores={a: 6})
    assert not DotAllocation.objects.filter(participant=participant).exists()
    assert not Score.objects.filter(participant=participant).exists()


def test_items_are_frozen_once_someone_voted(session):
    participant = participant_for_token(session=session, token=None)
    cast_dots(participant=participant, session=session, allocations={_items(session)[0]: 1})
    with pytest.raises(Exception, match="déjà voté"):
        set_session_items(session=session, items=[("Nouveau", None)])


def test_opening_needs_items(cast):
    from .factories import PrioritisationSessionFactory

    empty = PrioritisationSessionFactory(residency=cast.residency)
    with pytest.raises(Exception, match="au moins un enjeu"):
        set_session_status(session=empty, status="ouvert")


def test_scores_refused_when_the_session_has_none():
    session = session_with_items(ResidencyFactory(), with_scores=False)
    participant = participant_for_token(session=session, token=None)
    with pytest.raises(VoteError):
        cast_scores(participant=participant, session=session, scores={})


@pytest.mark.django_db(transaction=True)
def test_concurrent_submits_of_one_phone_and_of_many_phones():
    """Twelve threads: the same phone submitting four times at once ends with one ballot; eight
    other phones each count once. (SQLite's in-memory test database locks whole tables across
    connections, unlike a real WAL file: there the benchmark measures concurrency instead.)"""
    if connection.vendor == "sqlite":
        pytest.skip("in-memory SQLite test database: see bench/bench_roadmap.py for SQLite concurrency")
    session = session_with_items(ResidencyFactory())
    a, b, _c = _items(session)
    shared = uuid.uuid4()
    tokens = [shared] * 4 + [uuid.uuid4() for _ in range(8)]
    errors = []

    def vote(token):
        try:
            participant = participant_for_token(session=session, token=token)
            cast_ballot(participant=participant, session=session, allocations={a: 2, b: 1}, scores={a: 5})
        except Exception as error:  # noqa: BLE001 — collected and asserted below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=vote, args=(t,)) for t in tokens]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    results = session_results(session)
    assert results.participants == 9
    assert {r.item_id: r.dots for r in results.items}[a] == 18
