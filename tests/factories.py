"""Factories for the core models. Traits read like scenarios; apps add their own factories in
tests/<app>/factories.py."""

from datetime import date, timedelta

import factory
from factory.django import DjangoModelFactory

from arpenteur.accounts.models import Organisation, OrganisationMembership, User
from arpenteur.residencies.models import FormatTemplate, Party, Residency, ResidencyMembership, Session
from arpenteur.residencies.services import create_residency
from arpenteur.territories.models import Commune, Departement, Region, fold

COG_YEAR = 2024


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ["email"]

    email = factory.Sequence(lambda n: f"personne{n}@example.org")
    full_name = factory.Faker("name", locale="fr_FR")
    password = factory.django.Password("un-mot-de-passe-solide")


class OrganisationFactory(DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Organisation {n}")
    kind = Organisation.Kind.COMMUNE


class OrganisationMembershipFactory(DjangoModelFactory):
    class Meta:
        model = OrganisationMembership

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = OrganisationMembership.Role.MEMBER


class RegionFactory(DjangoModelFactory):
    class Meta:
        model = Region
        django_get_or_create = ["code", "cog_year"]

    code = "32"
    cog_year = COG_YEAR
    name = "Hauts-de-France"


class DepartementFactory(DjangoModelFactory):
    class Meta:
        model = Departement
        django_get_or_create = ["code", "cog_year"]

    code = "80"
    cog_year = COG_YEAR
    name = "Somme"
    region = factory.SubFactory(RegionFactory)


class CommuneFactory(DjangoModelFactory):
    class Meta:
        model = Commune
        django_get_or_create = ["code", "kind", "cog_year"]

    code = factory.Sequence(lambda n: f"80{n % 1000:03d}")
    cog_year = COG_YEAR
    kind = Commune.Kind.COMMUNE
    name = factory.Sequence(lambda n: f"Commune {n}")
    search_name = factory.LazyAttribute(lambda o: fold(o.name))
    departement = factory.SubFactory(DepartementFactory)
    region = factory.LazyAttribute(lambda o: o.departement.region)
    population = 7000
    latitude = 49.93
    longitude = 2.93

    class Params:
        peronne = factory.Trait(code="80620", name="Péronne", population=7291)


class ResidencyFactory(DjangoModelFactory):
    """A residency created the way users create one (phases and format sessions included)."""

    class Meta:
        model = Residency

    title = factory.Sequence(lambda n: f"Résidence {n}")
    commune = factory.SubFactory(CommuneFactory)
    start_date = date(2026, 9, 1)
    end_date = factory.LazyAttribute(lambda o: o.start_date + timedelta(days=90))
    format = factory.LazyFunction(lambda: FormatTemplate.objects.get(slug="residence-3-temps"))
    created_by = None

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        extra = {
            k: kwargs.pop(k)
            for k in list(kwargs)
            if k
            not in {
                "title",
                "commune",
                "start_date",
                "end_date",
                "format",
                "created_by",
                "question",
                "is_demo",
                "creator_role",
            }
        }
        residency = create_residency(**kwargs)
        if extra:
            for key, value in extra.items():
                setattr(residency, key, value)
            residency.save()
        return residency


class ResidencyMembershipFactory(DjangoModelFactory):
    class Meta:
        model = ResidencyMembership

    residency = factory.SubFactory(ResidencyFactory)
    user = factory.SubFactory(UserFactory)
    role = ResidencyMembership.Role.TEAM_MEMBER


class SessionFactory(DjangoModelFactory):
    class Meta:
        model = Session

    residency = factory.SubFactory(ResidencyFactory)
    title = factory.Sequence(lambda n: f"Temps sur site {n}")
    start_date = factory.LazyAttribute(lambda o: o.residency.start_date + timedelta(days=10))
    end_date = factory.LazyAttribute(lambda o: o.start_date + timedelta(days=2))


class PartyFactory(DjangoModelFactory):
    class Meta:
        model = Party

    residency = factory.SubFactory(ResidencyFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = Party.Role.CLIENT
