"""Factories of the programmes app; traits read like scenarios (an open call, a closed one…)."""

from datetime import timedelta

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from arpenteur.programmes.models import (
    Application,
    Call,
    CallQuestion,
    Edition,
    NewsPost,
    PortfolioEntry,
    Programme,
    SelectionCriterion,
)

from ..factories import CommuneFactory, OrganisationFactory


class ProgrammeFactory(DjangoModelFactory):
    class Meta:
        model = Programme

    operator = factory.SubFactory(OrganisationFactory, kind="region")
    name = factory.Sequence(lambda n: f"Programme {n}")
    slug = factory.Sequence(lambda n: f"programme-{n}")
    summary = "Des résidences pour redynamiser les centres-bourgs."
    is_published = True


class EditionFactory(DjangoModelFactory):
    class Meta:
        model = Edition

    programme = factory.SubFactory(ProgrammeFactory)
    year = 2026
    title = factory.Sequence(lambda n: f"Édition {n}")


class CallFactory(DjangoModelFactory):
    """An open, published call by default; `closed=True` for one whose deadline has passed."""

    class Meta:
        model = Call
        skip_postgeneration_save = True

    programme = factory.SubFactory(ProgrammeFactory)
    title = factory.Sequence(lambda n: f"Appel à candidatures {n}")
    eligibility = "Communes de moins de 20 000 habitants et leurs EPCI."
    opens_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=10))
    closes_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=20))
    is_published = True

    class Params:
        closed = factory.Trait(
            opens_at=factory.LazyFunction(lambda: timezone.now() - timedelta(days=40)),
            closes_at=factory.LazyFunction(lambda: timezone.now() - timedelta(days=1)),
        )

    @factory.post_generation
    def with_grid(self, create, extracted, **kwargs):
        if not create or extracted is False:
            return
        CallQuestion.objects.create(call=self, position=1, text="Pourquoi une résidence maintenant ?")
        CallQuestion.objects.create(
            call=self, position=2, text="Quels lieux voulez-vous montrer ?", required=False
        )
        for position, (label, weight) in enumerate(
            [("Pertinence du projet", 40), ("Portage politique", 35), ("Capacité à mobiliser", 25)], start=1
        ):
            SelectionCriterion.objects.create(call=self, position=position, label=label, weight=weight)


class ApplicationFactory(DjangoModelFactory):
    class Meta:
        model = Application

    call = factory.SubFactory(CallFactory)
    applicant = factory.SubFactory(OrganisationFactory, kind="commune")
    commune = factory.SubFactory(CommuneFactory)
    project_title = "Redonner vie à la place du marché"
    summary = "La place se vide ; nous voulons comprendre pourquoi avec les habitants."
    contact_name = "Maire de la commune"
    contact_email = "mairie@example.org"

    class Params:
        submitted = factory.Trait(
            status=Application.Status.SUBMITTED,
            submitted_at=factory.LazyFunction(timezone.now),
            receipt_number="TEST-0001",
        )


class PortfolioEntryFactory(DjangoModelFactory):
    class Meta:
        model = PortfolioEntry

    programme = factory.SubFactory(ProgrammeFactory)
    residency = None
    budget = 20000
    listed_publicly = True


class NewsPostFactory(DjangoModelFactory):
    class Meta:
        model = NewsPost

    programme = factory.SubFactory(ProgrammeFactory)
    title = factory.Sequence(lambda n: f"Actualité {n}")
    slug = factory.Sequence(lambda n: f"actualite-{n}")
    body = "La résidence s’achève."
    is_published = True
