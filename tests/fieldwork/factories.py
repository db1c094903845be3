"""Factories for fieldwork. Traits read like scenarios: a quote from an inhabitant who agreed to
publication, a photo of a person who did not…"""

from datetime import UTC, date, datetime, time

import factory
from factory.django import DjangoModelFactory

from arpenteur.fieldwork.models import Activity, Consent, Material, MaterialStakeholder, Method, Stakeholder
from tests.factories import ResidencyFactory, SessionFactory


class MethodFactory(DjangoModelFactory):
    class Meta:
        model = Method

    slug = factory.Sequence(lambda n: f"methode-{n}")
    name = factory.Sequence(lambda n: f"Méthode {n}")
    duration_minutes = 90


class ActivityFactory(DjangoModelFactory):
    class Meta:
        model = Activity

    session = factory.SubFactory(SessionFactory)
    method = factory.LazyFunction(lambda: Method.objects.get(slug="balade-urbaine", residency=None))
    title = factory.Sequence(lambda n: f"Activité {n}")
    day = factory.LazyAttribute(lambda o: o.session.start_date)
    start_time = time(9, 30)
    end_time = time(12, 0)
    place = "Place du Château"
    latitude = 49.9325
    longitude = 2.9336


class StakeholderFactory(DjangoModelFactory):
    class Meta:
        model = Stakeholder

    residency = factory.SubFactory(ResidencyFactory)
    name = factory.Sequence(lambda n: f"Acteur {n}")
    category = Stakeholder.Category.INHABITANT
    influence = 2
    interest = 4


class ConsentFactory(DjangoModelFactory):
    class Meta:
        model = Consent

    stakeholder = factory.SubFactory(StakeholderFactory)
    medium = Consent.Medium.TEXT
    purpose = Consent.Purpose.PUBLICATION
    granted = True
    given_on = date(2026, 9, 12)
    source = Consent.Source.SIGNED_FORM


class MaterialFactory(DjangoModelFactory):
    class Meta:
        model = Material
        skip_postgeneration_save = True

    residency = factory.SubFactory(ResidencyFactory)
    kind = Material.Kind.NOTE
    title = factory.Sequence(lambda n: f"Note {n}")
    body = "Les collégiens traversent le parking de la Porte de Bretagne pour rejoindre la gare routière."
    captured_at = datetime(2026, 9, 12, 10, 30, tzinfo=UTC)
    latitude = 49.9318
    longitude = 2.9340
    position_source = Material.PositionSource.DEVICE

    @factory.post_generation
    def speakers(self, create, extracted, **kwargs):
        for stakeholder in extracted or []:
            MaterialStakeholder.objects.create(material=self, stakeholder=stakeholder)


def all_consents(stakeholder, purposes=None, media=None):
    """Give an actor every consent (or those named)."""
    for purpose in purposes or Consent.Purpose.values:
        for medium in media or Consent.Medium.values:
            ConsentFactory(stakeholder=stakeholder, medium=medium, purpose=purpose)
    return stakeholder
