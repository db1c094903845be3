import pytest

from arpenteur.publications.models import Licence, Publication
from arpenteur.publications.services import PublicationError, choose_licence, set_publication_opt_in

pytestmark = pytest.mark.django_db


def test_publishing_needs_both_the_commissioner_and_the_coordinator(cast):
    r = cast.residency
    publication = set_publication_opt_in(residency=r, user=cast.commissioner, opt_in=True)
    assert not publication.is_published
    r.refresh_from_db()
    assert not r.is_public
    publication = set_publication_opt_in(residency=r, user=cast.coordinator, opt_in=True)
    assert publication.is_published and publication.published_at
    r.refresh_from_db()
    assert r.is_public
    assert list(Publication.objects.published()) == [publication]


def test_either_one_withdrawing_unpublishes_at_once(cast):
    r = cast.residency
    set_publication_opt_in(residency=r, user=cast.commissioner, opt_in=True)
    set_publication_opt_in(residency=r, user=cast.coordinator, opt_in=True)
    publication = set_publication_opt_in(residency=r, user=cast.commissioner, opt_in=False)
    assert not publication.is_published and publication.published_at is None
    r.refresh_from_db()
    assert not r.is_public


@pytest.mark.parametrize("persona", ["team_member", "partner", "operator", "outsider", "staff"])
def test_nobody_else_decides_for_them(cast, persona):
    with pytest.raises(PublicationError):
        set_publication_opt_in(residency=cast.residency, user=cast.user(persona), opt_in=True)


def test_the_licence_is_frozen_once_published(cast):
    r = cast.residency
    assert choose_licence(residency=r, licence=Licence.LO_2).licence == Licence.LO_2
    set_publication_opt_in(residency=r, user=cast.commissioner, opt_in=True)
    set_publication_opt_in(residency=r, user=cast.coordinator, opt_in=True)
    with pytest.raises(PublicationError):
        choose_licence(residency=r, licence=Licence.CC_BY)
    with pytest.raises(PublicationError):
        choose_licence(residency=r, licence="GPL")
