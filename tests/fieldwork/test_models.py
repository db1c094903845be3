"""The privacy policy of field material: visibility never exceeds consents."""

from datetime import date, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from arpenteur.fieldwork.models import Consent, Material, Method, Stakeholder, Visibility

from .factories import ConsentFactory, MaterialFactory, StakeholderFactory, all_consents

pytestmark = pytest.mark.django_db


def test_methods_catalogue_is_seeded():
    names = set(Method.objects.filter(residency=None).values_list("slug", flat=True))
    assert {"balade-urbaine", "world-cafe", "porteur-de-parole", "decision-par-consentement"} <= names
    world_cafe = Method.objects.get(slug="world-cafe")
    assert world_cafe.output and world_cafe.purpose and world_cafe.material


def test_material_without_actor_follows_its_visibility(cast):
    public = MaterialFactory(residency=cast.residency, visibility=Visibility.PUBLIC)
    team = MaterialFactory(residency=cast.residency, visibility=Visibility.TEAM)
    assert list(Material.objects.publishable()) == [public]
    assert public.is_publishable() and not team.is_publishable()


def test_quote_needs_text_publication_consent(cast):
    inhabitant = StakeholderFactory(residency=cast.residency)
    quote = MaterialFactory(
        residency=cast.residency,
        kind=Material.Kind.QUOTE,
        visibility=Visibility.PUBLIC,
        speakers=[inhabitant],
    )
    assert not Material.objects.publishable().exists()
    assert not quote.is_publishable()
    assert quote.effective_visibility() == Visibility.TEAM
    ConsentFactory(stakeholder=inhabitant, medium=Consent.Medium.TEXT, purpose=Consent.Purpose.INTERNAL)
    assert Material.objects.shareable_with_partners().get() == quote
    assert quote.effective_visibility() == Visibility.PARTNERS
    consent = ConsentFactory(stakeholder=inhabitant, medium=Consent.Medium.TEXT)
    assert Material.objects.publishable().get() == quote
    assert Material.objects.get().is_publishable()
    consent.withdrawn_on = date.today() - timedelta(days=1)
    consent.save()
    assert not Material.objects.publishable().exists()


def test_photo_needs_image_consent_even_with_text_consent(cast):
    person = StakeholderFactory(residency=cast.residency)
    ConsentFactory(stakeholder=person, medium=Consent.Medium.TEXT)
    photo = MaterialFactory(
        residency=cast.residency, kind=Material.Kind.PHOTO, visibility=Visibility.PUBLIC, speakers=[person]
    )
    assert not photo.is_publishable()
    ConsentFactory(stakeholder=person, medium=Consent.Medium.PHOTO)
    assert Material.objects.get(pk=photo.pk).is_publishable()
    assert Material.objects.publishable().count() == 1


def test_pending_contribution_is_not_public(cast):
    MaterialFactory(
        residency=cast.residency,
        visibility=Visibility.PUBLIC,
        origin=Material.Origin.CONTRIBUTION,
        moderation=Material.Moderation.PENDING,
    )
    assert not Material.objects.publishable().exists()


def test_visible_to_each_persona(cast):
    person = all_consents(StakeholderFactory(residency=cast.residency), purposes=[Consent.Purpose.INTERNAL])
    team = MaterialFactory(residency=cast.residency, visibility=Visibility.TEAM)
    partners = MaterialFactory(residency=cast.residency, visibility=Visibility.PARTNERS, speakers=[person])
    public = MaterialFactory(residency=cast.residency, visibility=Visibility.PUBLIC)
    seen = {
        persona: set(Material.objects.visible_to(cast.user(persona) or _anon(), cast.residency))
        for persona in [
            "anonymous",
            "outsider",
            "operator",
            "partner",
            "team_member",
            "commissioner",
            "staff",
        ]
    }
    assert seen["team_member"] == seen["commissioner"] == seen["staff"] == {team, partners, public}
    assert seen["partner"] == seen["operator"] == {partners, public}
    assert seen["outsider"] == seen["anonymous"] == {public}


def _anon():
    from django.contrib.auth.models import AnonymousUser

    return AnonymousUser()


MEDIA = Consent.Medium.values
PURPOSES = Consent.Purpose.values


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    kind=st.sampled_from(Material.Kind.values),
    visibility=st.sampled_from(Visibility.values),
    moderation=st.sampled_from(Material.Moderation.values),
    with_text=st.booleans(),
    actors=st.lists(
        st.sets(st.tuples(st.sampled_from(MEDIA), st.sampled_from(PURPOSES), st.booleans(), st.booleans())),
        max_size=3,
    ),
)
def test_random_visibility_and_consents_never_leak(cast, kind, visibility, moderation, with_text, actors):
    """Queryset and instance agree, and a public item always has every consent it needs."""
    Material.objects.all().delete()
    Stakeholder.objects.all().delete()
    people = []
    for consents in actors:
        person = StakeholderFactory(residency=cast.residency)
        seen = set()
        for medium, purpose, granted, withdrawn in consents:
            if (medium, purpose) in seen:
                continue
            seen.add((medium, purpose))
            ConsentFactory(
                stakeholder=person,
                medium=medium,
                purpose=purpose,
                granted=granted,
                withdrawn_on=date.today() if withdrawn else None,
            )
        people.append(person)
    material = MaterialFactory(
        residency=cast.residency,
        kind=kind,
        visibility=visibility,
        moderation=moderation,
        title="",
        body="Des mots" if with_text else "",
        file="fieldwork/x.bin" if kind in Material.FILE_KINDS else "",
        speakers=people,
    )
    material = Material.objects.prefetch_related("stakeholders__consents").get(pk=material.pk)
    in_queryset = Material.objects.publishable().filter(pk=material.pk).exists()
    assert in_queryset == material.is_publishable()
    if in_queryset:
        assert visibility == Visibility.PUBLIC and moderation == Material.Moderation.APPROVED
        for person in people:
            for medium in material.media_used():
                assert Consent.objects.filter(
                    Consent.current_q(), stakeholder=person, medium=medium, purpose="publication"
                ).exists()
    partners = Material.objects.shareable_with_partners().filter(pk=material.pk).exists()
    assert partners == (
        moderation == Material.Moderation.APPROVED
        and visibility != Visibility.TEAM
        and material.consented_for(Consent.Purpose.INTERNAL)
    )
